// Types for the part of bittorrent-tracker's server (which ships none) that server.js uses.

declare module 'bittorrent-tracker/server' {
  import type { EventEmitter } from 'node:events';
  import type { WebSocketServer } from 'ws';

  interface TrackerServerOptions {
    http?: boolean | object;
    udp?: boolean | object;
    ws?: boolean | { noServer?: boolean };
    stats?: boolean;
    /** Announce interval in ms; WebSocket clients are told a fifth of it. */
    interval?: number;
    trustProxy?: boolean;
  }

  export default class TrackerServer extends EventEmitter {
    constructor(opts?: TrackerServerOptions);
    readonly ws: WebSocketServer;
    close(cb?: (err?: Error | null) => void): void;
  }
}

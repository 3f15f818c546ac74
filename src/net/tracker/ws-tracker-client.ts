// WebSocket tracker client for every torrent of the app: one shared socket per tracker URL (like
// bittorrent-tracker's socketPool), so a dead tracker only ever delays itself. Main thread.

import { realmTimers, type Timers } from '../timers.ts';
import { toHex } from '../../engine/bytes.ts';
import type { Signaling } from '../signaling.ts';
import { DEFAULT_BACKOFF } from './announce-schedule.ts';
import type { BackoffOptions, ScheduleOptions } from './announce-schedule.ts';
import { TrackerSocket } from './tracker-socket.ts';
import type { SocketContext } from './tracker-socket.ts';
import type { TrackedTorrent, TrackerStatus, WebSocketConstructor } from './tracker-types.ts';

export type { TrackedTorrent, TrackerState, TrackerStatus, WebSocketConstructor, WebSocketLike } from './tracker-types.ts';

export interface TrackerClientOptions {
  /** Our 20-byte peer id, the same one the wire handshake carries. */
  readonly peerId: Uint8Array;
  readonly signaling: Signaling;
  /** Defaults to globalThis.WebSocket; Node tests pass the `ws` package's class. */
  readonly WebSocketImpl?: WebSocketConstructor;
  /** A tracker that has not opened by then counts as failed, so it never holds anything up. */
  readonly connectTimeoutMs?: number;
  /** bittorrent-tracker's client sends at most 5, WebTorrent's server relays up to 82; 10 is our middle. */
  readonly maxOffersPerAnnounce?: number;
  readonly schedule?: Partial<ScheduleOptions>;
  readonly backoff?: BackoffOptions;
  /** Epoch milliseconds; injectable for tests. */
  readonly now?: () => number;
  /** Timers for announces, reconnects and connect timeouts; the realm's own by default (net/timers.ts). */
  readonly timers?: Timers;
  readonly random?: () => number;
  /** Every socket error, refused message and tracker warning, for logs. Never thrown at the UI. */
  readonly onWarning?: (url: string, message: string) => void;
  /** A tracker answered about a torrent: its `status()` may read differently now (the UI shows swarm counts). */
  readonly onReport?: (infoHashHex: string) => void;
}

export const DEFAULT_CONNECT_TIMEOUT_MS = 10_000;
export const DEFAULT_MAX_OFFERS = 10;

interface TorrentEntry {
  readonly torrent: TrackedTorrent;
  urls: readonly string[];
}

export class WsTrackerClient {
  private readonly ctx: SocketContext;
  private readonly sockets = new Map<string, TrackerSocket>();
  private readonly torrents = new Map<string, TorrentEntry>();
  private destroyed = false;

  constructor(opts: TrackerClientOptions) {
    if (opts.peerId.length !== 20) throw new RangeError(`peerId must be 20 bytes, got ${opts.peerId.length}`);
    const WebSocketImpl = opts.WebSocketImpl ?? (globalThis as { WebSocket?: WebSocketConstructor }).WebSocket;
    if (!WebSocketImpl) throw new Error('No WebSocket implementation: pass WebSocketImpl');
    const warn = opts.onWarning ?? (() => {});
    this.ctx = {
      peerId: opts.peerId,
      peerIdHex: toHex(opts.peerId),
      signaling: opts.signaling,
      WebSocketImpl,
      connectTimeoutMs: opts.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS,
      maxOffersPerAnnounce: opts.maxOffersPerAnnounce ?? DEFAULT_MAX_OFFERS,
      schedule: opts.schedule ?? {},
      backoff: opts.backoff ?? DEFAULT_BACKOFF,
      now: opts.now ?? Date.now,
      timers: opts.timers ?? realmTimers,
      random: opts.random ?? Math.random,
      warn,
      reported: opts.onReport ?? (() => {}),
    };
  }

  /** Starts announcing a torrent to `urls`. Adding a known torrent again only replaces its tracker list. */
  add(torrent: TrackedTorrent, urls: readonly string[]): void {
    if (this.destroyed) return;
    const infoHashHex = toHex(torrent.infoHash);
    const entry = this.torrents.get(infoHashHex);
    if (entry) {
      this.setTrackers(infoHashHex, urls);
      return;
    }
    this.torrents.set(infoHashHex, { torrent, urls: [] });
    this.setTrackers(infoHashHex, urls);
  }

  /** Replaces a torrent's tracker list: `stopped` to the ones dropped, `started` to the new ones. */
  setTrackers(infoHashHex: string, urls: readonly string[]): void {
    const entry = this.torrents.get(infoHashHex);
    if (!entry || this.destroyed) return;
    const next = normalizeTrackerUrls(urls);
    for (const url of entry.urls) if (!next.includes(url)) this.leave(url, infoHashHex);
    // The first tracker of the list (the likeliest to work) may make offers while it connects; the others wait.
    let early = true;
    for (const url of next) {
      if (entry.urls.includes(url)) continue;
      let socket = this.sockets.get(url);
      if (!socket) {
        socket = new TrackerSocket(url, this.ctx);
        this.sockets.set(url, socket);
      }
      socket.join(entry.torrent, early);
      early = false;
    }
    entry.urls = next;
  }

  /**
   * Opens the sockets of trackers the next torrents will likely use (the user's default list) now, so that a
   * torrent added later announces at once instead of after a WebSocket handshake. They stay open.
   */
  preconnect(urls: readonly string[]): void {
    if (this.destroyed) return;
    for (const url of normalizeTrackerUrls(urls)) {
      let socket = this.sockets.get(url);
      if (!socket) {
        socket = new TrackerSocket(url, this.ctx);
        this.sockets.set(url, socket);
      }
      socket.preconnect();
    }
  }

  /** Stops announcing a torrent (sends `stopped` where the tracker has it listed). */
  remove(infoHashHex: string): void {
    const entry = this.torrents.get(infoHashHex);
    if (!entry) return;
    for (const url of entry.urls) this.leave(url, infoHashHex);
    this.torrents.delete(infoHashHex);
  }

  /** The download finished: `completed` goes out once to each tracker that saw us leeching. */
  completed(infoHashHex: string): void {
    for (const url of this.torrents.get(infoHashHex)?.urls ?? []) this.sockets.get(url)?.completed(infoHashHex);
  }

  /** The torrent's wish for peers may have grown (a peer left): re-plan its announces now. */
  wantPeers(infoHashHex: string): void {
    for (const url of this.torrents.get(infoHashHex)?.urls ?? []) this.sockets.get(url)?.poke();
  }

  /** Force reannounce: every tracker of the torrent announces now (or reconnects now when down). */
  reannounce(infoHashHex: string): void {
    for (const url of this.torrents.get(infoHashHex)?.urls ?? []) this.sockets.get(url)?.reannounce(infoHashHex);
  }

  /** Reconnects every tracker now waiting out a backoff, e.g. on the window's `online` event. */
  retryNow(): void {
    for (const socket of this.sockets.values()) socket.retryNow();
  }

  status(infoHashHex: string): TrackerStatus[] {
    const out: TrackerStatus[] = [];
    for (const url of this.torrents.get(infoHashHex)?.urls ?? []) {
      const s = this.sockets.get(url)?.status(infoHashHex);
      if (s) out.push(s);
    }
    return out;
  }

  /** Sends `stopped` for every torrent, then closes every socket. */
  destroy(): void {
    for (const infoHashHex of [...this.torrents.keys()]) this.remove(infoHashHex);
    for (const socket of this.sockets.values()) socket.close();
    this.sockets.clear();
    this.destroyed = true;
  }

  private leave(url: string, infoHashHex: string): void {
    const socket = this.sockets.get(url);
    if (!socket) return;
    socket.leave(infoHashHex);
    if (socket.size === 0 && !socket.kept) this.sockets.delete(url);
  }
}

/** Trims, drops a trailing slash (as bittorrent-tracker does, so `x/announce/` and `x/announce` share a socket), dedupes. */
export function normalizeTrackerUrls(urls: readonly string[]): string[] {
  const out: string[] = [];
  for (const raw of urls) {
    let url = raw.trim();
    if (url.endsWith('/')) url = url.slice(0, -1);
    if (url && !out.includes(url)) out.push(url);
  }
  return out;
}

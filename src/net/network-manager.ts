// The app's one entry to the network: WebSocket trackers plus WebRTC connections, handing each data channel to
// the app (which transfers it to the engine worker). Main thread.

import { toHex } from '../engine/bytes.ts';
import type { Timers } from './timers.ts';
import { WsTrackerClient } from './tracker/ws-tracker-client.ts';
import type { TrackerClientOptions, TrackerStatus, WebSocketConstructor } from './tracker/ws-tracker-client.ts';
import { WebRtcConnector } from './webrtc/connector.ts';
import type { ChannelEvent, ConnectorLimits, ConnectorOptions } from './webrtc/connector.ts';
import type { BudgetStatus } from './webrtc/connection-budget.ts';

export type { ChannelEvent } from './webrtc/connector.ts';
export type { BudgetStatus } from './webrtc/connection-budget.ts';
export type { TrackerState, TrackerStatus } from './tracker/ws-tracker-client.ts';
export type { TrackerProblem } from './tracker/tracker-types.ts';

export interface NetworkManagerOptions {
  /** 20 bytes; the same id the engine puts in its handshakes. */
  readonly peerId: Uint8Array;
  readonly rtcConfig?: RTCConfiguration;
  readonly WebSocketImpl?: WebSocketConstructor;
  /** Called synchronously for every new channel: transfer it to the worker (or start a pump) before returning. */
  readonly onChannel: (ev: ChannelEvent) => void;
  readonly onWarning?: (message: string) => void;
  /** A tracker answered about a torrent: `trackerStatus(infoHashHex)` may read differently now. */
  readonly onTrackerReport?: (infoHashHex: string) => void;
  readonly limits?: Partial<ConnectorLimits>;
  /** Tracker client tuning (timeouts, schedule); rarely needed outside tests. */
  readonly tracker?: Pick<TrackerClientOptions, 'connectTimeoutMs' | 'maxOffersPerAnnounce' | 'schedule' | 'backoff'>;
  /** WebRTC tuning, in milliseconds. */
  readonly webrtc?: { iceGatheringTimeoutMs?: number; offerTtlMs?: number; connectTimeoutMs?: number };
  /** Timers that keep time in a hidden page (net/timers.ts WorkerTimers); the realm's own by default. */
  readonly timers?: Timers;
  /** Offers made ahead of time for the next torrent's first announce, with where their channels go (connector.ts). */
  readonly offerPool?: Pick<ConnectorOptions, 'onParked' | 'onBound'> & { readonly size: number };
}

export interface NetworkTorrent {
  readonly infoHash: Uint8Array;
  readonly trackers: readonly string[];
  /** `left` is null while unknown (a magnet still fetching metadata). */
  stats(): { uploaded: number; downloaded: number; left: number | null };
  /** How many more peers the engine would take now. */
  peersWanted(): number;
}

export class NetworkManager {
  private readonly connector: WebRtcConnector;
  private readonly trackers: WsTrackerClient;
  /** Torrents looking for peers: they share the connection budget. */
  private readonly torrents = new Set<string>();

  constructor(opts: NetworkManagerOptions) {
    const warn = opts.onWarning ?? (() => {});
    this.connector = new WebRtcConnector({
      peerIdHex: toHex(opts.peerId),
      onChannel: opts.onChannel,
      onPeerGone: (infoHashHex) => this.trackers.wantPeers(infoHashHex),
      onWarning: warn,
      torrentCount: () => Math.max(1, this.torrents.size),
      ...(opts.rtcConfig && { rtcConfig: opts.rtcConfig }),
      ...(opts.limits && { limits: opts.limits }),
      ...(opts.timers && { timers: opts.timers }),
      ...opts.webrtc,
      ...(opts.offerPool && { offerPool: opts.offerPool.size, onParked: opts.offerPool.onParked, onBound: opts.offerPool.onBound }),
    });
    this.trackers = new WsTrackerClient({
      peerId: opts.peerId,
      signaling: this.connector,
      onWarning: (url, message) => warn(`${url}: ${message}`),
      ...(opts.onTrackerReport && { onReport: opts.onTrackerReport }),
      ...(opts.WebSocketImpl && { WebSocketImpl: opts.WebSocketImpl }),
      ...(opts.timers && { timers: opts.timers }),
      ...opts.tracker,
    });
  }

  /** Starts finding peers for a torrent. Offers per announce: min(peersWanted, 10, what the limits allow). */
  addTorrent(t: NetworkTorrent): void {
    const infoHashHex = toHex(t.infoHash);
    this.torrents.add(infoHashHex);
    this.trackers.add(
      {
        infoHash: t.infoHash,
        stats: () => t.stats(),
        peersWanted: () => Math.min(t.peersWanted(), this.connector.room(infoHashHex)),
        peersConnected: () => this.connector.peerCount(infoHashHex),
      },
      t.trackers,
    );
  }

  /** Opens the sockets of trackers the next torrents will likely use (the user's list) before any torrent needs them. */
  preconnectTrackers(urls: readonly string[]): void {
    this.trackers.preconnect(urls);
  }

  /** Sends `stopped` to its trackers and closes its connections. */
  removeTorrent(infoHashHex: string): void {
    this.torrents.delete(infoHashHex);
    this.trackers.remove(infoHashHex);
    this.connector.removeTorrent(infoHashHex);
  }

  setTrackers(infoHashHex: string, urls: readonly string[]): void {
    this.trackers.setTrackers(infoHashHex, urls);
  }

  /** The download finished: announce `completed` once. */
  completed(infoHashHex: string): void {
    this.trackers.completed(infoHashHex);
  }

  /** The engine dropped the peer on this channel: close its RTCPeerConnection (and maybe look for another). */
  channelClosed(channelId: number): void {
    this.connector.channelClosed(channelId);
  }

  /** The engine's wish for peers grew (e.g. it resumed): re-plan announces now rather than at the next timer. */
  wantPeers(infoHashHex: string): void {
    this.trackers.wantPeers(infoHashHex);
  }

  /** The network came back (window `online` event): reconnect trackers now instead of after their backoff. */
  retryTrackers(): void {
    this.trackers.retryNow();
  }

  /** Force reannounce (the user asked): announce to every tracker of the torrent now. */
  reannounce(infoHashHex: string): void {
    this.trackers.reannounce(infoHashHex);
  }

  trackerStatus(infoHashHex: string): TrackerStatus[] {
    return this.trackers.status(infoHashHex);
  }

  /** Connections past the offer stage (answered or connected). */
  peerCount(infoHashHex: string): number {
    return this.connector.peerCount(infoHashHex);
  }

  /** The page's connection budget: used up, refused by the browser, or fine (with the counts). */
  connectionBudget(): BudgetStatus {
    return this.connector.budget();
  }

  destroy(): void {
    this.trackers.destroy();
    this.connector.destroy();
  }
}

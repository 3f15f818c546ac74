// The connector's contract with the app: the channel events it raises, its limits and options. Types and
// constants only (connector.ts does the work).

import type { Timers } from '../timers.ts';

export interface ChannelEvent {
  /** Names the connection in `channelClosed`. */
  readonly channelId: number;
  readonly infoHashHex: string;
  /**
   * Null for a channel we offered: it must leave this thread before any answer names the remote (Chromium refuses
   * to transfer a channel after the task that created it). The engine learns the id from the handshake.
   */
  readonly remotePeerIdHex: string | null;
  readonly channel: RTCDataChannel;
  readonly initiator: boolean;
}

export interface ConnectorLimits {
  /** Connections past the offer stage (answered or connected) per torrent. */
  readonly maxPeersPerTorrent: number;
  readonly maxPeers: number;
  /** Unanswered offers: each holds an RTCPeerConnection with its ICE agent until it expires. */
  readonly maxPendingOffersPerTorrent: number;
  readonly maxPendingOffers: number;
  /** Every RTCPeerConnection of the page, offers included (Chromium refuses past ~500): connection-budget.ts. */
  readonly maxPeerConnections: number;
}

export const DEFAULT_LIMITS: ConnectorLimits = {
  maxPeersPerTorrent: 40,
  maxPeers: 200,
  maxPendingOffersPerTorrent: 30,
  maxPendingOffers: 60,
  maxPeerConnections: 400,
};

export interface ConnectorOptions {
  readonly peerIdHex: string;
  /** Tests pass `{ iceServers: [] }` so that nothing but loopback is ever contacted. */
  readonly rtcConfig?: RTCConfiguration;
  /** Called synchronously: transfer `channel` to the worker (or start a pump) before returning. */
  readonly onChannel: (ev: ChannelEvent) => void;
  /** A connection that had an answer went away (failed, timed out, closed): the torrent may want another. */
  readonly onPeerGone?: (infoHashHex: string, channelId: number, reason: string) => void;
  readonly onWarning?: (message: string) => void;
  readonly RTCPeerConnectionImpl?: typeof RTCPeerConnection;
  /** Non-trickle signaling waits for ICE gathering; past this the SDP goes out with the candidates found so far. */
  readonly iceGatheringTimeoutMs?: number;
  /** Unanswered offers are closed after this (bittorrent-tracker: 50 s). */
  readonly offerTtlMs?: number;
  /** An answered connection that has not connected by then is closed. */
  readonly connectTimeoutMs?: number;
  readonly limits?: Partial<ConnectorLimits>;
  /** Torrents sharing the connection budget (the network layer's); by default those holding connections. */
  readonly torrentCount?: () => number;
  /** Timers for offer, connect and ICE timeouts; the realm's own by default (net/timers.ts). */
  readonly timers?: Timers;
  /**
   * Offers made ahead of time for the next torrent's first announce (offer-pool.ts); 0 (the default) for none.
   * Needs `onParked` and `onBound`: a pooled offer's channel goes to the app before any torrent is known.
   */
  readonly offerPool?: number;
  /** A pooled offer's channel, in the task that created it: hand it over (transfer it) with no torrent yet. */
  readonly onParked?: (ev: { readonly channelId: number; readonly channel: RTCDataChannel }) => void;
  /** A pooled offer was given to a torrent: its parked channel belongs to that torrent now. */
  readonly onBound?: (channelId: number, infoHashHex: string) => void;
}


/** Label of the channels we create; peers ignore it (simple-peer uses random hex). */
export const CHANNEL_LABEL = 'bittorrent';

/**
 * After the engine drops a peer (its channel closed, a stream reset sent), the connection stays up this long before
 * it is closed: the other side must flush what it had queued (a flooding peer may have megabytes) before its
 * channel can close, and an RTCPeerConnection closed at once leaves it waiting for SCTP to time out (40 s or more).
 */
export const DROPPED_LINGER_MS = 5_000;

// The types the WebSocket tracker client shares with its callers: the WebSocket it needs, what it tracks, what it reports.

import type { Signaling } from '../signaling.ts';
import type { Timers } from '../timers.ts';
import type { BackoffOptions, ScheduleOptions } from './announce-schedule.ts';

/** Method syntax makes the parameter check bivariant, so both the DOM's and the `ws` package's handlers fit. */
type Handler<E> = { bivariant(ev: E): void }['bivariant'] | null;

/** The part of the WebSocket API we use: the browser's and the `ws` package's both satisfy it. */
export interface WebSocketLike {
  readonly readyState: number;
  send(data: string): void;
  close(code?: number, reason?: string): void;
  onopen: Handler<unknown>;
  onmessage: Handler<{ readonly data: unknown }>;
  onclose: Handler<{ readonly code: number; readonly reason: string }>;
  onerror: Handler<unknown>;
}

export type WebSocketConstructor = new (url: string) => WebSocketLike;

export type TrackerState = 'connecting' | 'online' | 'error' | 'offline';

/** Why a tracker is not answering, as data (the UI makes the sentence; `lastError` keeps the technical text). */
export type TrackerProblem =
  | { readonly kind: 'invalid-url' }
  /** The browser would not open the socket at all (ws:// from an https:// page, a blocked port). */
  | { readonly kind: 'blocked' }
  | { readonly kind: 'connect-timeout'; readonly ms: number }
  /** The socket closed before it opened (refused, unresolvable name, TLS failure: browsers do not tell which). */
  | { readonly kind: 'unreachable'; readonly code: number; readonly reason?: string }
  /** An open connection dropped. */
  | { readonly kind: 'lost'; readonly code: number; readonly reason?: string }
  /** The tracker answered with a `failure reason` (its text: untrusted). */
  | { readonly kind: 'refused'; readonly reason: string };

export interface TrackerStatus {
  readonly url: string;
  readonly state: TrackerState;
  readonly seeders?: number;
  readonly leechers?: number;
  readonly lastError?: string;
  /** The same failure as data; absent when the tracker works. */
  readonly problem?: TrackerProblem;
  readonly warning?: string;
  /** Epoch ms (per the client's `now`) of the next announce or reconnect attempt. */
  readonly nextAnnounceAt?: number;
  /** Offers and answers from other peers this tracker relayed for the torrent. */
  readonly peersReceived: number;
}

export interface TrackedTorrent {
  readonly infoHash: Uint8Array;
  stats(): { uploaded: number; downloaded: number; left: number | null };
  /** How many more peers the torrent would take now; 0 stops early re-announces and offers. */
  peersWanted(): number;
  /** Peers connected or negotiating now: with the tracker's swarm count, says when more offers would be wasted. */
  peersConnected?(): number;
}

/** What every socket of one client shares. */
export interface SocketContext {
  readonly peerId: Uint8Array;
  readonly peerIdHex: string;
  readonly signaling: Signaling;
  readonly WebSocketImpl: WebSocketConstructor;
  readonly connectTimeoutMs: number;
  readonly maxOffersPerAnnounce: number;
  readonly schedule: Partial<ScheduleOptions>;
  readonly backoff: BackoffOptions;
  /** Timers that keep time while the page is hidden (net/timers.ts). */
  readonly timers: Timers;
  now(): number;
  random(): number;
  warn(url: string, message: string): void;
  /** A tracker answered about this torrent (counts, failure): what `status()` reports for it may have changed. */
  reported(infoHashHex: string): void;
}

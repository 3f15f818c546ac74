// The types a torrent is built from and reports through: settings, events, dependencies, initial state.

import type { EngineError } from './errors.ts';
import type { Metainfo } from './metainfo/types.ts';
import type { Clock, Hasher, StoreFactory } from './ports.ts';
import type { BucketPair } from './rate/transfer-limiter.ts';

/** 'checking': stored or user-given data is being hashed (api/worker/check-job.ts); nothing is requested meanwhile. */
export type TorrentStatus = 'metadata' | 'checking' | 'downloading' | 'seeding' | 'paused' | 'error';

export interface TorrentSettings {
  maxPeers: number;
  uploadSlots: number;
}

/**
 * Generic in the torrent type so this file need not import `torrent.ts` (which imports it: no cycles);
 * `torrent.ts` exports `TorrentEvents = TorrentEventsOf<Torrent>`.
 */
export interface TorrentEventsOf<Torrent> {
  /** The info dictionary arrived from peers and the store is open: persist it. */
  metadata(t: Torrent): void;
  pieceVerified(t: Torrent, index: number): void;
  /** Every wanted piece is verified (fires on the transition, not for torrents that start complete). */
  completed(t: Torrent): void;
  peerClosed(t: Torrent, remotePeerIdHex: string, reason: EngineError | string): void;
  /** What is wanted changed (file priorities, a file selection confirmed): completion and queue slots may follow. */
  wanted(t: Torrent): void;
  error(t: Torrent, e: EngineError): void;
}

export interface TorrentDepsOf<Torrent> {
  readonly peerId: Uint8Array;
  readonly hasher: Hasher;
  readonly storeFactory: StoreFactory;
  readonly clock: Clock;
  readonly random: () => number;
  readonly settings: TorrentSettings;
  readonly events: TorrentEventsOf<Torrent>;
  /** The session's rate limits, which every torrent's bytes pass as well as its own. */
  readonly globalLimits: BucketPair;
}

export interface TorrentInit {
  readonly infoHash: Uint8Array;
  readonly name?: string;
  readonly metainfo?: Metainfo;
  readonly trackers?: readonly string[];
  readonly webSeeds?: readonly string[];
  readonly filePriorities?: readonly number[];
  /** BEP 53 selection from a magnet link, applied when the metadata arrives. */
  readonly selectOnly?: readonly number[];
  /**
   * Hold the download once the metadata is known (request nothing) until `confirmSelection`, so the user picks
   * files first. Ignored with `selectOnly` (the link already chose) and for torrents of one file (nothing to pick).
   */
  readonly selectFirst?: boolean;
  readonly paused?: boolean;
  readonly uploaded?: number;
  readonly downloaded?: number;
  readonly wasted?: number;
  /** Storage key when it is not the info hash (see ResumeRecord.storageId). */
  readonly storageId?: string;
  /** This torrent's rate limits in bytes/s; absent or null: unlimited. */
  readonly downloadLimit?: number | null;
  readonly uploadLimit?: number | null;
}

// The engine's ports: everything it needs from the outside world, as small interfaces. Storage, channels,
// hashing and time are implemented in storage/, net/ and app/; tests pass in-memory versions.

import type { SeedGoal } from './lifecycle/states.ts';
import type { TorrentFile } from './metainfo/types.ts';

/** A reliable, ordered byte stream to one peer (an RTCDataChannel, a MessagePort pump, an in-memory pipe). */
export interface PeerChannel {
  /**
   * Queues bytes; message boundaries carry no meaning. The engine must not reuse `data` afterwards, unless
   * `copiesOnSend` is true.
   */
  send(data: Uint8Array): void;
  /** True when send() has copied `data` by the time it returns, so the engine may reuse the buffer (saves a
   * 16 KiB allocation per block sent: an RTCDataChannel copies in send()). */
  readonly copiesOnSend?: boolean;
  /** Bytes queued but not yet handed to the transport; the engine stops serving above a high-water mark. */
  readonly bufferedAmount: number;
  /** Starts delivering events; called once by the engine. `data` chunks are owned by the engine afterwards. */
  open(events: PeerChannelEvents): void;
  close(): void;
}

export interface PeerChannelEvents {
  data(chunk: Uint8Array): void;
  /** The transport has room again (bufferedAmount fell below its low-water mark). */
  drain(): void;
  close(reason?: string): void;
}

/** SHA-1 (v1 pieces, info hashes). crypto.subtle in browsers and Node. */
export interface Hasher {
  sha1(data: Uint8Array): Promise<Uint8Array>;
}

/** Monotonic milliseconds. The engine keeps no timers: its host calls `tick()` and passes time in. */
export interface Clock {
  now(): number;
}

/** Where a torrent's bytes live. One instance per torrent; offsets are torrent-global (v1 layout). */
export interface PieceStore {
  /** Bitfield (BEP 3 bit order) of pieces written with writePiece and not forgotten: restored at open. */
  verifiedPieces(): Uint8Array;
  /**
   * Writes one whole verified piece at `index * pieceLength` (pad-file ranges are dropped) and records it as
   * verified, so that after a crash or reload a piece is either fully present and marked, or not marked.
   */
  writePiece(index: number, data: Uint8Array): Promise<void>;
  /**
   * Reads `length` bytes at a torrent-global offset; pad ranges and never-written ranges read as zeros. `into`, a
   * buffer of `length` bytes the caller no longer needs, may be filled and returned instead of a new one (a reused
   * buffer costs no allocation and no page faults); a store may ignore it.
   */
  read(offset: number, length: number, into?: Uint8Array): Promise<Uint8Array>;
  /** Unmarks a piece (a recheck found it corrupt). */
  forgetPiece(index: number): Promise<void>;
  /**
   * Optional: a store may mark pieces written by writePiece as verified on disk a moment later, several at once
   * (one small write per piece was 7-9% of the downloading worker). This writes those marks now; the engine's host
   * calls it before it reports progress, so no progress the user saw is lost to a kill.
   */
  flushVerified?(): void;
  /**
   * Optional: keeps a received block of a piece not verified yet, so a restart costs only the blocks in flight
   * (libtorrent keeps partial pieces on disk too). A block counts as kept only once its bytes are stored. Kept
   * blocks are never served: reads of unverified pieces are gated by the verified bitfield above the store.
   */
  writeBlock?(index: number, begin: number, data: Uint8Array): Promise<void>;
  /** Optional: the kept blocks of pieces not verified, as block offsets (`begin`) per piece index. */
  keptBlocks?(): Promise<ReadonlyMap<number, readonly number[]>>;
  /** Optional: a piece's kept bytes (`size` long; blocks not kept read as zeros). */
  keptPiece?(index: number, size: number): Promise<Uint8Array>;
  /** Optional: drops a piece's kept blocks (they failed the hash check). writePiece drops them too. */
  forgetBlocks?(index: number): Promise<void>;
  /** Releases handles; the data stays. */
  close(): Promise<void>;
  /** Deletes all data of this torrent. */
  destroy(): Promise<void>;
}

/** What a store needs to know about a torrent to lay it out. */
export interface StoreLayout {
  /** The folder key: the info hash, or a torrent's storageId (40 lower-case hex digits either way). */
  readonly infoHashHex: string;
  readonly pieceLength: number;
  readonly pieceCount: number;
  readonly length: number;
  readonly files: readonly TorrentFile[];
}

export interface StoreFactory {
  readonly kind: 'memory' | 'opfs' | 'idb' | 'fs';
  open(layout: StoreLayout): Promise<PieceStore>;
  /** Deletes a torrent's data without opening it (removing a torrent whose store failed to open). */
  remove(infoHashHex: string): Promise<void>;
  /**
   * A store for this torrent will likely be opened soon (a magnet is fetching its metadata): the backend may do the
   * slow part of opening now. Optional; never throws (open() reports what went wrong).
   */
  prepare?(infoHashHex: string): void;
  /** The torrent left without opening its store: let go of what prepare() holds. */
  release?(infoHashHex: string): Promise<void>;
}

/** Per-torrent state that survives reloads; piece data and its bitfield live in the PieceStore. */
export interface ResumeRecord {
  readonly infoHashHex: string;
  /** The raw `info` dictionary; absent while a magnet link is still fetching metadata. */
  readonly infoBytes?: Uint8Array;
  /** The full .torrent bytes when added from a file (announce lists, url-list). */
  readonly torrentBytes?: Uint8Array;
  readonly magnet?: string;
  readonly name: string;
  readonly trackers: readonly string[];
  readonly webSeeds: readonly string[];
  /** Per file (v1 order, pad files included): 0 = skip, 1 = low, 4 = normal, 7 = high (libtorrent's scale). */
  readonly filePriorities?: readonly number[];
  readonly paused: boolean;
  readonly addedAt: number;
  readonly completedAt?: number;
  readonly uploaded: number;
  readonly downloaded: number;
  readonly labels?: readonly string[];
  /** The name the user gave the torrent (`rename`). */
  readonly displayName?: string;
  /** The download waits for the user to pick files (a magnet added with "select files first"); see TorrentInit. */
  readonly selectFirst?: boolean;
  /** Where the data lives when not under the info hash (torrents created here are stored before their hash is known). */
  readonly storageId?: string;
  /** Lifecycle (engine/lifecycle): started ahead of the queue; stopped by its seeding goal; place in the queue. */
  readonly forced?: boolean;
  readonly finished?: boolean;
  readonly queuePosition?: number;
  readonly seedGoal?: SeedGoal;
  readonly sequential?: boolean;
  /** The torrent's own rate limits in bytes/s; absent: unlimited. */
  readonly downloadLimit?: number;
  readonly uploadLimit?: number;
  /**
   * Removed with its data kept: not a torrent any more, only where its data lives (`storageId`), so adding the same
   * torrent or magnet again finds the data.
   */
  readonly keptOnly?: boolean;
  /** Not a torrent: the traffic of every removed torrent (api/worker/retired-traffic.ts). */
  readonly retiredTraffic?: boolean;
  /** Traffic totals beyond uploaded/downloaded: bytes thrown away, seconds running and seeding, last activity (epoch ms). */
  readonly wasted?: number;
  readonly activeSeconds?: number;
  readonly seedingSeconds?: number;
  readonly lastActivityAt?: number;
  /** Which of those clocks were running when the record was written, and when (epoch ms): see api/worker/clock-heartbeat.ts. */
  readonly counting?: 'active' | 'seeding';
  readonly clockAt?: number;
  /** Not a torrent: the time the engine was last known running (epoch ms; api/worker/clock-heartbeat.ts). */
  readonly heartbeatAt?: number;
}

export interface ResumeDb {
  list(): Promise<ResumeRecord[]>;
  put(record: ResumeRecord): Promise<void>;
  delete(infoHashHex: string): Promise<void>;
}

// A torrent's state and the queries on it: metadata, progress, rates, peers wanted, reads and waits for pieces.
// torrent.ts extends it with what moves the state (control, checking, the tick, routing peer events).

import type { Bitfield } from './bitfield.ts';
import { toHex } from './bytes.ts';
import { EngineError } from './errors.ts';
import { FileSelection } from './file-selection.ts';
import type { MetadataFetcher } from './metadata/metadata-fetcher.ts';
import type { Geometry } from './metainfo/geometry.ts';
import type { Metainfo } from './metainfo/types.ts';
import type { Peer } from './peer/peer.ts';
import { distributedCopies } from './picker/distributed-copies.ts';
import type { Hasher } from './ports.ts';
import { BucketPair, TorrentLimiter, type Limits } from './rate/transfer-limiter.ts';
import { downloadRate, readyCount, uploadRate } from './peer-set.ts';
import { PieceWaiters } from './streaming/piece-waiters.ts';
import type { TorrentParts } from './torrent-parts.ts';
import { wantedProgress } from './torrent-progress.ts';
import * as rules from './torrent-rules.ts';
import type { TorrentDepsOf, TorrentInit, TorrentStatus } from './torrent-types.ts';

/** Generic in the torrent type, like torrent-types.ts, so this file need not import `torrent.ts` (no cycles). */
export abstract class TorrentState<Self> {
  readonly infoHash: Uint8Array;
  readonly infoHashHex: string;
  /** Key of this torrent's data in the store factory. */
  readonly storageId: string;
  readonly peerId: Uint8Array;
  readonly hasher: Hasher;
  name: string;
  trackers: string[];
  webSeeds: string[];
  status: TorrentStatus;
  error: EngineError | null = null;
  downloaded: number;
  uploaded: number;
  /** Payload bytes received and thrown away (see DownloaderHooks.wasted), all time. */
  wasted: number;
  /** Seeding past its goal at low priority: one upload slot (set by the lifecycle). */
  lowPriority = false;
  /** Payload bytes received in this session, wanted or not (what a reload costs is measured with it). */
  receivedThisSession = 0;
  readonly peers = new Set<Peer>();
  protected loaded: TorrentParts | null = null;
  protected fetcher: MetadataFetcher | null = null;
  protected readonly selection: FileSelection;
  protected destroyed = false;
  /** Stream readers waiting for pieces (whenVerified). */
  protected readonly waiters = new PieceWaiters();
  /** Its rate limits and the session's (rate/transfer-limiter.ts). */
  readonly limiter: TorrentLimiter;

  constructor(
    init: TorrentInit,
    protected readonly deps: TorrentDepsOf<Self>,
  ) {
    this.infoHash = init.infoHash;
    this.infoHashHex = toHex(init.infoHash);
    this.storageId = init.storageId ?? this.infoHashHex;
    this.peerId = deps.peerId;
    this.hasher = deps.hasher;
    this.name = init.metainfo?.name ?? init.name ?? this.infoHashHex;
    this.trackers = [...(init.trackers ?? [])];
    this.webSeeds = [...(init.webSeeds ?? [])];
    this.selection = new FileSelection(init);
    this.downloaded = init.downloaded ?? 0;
    this.uploaded = init.uploaded ?? 0;
    this.wasted = init.wasted ?? 0;
    this.status = init.paused ? 'paused' : 'metadata';
    const limits = { download: init.downloadLimit ?? null, upload: init.uploadLimit ?? null };
    this.limiter = new TorrentLimiter(new BucketPair(limits, deps.clock.now()), deps.globalLimits, () => this.now());
  }

  // --- queries ------------------------------------------------------------------------------------------------

  get metainfo(): Metainfo | null {
    return this.loaded?.meta ?? null;
  }

  get geometry(): Geometry | null {
    return this.loaded?.geometry ?? null;
  }

  get haveBitfield(): Bitfield | null {
    return this.loaded?.have ?? null;
  }

  get complete(): boolean {
    return this.loaded !== null && !this.selection.held && this.loaded.picker.remaining === 0;
  }

  /** The metadata is known and nothing is requested until the user confirms which files to download. */
  get awaitingSelection(): boolean {
    return this.selection.held;
  }

  /** A hold for a file selection is pending or active (persisted, so a reload keeps asking). */
  get selectFirst(): boolean {
    return this.selection.selectFirst;
  }

  /** Priority per file index (0 = skip). */
  get filePriorities(): number[] {
    return this.selection.priorities;
  }

  /** This torrent's own rate limits (bytes/s, null = unlimited); the session's apply as well. */
  get limits(): Limits {
    return this.limiter.own.limits;
  }

  /** Wanted bytes and how many of them are verified. */
  progress(): { length: number; verified: number } {
    const l = this.loaded;
    return l ? wantedProgress(l.meta, l.perFile, this.filePriorities) : { length: 0, verified: 0 };
  }

  /** Puts the verified marks the store still holds on disk (ports.ts: before progress is reported). */
  flushVerified(): void {
    this.loaded?.store.flushVerified?.();
  }

  fileVerified(): readonly number[] {
    return this.loaded?.perFile ?? [];
  }

  /** Distributed copies among connected peers (distributed-copies.ts); undefined until the metadata is known. */
  availability(): number | undefined {
    const l = this.loaded;
    return l ? distributedCopies(l.geometry.pieceCount, (i) => l.picker.availabilityOf(i)) : undefined;
  }

  /** Test hook: throws if the picker's bookkeeping disagrees with itself (see engine/STATE.md). */
  checkInvariants(): void {
    this.loaded?.picker.checkInvariants();
  }

  downloadRate(): number {
    return downloadRate(this.peers, this.now());
  }

  uploadRate(): number {
    return uploadRate(this.peers, this.now());
  }

  /** Peers past the handshake (channels still connecting, such as unanswered offers, are not counted). */
  connectedPeers(): number {
    return readyCount(this.peers);
  }

  /** Peers still wanted from trackers (0 when paused or full). */
  peersWanted(): number {
    return rules.peersWanted(this.status, this.destroyed, this.connectedPeers(), this.deps.settings.maxPeers);
  }

  /** Reads bytes of the torrent (verified pieces only are meaningful). */
  async read(offset: number, length: number): Promise<Uint8Array> {
    const l = this.loaded;
    if (!l) throw new EngineError('TORRENT_NOT_FOUND', 'The torrent has no data yet', {});
    return l.store.read(offset, length);
  }

  /** Resolves once piece `index` is verified; rejects if the torrent is paused, fails or is removed first. */
  whenVerified(index: number): Promise<void> {
    const l = this.loaded;
    const refused = rules.waitRefusal(index, l?.geometry.pieceCount ?? null, this.destroyed);
    if (refused) return Promise.reject(refused);
    if (l!.have.get(index)) return Promise.resolve();
    const pending = rules.pendingWaitRefusal(index, this.status, this.error);
    return pending ? Promise.reject(pending) : this.waiters.wait(index);
  }

  /** Current time on the session's clock. */
  now(): number {
    return this.deps.clock.now();
  }
}

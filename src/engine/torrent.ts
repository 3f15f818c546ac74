// One torrent: routes peer events (through torrent-peer-events.ts) to the picker, the assembler, verification,
// storage, the uploader and the choker. It holds the status (metadata -> downloading -> seeding, paused, checking)
// and asks torrent-rules.ts for every decision. Its state and the queries on it are in torrent-state.ts.

import { CHOKE_INTERVAL_MS, OPTIMISTIC_INTERVAL_MS } from './choker.ts';
import { asStorageError, EngineError } from './errors.ts';
import { MetadataFetcher } from './metadata/metadata-fetcher.ts';
import type { PieceIndex } from './metainfo/geometry.ts';
import { metainfoFromInfo } from './metainfo/metainfo.ts';
import type { Metainfo } from './metainfo/types.ts';
import { checkLiveness } from './peer/liveness.ts';
import { Peer } from './peer/peer.ts';
import { piecePriorities } from './picker/priorities.ts';
import type { PeerChannel } from './ports.ts';
import { serveLimited } from './rate/limited-wakeup.ts';
import type { Limits } from './rate/transfer-limiter.ts';
import { afterCompletion, closeAll, greetWithGeometry, isDuplicate, serveReady } from './peer-set.ts';
import { adoptPiece, dropPiece } from './torrent-check.ts';
import { buildParts, closeParts, openStore, partsHooks, type PartsHost, type TorrentParts } from './torrent-parts.ts';
import { addPiece } from './torrent-progress.ts';
import * as rules from './torrent-rules.ts';
import { TorrentState } from './torrent-state.ts';
import type { TorrentDepsOf, TorrentEventsOf, TorrentInit } from './torrent-types.ts';
import { TorrentPeerEvents, type PeerEventsTorrent } from './torrent-peer-events.ts';
import { ChokeSchedule } from './transfer/choking.ts';

export type { TorrentInit, TorrentSettings, TorrentStatus } from './torrent-types.ts';
export type TorrentEvents = TorrentEventsOf<Torrent>;
export type TorrentDeps = TorrentDepsOf<Torrent>;

export { CLIENT_VERSION } from './peer/our-handshake.ts';

export class Torrent extends TorrentState<Torrent> {
  /** Pieces in order rather than rarest first (a per-torrent option; the picker follows it once loaded). */
  private sequential = false;
  private readonly choking: ChokeSchedule;
  /** The metainfo given at construction, loaded by start(). */
  private pendingMeta: Metainfo | null;
  /** While checking: whether the torrent was paused before, so the check ends where it started. */
  private pausedBeforeCheck = false;
  /** What its peers' events are routed to (torrent-peer-events.ts). */
  private readonly peerEvents: TorrentPeerEvents;

  constructor(init: TorrentInit, deps: TorrentDeps) {
    super(init, deps);
    this.pendingMeta = init.metainfo ?? null;
    this.choking = new ChokeSchedule({ round: CHOKE_INTERVAL_MS, optimistic: OPTIMISTIC_INTERVAL_MS }, deps.random);
    this.peerEvents = new TorrentPeerEvents(this.peerEventsTorrent());
  }

  /** Opens storage (when the metadata is known) and restores verified pieces. */
  async start(): Promise<void> {
    if (this.pendingMeta) await this.load(this.pendingMeta);
    else this.fetcher = new MetadataFetcher(this.fetcherHost());
    this.pendingMeta = null;
  }

  // --- control ------------------------------------------------------------------------------------------------

  /**
   * Streaming: these pieces are fetched before all others, in this order (engine/streaming decides which). After a
   * jump (a seek), `cancelOthers` cancels requests for pieces outside `keep` (all of `pieces` unless given) so the
   * new position is served first.
   */
  setUrgent(pieces: readonly PieceIndex[], cancelOthers = false, keepOnly: readonly PieceIndex[] = pieces): void {
    const l = this.loaded;
    if (!l) return;
    // After a jump, the piece waited on is asked of every peer that has it too (picker: shareFirst).
    l.picker.setUrgent(pieces, cancelOthers);
    if (rules.urgentCancelsOthers(cancelOthers, pieces.length, this.status)) {
      const keep = new Set<number>(keepOnly);
      l.downloader.cancelExcept((index) => keep.has(index));
    } else {
      for (const peer of this.peers) if (peer.ready) l.downloader.refill(peer);
    }
  }

  addPeer(channel: PeerChannel, transport: 'webrtc' | 'pipe', expectedPeerIdHex = ''): Peer | null {
    if (!rules.mayAddChannel(this.status, this.destroyed, this.peers.size, this.connectedPeers(), this.deps.settings.maxPeers)) {
      channel.close();
      return null;
    }
    const peer = new Peer(this.peerEvents, channel, transport, expectedPeerIdHex);
    this.peers.add(peer);
    peer.start();
    return peer;
  }

  /** Sequential download on or off (engine/lifecycle keeps the option; the picker applies it). */
  setSequential(on: boolean): void {
    this.sequential = on;
    this.loaded?.picker.setSequential(on);
  }

  /** Stops (peers closed, readers rejected). Called by the lifecycle (engine/lifecycle), which decides when. */
  pause(): void {
    if (this.status === 'paused') return;
    this.status = 'paused';
    this.waiters.rejectAll(new EngineError('TORRENT_PAUSED', 'The torrent was paused', {}));
    closeAll(this.peers, 'paused');
  }

  /** Runs again, clearing an error. Called by the lifecycle, which decides when. */
  resume(): void {
    if (!rules.mayResume(this.status)) return;
    this.error = null;
    this.status = rules.runningStatus(this.loaded !== null, this.complete);
  }

  setFilePriorities(indexes: readonly number[], priority: number): void {
    const l = this.loaded;
    // While held the choice is only recorded; confirmSelection hands it to the picker.
    if (l && this.selection.set(indexes, priority, l.meta.files.length)) this.applyPriorities(l);
  }

  /**
   * Sets every file's priority at once (index = file index; missing entries keep theirs) and ends a selection hold:
   * the download starts with exactly these files. Without metadata it only records the choice.
   */
  confirmSelection(priorities: readonly number[]): void {
    const l = this.loaded;
    if (!l) return;
    this.selection.confirm(priorities, l.meta.files.length);
    this.applyPriorities(l);
  }

  /** Hands the file priorities to the picker; interest and completion follow from what is now wanted. */
  private applyPriorities(l: TorrentParts): void {
    const wasComplete = this.complete;
    l.picker.setPriorities(piecePriorities(l.meta.files, this.filePriorities, l.meta.pieceLength, l.meta.pieceCount));
    this.afterProgress(wasComplete);
    for (const p of this.peers) l.downloader.updateInterest(p);
    this.deps.events.wanted(this);
  }

  // --- checking (force recheck, adding with the user's own files; api/worker/check-job.ts drives it) ------------

  /**
   * Enters 'checking' (the one place a check starts): peers are dropped, since a recheck may take back pieces we
   * announced, and none are taken until endCheck. False when there is nothing to check (no metadata, removed).
   */
  beginCheck(): boolean {
    if (!rules.mayBeginCheck(this.loaded !== null, this.destroyed, this.status)) return false;
    this.pausedBeforeCheck = this.status === 'paused';
    this.error = null;
    this.status = 'checking';
    closeAll(this.peers, 'checking');
    return true;
  }

  /** Leaves 'checking' (the one place a check ends): paused if it was paused, else downloading or seeding. */
  endCheck(): void {
    if (this.status !== 'checking') return;
    this.status = rules.statusAfterCheck(this.pausedBeforeCheck, this.complete);
  }

  /** Stores a piece the caller has hashed and found good, and marks it verified (the downloader's path, minus peers). */
  async adoptPiece(index: number, data: Uint8Array): Promise<void> {
    const l = this.loaded;
    if (l && (await adoptPiece(l, index, data, () => this.destroyed))) this.onPieceVerified(index);
  }

  /** A recheck found a stored piece bad: it is forgotten and wanted again. */
  async dropPiece(index: number): Promise<void> {
    const l = this.loaded;
    if (l && !this.destroyed) await dropPiece(l, index);
  }

  /** Changes this torrent's rate limits; running transfers follow at the next request or send. */
  setLimits(limits: Limits): void {
    this.limiter.setLimits(limits);
  }

  /**
   * While a rate limit applies, the host calls this often (every ~50 ms): peers waiting for the buckets to refill
   * request and send again, so a limited link is not left idle between ticks.
   */
  serveLimited(): void {
    if (!this.destroyed && this.loaded) serveLimited(this.limiter, this.peers, this.loaded);
  }

  async destroy(deleteData: boolean): Promise<void> {
    if (this.destroyed) return;
    this.destroyed = true;
    this.waiters.rejectAll(new EngineError('TORRENT_NOT_FOUND', 'The torrent was removed', {}));
    closeAll(this.peers, 'torrent removed');
    const l = this.loaded;
    if (l) await closeParts(l, deleteData);
    else if (deleteData) await this.deps.storeFactory.remove(this.storageId);
    else await this.deps.storeFactory.release?.(this.storageId);
  }

  /** Periodic work: choking rounds, timeouts, keep-alives, stalled pipelines. Called by the session (~1/s). */
  tick(): void {
    if (this.destroyed) return;
    const now = this.now();
    for (const peer of [...this.peers]) {
      if (checkLiveness(peer, now) === 'snubbing') this.loaded?.downloader.releaseRequests(peer, true);
    }
    this.choking.maybeRun(this.peers, this.uploadSlots(), this.complete, now);
    if (this.fetcher) this.fetcher.tick(this.peers);
    const l = this.loaded;
    if (l) {
      l.downloader.flushKept();
      // Safety net for lost events: top up pipelines and serve queued requests.
      serveReady(this.peers, l);
    }
  }

  // --- internals ----------------------------------------------------------------------------------------------

  private uploadSlots(): number {
    return rules.uploadSlots(this.lowPriority, this.deps.settings.uploadSlots);
  }

  private async load(meta: Metainfo): Promise<void> {
    const store = await openStore(this.deps.storeFactory, this.storageId, meta);
    if (this.destroyed) {
      await store.close();
      return;
    }
    const { random } = this.deps;
    const parts = buildParts({ meta, store, filePriorities: this.selection.load(meta.files), hasher: this.hasher, random, ...partsHooks(this.partsHost()) });
    this.loaded = parts;
    if (this.sequential) parts.picker.setSequential(true);
    this.name = meta.name;
    this.status = rules.statusAfterLoad(this.status, this.complete);
    greetWithGeometry(this.peers, parts.geometry, (peer) => parts.downloader.peerHas(peer, -1));
    // Blocks of partial pieces kept by an earlier session are taken back rather than downloaded again.
    if (!this.complete) parts.downloader.restoreKept().catch((e: unknown) => console.warn('Restoring kept blocks failed', e));
  }

  private partsHost(): PartsHost {
    return {
      now: () => this.now(),
      peers: this.peers,
      limiter: this.limiter,
      active: () => this.status === 'downloading' || this.status === 'seeding',
      removed: () => this.destroyed,
      uploaded: (bytes) => void (this.uploaded += bytes),
      downloaded: (bytes) => void (this.downloaded += bytes),
      wasted: (bytes) => void (this.wasted += bytes),
      verified: (index) => this.onPieceVerified(index),
      storageFailed: (e) => this.fail(asStorageError(e)),
    };
  }

  private peerEventsTorrent(): PeerEventsTorrent {
    return {
      infoHash: this.infoHash,
      peerId: this.peerId,
      peers: this.peers,
      limiter: this.limiter,
      choking: this.choking,
      now: () => this.now(),
      parts: () => this.loaded,
      fetcher: () => this.fetcher,
      accepts: (peer) => rules.mayAcceptHandshake(this.status, this.destroyed, this.connectedPeers(), this.deps.settings.maxPeers, isDuplicate(this.peers, peer)),
      uploadSlots: () => this.uploadSlots(),
      received: (bytes) => void (this.receivedThisSession += bytes),
      peerClosed: (peerIdHex, reason) => this.deps.events.peerClosed(this, peerIdHex, reason),
    };
  }

  private fetcherHost() {
    return {
      infoHash: this.infoHash,
      hasher: this.hasher,
      now: () => this.now(),
      dropPeer: (peer: Peer, e: EngineError) => peer.destroy(e),
      onMetadata: (infoBytes: Uint8Array) => void this.onMetadata(infoBytes),
      // Opening storage takes a few round trips in a browser: begun while the metadata is on its way, it is ready
      // (or nearly) when the metadata is, which the UI then shows sooner. Not earlier: the add's own work (the UI,
      // the first offers) would compete with it for the same cores.
      asking: () => this.deps.storeFactory.prepare?.(this.storageId),
    };
  }

  private async onMetadata(infoBytes: Uint8Array): Promise<void> {
    this.fetcher = null;
    try {
      const meta = await metainfoFromInfo(infoBytes, this.hasher, { announce: [this.trackers], urlList: this.webSeeds });
      await this.load(meta);
      if (!this.destroyed) this.deps.events.metadata(this);
    } catch (e) {
      this.fail(e instanceof EngineError ? e : asStorageError(e));
    }
  }

  private onPieceVerified(index: number): void {
    const l = this.loaded!;
    addPiece(l.meta, index, l.perFile);
    this.waiters.resolve(index);
    this.deps.events.pieceVerified(this, index);
    // A wanted piece was missing until now, so the torrent was not complete before it.
    this.afterProgress(false);
  }

  private afterProgress(wasComplete: boolean): void {
    const step = rules.progressStep(this.status, this.complete, wasComplete);
    this.status = step.status;
    if (!step.justCompleted) return;
    afterCompletion(this.peers, this.loaded?.have.complete ?? false);
    this.deps.events.completed(this);
  }

  private fail(e: EngineError): void {
    this.error = e;
    this.status = 'error';
    this.waiters.rejectAll(e);
    closeAll(this.peers, e);
    this.deps.events.error(this, e);
  }
}

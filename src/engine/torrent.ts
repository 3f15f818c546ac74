// One torrent: routes peer events to the picker, the assembler, verification, storage, the uploader and the choker.
// It owns the lifecycle (metadata -> downloading -> seeding, paused) and makes no transfer decision of its own.

import { Bitfield } from './bitfield.ts';
import { toHex } from './bytes.ts';
import { CHOKE_INTERVAL_MS, OPTIMISTIC_INTERVAL_MS, chooseUnchoked } from './choker.ts';
import { EngineError } from './errors.ts';
import { MetadataFetcher } from './metadata/metadata-fetcher.ts';
import { BLOCK_SIZE, Geometry, type PieceIndex } from './metainfo/geometry.ts';
import { metainfoFromInfo } from './metainfo/metainfo.ts';
import type { Metainfo } from './metainfo/types.ts';
import { MAX_PEER_REQUESTS, OUR_UT_METADATA_ID, Peer, type PeerHost } from './peer/peer.ts';
import { PiecePicker, type BlockRequest } from './picker/piece-picker.ts';
import { piecePriorities, prioritiesFromSelection } from './picker/priorities.ts';
import type { Clock, Hasher, PeerChannel, PieceStore, StoreFactory } from './ports.ts';
import { addPiece, verifiedPerFile, wantedProgress } from './torrent-progress.ts';
import { PieceAssembler } from './transfer/piece-assembler.ts';
import { pipelineDepth } from './transfer/pipeline.ts';
import { ReadCache } from './transfer/read-cache.ts';
import { Uploader } from './transfer/uploader.ts';
import { verifyPiece } from './verify.ts';
import * as wire from './wire/encoder.ts';
import type { ExtendedHandshake } from './wire/messages.ts';
import { UT_METADATA, decodeMetadataMessage, encodeMetadataMessage, metadataResponse } from './wire/ut-metadata.ts';

export const CLIENT_VERSION = 'Rivulet 0.1.0';
/** Requests unanswered this long are given to other peers (the peer is snubbing us). */
const REQUEST_TIMEOUT_MS = 30_000;
const KEEPALIVE_MS = 60_000;
/** BEP 3 suggests two minutes of silence ends a connection. */
const IDLE_TIMEOUT_MS = 180_000;
/** A peer that contributed to this many failed pieces is dropped. */
const MAX_STRIKES = 3;
/** Unrequested block bytes we tolerate (late answers after a cancel) before calling it flooding. */
const MAX_UNREQUESTED_BYTES = 4 * 1024 * 1024;
/** Refill a peer's pipeline only once this many slots are free, so requests go out in batches, not singly. */
const REFILL_BATCH = 8;

export type TorrentStatus = 'metadata' | 'downloading' | 'seeding' | 'paused' | 'error';

export interface TorrentSettings {
  maxPeers: number;
  uploadSlots: number;
}

export interface TorrentEvents {
  /** The info dictionary arrived from peers and the store is open: persist it. */
  metadata(t: Torrent): void;
  pieceVerified(t: Torrent, index: number): void;
  /** Every wanted piece is verified (fires on the transition, not for torrents that start complete). */
  completed(t: Torrent): void;
  peerClosed(t: Torrent, remotePeerIdHex: string, reason: EngineError | string): void;
  error(t: Torrent, e: EngineError): void;
}

export interface TorrentDeps {
  readonly peerId: Uint8Array;
  readonly hasher: Hasher;
  readonly storeFactory: StoreFactory;
  readonly clock: Clock;
  readonly random: () => number;
  readonly settings: TorrentSettings;
  readonly events: TorrentEvents;
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
  readonly paused?: boolean;
  readonly uploaded?: number;
  readonly downloaded?: number;
  /** Storage key when it is not the info hash (see ResumeRecord.storageId). */
  readonly storageId?: string;
}

interface Loaded {
  readonly meta: Metainfo;
  readonly geometry: Geometry;
  readonly store: PieceStore;
  readonly have: Bitfield;
  readonly picker: PiecePicker;
  readonly assembler: PieceAssembler;
  readonly cache: ReadCache;
  readonly uploader: Uploader;
  readonly perFile: number[];
}

export class Torrent implements PeerHost {
  readonly infoHash: Uint8Array;
  readonly infoHashHex: string;
  /** Key of this torrent's data in the store factory. */
  readonly storageId: string;
  readonly peerId: Uint8Array;
  readonly hasher: Hasher;
  name: string;
  trackers: string[];
  webSeeds: string[];
  filePriorities: number[] = [];
  status: TorrentStatus;
  error: EngineError | null = null;
  downloaded: number;
  uploaded: number;
  readonly peers = new Set<Peer>();
  private loaded: Loaded | null = null;
  private fetcher: MetadataFetcher | null = null;
  private readonly selectOnly: readonly number[] | undefined;
  private nextChokeAt = 0;
  private nextOptimisticAt = 0;
  private optimistic: string | null = null;
  private destroyed = false;
  private readonly scratch: BlockRequest[] = [];

  constructor(
    init: TorrentInit,
    private readonly deps: TorrentDeps,
  ) {
    this.infoHash = init.infoHash;
    this.infoHashHex = toHex(init.infoHash);
    this.storageId = init.storageId ?? this.infoHashHex;
    this.peerId = deps.peerId;
    this.hasher = deps.hasher;
    this.name = init.metainfo?.name ?? init.name ?? this.infoHashHex;
    this.trackers = [...(init.trackers ?? [])];
    this.webSeeds = [...(init.webSeeds ?? [])];
    this.selectOnly = init.selectOnly;
    if (init.filePriorities) this.filePriorities = [...init.filePriorities];
    this.downloaded = init.downloaded ?? 0;
    this.uploaded = init.uploaded ?? 0;
    this.status = init.paused ? 'paused' : 'metadata';
    this.pendingMeta = init.metainfo ?? null;
  }

  private pendingMeta: Metainfo | null;

  /** Opens storage (when the metadata is known) and restores verified pieces. */
  async start(): Promise<void> {
    if (this.pendingMeta) await this.load(this.pendingMeta);
    else this.fetcher = new MetadataFetcher(this.fetcherHost());
    this.pendingMeta = null;
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
    return this.loaded !== null && this.loaded.picker.remaining === 0;
  }

  /** Wanted bytes and how many of them are verified. */
  progress(): { length: number; verified: number } {
    const l = this.loaded;
    return l ? wantedProgress(l.meta, l.perFile, this.filePriorities) : { length: 0, verified: 0 };
  }

  fileVerified(): readonly number[] {
    return this.loaded?.perFile ?? [];
  }

  downloadRate(): number {
    const now = this.now();
    let r = 0;
    for (const p of this.peers) r += p.download.rate(now);
    return r;
  }

  uploadRate(): number {
    const now = this.now();
    let r = 0;
    for (const p of this.peers) r += p.upload.rate(now);
    return r;
  }

  /** Peers past the handshake (channels still connecting, such as unanswered offers, are not counted). */
  connectedPeers(): number {
    let n = 0;
    for (const p of this.peers) if (p.ready) n++;
    return n;
  }

  /** Peers still wanted from trackers (0 when paused or full). */
  peersWanted(): number {
    if (this.status === 'paused' || this.status === 'error' || this.destroyed) return 0;
    return Math.max(0, this.deps.settings.maxPeers - this.connectedPeers());
  }

  /** Reads bytes of the torrent (verified pieces only are meaningful). */
  async read(offset: number, length: number): Promise<Uint8Array> {
    const l = this.loaded;
    if (!l) throw new EngineError('TORRENT_NOT_FOUND', 'The torrent has no data yet', {});
    return l.store.read(offset, length);
  }

  // --- control ------------------------------------------------------------------------------------------------

  addPeer(channel: PeerChannel, transport: 'webrtc' | 'pipe', expectedPeerIdHex = ''): Peer | null {
    // Unanswered offers sit here too until they expire, so the cap on channels is above the cap on peers.
    const full = this.peers.size >= 2 * this.deps.settings.maxPeers || this.connectedPeers() >= this.deps.settings.maxPeers;
    if (this.destroyed || this.status === 'paused' || this.status === 'error' || full) {
      channel.close();
      return null;
    }
    const peer = new Peer(this, channel, transport, expectedPeerIdHex);
    this.peers.add(peer);
    peer.start();
    return peer;
  }

  pause(): void {
    if (this.status === 'paused') return;
    this.status = 'paused';
    for (const p of [...this.peers]) p.destroy('paused');
  }

  resume(): void {
    if (this.status !== 'paused' && this.status !== 'error') return;
    this.error = null;
    this.status = this.loaded ? (this.complete ? 'seeding' : 'downloading') : 'metadata';
  }

  setFilePriorities(indexes: readonly number[], priority: number): void {
    const l = this.loaded;
    if (!l) return;
    for (const i of indexes) if (i >= 0 && i < l.meta.files.length) this.filePriorities[i] = priority;
    const wasComplete = this.complete;
    l.picker.setPriorities(piecePriorities(l.meta.files, this.filePriorities, l.meta.pieceLength, l.meta.pieceCount));
    this.afterProgress(wasComplete);
    for (const p of this.peers) this.updateInterest(p);
  }

  async destroy(deleteData: boolean): Promise<void> {
    if (this.destroyed) return;
    this.destroyed = true;
    for (const p of [...this.peers]) p.destroy('torrent removed');
    const l = this.loaded;
    if (l) {
      l.assembler.clear();
      l.cache.clear();
      await (deleteData ? l.store.destroy() : l.store.close());
    } else if (deleteData) {
      await this.deps.storeFactory.remove(this.storageId);
    }
  }

  /** Periodic work: choking rounds, timeouts, keep-alives, stalled pipelines. Called by the session (~1/s). */
  tick(): void {
    if (this.destroyed) return;
    const now = this.now();
    for (const peer of [...this.peers]) {
      if (now - peer.lastReceivedAt > IDLE_TIMEOUT_MS) {
        peer.destroy(new EngineError('PEER_TIMEOUT', 'Peer sent nothing for too long', { idleMs: now - peer.lastReceivedAt }));
        continue;
      }
      if (now - peer.lastSentAt > KEEPALIVE_MS) peer.send(wire.keepAlive());
      if (peer.outstanding.size > 0 && now - peer.lastBlockAt > REQUEST_TIMEOUT_MS) this.releaseRequests(peer);
    }
    if (now >= this.nextChokeAt) {
      const rotate = now >= this.nextOptimisticAt;
      this.chokeRound(rotate);
      this.nextChokeAt = now + CHOKE_INTERVAL_MS;
      if (rotate) this.nextOptimisticAt = now + OPTIMISTIC_INTERVAL_MS;
    }
    if (this.fetcher) this.fetcher.tick(this.peers);
    const l = this.loaded;
    if (l) {
      for (const peer of this.peers) {
        if (!peer.ready) continue;
        this.refill(peer);
        l.uploader.serve(peer);
      }
    }
  }

  // --- PeerHost -----------------------------------------------------------------------------------------------

  now(): number {
    return this.deps.clock.now();
  }

  extendedHandshake(): ExtendedHandshake {
    const meta = this.loaded?.meta;
    return {
      m: { [UT_METADATA]: OUR_UT_METADATA_ID },
      v: CLIENT_VERSION,
      reqq: MAX_PEER_REQUESTS,
      ...(meta ? { metadataSize: meta.infoBytes.length } : {}),
    };
  }

  ourBitfield(): Uint8Array | null {
    return this.loaded?.have.bytes ?? null;
  }

  onHandshake(peer: Peer): boolean {
    if (this.destroyed || this.status === 'paused' || this.connectedPeers() >= this.deps.settings.maxPeers) return false;
    for (const other of this.peers) if (other !== peer && other.ready && other.remotePeerIdHex === peer.remotePeerIdHex) return false;
    return true;
  }

  onReady(peer: Peer): void {
    if (this.fetcher && peer.extensions) this.fetcher.addPeer(peer);
  }

  onExtendedHandshake(peer: Peer): void {
    this.fetcher?.addPeer(peer);
  }

  onHave(peer: Peer, index: number): void {
    const l = this.loaded;
    if (!l || !peer.has) return;
    if (index < 0) {
      if (peer.has.complete) this.becameSeed(peer, -1);
      else l.picker.addBitfield(peer.has);
      this.updateInterest(peer);
      return;
    }
    if (peer.has.complete) this.becameSeed(peer, index);
    else l.picker.peerHas(index);
    if (l.picker.isWanted(index) && !peer.amInterested) {
      peer.setInterested(true);
      this.refill(peer);
    }
  }

  onChoke(peer: Peer): void {
    this.releaseRequests(peer);
  }

  onUnchoke(peer: Peer): void {
    this.refill(peer);
  }

  onInterest(peer: Peer): void {
    if (!peer.peerInterested || !peer.amChoking || !this.loaded) return;
    let unchoked = 0;
    for (const p of this.peers) if (!p.amChoking) unchoked++;
    // A free slot is given at once rather than at the next choking round.
    if (unchoked < this.deps.settings.uploadSlots) peer.setChoking(false);
  }

  onBlock(peer: Peer, index: PieceIndex, begin: number, block: Uint8Array): void {
    const l = this.loaded;
    if (!l) return;
    const key = l.picker.blockKey(index, begin);
    if (begin % BLOCK_SIZE !== 0 || !peer.outstanding.delete(key)) {
      peer.unrequestedBytes += block.length;
      if (peer.unrequestedBytes > MAX_UNREQUESTED_BYTES) {
        peer.destroy(new EngineError('PEER_FLOODING', 'Peer sent too much data we did not ask for', { bytes: peer.unrequestedBytes }));
      }
      return;
    }
    if (block.length !== l.geometry.blockSize(index, begin / BLOCK_SIZE)) {
      peer.destroy(new EngineError('WIRE_BAD_BLOCK', 'Block length differs from the request', { index, begin, length: block.length }));
      return;
    }
    const endgame = l.picker.partial(index)?.requesters[begin / BLOCK_SIZE] !== 1;
    const result = l.picker.blockReceived(index, begin);
    if (result === 'duplicate' || result === 'unexpected') {
      this.refill(peer);
      return;
    }
    this.downloaded += block.length;
    l.assembler.write(index, l.geometry.pieceSize(index), begin, block, peer);
    if (endgame) {
      for (const other of this.peers) if (other !== peer) other.sendCancel(index, begin, block.length, key);
    }
    if (result === 'piece-complete') void this.verify(index);
    this.refill(peer);
  }

  onRequest(peer: Peer): void {
    this.loaded?.uploader.serve(peer);
  }

  onDrain(peer: Peer): void {
    this.loaded?.uploader.serve(peer);
  }

  onMetadataMessage(peer: Peer, payload: Uint8Array): void {
    let msg;
    try {
      msg = decodeMetadataMessage(payload);
    } catch (e) {
      if (e instanceof EngineError) peer.destroy(e);
      else throw e;
      return;
    }
    if (!msg) return;
    if (msg.type === 'request') {
      const info = this.loaded?.meta.infoBytes;
      const reply = info ? metadataResponse(info, msg.piece) : { type: 'reject' as const, piece: msg.piece };
      peer.sendExtended(UT_METADATA, encodeMetadataMessage(reply));
      return;
    }
    this.fetcher?.onMessage(peer, msg);
  }

  onClose(peer: Peer, reason: EngineError | string): void {
    this.peers.delete(peer);
    this.releaseRequests(peer);
    const l = this.loaded;
    if (l && peer.has) {
      if (peer.isSeed) l.picker.removeSeed();
      else l.picker.removeBitfield(peer.has);
    }
    this.fetcher?.peerClosed(peer);
    if (this.optimistic === peer.remotePeerIdHex) this.optimistic = null;
    if (peer.remotePeerIdHex || peer.expectedPeerIdHex) {
      this.deps.events.peerClosed(this, peer.remotePeerIdHex || peer.expectedPeerIdHex, reason);
    }
  }

  // --- internals ----------------------------------------------------------------------------------------------

  private async load(meta: Metainfo): Promise<void> {
    const geometry = new Geometry(meta.length, meta.pieceLength);
    const store = await this.deps.storeFactory.open({
      infoHashHex: this.storageId,
      pieceLength: meta.pieceLength,
      pieceCount: meta.pieceCount,
      length: meta.length,
      files: meta.files,
    });
    if (this.destroyed) {
      await store.close();
      return;
    }
    const have = new Bitfield(meta.pieceCount, store.verifiedPieces());
    if (this.filePriorities.length !== meta.files.length) {
      this.filePriorities = prioritiesFromSelection(meta.files.length, this.selectOnly);
    }
    const picker = new PiecePicker(geometry, have, piecePriorities(meta.files, this.filePriorities, meta.pieceLength, meta.pieceCount), this.deps.random);
    const cache = new ReadCache(geometry, store);
    const uploader = new Uploader(have, cache, {
      sent: (bytes) => void (this.uploaded += bytes),
      readError: (e) => this.fail(asStorageError(e)),
    });
    this.loaded = { meta, geometry, store, have, picker, assembler: new PieceAssembler(), cache, uploader, perFile: verifiedPerFile(meta, have) };
    this.name = meta.name;
    if (this.status !== 'paused') this.status = this.complete ? 'seeding' : 'downloading';
    for (const peer of this.peers) {
      if (!peer.ready) continue;
      peer.setGeometry(geometry);
      if (peer.isClosed) continue;
      this.onHave(peer, -1);
      peer.sendExtendedHandshake();
    }
  }

  private fetcherHost() {
    return {
      infoHash: this.infoHash,
      hasher: this.hasher,
      now: () => this.now(),
      dropPeer: (peer: Peer, e: EngineError) => peer.destroy(e),
      onMetadata: (infoBytes: Uint8Array) => void this.onMetadata(infoBytes),
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

  /** `lastIndex` is the have that completed it (its other pieces were counted one by one), or -1 for a bitfield. */
  private becameSeed(peer: Peer, lastIndex: number): void {
    const l = this.loaded!;
    if (lastIndex >= 0 && peer.has) {
      // From now on it counts once, as a seed: take back the per-piece counts it had before this have.
      peer.has.clear(lastIndex);
      l.picker.removeBitfield(peer.has);
      peer.has.setAll();
    }
    peer.markSeed();
    l.picker.addSeed();
    // Two seeds have nothing to say to each other.
    if (this.complete && this.isFullSeed()) peer.destroy('both seeds');
  }

  private isFullSeed(): boolean {
    return this.loaded !== null && this.loaded.have.complete;
  }

  private updateInterest(peer: Peer): void {
    const l = this.loaded;
    if (!l || !peer.ready || !peer.has) return;
    const wants = l.picker.wantsFrom({ has: peer.isSeed ? null : peer.has, outstanding: peer.outstanding });
    peer.setInterested(wants);
    if (wants) this.refill(peer);
  }

  private refill(peer: Peer): void {
    const l = this.loaded;
    if (!l || peer.peerChoking || !peer.amInterested || !peer.ready || this.status === 'paused') return;
    const depth = pipelineDepth(peer.download.rate(this.now()), peer.remoteReqq);
    const free = depth - peer.outstanding.size;
    if (free < Math.min(REFILL_BATCH, depth) && peer.outstanding.size > 0) return;
    const out = this.scratch;
    out.length = 0;
    const n = l.picker.pick({ has: peer.isSeed ? null : peer.has, outstanding: peer.outstanding }, free, out);
    if (n > 0) peer.sendRequests(out);
    else if (peer.outstanding.size === 0) this.updateInterestLater(peer);
    out.length = 0;
  }

  /** Nothing to ask this peer: drop interest unless it has pieces we still need (outside the refill call stack). */
  private updateInterestLater(peer: Peer): void {
    const l = this.loaded;
    if (!l || !peer.has) return;
    if (!l.picker.wantsFrom({ has: peer.isSeed ? null : peer.has, outstanding: peer.outstanding })) peer.setInterested(false);
  }

  private releaseRequests(peer: Peer): void {
    const l = this.loaded;
    if (!l) {
      peer.outstanding.clear();
      return;
    }
    const perPiece = l.geometry.blocksPerPiece;
    for (const key of peer.outstanding.keys()) {
      l.picker.requestDropped(Math.floor(key / perPiece), (key % perPiece) * BLOCK_SIZE);
    }
    peer.outstanding.clear();
  }

  private async verify(index: PieceIndex): Promise<void> {
    const l = this.loaded!;
    const piece = l.assembler.take(index);
    if (!piece) return;
    const ok = await verifyPiece(this.hasher, l.meta.pieceHashes, index, piece.data);
    if (this.destroyed) return;
    if (!ok) {
      l.picker.pieceFailed(index);
      this.punish(piece.contributors, index);
      for (const p of this.peers) this.refill(p);
      return;
    }
    try {
      await l.store.writePiece(index, piece.data);
    } catch (e) {
      if (this.destroyed) return;
      l.picker.pieceFailed(index);
      this.fail(asStorageError(e));
      return;
    }
    if (this.destroyed) return;
    const wasComplete = this.complete;
    l.have.set(index);
    l.picker.pieceVerified(index);
    l.cache.put(index, piece.data);
    addPiece(l.meta, index, l.perFile);
    for (const p of this.peers) if (!p.has?.get(index)) p.sendHave(index);
    this.deps.events.pieceVerified(this, index);
    this.afterProgress(wasComplete);
  }

  private afterProgress(wasComplete: boolean): void {
    if (!this.complete || this.status === 'paused' || this.status === 'error') {
      if (!this.complete && this.status === 'seeding') this.status = 'downloading';
      return;
    }
    this.status = 'seeding';
    if (wasComplete) return;
    for (const p of [...this.peers]) {
      if (p.isSeed && this.isFullSeed()) p.destroy('both seeds');
      else p.setInterested(false);
    }
    this.deps.events.completed(this);
  }

  private punish(contributors: ReadonlySet<Peer>, index: number): void {
    for (const peer of contributors) {
      // A piece that came from one peer alone proves that peer sent bad data.
      peer.strikes += contributors.size === 1 ? MAX_STRIKES : 1;
      if (peer.strikes >= MAX_STRIKES) {
        peer.destroy(new EngineError('PEER_BAD_DATA', 'Peer sent data that failed the hash check', { piece: index, strikes: peer.strikes }));
      }
    }
  }

  private chokeRound(rotateOptimistic: boolean): void {
    const now = this.now();
    const candidates = [...this.peers]
      .filter((p) => p.ready)
      .map((p) => ({
        id: p.remotePeerIdHex,
        interested: p.peerInterested,
        downloadRate: p.download.rate(now),
        uploadRate: p.upload.rate(now),
        unchokedSince: p.unchokedSince,
        chokedSince: p.chokedSince,
        connectedAt: p.connectedAt,
      }));
    const decision = chooseUnchoked({
      peers: candidates,
      slots: this.deps.settings.uploadSlots,
      seeding: this.complete,
      now,
      optimistic: this.optimistic,
      rotateOptimistic,
      random: this.deps.random,
    });
    this.optimistic = decision.optimistic;
    for (const p of this.peers) if (p.ready) p.setChoking(!decision.unchoke.has(p.remotePeerIdHex));
    for (const p of this.peers) if (p.ready && !p.amChoking) this.loaded?.uploader.serve(p);
  }

  private fail(e: EngineError): void {
    this.error = e;
    this.status = 'error';
    for (const p of [...this.peers]) p.destroy(e);
    this.deps.events.error(this, e);
  }
}

function asStorageError(e: unknown): EngineError {
  if (e instanceof EngineError) return e;
  return new EngineError('STORAGE_IO', `Storage failed: ${e instanceof Error ? e.message : String(e)}`);
}

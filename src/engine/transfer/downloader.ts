// The download side of a torrent: what peers have (availability), whom we are interested in, keeping each peer's
// request pipeline full, taking blocks in, and verifying and storing finished pieces. Decisions come from the
// picker and the pipeline sizing; this module applies them to peers.

import type { Bitfield } from '../bitfield.ts';
import { EngineError } from '../errors.ts';
import { BLOCK_SIZE, type Geometry, type PieceIndex } from '../metainfo/geometry.ts';
import type { Metainfo } from '../metainfo/types.ts';
import type { Peer } from '../peer/peer.ts';
import type { BlockRequest, PickerPeer, PiecePicker } from '../picker/piece-picker.ts';
import { requestsToMove, requestsToMoveAll, requestsToSweep, sparesSeed, SWEEP_MS } from '../picker/seed-sparing.ts';
import type { Hasher, PieceStore } from '../ports.ts';
import { verifyPiece } from '../verify.ts';
import { KeptWriter } from './kept-writer.ts';
import type { PieceAssembler } from './piece-assembler.ts';
import { pipelineDepth } from './pipeline.ts';
import type { ReadCache } from './read-cache.ts';

/** A peer that contributed to this many failed pieces is dropped. */
const MAX_STRIKES = 3;
/** Unrequested block bytes we tolerate (late answers after a cancel) before calling it flooding. */
const MAX_UNREQUESTED_BYTES = 4 * 1024 * 1024;
/** Refill a peer's pipeline only once this many slots (or a quarter of its depth) are free, so requests go out in
 * batches, not singly. */
const REFILL_BATCH = 8;

export interface DownloaderParts {
  readonly meta: Metainfo;
  readonly geometry: Geometry;
  readonly store: PieceStore;
  readonly have: Bitfield;
  readonly picker: PiecePicker;
  readonly assembler: PieceAssembler;
  readonly cache: ReadCache;
  readonly hasher: Hasher;
}

export interface DownloaderHooks {
  now(): number;
  peers(): Iterable<Peer>;
  /** False while the torrent must not request (paused, failed, removed). */
  active(): boolean;
  /** True once the torrent is removed: late hash results and writes are dropped. */
  removed(): boolean;
  /** Payload bytes of accepted blocks. */
  received(bytes: number): void;
  /** Payload bytes received and thrown away: unasked, duplicates (endgame), pieces that failed their hash. */
  wasted(bytes: number): void;
  /** A piece passed its hash check and is stored. */
  verified(index: number): void;
  /** Storage failed: the torrent stops with this error. */
  storageFailed(error: unknown): void;
  /**
   * Download rate limit (rate/transfer-limiter.ts): of `wanted` block requests, how many may go out now; and the
   * number that went out. Absent = unlimited.
   */
  requestBudget?(wanted: number): number;
  requested?(count: number): void;
}

export class Downloader {
  private readonly scratch: BlockRequest[] = [];
  private readonly kept: KeptWriter;
  /** When requests to seeds were last looked over (seed-sparing.ts). */
  private lastSweep = 0;

  constructor(
    private readonly parts: DownloaderParts,
    private readonly hooks: DownloaderHooks,
  ) {
    this.kept = new KeptWriter(parts.store, (e) => this.keepFailed(e));
  }

  // --- availability and interest ------------------------------------------------------------------------------

  /** The peer's piece set grew: `index` is the new piece, or -1 for a whole bitfield. */
  peerHas(peer: Peer, index: number): void {
    const { picker } = this.parts;
    if (!peer.has) return;
    if (index < 0) {
      if (peer.has.complete) this.becameSeed(peer, -1);
      else picker.addBitfield(peer.has);
      this.updateInterest(peer);
      return;
    }
    if (peer.has.complete) this.becameSeed(peer, index);
    else picker.peerHas(index);
    if (picker.isWanted(index) && !peer.amInterested) {
      peer.setInterested(true);
      this.refill(peer);
    }
    this.moveOffSeeds(peer, index);
  }

  /** The peer unchoked us: what we await from a seed of the pieces it has is asked of it instead; then top up. */
  unchoked(peer: Peer): void {
    const moves = requestsToMoveAll(peer, this.parts.geometry.blocksPerPiece, this.hooks.peers(), this.hooks.now());
    for (const { peer: seed, key } of moves) this.cancelRequest(seed, key);
    this.refill(peer);
  }

  /** At most every SWEEP_MS: requests waiting at seeds for pieces a peer that serves us has are asked of that peer. */
  private sweepSeeds(now: number): void {
    if (now - this.lastSweep < SWEEP_MS) return;
    this.lastSweep = now;
    const moves = requestsToSweep(this.parts.geometry.blocksPerPiece, this.hooks.peers(), now);
    if (moves.length === 0) return;
    const sources = new Set<Peer>();
    for (const { peer, key, source } of moves) {
      this.cancelRequest(peer, key);
      sources.add(source);
    }
    for (const source of sources) this.refill(source);
  }

  /** A peer that serves us announced `index`: what we still await of it from a seed is asked of that peer instead. */
  private moveOffSeeds(announcer: Peer, index: number): void {
    const { geometry, picker } = this.parts;
    if (!picker.isWanted(index)) return;
    const blocks = geometry.blockCount(index as PieceIndex);
    const moves = requestsToMove(announcer, index, geometry.blocksPerPiece, blocks, this.hooks.peers(), this.hooks.now());
    if (moves.length === 0) return;
    for (const { peer, key } of moves) this.cancelRequest(peer, key);
    this.refill(announcer);
  }

  /** The peer left: its pieces no longer count and its requests go back to the picker. */
  peerGone(peer: Peer): void {
    this.releaseRequests(peer);
    if (!peer.has) return;
    if (peer.isSeed) this.parts.picker.removeSeed();
    else this.parts.picker.removeBitfield(peer.has);
  }

  updateInterest(peer: Peer): void {
    if (!peer.ready || !peer.has) return;
    const wants = this.parts.picker.wantsFrom(pickerView(peer));
    peer.setInterested(wants);
    if (wants) this.refill(peer);
  }

  /** `lastIndex` is the have that completed it (its other pieces were counted one by one), or -1 for a bitfield. */
  private becameSeed(peer: Peer, lastIndex: number): void {
    const { picker, have } = this.parts;
    if (lastIndex >= 0 && peer.has) {
      // From now on it counts once, as a seed: take back the per-piece counts it had before this have.
      peer.has.clear(lastIndex);
      picker.removeBitfield(peer.has);
      peer.has.setAll();
    }
    peer.markSeed();
    picker.addSeed();
    // Two seeds have nothing to say to each other.
    if (have.complete) peer.destroy('both seeds');
  }

  // --- requests -----------------------------------------------------------------------------------------------

  /** Tops up the peer's pipeline to its depth (in batches). `now`: the caller's clock reading, if it has one. */
  refill(peer: Peer, now = this.hooks.now()): void {
    if (this.restoring) return;
    if (peer.peerChoking || !peer.amInterested || !peer.ready || !this.hooks.active()) return;
    if (peer.isSeed) this.sweepSeeds(now);
    const depth = pipelineDepth(peer.download.rate(now), peer.remoteReqq);
    let free = depth - peer.outstanding.size;
    // A deep pipeline (a fast peer) is topped up a quarter at a time: each request batch is one send(), whose cost
    // is per call, and three quarters of a second's worth stays in flight meanwhile.
    const batch = Math.min(Math.max(REFILL_BATCH, depth >> 2), depth);
    if (free < batch && peer.outstanding.size > 0) return;
    // The download limit's one hook: requests are granted from its buckets as they go out.
    if (this.hooks.requestBudget) free = this.hooks.requestBudget(free);
    if (free <= 0) return;
    const out = this.scratch;
    out.length = 0;
    const view = peer.isSeed ? { ...pickerView(peer), spare: sparesSeed(peer, this.hooks.peers(), now) } : pickerView(peer);
    const n = this.parts.picker.pick(view, free, out);
    this.hooks.requested?.(n);
    if (n > 0) peer.sendRequests(out);
    else if (peer.outstanding.size === 0 && !this.parts.picker.wantsFrom(pickerView(peer))) peer.setInterested(false);
    out.length = 0;
  }

  /**
   * Requests that will not be answered (choke, disconnect) go back to the picker. After a timeout the peer may
   * still hold them, so `cancel` tells it to forget them first: asked again later, a peer like WebTorrent's
   * bittorrent-protocol would otherwise see two identical requests and drop both answers.
   */
  releaseRequests(peer: Peer, cancel = false): void {
    if (cancel) for (const key of [...peer.outstanding.keys()]) this.cancelRequest(peer, key);
    for (const key of peer.book.dropAll()) this.dropRequest(key);
  }

  /**
   * Streaming jumped to a new position (a seek): every request for a piece `keep` rejects is cancelled, so peers
   * serve the new position now rather than after a pipeline's worth (about a second) of other data. Blocks already
   * under way still land and are taken if useful (onBlock); the cancelled blocks go back to the picker.
   */
  cancelExcept(keep: (index: number) => boolean): void {
    const perPiece = this.parts.geometry.blocksPerPiece;
    for (const peer of this.hooks.peers()) {
      for (const key of [...peer.outstanding.keys()]) if (!keep(Math.floor(key / perPiece))) this.cancelRequest(peer, key);
    }
    for (const peer of this.hooks.peers()) this.refill(peer);
  }

  /** Sends a cancel (the book remembers it, so a late answer is not flooding) and gives the block back to the picker. */
  private cancelRequest(peer: Peer, key: number): void {
    const perPiece = this.parts.geometry.blocksPerPiece;
    const index = Math.floor(key / perPiece) as PieceIndex;
    const block = key % perPiece;
    peer.sendCancel(index, block * BLOCK_SIZE, this.parts.geometry.blockSize(index, block), key);
    this.dropRequest(key);
  }

  /** The block of a request that will not be answered goes back to the picker. */
  private dropRequest(key: number): void {
    const perPiece = this.parts.geometry.blocksPerPiece;
    this.parts.picker.requestDropped(Math.floor(key / perPiece), (key % perPiece) * BLOCK_SIZE);
  }

  // --- blocks and pieces --------------------------------------------------------------------------------------

  onBlock(peer: Peer, index: PieceIndex, begin: number, block: Uint8Array): void {
    const { picker, geometry, assembler } = this.parts;
    const key = picker.blockKey(index, begin);
    // An answer to a request we cancelled, sent before our cancel arrived, is not flooding, and is taken if useful.
    const answer = peer.book.answer(key, begin % BLOCK_SIZE === 0);
    if (answer === 'late-reasked') {
      // We asked for this block again since; the peer may still hold that newer request, so it is cancelled too (and
      // remembered): no request stays counted here that the peer dropped, nor held there that we stopped counting.
      peer.sendCancel(index, begin, block.length, key);
    }
    if (answer === 'unrequested') {
      this.hooks.wasted(block.length);
      const bytes = peer.book.addUnrequested(block.length);
      if (bytes > MAX_UNREQUESTED_BYTES) peer.destroy(new EngineError('PEER_FLOODING', 'Peer sent too much data we did not ask for', { bytes }));
      return;
    }
    if (block.length !== geometry.blockSize(index, begin / BLOCK_SIZE)) {
      peer.destroy(new EngineError('WIRE_BAD_BLOCK', 'Block length differs from the request', { index, begin, length: block.length }));
      return;
    }
    // Asked of more than one peer (endgame): the others get a cancel once it is here.
    const duplicated = picker.partial(index)?.requesters[begin / BLOCK_SIZE] !== 1;
    const result = picker.blockReceived(index, begin);
    if (result === 'accepted' || result === 'piece-complete') {
      this.hooks.received(block.length);
      const kept = assembler.write(index, geometry.pieceSize(index), begin, block, peer);
      this.keep(index, begin, kept, peer.lastBlockAt);
      if (duplicated) for (const other of this.hooks.peers()) if (other !== peer) other.sendCancel(index, begin, block.length, key);
      if (result === 'piece-complete') void this.verify(index);
    } else {
      this.hooks.wasted(block.length);
    }
    // The block's arrival time (read once per channel chunk by the peer): no clock read per block.
    this.refill(peer, peer.lastBlockAt);
  }

  /**
   * Takes back the blocks kept from an earlier session (PieceStore.writeBlock) as received: a piece they complete
   * is verified now, the others need only their missing blocks. Blocks that arrived meanwhile win.
   */
  async restoreKept(): Promise<number> {
    const { store } = this.parts;
    if (!store.keptBlocks || !store.keptPiece) return 0;
    // Nothing is requested meanwhile: a request now could fetch again a block the store still holds.
    this.restoring = true;
    try {
      return await this.restoreKeptBlocks();
    } finally {
      this.restoring = false;
      for (const peer of this.hooks.peers()) this.refill(peer);
    }
  }

  private async restoreKeptBlocks(): Promise<number> {
    const { store, have, picker, assembler, geometry } = this.parts;
    const kept = await store.keptBlocks!();
    let blocks = 0;
    for (const [index, begins] of kept) {
      if (this.hooks.removed()) return blocks;
      if (have.get(index) || !picker.isWanted(index)) continue;
      const size = geometry.pieceSize(index as PieceIndex);
      const data = await store.keptPiece!(index, size);
      if (this.hooks.removed() || !picker.resumePiece(index)) continue;
      let complete = false;
      for (const begin of begins) {
        const end = Math.min(begin + BLOCK_SIZE, size);
        const result = picker.blockReceived(index, begin);
        if (result !== 'accepted' && result !== 'piece-complete') continue;
        assembler.write(index, size, begin, data.subarray(begin, end), null);
        blocks++;
        complete ||= result === 'piece-complete';
      }
      if (complete) void this.verify(index as PieceIndex);
    }
    for (const peer of this.hooks.peers()) this.updateInterest(peer);
    return blocks;
  }

  /**
   * Keeps a received block in the store until its piece verifies, if the piece is still incomplete a moment later
   * (kept-writer.ts; best effort: losing it costs a re-download).
   */
  private keep(index: number, begin: number, block: Uint8Array, now: number): void {
    this.kept.add(index, begin, block, now);
  }

  /** Periodic (the torrent's tick) and at close: keeps the blocks of pieces that have been waiting long enough. */
  flushKept(all = false): void {
    this.kept.flush(all ? Infinity : this.hooks.now());
  }

  private keepFailedOnce = false;
  /** Kept blocks of an earlier session are being taken back (restoreKept): no requests until then. */
  private restoring = false;
  private keepFailed(e: unknown): void {
    if (this.keepFailedOnce) return;
    this.keepFailedOnce = true;
    console.warn('Keeping received blocks failed (a restart re-downloads them)', e);
  }

  private async verify(index: PieceIndex): Promise<void> {
    const { assembler, meta, picker, store, have, cache, hasher } = this.parts;
    const piece = assembler.take(index);
    if (!piece) return;
    const ok = await verifyPiece(hasher, meta.pieceHashes, index, piece.data);
    // Blocks still owed stay owed until the piece is stored: closing meanwhile keeps them (flushKept at close).
    if (this.hooks.removed()) return;
    this.kept.drop(index);
    if (!ok) {
      this.hooks.wasted(piece.data.length);
      picker.pieceFailed(index);
      this.parts.store.forgetBlocks?.(index).catch((e: unknown) => this.keepFailed(e));
      if (!piece.kept) punish(piece.contributors, index);
      // The piece is wanted again: peers we lost interest in while it was verifying may have it.
      for (const p of this.hooks.peers()) this.updateInterest(p);
      return;
    }
    try {
      await store.writePiece(index, piece.data);
    } catch (e) {
      if (this.hooks.removed()) return;
      picker.pieceFailed(index);
      this.hooks.storageFailed(e);
      return;
    }
    if (this.hooks.removed()) return;
    have.set(index);
    // Completion is recorded at once (the lifecycle saves it): the last marks go to disk with it.
    if (have.complete) store.flushVerified?.();
    picker.pieceVerified(index);
    cache.put(index, piece.data);
    for (const p of this.hooks.peers()) if (!p.has?.get(index)) p.sendHave(index);
    this.hooks.verified(index);
  }
}

/** What the picker sees of a peer. */
function pickerView(peer: Peer): PickerPeer {
  return { has: peer.isSeed ? null : peer.has, outstanding: peer.outstanding };
}

function punish(contributors: ReadonlySet<Peer>, index: number): void {
  for (const peer of contributors) {
    // A piece that came from one peer alone proves that peer sent bad data.
    const strikes = peer.book.strike(contributors.size === 1 ? MAX_STRIKES : 1);
    if (strikes >= MAX_STRIKES) {
      peer.destroy(new EngineError('PEER_BAD_DATA', 'Peer sent data that failed the hash check', { piece: index, strikes }));
    }
  }
}

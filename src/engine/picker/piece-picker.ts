// Which block to request next: urgent (streaming) pieces in order, then pieces already started, then new pieces by
// priority, rarity and a random salt; endgame duplicates the last requests. Piece states: see engine/STATE.md.

import type { Bitfield } from '../bitfield.ts';
import { BLOCK_SIZE, type Geometry, type PieceIndex } from '../metainfo/geometry.ts';
import { CandidateList } from './candidate-list.ts';
import { addRequester, checkPartial, dropRequest, mayDuplicate, newPartial, receiveBlock, requestFreeBlocks } from './partial-piece.ts';
import type { BlockRequest, BlockResult, Partial, PickerPeer } from './picker-types.ts';
import { rarestFirst, sequentialFirst } from './piece-order.ts';

/** Piece states (STATE.md). A piece is in exactly one. */
export const enum PieceState {
  /** Wanted, no block requested: sits in the candidate list. */
  Queued = 0,
  /** Has a Partial: some blocks requested or received. */
  InFlight = 1,
  /** Every block received; hashing and writing. */
  Verifying = 2,
  /** Verified and stored. */
  Have = 3,
  /** Priority 0 and not had. */
  NotNeeded = 4,
}

/** Priorities run 0 (skip) to 7 (libtorrent's scale); higher values are read as 7 so per-priority counts stay exact. */
const MAX_PRIORITY = 7;

export type { BlockRequest, BlockResult, Partial, PickerPeer } from './picker-types.ts';

export class PiecePicker {
  private readonly state: Uint8Array;
  private readonly priority: Uint8Array;
  /** Non-seed peers having each piece; seeds are counted once in `seeds`. */
  private readonly availability: Uint16Array;
  private seeds = 0;
  /** Queued pieces in a random order (the random start). */
  private readonly candidates: CandidateList;
  private readonly queuedPerPriority = new Int32Array(MAX_PRIORITY + 1);
  private readonly partials = new Map<number, Partial>();
  /** Pieces to fetch first, in order (streaming deadlines); set by the streaming layer. */
  private urgent: PieceIndex[] = [];
  /** The first urgent piece, after a seek, is asked of every peer that has it (up to MAX_DUPLICATE_REQUESTS). */
  private urgentShared = false;
  /** Sequential download: new pieces in index order (first and last first) instead of rarest first. */
  private sequential = false;
  private wantedRemaining = 0;

  constructor(
    private readonly geometry: Geometry,
    have: Bitfield,
    priorities: Uint8Array,
    random: () => number = Math.random,
  ) {
    const n = geometry.pieceCount;
    this.state = new Uint8Array(n);
    this.priority = new Uint8Array(n);
    this.availability = new Uint16Array(n);
    this.candidates = new CandidateList(n, random);
    for (let i = 0; i < n; i++) {
      this.priority[i] = Math.min(priorities[i] ?? 4, MAX_PRIORITY);
      if (have.get(i)) this.state[i] = PieceState.Have;
      else if (this.priority[i] === 0) this.state[i] = PieceState.NotNeeded;
      else this.enqueue(i);
    }
  }

  blockKey(index: number, begin: number): number {
    return index * this.geometry.blocksPerPiece + begin / BLOCK_SIZE;
  }

  pieceState(index: number): PieceState {
    return this.state[index] as PieceState;
  }

  /** Wanted pieces not yet verified (Queued, InFlight, Verifying). */
  get remaining(): number {
    return this.wantedRemaining;
  }

  isWanted(index: number): boolean {
    const s = this.state[index];
    return s === PieceState.Queued || s === PieceState.InFlight;
  }

  partial(index: number): Partial | undefined {
    return this.partials.get(index);
  }

  // --- availability -------------------------------------------------------------------------------------------

  peerHas(index: number): void {
    if (this.availability[index]! < 0xffff) this.availability[index]!++;
  }

  peerLost(index: number): void {
    if (this.availability[index]! > 0) this.availability[index]!--;
  }

  addBitfield(bits: Bitfield): void {
    for (let i = 0; i < this.geometry.pieceCount; i++) if (bits.get(i)) this.peerHas(i);
  }

  removeBitfield(bits: Bitfield): void {
    for (let i = 0; i < this.geometry.pieceCount; i++) if (bits.get(i)) this.peerLost(i);
  }

  addSeed(): void {
    this.seeds++;
  }

  removeSeed(): void {
    if (this.seeds > 0) this.seeds--;
  }

  availabilityOf(index: number): number {
    return this.availability[index]! + this.seeds;
  }

  // --- priorities ---------------------------------------------------------------------------------------------

  /** Per-piece priorities (0 = skip). Started pieces are finished even if they become unwanted. */
  setPriorities(priorities: Uint8Array): void {
    for (let i = 0; i < this.geometry.pieceCount; i++) {
      const p = Math.min(priorities[i] ?? 4, MAX_PRIORITY);
      const s = this.state[i];
      if (s === PieceState.Queued) {
        this.dequeue(i);
        this.priority[i] = p;
        if (p > 0) this.enqueue(i, false);
        else {
          this.state[i] = PieceState.NotNeeded;
          this.wantedRemaining--;
        }
      } else {
        this.priority[i] = p;
        if (s === PieceState.NotNeeded && p > 0) this.enqueue(i);
      }
    }
  }

  /** Sequential (true) or rarest-first (false) order for new pieces; priorities and urgent pieces still go first. */
  setSequential(on: boolean): void {
    this.sequential = on;
  }

  /**
   * `shareFirst`: the first of them (a player waits on it after a seek) is asked of every peer that has it, end-game
   * style, so the peer with the shortest queue serves it; the others get a cancel when it is here.
   */
  setUrgent(pieces: readonly PieceIndex[], shareFirst = false): void {
    this.urgent = pieces.filter((i) => this.state[i] !== PieceState.Have && this.state[i] !== PieceState.NotNeeded);
    this.urgentShared = shareFirst && this.urgent[0] === pieces[0];
  }

  // --- picking ------------------------------------------------------------------------------------------------

  /** Appends up to `max` requests for `peer` to `out`; returns how many. */
  pick(peer: PickerPeer, max: number, out: BlockRequest[]): number {
    let count = 0;
    const firstNew = out.length;
    for (let u = 0; u < this.urgent.length && count < max; u++) {
      const index = this.urgent[u]!;
      if (!this.peerHasPiece(peer, index)) continue;
      const s = this.state[index];
      if (s === PieceState.Queued) this.start(index);
      const partial = this.partials.get(index);
      if (partial) count += this.requestFree(partial, peer, max - count, out);
      if (partial && u === 0 && this.urgentShared && count < max) count += this.requestAgain(partial, peer, max - count, out, asked(out, firstNew));
    }
    if (count >= max) return count;

    for (const partial of this.partials.values()) {
      if (partial.requested === partial.blockCount) continue;
      if (!this.peerHasPiece(peer, partial.index) || this.spared(peer, partial.index)) continue;
      count += this.requestFree(partial, peer, max - count, out);
      if (count >= max) return count;
    }

    while (count < max) {
      const index = this.pickNewPiece(peer);
      if (index < 0) break;
      const partial = this.start(index as PieceIndex);
      count += this.requestFree(partial, peer, max - count, out);
    }
    if (count >= max) return count;

    // Endgame: every wanted piece is started and this peer has no free block left; ask it for blocks that others
    // are still fetching, so one slow peer cannot hold back the last pieces.
    if (this.candidates.count === 0) count += this.pickEndgame(peer, max - count, out, out.length - count);
    return count;
  }

  /** True when the peer has at least one piece we still need a block of (for the interested flag). */
  wantsFrom(peer: PickerPeer): boolean {
    if (peer.has === null) return this.wantedRemaining > 0;
    for (const partial of this.partials.values()) if (peer.has.get(partial.index) && partial.received < partial.blockCount) return true;
    for (let c = 0; c < this.candidates.count; c++) if (peer.has.get(this.candidates.at(c))) return true;
    return false;
  }

  private peerHasPiece(peer: PickerPeer, index: number): boolean {
    return peer.has === null || peer.has.get(index);
  }

  /** A piece a spared seed is not asked for: some other peer has it. */
  private spared(peer: PickerPeer, index: number): boolean {
    return peer.spare === true && this.availability[index]! > 0;
  }

  private start(index: PieceIndex): Partial {
    this.dequeue(index);
    this.state[index] = PieceState.InFlight;
    const partial = newPartial(index, this.geometry.blockCount(index));
    this.partials.set(index, partial);
    return partial;
  }

  private requestFree(partial: Partial, peer: PickerPeer, max: number, out: BlockRequest[]): number {
    return requestFreeBlocks(partial, max, (b) => out.push(this.request(partial.index, b)));
  }

  private request(index: PieceIndex, block: number): BlockRequest {
    const begin = block * BLOCK_SIZE;
    return { index, begin, length: this.geometry.blockSize(index, block), key: this.blockKey(index, begin) };
  }

  /** The best queued piece the peer may be asked for (picker/piece-order.ts). */
  private pickNewPiece(peer: PickerPeer): number {
    const input = {
      candidates: this.candidates,
      priority: this.priority,
      availability: this.availability,
      seeds: this.seeds,
      topPriority: this.topQueuedPriority(),
      floor: this.seeds + (peer.has === null ? 0 : 1),
      eligible: (index: number) => this.peerHasPiece(peer, index) && !this.spared(peer, index),
    };
    return this.sequential ? sequentialFirst(input, this.geometry.pieceCount) : rarestFirst(input);
  }

  private topQueuedPriority(): number {
    for (let p = MAX_PRIORITY; p > 0; p--) if (this.queuedPerPriority[p]! > 0) return p;
    return 0;
  }

  /** `out[firstNew..]` went to this peer earlier in this pick: not in its `outstanding` yet, never asked twice. */
  private pickEndgame(peer: PickerPeer, max: number, out: BlockRequest[], firstNew: number): number {
    const justAsked = asked(out, firstNew);
    let count = 0;
    for (const partial of this.partials.values()) {
      if (!this.peerHasPiece(peer, partial.index) || this.spared(peer, partial.index)) continue;
      count += this.requestAgain(partial, peer, max - count, out, justAsked);
      if (count >= max) break;
    }
    return count;
  }

  /** Blocks of `partial` in flight from other peers, asked of this one too (at most MAX_DUPLICATE_REQUESTS each). */
  private requestAgain(partial: Partial, peer: PickerPeer, max: number, out: BlockRequest[], justAsked: ReadonlySet<number> | null): number {
    let count = 0;
    for (let b = 0; b < partial.blockCount && count < max; b++) {
      if (!mayDuplicate(partial, b)) continue;
      const req = this.request(partial.index, b);
      if (peer.outstanding.has(req.key) || justAsked?.has(req.key)) continue;
      addRequester(partial, b);
      out.push(req);
      count++;
    }
    return count;
  }

  // --- outcomes -----------------------------------------------------------------------------------------------

  /**
   * Starts a piece whose blocks were kept from an earlier session (the caller then reports each kept block with
   * blockReceived). False when the piece is not wanted or already had/verifying.
   */
  resumePiece(index: number): boolean {
    if (this.partials.has(index)) return true;
    if (this.state[index] !== PieceState.Queued) return false;
    this.start(index as PieceIndex);
    return true;
  }

  /** A requested block arrived. The caller has checked it was requested from this peer. */
  blockReceived(index: number, begin: number): BlockResult {
    const partial = this.partials.get(index);
    if (!partial) return this.state[index] === PieceState.Queued || this.state[index] === PieceState.NotNeeded ? 'unexpected' : 'duplicate';
    const result = receiveBlock(partial, begin / BLOCK_SIZE);
    if (result !== 'piece-complete') return result;
    this.partials.delete(index);
    this.state[index] = PieceState.Verifying;
    return 'piece-complete';
  }

  /** A request will not be answered (choke, timeout, disconnect, cancel): make the block pickable again. */
  requestDropped(index: number, begin: number): void {
    const partial = this.partials.get(index);
    if (!partial) return;
    if (dropRequest(partial, begin / BLOCK_SIZE)) {
      // Nothing of it is here: back to the candidates so rarity decides again.
      this.partials.delete(index);
      this.unstart(index);
    }
  }

  pieceVerified(index: number): void {
    const s = this.state[index];
    if (s === PieceState.Have) return;
    if (s === PieceState.Queued) this.dequeue(index);
    this.partials.delete(index);
    if (s !== PieceState.NotNeeded) this.wantedRemaining--;
    this.state[index] = PieceState.Have;
  }

  /** The hash did not match (or the write failed): every block is fetched again, unless its priority is now 0. */
  pieceFailed(index: number): void {
    if (this.state[index] !== PieceState.Verifying) return;
    this.unstart(index);
  }

  /** A piece we had turned out corrupt on disk (recheck). */
  pieceLost(index: number): void {
    if (this.state[index] !== PieceState.Have) return;
    if (this.priority[index] === 0) this.state[index] = PieceState.NotNeeded;
    else this.enqueue(index);
  }

  // --- candidate list -----------------------------------------------------------------------------------------

  /**
   * A started piece with no data left (all requests dropped, or its hash failed) goes back to the candidates; if it
   * was set to priority 0 while in flight there is nothing left to finish, so it is no longer wanted.
   */
  private unstart(index: number): void {
    if (this.priority[index]! > 0) {
      this.enqueue(index, false);
      return;
    }
    this.state[index] = PieceState.NotNeeded;
    this.wantedRemaining--;
  }

  private enqueue(index: number, countAsWanted = true): void {
    this.state[index] = PieceState.Queued;
    this.candidates.insert(index);
    this.queuedPerPriority[this.priority[index]!]!++;
    if (countAsWanted) this.wantedRemaining++;
  }

  private dequeue(index: number): void {
    if (this.candidates.remove(index)) this.queuedPerPriority[this.priority[index]!]!--;
  }

  /** Test hook (libtorrent's check_invariant): throws if the bookkeeping disagrees with itself. */
  checkInvariants(): void {
    let wanted = 0;
    const perPriority = new Int32Array(MAX_PRIORITY + 1);
    for (let i = 0; i < this.geometry.pieceCount; i++) {
      const s = this.state[i];
      const queued = this.candidates.has(i);
      if ((s === PieceState.Queued) !== queued) throw new Error(`piece ${i}: state ${s} but queued=${queued}`);
      if ((s === PieceState.InFlight) !== this.partials.has(i)) throw new Error(`piece ${i}: state ${s} vs partial`);
      if (queued && this.priority[i] === 0) throw new Error(`piece ${i}: queued with priority 0`);
      this.candidates.checkSlot(i);
      if (queued) perPriority[this.priority[i]!]!++;
      if (s === PieceState.Queued || s === PieceState.InFlight || s === PieceState.Verifying) wanted++;
    }
    if (wanted !== this.wantedRemaining) throw new Error(`wantedRemaining ${this.wantedRemaining}, counted ${wanted}`);
    for (let p = 0; p <= MAX_PRIORITY; p++) if (perPriority[p] !== this.queuedPerPriority[p]) throw new Error(`priority ${p} count`);
    for (const partial of this.partials.values()) checkPartial(partial);
  }
}

/** Keys of the requests `out[firstNew..]`: made for this peer earlier in this pick, not in its `outstanding` yet. */
function asked(out: readonly BlockRequest[], firstNew: number): ReadonlySet<number> | null {
  return out.length > firstNew ? new Set(out.slice(firstNew).map((r) => r.key)) : null;
}

// A started piece's block bookkeeping (the picker's InFlight state): which blocks are free, requested (by how many
// peers) or received, and the counts kept beside them. Pure functions of one Partial; the picker decides which.

import type { PieceIndex } from '../metainfo/geometry.ts';
import type { Partial } from './picker-types.ts';

export const enum BlockState {
  Free = 0,
  Requested = 1,
  Received = 2,
}

/** In endgame, at most this many peers are asked for the same block (more only wastes their upload). */
export const MAX_DUPLICATE_REQUESTS = 2;

/** A piece with every block free. */
export function newPartial(index: PieceIndex, blockCount: number): Partial {
  return { index, blockCount, blocks: new Uint8Array(blockCount), requesters: new Uint8Array(blockCount), requested: 0, received: 0 };
}

/** Marks up to `max` free blocks requested, in order, handing each to `take`; returns how many. */
export function requestFreeBlocks(partial: Partial, max: number, take: (block: number) => void): number {
  let count = 0;
  for (let b = 0; b < partial.blockCount && count < max; b++) {
    if (partial.blocks[b] !== BlockState.Free) continue;
    partial.blocks[b] = BlockState.Requested;
    partial.requesters[b] = 1;
    partial.requested++;
    take(b);
    count++;
  }
  return count;
}

/** Endgame: block `b` is requested, not here yet, and may be asked of one more peer. */
export function mayDuplicate(partial: Partial, b: number): boolean {
  return partial.blocks[b] === BlockState.Requested && partial.requesters[b]! < MAX_DUPLICATE_REQUESTS;
}

/** Endgame: one more peer was asked for block `b`. */
export function addRequester(partial: Partial, b: number): void {
  partial.requesters[b]!++;
}

/** Block `b` arrived: a duplicate if it was here already, else accepted, or the piece's last block. */
export function receiveBlock(partial: Partial, b: number): 'accepted' | 'piece-complete' | 'duplicate' {
  if (partial.blocks[b] === BlockState.Received) return 'duplicate';
  if (partial.blocks[b] === BlockState.Free) partial.requested++;
  partial.blocks[b] = BlockState.Received;
  partial.requesters[b] = 0;
  partial.received++;
  return partial.received < partial.blockCount ? 'accepted' : 'piece-complete';
}

/**
 * A request for block `b` will not be answered: the block is free again unless another endgame requester still has
 * it. True when nothing of the piece is requested or here any more (the picker then queues it again).
 */
export function dropRequest(partial: Partial, b: number): boolean {
  if (partial.blocks[b] !== BlockState.Requested) return false;
  if (partial.requesters[b]! > 1) {
    partial.requesters[b]!--;
    return false;
  }
  partial.requesters[b] = 0;
  partial.blocks[b] = BlockState.Free;
  partial.requested--;
  return partial.requested === 0 && partial.received === 0;
}

/** Throws if a partial's counts disagree with its blocks (part of PiecePicker.checkInvariants). */
export function checkPartial(partial: Partial): void {
  let requested = 0;
  let received = 0;
  for (let b = 0; b < partial.blockCount; b++) {
    if (partial.blocks[b] !== BlockState.Free) requested++;
    if (partial.blocks[b] === BlockState.Received) received++;
    const askers = partial.requesters[b]!;
    const ok = partial.blocks[b] === BlockState.Requested ? askers >= 1 && askers <= MAX_DUPLICATE_REQUESTS : askers === 0;
    if (!ok) throw new Error(`partial ${partial.index} block ${b}: state ${partial.blocks[b]} with ${askers} requesters`);
  }
  if (requested !== partial.requested || received !== partial.received) throw new Error(`partial ${partial.index} counts`);
}

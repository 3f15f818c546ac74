// A started piece's block bookkeeping, block by block: free -> requested (by one or two peers) -> received.

import { describe, expect, it } from 'vitest';
import type { PieceIndex } from '../../../../src/engine/metainfo/geometry.ts';
import {
  addRequester,
  BlockState,
  checkPartial,
  dropRequest,
  MAX_DUPLICATE_REQUESTS,
  mayDuplicate,
  newPartial,
  receiveBlock,
  requestFreeBlocks,
} from '../../../../src/engine/picker/partial-piece.ts';

const piece = (blocks: number) => newPartial(5 as PieceIndex, blocks);

/** The blocks as a picture: . free, R requested once, 2 requested twice, X received. */
function picture(p: ReturnType<typeof piece>): string {
  return [...p.blocks].map((s, b) => (s === BlockState.Free ? '.' : s === BlockState.Received ? 'X' : p.requesters[b] === 1 ? 'R' : String(p.requesters[b]))).join('');
}

describe('partial-piece', () => {
  it('requests free blocks in order, never more than asked', () => {
    const p = piece(4);
    const taken: number[] = [];
    expect(requestFreeBlocks(p, 3, (b) => taken.push(b))).toBe(3);
    expect(taken).toEqual([0, 1, 2]);
    expect(picture(p)).toBe('RRR.');
    expect(requestFreeBlocks(p, 3, (b) => taken.push(b))).toBe(1);
    expect(picture(p)).toBe('RRRR');
    expect(requestFreeBlocks(p, 3, () => undefined)).toBe(0);
    checkPartial(p);
  });

  it('duplicates a requested block for at most two peers, never a free or received one', () => {
    const p = piece(3);
    requestFreeBlocks(p, 2, () => undefined);
    receiveBlock(p, 1);
    expect([0, 1, 2].map((b) => mayDuplicate(p, b))).toEqual([true, false, false]);
    addRequester(p, 0);
    expect(MAX_DUPLICATE_REQUESTS).toBe(2);
    expect(mayDuplicate(p, 0)).toBe(false);
    expect(picture(p)).toBe('2X.');
    checkPartial(p);
  });

  it('accepts each block once and reports the last one as completing the piece', () => {
    const p = piece(2);
    requestFreeBlocks(p, 2, () => undefined);
    expect(receiveBlock(p, 0)).toBe('accepted');
    expect(receiveBlock(p, 0)).toBe('duplicate');
    // A block that arrives unrequested (kept from an earlier session) counts as requested too.
    const q = piece(2);
    expect(receiveBlock(q, 1)).toBe('accepted');
    expect([q.requested, q.received]).toEqual([1, 1]);
    checkPartial(q);
    expect(receiveBlock(p, 1)).toBe('piece-complete');
    checkPartial(p);
  });

  it('frees a dropped block unless another requester has it, and says when nothing of the piece is left', () => {
    const p = piece(2);
    requestFreeBlocks(p, 2, () => undefined);
    addRequester(p, 0);
    expect(dropRequest(p, 0)).toBe(false);
    expect(picture(p)).toBe('RR');
    expect(dropRequest(p, 0)).toBe(false);
    expect(picture(p)).toBe('.R');
    expect(dropRequest(p, 0)).toBe(false); // not requested any more: ignored
    expect(dropRequest(p, 1)).toBe(true);
    expect(picture(p)).toBe('..');
    checkPartial(p);
  });

  it('keeps a piece with a received block when its other requests drop', () => {
    const p = piece(2);
    requestFreeBlocks(p, 2, () => undefined);
    receiveBlock(p, 0);
    expect(dropRequest(p, 1)).toBe(false);
    expect(picture(p)).toBe('X.');
  });

  it('catches counts that disagree with the blocks', () => {
    const p = piece(2);
    requestFreeBlocks(p, 1, () => undefined);
    p.requested = 2;
    expect(() => checkPartial(p)).toThrow('partial 5 counts');
    const q = piece(2);
    q.requesters[1] = 1;
    expect(() => checkPartial(q)).toThrow('block 1');
  });
});

// PieceAssembler: blocks copied into one buffer per piece, with their senders, and the bytes it holds.

import { describe, expect, it } from 'vitest';
import type { Peer } from '../../../../src/engine/peer/peer.ts';
import { PieceAssembler } from '../../../../src/engine/transfer/piece-assembler.ts';

// The assembler only uses peers as set members.
const alice = { name: 'alice' } as unknown as Peer;
const bob = { name: 'bob' } as unknown as Peer;

describe('PieceAssembler', () => {
  it('assembles blocks written in any order into the piece', () => {
    const a = new PieceAssembler();
    a.write(3, 6, 4, Uint8Array.of(5, 6), alice);
    a.write(3, 6, 0, Uint8Array.of(1, 2), alice);
    a.write(3, 6, 2, Uint8Array.of(3, 4), alice);
    expect([...a.take(3)!.data]).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it('copies each block, so the channel chunk it viewed can be reused', () => {
    const a = new PieceAssembler();
    const chunk = Uint8Array.of(9, 9, 7, 7);
    a.write(0, 2, 0, chunk.subarray(2), alice);
    chunk.fill(0);
    expect([...a.take(0)!.data]).toEqual([7, 7]);
  });

  it('records every peer that contributed, once each', () => {
    const a = new PieceAssembler();
    a.write(0, 4, 0, Uint8Array.of(1), alice);
    a.write(0, 4, 1, Uint8Array.of(1), bob);
    a.write(0, 4, 2, Uint8Array.of(1), alice);
    expect([...a.take(0)!.contributors]).toEqual([alice, bob]);
  });

  it('holds one buffer per started piece and releases it on take or drop', () => {
    const a = new PieceAssembler();
    a.write(0, 1000, 0, new Uint8Array(10), alice);
    a.write(0, 1000, 10, new Uint8Array(10), alice);
    a.write(1, 500, 0, new Uint8Array(10), bob);
    expect(a.bufferedBytes).toBe(1500);
    a.take(0);
    expect(a.bufferedBytes).toBe(500);
    a.drop(1);
    expect(a.bufferedBytes).toBe(0);
    expect(a.take(1)).toBeUndefined();
  });

  it('starts a dropped piece afresh (no stale bytes, no stale contributors)', () => {
    const a = new PieceAssembler();
    a.write(0, 2, 0, Uint8Array.of(1, 1), alice);
    a.drop(0);
    a.write(0, 2, 0, Uint8Array.of(2), bob);
    const got = a.take(0)!;
    expect([...got.data]).toEqual([2, 0]);
    expect([...got.contributors]).toEqual([bob]);
  });

  it('forgets everything on clear', () => {
    const a = new PieceAssembler();
    a.write(0, 8, 0, new Uint8Array(8), alice);
    a.clear();
    expect(a.bufferedBytes).toBe(0);
    expect(a.take(0)).toBeUndefined();
  });
});

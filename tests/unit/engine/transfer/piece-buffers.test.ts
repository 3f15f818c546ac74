// PieceBuffers: piece buffers the read cache let go are handed out again, only at the piece length, only a few.

import { describe, expect, it } from 'vitest';
import type { Peer } from '../../../../src/engine/peer/peer.ts';
import { Geometry } from '../../../../src/engine/metainfo/geometry.ts';
import { PieceAssembler } from '../../../../src/engine/transfer/piece-assembler.ts';
import { PieceBuffers } from '../../../../src/engine/transfer/piece-buffers.ts';
import { ReadCache } from '../../../../src/engine/transfer/read-cache.ts';
import { FakeStore } from './fake-store.ts';

const alice = { name: 'alice' } as unknown as Peer;

describe('PieceBuffers', () => {
  it('hands a given-back buffer out again instead of allocating', () => {
    const pool = new PieceBuffers(8);
    const a = pool.take(8);
    pool.give(a);
    expect(pool.idleCount).toBe(1);
    expect(pool.take(8)).toBe(a);
    expect(pool.reusedCount).toBe(1);
    expect(pool.take(8)).not.toBe(a);
  });

  it('takes back only whole buffers of the piece length, each once, up to its limit', () => {
    const pool = new PieceBuffers(8, 2);
    pool.give(new Uint8Array(5)); // the short last piece
    pool.give(new Uint8Array(16).subarray(0, 8)); // a view of a bigger buffer
    pool.give(new Uint8Array(16).subarray(8)); // a view not at its buffer's start
    expect(pool.idleCount).toBe(0);
    const b = new Uint8Array(8);
    pool.give(b);
    pool.give(b);
    expect(pool.idleCount).toBe(1);
    pool.give(new Uint8Array(8));
    pool.give(new Uint8Array(8));
    expect(pool.idleCount).toBe(2);
  });

  it('never hands a pooled buffer out for another size', () => {
    const pool = new PieceBuffers(8);
    pool.give(new Uint8Array(8));
    expect(pool.take(5)).toHaveLength(5);
    expect(pool.idleCount).toBe(1);
  });

  it('assembles a piece correctly in a reused buffer that held an older piece', () => {
    const pool = new PieceBuffers(4);
    const a = new PieceAssembler(pool);
    a.write(0, 4, 0, Uint8Array.of(9, 9), alice);
    a.write(0, 4, 2, Uint8Array.of(9, 9), alice);
    const first = a.take(0)!.data;
    pool.give(first);
    a.write(1, 4, 2, Uint8Array.of(3, 4), alice);
    a.write(1, 4, 0, Uint8Array.of(1, 2), alice);
    const second = a.take(1)!.data;
    expect(second).toBe(first);
    expect([...second]).toEqual([1, 2, 3, 4]);
  });

  it('receives the pieces the read cache pushes out for room, not the ones it still holds', () => {
    const pool = new PieceBuffers(100);
    const cache = new ReadCache(new Geometry(400, 100), new FakeStore(400), 200, pool);
    const p = [0, 1, 2].map(() => new Uint8Array(100));
    cache.put(0, p[0]!);
    cache.put(1, p[1]!);
    expect(pool.idleCount).toBe(0);
    cache.put(2, p[2]!);
    expect(cache.get(0)).toBeUndefined();
    expect(pool.take(100)).toBe(p[0]);
    cache.clear(); // dropped on clear: a clear happens when the torrent stops, nothing to reuse for
    expect(pool.idleCount).toBe(0);
  });
});

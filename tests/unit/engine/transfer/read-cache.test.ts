// ReadCache: whole pieces for serving, least recently used evicted first by bytes, one read shared per piece.

import { describe, expect, it } from 'vitest';
import { Geometry, type PieceIndex } from '../../../../src/engine/metainfo/geometry.ts';
import { ReadCache } from '../../../../src/engine/transfer/read-cache.ts';
import { FakeStore } from './fake-store.ts';

const PIECE = 100;
const piece = (i: number): PieceIndex => i as PieceIndex;

function setup(pieces: number, maxBytes: number, lastPiece = PIECE) {
  const length = (pieces - 1) * PIECE + lastPiece;
  const store = new FakeStore(length);
  const cache = new ReadCache(new Geometry(length, PIECE), store, maxBytes);
  return { store, cache };
}

describe('ReadCache', () => {
  it('reads a whole piece at its offset, then serves it from memory', async () => {
    const { store, cache } = setup(4, 1000);
    const data = await cache.load(piece(2));
    expect(store.reads).toEqual([{ offset: 200, length: 100 }]);
    expect(data).toEqual(store.data.subarray(200, 300));
    expect(cache.get(2)).toBe(data);
    await cache.load(piece(2));
    expect(store.reads).toHaveLength(1);
  });

  it('reads a short last piece at its own size', async () => {
    const { store, cache } = setup(3, 1000, 37);
    expect((await cache.load(piece(2))).length).toBe(37);
    expect(store.reads).toEqual([{ offset: 200, length: 37 }]);
  });

  it('shares one read between concurrent loads of a piece', async () => {
    const { store, cache } = setup(2, 1000);
    store.hold = true;
    const a = cache.load(piece(1));
    const b = cache.load(piece(1));
    expect(cache.get(1)).toBeUndefined();
    store.release();
    expect(await a).toBe(await b);
    expect(store.reads).toHaveLength(1);
  });

  it('evicts the least recently used pieces once over its byte budget', async () => {
    const { store, cache } = setup(5, 300);
    for (const i of [0, 1, 2]) await cache.load(piece(i));
    cache.get(0); // 0 is now the most recently used; 1 the least
    await cache.load(piece(3));
    expect([0, 1, 2, 3].map((i) => cache.get(i) !== undefined)).toEqual([true, false, true, true]);
    expect(store.reads).toHaveLength(4);
  });

  it('counts bytes, not pieces: one big put evicts several small pieces', () => {
    const { cache } = setup(5, 300);
    cache.put(0, new Uint8Array(100));
    cache.put(1, new Uint8Array(100));
    cache.put(2, new Uint8Array(100));
    cache.put(3, new Uint8Array(250));
    expect([0, 1, 2, 3].map((i) => cache.get(i) !== undefined)).toEqual([false, false, false, true]);
  });

  it('replaces a piece put twice without counting it twice', () => {
    const { cache } = setup(3, 200);
    cache.put(0, new Uint8Array(100));
    cache.put(0, new Uint8Array(100).fill(1));
    cache.put(1, new Uint8Array(100));
    expect(cache.get(0)?.[0]).toBe(1);
    expect(cache.get(1)).toBeDefined();
  });

  it('does not keep a piece bigger than its whole budget, but still returns it', async () => {
    const { store, cache } = setup(2, 50);
    cache.put(1, new Uint8Array(10));
    const data = await cache.load(piece(0));
    expect(data.length).toBe(100);
    expect(cache.get(0)).toBeUndefined();
    expect(cache.get(1)).toBeDefined();
    expect(store.reads).toHaveLength(1);
  });

  it('passes a read error to every waiting caller and tries again on the next load', async () => {
    const { store, cache } = setup(2, 1000);
    store.failNext = new Error('disk gone');
    await expect(cache.load(piece(0))).rejects.toThrow('disk gone');
    expect(await cache.load(piece(0))).toEqual(store.data.subarray(0, 100));
    expect(store.reads).toHaveLength(2);
  });

  it('forgets everything on clear', async () => {
    const { cache } = setup(2, 1000);
    await cache.load(piece(0));
    cache.clear();
    expect(cache.get(0)).toBeUndefined();
  });
});

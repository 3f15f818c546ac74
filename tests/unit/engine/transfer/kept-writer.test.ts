import { describe, expect, it } from 'vitest';
import type { PieceStore } from '../../../../src/engine/ports.ts';
import { KeptWriter } from '../../../../src/engine/transfer/kept-writer.ts';

function recordingStore(): { store: PieceStore; writes: [number, number, number][] } {
  const writes: [number, number, number][] = [];
  const store = {
    writeBlock: async (index: number, begin: number, data: Uint8Array) => void writes.push([index, begin, data[0]!]),
  } as unknown as PieceStore;
  return { store, writes };
}

const block = (fill: number): Uint8Array => new Uint8Array(16384).fill(fill);

describe('KeptWriter', () => {
  it('writes nothing for a piece that completes within the delay', () => {
    const { store, writes } = recordingStore();
    const k = new KeptWriter(store, () => {}, 1000);
    k.add(1, 0, block(1), 0);
    k.add(1, 16384, block(2), 10);
    k.drop(1);
    k.flush(5000);
    expect(writes).toEqual([]);
    expect(k.pendingBlocks).toBe(0);
  });

  it('keeps the blocks of a piece still incomplete after the delay, oldest pieces only', () => {
    const { store, writes } = recordingStore();
    const k = new KeptWriter(store, () => {}, 1000);
    k.add(1, 0, block(1), 0);
    k.add(2, 0, block(3), 600);
    k.add(1, 16384, block(2), 700);
    k.flush(999);
    expect(writes).toEqual([]);
    k.flush(1000);
    expect(writes).toEqual([
      [1, 0, 1],
      [1, 16384, 2],
    ]);
    expect(k.pendingBlocks).toBe(1);
  });

  it('a block arriving past the delay flushes the old pieces by itself (no tick needed)', () => {
    const { store, writes } = recordingStore();
    const k = new KeptWriter(store, () => {}, 1000);
    k.add(1, 0, block(1), 0);
    k.add(2, 0, block(2), 1500);
    expect(writes).toEqual([[1, 0, 1]]);
  });

  it('flush() without a time keeps everything (closing)', () => {
    const { store, writes } = recordingStore();
    const k = new KeptWriter(store, () => {}, 1000);
    k.add(3, 32768, block(7), 0);
    k.add(4, 0, block(8), 1);
    k.flush();
    expect(writes).toEqual([
      [3, 32768, 7],
      [4, 0, 8],
    ]);
  });

  it('a store without writeBlock holds nothing', () => {
    const k = new KeptWriter({} as PieceStore, () => {}, 1000);
    k.add(1, 0, block(1), 0);
    expect(k.pendingBlocks).toBe(0);
  });

  it('reports a failed write', async () => {
    const failures: unknown[] = [];
    const store = { writeBlock: () => Promise.reject(new Error('disk')) } as unknown as PieceStore;
    const k = new KeptWriter(store, (e) => failures.push(e), 1000);
    k.add(1, 0, block(1), 0);
    k.flush();
    await Promise.resolve();
    await Promise.resolve();
    expect(failures).toHaveLength(1);
  });
});

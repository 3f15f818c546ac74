import { describe, expect, it } from 'vitest';
import { readFileRange, sequentialFileReader } from '../../../../src/api/worker/file-reader.ts';

const bytes = (n: number) => Uint8Array.from({ length: n }, (_, i) => (i * 31 + 7) & 0xff);

/** readRange that records each slice read and can be made to fail from a given offset on. */
function recorder(failFrom = Infinity) {
  const calls: [number, number][] = [];
  const readRange = async (file: Blob, offset: number, length: number): Promise<Uint8Array> => {
    calls.push([offset, length]);
    if (offset >= failFrom) throw new Error('disk went away');
    return readFileRange(file, offset, length);
  };
  return { calls, readRange };
}

describe('sequentialFileReader', () => {
  it('reads a file front to back in big slices read ahead, each result exactly the asked bytes, the last one short', async () => {
    const data = bytes(10_000);
    const { calls, readRange } = recorder();
    const r = sequentialFileReader(new Blob([data]), { chunk: 3000, ahead: 2, readRange });
    const parts: Uint8Array[] = [];
    for (let o = 0; o < data.length; o += 1024) parts.push(await r.read(o, 1024));
    expect(parts.map((p) => p.length)).toEqual([...Array(9).fill(1024), 784]);
    expect(Buffer.concat(parts)).toEqual(Buffer.from(data));
    // Every slice read once, in order, the first read already asking for the two after it.
    expect(calls).toEqual([[0, 3000], [3000, 3000], [6000, 3000], [9000, 1000]]);
    r.close();
  });

  it('gives a view of its slice for a read inside one slice, and a fresh copy for a read across slices', async () => {
    const data = bytes(8000);
    const r = sequentialFileReader(new Blob([data]), { chunk: 4000, ahead: 1 });
    const inside = await r.read(1000, 2000);
    expect(inside.byteOffset).toBe(1000);
    expect(inside.buffer.byteLength).toBe(4000);
    const across = await r.read(3000, 2000);
    expect(across.byteOffset).toBe(0);
    expect(across.buffer.byteLength).toBe(2000);
    expect(across).toEqual(data.subarray(3000, 5000));
  });

  it('holds at most the slices under the last read and those ahead of it; a read far behind reads its slice again', async () => {
    const data = bytes(10_000);
    const { calls, readRange } = recorder();
    const r = sequentialFileReader(new Blob([data]), { chunk: 1000, ahead: 1, readRange });
    expect(await r.read(0, 500)).toEqual(data.subarray(0, 500));
    expect(await r.read(5000, 500)).toEqual(data.subarray(5000, 5500));
    expect(await r.read(100, 200)).toEqual(data.subarray(100, 300));
    expect(calls.map((c) => c[0])).toEqual([0, 1000, 5000, 6000, 0, 1000]);
  });

  it('fails the read that needs a slice the file could not give, and a read ahead that fails unused is not an unhandled rejection', async () => {
    const data = bytes(8000);
    const { readRange } = recorder(4000);
    const r = sequentialFileReader(new Blob([data]), { chunk: 2000, ahead: 2, readRange });
    expect(await r.read(0, 2000)).toEqual(data.subarray(0, 2000)); // slice 2 (4000..) is read ahead and fails
    await expect(r.read(3000, 2000)).rejects.toThrow('disk went away');
    r.close();
    await expect(r.read(0, 10)).rejects.toThrow('closed');
  });

  it('answers an empty range or one past the end with no bytes', async () => {
    const r = sequentialFileReader(new Blob([bytes(100)]), { chunk: 64 });
    expect((await r.read(100, 10)).length).toBe(0);
    expect(await r.read(90, 50)).toEqual(bytes(100).subarray(90));
  });

  it('readFileRange reads any range by slicing', async () => {
    const data = bytes(3000);
    expect(await readFileRange(new Blob([data]), 1000, 500)).toEqual(data.subarray(1000, 1500));
  });
});

import { describe, expect, it, vi } from 'vitest';
import { ReadBuffers, readFileRange, sequentialFileReader } from '../../../../src/api/worker/file-reader.ts';

const bytes = (n: number) => Uint8Array.from({ length: n }, (_, i) => (i * 31 + 7) & 0xff);

/** A Blob whose stream hands out `chunk`-byte pieces (as a browser's file stream does), counting stream opens. */
class ChunkedBlob extends Blob {
  streams = 0;
  constructor(
    private readonly data: Uint8Array,
    private readonly chunk: number,
    private readonly failAt = Infinity,
  ) {
    super([data as Uint8Array<ArrayBuffer>]);
  }
  override stream(): ReadableStream<Uint8Array<ArrayBuffer>> {
    this.streams++;
    let at = 0;
    const { data, chunk, failAt } = this;
    return new ReadableStream({
      type: 'bytes',
      pull(c) {
        if (at >= failAt) return c.error(new Error('disk went away'));
        if (at >= data.length) {
          c.close();
          c.byobRequest?.respond(0);
          return;
        }
        const req = c.byobRequest!;
        const view = req.view as Uint8Array;
        const n = Math.min(chunk, view.byteLength, data.length - at);
        view.set(data.subarray(at, at + n));
        at += n;
        req.respond(n);
      },
    });
  }
}

describe('sequentialFileReader', () => {
  it('reads a file front to back from one stream, each read exactly the asked bytes, the last one short', async () => {
    const data = bytes(10_000);
    const blob = new ChunkedBlob(data, 700);
    const r = sequentialFileReader(blob);
    const parts: Uint8Array[] = [];
    for (let o = 0; o < data.length; o += 4096) parts.push(await r.read(o, Math.min(4096, data.length - o)));
    expect(parts.map((p) => p.length)).toEqual([4096, 4096, 1808]);
    expect(Buffer.concat(parts)).toEqual(Buffer.from(data));
    expect(blob.streams).toBe(1);
    r.close();
  });

  it('answers a read out of order from a slice, and slices from then on', async () => {
    const data = bytes(5000);
    const blob = new ChunkedBlob(data, 1000);
    const r = sequentialFileReader(blob);
    expect(await r.read(0, 100)).toEqual(data.subarray(0, 100));
    expect(await r.read(3000, 500)).toEqual(data.subarray(3000, 3500));
    expect(await r.read(100, 200)).toEqual(data.subarray(100, 300));
    expect(blob.streams).toBe(1);
  });

  it('falls back to slices when the stream fails midway, with the right bytes', async () => {
    const data = bytes(8000);
    const blob = new ChunkedBlob(data, 1000, 3000);
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const r = sequentialFileReader(blob);
    expect(await r.read(0, 2000)).toEqual(data.subarray(0, 2000));
    expect(await r.read(2000, 4000)).toEqual(data.subarray(2000, 6000));
    expect(await r.read(6000, 2000)).toEqual(data.subarray(6000, 8000));
    expect(warn).toHaveBeenCalledWith('Reading the file as a stream failed; reading it in slices', expect.objectContaining({ offset: 2000 }), expect.any(Error));
    warn.mockRestore();
  });

  it('readFileRange reads any range by slicing', async () => {
    const data = bytes(3000);
    expect(await readFileRange(new Blob([data]), 1000, 500)).toEqual(data.subarray(1000, 1500));
  });
});

describe('ReadBuffers', () => {
  it('hands back a buffer given before when it is large enough, else a new one, and keeps at most `max`', () => {
    const buffers = new ReadBuffers(2);
    const a = buffers.take(100);
    expect(a.byteLength).toBe(100);
    buffers.give(a);
    expect(buffers.take(200)).not.toBe(a); // too small
    expect(buffers.take(50)).toBe(a);
    const [x, y, z] = [new ArrayBuffer(8), new ArrayBuffer(8), new ArrayBuffer(8)];
    for (const b of [x, y, z]) buffers.give(b);
    expect([buffers.take(8), buffers.take(8)]).toEqual([x, y]);
    expect(buffers.take(8)).not.toBe(z); // the third was not kept
  });

  it('drops a detached buffer (moved into a stream)', () => {
    const buffers = new ReadBuffers();
    const b = new ArrayBuffer(16);
    structuredClone(b, { transfer: [b] });
    buffers.give(b);
    expect(buffers.take(16)).not.toBe(b);
  });

  it('is read into by the stream reader: a second read reuses the first read\'s buffer', async () => {
    const data = bytes(64);
    const buffers = new ReadBuffers();
    const reader = sequentialFileReader(new ChunkedBlob(data, 16), buffers);
    const first = await reader.read(0, 32);
    expect([...first]).toEqual([...data.subarray(0, 32)]);
    const memory = first.buffer;
    buffers.give(memory as ArrayBuffer);
    const second = await reader.read(32, 32);
    expect([...second]).toEqual([...data.subarray(32, 64)]);
    expect(second.byteLength).toBe(32);
    expect(memory.byteLength).toBe(0); // taken from the pool and moved into the stream: read into again
  });
});

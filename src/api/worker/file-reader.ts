// Reading a user's File front to back, fast. In Chromium 156 `file.slice().arrayBuffer()` per 4 MiB runs at about a
// third of the rate of the file's own byte stream read into caller-owned buffers (BYOB): measured in a worker on a
// 256 MiB file, 34-55 MB/s against 124-188 MB/s on a loaded 2-core machine. Sharing a file is bound by this read.
// Bigger slices read ahead were tried (2026-12-05): 16 MiB slices with two in flight ran level with this stream
// (medians 93 and 87 MB/s over eight interleaved runs each), and seeding 256 MiB with them was no faster in the
// startup bench (same-run medians 3.5-4.2 s against 3.2 s, load 11-12), so the stream stays.

/** Reads `length` bytes at `offset` of a user's file (File.slice: nothing else of the file is held). */
export async function readFileRange(file: Blob, offset: number, length: number): Promise<Uint8Array> {
  return new Uint8Array(await file.slice(offset, offset + length).arrayBuffer());
}

type ByobReader = ReadableStreamBYOBReader;

/**
 * Buffers read into before: reading into fresh memory costs a page fault per page, which on this kind of VM made
 * half of sharing a file's time (256 MiB: ~1.8 s of a 2.5 s job waiting for file data). A few batches are in use at
 * once (read, written, hashed), so a few buffers suffice.
 */
export class ReadBuffers {
  private readonly free: ArrayBuffer[] = [];
  constructor(private readonly max = 4) {}

  /** A buffer of at least `length` bytes: one given back before, or a new one. */
  take(length: number): ArrayBuffer {
    const i = this.free.findIndex((b) => b.byteLength >= length);
    return i >= 0 ? this.free.splice(i, 1)[0]! : new ArrayBuffer(length);
  }

  /** `buffer` is not used any more by whoever took it. Detached buffers (moved into a stream) are dropped. */
  give(buffer: ArrayBuffer): void {
    if (buffer.byteLength > 0 && this.free.length < this.max) this.free.push(buffer);
  }
}

/**
 * `read(offset, length)` over one file: consecutive reads come from one BYOB reader of `file.stream()`; a read
 * anywhere else (or a browser without byte streams) falls back to File.slice. Each result is `length` bytes (fewer
 * only at the end of the file) at the start of a buffer of its own: a fresh one, or one taken from `buffers`.
 */
export function sequentialFileReader(file: Blob, buffers?: ReadBuffers): { read(offset: number, length: number): Promise<Uint8Array>; close(): void } {
  let reader: ByobReader | null = null;
  let position = 0;
  /** After a read out of order (or without byte streams) every read is a slice. */
  let slicesOnly = false;
  const close = (): void => {
    reader?.cancel().catch(() => {});
    reader = null;
    slicesOnly = true;
  };
  return {
    async read(offset, length) {
      if (offset !== position) close();
      if (!slicesOnly && !reader) {
        try {
          reader = file.stream().getReader({ mode: 'byob' });
        } catch {
          slicesOnly = true; // not a byte stream in this browser
        }
      }
      if (slicesOnly || !reader) return readFileRange(file, offset, length);
      let buffer = buffers?.take(length) ?? new ArrayBuffer(length);
      let filled = 0;
      try {
        while (filled < length) {
          // The view's buffer is transferred into the stream and handed back (ours is detached) with the bytes in it.
          const { done, value } = await reader.read(new Uint8Array(buffer, filled, length - filled));
          if (!value) throw new Error('the stream ended without handing its buffer back');
          buffer = value.buffer as ArrayBuffer;
          filled += value.byteLength;
          if (done) break;
        }
      } catch (e) {
        // A stream that fails or ends early is not trusted again: the rest comes from slices, which report errors
        // of their own (a file changed or removed since it was chosen).
        console.warn('Reading the file as a stream failed; reading it in slices', { offset, filled, length }, e);
        close();
        return readFileRange(file, offset, length);
      }
      position += filled;
      if (filled < length && offset + filled < file.size) {
        console.warn('The file stream ended early; reading it in slices', { offset, filled, length, size: file.size });
        close();
        return readFileRange(file, offset, length);
      }
      return new Uint8Array(buffer, 0, filled);
    },
    close,
  };
}

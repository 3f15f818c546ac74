// Whole pieces read from storage for serving peers: one read per piece instead of one per 16 KiB block, shared by
// every peer asking for it, bounded in bytes.

import type { PieceIndex, Geometry } from '../metainfo/geometry.ts';
import type { PieceStore } from '../ports.ts';
import type { PieceBuffers } from './piece-buffers.ts';

/** The cache's budget: enough for a few pieces per uploading peer without holding whole files in memory. */
export const READ_CACHE_BYTES = 16 * 1024 * 1024;

export class ReadCache {
  // Map iteration order is insertion order: re-inserting on use makes the first key the least recently used.
  private readonly pieces = new Map<number, Uint8Array>();
  private readonly loading = new Map<number, Promise<Uint8Array>>();
  private bytes = 0;

  constructor(
    private readonly geometry: Geometry,
    private readonly store: PieceStore,
    private readonly maxBytes = READ_CACHE_BYTES,
    /**
     * Pieces pushed out for room go back to this pool, and reads take their buffers from it. So nothing may hold a
     * piece from `get` or `load` past the task it got it in: the uploader copies what it sends at once.
     */
    private readonly buffers?: PieceBuffers,
  ) {}

  /** The piece if cached (and marks it recently used), else undefined. */
  get(index: number): Uint8Array | undefined {
    const data = this.pieces.get(index);
    if (data) {
      this.pieces.delete(index);
      this.pieces.set(index, data);
    }
    return data;
  }

  /** Reads a piece into the cache; concurrent calls for one piece share one read. */
  load(index: PieceIndex): Promise<Uint8Array> {
    const cached = this.get(index);
    if (cached) return Promise.resolve(cached);
    let p = this.loading.get(index);
    if (!p) {
      const size = this.geometry.pieceSize(index);
      p = this.store.read(this.geometry.pieceOffset(index), size, this.buffers?.take(size)).then(
        (data) => {
          this.loading.delete(index);
          this.put(index, data);
          return data;
        },
        (e: unknown) => {
          this.loading.delete(index);
          throw e;
        },
      );
      this.loading.set(index, p);
    }
    return p;
  }

  /** Adds a piece we already hold (just verified), so serving it to others costs no read. */
  put(index: number, data: Uint8Array): void {
    if (data.length > this.maxBytes) return;
    const old = this.pieces.get(index);
    if (old) {
      this.bytes -= old.length;
      this.pieces.delete(index);
    }
    this.pieces.set(index, data);
    this.bytes += data.length;
    for (const [key, value] of this.pieces) {
      if (this.bytes <= this.maxBytes) break;
      this.pieces.delete(key);
      this.bytes -= value.length;
      this.buffers?.give(value);
    }
  }

  clear(): void {
    this.pieces.clear();
    this.bytes = 0;
  }
}

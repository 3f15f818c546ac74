// Buffers of one piece length, reused: a piece the read cache lets go becomes the buffer of the next piece being
// assembled, so a download allocates (and the browser zero-fills and faults in) no new piece buffer per piece once
// the cache is full. Only full-length, whole-ArrayBuffer buffers are taken back, and only a few.

/** How many idle buffers the pool keeps (at least one, at most this many bytes' worth): more would only hold memory
 * the cache just gave up. */
export const MAX_POOLED_BUFFERS = 4;
export const MAX_POOLED_BYTES = 4 * 1024 * 1024;

export class PieceBuffers {
  private readonly idle: Uint8Array[] = [];
  private reused = 0;

  constructor(
    /** The torrent's piece length: the last, shorter piece is never pooled. */
    readonly pieceLength: number,
    private readonly max = Math.max(1, Math.min(MAX_POOLED_BUFFERS, Math.floor(MAX_POOLED_BYTES / pieceLength))),
  ) {}

  /**
   * A buffer of `size` bytes. A pooled one holds an older piece's bytes: the caller writes every byte before it
   * reads any (the assembler hands a piece out only once all its blocks are in).
   */
  take(size: number): Uint8Array {
    if (size === this.pieceLength) {
      const b = this.idle.pop();
      if (b) {
        this.reused++;
        return b;
      }
    }
    return new Uint8Array(size);
  }

  /** Gives a buffer back. The caller guarantees nothing else still reads or writes it (or any view of it). */
  give(buffer: Uint8Array): void {
    if (buffer.length !== this.pieceLength || buffer.byteOffset !== 0 || buffer.byteLength !== buffer.buffer.byteLength) return;
    if (this.idle.length >= this.max || this.idle.includes(buffer)) return;
    this.idle.push(buffer);
  }

  /** Idle buffers held (for tests and memory figures). */
  get idleCount(): number {
    return this.idle.length;
  }

  /** Buffers handed out again instead of allocated (for tests and profiles). */
  get reusedCount(): number {
    return this.reused;
  }
}

// A torrent's `verified.bits` in its OPFS folder: one bit per verified piece, set in memory and written to the file
// together with the bits of other pieces verified soon after (flush).

import type { Bitfield } from '../engine/bitfield.ts';

export const BITS_FILE = 'verified.bits';

/**
 * Verified bits of written pieces wait at most this long for others to go to disk with them (flushVerified: the
 * host flushes before every snapshot, so this only bounds what a kill loses while no snapshot is taken).
 */
export const VERIFIED_FLUSH_MS = 1000;

export class VerifiedBits {
  /** Bytes of `verified.bits` set in memory but not written yet: [from, to), empty when from >= to. */
  private dirtyFrom = Infinity;
  private dirtyTo = 0;
  private flushTimer: ReturnType<typeof setTimeout> | null = null;

  constructor(
    readonly handle: FileSystemSyncAccessHandle,
    readonly bits: Bitfield,
    private readonly closed: () => boolean,
  ) {}

  /** Writes the bits set since the last flush. */
  flush(): void {
    if (this.flushTimer !== null) {
      clearTimeout(this.flushTimer);
      this.flushTimer = null;
    }
    if (this.dirtyFrom >= this.dirtyTo) return;
    const [from, to] = [this.dirtyFrom, this.dirtyTo];
    try {
      this.handle.write(this.bits.bytes.subarray(from, to), { at: from });
      this.dirtyFrom = Infinity;
      this.dirtyTo = 0;
    } catch (e) {
      // The pieces are stored; only their marks are not. Kept dirty: the next flush (or close) tries again.
      console.warn('Could not mark verified pieces on disk (retried later)', { from, to }, e);
    }
  }

  /** Piece `index`'s bit was set: its byte goes to disk at the next flush, within VERIFIED_FLUSH_MS. */
  markDirty(index: number): void {
    const i = index >> 3;
    this.dirtyFrom = Math.min(this.dirtyFrom, i);
    this.dirtyTo = Math.max(this.dirtyTo, i + 1);
    this.flushTimer ??= setTimeout(() => {
      this.flushTimer = null;
      if (!this.closed()) this.flush();
    }, VERIFIED_FLUSH_MS);
  }

  /** Writes the byte holding piece `index`'s bit at once. */
  writeBitByte(index: number): void {
    const i = index >> 3;
    this.handle.write(this.bits.bytes.subarray(i, i + 1), { at: i });
  }
}

// Keeps received blocks of pieces that stay incomplete, so a restart need not fetch them again; but only blocks
// whose piece is still incomplete KEEP_DELAY_MS after its first block arrived. On a fast link a piece completes
// in a few ms and its blocks reach the disk once, in the piece write; writing every block as it came (two OPFS
// writes per 16 KiB block, one of them for the kept bit) was half of the receiving worker's time.

import type { PieceStore } from '../ports.ts';

/** A block waits this long for its piece to complete before it is kept on its own. */
export const KEEP_DELAY_MS = 1000;

interface Pending {
  /** When the first pending block of the piece arrived. */
  readonly since: number;
  /** Block offsets and their bytes (views into the assembler's piece buffer, valid until the piece is taken). */
  readonly blocks: [number, Uint8Array][];
}

export class KeptWriter {
  /** In order of `since` (insertion order), so a flush stops at the first piece too young to keep. */
  private readonly pending = new Map<number, Pending>();

  constructor(
    private readonly store: PieceStore,
    private readonly failed: (e: unknown) => void,
    private readonly delayMs = KEEP_DELAY_MS,
  ) {}

  /** A block arrived: it is kept later unless its piece completes first. */
  add(index: number, begin: number, block: Uint8Array, now: number): void {
    if (!this.store.writeBlock) return;
    let p = this.pending.get(index);
    if (!p) {
      p = { since: now, blocks: [] };
      this.pending.set(index, p);
    }
    p.blocks.push([begin, block]);
    if (now - this.oldest() >= this.delayMs) this.flush(now);
  }

  /** The piece is complete (its blocks go to disk with it) or its buffer is gone: nothing of it is owed. */
  drop(index: number): void {
    this.pending.delete(index);
  }

  /** Keeps the blocks of pieces pending for at least the delay; all of them when `now` is omitted (closing). */
  flush(now = Infinity): void {
    const write = this.store.writeBlock?.bind(this.store);
    if (!write) return;
    for (const [index, p] of this.pending) {
      if (now - p.since < this.delayMs) break;
      this.pending.delete(index);
      for (const [begin, block] of p.blocks) write(index, begin, block).catch(this.failed);
    }
  }

  /** Blocks waiting (for tests). */
  get pendingBlocks(): number {
    let n = 0;
    for (const p of this.pending.values()) n += p.blocks.length;
    return n;
  }

  private oldest(): number {
    for (const p of this.pending.values()) return p.since;
    return Infinity;
  }
}

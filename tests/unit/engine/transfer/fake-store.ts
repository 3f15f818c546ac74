// A PieceStore whose reads are counted and, when asked, held until the test releases them.

import type { PieceStore } from '../../../../src/engine/ports.ts';

export class FakeStore implements PieceStore {
  readonly data: Uint8Array;
  readonly reads: { offset: number; length: number }[] = [];
  /** When true, reads wait in `held` until release(). */
  hold = false;
  failNext: Error | null = null;
  private held: (() => void)[] = [];

  constructor(length: number) {
    this.data = Uint8Array.from({ length }, (_, i) => (i * 7 + 3) & 0xff);
  }

  verifiedPieces(): Uint8Array {
    return new Uint8Array(0);
  }

  readonly written: number[] = [];

  async writePiece(index: number): Promise<void> {
    this.written.push(index);
  }

  /** How many written pieces had been written when each flushVerified() came. */
  readonly flushes: number[] = [];
  flushVerified(): void {
    this.flushes.push(this.written.length);
  }

  read(offset: number, length: number): Promise<Uint8Array> {
    this.reads.push({ offset, length });
    const fail = this.failNext;
    this.failNext = null;
    const result = (): Promise<Uint8Array> => (fail ? Promise.reject(fail) : Promise.resolve(this.data.slice(offset, offset + length)));
    if (!this.hold) return result();
    return new Promise((resolve, reject) => this.held.push(() => void result().then(resolve, reject)));
  }

  /** Lets every held read complete. */
  release(): void {
    const held = this.held;
    this.held = [];
    for (const r of held) r();
  }

  async forgetPiece(): Promise<void> {}
  async close(): Promise<void> {}
  async destroy(): Promise<void> {}
}

/** Lets pending promise callbacks run. */
export async function settle(): Promise<void> {
  for (let i = 0; i < 5; i++) await Promise.resolve();
}

// Promises that settle when a piece is verified: what a stream reader waits on before it can read its next bytes.

import type { EngineError } from '../errors.ts';

interface Waiter {
  resolve(): void;
  reject(error: EngineError): void;
}

/**
 * Waiters per piece. The torrent resolves a piece's waiters when it verifies, and rejects them all when it is paused,
 * fails or is removed, so no reader waits for bytes that will not come. Each open stream waits for at most one piece
 * at a time, so this holds no more entries than there are open streams.
 */
export class PieceWaiters {
  private readonly byPiece = new Map<number, Waiter[]>();

  /** Settles when `resolve(index)` or `rejectAll` is called. */
  wait(index: number): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      let list = this.byPiece.get(index);
      if (!list) this.byPiece.set(index, (list = []));
      list.push({ resolve, reject });
    });
  }

  resolve(index: number): void {
    const list = this.byPiece.get(index);
    if (!list) return;
    this.byPiece.delete(index);
    for (const w of list) w.resolve();
  }

  rejectAll(error: EngineError): void {
    const all = [...this.byPiece.values()];
    this.byPiece.clear();
    for (const list of all) for (const w of list) w.reject(error);
  }

  /** Pieces someone is waiting for (tests, and a debugging view). */
  get pieces(): number[] {
    return [...this.byPiece.keys()];
  }
}

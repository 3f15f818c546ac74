// Kept blocks of pieces not verified yet, in IndexedDB (PieceStore.writeBlock and friends), so a restart re-downloads
// only the blocks in flight. One transaction per block would cost more than the re-download it saves, so blocks
// are written in batches: at most one batch transaction runs, and blocks arriving meanwhile form the next one. The
// batch size thus follows the load, and a block waits at most one transaction before it is stored.

import type { Bitfield } from '../engine/bitfield.ts';
import { blockRange, ownBytes, type PiecesDb } from './idb-pieces-schema.ts';

interface PendingBlock {
  readonly index: number;
  readonly begin: number;
  readonly data: Uint8Array;
}

export class IdbKeptBlocks {
  private pending: PendingBlock[] = [];
  /** The batch being written; the next batch starts when it settles. */
  private running: Promise<void> | null = null;
  /** Settles when the pending batch (the next one) is stored: what writeBlock callers wait for. */
  private next: { promise: Promise<void>; resolve: () => void; reject: (e: unknown) => void } | null = null;

  constructor(
    private readonly db: () => Promise<PiecesDb>,
    private readonly infoHashHex: string,
  ) {}

  /** Queues a block; resolves once it is stored (it counts as kept only then). */
  write(index: number, begin: number, data: Uint8Array): Promise<void> {
    this.pending.push({ index, begin, data: ownBytes(data) });
    this.next ??= deferred();
    const waiting = this.next.promise;
    if (!this.running) this.startBatch();
    return waiting;
  }

  /** Forgets queued blocks of `index` (its piece is being written whole, or failed its hash). */
  dropPending(index: number): void {
    this.pending = this.pending.filter((b) => b.index !== index);
  }

  /** Waits until every queued block is stored (or failed). */
  async drain(): Promise<void> {
    while (this.running) await this.running.catch(() => undefined);
  }

  /** Kept block offsets per piece, for pieces `verified` does not have. */
  async list(verified: Bitfield): Promise<Map<number, number[]>> {
    await this.drain();
    const keys = await (await this.db()).getAllKeys('blocks', blockRange(this.infoHashHex));
    const out = new Map<number, number[]>();
    for (const [, index, begin] of keys) {
      if (index >= verified.size || verified.get(index)) continue;
      let begins = out.get(index);
      if (!begins) out.set(index, (begins = []));
      begins.push(begin);
    }
    return out;
  }

  /** A piece's kept bytes, `size` long; blocks not kept read as zeros. */
  async piece(index: number, size: number): Promise<Uint8Array> {
    await this.drain();
    const tx = (await this.db()).transaction('blocks', 'readonly');
    const range = blockRange(this.infoHashHex, index);
    const [keys, values] = await Promise.all([tx.store.getAllKeys(range), tx.store.getAll(range), tx.done]);
    const out = new Uint8Array(size);
    keys.forEach(([, , begin], k) => {
      const data = values[k]!;
      if (begin + data.length <= size) out.set(data, begin);
    });
    return out;
  }

  /** Deletes a piece's kept blocks (queued ones too). */
  async forget(index: number): Promise<void> {
    this.dropPending(index);
    await (await this.db()).delete('blocks', blockRange(this.infoHashHex, index));
  }

  private startBatch(): void {
    const batch = this.pending;
    const done = this.next!;
    this.pending = [];
    this.next = null;
    this.running = this.writeBatch(batch).then(done.resolve, (e: unknown) => {
      done.reject(e);
    });
    void this.running.then(() => {
      this.running = null;
      if (this.pending.length > 0) this.startBatch();
      else if (this.next) {
        // Every block queued meanwhile was dropped: nothing left to wait for.
        this.next.resolve();
        this.next = null;
      }
    });
  }

  private async writeBatch(batch: readonly PendingBlock[]): Promise<void> {
    if (batch.length === 0) return;
    const tx = (await this.db()).transaction('blocks', 'readwrite');
    const ih = this.infoHashHex;
    await Promise.all([...batch.map((b) => tx.store.put(b.data, [ih, b.index, b.begin])), tx.done]);
  }
}

function deferred(): { promise: Promise<void>; resolve: () => void; reject: (e: unknown) => void } {
  let resolve!: () => void;
  let reject!: (e: unknown) => void;
  const promise = new Promise<void>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

// Requests we cancelled (streaming seeks) whose answers may still arrive: the peer may have sent the block before our
// cancel reached it. Such a late block is not flooding; and it must never be taken as the answer to a newer request
// for the same block, or the peer would hold a request we no longer count and its queue would outgrow ours.

import { MAX_PIPELINE } from './pipeline.ts';

/** A safety cap (settle() normally keeps far fewer): four full pipelines of cancels. */
const MAX_ENTRIES = 4 * MAX_PIPELINE;

export class CancelledRequests {
  /** Block key -> cancelled requests not yet answered or settled, and when the last was cancelled. Oldest first. */
  private readonly entries = new Map<number, { count: number; at: number }>();

  add(key: number, now: number): void {
    const e = this.entries.get(key);
    this.entries.delete(key); // re-inserted at the end: the map stays ordered by cancel time
    this.entries.set(key, { count: (e?.count ?? 0) + 1, at: now });
    if (this.entries.size > MAX_ENTRIES) this.entries.delete(this.entries.keys().next().value!);
  }

  /** A block for `key` arrived: true when it answers one of our cancelled requests (which it then consumes). */
  take(key: number): boolean {
    const e = this.entries.get(key);
    if (!e) return false;
    if (--e.count === 0) this.entries.delete(key);
    return true;
  }

  /**
   * The answer to a request sent at `requestedAt` arrived. Peers answer in order, so every cancel sent before that
   * request reached the peer before it; whatever it had already sent has arrived. Those entries are forgotten.
   */
  settle(requestedAt: number): void {
    for (const [key, e] of this.entries) {
      if (e.at >= requestedAt) break;
      this.entries.delete(key);
    }
  }

  get size(): number {
    return this.entries.size;
  }
}

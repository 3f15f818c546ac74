// A few WebRTC offers made ahead of time (ICE gathered, channel already with the engine), for the first announce of
// the next torrent: non-trickle gathering then costs it nothing (about 150 ms, far more on the page's first
// connection). Kept small and refilled a while after use, so that the connections it holds cost little.

import type { TimerHandle, Timers } from '../timers.ts';
import type { OfferToSend } from '../signaling.ts';

export interface PooledOffer {
  /** The connection's id in the connector. */
  readonly id: number;
  readonly offer: OfferToSend;
  readonly madeAt: number;
}

export interface OfferPoolOptions {
  readonly size: number;
  /** Older offers are closed rather than used (the network may have changed since they were gathered). */
  readonly maxAgeMs: number;
  /** After offers are taken, the pool refills this much later: out of the way of the connections just started. */
  readonly refillDelayMs: number;
  /** After an offer could not be made (or gathered nothing), the next try waits this long, doubling each time. */
  readonly retryDelayMs: number;
  readonly maxRetries: number;
  readonly timers: Timers;
  now(): number;
  /** A new pooled offer, or null when none could be made (it is closed already). */
  make(): Promise<PooledOffer | null>;
  /** Closes a pooled offer's connection (stale, or the pool is going away). */
  discard(id: number): void;
}

export const DEFAULT_POOL = { maxAgeMs: 5 * 60_000, refillDelayMs: 5_000, retryDelayMs: 500, maxRetries: 6 } as const;

export class OfferPool {
  private ready: PooledOffer[] = [];
  private making = 0;
  private failures = 0;
  private timer: TimerHandle | undefined;
  private destroyed = false;

  constructor(private readonly opts: OfferPoolOptions) {}

  /** Offers ready now. */
  get size(): number {
    return this.ready.length;
  }

  /** Makes offers until the pool holds `size` (counting those being made). */
  fill(): void {
    this.opts.timers.clear(this.timer);
    this.timer = undefined;
    while (!this.destroyed && this.ready.length + this.making < this.opts.size) {
      this.making++;
      void this.opts.make().then(
        (p) => this.made(p),
        () => this.made(null),
      );
    }
  }

  /** Up to `max` fresh offers, oldest first; the pool refills later. */
  take(max: number, alive: (id: number) => boolean = () => true): PooledOffer[] {
    const now = this.opts.now();
    const fresh: PooledOffer[] = [];
    for (const p of this.ready) {
      if (!alive(p.id)) continue;
      if (now - p.madeAt > this.opts.maxAgeMs) this.opts.discard(p.id);
      else fresh.push(p);
    }
    const taken = fresh.slice(0, Math.max(0, max));
    this.ready = fresh.slice(taken.length);
    if (this.ready.length + this.making < this.opts.size) {
      this.failures = 0;
      this.later(this.opts.refillDelayMs);
    }
    return taken;
  }

  destroy(): void {
    this.destroyed = true;
    this.opts.timers.clear(this.timer);
    for (const p of this.ready) this.opts.discard(p.id);
    this.ready = [];
  }

  private made(p: PooledOffer | null): void {
    this.making--;
    if (this.destroyed) {
      if (p) this.opts.discard(p.id);
      return;
    }
    if (p) {
      this.ready.push(p);
      return;
    }
    // Nothing gathered (e.g. before the page may enumerate its interfaces): try again later, a bounded number of times.
    if (this.failures < this.opts.maxRetries) this.later(this.opts.retryDelayMs * 2 ** this.failures++);
  }

  private later(ms: number): void {
    if (this.timer !== undefined || this.destroyed) return;
    this.timer = this.opts.timers.set(() => {
      this.timer = undefined;
      this.fill();
    }, ms);
  }
}

import { describe, expect, it } from 'vitest';
import { OfferPool, type OfferPoolOptions, type PooledOffer } from '../../../../src/net/webrtc/offer-pool.ts';
import type { TimerHandle, Timers } from '../../../../src/net/timers.ts';

/** Timers driven by hand: `advance(ms)` runs what falls due. */
class ManualTimers implements Timers {
  now = 0;
  private next = 1;
  private readonly due = new Map<number, { at: number; fn: () => void }>();
  set(fn: () => void, ms: number): TimerHandle {
    const id = this.next++;
    this.due.set(id, { at: this.now + ms, fn });
    return id;
  }
  clear(handle: TimerHandle | undefined): void {
    if (typeof handle === 'number') this.due.delete(handle);
  }
  advance(ms: number): void {
    this.now += ms;
    for (const [id, t] of [...this.due].sort((a, b) => a[1].at - b[1].at)) {
      if (t.at > this.now) continue;
      this.due.delete(id);
      t.fn();
    }
  }
}

const settle = (): Promise<void> => new Promise((r) => setTimeout(r, 0));

function pool(over: Partial<OfferPoolOptions> = {}, gathers: () => boolean = () => true) {
  const timers = new ManualTimers();
  let id = 0;
  const made: number[] = [];
  const discarded: number[] = [];
  const p = new OfferPool({
    size: 3,
    maxAgeMs: 60_000,
    refillDelayMs: 5_000,
    retryDelayMs: 500,
    maxRetries: 3,
    timers,
    now: () => timers.now,
    make: async (): Promise<PooledOffer | null> => {
      const n = ++id;
      made.push(n);
      if (!gathers()) return null;
      return { id: n, offer: { offerIdHex: n.toString(16).padStart(40, '0'), offer: { type: 'offer', sdp: `v=0 ${n}` } }, madeAt: timers.now };
    },
    discard: (n) => discarded.push(n),
    ...over,
  });
  return { p, timers, made, discarded };
}

describe('OfferPool', () => {
  it('fills up to its size and hands out the oldest first', async () => {
    const t = pool();
    t.p.fill();
    await settle();
    expect(t.p.size).toBe(3);
    expect(t.p.take(2).map((o) => o.id)).toEqual([1, 2]);
    expect(t.p.size).toBe(1);
  });

  it('refills only a while after offers were taken, not at once', async () => {
    const t = pool();
    t.p.fill();
    await settle();
    t.p.take(3);
    await settle();
    expect(t.made).toHaveLength(3);
    t.timers.advance(4_999);
    expect(t.made).toHaveLength(3);
    t.timers.advance(1);
    await settle();
    expect(t.made).toHaveLength(6);
    expect(t.p.size).toBe(3);
  });

  it('closes offers past their age instead of handing them out', async () => {
    const t = pool();
    t.p.fill();
    await settle();
    t.timers.advance(60_001);
    expect(t.p.take(2)).toEqual([]);
    expect(t.discarded).toEqual([1, 2, 3]);
  });

  it('skips offers whose connection is gone', async () => {
    const t = pool();
    t.p.fill();
    await settle();
    expect(t.p.take(2, (id) => id !== 1).map((o) => o.id)).toEqual([2, 3]);
  });

  it('tries again with a doubling delay when offers gather nothing, a bounded number of times', async () => {
    let ok = false;
    const t = pool({ size: 1 }, () => ok);
    t.p.fill();
    await settle();
    expect(t.made).toHaveLength(1);
    t.timers.advance(500);
    await settle();
    expect(t.made).toHaveLength(2);
    t.timers.advance(999);
    await settle();
    expect(t.made).toHaveLength(2);
    ok = true;
    t.timers.advance(1);
    await settle();
    expect(t.made).toHaveLength(3);
    expect(t.p.size).toBe(1);
  });

  it('gives up after its retries', async () => {
    const t = pool({ size: 1 }, () => false);
    t.p.fill();
    for (let i = 0; i < 10; i++) {
      await settle();
      t.timers.advance(60_000);
    }
    await settle();
    expect(t.made).toHaveLength(4); // the first try and 3 retries
  });

  it('closes what it holds, and what arrives later, once destroyed', async () => {
    const t = pool({ size: 2 });
    t.p.fill();
    await settle();
    t.p.take(1);
    t.p.destroy();
    expect(t.discarded).toEqual([2]);
    t.timers.advance(10_000);
    await settle();
    expect(t.made).toHaveLength(2);
  });
});

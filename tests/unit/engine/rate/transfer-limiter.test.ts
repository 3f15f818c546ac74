// The hierarchical limiter on a fake clock: a byte passes its torrent's bucket and the session's; downloads are
// granted as requests (prepaying the answers); overhead counts; unlimited does nothing.

import { describe, expect, it } from 'vitest';
import { BucketPair, TorrentLimiter, UNLIMITED, type Limits } from '../../../../src/engine/rate/transfer-limiter.ts';

const MiB = 1024 * 1024;
const UNIT = 16384 + 13;

function setup(own: Limits, global: Limits = UNLIMITED) {
  let now = 0;
  const globalPair = new BucketPair(global, 0);
  const limiter = new TorrentLimiter(new BucketPair(own, 0), globalPair, () => now);
  return { limiter, globalPair, at: (t: number) => void (now = t) };
}

/** Simulates a downloader that asks for up to 1000 blocks every `step` ms; returns bytes granted per second. */
function requestRun(limiter: TorrentLimiter, at: (t: number) => void, seconds: number, step = 50): number[] {
  const perSecond = new Array<number>(seconds).fill(0);
  for (let t = 0; t < seconds * 1000; t += step) {
    at(t);
    const n = limiter.requestBudget(1000, UNIT);
    limiter.requested(n, UNIT);
    limiter.received(n * UNIT); // answered at once
    perSecond[Math.floor(t / 1000)]! += n * UNIT;
  }
  return perSecond;
}

describe('TorrentLimiter', () => {
  it('grants every request and counts nothing when unlimited', () => {
    const { limiter } = setup(UNLIMITED);
    expect(limiter.limited).toBe(false);
    expect(limiter.requestBudget(500, UNIT)).toBe(500);
    expect(limiter.mayUpload()).toBe(true);
    limiter.sent(1e9);
    expect(limiter.mayUpload()).toBe(true);
  });

  it('grants download requests at the limit: each second within 10% of it once running', () => {
    const { limiter, at } = setup({ download: 2 * MiB, upload: null });
    const perSecond = requestRun(limiter, at, 20);
    for (const bytes of perSecond.slice(1)) expect(Math.abs(bytes / (2 * MiB) - 1)).toBeLessThan(0.1);
    const total = perSecond.reduce((a, b) => a + b, 0);
    expect(Math.abs(total / (40 * MiB) - 1)).toBeLessThan(0.02);
  });

  it('grants at least one request while not in debt, so a limit below one block still moves', () => {
    const { limiter, at } = setup({ download: 4000, upload: null });
    expect(limiter.requestBudget(10, UNIT)).toBe(1);
    limiter.requested(1, UNIT);
    expect(limiter.requestBudget(10, UNIT)).toBe(0);
    at(4000);
    expect(limiter.requestBudget(10, UNIT)).toBe(1);
  });

  it('passes the tighter of the torrent limit and the session limit (hierarchical)', () => {
    const a = setup({ download: 4 * MiB, upload: null }, { download: MiB, upload: null });
    const perSecond = requestRun(a.limiter, a.at, 10);
    expect(Math.abs(perSecond[5]! / MiB - 1)).toBeLessThan(0.1);
    const b = setup({ download: MiB, upload: null }, { download: 4 * MiB, upload: null });
    expect(Math.abs(requestRun(b.limiter, b.at, 10)[5]! / MiB - 1)).toBeLessThan(0.1);
  });

  it('shares the session bucket between torrents: two torrents together stay at the global limit', () => {
    let now = 0;
    const global = new BucketPair({ download: 2 * MiB, upload: null }, 0);
    const t1 = new TorrentLimiter(new BucketPair(UNLIMITED, 0), global, () => now);
    const t2 = new TorrentLimiter(new BucketPair(UNLIMITED, 0), global, () => now);
    let bytes = 0;
    for (now = 0; now < 10_000; now += 50) {
      for (const t of [t1, t2]) {
        const n = t.requestBudget(1000, UNIT);
        t.requested(n, UNIT);
        t.received(n * UNIT);
        if (now >= 1000) bytes += n * UNIT;
      }
    }
    expect(Math.abs(bytes / (9 * 2 * MiB) - 1)).toBeLessThan(0.05);
  });

  it('charges bytes that were not prepaid (haves, keep-alives, old requests) against the download limit', () => {
    const { limiter, at } = setup({ download: MiB, upload: null });
    at(0);
    limiter.received(MiB); // e.g. answers to requests issued before the limit was set
    expect(limiter.requestBudget(10, UNIT)).toBe(0);
    at(850);
    expect(limiter.requestBudget(10, UNIT)).toBe(0); // 0.9 MiB of debt takes 0.9 s to repay
    at(1000);
    expect(limiter.requestBudget(1000, UNIT)).toBeGreaterThan(0);
  });

  it('drops credit for requests that will never be answered', () => {
    const budgets = [false, true].map((choked) => {
      const { limiter, at } = setup({ download: MiB, upload: null });
      at(0);
      const n = limiter.requestBudget(1000, UNIT);
      limiter.requested(n, UNIT);
      if (choked) limiter.settle(0); // the peer choked us: nothing outstanding, no credit left
      at(300);
      limiter.received(n * UNIT); // the answers (unchoked) or other bytes (choked)
      return limiter.requestBudget(1000, UNIT);
    });
    expect(budgets[0]! - budgets[1]!).toBe(7); // the 7 blocks granted first were charged once more
  });

  it('holds piece data back while the upload buckets are in debt, and counts every byte sent', () => {
    const { limiter, at } = setup({ download: null, upload: MiB });
    at(0);
    expect(limiter.mayUpload()).toBe(true);
    limiter.sent(MiB / 10 + MiB / 20); // a tenth of a second to start with, then 50 ms of debt
    expect(limiter.mayUpload()).toBe(false);
    at(49);
    expect(limiter.mayUpload()).toBe(false);
    at(51);
    expect(limiter.mayUpload()).toBe(true);
  });

  it('follows a raised limit at once', () => {
    const { limiter, at } = setup({ download: MiB, upload: null });
    requestRun(limiter, at, 2);
    limiter.setLimits({ download: 8 * MiB, upload: null });
    let bytes = 0;
    for (let t = 2000; t < 3000; t += 50) {
      at(t);
      const n = limiter.requestBudget(10_000, UNIT);
      limiter.requested(n, UNIT);
      limiter.received(n * UNIT);
      bytes += n * UNIT;
    }
    expect(Math.abs(bytes / (8 * MiB) - 1)).toBeLessThan(0.1);
  });
});

// Token bucket on a fake clock: refill at the rate, burst cap, overdraw and repayment, changing the rate, unlimited.

import { describe, expect, it } from 'vitest';
import { BURST_SECONDS, MIN_BURST, TokenBucket, validRate } from '../../../../src/engine/rate/token-bucket.ts';

const MiB = 1024 * 1024;

describe('TokenBucket', () => {
  it('is unlimited with a null rate: everything passes and nothing is counted', () => {
    const b = new TokenBucket(null, 0);
    expect(b.limited).toBe(false);
    b.spend(1e12, 0);
    expect(b.available(0)).toBe(Infinity);
  });

  it('starts with a tenth of a second of its rate, not a burst', () => {
    const b = new TokenBucket(MiB, 1000);
    expect(b.available(1000)).toBeCloseTo(MiB / 10);
  });

  it('refills at the rate, up to the burst (half a second of the rate)', () => {
    const b = new TokenBucket(2 * MiB, 0);
    b.spend(b.available(0), 0);
    expect(b.available(250)).toBeCloseTo(MiB / 2);
    expect(b.available(10_000)).toBeCloseTo(2 * MiB * BURST_SECONDS);
  });

  it('keeps at least MIN_BURST so a low limit still passes whole blocks', () => {
    const b = new TokenBucket(1000, 0);
    expect(b.burst).toBe(MIN_BURST);
    expect(b.available(3_600_000)).toBe(MIN_BURST);
  });

  it('lets a spender overdraw and holds everything back until the debt is repaid', () => {
    const b = new TokenBucket(100_000, 0);
    b.spend(b.available(0) + 50_000, 0);
    expect(b.available(0)).toBeCloseTo(-50_000);
    expect(b.available(400)).toBeCloseTo(-10_000);
    expect(b.available(500)).toBeCloseTo(0);
    expect(b.available(600)).toBeCloseTo(10_000);
  });

  it('passes exactly rate x time over a long run of whole-message spends', () => {
    const b = new TokenBucket(5 * MiB, 0);
    let sent = 0;
    for (let t = 0; t <= 10_000; t += 7) {
      while (b.available(t) > 0) {
        b.spend(16397, t);
        sent += 16397;
      }
    }
    // 10 s of the rate, plus what it started with and at most one message of overdraw.
    expect(sent).toBeGreaterThanOrEqual(50 * MiB);
    expect(sent).toBeLessThanOrEqual(50 * MiB + 0.1 * 5 * MiB + 16397);
  });

  it('does not refill when the clock goes back', () => {
    const b = new TokenBucket(MiB, 1000);
    b.spend(b.available(1000), 1000);
    expect(b.available(500)).toBe(0);
    expect(b.available(1100)).toBeCloseTo(MiB / 10);
  });

  it('takes a new rate at once: raising refills faster from that instant, lowering caps the savings', () => {
    const b = new TokenBucket(MiB, 0);
    b.spend(b.available(0), 0);
    b.setRate(4 * MiB, 0);
    expect(b.available(100)).toBeCloseTo((4 * MiB) / 10);
    expect(b.available(1000)).toBeCloseTo(2 * MiB); // the new burst
    b.setRate(MiB, 1000);
    expect(b.available(1000)).toBeCloseTo(MiB / 2); // kept within the new, smaller burst
  });

  it('starts small again when a limit is switched on, and forgets the account when switched off', () => {
    const b = new TokenBucket(null, 0);
    b.setRate(MiB, 5000);
    expect(b.available(5000)).toBeCloseTo(MiB / 10);
    b.spend(10 * MiB, 5000);
    b.setRate(null, 5000);
    expect(b.available(5000)).toBe(Infinity);
    b.setRate(MiB, 6000);
    expect(b.available(6000)).toBeCloseTo(MiB / 10);
  });

  it('bounds a debt by the new burst when the rate is lowered, so a lower limit takes effect within a second', () => {
    const b = new TokenBucket(100 * MiB, 0);
    b.spend(200 * MiB, 0);
    b.setRate(MiB, 0);
    expect(b.available(0)).toBeCloseTo(-MiB / 2);
    expect(b.available(600)).toBeGreaterThan(0);
  });
});

describe('validRate', () => {
  it('accepts positive finite numbers only', () => {
    expect(validRate(1)).toBe(1);
    expect(validRate(0)).toBeNull();
    expect(validRate(-5)).toBeNull();
    expect(validRate(Number.POSITIVE_INFINITY)).toBeNull();
    expect(validRate(Number.NaN)).toBeNull();
    expect(validRate(null)).toBeNull();
    expect(validRate(undefined)).toBeNull();
  });
});

// RateMeter on fake times: bytes per second over a 5 s window of 250 ms buckets.

import { describe, expect, it } from 'vitest';
import { RateMeter } from '../../../../src/engine/peer/rate-meter.ts';

/** Feeds `bytes` every `stepMs` from `from` to `to` (exclusive); returns the meter. */
function steady(meter: RateMeter, bytes: number, stepMs: number, from: number, to: number): RateMeter {
  for (let t = from; t < to; t += stepMs) meter.add(bytes, t);
  return meter;
}

describe('RateMeter', () => {
  it('reads 0 before any sample', () => {
    expect(new RateMeter().rate(12_345)).toBe(0);
  });

  it.each([20_000, 20_050, 20_125, 20_249])('measures a steady stream to within two percent at any point of a bucket (now = %i)', (now) => {
    // 16 KiB every 50 ms = 327,680 B/s over the full window.
    const m = steady(new RateMeter(), 16384, 50, 0, now + 1);
    expect(m.rate(now) / 327_680).toBeGreaterThan(0.98);
    expect(m.rate(now) / 327_680).toBeLessThan(1.02);
  });

  it('measures a young stream over the time since its first sample, not the whole window', () => {
    const m = steady(new RateMeter(), 10_000, 100, 1_000, 2_000); // 10 samples in 1 s
    expect(m.rate(2_000)).toBeCloseTo(100_000, -3);
  });

  it('counts a first burst over at least one bucket (no divide-by-zero spike)', () => {
    const m = new RateMeter();
    m.add(1000, 500);
    expect(m.rate(500)).toBe(4000);
  });

  it('follows a change of speed within one window', () => {
    const m = steady(new RateMeter(), 10_000, 100, 0, 10_000); // 100 kB/s
    steady(m, 1_000, 100, 10_000, 16_000); // then 10 kB/s
    expect(m.rate(16_000) / 10_000).toBeCloseTo(1, 1);
  });

  it('falls to 0 once the window passes without data (a stalled peer)', () => {
    const m = steady(new RateMeter(), 10_000, 100, 0, 3_000);
    expect(m.rate(5_000)).toBeGreaterThan(0);
    expect(m.rate(8_500)).toBe(0);
    expect(m.rate(1_000_000)).toBe(0);
  });

  it('keeps counting correctly after an idle gap longer than the window', () => {
    const m = steady(new RateMeter(), 10_000, 100, 0, 1_000);
    steady(m, 5_000, 100, 60_000, 66_000); // 50 kB/s after a minute of silence
    expect(m.rate(66_000) / 50_000).toBeCloseTo(1, 1);
  });

  it('keeps the total of every byte ever added', () => {
    const m = steady(new RateMeter(), 7, 1_000, 0, 100_000);
    expect(m.total).toBe(700);
  });
});

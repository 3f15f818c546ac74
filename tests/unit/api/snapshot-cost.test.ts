// The snapshot cost meter keeps the last 512 samples in order, counts and sums all of them, and is one per realm.

import { describe, expect, it } from 'vitest';
import { CostMeter, SNAPSHOT_COST_KEY, snapshotCostMeter } from '../../../src/api/snapshot-cost.ts';

describe('CostMeter', () => {
  it('keeps the newest 512 samples oldest first, and counts and sums them all', () => {
    const m = new CostMeter();
    for (let i = 0; i < 600; i++) m.add(i);
    const s = m.summary();
    expect(s.count).toBe(600);
    expect(s.totalMs).toBe((599 * 600) / 2);
    expect(s.samples).toHaveLength(512);
    expect(s.samples[0]).toBe(88);
    expect(s.samples.at(-1)).toBe(599);
  });

  it('is found on globalThis, the same meter every time', () => {
    expect(snapshotCostMeter()).toBe(snapshotCostMeter());
    expect((globalThis as Record<string, unknown>)[SNAPSHOT_COST_KEY]).toBe(snapshotCostMeter());
  });
});

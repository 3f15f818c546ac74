// The short CI pass of every fuzz target (tests/fuzz/targets): a few thousand seeded inputs each, no crash allowed.
// `npm run fuzz` runs the same targets for a million inputs each. FUZZ_CI_COUNT changes the count here.

import { describe, expect, it } from 'vitest';
import { fuzz, loadCorpus } from './harness.ts';
import { TARGETS } from './targets/index.ts';

const COUNT = Number(process.env['FUZZ_CI_COUNT'] ?? 2000);
const SEED = 12;

describe('fuzz targets (short pass)', () => {
  it.each(TARGETS.map((t) => [t.name, t] as const))(`%s: ${COUNT} seeded inputs, none crashes`, async (_name, target) => {
    const stats = await fuzz(target, loadCorpus(target.name), { count: COUNT, seed: SEED });
    // Timing is not asserted here (a shared machine makes it noise); `npm run fuzz` reports inputs over 100 ms.
    expect(stats.crashList).toEqual([]);
    expect(stats.crashes).toBe(0);
    // Both sides of each parser are reached: the generators are not all refused, nor all accepted.
    expect(stats.accepted).toBeGreaterThan(COUNT / 50);
    expect(stats.typedErrors).toBeGreaterThan(COUNT / 50);
  });
});

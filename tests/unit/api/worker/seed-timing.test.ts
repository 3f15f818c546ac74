import { describe, expect, it } from 'vitest';
import { SeedTimer } from '../../../../src/api/worker/seed-timing.ts';

describe('SeedTimer', () => {
  it('adds each step’s duration to its counter, failed steps too, and reports wall time and epoch bounds', async () => {
    let now = 100;
    const timer = new SeedTimer(() => now);
    await timer.timed('readMs', async () => {
      now += 30;
    });
    await timer.timed('readMs', () => {
      now += 5;
    });
    await expect(
      timer.timed('writeMs', () => {
        now += 7;
        throw new Error('disk full');
      }),
    ).rejects.toThrow('disk full');
    const hasher = timer.hasher({
      sha1: async (d) => {
        now += 11;
        return d.subarray(0, 1);
      },
    });
    expect(await hasher.sha1(Uint8Array.of(9, 8))).toEqual(Uint8Array.of(9));
    timer.bytes = 2;
    now += 1;
    expect(timer.result(1_000_000)).toEqual({
      bytes: 2,
      totalMs: 54,
      readMs: 35,
      hashMs: 11,
      writeMs: 7,
      closeMs: 0,
      startEpochMs: 1_000_100,
      endEpochMs: 1_000_154,
    });
  });
});

import { describe, expect, it } from 'vitest';
import { QUOTA_FRESH_STOP_MS, QUOTA_POLL_MAX_MS, QUOTA_POLL_MIN_MS, QUOTA_RESUME_MIN_BYTES, QuotaWait, spaceToResume } from '../../../../src/engine/lifecycle/quota-wait.ts';

const MiB = 1024 * 1024;

describe('QuotaWait', () => {
  it('asks nothing while no torrent waits, and first asks one interval after one does', () => {
    const w = new QuotaWait();
    expect(w.due(0, 0)).toBe(false);
    expect(w.due(100, 1)).toBe(false);
    expect(w.due(100 + QUOTA_POLL_MIN_MS - 1, 1)).toBe(false);
    expect(w.due(100 + QUOTA_POLL_MIN_MS, 1)).toBe(true);
  });

  it('backs off by doubling to the maximum while no space comes', () => {
    const w = new QuotaWait();
    let now = 0;
    w.due(now, 1);
    const gaps: number[] = [];
    for (let i = 0; i < 8; i++) {
      let waited = 0;
      while (!w.due(now, 1)) {
        now += 100;
        waited += 100;
      }
      gaps.push(waited);
      expect(w.answered(now, 0, [{ id: 'a', needed: MiB }])).toEqual([]);
    }
    expect(gaps.slice(0, 6)).toEqual([QUOTA_POLL_MIN_MS, 4000, 8000, 16000, QUOTA_POLL_MAX_MS, QUOTA_POLL_MAX_MS]);
  });

  it('keeps backing off when a resume fails again soon (a wrong estimate), and starts over for a stop much later', () => {
    const w = new QuotaWait();
    let now = 0;
    const stopAndResume = (): number => {
      let waited = 0;
      w.due(now, 1);
      while (!w.due(now, 1)) {
        now += 100;
        waited += 100;
      }
      expect(w.answered(now, 100 * MiB, [{ id: 'a', needed: MiB }])).toEqual(['a']);
      expect(w.due(now, 0)).toBe(false); // resumed: nobody waits
      return waited;
    };
    // Each resume fails again at once: 2 s, 4 s, 8 s ... up to 30 s between tries.
    const gaps = [0, 1, 2, 3, 4, 5].map(() => stopAndResume());
    expect(gaps).toEqual([2000, 4000, 8000, 16000, QUOTA_POLL_MAX_MS, QUOTA_POLL_MAX_MS]);
    // Long after the last resume, a new stop is tried again after the minimum.
    now += QUOTA_FRESH_STOP_MS;
    expect(stopAndResume()).toBe(QUOTA_POLL_MIN_MS);
  });

  it('resumes a torrent only with room for a few of its pieces, sharing the free space in order', () => {
    expect(spaceToResume({ id: 'a' })).toBe(QUOTA_RESUME_MIN_BYTES);
    expect(spaceToResume({ id: 'a', needed: 4 * MiB })).toBe(16 * MiB);
    const w = new QuotaWait();
    const waiters = [{ id: 'a', needed: 2 * MiB }, { id: 'b', needed: 2 * MiB }];
    expect(w.answered(0, 8 * MiB - 1, waiters)).toEqual([]);
    expect(w.answered(0, 8 * MiB, waiters)).toEqual(['a']);
    expect(w.answered(0, 16 * MiB, waiters)).toEqual(['a', 'b']);
  });
});

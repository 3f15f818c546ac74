// Counters across many kills: each restart comes back within a second of the truth (what is lost is only what was
// counted since the last save), and nothing else is lost, so no drift accumulates however many kills there are.

import { describe, expect, it } from 'vitest';
import { counterSaveDue, COUNTER_SAVE_MS } from '../../../../src/api/worker/persistence.ts';
import { Lifecycle } from '../../../../src/engine/lifecycle/lifecycle.ts';
import type { LifecycleRecord } from '../../../../src/engine/lifecycle/states.ts';
import { FakeTorrent } from '../../engine/lifecycle/fake-torrent.ts';

const TICK_MS = 250;

/** Deterministic jitter (xorshift), so a failure replays. */
function prng(seed: number): () => number {
  let x = seed;
  return () => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return (x >>> 0) / 2 ** 32;
  };
}

interface Saved {
  readonly life: LifecycleRecord;
  readonly downloaded: number;
}

describe('counters across many restarts', () => {
  it('200 kills at random moments: each restart within a second of the truth, the total loses only the unsaved windows', () => {
    const random = prng(12345);
    const clock = { now: 0 };
    /** Really running, all time; bytes really counted, all time. */
    let truthMs = 0;
    let truthBytes = 0;
    /** What the kills took: the time and bytes counted after each one's last save. */
    let lostMs = 0;
    let lostBytes = 0;
    let saved: Saved | null = null;
    for (let restart = 0; restart < 200; restart++) {
      const lc = new Lifecycle<FakeTorrent>({ changed: () => {}, started: () => {}, stopped: () => {} }, { now: () => clock.now });
      const t = new FakeTorrent('a');
      t.downloaded = saved?.downloaded ?? 0;
      lc.add(t, saved ? { activeSeconds: saved.life.activeSeconds, seedingSeconds: saved.life.seedingSeconds } : {});
      expect(t.status).toBe('downloading');
      // What came back is what was saved, to the millisecond, and that is the truth less the unsaved windows.
      expect(lc.record(t).activeSeconds).toBe(saved?.life.activeSeconds ?? 0);
      expect((saved?.life.activeSeconds ?? 0) * 1000).toBeCloseTo(truthMs - lostMs, 6);
      expect(t.downloaded).toBe(truthBytes - lostBytes);
      let lastSave = clock.now;
      let savedTruth = { ms: truthMs, bytes: truthBytes };
      // Runs 0.3 s .. 6 s with jittery ticks (setInterval is never exact), then dies between two ticks.
      const runFor = 300 + random() * 5700;
      const start = clock.now;
      while (clock.now - start < runFor) {
        const step = Math.round(TICK_MS * (0.9 + 0.25 * random()));
        const bytes = Math.floor(random() * 300_000);
        clock.now += step;
        truthMs += step;
        t.downloaded += bytes;
        truthBytes += bytes;
        lc.tick();
        if (counterSaveDue(clock.now, lastSave, TICK_MS)) {
          lastSave = clock.now;
          saved = { life: lc.record(t), downloaded: t.downloaded };
          savedTruth = { ms: truthMs, bytes: truthBytes };
        }
      }
      const killAfter = Math.round(random() * TICK_MS * 0.9);
      clock.now += killAfter;
      truthMs += killAfter;
      // The kill: what was counted since the last save is gone, and that is at most about a second.
      const windowMs = truthMs - savedTruth.ms;
      expect(windowMs, `restart ${restart}: unsaved window`).toBeLessThanOrEqual(COUNTER_SAVE_MS + TICK_MS);
      lostMs += windowMs;
      lostBytes += truthBytes - savedTruth.bytes;
      // A restart takes a while, during which nothing runs.
      clock.now += 500;
    }
    // After 200 restarts nothing beyond the unsaved windows is lost: no truncation or rounding accumulated.
    expect(saved!.life.activeSeconds * 1000).toBeCloseTo(truthMs - lostMs, 3);
    expect(saved!.downloaded).toBe(truthBytes - lostBytes);
  });

  it('saves every tick that is at least about a second after the last one, not every other one', () => {
    // Ticks arriving 1 ms early would otherwise be skipped, stretching the save interval to 1.25 s.
    expect(counterSaveDue(999, 0, TICK_MS)).toBe(true);
    expect(counterSaveDue(1000, 0, TICK_MS)).toBe(true);
    expect(counterSaveDue(800, 0, TICK_MS)).toBe(false);
  });
});

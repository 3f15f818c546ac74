// One torrent's lifecycle entry and the pure decisions about it: state, running, queue candidate, clocks, goal.

import { describe, expect, it } from 'vitest';
import {
  accrueTraffic,
  entryActivity,
  entryRecord,
  goalReached,
  lifecycleState,
  newEntry,
  queueCandidate,
  shouldRun,
  wantsToRun,
} from '../../../../src/engine/lifecycle/entry.ts';
import { DEFAULT_LIMITS } from '../../../../src/engine/lifecycle/states.ts';
import { FakeTorrent } from './fake-torrent.ts';

const entry = (init = {}, status: FakeTorrent['status'] = 'paused') => {
  const t = new FakeTorrent('aa');
  t.status = status;
  return newEntry(t, init, 1_000);
};

describe('lifecycle entry', () => {
  it('starts from its record: mode, finished only when auto-managed, clocks in milliseconds', () => {
    expect(entry({ paused: true }).mode).toBe('paused');
    expect(entry({ forced: true }).mode).toBe('forced');
    expect(entry({ finished: true }).finished).toBe(true);
    expect(entry({ forced: true, finished: true }).finished).toBe(false);
    const e = entry({ activeSeconds: 2.5, seedingSeconds: 1 });
    expect([e.activeMs, e.seedingMs, e.lastActivityAt, e.state, e.running]).toEqual([2_500, 1_000, Number.NEGATIVE_INFINITY, 'paused', false]);
    expect(entry({}, 'downloading').running).toBe(true);
  });

  it('records exact seconds and leaves out what is default', () => {
    const e = entry({ activeSeconds: 1.25 });
    expect(entryRecord(e, 3)).toEqual({ paused: false, queuePosition: 3, activeSeconds: 1.25, seedingSeconds: 0 });
    e.mode = 'forced';
    e.lastActivityAt = 7;
    e.options = { sequential: true };
    expect(entryRecord(e, 0)).toEqual({ paused: false, forced: true, queuePosition: 0, options: { sequential: true }, activeSeconds: 1.25, seedingSeconds: 0, lastActivityAt: 7 });
  });

  it('shows whole seconds, and while running the clock time its counts started from', () => {
    const e = entry({ activeSeconds: 3.7, seedingSeconds: 2.2 });
    expect(entryActivity(e, 10_000)).toEqual({ activeSeconds: 3, seedingSeconds: 2, lastActivityAt: Number.NEGATIVE_INFINITY });
    e.running = true;
    e.state = 'seeding';
    expect(entryActivity(e, 10_000)).toMatchObject({ activeFrom: 6_300, seedingFrom: 7_800 });
  });

  it('accrues running and seeding time, marks traffic, and turns slow after the slow delay', () => {
    const e = entry({}, 'seeding');
    e.state = 'seeding';
    const t = e.t;
    t.uploaded = 10;
    accrueTraffic(e, 2_000, 1_000, DEFAULT_LIMITS);
    expect([e.activeMs, e.seedingMs, e.idleSince, e.lastActivityAt, e.slow]).toEqual([1_000, 1_000, 2_000, 2_000, false]);
    accrueTraffic(e, 61_000, 59_000, DEFAULT_LIMITS);
    expect(e.slow).toBe(true);
    t.rates.up = DEFAULT_LIMITS.slowRate;
    accrueTraffic(e, 62_000, 1_000, DEFAULT_LIMITS);
    expect([e.slow, e.busyAt, e.idleSince]).toEqual([false, 62_000, 2_000]);
    // Stopped: only the traffic marks move.
    e.running = false;
    t.downloaded = 5;
    accrueTraffic(e, 70_000, 8_000, DEFAULT_LIMITS);
    expect([e.activeMs, e.lastActivityAt]).toEqual([61_000, 70_000]);
  });

  it('runs forced torrents always and auto ones as the plan says, never while checking or failed', () => {
    const e = entry();
    expect(wantsToRun(e)).toBe(true);
    expect(shouldRun(e, new Set())).toBe(false);
    expect(shouldRun(e, new Set(['aa']))).toBe(true);
    e.mode = 'forced';
    expect(wantsToRun(e)).toBe(false);
    expect(shouldRun(e, new Set())).toBe(true);
    e.checking = true;
    expect(shouldRun(e, new Set(['aa']))).toBe(false);
    e.checking = false;
    e.t.status = 'error';
    expect(shouldRun(e, new Set(['aa']))).toBe(false);
  });

  it('is exempt from the queue limits while slow and running, or awaiting a selection', () => {
    const e = entry({}, 'downloading');
    expect(queueCandidate(e)).toEqual({ id: 'aa', seed: false, exempt: false, lowPriority: false });
    e.slow = true;
    expect(queueCandidate(e).exempt).toBe(true);
    e.t.status = 'paused';
    expect(queueCandidate(e).exempt).toBe(false);
    e.t.awaitingSelection = true;
    expect(queueCandidate(e).exempt).toBe(true);
  });

  it('names its state from its mode, flags and the torrent status', () => {
    const e = entry();
    expect(lifecycleState(e)).toBe('queued');
    e.finished = true;
    expect(lifecycleState(e)).toBe('finished');
    e.mode = 'paused';
    expect(lifecycleState(e)).toBe('paused');
    e.t.status = 'metadata';
    e.slow = true;
    expect(lifecycleState(e)).toBe('metadata');
    e.t.status = 'downloading';
    expect(lifecycleState(e)).toBe('stalled');
    e.t.complete = true;
    expect(lifecycleState(e)).toBe('seeding');
    e.checking = true;
    expect(lifecycleState(e)).toBe('checking');
  });

  it('reaches a seeding goal only when complete', () => {
    const e = entry({}, 'seeding');
    e.t.uploaded = 2_000;
    expect(goalReached(e, { ratio: 1, action: 'pause' }, 1_000)).toBe(false);
    e.t.complete = true;
    expect(goalReached(e, { ratio: 1, action: 'pause' }, 1_000)).toBe(true);
    expect(goalReached(e, { ratio: 3, action: 'pause' }, 1_000)).toBe(false);
    expect(goalReached(e, { idleMinutes: 1, action: 'pause' }, 61_000)).toBe(true);
    expect(goalReached(e, undefined, 61_000)).toBe(false);
  });
});

import { describe, expect, it } from 'vitest';
import { Lifecycle } from '../../../../src/engine/lifecycle/lifecycle.ts';
import type { QueueLimits } from '../../../../src/engine/lifecycle/states.ts';
import { FakeTorrent } from './fake-torrent.ts';

/** A lifecycle on a fake clock whose every method call is followed by checkInvariants(), with the hooks recorded. */
function setup(limits: Partial<QueueLimits> = {}) {
  const clock = { now: 0 };
  const log: string[] = [];
  const raw = new Lifecycle<FakeTorrent>(
    {
      changed: (t) => log.push(`changed ${t.infoHashHex}`),
      started: (t) => log.push(`started ${t.infoHashHex}`),
      stopped: (t) => log.push(`stopped ${t.infoHashHex}`),
    },
    { now: () => clock.now },
  );
  const lc = new Proxy(raw, {
    get(target, key, receiver) {
      const value = Reflect.get(target, key, receiver) as unknown;
      if (typeof value !== 'function' || key === 'checkInvariants') return value;
      return (...args: unknown[]) => {
        const result = (value as (...a: unknown[]) => unknown).apply(target, args);
        target.checkInvariants();
        return result;
      };
    },
  });
  lc.setLimits(limits);
  const torrents: FakeTorrent[] = [];
  const add = (id: string, init = {}) => {
    const t = new FakeTorrent(id);
    torrents.push(t);
    lc.add(t, init);
    return t;
  };
  const states = () => torrents.map((t) => lc.state(t)).join(' ');
  /** Advances the clock by `seconds`, one tick a second. */
  const run = (seconds: number) => {
    for (let i = 0; i < seconds; i++) {
      clock.now += 1000;
      lc.tick();
    }
  };
  return { lc, add, states, run, log, clock };
}

describe('the lifecycle', () => {
  it('starts new torrents at once without limits, and reports each start', () => {
    const { add, states, log } = setup();
    add('a');
    const b = add('b');
    b.hasMetadata = false;
    expect(states()).toBe('downloading downloading');
    expect(log).toContain('started a');
  });

  it('queues downloads past the limit in queue order, and starts the next when a slot frees', () => {
    const { lc, add, states } = setup({ maxActiveDownloads: 1 });
    const a = add('a');
    const b = add('b');
    const c = add('c');
    expect(states()).toBe('downloading queued queued');
    expect([a, b, c].map((t) => lc.queuePosition(t))).toEqual([1, 2, 3]);
    a.finish();
    lc.update();
    expect(states()).toBe('seeding downloading queued');
    expect(lc.queuePosition(a)).toBeUndefined();
    expect(lc.queuePosition(b)).toBe(1);
  });

  it('reordering the queue changes which download runs', () => {
    const { lc, add, states } = setup({ maxActiveDownloads: 1 });
    add('a');
    add('b');
    add('c');
    lc.move(['c'], 'top');
    expect(states()).toBe('queued queued downloading');
    lc.move(['b'], 'up');
    expect(lc.queueOrder().join('')).toBe('cba');
    lc.move(['c'], 'bottom');
    expect(states()).toBe('queued downloading queued');
  });

  it('a download without traffic for the slow delay holds no slot: the next one starts', () => {
    const { lc, add, states, run } = setup({ maxActiveDownloads: 1, slowSeconds: 10, slowRate: 2048 });
    const a = add('a');
    const b = add('b');
    a.rates.down = 1000; // below the slow rate
    run(9);
    expect(states()).toBe('downloading queued');
    run(1);
    expect(states()).toBe('stalled downloading');
    // b is busy; a gets traffic again: it takes its slot back (first in the queue) and b waits again.
    b.rates.down = 100_000;
    a.rates.down = 100_000;
    run(1);
    expect(states()).toBe('downloading queued');
    expect(lc.queuePosition(b)).toBe(2);
  });

  it('a magnet fetching metadata without traffic shows as such but holds no slot after the delay', () => {
    const { add, states, run } = setup({ maxActiveDownloads: 1, slowSeconds: 10 });
    const a = add('a');
    a.hasMetadata = false;
    a.status = 'metadata';
    add('b');
    run(10);
    expect(states()).toBe('metadata downloading');
  });

  it('a started download is not slow before the delay has passed since it started', () => {
    const { add, states, run } = setup({ maxActiveDownloads: 1, slowSeconds: 10 });
    add('a');
    add('b');
    add('c');
    run(10);
    expect(states()).toBe('stalled downloading queued');
    run(9);
    expect(states()).toBe('stalled downloading queued');
    run(1);
    expect(states()).toBe('stalled stalled downloading');
  });

  it('user pause holds a torrent whatever the queue; resume hands it back to the queue', () => {
    const { lc, add, states, log } = setup({ maxActiveDownloads: 1 });
    const a = add('a');
    const b = add('b');
    lc.pause(b);
    expect(states()).toBe('downloading paused');
    lc.resume(b);
    expect(states()).toBe('downloading queued');
    log.length = 0;
    lc.pause(a);
    expect(states()).toBe('paused downloading');
    expect(log).toEqual(['stopped a', 'started b', 'changed a', 'changed b']);
  });

  it('force start runs past the limits and takes no slot; pause ends it', () => {
    const { lc, add, states } = setup({ maxActiveDownloads: 1 });
    add('a');
    const b = add('b');
    add('c');
    lc.forceStart(b);
    expect(states()).toBe('downloading downloading queued');
    expect(lc.forced(b)).toBe(true);
    lc.pause(b);
    expect(lc.forced(b)).toBe(false);
    expect(states()).toBe('downloading paused queued');
  });

  it('seeds have their own limit and the total limit counts both', () => {
    const { lc, add, states } = setup({ maxActiveSeeds: 1, maxActiveTorrents: 2 });
    const a = add('a');
    const b = add('b');
    add('c');
    a.finish();
    b.finish();
    lc.update();
    expect(states()).toBe('seeding queued downloading');
  });

  it('an error stops a torrent and frees its slot; resume clears it', () => {
    const { lc, add, states } = setup({ maxActiveDownloads: 1 });
    const a = add('a');
    add('b');
    a.fail();
    lc.update();
    expect(states()).toBe('error downloading');
    lc.resume(a);
    expect(states()).toBe('downloading queued');
  });

  it('a check stops the torrent until it ends, then the queue decides', () => {
    const { lc, add, states } = setup({ maxActiveDownloads: 1 });
    const a = add('a');
    add('b');
    lc.beginCheck(a);
    expect(states()).toBe('checking downloading');
    lc.endCheck(a);
    expect(states()).toBe('downloading queued');
  });

  it('a torrent waiting for a file choice runs without a slot', () => {
    const { lc, add, states } = setup({ maxActiveDownloads: 1 });
    const a = add('a');
    a.awaitingSelection = true;
    lc.update();
    add('b');
    expect(states()).toBe('awaiting-selection downloading');
  });

  it('a seeding goal by ratio stops the torrent as finished; resume seeds on past it', () => {
    const { lc, add, states, run } = setup();
    const a = add('a', { options: { seedGoal: { ratio: 1, action: 'pause' } } });
    a.finish();
    a.downloaded = 1000;
    lc.update();
    a.uploaded = 999;
    run(1);
    expect(states()).toBe('seeding');
    a.uploaded = 1000;
    run(1);
    expect(states()).toBe('finished');
    expect(lc.record(a)).toMatchObject({ paused: false, finished: true });
    lc.resume(a);
    run(2);
    expect(states()).toBe('seeding');
  });

  it('counts the size had as downloaded for a torrent made here (ratio of what it uploaded to its size)', () => {
    const { lc, add, states, run } = setup();
    lc.setDefaultGoal({ ratio: 1, action: 'pause' });
    const a = add('a');
    a.finish();
    lc.update();
    a.uploaded = 500;
    run(1);
    expect(states()).toBe('seeding');
    a.uploaded = 1000;
    run(1);
    expect(states()).toBe('finished');
  });

  it('seeding and idle time goals; low priority keeps it seeding with one slot', () => {
    const { lc, add, states, run } = setup();
    const a = add('a', { options: { seedGoal: { seedingMinutes: 2, action: 'low-priority' } } });
    const b = add('b', { options: { seedGoal: { idleMinutes: 1, action: 'pause' } } });
    a.finish();
    b.finish();
    lc.update();
    run(30);
    b.uploaded = 10; // an upload resets the idle clock (seen at the next tick, t = 31 s)
    run(60);
    expect(states()).toBe('seeding seeding');
    run(1);
    expect(states()).toBe('seeding finished');
    run(28);
    expect(a.lowPriority).toBe(false);
    run(1);
    expect(a.lowPriority).toBe(true);
    expect(states()).toBe('seeding finished');
  });

  it('applies the sequential option to the torrent', () => {
    const { lc, add } = setup();
    const a = add('a', { options: { sequential: true } });
    expect(a.sequential).toBe(true);
    lc.setOptions(a, {});
    expect(a.sequential).toBe(false);
  });

  it('keeps paused, forced, finished and the queue place in its record', () => {
    const { lc, add } = setup();
    const a = add('a', { paused: true });
    const b = add('b', { forced: true });
    expect(lc.record(a)).toEqual({ paused: true, queuePosition: 0, activeSeconds: 0, seedingSeconds: 0 });
    expect(lc.record(b)).toEqual({ paused: false, forced: true, queuePosition: 1, activeSeconds: 0, seedingSeconds: 0, counting: 'active' });
    lc.move(['b'], 'top');
    expect(lc.record(b).queuePosition).toBe(0);
  });

  it('removing a running torrent reports it stopped and moves the queue up', () => {
    const { lc, add, log } = setup({ maxActiveDownloads: 1 });
    const a = add('a');
    const b = add('b');
    log.length = 0;
    lc.remove(a);
    expect(log).toEqual(['stopped a', 'started b', 'changed b']);
    expect(lc.queuePosition(b)).toBe(1);
  });
});

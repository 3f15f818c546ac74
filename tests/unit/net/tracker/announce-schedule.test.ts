import { describe, expect, it } from 'vitest';
import { AnnounceSchedule, DEFAULT_SCHEDULE, backoffDelay } from '../../../../src/net/tracker/announce-schedule.ts';

const S = 1000;
const MIN = 60 * S;
const fixed = (v: number) => () => v;

/** Runs a schedule on a fake clock: at each tick, sends what is due and records (time, event). */
function simulate(schedule: AnnounceSchedule, untilMs: number, wantsPeers: (t: number) => boolean, stepMs = S): [number, string][] {
  const log: [number, string][] = [];
  for (let t = 0; t <= untilMs; t += stepMs) {
    const ev = schedule.due(t, wantsPeers(t));
    if (ev) {
      schedule.sent(ev, t);
      schedule.responded({ interval: 120 });
      log.push([t, ev]);
    }
  }
  return log;
}

describe('AnnounceSchedule', () => {
  it('announces `started` first, then an update every tracker interval', () => {
    const s = new AnnounceSchedule();
    expect(simulate(s, 7 * MIN, () => false)).toEqual([
      [0, 'started'],
      [2 * MIN, 'update'],
      [4 * MIN, 'update'],
      [6 * MIN, 'update'],
    ]);
  });

  it('re-announces early while the torrent wants peers, but not more often than every 30 s', () => {
    const s = new AnnounceSchedule();
    const log = simulate(s, 2 * MIN, () => true);
    expect(log.map(([t]) => t)).toEqual([0, 30 * S, 60 * S, 90 * S, 120 * S]);
  });

  it('stops the early re-announces once enough peers are connected', () => {
    const s = new AnnounceSchedule();
    const log = simulate(s, 5 * MIN, (t) => t < 65 * S);
    expect(log.map(([t]) => t)).toEqual([0, 30 * S, 60 * S, 180 * S, 300 * S]);
  });

  it('clamps the tracker interval to [30 s, 30 min]', () => {
    const s = new AnnounceSchedule();
    s.sent(s.due(0, false) ?? 'update', 0);
    s.responded({ interval: 1 });
    expect(s.interval).toBe(30 * S);
    expect(s.nextAt(false)).toBe(30 * S);
    s.responded({ interval: 86_400 });
    expect(s.interval).toBe(30 * MIN);
  });

  it('honours a min interval above our floor for the early re-announces too', () => {
    const s = new AnnounceSchedule();
    s.sent('started', 0);
    s.responded({ interval: 600, minInterval: 120 });
    expect(s.nextAt(true)).toBe(120 * S);
    expect(s.due(119 * S, true)).toBeNull();
    expect(s.due(120 * S, true)).toBe('update');
    // An interval below the min interval is raised to it.
    s.responded({ interval: 60, minInterval: 300 });
    expect(s.interval).toBe(300 * S);
  });

  it('sends `completed` once, at once, when a download finishes after `started`', () => {
    const s = new AnnounceSchedule();
    s.sent('started', 0);
    s.responded({ interval: 120 });
    s.completed();
    expect(s.due(5 * S, false)).toBe('completed');
    s.sent('completed', 5 * S);
    expect(s.due(6 * S, false)).toBeNull();
    s.completed(); // a second finish (after a recheck) is not announced again until the next started cycle
    expect(s.due(5 * S + 2 * MIN, false)).toBe('completed');
  });

  it('does not send `completed` for a torrent the tracker never saw leeching', () => {
    const s = new AnnounceSchedule();
    s.completed();
    expect(s.due(0, false)).toBe('started');
    s.sent('started', 0);
    expect(s.due(1 * S, false)).toBeNull();
  });

  it('sends `stopped` only when the tracker has us listed', () => {
    const s = new AnnounceSchedule();
    expect(s.stopEvent()).toBeNull();
    s.sent('started', 0);
    expect(s.stopEvent()).toBe('stopped');
    s.reset(); // new socket: the tracker dropped us with the old one
    expect(s.stopEvent()).toBeNull();
    expect(s.due(1 * S, false)).toBe('started');
  });

  it('backs off after failure replies and retries the event that failed', () => {
    const s = new AnnounceSchedule({ backoff: { baseMs: 5 * S, maxMs: 5 * MIN } });
    s.sent('started', 0);
    s.failed(1 * S, fixed(1)); // attempt 0: up to 5 s, but never before the 30 s floor
    expect(s.nextAt(true)).toBe(31 * S);
    expect(s.due(30 * S, true)).toBeNull();
    expect(s.due(31 * S, true)).toBe('started');
    s.sent('started', 31 * S);
    s.failed(32 * S, fixed(1)); // attempt 1: 10 s, raised to the floor
    expect(s.nextAt(false)).toBe(62 * S);
    s.sent('started', 62 * S);
    s.failed(100 * S, fixed(1)); // attempt 2: 20 s, raised to the floor
    expect(s.nextAt(false)).toBe(130 * S);
    s.sent('started', 130 * S);
    s.failed(200 * S, fixed(1)); // attempt 3: 5 s * 8 = 40 s
    expect(s.nextAt(false)).toBe(240 * S);
    s.sent('started', 240 * S);
    s.responded({ interval: 120 }); // success clears the backoff: regular timing again
    expect(s.nextAt(false)).toBe(360 * S);
    expect(s.due(360 * S, false)).toBe('update');
  });

  it('keeps a failure backoff even while peers are wanted', () => {
    const s = new AnnounceSchedule();
    s.sent('started', 0);
    s.responded({ interval: 120 });
    s.sent('update', 30 * S);
    s.failed(31 * S, fixed(0.5));
    const retry = s.nextAt(true);
    expect(retry).toBeGreaterThanOrEqual(61 * S);
    expect(s.due(retry - 1, true)).toBeNull();
    expect(s.due(retry, true)).toBe('update');
  });
});

describe('backoffDelay', () => {
  it('doubles from the base, jittered between half and all of the step, capped at 5 minutes', () => {
    const o = DEFAULT_SCHEDULE.backoff;
    expect([0, 1, 2, 3].map((n) => backoffDelay(n, fixed(1), o))).toEqual([5 * S, 10 * S, 20 * S, 40 * S]);
    expect([0, 1, 2, 3].map((n) => backoffDelay(n, fixed(0), o))).toEqual([2.5 * S, 5 * S, 10 * S, 20 * S]);
    expect(backoffDelay(10, fixed(1), o)).toBe(5 * MIN);
    expect(backoffDelay(1000, fixed(0.999), o)).toBeLessThanOrEqual(5 * MIN);
    expect(backoffDelay(1000, fixed(0), o)).toBe(2.5 * MIN);
  });

  it('spreads many clients over the window', () => {
    let seed = 7;
    const rng = () => ((seed = (seed * 48271) % 2147483647) / 2147483647);
    const delays = Array.from({ length: 200 }, () => backoffDelay(2, rng));
    expect(Math.min(...delays)).toBeGreaterThanOrEqual(10 * S);
    expect(Math.max(...delays)).toBeLessThanOrEqual(20 * S);
    expect(new Set(delays.map((d) => Math.floor(d / S))).size).toBeGreaterThan(8);
  });
});

// The weekly alternative-speed window: days, windows crossing midnight, DST change days (with a real zone's offsets),
// and the switch's edges against clicks.

import { describe, expect, it } from 'vitest';
import { AltSpeedSwitch, inWindow, localTime, type UtcOffset } from '../../../../src/engine/rate/speed-schedule.ts';

const utc: UtcOffset = () => 0;
const H = 60;
/** Berlin in 2026: CET (+60) until 29 March 01:00 UTC, CEST (+120) until 25 October 01:00 UTC. */
const berlin: UtcOffset = (ms) => (ms >= Date.UTC(2026, 2, 29, 1) && ms < Date.UTC(2026, 9, 25, 1) ? 120 : 60);
const MON = 1;
const TUE = 2;
const SAT = 6;
const SUN = 0;

describe('localTime', () => {
  it('reads the wall clock through the offset at that instant', () => {
    // 2026-12-07 is a Monday.
    expect(localTime(Date.UTC(2026, 11, 7, 23, 30), utc)).toEqual({ day: MON, minute: 23 * H + 30 });
    expect(localTime(Date.UTC(2026, 11, 7, 23, 30), berlin)).toEqual({ day: TUE, minute: 30 });
  });
});

describe('inWindow', () => {
  const office = { days: [1, 2, 3, 4, 5], from: 9 * H, to: 17 * H };

  it('is on inside a same-day window on a chosen day only, from inclusive and to exclusive', () => {
    expect(inWindow(office, Date.UTC(2026, 11, 7, 9, 0), utc)).toBe(true);
    expect(inWindow(office, Date.UTC(2026, 11, 7, 16, 59), utc)).toBe(true);
    expect(inWindow(office, Date.UTC(2026, 11, 7, 17, 0), utc)).toBe(false);
    expect(inWindow(office, Date.UTC(2026, 11, 7, 8, 59), utc)).toBe(false);
    expect(inWindow(office, Date.UTC(2026, 11, 5, 12, 0), utc)).toBe(false); // a Saturday
  });

  it('crosses midnight: the evening on the chosen day and the morning after it', () => {
    const night = { days: [SAT], from: 22 * H, to: 6 * H };
    expect(inWindow(night, Date.UTC(2026, 11, 5, 21, 59), utc)).toBe(false); // Saturday evening, before
    expect(inWindow(night, Date.UTC(2026, 11, 5, 22, 0), utc)).toBe(true);
    expect(inWindow(night, Date.UTC(2026, 11, 5, 23, 59), utc)).toBe(true);
    expect(inWindow(night, Date.UTC(2026, 11, 6, 0, 0), utc)).toBe(true); // Sunday morning belongs to Saturday
    expect(inWindow(night, Date.UTC(2026, 11, 6, 5, 59), utc)).toBe(true);
    expect(inWindow(night, Date.UTC(2026, 11, 6, 6, 0), utc)).toBe(false);
    expect(inWindow(night, Date.UTC(2026, 11, 6, 22, 30), utc)).toBe(false); // Sunday evening: not chosen
    expect(inWindow(night, Date.UTC(2026, 11, 5, 3, 0), utc)).toBe(false); // Saturday morning: Friday not chosen
  });

  it('wraps Saturday night into Sunday and Sunday night into Monday', () => {
    const sundayNight = { days: [SUN], from: 23 * H, to: H };
    expect(inWindow(sundayNight, Date.UTC(2026, 11, 7, 0, 30), utc)).toBe(true); // Monday 00:30
    expect(inWindow(sundayNight, Date.UTC(2026, 11, 8, 0, 30), utc)).toBe(false); // Tuesday 00:30
  });

  it('is never on for an empty window or no days', () => {
    expect(inWindow({ days: [MON], from: 600, to: 600 }, Date.UTC(2026, 11, 7, 10, 0), utc)).toBe(false);
    expect(inWindow({ days: [], from: 0, to: 600 }, Date.UTC(2026, 11, 7, 5, 0), utc)).toBe(false);
  });

  it('follows local time on the day the clocks go forward (Berlin, 29 March 2026, 02:00 -> 03:00)', () => {
    const w = { days: [SUN], from: H, to: 4 * H }; // 01:00-04:00 local: only two real hours that night
    expect(inWindow(w, Date.UTC(2026, 2, 28, 23, 59), berlin)).toBe(false); // 00:59 CET
    expect(inWindow(w, Date.UTC(2026, 2, 29, 0, 0), berlin)).toBe(true); // 01:00 CET
    expect(inWindow(w, Date.UTC(2026, 2, 29, 0, 59), berlin)).toBe(true); // 01:59 CET
    expect(inWindow(w, Date.UTC(2026, 2, 29, 1, 0), berlin)).toBe(true); // 03:00 CEST
    expect(inWindow(w, Date.UTC(2026, 2, 29, 1, 59), berlin)).toBe(true); // 03:59 CEST
    expect(inWindow(w, Date.UTC(2026, 2, 29, 2, 0), berlin)).toBe(false); // 04:00 CEST
  });

  it('follows local time on the day the clocks go back (Berlin, 25 October 2026, 03:00 -> 02:00)', () => {
    const w = { days: [SUN], from: 2 * H + 30, to: 4 * H }; // 02:30-04:00 local: 02:30-03:00 happens twice
    expect(inWindow(w, Date.UTC(2026, 9, 25, 0, 29), berlin)).toBe(false); // 02:29 CEST
    expect(inWindow(w, Date.UTC(2026, 9, 25, 0, 30), berlin)).toBe(true); // 02:30 CEST
    expect(inWindow(w, Date.UTC(2026, 9, 25, 1, 0), berlin)).toBe(false); // 02:00 CET (the repeated hour, before 02:30)
    expect(inWindow(w, Date.UTC(2026, 9, 25, 1, 30), berlin)).toBe(true); // 02:30 CET
    expect(inWindow(w, Date.UTC(2026, 9, 25, 2, 59), berlin)).toBe(true); // 03:59 CET
    expect(inWindow(w, Date.UTC(2026, 9, 25, 3, 0), berlin)).toBe(false); // 04:00 CET
  });

  it('crosses midnight into a DST change day', () => {
    const w = { days: [SAT], from: 23 * H, to: 3 * H }; // Saturday 28 March 23:00 to Sunday 03:00 local
    expect(inWindow(w, Date.UTC(2026, 2, 28, 22, 0), berlin)).toBe(true); // 23:00 CET Saturday
    expect(inWindow(w, Date.UTC(2026, 2, 29, 0, 59), berlin)).toBe(true); // 01:59 CET Sunday
    expect(inWindow(w, Date.UTC(2026, 2, 29, 1, 0), berlin)).toBe(false); // 03:00 CEST: the window is over
  });
});

describe('AltSpeedSwitch', () => {
  const evenings = { days: [0, 1, 2, 3, 4, 5, 6], from: 18 * H, to: 23 * H };
  const at = (h: number, m = 0) => Date.UTC(2026, 11, 7, h, m);

  it('without a schedule, only clicks move it', () => {
    const s = new AltSpeedSwitch(false);
    expect(s.update(at(19), utc)).toBe(false);
    s.set(true);
    expect(s.active).toBe(true);
  });

  it('takes the schedule at once when one is set', () => {
    const s = new AltSpeedSwitch(false);
    s.setSchedule(evenings, at(19), utc);
    expect(s.active).toBe(true);
    s.setSchedule(evenings, at(12), utc);
    expect(s.active).toBe(false);
  });

  it('turns on when the window begins and off when it ends, reporting each move once', () => {
    const s = new AltSpeedSwitch(false);
    s.setSchedule(evenings, at(17, 59), utc);
    expect(s.active).toBe(false);
    expect(s.update(at(18), utc)).toBe(true);
    expect(s.active).toBe(true);
    expect(s.update(at(18, 1), utc)).toBe(false);
    expect(s.update(at(23), utc)).toBe(true);
    expect(s.active).toBe(false);
  });

  it('keeps a click inside the window until the next edge, then the schedule rules again', () => {
    const s = new AltSpeedSwitch(false);
    s.setSchedule(evenings, at(19), utc);
    s.set(false); // the user wants full speed tonight
    expect(s.update(at(20), utc)).toBe(false);
    expect(s.active).toBe(false);
    s.update(at(23), utc); // the window ends: off (already)
    expect(s.update(Date.UTC(2026, 11, 8, 18), utc)).toBe(true); // next evening: on again
    expect(s.active).toBe(true);
  });
});

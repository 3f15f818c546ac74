// When the alternative speed limits apply by schedule (Transmission's "scheduled times"): a weekly window in local
// wall-clock time, on chosen days. A window whose end is before its start crosses midnight and belongs to the day it
// starts on. Pure: the instant and the time zone (as an offset function, so DST days are exact) are inputs.

export interface WeeklyWindow {
  /** Days the window starts on: 0 = Sunday … 6 = Saturday (Date.getDay()). */
  readonly days: readonly number[];
  /** Minutes after local midnight, 0..1439; `from === to` is not a window (settings validation refuses it). */
  readonly from: number;
  readonly to: number;
}

/** Minutes to add to UTC to get local time at an instant (the negation of Date.getTimezoneOffset()). */
export type UtcOffset = (epochMs: number) => number;

export const MINUTES_PER_DAY = 24 * 60;

/** The local day of the week and minute of the day at an instant. */
export function localTime(epochMs: number, offset: UtcOffset): { day: number; minute: number } {
  const local = new Date(epochMs + offset(epochMs) * 60_000);
  return { day: local.getUTCDay(), minute: local.getUTCHours() * 60 + local.getUTCMinutes() };
}

/** True while `now` falls inside the window. */
export function inWindow(w: WeeklyWindow, epochMs: number, offset: UtcOffset): boolean {
  if (w.from === w.to || w.days.length === 0) return false;
  const { day, minute } = localTime(epochMs, offset);
  if (w.from < w.to) return w.days.includes(day) && minute >= w.from && minute < w.to;
  // Crosses midnight: the evening part on a chosen day, or the morning part of the day after one.
  if (minute >= w.from) return w.days.includes(day);
  return minute < w.to && w.days.includes((day + 6) % 7);
}

/**
 * The alternative-speed switch as Transmission has it: the schedule turns it on when a window begins and off when it
 * ends; in between, a click turns it either way and it stays so until the next edge. Without a schedule only clicks
 * move it.
 */
export class AltSpeedSwitch {
  private on: boolean;
  private lastInWindow: boolean | null = null;
  private window: WeeklyWindow | null = null;

  constructor(enabled: boolean) {
    this.on = enabled;
  }

  get active(): boolean {
    return this.on;
  }

  /** A click: on or off until the schedule's next edge. */
  set(enabled: boolean): void {
    this.on = enabled;
  }

  /** A new (or no) schedule: it takes over at once (on inside the window, off outside). */
  setSchedule(window: WeeklyWindow | null, epochMs: number, offset: UtcOffset): void {
    this.window = window;
    this.lastInWindow = null;
    this.update(epochMs, offset);
  }

  /** Follows the schedule at `epochMs`; returns true when the switch moved. */
  update(epochMs: number, offset: UtcOffset): boolean {
    if (!this.window) return false;
    const inside = inWindow(this.window, epochMs, offset);
    if (inside === this.lastInWindow) return false;
    this.lastInWindow = inside;
    const moved = this.on !== inside;
    this.on = inside;
    return moved;
  }
}

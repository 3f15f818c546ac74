// Rules for speed limits and the alternative-speed schedule, shared by the settings UI (inline messages) and the
// engine worker (which refuses what breaks them). Pure: problems are values; each side words them itself.

import type { SpeedSchedule } from './protocol.ts';

/** Far above any link (1 TB/s), so a typo cannot overflow the buckets' arithmetic. */
export const MAX_LIMIT = 1e12;
export const MINUTES_PER_DAY = 1440;

export type SpeedProblem =
  | { readonly kind: 'limit-not-positive'; readonly field: string; readonly value: number }
  | { readonly kind: 'schedule-empty'; readonly minute: number }
  | { readonly kind: 'schedule-no-days' }
  | { readonly kind: 'schedule-bad-time'; readonly value: number };

/** A limit is null (unlimited) or a positive number of bytes/s, at most MAX_LIMIT. 0 or below is a mistake, not "off". */
export function checkLimit(field: string, value: number | null | undefined): SpeedProblem | null {
  if (value === null || value === undefined) return null;
  if (!Number.isFinite(value) || value <= 0 || value > MAX_LIMIT) return { kind: 'limit-not-positive', field, value };
  return null;
}

/** An enabled schedule needs days and a window whose end differs from its start; times are whole minutes of a day. */
export function checkSchedule(s: SpeedSchedule | undefined): SpeedProblem | null {
  if (!s) return null;
  for (const t of [s.from, s.to]) if (!Number.isInteger(t) || t < 0 || t >= MINUTES_PER_DAY) return { kind: 'schedule-bad-time', value: t };
  if (!s.enabled) return null;
  if (s.from === s.to) return { kind: 'schedule-empty', minute: s.from };
  if (s.days.filter((d) => Number.isInteger(d) && d >= 0 && d <= 6).length === 0) return { kind: 'schedule-no-days' };
  return null;
}

export interface SpeedFields {
  readonly downloadLimit?: number | null;
  readonly uploadLimit?: number | null;
  readonly altDownloadLimit?: number | null;
  readonly altUploadLimit?: number | null;
  readonly altSpeedSchedule?: SpeedSchedule;
}

/** Thrown by the window's settings service for invalid speed settings (the UI words `problem`). */
export class SpeedSettingsError extends Error {
  override readonly name = 'SpeedSettingsError';
  constructor(readonly problem: SpeedProblem) {
    super(`Invalid speed settings: ${problem.kind}`);
  }
}

/** The first problem in a set of speed settings, or null. */
export function checkSpeedSettings(s: SpeedFields): SpeedProblem | null {
  return (
    checkLimit('downloadLimit', s.downloadLimit) ??
    checkLimit('uploadLimit', s.uploadLimit) ??
    checkLimit('altDownloadLimit', s.altDownloadLimit) ??
    checkLimit('altUploadLimit', s.altUploadLimit) ??
    checkSchedule(s.altSpeedSchedule)
  );
}

/**
 * True when the schedule's window covers `minute` of local weekday `day` (0 = Sunday): the same rule as the engine's
 * scheduler (engine/rate/speed-schedule.ts), for the settings' week grid.
 */
export function scheduleCovers(s: Pick<SpeedSchedule, 'days' | 'from' | 'to'>, day: number, minute: number): boolean {
  if (s.from === s.to) return false;
  if (s.from < s.to) return s.days.includes(day) && minute >= s.from && minute < s.to;
  if (minute >= s.from) return s.days.includes(day);
  return minute < s.to && s.days.includes((day + 6) % 7);
}

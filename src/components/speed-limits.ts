// Speed limits as the UI shows and reads them: presets (qBittorrent's speed menu), KiB/s input parsing, and the
// sentences for invalid values. Pure apart from msg().

import { msg, str } from '@lit/localize';
import { MAX_LIMIT, type SpeedProblem } from '../api/speed-settings.ts';
import { formatRate } from './format.ts';

const KiB = 1024;
const MiB = 1024 * 1024;

/** The speed menu's choices, bytes/s; null = unlimited. */
export const LIMIT_PRESETS: readonly (number | null)[] = [null, 100 * KiB, 250 * KiB, 500 * KiB, MiB, 2 * MiB, 5 * MiB, 10 * MiB, 20 * MiB];

/** "Unlimited" or "2.0 MiB/s". */
export function limitText(limit: number | null | undefined): string {
  return limit === null || limit === undefined ? msg('Unlimited') : formatRate(limit);
}

/** A limit as the KiB/s number an input field shows ('' = unlimited). */
export function limitInputValue(limit: number | null | undefined): string {
  return limit === null || limit === undefined ? '' : String(Math.round((limit / KiB) * 100) / 100);
}

export type LimitInput = { readonly ok: true; readonly value: number | null } | { readonly ok: false; readonly text: string };

/** Reads a KiB/s field: empty = unlimited; a number above 0 otherwise, else a sentence saying what to enter. */
export function parseLimitInput(raw: string, label: string): LimitInput {
  const text = raw.trim().replace(',', '.');
  if (text === '') return { ok: true, value: null };
  const kib = Number(text);
  if (!Number.isFinite(kib) || kib <= 0 || kib * KiB > MAX_LIMIT) {
    return { ok: false, text: msg(str`${label}: enter a speed above 0 KiB/s, or leave it empty for no limit.`) };
  }
  return { ok: true, value: Math.round(kib * KiB) };
}

export type SpeedLimitKey = 'downloadLimit' | 'uploadLimit' | 'altDownloadLimit' | 'altUploadLimit';
export const SPEED_LIMIT_KEYS: readonly SpeedLimitKey[] = ['downloadLimit', 'uploadLimit', 'altDownloadLimit', 'altUploadLimit'];

export function speedLimitLabel(key: SpeedLimitKey): string {
  switch (key) {
    case 'downloadLimit':
      return msg('Download limit');
    case 'uploadLimit':
      return msg('Upload limit');
    case 'altDownloadLimit':
      return msg('Alternative download limit');
    case 'altUploadLimit':
      return msg('Alternative upload limit');
  }
}

/** The sentence for a speed setting the rules refuse. */
export function speedProblemText(p: SpeedProblem): string {
  switch (p.kind) {
    case 'limit-not-positive':
      return msg('A speed limit must be above 0. Leave it empty for no limit.');
    case 'schedule-empty':
      return msg('The schedule ends when it starts: choose a different end time.');
    case 'schedule-no-days':
      return msg('The schedule has no days: choose at least one day.');
    case 'schedule-bad-time':
      return msg('The schedule needs a start and an end time.');
  }
}

/** "HH:MM" for an <input type=time> from minutes after midnight. */
export function timeValue(minutes: number): string {
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  return `${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}`;
}

/** Minutes after midnight from "HH:MM", or null. */
export function parseTime(value: string): number | null {
  const m = /^(\d{1,2}):(\d{2})/.exec(value);
  if (!m) return null;
  const h = Number(m[1]);
  const min = Number(m[2]);
  return h < 24 && min < 60 ? h * 60 + min : null;
}

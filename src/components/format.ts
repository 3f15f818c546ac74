// Pure formatters for sizes, rates, ETAs and percentages shown in the UI (no DOM, testable in Node).

const BYTE_UNITS = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB', 'EiB'] as const;
/** Placeholder for a value we cannot show (unknown, negative, NaN). */
export const UNKNOWN = '–';
/** An ETA longer than a year is noise at the current rate; show infinity instead of "912d 3h". */
const MAX_ETA_SECONDS = 365 * 86_400;

/** Base-1024 size with one decimal: 512 -> "512 B", 67108864 -> "64.0 MiB". */
export function formatBytes(bytes: number): string {
  if (!Number.isFinite(bytes) || bytes < 0) return UNKNOWN;
  if (bytes < 1024) return `${Math.floor(bytes)} B`;
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < BYTE_UNITS.length - 1) {
    value /= 1024;
    unit++;
  }
  // 1048575 B is 1023.999 KiB, which toFixed(1) would print as "1024.0 KiB".
  if (value.toFixed(1) === '1024.0' && unit < BYTE_UNITS.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value.toFixed(1)} ${BYTE_UNITS[unit]}`;
}

/** Bytes per second: "0 B/s", "1.5 MiB/s". Sub-byte rates are idle links, shown as 0. */
export function formatRate(bytesPerSecond: number): string {
  if (!Number.isFinite(bytesPerSecond) || bytesPerSecond < 1) return '0 B/s';
  return `${formatBytes(bytesPerSecond)}/s`;
}

/** Progress 0..1 as a number for aria-valuenow: floored to 0.1 so 99.96% never reads as 100 before it is done. */
export function percentValue(progress: number): number {
  if (!Number.isFinite(progress) || progress <= 0) return 0;
  if (progress >= 1) return 100;
  return Math.min(99.9, Math.floor(progress * 1000) / 10);
}

/** "0.0%", "42.3%", "100%". */
export function formatPercent(progress: number): string {
  const v = percentValue(progress);
  return v === 100 ? '100%' : `${v.toFixed(1)}%`;
}

function unit(locale: string | undefined, name: 'day' | 'hour' | 'minute' | 'second', value: number): string {
  // Intl gives localized narrow units ("2h", "2 Std.") without any string of ours to translate.
  return new Intl.NumberFormat(locale, { style: 'unit', unit: name, unitDisplay: 'narrow' }).format(value);
}

/** Seconds left as the two largest units: "3d 4h", "2h 5m", "5m 10s", "10s"; unknown -> "–", huge -> "∞". */
export function formatEta(seconds: number | null, locale?: string): string {
  if (seconds === null || Number.isNaN(seconds) || seconds < 0) return UNKNOWN;
  if (seconds > MAX_ETA_SECONDS) return '∞';
  const s = Math.ceil(seconds);
  const d = Math.floor(s / 86_400);
  const h = Math.floor((s % 86_400) / 3600);
  const m = Math.floor((s % 3600) / 60);
  const sec = s % 60;
  if (d > 0) return `${unit(locale, 'day', d)} ${unit(locale, 'hour', h)}`;
  if (h > 0) return `${unit(locale, 'hour', h)} ${unit(locale, 'minute', m)}`;
  if (m > 0) return `${unit(locale, 'minute', m)} ${unit(locale, 'second', sec)}`;
  return unit(locale, 'second', sec);
}

/** Share ratio: "0.00", "1.25", "∞" (uploaded without downloading), "–" (nothing moved yet). */
export function formatRatio(ratio: number | null): string {
  if (ratio === null || Number.isNaN(ratio) || ratio < 0) return UNKNOWN;
  if (ratio === Infinity) return '∞';
  return ratio.toFixed(2);
}

/** A date and time in the user's locale, short: "5/3/2025, 14:02". */
export function formatDateTime(epochMs: number, locale?: string): string {
  if (!Number.isFinite(epochMs) || epochMs <= 0) return UNKNOWN;
  return new Intl.DateTimeFormat(locale, { dateStyle: 'short', timeStyle: 'short' }).format(epochMs);
}

/** Time until `atMs` from `nowMs` as the ETA format shows it ("1m 40s"); "0s" when due. */
export function formatCountdown(atMs: number | undefined, nowMs: number, locale?: string): string {
  if (atMs === undefined || !Number.isFinite(atMs)) return UNKNOWN;
  return formatEta(Math.max(0, (atMs - nowMs) / 1000), locale);
}

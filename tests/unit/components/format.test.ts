import { describe, expect, it } from 'vitest';
import { UNKNOWN, formatBytes, formatEta, formatPercent, formatRate, percentValue } from '../../../src/components/format.ts';
import { formatCountdown, formatDateTime, formatRatio } from '../../../src/components/format.ts';

const KiB = 1024;
const MiB = 1024 * KiB;
const GiB = 1024 * MiB;

describe('formatBytes', () => {
  it.each<[number, string]>([
    [0, '0 B'],
    [1, '1 B'],
    [1023, '1023 B'],
    [1024, '1.0 KiB'],
    [1536, '1.5 KiB'],
    [64 * MiB, '64.0 MiB'],
    [1.25 * GiB, '1.3 GiB'], // toFixed rounds half away: 1.25 -> "1.3"
    [5 * 1024 * GiB, '5.0 TiB'],
    [2 ** 53, '8.0 PiB'],
  ])('formats %d bytes as %s', (n, text) => {
    expect(formatBytes(n)).toBe(text);
  });

  it('moves to the next unit instead of printing 1024.0 of the smaller one', () => {
    expect(formatBytes(MiB - 1)).toBe('1.0 MiB');
    expect(formatBytes(GiB - 10)).toBe('1.0 GiB');
  });

  it('drops fractions of a byte', () => {
    expect(formatBytes(511.9)).toBe('511 B');
  });

  it.each([-1, Number.NaN, Number.POSITIVE_INFINITY])('shows %d as unknown', (n) => {
    expect(formatBytes(n)).toBe(UNKNOWN);
  });
});

describe('formatRate', () => {
  it.each<[number, string]>([
    [0, '0 B/s'],
    [0.4, '0 B/s'],
    [900, '900 B/s'],
    [1.5 * MiB, '1.5 MiB/s'],
    [30 * MiB, '30.0 MiB/s'],
    [Number.NaN, '0 B/s'],
    [-5, '0 B/s'],
  ])('formats %d bytes per second as %s', (n, text) => {
    expect(formatRate(n)).toBe(text);
  });
});

describe('formatPercent and percentValue', () => {
  it.each<[number, string, number]>([
    [0, '0.0%', 0],
    [0.4231, '42.3%', 42.3],
    [0.4239, '42.3%', 42.3], // floored, not rounded
    [0.5, '50.0%', 50],
    [0.9999, '99.9%', 99.9], // never 100 before it is done
    [1, '100%', 100],
    [1.2, '100%', 100],
    [-0.1, '0.0%', 0],
    [Number.NaN, '0.0%', 0],
  ])('shows progress %d as %s (aria value %d)', (p, text, value) => {
    expect(formatPercent(p)).toBe(text);
    expect(percentValue(p)).toBe(value);
  });

  it('gives 64 MiB of 100 MiB verified as 64', () => {
    expect(percentValue((64 * MiB) / (100 * MiB))).toBe(64);
  });
});

describe('formatEta', () => {
  it.each<[number, string]>([
    [0, '0s'],
    [9.2, '10s'], // a partial second still has to pass
    [59, '59s'],
    [60, '1m 0s'],
    [125, '2m 5s'],
    [3600, '1h 0m'],
    [2 * 3600 + 5 * 60 + 30, '2h 5m'],
    [86_400, '1d 0h'],
    [3 * 86_400 + 4 * 3600 + 59, '3d 4h'],
  ])('formats %d seconds as %s in English', (s, text) => {
    expect(formatEta(s, 'en')).toBe(text);
  });

  it('shows unknown for null, NaN and negative values', () => {
    expect(formatEta(null, 'en')).toBe(UNKNOWN);
    expect(formatEta(Number.NaN, 'en')).toBe(UNKNOWN);
    expect(formatEta(-1, 'en')).toBe(UNKNOWN);
  });

  it('shows infinity for an ETA beyond a year or an infinite one', () => {
    expect(formatEta(366 * 86_400, 'en')).toBe('∞');
    expect(formatEta(Number.POSITIVE_INFINITY, 'en')).toBe('∞');
  });

  it('lets Intl localize the units', () => {
    const narrow = (unit: string, n: number): string =>
      new Intl.NumberFormat('de', { style: 'unit', unit, unitDisplay: 'narrow' }).format(n);
    expect(formatEta(2 * 3600 + 5 * 60, 'de')).toBe(`${narrow('hour', 2)} ${narrow('minute', 5)}`);
    expect(formatEta(5 * 60 + 1, 'de')).not.toBe(formatEta(5 * 60 + 1, 'en'));
  });
});

describe('formatRatio', () => {
  it.each<[number | null, string]>([
    [null, '–'],
    [Number.NaN, '–'],
    [-1, '–'],
    [0, '0.00'],
    [1.256, '1.26'],
    [Infinity, '∞'],
  ])('%s -> %s', (ratio, want) => {
    expect(formatRatio(ratio)).toBe(want);
  });
});

describe('formatDateTime', () => {
  it('formats a date and time in the given locale', () => {
    const at = Date.UTC(2025, 2, 5, 14, 2);
    expect(formatDateTime(at, 'en-GB')).toMatch(/05\/03\/2025, \d\d:02/);
  });

  it.each([0, -5, Number.NaN])('shows %s as unknown', (v) => {
    expect(formatDateTime(v)).toBe('–');
  });
});

describe('formatCountdown', () => {
  it('counts down to a moment in the ETA format, and shows 0s once it is due', () => {
    expect(formatCountdown(100_000, 0, 'en')).toBe('1m 40s');
    expect(formatCountdown(1000, 5000, 'en')).toBe('0s');
    expect(formatCountdown(undefined, 0)).toBe('–');
  });
});

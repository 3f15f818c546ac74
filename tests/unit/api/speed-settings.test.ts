// Speed-setting rules shared by the settings dialog and the worker: limits above 0, a schedule with days and a window.

import { describe, expect, it } from 'vitest';
import { checkLimit, checkSchedule, checkSpeedSettings } from '../../../src/api/speed-settings.ts';

describe('checkLimit', () => {
  it('accepts unlimited (null/absent) and positive numbers; refuses 0, negatives and non-numbers', () => {
    expect(checkLimit('d', null)).toBeNull();
    expect(checkLimit('d', undefined)).toBeNull();
    expect(checkLimit('d', 1)).toBeNull();
    expect(checkLimit('d', 0)).toEqual({ kind: 'limit-not-positive', field: 'd', value: 0 });
    expect(checkLimit('d', -5)?.kind).toBe('limit-not-positive');
    expect(checkLimit('d', Number.NaN)?.kind).toBe('limit-not-positive');
    expect(checkLimit('d', Number.POSITIVE_INFINITY)?.kind).toBe('limit-not-positive');
  });
});

describe('checkSchedule', () => {
  it('accepts a window crossing midnight and a disabled schedule with an empty window', () => {
    expect(checkSchedule({ enabled: true, days: [5, 6], from: 1320, to: 360 })).toBeNull();
    expect(checkSchedule({ enabled: false, days: [], from: 600, to: 600 })).toBeNull();
  });

  it('refuses an enabled window whose end equals its start, one without days, and times outside a day', () => {
    expect(checkSchedule({ enabled: true, days: [1], from: 600, to: 600 })).toEqual({ kind: 'schedule-empty', minute: 600 });
    expect(checkSchedule({ enabled: true, days: [], from: 0, to: 60 })).toEqual({ kind: 'schedule-no-days' });
    expect(checkSchedule({ enabled: true, days: [9], from: 0, to: 60 })).toEqual({ kind: 'schedule-no-days' });
    expect(checkSchedule({ enabled: true, days: [1], from: 0, to: 1440 })).toEqual({ kind: 'schedule-bad-time', value: 1440 });
    expect(checkSchedule({ enabled: false, days: [1], from: -1, to: 60 })).toEqual({ kind: 'schedule-bad-time', value: -1 });
  });
});

describe('checkSpeedSettings', () => {
  it('reports the first problem among the four limits and the schedule', () => {
    expect(checkSpeedSettings({ downloadLimit: 1e6, altUploadLimit: 1e5 })).toBeNull();
    expect(checkSpeedSettings({ uploadLimit: 0 })).toMatchObject({ field: 'uploadLimit' });
    expect(checkSpeedSettings({ altDownloadLimit: -1 })).toMatchObject({ field: 'altDownloadLimit' });
    expect(checkSpeedSettings({ altSpeedSchedule: { enabled: true, days: [0], from: 5, to: 5 } })?.kind).toBe('schedule-empty');
  });
});

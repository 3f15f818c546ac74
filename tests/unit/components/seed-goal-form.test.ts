import { describe, expect, it } from 'vitest';
import { parseSeedGoal, seedGoalFields } from '../../../src/components/seed-goal-form.ts';

const fields = (ratio: string, seedingMinutes = '', idleMinutes = '', action = 'pause') => ({ ratio, seedingMinutes, idleMinutes, action });

describe('seed goal form', () => {
  it.each([
    [fields('1'), { ok: true, goal: { ratio: 1, action: 'pause' } }],
    [fields('1,5', '', '', 'low-priority'), { ok: true, goal: { ratio: 1.5, action: 'low-priority' } }],
    [fields('', '90', '30'), { ok: true, goal: { seedingMinutes: 90, idleMinutes: 30, action: 'pause' } }],
    [fields(''), { ok: true, goal: { action: 'pause' } }], // no limit: seeds until stopped
    [fields('-0.5'), { ok: false, field: 'ratio', kind: 'negative' }],
    [fields('1', 'soon'), { ok: false, field: 'seedingMinutes', kind: 'not-a-number' }],
    [fields('1', '', '-1'), { ok: false, field: 'idleMinutes', kind: 'negative' }],
  ])('%j reads as %j', (f, expected) => {
    expect(parseSeedGoal(f)).toEqual(expected);
  });

  it('shows a saved goal back in the fields', () => {
    expect(seedGoalFields({ ratio: 2, idleMinutes: 5, action: 'low-priority' })).toEqual({ ratio: '2', seedingMinutes: '', idleMinutes: '5', action: 'low-priority' });
    expect(seedGoalFields(null)).toEqual({ ratio: '', seedingMinutes: '', idleMinutes: '', action: 'pause' });
  });
});

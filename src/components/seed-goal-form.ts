// A seeding goal as a form edits it (text fields) and back, checked: a ratio below 0 or minutes that are not a
// number give a problem naming the field, and nothing is saved. Pure, so every rule is unit-tested.

import { msg, str } from '@lit/localize';
import type { SeedGoal } from '../api/protocol.ts';

export interface SeedGoalFields {
  readonly ratio: string;
  readonly seedingMinutes: string;
  readonly idleMinutes: string;
  readonly action: string;
}

export type GoalField = 'ratio' | 'seedingMinutes' | 'idleMinutes';

export type SeedGoalParse =
  | { readonly ok: true; readonly goal: SeedGoal }
  | { readonly ok: false; readonly field: GoalField; readonly kind: 'not-a-number' | 'negative' };

export function seedGoalFields(goal: SeedGoal | null | undefined): SeedGoalFields {
  return {
    ratio: goal?.ratio !== undefined ? String(goal.ratio) : '',
    seedingMinutes: goal?.seedingMinutes !== undefined ? String(goal.seedingMinutes) : '',
    idleMinutes: goal?.idleMinutes !== undefined ? String(goal.idleMinutes) : '',
    action: goal?.action ?? 'pause',
  };
}

/** Empty fields are "no goal of that kind"; a decimal comma is read as a point (1,5 = 1.5). */
export function parseSeedGoal(f: SeedGoalFields): SeedGoalParse {
  const out: { ratio?: number; seedingMinutes?: number; idleMinutes?: number } = {};
  for (const field of ['ratio', 'seedingMinutes', 'idleMinutes'] as const) {
    const text = f[field].trim().replace(',', '.');
    if (text === '') continue;
    const value = Number(text);
    if (!Number.isFinite(value)) return { ok: false, field, kind: 'not-a-number' };
    if (value < 0) return { ok: false, field, kind: 'negative' };
    out[field] = value;
  }
  return { ok: true, goal: { ...out, action: f.action === 'low-priority' ? 'low-priority' : 'pause' } };
}

export function goalFieldLabel(field: GoalField): string {
  switch (field) {
    case 'ratio':
      return msg('Ratio');
    case 'seedingMinutes':
      return msg('Seeding time (minutes)');
    case 'idleMinutes':
      return msg('Idle time (minutes)');
  }
}

export function seedGoalProblemText(p: Extract<SeedGoalParse, { ok: false }>): string {
  const label = goalFieldLabel(p.field);
  return p.kind === 'negative' ? msg(str`${label}: enter 0 or more, or leave it empty for no limit.`) : msg(str`${label}: enter a number, or leave it empty for no limit.`);
}

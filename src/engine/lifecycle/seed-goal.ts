// Whether a seeding torrent has reached its goal (ratio, seeding time, idle time), pure.

import type { SeedGoal } from './states.ts';

/**
 * Uploaded over downloaded, as qBittorrent counts it: when less than 1% of what we have was downloaded here (the
 * data was ours: created here, or brought along), what we have stands in for it.
 */
export function shareRatio(uploaded: number, downloaded: number, had: number): number {
  const base = downloaded < had * 0.01 ? had : downloaded;
  if (base === 0) return uploaded > 0 ? Number.POSITIVE_INFINITY : 0;
  return uploaded / base;
}

export interface SeedProgress {
  readonly uploaded: number;
  readonly downloaded: number;
  /** Verified bytes of wanted data. */
  readonly had: number;
  readonly seedingMs: number;
  /** Time seeding since the last uploaded byte. */
  readonly idleMs: number;
}

/** The first goal reached, or null. A goal without limits is never reached. */
export function reachedGoal(goal: SeedGoal | undefined, p: SeedProgress): 'ratio' | 'seeding-time' | 'idle-time' | null {
  if (!goal) return null;
  if (goal.ratio !== undefined && shareRatio(p.uploaded, p.downloaded, p.had) >= goal.ratio) return 'ratio';
  if (goal.seedingMinutes !== undefined && p.seedingMs >= goal.seedingMinutes * 60_000) return 'seeding-time';
  if (goal.idleMinutes !== undefined && p.idleMs >= goal.idleMinutes * 60_000) return 'idle-time';
  return null;
}

/** Why a goal is not valid (ratio below 0, negative or non-finite minutes), or null. */
export function seedGoalProblem(goal: SeedGoal): { field: 'ratio' | 'seedingMinutes' | 'idleMinutes' | 'action'; value: unknown } | null {
  for (const field of ['ratio', 'seedingMinutes', 'idleMinutes'] as const) {
    const v = goal[field];
    if (v !== undefined && (typeof v !== 'number' || !Number.isFinite(v) || v < 0)) return { field, value: v };
  }
  if (goal.action !== 'pause' && goal.action !== 'low-priority') return { field: 'action', value: goal.action };
  return null;
}

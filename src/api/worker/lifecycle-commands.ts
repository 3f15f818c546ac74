// The worker's side of the lifecycle commands (force-start, queue-move, set-torrent-options) and settings: checks
// what the window sends (COMMAND_INVALID with the bad field) and hands it to the session's lifecycle.

import { EngineError } from '../../engine/errors.ts';
import { seedGoalProblem } from '../../engine/lifecycle/seed-goal.ts';
import type { QueueLimits, SeedGoal as EngineSeedGoal } from '../../engine/lifecycle/states.ts';
import type { Session } from '../../engine/session.ts';
import type { CommandOf, EngineSettings, SeedGoal } from '../protocol.ts';

const MOVES = new Set(['up', 'down', 'top', 'bottom']);

/** A seeding goal from the window, or COMMAND_INVALID naming the field (a ratio below 0, say). */
export function validSeedGoal(goal: SeedGoal, infoHashHex = ''): EngineSeedGoal {
  const problem = seedGoalProblem(goal);
  if (problem) {
    throw new EngineError('COMMAND_INVALID', `Invalid seeding goal: ${problem.field}`, { field: problem.field, value: String(problem.value), ...(infoHashHex ? { infoHash: infoHashHex } : {}) });
  }
  return {
    ...(goal.ratio !== undefined ? { ratio: goal.ratio } : {}),
    ...(goal.seedingMinutes !== undefined ? { seedingMinutes: goal.seedingMinutes } : {}),
    ...(goal.idleMinutes !== undefined ? { idleMinutes: goal.idleMinutes } : {}),
    action: goal.action,
  };
}

function count(value: number | undefined, field: string): number {
  if (value === undefined) return 0;
  if (!Number.isInteger(value) || value < 0) throw new EngineError('COMMAND_INVALID', `Invalid setting: ${field}`, { field, value: String(value) });
  return value;
}

/** The queue limits and the default goal in the engine settings (checked; the lifecycle takes them at once). */
export function applyLifecycleSettings(session: Session, settings: EngineSettings): void {
  const limits: Partial<QueueLimits> = {
    maxActiveDownloads: count(settings.maxActiveDownloads, 'maxActiveDownloads'),
    maxActiveSeeds: count(settings.maxActiveSeeds, 'maxActiveSeeds'),
    maxActiveTorrents: count(settings.maxActiveTorrents, 'maxActiveTorrents'),
    ...(settings.slowTorrentSeconds !== undefined ? { slowSeconds: count(settings.slowTorrentSeconds, 'slowTorrentSeconds') } : {}),
  };
  const goal = settings.seedGoal ? validSeedGoal(settings.seedGoal) : undefined;
  session.lifecycle.setDefaultGoal(goal);
  session.lifecycle.setLimits(limits);
}

export function forceStart(session: Session, { infoHashHex }: CommandOf<'force-start'>): void {
  session.lifecycle.forceStart(session.require(infoHashHex));
}

export function queueMove(session: Session, { infoHashHexes, to }: CommandOf<'queue-move'>): void {
  if (!MOVES.has(to)) throw new EngineError('COMMAND_INVALID', 'Unknown queue move', { to: String(to) });
  const ids = infoHashHexes.map((h) => session.require(h).infoHashHex);
  session.lifecycle.move(ids, to);
}

export function setTorrentOptions(session: Session, command: CommandOf<'set-torrent-options'>): void {
  const t = session.require(command.infoHashHex);
  const current = session.lifecycle.optionsOf(t);
  const seedGoal = command.seedGoal === undefined ? current.seedGoal : command.seedGoal === null ? undefined : validSeedGoal(command.seedGoal, t.infoHashHex);
  const sequential = command.sequential ?? current.sequential;
  session.lifecycle.setOptions(t, { ...(seedGoal ? { seedGoal } : {}), ...(sequential ? { sequential } : {}) });
}

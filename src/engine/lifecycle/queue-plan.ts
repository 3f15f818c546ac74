// The queue's decisions, pure: which auto-managed torrents run under the limits (libtorrent's auto-manage order:
// downloads first, in queue order, then seeds), and how the user's moves reorder the queue.

import type { QueueLimits } from './states.ts';

export interface QueueCandidate {
  readonly id: string;
  /** Has every wanted piece (competes for a seed slot), else a download slot. */
  readonly seed: boolean;
  /** Runs without taking a slot: slow (no traffic for the delay) or waiting for a file choice. */
  readonly exempt: boolean;
  /** Seeds past their goal that keep seeding at low priority come after every other seed. */
  readonly lowPriority?: boolean;
}

export interface QueueCounts {
  readonly downloads: number;
  readonly seeds: number;
  readonly total: number;
}

const cap = (n: number): number => (n > 0 ? n : Number.POSITIVE_INFINITY);

/**
 * `candidates` are the auto-managed torrents that want to run, in queue order. Returns the ids that run; the others
 * wait as queued. A download runs while fewer than maxActiveDownloads downloads and maxActiveTorrents torrents run;
 * a seed likewise against maxActiveSeeds. Exempt torrents run and count for nothing.
 */
export function planQueue(candidates: readonly QueueCandidate[], limits: QueueLimits): Set<string> {
  const run = new Set<string>();
  let downloads = 0;
  let seeds = 0;
  let total = 0;
  const maxDl = cap(limits.maxActiveDownloads);
  const maxSeeds = cap(limits.maxActiveSeeds);
  const maxTotal = cap(limits.maxActiveTorrents);
  const order = [...candidates.filter((c) => !c.seed), ...candidates.filter((c) => c.seed && !c.lowPriority), ...candidates.filter((c) => c.seed && c.lowPriority)];
  for (const c of order) {
    if (c.exempt) {
      run.add(c.id);
      continue;
    }
    if (total >= maxTotal) continue;
    if (c.seed ? seeds >= maxSeeds : downloads >= maxDl) continue;
    run.add(c.id);
    total++;
    if (c.seed) seeds++;
    else downloads++;
  }
  return run;
}

/** Slots taken by the running candidates (for the invariant check). */
export function slotsTaken(running: readonly QueueCandidate[]): QueueCounts {
  let downloads = 0;
  let seeds = 0;
  for (const c of running) {
    if (c.exempt) continue;
    if (c.seed) seeds++;
    else downloads++;
  }
  return { downloads, seeds, total: downloads + seeds };
}

export type QueueMove = 'up' | 'down' | 'top' | 'bottom';

/**
 * The queue after moving `selected` (qBittorrent's queue buttons). Only the `movable` ids (the queue the user sees:
 * torrents with a position) change places among themselves; the others keep their slots in `order`. A selection
 * moves as a block that keeps its inner order; moving up past the top (or down past the bottom) stays put.
 */
export function moveInQueue(order: readonly string[], movable: ReadonlySet<string>, selected: ReadonlySet<string>, to: QueueMove): string[] {
  const visible = order.filter((id) => movable.has(id));
  let moved: string[];
  switch (to) {
    case 'top':
      moved = [...visible.filter((id) => selected.has(id)), ...visible.filter((id) => !selected.has(id))];
      break;
    case 'bottom':
      moved = [...visible.filter((id) => !selected.has(id)), ...visible.filter((id) => selected.has(id))];
      break;
    case 'up':
      moved = [...visible];
      for (let i = 1; i < moved.length; i++) {
        if (selected.has(moved[i]!) && !selected.has(moved[i - 1]!)) [moved[i - 1], moved[i]] = [moved[i]!, moved[i - 1]!];
      }
      break;
    case 'down':
      moved = [...visible];
      for (let i = moved.length - 2; i >= 0; i--) {
        if (selected.has(moved[i]!) && !selected.has(moved[i + 1]!)) [moved[i + 1], moved[i]] = [moved[i]!, moved[i + 1]!];
      }
      break;
  }
  let next = 0;
  return order.map((id) => (movable.has(id) ? moved[next++]! : id));
}

// One torrent as the lifecycle keeps it (its mode, flags, clocks and what the hooks were last told), and the pure
// decisions about it: its state, whether it wants to run, whether it runs, its queue candidate, its seeding goal.

import type { TorrentStatus } from '../torrent-types.ts';
import type { QueueCandidate } from './queue-plan.ts';
import { reachedGoal } from './seed-goal.ts';
import type { LifecycleInit, LifecycleRecord, LifecycleState, QueueLimits, RunMode, SeedGoal, TorrentOptions } from './states.ts';

/** What the lifecycle reads of a torrent and the two levers it pulls. */
export interface LifecycleTorrent {
  readonly infoHashHex: string;
  readonly status: TorrentStatus;
  readonly complete: boolean;
  readonly awaitingSelection: boolean;
  readonly uploaded: number;
  readonly downloaded: number;
  progress(): { length: number; verified: number };
  downloadRate(): number;
  uploadRate(): number;
  /** Stops: peers closed, nothing requested or served. */
  pause(): void;
  /** Runs again (clears an error). */
  resume(): void;
  /** Seeding past its goal: one upload slot. */
  lowPriority: boolean;
  setSequential(on: boolean): void;
}

export interface Entry<T extends LifecycleTorrent> {
  readonly t: T;
  mode: RunMode;
  checking: boolean;
  finished: boolean;
  /** Resumed after its goal stopped it: the goal does not stop it again until the options change. */
  goalDismissed: boolean;
  options: TorrentOptions;
  /** Running below the slow rate both ways for the slow delay (takes no slot). */
  slow: boolean;
  /** When it last moved data above the slow rate, or started. */
  busyAt: number;
  /** When it last uploaded a byte while seeding, or began seeding. */
  idleSince: number;
  lastUploaded: number;
  lastDownloaded: number;
  seedingMs: number;
  activeMs: number;
  /** Clock time of the last payload byte either way (-Infinity: none since start-up). */
  lastActivityAt: number;
  /** What the hooks were last told. */
  state: LifecycleState;
  running: boolean;
  position: number | undefined;
}

/** A torrent runs (has peers, or fetches metadata) unless it is paused or failed. */
export const isRunning = (status: TorrentStatus): boolean => status !== 'paused' && status !== 'error';

/** A joining torrent's entry: stopped as far as the hooks know, its clocks restored from `init`. */
export function newEntry<T extends LifecycleTorrent>(t: T, init: LifecycleInit, now: number): Entry<T> {
  const mode: RunMode = init.paused ? 'paused' : init.forced ? 'forced' : 'auto';
  return {
    t,
    mode,
    checking: false,
    finished: mode === 'auto' && init.finished === true,
    goalDismissed: false,
    options: init.options ?? {},
    slow: false,
    busyAt: now,
    idleSince: now,
    lastUploaded: t.uploaded,
    lastDownloaded: t.downloaded,
    seedingMs: (init.seedingSeconds ?? 0) * 1000,
    activeMs: (init.activeSeconds ?? 0) * 1000,
    lastActivityAt: init.lastActivityAt ?? Number.NEGATIVE_INFINITY,
    state: 'paused',
    running: isRunning(t.status),
    position: undefined,
  };
}

/** What is persisted of it (`queuePosition` is its index in the queue order). */
export function entryRecord(e: Entry<LifecycleTorrent>, queuePosition: number): LifecycleRecord {
  return {
    paused: e.mode === 'paused',
    ...(e.mode === 'forced' ? { forced: true } : {}),
    ...(e.finished ? { finished: true } : {}),
    queuePosition,
    ...(e.options.seedGoal || e.options.sequential ? { options: e.options } : {}),
    // Exact, not whole seconds: truncating at each save lost up to a second per restart, and that accumulated.
    activeSeconds: e.activeMs / 1000,
    seedingSeconds: e.seedingMs / 1000,
    ...(Number.isFinite(e.lastActivityAt) ? { lastActivityAt: e.lastActivityAt } : {}),
    ...(e.running ? { counting: e.state === 'seeding' ? ('seeding' as const) : ('active' as const) } : {}),
  };
}

export interface Activity {
  activeSeconds: number;
  seedingSeconds: number;
  lastActivityAt: number;
  activeFrom?: number;
  seedingFrom?: number;
}

/** Its activity as shown (see Lifecycle.activity); `lastTick` is the clock time the counts were last brought up to. */
export function entryActivity(e: Entry<LifecycleTorrent>, lastTick: number): Activity {
  const out = { activeSeconds: Math.floor(e.activeMs / 1000), seedingSeconds: Math.floor(e.seedingMs / 1000), lastActivityAt: e.lastActivityAt };
  if (!e.running) return out;
  return { ...out, activeFrom: lastTick - e.activeMs, ...(e.state === 'seeding' ? { seedingFrom: lastTick - e.seedingMs } : {}) };
}

/**
 * The traffic since the last tick (`dt` ms ago): the last activity time, running and seeding time, the idle clock,
 * and whether it is slow (below the slow rate both ways for the slow delay).
 */
export function accrueTraffic(e: Entry<LifecycleTorrent>, now: number, dt: number, limits: QueueLimits): void {
  const t = e.t;
  const uploadedNow = t.uploaded > e.lastUploaded;
  if (uploadedNow || t.downloaded > e.lastDownloaded) e.lastActivityAt = now;
  e.lastUploaded = t.uploaded;
  e.lastDownloaded = t.downloaded;
  if (!e.running) return;
  e.activeMs += dt;
  if (e.state === 'seeding') {
    e.seedingMs += dt;
    if (uploadedNow) e.idleSince = now;
  } else {
    e.idleSince = now;
  }
  if (t.downloadRate() >= limits.slowRate || t.uploadRate() >= limits.slowRate) e.busyAt = now;
  e.slow = limits.slowSeconds > 0 && now - e.busyAt >= limits.slowSeconds * 1000;
}

/** Auto-managed, not checking, finished or failed: the queue plan decides whether it runs. */
export function wantsToRun(e: Entry<LifecycleTorrent>): boolean {
  return e.mode === 'auto' && !e.checking && !e.finished && e.t.status !== 'error';
}

/** Whether it should run now, given the queue plan's `run` set. */
export function shouldRun(e: Entry<LifecycleTorrent>, run: ReadonlySet<string>): boolean {
  if (e.checking || e.t.status === 'error') return false;
  if (e.mode === 'forced') return true;
  return wantsToRun(e) && run.has(e.t.infoHashHex);
}

/** How the queue plan sees it: a seed or a download, exempt from the limits while slow or awaiting a selection. */
export function queueCandidate(e: Entry<LifecycleTorrent>): QueueCandidate {
  return { id: e.t.infoHashHex, seed: e.t.complete, exempt: e.t.awaitingSelection || (e.slow && isRunning(e.t.status)), lowPriority: e.t.lowPriority };
}

/** The state the user sees, from its mode, flags and the torrent's status. */
export function lifecycleState(e: Entry<LifecycleTorrent>): LifecycleState {
  const t = e.t;
  if (e.checking) return 'checking';
  if (t.status === 'error') return 'error';
  if (t.status === 'paused') return e.mode === 'paused' ? 'paused' : e.finished ? 'finished' : 'queued';
  // Fetching metadata shows as such even when slow (as qBittorrent's metaDL); slow, it holds no slot all the same.
  if (t.status === 'metadata') return 'metadata';
  if (t.awaitingSelection) return 'awaiting-selection';
  if (t.complete) return 'seeding';
  return e.slow ? 'stalled' : 'downloading';
}

/** Its seeding goal (`goal`: its own, else the default) is reached; never before it is complete. */
export function goalReached(e: Entry<LifecycleTorrent>, goal: SeedGoal | undefined, now: number): boolean {
  if (!goal || !e.t.complete) return false;
  const progress = { uploaded: e.t.uploaded, downloaded: e.t.downloaded, had: e.t.progress().verified, seedingMs: e.seedingMs, idleMs: now - e.idleSince };
  return reachedGoal(goal, progress) !== null;
}

// A torrent's lifecycle, owned by the engine: which state each torrent is in (states.ts), the only methods that move
// it, the download queue (queue-plan.ts) and seeding goals (seed-goal.ts) applied on every change. Torrents only
// start and stop when told (Torrent.resume/pause); the host hears `changed` (persist, show), `started` (announce)
// and `stopped` (unannounce). See engine/STATE.md, "A torrent's lifecycle".

import { EngineError } from '../errors.ts';
import { accrueTraffic, entryActivity, entryRecord, goalReached, isRunning, lifecycleState, newEntry, queueCandidate, shouldRun, wantsToRun, type Activity, type Entry, type LifecycleTorrent } from './entry.ts';
import { checkLifecycle } from './invariants.ts';
import { moveInQueue, planQueue, type QueueCandidate, type QueueMove } from './queue-plan.ts';
import { DEFAULT_LIMITS, type LifecycleInit, type LifecycleRecord, type LifecycleState, type QueueLimits, type SeedGoal, type TorrentOptions } from './states.ts';

export type { LifecycleTorrent } from './entry.ts';

export interface LifecycleHooks<T> {
  /** Its state, queue position or a persisted field changed: persist it and show it. */
  changed(t: T): void;
  /** It runs now: announce it. */
  started(t: T): void;
  /** It stopped (or was removed): stop announcing it. */
  stopped(t: T): void;
}

export interface LifecycleOptions {
  now(): number;
}

export class Lifecycle<T extends LifecycleTorrent> {
  private readonly entries = new Map<string, Entry<T>>();
  /** Every torrent, queue order (the user's, from queue-move; new torrents at the end). */
  private order: string[] = [];
  private limits: QueueLimits = DEFAULT_LIMITS;
  private defaultGoal: SeedGoal | undefined;
  private lastTick: number;
  private updating = false;

  constructor(
    private readonly hooks: LifecycleHooks<T>,
    private readonly options: LifecycleOptions,
  ) {
    this.lastTick = options.now();
  }

  // --- queries ------------------------------------------------------------------------------------------------

  /** False while the session is still opening the torrent's store (it joins at the end of Session.add). */
  has(t: T): boolean {
    return this.entries.get(t.infoHashHex)?.t === t;
  }

  state(t: T): LifecycleState {
    return this.entry(t).state;
  }

  /** 1-based place among the torrents that still want data (the queue the user sees), or undefined. */
  queuePosition(t: T): number | undefined {
    return this.entry(t).position;
  }

  forced(t: T): boolean {
    return this.entry(t).mode === 'forced';
  }

  optionsOf(t: T): TorrentOptions {
    return this.entry(t).options;
  }

  /** The goal that applies to this torrent (its own, else the default). */
  goalOf(t: T): SeedGoal | undefined {
    return this.entry(t).options.seedGoal ?? this.defaultGoal;
  }

  /**
   * Seconds running, seconds seeding, and the clock time of the last payload byte. While a count grows, also the
   * clock time it would have started from had it never stopped (`activeFrom`, `seedingFrom`): that stays the same
   * from tick to tick, so a snapshot of an idle seed does not change every second.
   */
  activity(t: T): Activity {
    return entryActivity(this.entry(t), this.lastTick);
  }

  record(t: T): LifecycleRecord {
    return entryRecord(this.entry(t), this.order.indexOf(t.infoHashHex));
  }

  /** Ids in queue order. */
  queueOrder(): readonly string[] {
    return this.order;
  }

  // --- transitions --------------------------------------------------------------------------------------------

  /** A torrent joins, at the end of the queue, stopped (`t.status` 'paused'); the queue may start it at once. */
  add(t: T, init: LifecycleInit = {}): void {
    const e = newEntry(t, init, this.options.now());
    this.entries.set(t.infoHashHex, e);
    this.order.push(t.infoHashHex);
    if (e.options.sequential) t.setSequential(true);
    this.update([e]);
  }

  /** The torrent leaves (removed): it stops being announced; the queue moves up. */
  remove(t: T): void {
    const e = this.entries.get(t.infoHashHex);
    if (!e) return;
    this.entries.delete(t.infoHashHex);
    this.order = this.order.filter((id) => id !== t.infoHashHex);
    if (e.running) this.hooks.stopped(t);
    this.update();
  }

  /** The session closes: every torrent is forgotten at once, nothing is reported (the host is shutting down). */
  clear(): void {
    this.entries.clear();
    this.order = [];
  }

  /** The user pauses it: it stops and stays stopped whatever the queue (a queued or forced one too). */
  pause(t: T): void {
    const e = this.entry(t);
    e.mode = 'paused';
    e.finished = false;
    this.update([e]);
  }

  /**
   * The user resumes it: the queue decides when it runs. An error is cleared (it runs again, and stops again if it
   * still fails); a torrent stopped by its seeding goal seeds on, and that goal stops it no more.
   */
  resume(t: T): void {
    const e = this.entry(t);
    if (e.mode === 'paused') e.mode = 'auto';
    if (e.finished) {
      e.finished = false;
      e.goalDismissed = true;
    }
    if (t.status === 'error' && !e.checking) t.resume();
    this.update([e]);
  }

  /** Started ahead of the queue (qBittorrent's "force start"): runs whatever the limits, takes no slot, until paused. */
  forceStart(t: T): void {
    const e = this.entry(t);
    e.mode = 'forced';
    if (e.finished) {
      e.finished = false;
      e.goalDismissed = true;
    }
    if (t.status === 'error' && !e.checking) t.resume();
    this.update([e]);
  }

  /** A check job starts hashing the torrent's data: it stops (no peers) until endCheck. */
  beginCheck(t: T): void {
    const e = this.entry(t);
    e.checking = true;
    this.update([e]);
  }

  /** The check job ended: the torrent goes back to what its mode and the queue say. */
  endCheck(t: T): void {
    const e = this.entry(t);
    e.checking = false;
    this.update([e]);
  }

  /** The user's options for this torrent (a new seeding goal applies afresh, even after a resume past the old one). */
  setOptions(t: T, options: TorrentOptions): void {
    const e = this.entry(t);
    e.options = options;
    e.goalDismissed = false;
    if (!this.goalReached(e)) {
      e.t.lowPriority = false;
      // A torrent stopped by a goal it no longer meets seeds again.
      if (e.finished && e.state === 'finished') e.finished = false;
    }
    t.setSequential(options.sequential === true);
    this.update([e]);
  }

  setLimits(limits: Partial<QueueLimits>): void {
    this.limits = { ...this.limits, ...limits };
    this.update();
  }

  setDefaultGoal(goal: SeedGoal | undefined): void {
    this.defaultGoal = goal;
    for (const e of this.entries.values()) if (!e.options.seedGoal && !this.goalReached(e)) e.t.lowPriority = false;
    this.update();
  }

  /** The user reorders the queue (qBittorrent's move up/down/top/bottom); only torrents with a position move. */
  move(ids: readonly string[], to: QueueMove): void {
    const movable = new Set([...this.entries.values()].filter((e) => !e.t.complete).map((e) => e.t.infoHashHex));
    this.order = moveInQueue(this.order, movable, new Set(ids.map((id) => id.toLowerCase())), to);
    this.update();
  }

  /**
   * Periodic (the session's tick): traffic marks torrents slow or busy, seeding time accrues, seeding goals are
   * checked; then the queue is planned again.
   */
  tick(): void {
    const now = this.options.now();
    const dt = Math.max(0, now - this.lastTick);
    this.lastTick = now;
    for (const e of this.entries.values()) {
      const t = e.t;
      accrueTraffic(e, now, dt, this.limits);
      if (!e.running) continue;
      if (e.state === 'seeding' && !e.goalDismissed && !e.t.lowPriority && this.goalReached(e)) {
        if (this.goalOf(t)!.action === 'pause') {
          e.finished = true;
          if (e.mode === 'forced') e.mode = 'auto';
        } else {
          t.lowPriority = true;
        }
      }
    }
    this.update();
  }

  /**
   * Plans the queue and applies it: starts and stops torrents, then tells the hooks what changed. Every transition
   * above ends here; torrent events (metadata, completed, error) and content changes (file priorities) call it too.
   */
  update(touched: readonly Entry<T>[] = []): void {
    if (this.updating) return; // a hook that calls back in is covered by the pass already running
    this.updating = true;
    try {
      const changed = new Set<Entry<T>>(touched);
      const now = this.options.now();
      const run = planQueue(this.candidates(), this.limits);
      for (const id of this.order) {
        const e = this.entries.get(id)!;
        const t = e.t;
        const should = shouldRun(e, run);
        if (should && t.status === 'paused') {
          t.resume();
          e.busyAt = now;
          e.idleSince = now;
          e.slow = false;
        } else if (!should && isRunning(t.status)) {
          t.pause();
        }
      }
      // Every torrent stopped or started above: now the states, positions and hooks.
      let position = 0;
      for (const id of this.order) {
        const e = this.entries.get(id)!;
        const running = isRunning(e.t.status);
        if (running !== e.running) {
          e.running = running;
          if (running) this.hooks.started(e.t);
          else this.hooks.stopped(e.t);
        }
        const state = lifecycleState(e);
        const pos = e.t.complete ? undefined : ++position;
        if (state !== e.state || pos !== e.position) {
          e.state = state;
          e.position = pos;
          changed.add(e);
        }
      }
      for (const e of changed) if (this.entries.has(e.t.infoHashHex)) this.hooks.changed(e.t);
    } finally {
      this.updating = false;
    }
  }

  /** Throws if the lifecycle disagrees with itself or with its torrents (the rules in engine/STATE.md). */
  checkInvariants(): void {
    checkLifecycle(this.order, this.entries, this.limits, planQueue(this.candidates(), this.limits));
  }

  // --- internals ----------------------------------------------------------------------------------------------

  private entry(t: T): Entry<T> {
    const e = this.entries.get(t.infoHashHex);
    if (!e) throw new EngineError('TORRENT_NOT_FOUND', 'The torrent is still being added', { infoHash: t.infoHashHex });
    return e;
  }

  /** Auto-managed torrents that want to run, in queue order. */
  private candidates(): QueueCandidate[] {
    const out: QueueCandidate[] = [];
    for (const id of this.order) {
      const e = this.entries.get(id)!;
      if (wantsToRun(e)) out.push(queueCandidate(e));
    }
    return out;
  }

  private goalReached(e: Entry<T>): boolean {
    return goalReached(e, e.options.seedGoal ?? this.defaultGoal, this.options.now());
  }
}

// When to announce to one tracker for one torrent (BEP 3 events over WebSocket trackers), and how long to
// wait before reconnecting a tracker socket. Pure: the caller passes the time in and owns the timers.

import type { AnnounceEvent } from './ws-protocol.ts';

export interface ScheduleOptions {
  /** Used until the tracker names an interval. bittorrent-tracker's server tells WebSocket clients 2 min. */
  readonly defaultIntervalMs: number;
  /** Floor on any interval a tracker asks for, so a broken tracker cannot make us announce in a loop. */
  readonly minIntervalMs: number;
  /** Ceiling, so a tracker asking for a day does not make us vanish from its swarm. */
  readonly maxIntervalMs: number;
  /**
   * Earliest re-announce while the torrent wants more peers. Every announce costs up to 10 offers (10
   * RTCPeerConnections gathering ICE); WebTorrent's client re-announces every 30 s at most.
   */
  readonly wantPeersIntervalMs: number;
  /** Backoff after a `failure reason` reply. */
  readonly backoff: BackoffOptions;
}

export interface BackoffOptions {
  readonly baseMs: number;
  /** Cap: a tracker that was down for an hour is retried within this long of coming back. */
  readonly maxMs: number;
}

export const DEFAULT_BACKOFF: BackoffOptions = { baseMs: 5_000, maxMs: 5 * 60_000 };

export const DEFAULT_SCHEDULE: ScheduleOptions = {
  defaultIntervalMs: 120_000,
  minIntervalMs: 30_000,
  maxIntervalMs: 30 * 60_000,
  wantPeersIntervalMs: 30_000,
  backoff: DEFAULT_BACKOFF,
};

/**
 * Exponential backoff with jitter: attempt n (from 0) waits between half and all of min(max, base * 2^n).
 * The jitter spreads the reconnects of many clients after a tracker restart.
 */
export function backoffDelay(attempt: number, random: () => number, opts: BackoffOptions = DEFAULT_BACKOFF): number {
  const ceiling = Math.min(opts.maxMs, opts.baseMs * 2 ** Math.min(attempt, 30));
  return Math.round(ceiling / 2 + random() * (ceiling / 2));
}

/** Reply timing from the tracker, in seconds as sent. */
export interface TrackerTiming {
  readonly interval?: number;
  readonly minInterval?: number;
}

/**
 * One (tracker, torrent) pair. The order of what is due: `started` until the tracker has us, `completed`
 * once after the download finishes, then an `update` every interval, earlier while peers are wanted.
 */
export class AnnounceSchedule {
  private readonly opts: ScheduleOptions;
  /** True until an announce that registers us (`started`) has been sent on the current socket. */
  private needsStarted = true;
  private completedPending = false;
  private lastAnnounceAt = Number.NEGATIVE_INFINITY;
  private intervalMs: number;
  private floorMs: number;
  private failures = 0;
  private retryAt = Number.NEGATIVE_INFINITY;
  private lastEvent: AnnounceEvent | null = null;

  constructor(opts: Partial<ScheduleOptions> = {}) {
    this.opts = { ...DEFAULT_SCHEDULE, ...opts };
    this.intervalMs = this.opts.defaultIntervalMs;
    this.floorMs = this.opts.minIntervalMs;
  }

  /** The announce to send at `now`, or null when none is due. */
  due(now: number, wantsPeers: boolean): AnnounceEvent | null {
    if (now < this.nextAt(wantsPeers)) return null;
    if (this.needsStarted) return 'started';
    if (this.completedPending) return 'completed';
    return 'update';
  }

  /** When `due` next returns an event (may be in the past: due now). */
  nextAt(wantsPeers: boolean): number {
    if (this.failures > 0) return this.retryAt;
    if (this.needsStarted || this.completedPending) return Number.NEGATIVE_INFINITY;
    const regular = this.lastAnnounceAt + this.intervalMs;
    if (!wantsPeers) return regular;
    return Math.min(regular, this.lastAnnounceAt + Math.max(this.opts.wantPeersIntervalMs, this.floorMs));
  }

  /** Records that `event` was sent at `now`. */
  sent(event: AnnounceEvent, now: number): void {
    this.lastAnnounceAt = now;
    this.lastEvent = event;
    if (event === 'started') this.needsStarted = false;
    if (event === 'completed') this.completedPending = false;
  }

  /** A successful reply: adopt the tracker's interval within our bounds, and clear any failure backoff. */
  responded(timing: TrackerTiming): void {
    this.failures = 0;
    const o = this.opts;
    if (timing.minInterval !== undefined) {
      this.floorMs = clamp(timing.minInterval * 1000, o.minIntervalMs, o.maxIntervalMs);
    }
    if (timing.interval !== undefined) {
      this.intervalMs = clamp(timing.interval * 1000, this.floorMs, o.maxIntervalMs);
    } else {
      this.intervalMs = Math.max(this.intervalMs, this.floorMs);
    }
  }

  /**
   * A `failure reason` reply: retry with backoff. The tracker did not register us, so the retry is a `started`
   * again if that is what failed.
   */
  failed(now: number, random: () => number): void {
    if (this.lastEvent === 'started') this.needsStarted = true;
    if (this.lastEvent === 'completed') this.completedPending = true;
    this.retryAt = now + Math.max(backoffDelay(this.failures, random, this.opts.backoff), this.floorMs);
    this.failures++;
  }

  /**
   * The download finished. A torrent the tracker does not know yet simply starts with left = 0; `completed`
   * is for the tracker that saw us leeching.
   */
  completed(): void {
    if (!this.needsStarted) this.completedPending = true;
  }

  /** A new socket: the tracker dropped us with the old one (bittorrent-tracker's server does on close). */
  reset(): void {
    this.needsStarted = true;
    this.failures = 0;
    this.retryAt = Number.NEGATIVE_INFINITY;
  }

  /** The user asked for an announce now (force reannounce): due at once, any backoff or interval skipped. */
  forceNow(): void {
    this.failures = 0;
    this.retryAt = Number.NEGATIVE_INFINITY;
    this.lastAnnounceAt = Number.NEGATIVE_INFINITY;
  }

  /** What to send when the torrent is removed or paused: `stopped` only if the tracker has us listed. */
  stopEvent(): 'stopped' | null {
    return this.needsStarted ? null : 'stopped';
  }

  /** Milliseconds between regular announces, after clamping (for status and tests). */
  get interval(): number {
    return this.intervalMs;
  }
}

function clamp(v: number, lo: number, hi: number): number {
  return Math.min(hi, Math.max(lo, v));
}

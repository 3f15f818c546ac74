// Where a share's time goes, for the startup bench and a curious developer: time spent reading the user's files,
// hashing and writing pieces (each summed over its calls, so overlapped steps add up to more than the wall time),
// left as one `performance.mark('rivulet:seed', { detail })` in the engine worker when the share is stored.

import type { Hasher } from '../../engine/ports.ts';

export interface SeedTiming {
  /** Bytes hashed and stored. */
  bytes: number;
  /** Wall time of the whole job (open the store -> torrent built and store closed), ms. */
  totalMs: number;
  /** Sum of the file reads' durations: the time spent waiting for file data (the reader reads ahead meanwhile). */
  readMs: number;
  /** Sum of the SHA-1 calls' durations (several run at once off this thread: an upper bound of hashing). */
  hashMs: number;
  /** Sum of the piece writes' durations (synchronous OPFS writes: this thread's busy time). */
  writeMs: number;
  /** Closing the store at the end (flushes every file). */
  closeMs: number;
  /** Job start and end, ms since the epoch (performance.timeOrigin + now), comparable across the page and the worker. */
  startEpochMs: number;
  endEpochMs: number;
}

export const SEED_TIMING_MARK = 'rivulet:seed';

type Clock = () => number;

/** Accumulates one job's step durations; `timed` wraps an async step and adds its duration to a counter. */
export class SeedTimer {
  readonly started: number;
  readMs = 0;
  hashMs = 0;
  writeMs = 0;
  closeMs = 0;
  bytes = 0;

  constructor(private readonly now: Clock) {
    this.started = now();
  }

  async timed<T>(step: 'readMs' | 'hashMs' | 'writeMs' | 'closeMs', work: () => T | Promise<T>): Promise<T> {
    const t0 = this.now();
    try {
      return await work();
    } finally {
      this[step] += this.now() - t0;
    }
  }

  /** A hasher that counts its calls' durations into hashMs. */
  hasher(inner: Hasher): Hasher {
    return { sha1: (data) => this.timed('hashMs', () => inner.sha1(data)) };
  }

  result(timeOrigin: number): SeedTiming {
    const end = this.now();
    return {
      bytes: this.bytes,
      totalMs: end - this.started,
      readMs: this.readMs,
      hashMs: this.hashMs,
      writeMs: this.writeMs,
      closeMs: this.closeMs,
      startEpochMs: timeOrigin + this.started,
      endEpochMs: timeOrigin + end,
    };
  }
}

/** Leaves the timing where a bench (or DevTools' Performance panel) can find it; harmless where marks are missing. */
export function markSeedTiming(timing: SeedTiming): void {
  try {
    performance.mark(SEED_TIMING_MARK, { detail: timing });
  } catch {
    // No User Timing Level 3 here: the figures are only a diagnostic.
  }
}

export const SEED_ADDED_MARK = 'rivulet:seed-added';

/** The shared torrent is in the session and its reply is on its way to the page (after the `rivulet:seed` mark). */
export function markSeedAdded(): void {
  try {
    performance.mark(SEED_ADDED_MARK);
  } catch {
    // A diagnostic only.
  }
}

// When torrents stopped by a full storage run again by themselves: the free space is asked for at a bounded
// interval (2 s, doubling to 30 s), and a torrent resumes once there is room for a few of its pieces, so it does not
// fail again at once. A resume that fails again soon (the estimate was wrong) does not restart the schedule: the
// interval keeps doubling, so a storage that stays full is tried at most every 30 s. The asking is the host's.

export const QUOTA_POLL_MIN_MS = 2_000;
export const QUOTA_POLL_MAX_MS = 30_000;
/** Free bytes a torrent needs before it resumes: this many of the writes that failed, and at least 1 MiB. */
export const QUOTA_RESUME_WRITES = 4;
export const QUOTA_RESUME_MIN_BYTES = 1024 * 1024;
/** A stop this long after our last resume is a new one: the schedule starts over at the minimum. */
export const QUOTA_FRESH_STOP_MS = 120_000;

export interface QuotaWaiter {
  readonly id: string;
  /** Bytes of the write that failed (the error's `needed`), if known. */
  readonly needed?: number;
}

export function spaceToResume(w: QuotaWaiter): number {
  return Math.max(QUOTA_RESUME_MIN_BYTES, QUOTA_RESUME_WRITES * (w.needed ?? 0));
}

export class QuotaWait {
  private nextAt = -Infinity;
  private interval = QUOTA_POLL_MIN_MS;
  private lastResumeAt = -Infinity;

  /** Whether to ask for the free space now. */
  due(now: number, waiting: number): boolean {
    if (waiting === 0) {
      this.nextAt = -Infinity;
      return false;
    }
    if (this.nextAt === -Infinity) {
      // A torrent stopped: wait one interval first (the minimum, unless our last resume failed again soon).
      if (now - this.lastResumeAt >= QUOTA_FRESH_STOP_MS) this.interval = QUOTA_POLL_MIN_MS;
      this.nextAt = now + this.interval;
    }
    return now >= this.nextAt;
  }

  /**
   * The answer arrived: which waiters resume (in order, each taking its share of the free space). Either way the
   * interval doubles up to the maximum (it starts over only for a stop long after a resume: `due`).
   */
  answered(now: number, free: number, waiters: readonly QuotaWaiter[]): string[] {
    const resume: string[] = [];
    let left = free;
    for (const w of waiters) {
      const need = spaceToResume(w);
      if (left < need) break;
      left -= need;
      resume.push(w.id);
    }
    if (resume.length > 0) this.lastResumeAt = now;
    this.interval = Math.min(QUOTA_POLL_MAX_MS, this.interval * 2);
    this.nextAt = now + this.interval;
    return resume;
  }
}

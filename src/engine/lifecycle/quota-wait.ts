// When torrents stopped by a full storage run again by themselves: the free space is asked for at a bounded
// interval (2 s, doubling to 30 s while nothing changes), and a torrent resumes once there is room for a few of its
// pieces, so it does not fail again at once. The asking (navigator.storage.estimate) is the host's.

export const QUOTA_POLL_MIN_MS = 2_000;
export const QUOTA_POLL_MAX_MS = 30_000;
/** Free bytes a torrent needs before it resumes: this many of the writes that failed, and at least 1 MiB. */
export const QUOTA_RESUME_WRITES = 4;
export const QUOTA_RESUME_MIN_BYTES = 1024 * 1024;

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

  /** Whether to ask for the free space now. With no torrent waiting the schedule resets. */
  due(now: number, waiting: number): boolean {
    if (waiting === 0) {
      this.interval = QUOTA_POLL_MIN_MS;
      this.nextAt = -Infinity;
      return false;
    }
    if (this.nextAt === -Infinity) this.nextAt = now + this.interval; // the first ask waits one interval
    return now >= this.nextAt;
  }

  /**
   * The answer arrived: which waiters resume (in order, each taking its share of the free space). None: the
   * interval doubles up to the maximum; some: it starts over.
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
    this.interval = resume.length > 0 ? QUOTA_POLL_MIN_MS : Math.min(QUOTA_POLL_MAX_MS, this.interval * 2);
    this.nextAt = now + this.interval;
    return resume;
  }
}

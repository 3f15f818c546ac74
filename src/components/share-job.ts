// The state of one "share these files" job as the UI shows it: hashing, then a magnet to hand out, or an error.

export interface ShareJob {
  readonly id: number;
  /** Untrusted (file or folder name): render as text. */
  readonly label: string;
  readonly bytes: number;
  readonly status: 'hashing' | 'ready' | 'error';
  readonly done: number;
  readonly total: number;
  readonly magnet?: string;
  readonly infoHashHex?: string;
  readonly error?: string;
}

/** 0..1 of the hashing work, from the engine's job-progress counts. */
export function jobProgress(job: ShareJob): number {
  if (job.status === 'ready') return 1;
  return job.total > 0 ? Math.min(1, job.done / job.total) : 0;
}

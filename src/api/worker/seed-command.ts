// The worker's side of sharing the user's own files (`seed`): a seeding job hashes and stores them, reporting its
// progress, and `cancel-job` aborts it. The same files shared twice keep the torrent we have.

import { CLIENT_VERSION } from '../../engine/torrent.ts';
import type { CommandOf, Replies } from '../protocol.ts';
import type { HostContext } from './host-context.ts';
import { createSeed } from './seed-job.ts';
import { markSeedAdded } from './seed-timing.ts';
import { torrentSnapshot } from './snapshot.ts';

export async function seed(c: HostContext, { jobId, inputs, options }: CommandOf<'seed'>): Promise<{ value: Replies['seed'] }> {
  const signal = { aborted: false };
  c.jobs.set(jobId, signal);
  let lastProgress = 0;
  try {
    const storeFactory = c.storeFactory;
    const result = await createSeed(inputs, options, { hasher: c.hasher, storeFactory, createdBy: CLIENT_VERSION }, (done, total) => {
      const now = performance.now();
      if (done === total || now - lastProgress > 100) {
        lastProgress = now;
        c.emit({ type: 'job-progress', jobId, done, total });
      }
    }, signal);
    const existing = await c.joined(result.meta.infoHashHex);
    if (existing) {
      // Sharing the same files twice: keep the torrent we have, drop the fresh copy.
      await storeFactory.remove(result.storageId);
      return { value: { infoHashHex: existing.infoHashHex, magnet: torrentSnapshot(existing, c.extrasOf(existing), c.session.lifecycle).magnet, existing: true } };
    }
    // Shared again after "remove, keep data": the fresh copy wins; the old one would never be found again.
    const kept = c.persistence.kept.get(result.meta.infoHashHex);
    if (kept) {
      c.persistence.kept.delete(result.meta.infoHashHex);
      await storeFactory.remove(kept);
    }
    const t = await c.session.addMetainfo(result.meta, { storageId: result.storageId });
    c.added(t, { torrentBytes: result.torrentBytes, storageId: result.storageId });
    markSeedAdded();
    return { value: { infoHashHex: t.infoHashHex, magnet: torrentSnapshot(t, c.extrasOf(t), c.session.lifecycle).magnet } };
  } finally {
    c.jobs.delete(jobId);
  }
}

export async function cancelJob(c: HostContext, { jobId }: CommandOf<'cancel-job'>): Promise<{ value: Replies['cancel-job'] }> {
  const job = c.jobs.get(jobId);
  if (job) job.aborted = true;
  return { value: undefined };
}

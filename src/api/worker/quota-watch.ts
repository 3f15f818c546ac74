// Resumes torrents stopped by a full storage once space is freed (engine/lifecycle/quota-wait.ts decides when to
// ask and who resumes; this asks navigator.storage.estimate and resumes through the lifecycle, as the user would).

import { isEngineError } from '../../engine/errors.ts';
import { QuotaWait, type QuotaWaiter } from '../../engine/lifecycle/quota-wait.ts';
import type { Session } from '../../engine/session.ts';
import type { Torrent } from '../../engine/torrent.ts';

export interface StorageEstimateLike {
  readonly usage?: number;
  readonly quota?: number;
}

/** The browser's estimate, or null where there is none (Node). */
export function browserEstimate(): Promise<StorageEstimateLike> | null {
  const storage = (globalThis as { navigator?: { storage?: { estimate?: () => Promise<StorageEstimateLike> } } }).navigator?.storage;
  return storage?.estimate ? storage.estimate() : null;
}

export class QuotaWatch {
  private readonly wait = new QuotaWait();
  private asking = false;

  constructor(
    private readonly now: () => number,
    private readonly estimate: () => Promise<StorageEstimateLike> | null = browserEstimate,
  ) {}

  /** Called from the host's tick. */
  tick(session: Session): void {
    const waiting = waitersOf(session);
    if (!this.wait.due(this.now(), waiting.length) || this.asking) return;
    const asked = this.estimate();
    if (!asked) return;
    this.asking = true;
    asked
      .then((e) => {
        const free = Math.max(0, (e.quota ?? 0) - (e.usage ?? 0));
        // Asked anew: a torrent may have been resumed, paused or removed while the estimate ran.
        for (const id of this.wait.answered(this.now(), free, waitersOf(session).map((w) => w.waiter))) {
          const t = session.get(id);
          if (t && quotaStopped(t) && session.lifecycle.has(t) && !session.lifecycle.record(t).paused) session.lifecycle.resume(t);
        }
      })
      .catch((e: unknown) => console.warn('Asking for the free storage space failed', e))
      .finally(() => {
        this.asking = false;
      });
  }
}

function quotaStopped(t: Torrent): boolean {
  return t.status === 'error' && isEngineError(t.error, 'STORAGE_QUOTA_EXCEEDED');
}

function waitersOf(session: Session): { waiter: QuotaWaiter }[] {
  const out: { waiter: QuotaWaiter }[] = [];
  for (const t of session.torrents.values()) {
    if (!quotaStopped(t) || !session.lifecycle.has(t) || session.lifecycle.record(t).paused) continue;
    const needed = t.error!.details['needed'];
    out.push({ waiter: { id: t.infoHashHex, ...(typeof needed === 'number' ? { needed } : {}) } });
  }
  return out;
}

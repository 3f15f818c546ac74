// Ways to kill the engine for durability tests: the worker stops dead (as a crash would), the page reloads.

import type { Page } from '@playwright/test';

/** Stops the page's engine worker on the spot: `self.close()` discards its queued tasks and ends it, no event. */
export async function killEngineWorker(page: Page): Promise<void> {
  // The newest: a worker this page replaced may still be listed for a moment.
  const worker = page.workers().filter((w) => w.url().includes('engine.worker')).at(-1);
  if (!worker) throw new Error(`No engine worker in the page (workers: ${page.workers().map((w) => w.url()).join(', ')})`);
  await worker.evaluate(() => (self as unknown as { close(): void }).close()).catch(() => undefined);
}

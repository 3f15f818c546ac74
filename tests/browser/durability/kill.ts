// Ways to kill the engine for durability tests: the worker stops dead (as a crash would), the page reloads.

import type { Page } from '@playwright/test';

/**
 * Stops the page's engine worker on the spot (`self.close()` discards its queued tasks and ends it, no event) and
 * waits, bounded, until the page has noticed (its `data-engine` left "ready"). The page may notice, restart and be
 * ready again within a few hundred milliseconds, so the change is caught in the page by a MutationObserver installed
 * before the kill, not by polling from outside. `noticeTimeoutMs` 0: return at once after the kill.
 */
export async function killEngineWorker(page: Page, noticeTimeoutMs = 15_000): Promise<void> {
  // The newest: a worker this page replaced may still be listed for a moment.
  const worker = page.workers().filter((w) => w.url().includes('engine.worker')).at(-1);
  if (!worker) throw new Error(`No engine worker in the page (workers: ${page.workers().map((w) => w.url()).join(', ')})`);
  await page.evaluate(() => {
    const w = window as unknown as { __engineNoticed?: boolean; __engineWatch?: MutationObserver };
    w.__engineWatch?.disconnect();
    w.__engineNoticed = false;
    const watch = new MutationObserver(() => {
      if (document.body.dataset['engine'] !== 'ready') {
        w.__engineNoticed = true;
        watch.disconnect();
      }
    });
    watch.observe(document.body, { attributes: true, attributeFilter: ['data-engine'] });
    w.__engineWatch = watch;
  });
  await worker.evaluate(() => (self as unknown as { close(): void }).close()).catch(() => undefined);
  if (noticeTimeoutMs <= 0) return;
  await page.waitForFunction(() => (window as unknown as { __engineNoticed?: boolean }).__engineNoticed === true, undefined, {
    timeout: noticeTimeoutMs,
    polling: 100,
  });
}

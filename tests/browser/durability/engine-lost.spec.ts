// A dead engine worker is noticed and replaced: the page says so (data-engine="lost", a banner, no moving numbers),
// a call in flight fails with ENGINE_LOST instead of pending, and the new worker resumes the download to the end.

import { expect, test } from '@playwright/test';
import {
  appContext,
  engineFileSha256,
  infoHashOf,
  openApp,
  randomContent,
  row,
  seedFiles,
  serverAndBrowser,
  sha256,
  snapshotOf,
  tempFile,
  waitForComplete,
} from '../support/app.ts';
import { killEngineWorker } from './kill.ts';
import { checkStatusView } from './views.ts';

const setup = serverAndBrowser();

test('a killed engine worker is noticed, said plainly, restarted, and the download completes bit-identical', async () => {
  const size = 16 * 1024 * 1024;
  const data = randomContent(size, 91);
  const a = await openApp(await appContext(setup.browser, setup.server), setup.server.url);
  const magnet = await seedFiles(a, [tempFile('lost-and-found.bin', data)]);
  const infoHash = infoHashOf(magnet);

  const b = await openApp(await appContext(setup.browser, setup.server), `${setup.server.url}#${magnet}`);
  await expect(row(b, infoHash)).toBeVisible();
  await expect.poll(async () => Number((await snapshotOf(b, infoHash))?.['verified'] ?? 0), { timeout: 60_000, intervals: [50] }).toBeGreaterThan(0);

  // Watches, in the page, the moment the page marks the engine lost: what is shown then.
  const whenLost = b.evaluate(
    () =>
      new Promise<{ banner: boolean; inert: boolean }>((resolve) => {
        const check = async (): Promise<void> => {
          if (document.body.dataset['engine'] !== 'lost') return void requestAnimationFrame(() => void check());
          const status = document.querySelector('rv-engine-status') as HTMLElement & { updateComplete: Promise<unknown> };
          await status.updateComplete;
          resolve({ banner: !!status.shadowRoot?.querySelector('[data-testid="engine-lost"]'), inert: (document.querySelector('rv-app') as HTMLElement).inert });
        };
        void check();
      }),
  );
  // A call in flight to the worker when it dies fails with a typed error once the page notices, well before its own
  // timeout. The worker first stops hearing messages, so the call is surely still unanswered when it dies.
  const engineWorker = b.workers().filter((w) => w.url().includes('engine.worker')).at(-1)!;
  await engineWorker.evaluate(() => {
    self.onmessage = null;
  });
  const pending = b.evaluate((ih) => {
    type Client = { call(c: unknown): Promise<unknown> };
    const client = (document.querySelector('rv-app') as Element & { client: Client }).client;
    const t0 = performance.now();
    return client.call({ type: 'detail', infoHashHex: ih }).then(
      () => ({ code: 'resolved', ms: performance.now() - t0 }),
      (e: { code?: string }) => ({ code: e.code ?? 'no code', ms: performance.now() - t0 }),
    );
  }, infoHash);
  await killEngineWorker(b, 0); // the in-page watcher above sees the page notice
  expect(await whenLost).toEqual({ banner: true, inert: true });
  // Nothing is shown moving while no engine runs.
  const stale = (await snapshotOf(b, infoHash))!;
  expect(stale['downloadRate']).toBe(0);
  expect(stale['eta']).toBeNull();
  const failed = await pending;
  expect(failed.code).toBe('ENGINE_LOST');
  expect(failed.ms).toBeLessThan(15_000);

  await expect(b.locator('body[data-engine="ready"]')).toBeAttached({ timeout: 60_000 });
  await expect(b.locator('rv-engine-status').getByTestId('engine-lost')).toHaveCount(0);
  await waitForComplete(b, infoHash, size, 120_000);
  expect(await engineFileSha256(b, infoHash, 0, size)).toBe(sha256(data));

  // The banners as shown (the restart above is too quick to photograph): restarting, and could not restart.
  const status = b.locator('rv-engine-status');
  for (const view of ['restarting', 'failed'] as const) {
    await status.evaluate((el, v) => ((el as HTMLElement & { view: string }).view = v), view);
    await checkStatusView(b, status.getByTestId(view === 'restarting' ? 'engine-lost' : 'engine-failed'), `engine-${view}`);
  }
});

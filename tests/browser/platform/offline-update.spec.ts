// The service worker: the app shell loads offline once it is installed, and a new deployment shows "A new version
// is ready": Reload lets the waiting worker take over (SKIP_WAITING) and reloads the page onto it.

import { appendFileSync, cpSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect, test, type Browser } from '@playwright/test';
// @ts-expect-error plain JS module (server/server.js has JSDoc types, no .d.ts)
import { startServer } from '../../../server/server.js';
import { DIST, launch, openApp, type RunningServer } from '../support/app.ts';
import { checkView, platformContext, waitForServiceWorker } from './platform.ts';

let browser: Browser;

test.beforeAll(async () => {
  browser = await launch(false);
});
test.afterAll(async () => {
  await browser?.close();
});

test('after the first visit the app shell reloads offline, with a working engine', async () => {
  const server = (await startServer({ port: 0, host: '127.0.0.1', distDir: DIST })) as RunningServer;
  const context = await platformContext(browser, server);
  try {
    const page = await openApp(context, server.url);
    await waitForServiceWorker(page);
    await context.setOffline(true);
    // Really offline: what the precache does not hold fails.
    expect(await page.evaluate(() => fetch(`/not-cached-${Date.now()}.txt`).then(() => 'fetched', () => 'failed'))).toBe('failed');
    await page.reload({ timeout: 15_000 });
    await expect(page.locator('body[data-engine="ready"]')).toBeAttached({ timeout: 30_000 });
    await expect(page.getByRole('heading', { level: 1 })).toContainText('Rivulet');
    await expect(page.getByTestId('magnet-input')).toBeVisible();
    // The page was served by the service worker, not the network.
    expect(await page.evaluate(() => navigator.serviceWorker.controller !== null)).toBe(true);
  } finally {
    await context.close();
    await server.close();
  }
});

test('a new deployment shows the update prompt; Reload activates the new worker and reloads onto it', async ({}, info) => {
  // A copy of the build we can redeploy: the new service worker differs by one line that answers "which build?".
  const dist = mkdtempSync(path.join(tmpdir(), 'rivulet-dist-'));
  cpSync(DIST, dist, { recursive: true });
  const server = (await startServer({ port: 0, host: '127.0.0.1', distDir: dist })) as RunningServer;
  const context = await platformContext(browser, server);
  try {
    const page = await openApp(context, server.url);
    await waitForServiceWorker(page);
    await expect(page.getByTestId('update-banner')).toHaveCount(0);

    appendFileSync(
      path.join(dist, 'sw.js'),
      `\nself.addEventListener('message', (e) => { if (e.data === 'build?') e.ports[0].postMessage('second'); });\n`,
    );
    await page.evaluate(async () => (await navigator.serviceWorker.getRegistration())!.update());
    const banner = page.getByTestId('update-banner');
    await expect(banner).toBeVisible({ timeout: 30_000 });
    await expect(banner).toContainText('A new version of Rivulet is ready.');
    // Until the user agrees, the old worker keeps the page (nothing changes under a running download).
    expect(await page.evaluate(async () => (await navigator.serviceWorker.getRegistration())!.waiting !== null)).toBe(true);
    for (const [width, height] of [
      [1280, 800],
      [390, 844],
    ] as const) {
      await page.setViewportSize({ width, height });
      await checkView(page, info, `update-banner-${width}`);
    }

    await page.evaluate(() => ((window as unknown as Record<string, unknown>)['__beforeUpdate'] = true));
    await Promise.all([page.waitForEvent('load', { timeout: 30_000 }), page.getByTestId('update-reload').click()]);
    await expect(page.locator('body[data-engine="ready"]')).toBeAttached({ timeout: 30_000 });
    expect(await page.evaluate(() => (window as unknown as Record<string, unknown>)['__beforeUpdate'] ?? null)).toBeNull();
    const build = await page.evaluate(
      () =>
        new Promise<string>((resolve, reject) => {
          const channel = new MessageChannel();
          channel.port1.onmessage = (e) => resolve(String(e.data));
          setTimeout(() => reject(new Error('the controlling worker did not answer')), 5000);
          navigator.serviceWorker.controller!.postMessage('build?', [channel.port2]);
        }),
    );
    expect(build).toBe('second');
    expect(await page.evaluate(async () => (await navigator.serviceWorker.getRegistration())!.waiting)).toBeNull();
    await expect(page.getByTestId('update-banner')).toHaveCount(0);
  } finally {
    await context.close();
    await server.close();
  }
});

// The service worker's link to the engine across its lifecycle: the page reloads (a new engine worker, a new port),
// the service worker is stopped and restarted (it asks the page for a port), a new service worker takes over (an
// app update: the page hands it a port), and no page is open at all (the request fails cleanly, until one opens).

import { expect, test, type BrowserContext, type Page } from '@playwright/test';
import { appContext, infoHashOf, openApp, randomContent, seedFiles, serverAndBrowser } from '../support/app.ts';
import { fetchInPage, streamUrl, waitForServiceWorker } from './support.ts';

const setup = serverAndBrowser();

const DATA = randomContent(3 * 1024 * 1024 + 5, 77);

/** A page of `context` seeding DATA (the engine serves its own stored file), and the file's stream URL. */
async function seeded(context: BrowserContext): Promise<{ page: Page; url: string }> {
  const page = await openApp(context, setup.server.url);
  await waitForServiceWorker(page);
  const magnet = await seedFiles(page, [{ name: 'clip.webm', mimeType: 'video/webm', buffer: DATA }]);
  return { page, url: streamUrl(infoHashOf(magnet), 0, 'clip.webm') };
}

async function expectServed(page: Page, url: string): Promise<void> {
  const r = await fetchInPage(page, url, { Range: 'bytes=1000000-1000999' });
  expect(r.status).toBe(206);
  expect(r.body.equals(DATA.subarray(1_000_000, 1_001_000))).toBe(true);
}

test('streams again after the page reloads (a new engine worker hands over a new port)', async () => {
  const context = await appContext(setup.browser, setup.server);
  const { page, url } = await seeded(context);
  await expectServed(page, url);
  await page.reload();
  await expect(page.locator('body[data-engine="ready"]')).toBeAttached({ timeout: 30_000 });
  await expectServed(page, url);
  await context.close();
});

test('streams after the service worker was stopped: the restarted worker asks the page for a port', async () => {
  const context = await appContext(setup.browser, setup.server);
  const { page, url } = await seeded(context);
  await expectServed(page, url);
  const cdp = await context.newCDPSession(page);
  await cdp.send('ServiceWorker.enable');
  await cdp.send('ServiceWorker.stopAllWorkers');
  await expectServed(page, url);
  await context.close();
});

test('streams through a new service worker that takes over (an app update)', async () => {
  const context = await appContext(setup.browser, setup.server);
  const { page, url } = await seeded(context);
  await expectServed(page, url);
  // Another script URL is a new version to the browser; it waits until told to skip waiting, as an update does.
  const changed = await page.evaluate(async () => {
    const before = navigator.serviceWorker.controller?.scriptURL;
    const changed = new Promise<void>((resolve) => navigator.serviceWorker.addEventListener('controllerchange', () => resolve(), { once: true }));
    const reg = await navigator.serviceWorker.register('/sw.js?version=2', { type: 'module', scope: '/' });
    const worker = reg.installing ?? reg.waiting;
    if (worker && worker.state !== 'installed') {
      await new Promise<void>((resolve) => worker.addEventListener('statechange', () => worker.state === 'installed' && resolve()));
    }
    reg.waiting?.postMessage({ type: 'SKIP_WAITING' });
    await changed;
    return { before, after: navigator.serviceWorker.controller?.scriptURL };
  });
  expect(changed.after).not.toBe(changed.before);
  expect(changed.after).toContain('version=2');
  await expectServed(page, url);
  await context.close();
});

test('with no page open a stream request fails cleanly, and works again once a page opens', async () => {
  const context = await appContext(setup.browser, setup.server);
  const { page, url } = await seeded(context);
  await expectServed(page, url);
  await page.close();

  // Nothing of the app is open: navigating straight to the stream URL reaches the service worker alone.
  const lone = await context.newPage();
  const started = performance.now();
  const response = await lone.goto(`${setup.server.url.replace(/\/$/, '')}${url}`);
  expect(performance.now() - started).toBeLessThan(10_000);
  expect(response?.status()).toBe(503);
  expect(response?.headers()['content-type']).toBe('text/plain; charset=utf-8');
  expect(await response?.text()).toMatch(/not open in any tab/);
  await lone.close();

  const again = await openApp(context, setup.server.url);
  await waitForServiceWorker(again);
  await expectServed(again, url);
  await context.close();
});

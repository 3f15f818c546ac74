// Downloads seen from outside the page: the title and app badge show progress while a download runs, a system
// notification says when it is done (permission granted in the context, turned on in the settings), and a full
// storage quota stops the download with an explanation in words (what happened, nothing lost, what to do).

import { expect, test, type Browser, type Page } from '@playwright/test';
import { appContext, infoHashOf, launch, openApp, randomContent, row, seedFiles, snapshotOf, startApp, waitForComplete, type RunningServer } from '../support/app.ts';
import { installRecorders, openSettings, platformContext, recorded, saveSettings, waitForServiceWorker } from './platform.ts';
import { openDetail } from '../ui/ui.ts';

const MiB = 1024 * 1024;

let server: RunningServer;
let browser: Browser;
let seeder: Page;
/** Shared before any download starts, so the seeder only serves while the tests run. */
let big: { magnet: string; ih: string };
let small: { magnet: string; ih: string };
let tooBig: { magnet: string; ih: string };

test.beforeAll(async () => {
  test.setTimeout(180_000);
  server = await startApp();
  browser = await launch();
  seeder = await openApp(await appContext(browser, server), server.url);
  big = await share('notify-me.bin', 16 * MiB, 81);
  small = await share('quiet.bin', 2 * MiB, 82);
  tooBig = await share('too-big.bin', 12 * MiB, 83);
});
test.afterAll(async () => {
  await browser?.close();
  await server?.close();
});

async function share(name: string, length: number, seed: number): Promise<{ magnet: string; ih: string }> {
  const magnet = await seedFiles(seeder, [{ name, mimeType: 'application/octet-stream', buffer: randomContent(length, seed) }]);
  await seeder.getByTestId('share-dismiss').click();
  return { magnet, ih: infoHashOf(magnet) };
}

test('a finished download raises a notification; meanwhile the title and badge show its progress', async () => {
  const { magnet, ih } = big;
  const context = await platformContext(browser, server, { permissions: ['notifications'] });
  await installRecorders(context);
  const page = await openApp(context, server.url);
  await waitForServiceWorker(page);
  const dialog = await openSettings(page);
  await dialog.getByTestId('settings-notify').check();
  await expect(dialog.getByTestId('settings-notify')).toBeChecked(); // permission granted: it stays ticked
  await saveSettings(page);

  await page.goto(`${server.url}#${magnet}`);
  await waitForComplete(page, ih, 16 * MiB);
  const notifications = async () =>
    page.evaluate(async () => {
      const reg = await navigator.serviceWorker.getRegistration();
      return (await reg!.getNotifications()).map((n) => ({ title: n.title, body: n.body, tag: n.tag }));
    });
  await expect.poll(notifications, { timeout: 15_000 }).toEqual([{ title: 'Download complete', body: 'notify-me.bin', tag: `rivulet-complete-${ih}` }]);

  const titles = await recorded<string[]>(page, '__titles');
  expect(titles.some((t) => /^\((\d{1,2}|…)%?\) Rivulet$/.test(t)), `titles seen: ${titles.join(' | ')}`).toBe(true);
  await expect.poll(() => page.title()).toBe('Rivulet');
  const badges = await recorded<number[]>(page, '__badges');
  expect(badges[0]).toBe(1);
  expect(badges.at(-1)).toBe(0);
  await context.close();
});

test('without the setting no notification is shown', async () => {
  const { magnet, ih } = small;
  const context = await platformContext(browser, server, { permissions: ['notifications'] });
  const page = await openApp(context, `${server.url}#${magnet}`);
  await waitForServiceWorker(page);
  await waitForComplete(page, ih, 2 * MiB);
  await expect(page.getByTestId('toast').filter({ hasText: 'Finished downloading quiet.bin.' })).toBeVisible();
  expect(await page.evaluate(async () => (await (await navigator.serviceWorker.getRegistration())!.getNotifications()).length)).toBe(0);
  await context.close();
});

test('a full storage quota stops the download and says so in words, keeping what was verified', async () => {
  const { magnet, ih } = tooBig;
  const context = await platformContext(browser, server);
  const page = await openApp(context, server.url);
  const origin = new URL(server.url).origin;
  const cdp = await context.newCDPSession(page);
  const usage = await page.evaluate(async () => (await navigator.storage.estimate()).usage ?? 0);
  // Room for about 3 MiB of the 12.
  await cdp.send('Storage.overrideQuotaForOrigin', { origin, quotaSize: usage + 3 * MiB });
  try {
    await page.goto(`${server.url}#${magnet}`);
    await expect(row(page, ih).getByTestId('torrent-error')).toHaveText('Storage full: resumes by itself once space is freed.', { timeout: 60_000 });
    const snap = await snapshotOf(page, ih);
    expect(snap?.['state']).toBe('error');
    expect((snap?.['error'] as { code: string }).code).toBe('STORAGE_QUOTA_EXCEEDED');
    expect(Number(snap?.['verified'])).toBeLessThan(12 * MiB);
    // Said once, however many pieces in flight failed alike.
    await expect(page.getByTestId('toast').filter({ hasText: 'Nothing was lost' })).toHaveCount(1);
    const panel = await openDetail(page, ih);
    await expect(panel.getByTestId('detail-error')).toContainText('The storage the browser allows this site is full');
    await expect(panel.getByTestId('detail-error')).toContainText('the download resumes by itself once there is room');
    // The settings show what the torrents hold and what the site uses of what the browser allows (estimate();
    // Chromium's estimate does not reflect the CDP override, so only the shape is checked here).
    await panel.getByTestId('detail-close').click();
    const dialog = await openSettings(page);
    await expect(dialog.getByTestId('storage-torrents')).toContainText(/Torrent data: \d/);
    const usageLine = dialog.getByTestId('storage-usage');
    await expect(usageLine).toContainText(/This site uses .+ of the .+ the browser allows/);
    expect(Number(await usageLine.getAttribute('data-usage'))).toBeGreaterThan(0);
    expect(Number(await usageLine.getAttribute('data-quota'))).toBeGreaterThan(0);
  } finally {
    await cdp.send('Storage.overrideQuotaForOrigin', { origin });
  }
  await context.close();
});

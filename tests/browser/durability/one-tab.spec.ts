// One tab in charge: a second tab of the app waits ("running in another tab"), takes the engine over with "Use
// here" (the first tab hands over cleanly and says it moved), and back again; the download goes on through both
// moves and completes bit-identical. Closing the last tab mid-download asks first.

import { expect, test, type BrowserContext, type Page } from '@playwright/test';
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
  setUploadLimit,
} from '../support/app.ts';
import { checkStatusView } from './views.ts';

const setup = serverAndBrowser();
const t0 = Date.now();
const log = (what: string): void => console.log(`[one-tab] +${((Date.now() - t0) / 1000).toFixed(1)} s ${what}`);

async function openWaitingTab(context: BrowserContext, url: string): Promise<Page> {
  const page = await context.newPage();
  page.on('pageerror', (e) => console.log(`[page error] ${e.message}`));
  await page.goto(url);
  await page.evaluate(async () => {
    const stream = await navigator.mediaDevices.getUserMedia({ audio: true });
    for (const t of stream.getTracks()) t.stop();
  });
  return page;
}

const verified = async (page: Page, ih: string): Promise<number> => Number((await snapshotOf(page, ih))?.['verified'] ?? 0);

test('a second tab takes the engine over and gives it back; the download completes bit-identical', async () => {
  const size = 32 * 1024 * 1024;
  const data = randomContent(size, 23);
  const a = await openApp(await appContext(setup.browser, setup.server), setup.server.url);
  const magnet = await seedFiles(a, [tempFile('two-tabs.bin', data)]);
  const infoHash = infoHashOf(magnet);
  // The seeder's own upload limit paces the download, so it is still running at each step below; lifted at the end.
  await setUploadLimit(a, infoHash, 1_000_000);

  const context = await appContext(setup.browser, setup.server);
  const first = await openApp(context, `${setup.server.url}#${magnet}`);
  await expect(row(first, infoHash)).toBeVisible();
  await expect.poll(() => verified(first, infoHash), { timeout: 60_000, intervals: [100] }).toBeGreaterThan(0);

  const second = await openWaitingTab(context, setup.server.url);
  await expect(second.locator('body[data-engine="elsewhere"]')).toBeAttached({ timeout: 15_000 });
  const overlay = second.locator('rv-engine-status').getByTestId('engine-elsewhere');
  await expect(overlay).toContainText('Rivulet is running in another tab');
  await checkStatusView(second, overlay.locator('section'), 'running-elsewhere');
  // The first tab keeps running meanwhile.
  await expect(first.locator('body[data-engine="ready"]')).toBeAttached();

  // Second takes over: first hands over and says so; nothing verified is lost.
  const before = await verified(first, infoHash);
  log(`taking over at ${before} bytes`);
  await overlay.getByTestId('use-here').click();
  await expect(first.locator('body[data-engine="moved"]')).toBeAttached({ timeout: 30_000 });
  await expect(first.locator('rv-engine-status').getByTestId('engine-elsewhere')).toContainText('Rivulet moved to another tab');
  expect((await snapshotOf(first, infoHash))?.['downloadRate']).toBe(0);
  await expect(second.locator('body[data-engine="ready"]')).toBeAttached({ timeout: 30_000 });
  await expect(row(second, infoHash)).toBeVisible();
  await expect.poll(() => verified(second, infoHash), { timeout: 30_000 }).toBeGreaterThanOrEqual(before);
  const handedOver = await verified(second, infoHash);
  log(`second runs, restored ${handedOver}`);
  await expect.poll(() => verified(second, infoHash), { timeout: 60_000, intervals: [100] }).toBeGreaterThan(handedOver);

  // And back to the first.
  const beforeBack = await verified(second, infoHash);
  log(`second downloads; back at ${beforeBack}`);
  await first.locator('rv-engine-status').getByTestId('use-here').click();
  await expect(second.locator('body[data-engine="moved"]')).toBeAttached({ timeout: 30_000 });
  await expect(first.locator('body[data-engine="ready"]')).toBeAttached({ timeout: 30_000 });
  await expect.poll(() => verified(first, infoHash), { timeout: 30_000 }).toBeGreaterThanOrEqual(beforeBack);

  // With the other tab open, closing this one would not stop anything (the other takes over): no question.
  // Alone and mid-download, it asks; staying keeps the download going.
  log(`first runs again at ${await verified(first, infoHash)}`);
  await second.close();
  await expect(first.locator('body[data-other-tabs="0"]')).toBeAttached({ timeout: 10_000 });
  expect(await verified(first, infoHash), 'still downloading when closing').toBeLessThan(size);
  {
    log('asking before close');
    const asked = new Promise<string>((resolve) => first.once('dialog', (d) => void d.dismiss().then(() => resolve(d.type()))));
    await first.close({ runBeforeUnload: true });
    expect(await asked).toBe('beforeunload');
    expect(first.isClosed()).toBe(false);
  }
  await setUploadLimit(a, infoHash, null);

  await waitForComplete(first, infoHash, size, 120_000);
  log('complete');
  expect(await engineFileSha256(first, infoHash, 0, size)).toBe(sha256(data));
});

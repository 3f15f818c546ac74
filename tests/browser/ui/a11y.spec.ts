// The torrent table, detail panel and dialogs at desktop (1280×800) and phone (390×844) widths: no serious or
// critical axe-core violations, keyboard-reachable controls, and screenshots kept as test artefacts.

import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Browser, type Page, type TestInfo } from '@playwright/test';
import { appContext, infoHashOf, launch, openApp, row, seedFiles, startApp, type RunningServer } from '../support/app.ts';
import { file, openDetail } from './ui.ts';

let server: RunningServer;
let browser: Browser;
let page: Page;
let ih = '';

test.beforeAll(async () => {
  server = await startApp();
  browser = await launch();
  page = await openApp(await appContext(browser, server), server.url);
  ih = infoHashOf(await seedFiles(page, [file('report.pdf', 120_000, 41), file('figures.csv', 60_000, 42)]));
  await page.getByTestId('share-dismiss').click();
  await seedFiles(page, [file('song.ogg', 80_000, 43)]);
  await page.getByTestId('share-dismiss').click();
  await expect(row(page)).toHaveCount(2);
});
test.afterAll(async () => {
  await browser?.close();
  await server?.close();
});

async function check(info: TestInfo, name: string): Promise<void> {
  await info.attach(`${name}.png`, { body: await page.screenshot({ fullPage: true }), contentType: 'image/png' });
  const results = await new AxeBuilder({ page }).analyze();
  const bad = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  const summary = bad.map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(' | ')}`);
  expect(summary, `axe violations in ${name}`).toEqual([]);
}

for (const [width, height] of [
  [1280, 800],
  [390, 844],
] as const) {
  test(`table, detail tabs and dialogs at ${width}×${height} have no serious accessibility violations`, async ({}, info) => {
    await page.setViewportSize({ width, height });
    await check(info, `list-${width}`);

    const panel = await openDetail(page, ih);
    await expect(page.getByTestId('file-row')).toHaveCount(2);
    await check(info, `detail-files-${width}`);
    // Every tab at desktop width; on a phone the same elements, so the files and trackers tabs are enough.
    for (const tab of width > 600 ? (['peers', 'trackers', 'pieces', 'speed'] as const) : (['trackers'] as const)) {
      await panel.getByTestId(`tab-${tab}`).click();
      await expect(panel.getByTestId(`tab-${tab}`)).toHaveAttribute('aria-selected', 'true');
      await check(info, `detail-${tab}-${width}`);
    }
    await panel.getByTestId('detail-qr').click();
    await expect(panel.getByTestId('qr-code')).toBeVisible();
    await check(info, `detail-qr-${width}`);
    await panel.getByTestId('detail-close').click();

    await page.getByTestId('create-torrent').click();
    await expect(page.getByTestId('create-dialog')).toBeVisible();
    await check(info, `create-dialog-${width}`);
    await page.getByTestId('create-cancel').click();
    await expect(page.getByTestId('create-dialog')).toBeHidden();
  });
}

test('the table is usable from the keyboard: sort, open a torrent, move through tabs, close', async () => {
  await page.setViewportSize({ width: 1280, height: 800 });
  // The previous test ended at phone width, where the header is hidden (cards) until the list sees its new width:
  // focus() on a hidden button does nothing, and the Enter would go nowhere.
  await expect(page.getByTestId('sort-name')).toBeVisible();
  await page.getByTestId('sort-name').focus();
  await expect(page.getByTestId('sort-name')).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page.locator('[role="columnheader"][data-col="name"]')).toHaveAttribute('aria-sort', 'ascending');
  await row(page, ih).getByTestId('open-detail').focus();
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('detail-name')).toBeFocused();
  await page.getByTestId('tab-files').focus();
  await page.keyboard.press('End');
  await expect(page.getByTestId('tab-options')).toBeFocused();
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('detail-panel')).toBeHidden();
});

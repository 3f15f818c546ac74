// The speed controls in the real app: the header's speed menu and turtle, per-torrent limits in the detail panel,
// the settings dialog's limits and week grid. Invalid values give a sentence and save nothing; valid ones persist
// across a reload. Screenshots at 1280×800 and 390×844, axe on each, and the menus and grid stay inside the page.

import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page, type TestInfo } from '@playwright/test';
import { appContext, infoHashOf, openApp, row, seedFiles, serverAndBrowser, snapshotOf } from '../support/app.ts';
import { file, openDetail } from './ui.ts';

const setup = serverAndBrowser();
let page: Page;
let ih = '';

test.describe.configure({ mode: 'serial' });

test.beforeAll(async () => {
  page = await openApp(await appContext(setup.browser, setup.server), setup.server.url);
  ih = infoHashOf(await seedFiles(page, [file('Ünïcode rapport annuel — édition spéciale 2026 (version définitive, très longue).pdf', 90_000, 51), file('数据.csv', 30_000, 52)]));
  await page.getByTestId('share-dismiss').click();
  await expect(row(page)).toHaveCount(1);
});

async function check(info: TestInfo, name: string): Promise<void> {
  const shot = info.outputPath(`${name}.png`);
  await page.screenshot({ path: shot, fullPage: true });
  await info.attach(`${name}.png`, { path: shot, contentType: 'image/png' });
  const results = await new AxeBuilder({ page }).analyze();
  const bad = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  expect(bad.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(' | ')}`), `axe in ${name}`).toEqual([]);
}

async function insideViewport(locator: ReturnType<Page['locator']>): Promise<void> {
  const box = (await locator.boundingBox())!;
  const vp = page.viewportSize()!;
  expect(box.x).toBeGreaterThanOrEqual(0);
  expect(box.x + box.width).toBeLessThanOrEqual(vp.width + 0.5);
}

const settings = () => page.evaluate(() => JSON.parse(localStorage.getItem('rivulet.settings') ?? '{}') as Record<string, unknown>);

test('the speed menu sets a global limit from a preset, refuses 0, and the turtle switches the alternative limits', async ({}, info) => {
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.getByTestId('speed-download').click();
  const menu = page.getByTestId('speed-menu');
  await expect(menu).toBeVisible();
  await insideViewport(menu);
  await check(info, 'speed-menu-1280');
  await page.getByTestId('speed-custom').fill('0');
  await page.getByTestId('speed-custom-apply').click();
  await expect(page.getByTestId('speed-problem')).toContainText('above 0');
  expect((await settings())['downloadLimit'] ?? null).toBeNull();
  await page.locator('[data-testid="speed-preset"][data-limit="2097152"]').click();
  await expect(menu).toHaveCount(0);
  await expect(page.getByTestId('speed-download-limit')).toHaveText('[2.0 MiB/s]');
  expect((await settings())['downloadLimit']).toBe(2097152);

  await page.getByTestId('alt-speed-toggle').click();
  await expect(page.getByTestId('alt-speed-toggle')).toHaveAttribute('aria-pressed', 'true');
  await expect(page.getByTestId('speed-download-limit')).toHaveText('[50.0 KiB/s]'); // the alternative default
  await check(info, 'speed-turtle-1280');
  await page.getByTestId('alt-speed-toggle').click();
  await expect(page.getByTestId('alt-speed-toggle')).toHaveAttribute('aria-pressed', 'false');
});

test('per-torrent limits in the detail panel: 0 is refused, a value is applied, shown and kept across a reload', async ({}, info) => {
  for (const [width, height] of [
    [1280, 800],
    [390, 844],
  ] as const) {
    await page.setViewportSize({ width, height });
    const panel = await openDetail(page, ih, 'speed');
    await panel.getByTestId('torrent-limit-down').fill('-5');
    await panel.getByTestId('torrent-limits-apply').click();
    await expect(panel.getByTestId('torrent-limits-problem')).toContainText('above 0');
    await panel.getByTestId('torrent-limit-down').fill('300');
    await panel.getByTestId('torrent-limit-up').fill('');
    await panel.getByTestId('torrent-limits-apply').click();
    await expect.poll(async () => (await snapshotOf(page, ih))?.['downloadLimit']).toBe(300 * 1024);
    await insideViewport(panel.getByTestId('torrent-limits'));
    await check(info, `torrent-limits-${width}`);
    await panel.getByTestId('detail-close').click();
  }
  await page.reload();
  await expect(page.locator('body[data-engine="ready"]')).toBeAttached({ timeout: 30_000 });
  await expect.poll(async () => (await snapshotOf(page, ih))?.['downloadLimit']).toBe(300 * 1024);
  expect((await snapshotOf(page, ih))?.['uploadLimit']).toBeUndefined();
  await expect(page.getByTestId('speed-download-limit')).toHaveText('[2.0 MiB/s]');
});

test('the settings dialog edits limits and the week grid; an empty window or a zero limit saves nothing', async ({}, info) => {
  for (const [width, height] of [
    [1280, 800],
    [390, 844],
  ] as const) {
    await page.setViewportSize({ width, height });
    await page.getByTestId('settings-open').click();
    const dialog = page.getByTestId('settings-dialog');
    await expect(dialog).toBeVisible();
    await dialog.getByTestId('settings-speed').scrollIntoViewIfNeeded();
    await check(info, `settings-speed-${width}`);
    const grid = dialog.getByTestId('schedule-grid');
    const dialogBox = (await dialog.boundingBox())!;
    const gridBox = (await grid.boundingBox())!;
    expect(gridBox.x + gridBox.width).toBeLessThanOrEqual(dialogBox.x + dialogBox.width);
    await page.getByTestId('settings-cancel').click();
    await expect(dialog).toBeHidden();
  }
  await page.setViewportSize({ width: 1280, height: 800 });
  const before = await settings();
  await page.getByTestId('settings-open').click();
  await page.getByTestId('settings-uploadLimit').fill('0');
  await page.getByTestId('settings-save').click();
  await expect(page.getByTestId('settings-problem')).toContainText('above 0');
  await page.getByTestId('settings-uploadLimit').fill('');
  await page.getByTestId('schedule-enabled').check();
  await page.getByTestId('schedule-from').fill('08:00');
  await page.getByTestId('schedule-to').fill('08:00');
  await page.getByTestId('settings-save').click();
  await expect(page.getByTestId('settings-problem')).toContainText('ends when it starts');
  expect(await settings()).toEqual(before);

  // A window crossing midnight, Saturday only: 22:00 Saturday to 06:00 Sunday is shaded.
  await page.getByTestId('schedule-from').fill('22:00');
  await page.getByTestId('schedule-to').fill('06:00');
  for (const day of [1, 2, 3, 4, 5]) await page.locator(`[data-testid="schedule-day"][data-day="${day}"]`).click();
  await page.locator('[data-testid="schedule-day"][data-day="6"]').click();
  const shaded = await page.getByTestId('schedule-cell').evaluateAll((cells) => cells.map((c) => c.classList.contains('on')));
  // Rows are Monday..Sunday, 24 cells each: Saturday is row 5, Sunday row 6.
  const on = shaded.flatMap((v, i) => (v ? [`${Math.floor(i / 24)}:${i % 24}`] : []));
  expect(on).toEqual(['5:22', '5:23', '6:0', '6:1', '6:2', '6:3', '6:4', '6:5']);
  await check(info, 'settings-schedule-1280');
  await page.getByTestId('settings-save').click();
  await expect(page.getByTestId('settings-dialog')).toBeHidden();
  expect((await settings())['altSpeedSchedule']).toEqual({ enabled: true, days: [6], from: 22 * 60, to: 6 * 60 });
});

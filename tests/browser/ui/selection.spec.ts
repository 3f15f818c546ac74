// Managing many torrents at once: selection by mouse (click, Ctrl-click, Shift-click, checkboxes) and keyboard
// (arrows, Shift+arrows, Ctrl+A, Space, Delete, Enter, /), each bulk action on five torrents from the toolbar, the
// context menu and the keys, the sidebar's counts following along, and columns chosen, moved and resized, kept
// across a reload.

import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { appContext, openApp, randomContent, row, serverAndBrowser, snapshotOf, tempFile } from '../support/app.ts';
import { rowNames } from './ui.ts';

const setup = serverAndBrowser();
let page: Page;
const NAMES = ['one.bin', 'two.bin', 'three.bin', 'four.bin', 'five.bin', 'six.bin'];
const hashes: Record<string, string> = {};

async function seedMany(p: Page, names: readonly string[], tracker: string): Promise<string[]> {
  return p.evaluate(
    async ([list, tr]) => {
      type Client = { call(c: unknown): Promise<{ infoHashHex: string }> };
      const client = (document.querySelector('rv-app') as Element & { client: Client }).client;
      const out: string[] = [];
      for (const [i, name] of list.entries()) {
        const bytes = new Uint8Array(30_000 + i * 1000).map((_, j) => (j * 13 + i) & 0xff);
        const r = await client.call({ type: 'seed', jobId: crypto.randomUUID(), inputs: [{ file: new File([bytes], name), path: [name] }], options: { trackers: [tr] } });
        out.push(r.infoHashHex);
      }
      return out;
    },
    [names as string[], tracker] as const,
  );
}

const selectedCount = () => page.getByTestId('selected-count');
const name = (n: string) => row(page, hashes[n]).getByTestId('open-detail');

test.beforeAll(async () => {
  page = await openApp(await appContext(setup.browser, setup.server), setup.server.url);
  await page.setViewportSize({ width: 1440, height: 900 });
  const list = await seedMany(page, NAMES, setup.server.trackerUrl);
  NAMES.forEach((n, i) => (hashes[n] = list[i]!));
  await expect(row(page)).toHaveCount(6);
  await page.getByTestId('sort-name').click(); // five, four, one, six, three, two
  expect(await rowNames(page)).toEqual(['five.bin', 'four.bin', 'one.bin', 'six.bin', 'three.bin', 'two.bin']);
});

test('mouse: click selects one, Ctrl-click toggles, Shift-click selects a range, checkboxes add', async () => {
  await name('five.bin').click();
  await expect(selectedCount()).toHaveText('1 selected');
  await expect(page.getByTestId('detail-panel')).toHaveAttribute('data-infohash', hashes['five.bin']!);
  await name('one.bin').click({ modifiers: ['Control'] });
  await expect(selectedCount()).toHaveText('2 selected');
  await name('three.bin').click({ modifiers: ['Shift'] }); // from one.bin (the anchor) to three.bin
  await expect(selectedCount()).toHaveText('3 selected');
  for (const n of ['one.bin', 'six.bin', 'three.bin']) await expect(row(page, hashes[n])).toHaveAttribute('data-selected', 'true');
  await expect(row(page, hashes['five.bin'])).toHaveAttribute('data-selected', 'false');
  await row(page, hashes['two.bin']).getByTestId('row-select').click();
  await expect(selectedCount()).toHaveText('4 selected');
  await page.getByTestId('select-all').click();
  await expect(selectedCount()).toHaveText('6 selected');
  await page.getByTestId('select-all').click();
  await expect(selectedCount()).toBeHidden();
});

test('keyboard: arrows move, Shift extends, Ctrl+A selects all, Enter opens, / filters', async () => {
  await name('five.bin').click();
  await page.keyboard.press('ArrowDown');
  await expect(name('four.bin')).toBeFocused();
  await expect(row(page, hashes['four.bin'])).toHaveAttribute('data-selected', 'true');
  await expect(selectedCount()).toHaveText('1 selected');
  await page.keyboard.press('Shift+ArrowDown');
  await page.keyboard.press('Shift+ArrowDown');
  await expect(selectedCount()).toHaveText('3 selected');
  await page.keyboard.press('Control+a');
  await expect(selectedCount()).toHaveText('6 selected');
  await page.keyboard.press('ArrowUp'); // from six.bin up: one row again
  await expect(selectedCount()).toHaveText('1 selected');
  await expect(name('one.bin')).toBeFocused();
  await page.keyboard.press('Escape'); // closes the detail panel, if open
  await name('four.bin').focus();
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('detail-panel')).toHaveAttribute('data-infohash', hashes['four.bin']!);
  await name('four.bin').focus();
  await page.keyboard.press('/');
  await expect(page.getByTestId('filter-text')).toBeFocused();
  await page.keyboard.type('si');
  expect(await rowNames(page)).toEqual(['six.bin']);
  await page.getByTestId('filter-text').fill('');
});

test('bulk actions on five torrents: pause, resume (Space), label and clear, copy magnets, remove (Delete)', async () => {
  const five = ['five.bin', 'four.bin', 'one.bin', 'six.bin', 'three.bin'];
  await name('five.bin').click();
  await name('three.bin').click({ modifiers: ['Shift'] });
  await expect(selectedCount()).toHaveText('5 selected');

  await page.getByTestId('bulk-pause').click();
  for (const n of five) await expect(row(page, hashes[n]).getByTestId('state')).toHaveText('Paused');
  await expect(row(page, hashes['two.bin']).getByTestId('state')).toHaveText('Seeding');
  await expect(page.getByTestId('filter-state-paused')).toHaveAttribute('data-count', '5');

  await name('three.bin').focus();
  await page.keyboard.press('Space'); // all selected are paused: resume them
  for (const n of five) await expect(row(page, hashes[n]).getByTestId('state')).toHaveText('Seeding');
  await expect(page.getByTestId('filter-state-paused')).toHaveAttribute('data-count', '0');

  // The context menu acts on the selection too (a right click on a selected row keeps it).
  await name('one.bin').click({ button: 'right' });
  await expect(page.getByTestId('context-menu')).toBeVisible();
  await page.getByTestId('menu-label-add').click();
  await page.getByTestId('bulk-label-input').fill('Batch');
  await page.getByTestId('label-ok').click();
  for (const n of five) await expect(row(page, hashes[n]).getByTestId('row-label')).toHaveText(['Batch']);
  await expect(page.getByTestId('filter-label=Batch')).toHaveAttribute('data-count', '5');
  await name('one.bin').click({ button: 'right' });
  await page.getByTestId('menu-label-clear').click();
  for (const n of five) await expect(row(page, hashes[n]).getByTestId('row-label')).toHaveCount(0);

  await page.getByTestId('bulk-more').click();
  await page.getByTestId('menu-copy-magnets').click();
  const magnets = await Promise.all(five.map(async (n) => String((await snapshotOf(page, hashes[n]!))?.['magnet'])));
  await expect.poll(() => page.evaluate(() => navigator.clipboard.readText())).toBe(magnets.join('\n'));

  // One confirmation for all five.
  await name('three.bin').focus();
  await page.keyboard.press('Delete');
  const dialog = page.locator('dialog[open]');
  await expect(dialog.getByRole('heading')).toHaveText('Remove 5 torrents?');
  await dialog.getByTestId('remove-keep').click();
  await expect(row(page)).toHaveCount(1);
  expect(await rowNames(page)).toEqual(['two.bin']);
  await expect(page.getByTestId('toast').filter({ hasText: 'Removed 5 torrents.' })).toBeVisible();
});

test('columns: hidden, moved and resized by drag and by keys, kept after a reload', async () => {
  const header = (key: string) => page.locator(`[role="columnheader"][data-col="${key}"]`);
  await page.getByTestId('columns-menu').locator('summary').click();
  await page.getByTestId('column-size').uncheck();
  await expect(header('size')).toHaveCount(0);
  await page.getByTestId('column-ratio').check();
  await expect(header('ratio')).toBeVisible();
  await page.getByTestId('columns-menu').locator('summary').click();

  // Resize by dragging the edge, then by keys.
  const before = (await header('progress').boundingBox())!.width;
  const grip = (await page.getByTestId('resize-progress').boundingBox())!;
  await page.mouse.move(grip.x + grip.width / 2, grip.y + grip.height / 2);
  await page.mouse.down();
  await page.mouse.move(grip.x + 60, grip.y + grip.height / 2, { steps: 4 });
  await page.mouse.up();
  await expect.poll(async () => (await header('progress').boundingBox())!.width).toBeGreaterThan(before + 40);
  const dragged = (await header('progress').boundingBox())!.width;
  await page.getByTestId('resize-progress').focus();
  await page.keyboard.press('ArrowLeft');
  await expect.poll(async () => (await header('progress').boundingBox())!.width).toBeLessThan(dragged - 10);

  // Move a column by dragging its header onto another.
  const order = () => page.locator('[role="columnheader"][data-col]').evaluateAll((els) => els.map((e) => e.getAttribute('data-col')));
  await header('up').dragTo(header('progress'));
  await expect.poll(async () => (await order()).indexOf('up')).toBeLessThan((await order()).indexOf('progress'));
  const arranged = await order();
  const width = (await header('progress').boundingBox())!.width;

  await page.reload();
  await expect(page.locator('body[data-engine="ready"]')).toBeAttached({ timeout: 30_000 });
  await expect(row(page)).toHaveCount(1);
  expect(await order()).toEqual(arranged);
  expect(Math.abs((await header('progress').boundingBox())!.width - width)).toBeLessThan(2);
  await expect(header('size')).toHaveCount(0);
});

test('the status bar sums speeds and peers, says how many trackers answer, and shows all-time totals on hover', async () => {
  await expect(page.getByTestId('status-bar')).toBeVisible();
  await expect(page.getByTestId('status-trackers')).toHaveText('1 of 1 trackers reachable', { timeout: 20_000 });
  await expect(page.getByTestId('status-peers')).toHaveText('0 peers connected');
  await expect(page.getByTestId('status-storage')).toContainText('free');
  // All-time totals (removed torrents included, kept by the engine) on hover.
  await expect(page.getByTestId('status-session')).toHaveAttribute('title', /^All time: .+ down, .+ up, .+ wasted$/);
});

test('axe finds nothing serious in the sidebar, toolbar, status bar, context menu and column chooser', async () => {
  const serious = async (): Promise<string[]> => {
    const results = await new AxeBuilder({ page }).analyze();
    return results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(' | ')}`);
  };
  await name('two.bin').click({ button: 'right' });
  await expect(page.getByTestId('context-menu')).toBeVisible();
  expect(await serious()).toEqual([]);
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('context-menu')).toHaveCount(0);
  await page.getByTestId('columns-menu').locator('summary').click();
  expect(await serious()).toEqual([]);
  await page.getByTestId('columns-menu').locator('summary').click();
});

test('a share is a row at once ("Hashing n%"), then a toast with link, copy and QR that leaves by itself; nothing piles up', async () => {
  const before = await row(page).count();
  await page.getByTestId('file-input').setInputFiles(tempFile('big share.bin', randomContent(48 * 1024 * 1024, 3)));
  const job = page.getByTestId('job-row');
  await expect(job).toBeVisible();
  await expect(job).toContainText(/Hashing \d+(\.\d+)?%/);
  await expect(job).toContainText('big share.bin');
  const toast = page.locator('rv-share-card');
  await expect(page.getByTestId('share-magnet')).toBeVisible({ timeout: 120_000 });
  await expect(job).toHaveCount(0);
  await expect(row(page)).toHaveCount(before + 1);

  // A second share replaces the toast instead of stacking another card.
  await page.getByTestId('file-input').setInputFiles([{ name: 'small.txt', mimeType: 'text/plain', buffer: Buffer.from('hello') }]);
  await expect(toast.locator('h3')).toHaveText('small.txt', { timeout: 60_000 });
  await expect(toast).toHaveCount(1);
  await expect(row(page)).toHaveCount(before + 2);
  // Left alone, it goes away.
  await expect(toast).toHaveCount(0, { timeout: 30_000 });

  // The row's menu brings the link and the QR code back.
  const small = (await page.getByTestId('torrent-row').filter({ hasText: 'small.txt' }).getAttribute('data-infohash'))!;
  await row(page, small).getByTestId('row-more').click();
  await page.getByTestId('menu-share').click();
  await expect(toast.locator('h3')).toHaveText('small.txt');
  await toast.getByTestId('share-qr').click();
  await expect(toast.getByTestId('qr-code')).toBeVisible();
  await toast.getByTestId('copy-share-link').click();
  await expect.poll(() => page.evaluate(() => navigator.clipboard.readText())).toContain('#magnet:');
  await toast.getByTestId('share-dismiss').click();
  await expect(toast).toHaveCount(0);
});

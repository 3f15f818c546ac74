// The torrent table and the detail panel: sorting (mouse and keyboard, aria-sort), filters, labels that survive a
// reload, pause/resume, remove with and without data, trackers, QR code, share, piece map and speed graph.

import { expect, test, type Browser, type Page } from '@playwright/test';
import {
  appContext,
  infoHashOf,
  launch,
  openApp,
  row,
  seedFiles,
  snapshotOf,
  startApp,
  waitForComplete,
  type RunningServer,
} from '../support/app.ts';
import WebSocket from 'ws';
import { appContextWith, file, openDetail, opfsFolders, paste, rowNames } from './ui.ts';

let server: RunningServer;
let browser: Browser;
let page: Page;
const ih: Record<'alpha' | 'bravo' | 'charlie', string> = { alpha: '', bravo: '', charlie: '' };

test.beforeAll(async () => {
  test.setTimeout(120_000);
  server = await startApp();
  browser = await launch();
  page = await openApp(await appContext(browser, server), server.url);
  await page.setViewportSize({ width: 1280, height: 800 });
  // Added in this order, so "newest first" is bravo, alpha, charlie; sizes are alpha < bravo < charlie.
  for (const [name, size, seed] of [['charlie', 300_000, 5], ['alpha', 100_000, 6], ['bravo', 200_000, 7]] as const) {
    ih[name] = infoHashOf(await seedFiles(page, [file(`${name}.bin`, size, seed)]));
    await page.getByTestId('share-dismiss').click();
  }
  await expect(row(page)).toHaveCount(3);
});
test.afterAll(async () => {
  await browser?.close();
  await server?.close();
});

test('rows sort by any column from its header, by mouse and keyboard, with aria-sort', async () => {
  expect(await rowNames(page)).toEqual(['bravo.bin', 'alpha.bin', 'charlie.bin']);
  const header = (key: string) => page.locator(`[role="columnheader"][data-col="${key}"]`);
  // Newest first by default; the Added column is hidden by default, so no shown header claims the sort.
  await expect(page.locator('[role="columnheader"]:is([aria-sort="ascending"], [aria-sort="descending"])')).toHaveCount(0);

  await page.getByTestId('sort-name').click();
  expect(await rowNames(page)).toEqual(['alpha.bin', 'bravo.bin', 'charlie.bin']);
  await expect(header('name')).toHaveAttribute('aria-sort', 'ascending');
  await page.getByTestId('sort-name').click();
  expect(await rowNames(page)).toEqual(['charlie.bin', 'bravo.bin', 'alpha.bin']);
  await expect(header('name')).toHaveAttribute('aria-sort', 'descending');

  // Keyboard: the header is a button; Enter sorts (biggest first for sizes), Space flips.
  await page.getByTestId('sort-size').focus();
  await page.keyboard.press('Enter');
  expect(await rowNames(page)).toEqual(['charlie.bin', 'bravo.bin', 'alpha.bin']);
  await expect(header('size')).toHaveAttribute('aria-sort', 'descending');
  await page.keyboard.press('Space');
  expect(await rowNames(page)).toEqual(['alpha.bin', 'bravo.bin', 'charlie.bin']);
  await expect(header('size')).toHaveAttribute('aria-sort', 'ascending');

  // Narrow lists sort from a menu (columns drop out); the choice is the same state.
  await page.setViewportSize({ width: 390, height: 844 });
  await page.getByTestId('sort-select').selectOption('name:desc');
  expect(await rowNames(page)).toEqual(['charlie.bin', 'bravo.bin', 'alpha.bin']);
  await page.setViewportSize({ width: 1280, height: 800 });
  await expect(header('name')).toHaveAttribute('aria-sort', 'descending');
});

test('filters by text and by state; pause and resume from the row', async () => {
  const count = page.getByTestId('filter-count');
  await page.getByTestId('filter-text').fill('RAV');
  expect(await rowNames(page)).toEqual(['bravo.bin']);
  await expect(count).toHaveText('1 of 3');
  await page.getByTestId('filter-text').fill(ih.charlie.slice(0, 8));
  expect(await rowNames(page)).toEqual(['charlie.bin']);
  await page.getByTestId('filter-text').fill('nothing like this');
  await expect(page.getByTestId('no-match')).toBeVisible();
  await page.getByTestId('filter-text').fill('');

  await row(page, ih.alpha).getByTestId('pause-resume').click();
  await expect(row(page, ih.alpha).getByTestId('state')).toHaveText('Paused');
  await page.getByTestId('filter-state-paused').click();
  await expect(row(page)).toHaveCount(1);
  expect(await rowNames(page)).toEqual(['alpha.bin']);
  await page.getByTestId('filter-state-seeding').click();
  await expect(row(page)).toHaveCount(2);
  await page.getByTestId('filter-state-all').click();

  await row(page, ih.alpha).getByTestId('pause-resume').click();
  await expect(row(page, ih.alpha).getByTestId('state')).toHaveText('Seeding');
});

test('labels are assigned in the detail panel, filter the list, and survive a reload', async () => {
  let panel = await openDetail(page, ih.charlie);
  await panel.getByTestId('label-input').fill('Films');
  await panel.getByTestId('label-input').press('Enter');
  await expect(row(page, ih.charlie).getByTestId('row-label')).toHaveText(['Films']);
  await panel.getByTestId('label-input').fill('to watch');
  await panel.getByTestId('label-add').click();
  await expect(panel.getByTestId('label-chip')).toHaveText(['Films', 'to watch']);
  // Too long: refused with a reason, nothing saved.
  await panel.getByTestId('label-input').fill('x'.repeat(41));
  await panel.getByTestId('label-input').press('Enter');
  await expect(panel.getByRole('alert')).toContainText('40');

  panel = await openDetail(page, ih.bravo);
  await panel.getByTestId('label-input').fill('films'); // the same label, another spelling
  await panel.getByTestId('label-input').press('Enter');
  await expect(row(page, ih.bravo).getByTestId('row-label')).toHaveText(['films']);
  await panel.getByTestId('detail-close').click();

  await page.getByTestId('filter-label=Films').click();
  expect((await rowNames(page)).sort()).toEqual(['bravo.bin', 'charlie.bin']);
  await page.getByTestId('filter-label=to watch').click();
  expect(await rowNames(page)).toEqual(['charlie.bin']);
  await page.getByTestId('filter-label-none').click();
  expect(await rowNames(page)).toEqual(['alpha.bin']);
  await page.getByTestId('filter-label-any').click();

  await page.reload();
  await expect(page.locator('body[data-engine="ready"]')).toBeAttached({ timeout: 30_000 });
  await expect(row(page, ih.charlie).getByTestId('row-label')).toHaveText(['Films', 'to watch']);
  await expect(row(page, ih.bravo).getByTestId('row-label')).toHaveText(['films']);
  panel = await openDetail(page, ih.charlie);
  await panel.getByTestId('label-remove').first().click();
  await expect(row(page, ih.charlie).getByTestId('row-label')).toHaveText(['to watch']);
  await panel.getByTestId('detail-close').click();
});

test('trackers: the list shows what they report; add and remove change it and the torrent', async () => {
  // The local tracker counts this page as a seeder: the Seeds column shows "connected (reported)".
  await expect(row(page, ih.alpha).getByTestId('seeds')).toHaveText(/0 \(1\)$/, { timeout: 20_000 });
  const panel = await openDetail(page, ih.alpha, 'trackers');
  const rows = panel.getByTestId('tracker-row');
  await expect(rows).toHaveCount(1);
  await expect(rows.first()).toHaveAttribute('data-url', server.trackerUrl);
  await expect(rows.first().getByTestId('tracker-state')).toHaveText('Working');
  await expect(rows.first().getByTestId('tracker-seeders')).toHaveText('1');
  // Another seed joins the swarm; the list learns of it from the tracker's next answer alone (an idle seed gets
  // no engine snapshots that would re-render the row).
  const other = await announceSeed(server.trackerUrl, ih.alpha);
  await panel.getByTestId('tracker-reannounce').click();
  await expect(row(page, ih.alpha).getByTestId('seeds')).toHaveText(/0 \(2\)$/, { timeout: 10_000 });
  await expect(rows.first().getByTestId('tracker-seeders')).toHaveText('2');
  other.close();

  await panel.getByTestId('tracker-input').fill('https://tracker.example/announce');
  await panel.getByTestId('tracker-add').click();
  await expect(panel.getByRole('alert')).toContainText('WebSocket');

  const extra = 'wss://tracker.invalid/announce';
  await panel.getByTestId('tracker-input').fill(extra);
  await panel.getByTestId('tracker-add').click();
  await expect(rows).toHaveCount(2);
  await expect(panel.locator(`[data-testid="tracker-row"][data-url="${extra}"]`)).toBeVisible();
  await expect.poll(async () => (await snapshotOf(page, ih.alpha))?.['trackers']).toEqual([server.trackerUrl, extra]);
  // The network layer took the new list: it reports on the new tracker too (an unreachable one: error or offline).
  await expect(panel.locator(`[data-testid="tracker-row"][data-url="${extra}"]`)).toHaveAttribute('data-state', /connecting|error|offline/, { timeout: 15_000 });

  await panel.locator(`[data-testid="tracker-row"][data-url="${extra}"]`).getByTestId('tracker-remove').click();
  await expect(rows).toHaveCount(1);
  await expect.poll(async () => (await snapshotOf(page, ih.alpha))?.['trackers']).toEqual([server.trackerUrl]);
  await panel.getByTestId('detail-close').click();
});

test('the detail panel: QR code, copy and share, piece map, speed graph, keyboard tabs', async () => {
  const panel = await openDetail(page, ih.charlie);
  const magnet = String((await snapshotOf(page, ih.charlie))?.['magnet']);

  await panel.getByTestId('detail-qr').click();
  await expect(panel.getByTestId('detail-qr')).toHaveAttribute('aria-expanded', 'true');
  const qr = panel.getByTestId('qr-code');
  await expect(qr).toBeVisible();
  await expect(qr).toHaveAttribute('role', 'img');
  await expect(qr).toHaveAttribute('aria-label', 'QR code of the magnet link of charlie.bin');
  expect(Number(await qr.getAttribute('data-modules'))).toBeGreaterThanOrEqual(21);

  await panel.getByTestId('detail-copy-magnet').click();
  await expect.poll(() => page.evaluate(() => navigator.clipboard.readText())).toBe(magnet);
  await panel.getByTestId('detail-share').click();
  // No Web Share in headless Chromium on Linux: the share link (app URL + #magnet) is copied instead.
  await expect.poll(() => page.evaluate(() => navigator.clipboard.readText())).toBe(`${server.url.replace(/\/$/, '')}/#${magnet}`);

  await panel.getByTestId('tab-pieces').click();
  const map = panel.getByTestId('piece-map');
  await expect(map).toHaveAttribute('role', 'img');
  const count = await map.getAttribute('data-count');
  expect(Number(count)).toBeGreaterThan(0);
  await expect(map).toHaveAttribute('data-have', count!);
  await expect(map).toHaveAttribute('aria-label', new RegExp(`${count} of ${count} pieces verified`));
  expect(await map.evaluate((c: HTMLCanvasElement) => c.width)).toBeGreaterThan(0);

  // Arrow keys move between tabs.
  await panel.getByTestId('tab-pieces').focus();
  await page.keyboard.press('ArrowRight');
  await expect(panel.getByTestId('tab-speed')).toHaveAttribute('aria-selected', 'true');
  await expect(panel.getByTestId('tab-speed')).toBeFocused();
  const graph = panel.getByTestId('speed-graph');
  await expect(graph).toHaveAttribute('role', 'img');
  await expect.poll(async () => Number(await graph.getAttribute('data-samples'))).toBeGreaterThan(1);
  await expect(graph).toHaveAttribute('aria-label', /Speed over the last \d+ min/);
  await expect(panel.getByTestId('speed-summary')).toContainText('Download');
  await page.keyboard.press('Home');
  await expect(panel.getByTestId('tab-files')).toHaveAttribute('aria-selected', 'true');
  await page.keyboard.press('Escape');
  await expect(panel).toBeHidden();
});

test('remove keeps the data (a re-add is complete at once) or deletes it (the folder is gone)', async () => {
  const b = await openApp(await appContext(browser, server), server.url);
  await paste(b, ih.bravo);
  await waitForComplete(b, ih.bravo, 200_000, 60_000);
  expect(await opfsFolders(b)).toContain(ih.bravo);

  await row(b, ih.bravo).getByTestId('remove').click();
  await b.getByTestId('remove-keep').click();
  await expect(row(b)).toHaveCount(0);
  expect(await opfsFolders(b)).toContain(ih.bravo);

  // Re-added with its data kept: complete from disk, with nothing received.
  await paste(b, ih.bravo);
  await waitForComplete(b, ih.bravo, 200_000, 30_000);
  expect(Number((await snapshotOf(b, ih.bravo))?.['receivedThisSession'])).toBe(0);

  const panel = await openDetail(b, ih.bravo);
  await panel.getByTestId('detail-remove').click();
  await b.locator('dialog[open]').getByTestId('remove-delete').click();
  await expect(row(b)).toHaveCount(0);
  await expect(panel).toBeHidden();
  await expect.poll(() => opfsFolders(b)).not.toContain(ih.bravo);
  await b.context().close();
});

test('with one download at a time, a second waits as Queued and starts when the first is removed', async () => {
  const b = await openApp(await appContextWith(browser, server.trackerUrl, { maxActiveDownloads: 1 }), server.url);
  // No one has this torrent: it stays "fetching metadata", an active download, for as long as it is there.
  const nobody = 'f'.repeat(40);
  await paste(b, nobody);
  await expect(row(b, nobody).getByTestId('state')).toHaveText('Fetching metadata');
  await paste(b, ih.charlie);
  await expect(row(b, ih.charlie).getByTestId('state')).toHaveText('Queued');
  await b.getByTestId('filter-state-queued').click();
  expect(await rowNames(b)).toEqual([ih.charlie]); // a bare info hash: no name until the metadata arrives
  await b.getByTestId('filter-state-all').click();
  await b.waitForTimeout(1500);
  expect(Number((await snapshotOf(b, ih.charlie))?.['receivedThisSession'])).toBe(0);

  await row(b, nobody).getByTestId('remove').click();
  await b.locator('dialog[open]').getByTestId('remove-delete').click();
  await waitForComplete(b, ih.charlie, 300_000, 60_000);
  await expect(row(b, ih.charlie).getByTestId('state')).toHaveText('Seeding');
  await b.context().close();
});

/** A seed of `infoHashHex` that only announces (a bare WebSocket tracker client), open until closed. */
async function announceSeed(trackerUrl: string, infoHashHex: string): Promise<WebSocket> {
  const ws = new WebSocket(trackerUrl);
  const binary = (hex: string): string => String.fromCharCode(...(hex.match(/../g) ?? []).map((h) => parseInt(h, 16)));
  await new Promise<void>((resolve, reject) => {
    ws.once('open', resolve);
    ws.once('error', reject);
  });
  const answered = new Promise<void>((resolve) => ws.once('message', () => resolve()));
  const peerId = binary('2d5254303030302d' + 'ab'.repeat(12));
  ws.send(JSON.stringify({ action: 'announce', info_hash: binary(infoHashHex), peer_id: peerId, event: 'started', left: 0, uploaded: 0, downloaded: 0, numwant: 0, offers: [] }));
  await answered;
  return ws;
}

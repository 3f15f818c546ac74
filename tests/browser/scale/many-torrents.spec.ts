// Hundreds of small seeding torrents in one tab: the list keeps only the rows in view in the DOM (about 100 at most),
// scrolling reaches the last torrent, the table says how many rows exist (aria-rowcount / aria-rowindex), and the
// keyboard, Ctrl+A and Shift ranges still work across rows that are not rendered; the phone's cards too. 300 here
// (adding 1,000 takes minutes on a loaded machine); bench/scale.bench.ts runs 1,000 and checks the DOM the same way.

import { expect, test, type Page } from '@playwright/test';
import { appContext, openApp, row, serverAndBrowser } from '../support/app.ts';
import { addManyTorrents } from './many.ts';

const N = Number(process.env['SCALE_TORRENTS'] ?? 300);
const LAST = `many-${String(N - 1).padStart(4, '0')}.bin`;
const setup = serverAndBrowser();
let page: Page;
let hashes: string[] = [];

test.beforeAll(async () => {
  test.setTimeout(400_000);
  page = await openApp(await appContext(setup.browser, setup.server), setup.server.url);
  await page.setViewportSize({ width: 1280, height: 800 });
  hashes = await addManyTorrents(page, N);
  await expect(page.getByTestId('filter-count')).toHaveText(`${N} of ${N}`, { timeout: 60_000 });
  await page.getByTestId('sort-name').click(); // many-0000 … many-0299, top to bottom
});

const table = () => page.getByTestId('torrent-list');
const names = () => page.getByTestId('torrent-name').allTextContents();

test('the table renders only the rows in view and scrolls to the last of them', async () => {
  await expect(table()).toHaveAttribute('aria-rowcount', String(N + 1));
  expect(await row(page).count()).toBeLessThanOrEqual(100);
  expect((await names())[0]).toBe('many-0000.bin');
  await expect(row(page, hashes[0])).toBeInViewport();

  // Scroll to the end as a user would (the table scrolls inside itself on a desktop).
  await table().evaluate((el) => el.scrollTo(0, el.scrollHeight));
  await expect(row(page, hashes[N - 1])).toBeInViewport();
  expect(await row(page).count()).toBeLessThanOrEqual(100);
  expect((await names()).at(-1)).toBe(LAST);
  const last = page.locator(`rv-torrent-row[aria-rowindex="${N + 1}"]`);
  await expect(last.getByTestId('torrent-name')).toHaveText(LAST);

  // The middle: what is shown is what the scroll position says.
  await table().evaluate((el) => el.scrollTo(0, el.scrollHeight / 2));
  await expect(row(page, hashes[0])).toHaveCount(0);
  await expect(row(page, hashes[N - 1])).toHaveCount(0);
  const shown = await names();
  const mid = Number(/many-(\d+)/.exec(shown[Math.floor(shown.length / 2)]!)![1]);
  expect(mid).toBeGreaterThan(N / 2 - 40);
  expect(mid).toBeLessThan(N / 2 + 40);
});

test('keys reach rows that are not rendered: End, Home, Shift+End, Ctrl+A', async () => {
  await table().evaluate((el) => el.scrollTo(0, 0));
  await row(page, hashes[0]).getByTestId('open-detail').focus();
  await page.keyboard.press('End');
  await expect(row(page, hashes[N - 1])).toBeInViewport();
  await expect(row(page, hashes[N - 1])).toHaveAttribute('data-selected', 'true');
  await page.keyboard.press('Home');
  await expect(row(page, hashes[0])).toBeInViewport();
  await page.keyboard.press('ArrowDown');
  await expect(row(page, hashes[1])).toHaveAttribute('data-selected', 'true');
  await page.keyboard.press('Shift+End');
  await expect(page.getByTestId('selected-count')).toHaveText(`${N - 1} selected`);
  await expect(row(page, hashes[N - 1])).toBeInViewport();
  await page.keyboard.press('Control+a');
  await expect(page.getByTestId('selected-count')).toHaveText(`${N} selected`);
  // A click clears to one; Ctrl+click adds a second far away.
  await row(page, hashes[N - 1]).getByTestId('torrent-name').click();
  await expect(page.getByTestId('selected-count')).toHaveText('1 selected');
  await table().evaluate((el) => el.scrollTo(0, 0));
  await row(page, hashes[3]).getByTestId('torrent-name').click({ modifiers: ['Control'] });
  await expect(page.getByTestId('selected-count')).toHaveText('2 selected');
  await page.getByTestId('detail-close').click().catch(() => {});
});

test('phone: cards are windowed too, and the page scrolls to the last one', async () => {
  await page.setViewportSize({ width: 390, height: 844 });
  await expect(table()).toHaveClass(/cards/);
  expect(await row(page).count()).toBeLessThanOrEqual(100);
  await page.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight));
  await expect(row(page, hashes[N - 1])).toBeInViewport();
  expect(await row(page).count()).toBeLessThanOrEqual(100);
  await page.setViewportSize({ width: 1280, height: 800 });
});

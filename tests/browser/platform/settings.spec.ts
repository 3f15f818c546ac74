// Settings: trackers (add, remove, reset), limits and storage persist across a reload and apply at once (engine
// limits through set-settings, trackers for torrents added afterwards); the interface language follows the
// browser, switches in the settings without a reload, and stays switched.

import { expect, test, type Browser, type Page } from '@playwright/test';
import { launch, openApp, row, seedFiles, snapshotOf, startApp, infoHashOf, type RunningServer } from '../support/app.ts';
import { expectRowState, openSettings, platformContext, randomInfoHash, saveSettings } from './platform.ts';
import { file, paste } from '../ui/ui.ts';

let server: RunningServer;
let browser: Browser;

test.beforeAll(async () => {
  server = await startApp();
  browser = await launch(false);
});
test.afterAll(async () => {
  await browser?.close();
  await server?.close();
});

async function savedSettings(page: Page): Promise<Record<string, unknown>> {
  return page.evaluate(() => JSON.parse(localStorage.getItem('rivulet.settings') ?? '{}') as Record<string, unknown>);
}

async function trackerUrls(page: Page): Promise<string[]> {
  return page.getByTestId('settings-tracker-url').allTextContents();
}

const EXTRA = 'wss://tracker.example.invalid/announce';

test('trackers can be added, removed and reset; bad URLs are refused in words', async () => {
  const context = await platformContext(browser, server);
  const page = await openApp(context, server.url);
  const dialog = await openSettings(page);
  // Reading starts at the title (not at the first tracker's Remove button).
  await expect(page.locator('#st-title')).toBeFocused();
  expect(await trackerUrls(page)).toEqual([server.trackerUrl]);

  await dialog.getByTestId('settings-tracker-input').fill('https://tracker.example/announce');
  await dialog.getByTestId('settings-tracker-add').click();
  await expect(dialog.getByTestId('settings-tracker-problem')).toContainText('is not a WebSocket tracker');
  await dialog.getByTestId('settings-tracker-input').fill(EXTRA);
  await dialog.getByTestId('settings-tracker-input').press('Enter'); // adds; does not submit the form
  await expect(dialog).toBeVisible();
  expect(await trackerUrls(page)).toEqual([server.trackerUrl, EXTRA]);
  await expect(dialog.getByTestId('settings-tracker-problem')).toHaveCount(0);

  await dialog.getByTestId('settings-tracker').filter({ hasText: server.trackerUrl }).getByTestId('settings-tracker-remove').click();
  expect(await trackerUrls(page)).toEqual([EXTRA]);
  // Defaults: this origin's own tracker first, then public WebSocket trackers.
  await dialog.getByTestId('settings-trackers-reset').click();
  const defaults = await trackerUrls(page);
  expect(defaults[0]).toBe(server.trackerUrl);
  expect(defaults.length).toBeGreaterThan(1);
  expect(defaults.every((t) => /^wss?:\/\//.test(t))).toBe(true);
  // Escape, like Cancel, keeps what was saved.
  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();
  await openSettings(page);
  expect(await trackerUrls(page)).toEqual([server.trackerUrl]);
  await context.close();
});

test('notifications the browser does not allow leave the setting off and say why', async () => {
  const context = await platformContext(browser, server); // no notifications permission: the prompt is refused
  const page = await openApp(context, server.url);
  const dialog = await openSettings(page);
  await dialog.getByTestId('settings-notify').click();
  await expect(dialog.getByTestId('settings-notify-note')).toContainText(/Notifications (are blocked|were not allowed)/);
  await expect(dialog.getByTestId('settings-notify')).not.toBeChecked();
  await saveSettings(page);
  expect((await savedSettings(page))['notifyOnComplete']).toBe(false);
  await context.close();
});

test('settings persist across a reload and apply at once: limits to the engine, trackers to new torrents', async () => {
  const context = await platformContext(browser, server);
  const page = await openApp(context, server.url);
  const first = randomInfoHash();
  const second = randomInfoHash();
  await paste(page, `magnet:?xt=urn:btih:${first}`);
  await expect(row(page, first)).toBeVisible();
  await expect.poll(async () => (await snapshotOf(page, first))?.['peersWanted']).toBe(50);

  const dialog = await openSettings(page);
  await dialog.getByTestId('settings-maxPeersPerTorrent').fill('7');
  await dialog.getByTestId('settings-uploadSlots').fill('2');
  await dialog.getByTestId('settings-maxActiveDownloads').fill('1');
  await dialog.getByTestId('settings-storage').selectOption('idb');
  await dialog.getByTestId('settings-tracker-input').fill(EXTRA);
  await dialog.getByTestId('settings-tracker-add').click();
  await saveSettings(page);
  await expect(page.getByTestId('toast').filter({ hasText: 'The new storage applies after a reload.' })).toBeVisible();

  // Applied without a reload: the engine wants at most 7 peers, and a second download waits for the first.
  await expect.poll(async () => (await snapshotOf(page, first))?.['peersWanted'], { timeout: 10_000 }).toBe(7);
  await paste(page, `magnet:?xt=urn:btih:${second}`);
  await expectRowState(page, second, 'queued', 15_000);
  // Torrents added from now on announce to the new tracker too.
  expect((await snapshotOf(page, second))?.['trackers']).toEqual(expect.arrayContaining([server.trackerUrl, EXTRA]));
  const seeded = infoHashOf(await seedFiles(page, [file('after.bin', 20_000, 71)]));
  expect((await snapshotOf(page, seeded))?.['trackers']).toEqual(expect.arrayContaining([server.trackerUrl, EXTRA]));

  expect(await savedSettings(page)).toMatchObject({ maxPeersPerTorrent: 7, uploadSlots: 2, maxActiveDownloads: 1, storage: 'idb', trackers: [server.trackerUrl, EXTRA] });
  await page.reload();
  await expect(page.locator('body[data-engine="ready"]')).toBeAttached({ timeout: 30_000 });
  const again = await openSettings(page);
  await expect(again.getByTestId('settings-maxPeersPerTorrent')).toHaveValue('7');
  await expect(again.getByTestId('settings-uploadSlots')).toHaveValue('2');
  await expect(again.getByTestId('settings-maxActiveDownloads')).toHaveValue('1');
  await expect(again.getByTestId('settings-storage')).toHaveValue('idb');
  expect(await trackerUrls(page)).toEqual([server.trackerUrl, EXTRA]);
  await context.close();
});

test('a number outside its range is refused with the range, and nothing is saved', async () => {
  const context = await platformContext(browser, server);
  const page = await openApp(context, server.url);
  const dialog = await openSettings(page);
  await dialog.getByTestId('settings-maxPeersPerTorrent').fill('0');
  await dialog.getByTestId('settings-save').click();
  await expect(dialog.getByTestId('settings-problem')).toHaveText('Peers per torrent: enter a whole number from 1 to 500.');
  await expect(dialog).toBeVisible();
  expect((await savedSettings(page))['maxPeersPerTorrent']).toBeUndefined();
  await context.close();
});

test('the interface follows the browser language, switches in the settings at once, and stays switched', async () => {
  // A German browser gets German without touching anything.
  const german = await platformContext(browser, server, { locale: 'de-DE' });
  const page = await openApp(german, server.url);
  await expect(page.getByTestId('settings-open')).toHaveText('Einstellungen');
  expect(await page.evaluate(() => document.documentElement.lang)).toBe('de');
  await german.close();

  const context = await platformContext(browser, server, { locale: 'en-US' });
  const p = await openApp(context, server.url);
  const ih = infoHashOf(await seedFiles(p, [file('sprache.bin', 30_000, 72)]));
  await expect(p.getByTestId('settings-open')).toHaveText('Settings');
  await expect(row(p, ih).getByTestId('state')).toHaveText('Seeding');
  const dialog = await openSettings(p);
  await dialog.getByTestId('settings-language').selectOption('de');
  await saveSettings(p);
  // Every element re-renders, down to the rows of the list, without a reload.
  await expect(p.getByTestId('settings-open')).toHaveText('Einstellungen');
  await expect(row(p, ih).getByTestId('state')).toHaveText('Seedet');
  await expect(p.getByTestId('magnet-submit')).toHaveText(/Hinzufügen/);
  await expect(p.getByTestId('toast').filter({ hasText: 'Einstellungen gespeichert.' })).toBeVisible();
  expect(await p.evaluate(() => document.documentElement.lang)).toBe('de');
  expect((await savedSettings(p))['language']).toBe('de');

  await p.reload();
  await expect(p.locator('body[data-engine="ready"]')).toBeAttached({ timeout: 30_000 });
  await expect(p.getByTestId('settings-open')).toHaveText('Einstellungen');
  const back = await openSettings(p);
  await expect(back.getByRole('heading', { name: 'Einstellungen' })).toBeVisible();
  await back.getByTestId('settings-language').selectOption('auto');
  await saveSettings(p);
  await expect(p.getByTestId('settings-open')).toHaveText('Settings');
  await expect(row(p, ih).getByTestId('state')).toHaveText('Seeding');
  await context.close();
});

test('the storage section shows what the torrents hold and what the browser allows, and asks to keep the data', async () => {
  const context = await platformContext(browser, server);
  const page = await openApp(context, server.url);
  await seedFiles(page, [file('stored.bin', 1_048_576, 73)]);
  const dialog = await openSettings(page);
  await expect(dialog.getByTestId('storage-torrents')).toHaveText('Torrent data: 1.0 MiB');
  const usage = dialog.getByTestId('storage-usage');
  const estimate = await page.evaluate(() => navigator.storage.estimate());
  await expect(usage).toContainText('This site uses');
  expect(Number(await usage.getAttribute('data-quota'))).toBe(estimate.quota);
  expect(Number(await usage.getAttribute('data-usage'))).toBeGreaterThan(0);
  await expect(dialog.getByTestId('storage-bar')).toHaveAttribute('role', 'progressbar');
  // A fresh incognito profile is not persistent, and Chromium declines there: the user is told why and what helps.
  await expect(dialog.getByTestId('storage-persisted')).toHaveAttribute('data-persisted', 'false');
  await dialog.getByTestId('storage-persist').click();
  await expect(dialog.getByTestId('storage-persist-declined')).toContainText('install Rivulet as an app');
  await context.close();
});

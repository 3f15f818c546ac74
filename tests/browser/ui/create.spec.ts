// "Create a torrent" with options: hashing progress from the worker, seeding, the exported .torrent (checked field
// by field) re-added in another browser with the same info hash; and a hostile torrent name that stays text.

import { expect, test, type Page } from '@playwright/test';
import { parseTorrent } from '../../../src/engine/metainfo/metainfo.ts';
import { subtleHasher } from '../../../src/platform/subtle-hasher.ts';
import {
  appContext,
  infoHashOf,
  openApp,
  row,
  serverAndBrowser,
  sha256,
  storedFileSha256,
  waitForComplete,
} from '../support/app.ts';
import { file, opfsPaths, paste, type NamedBytes } from './ui.ts';

const setup = serverAndBrowser();

/** Opens the create dialog, picks `files`, fills the name, and returns the dialog. */
async function startCreate(page: Page, files: NamedBytes[], name: string) {
  await page.getByTestId('create-torrent').click();
  const dialog = page.getByTestId('create-dialog');
  await expect(dialog).toBeVisible();
  await dialog.getByTestId('create-file-input').setInputFiles(files);
  await expect(dialog.getByTestId('create-chosen')).toContainText(`${files.length} files`);
  await dialog.getByTestId('create-name').fill(name);
  return dialog;
}

/** Every <img> in the document, shadow roots included. */
async function imagesAnywhere(page: Page): Promise<number> {
  return page.evaluate(() => {
    let n = 0;
    const walk = (root: Document | ShadowRoot): void => {
      n += root.querySelectorAll('img').length;
      for (const el of root.querySelectorAll('*')) if (el.shadowRoot) walk(el.shadowRoot);
    };
    walk(document);
    return n;
  });
}

test('a torrent created with options seeds, exports a .torrent with those options, and downloads elsewhere', async () => {
  const a = await openApp(await appContext(setup.browser, setup.server), setup.server.url);
  const files = [file('notes.txt', 50_000, 21), file('data.bin', 900_000, 22)];
  const dialog = await startCreate(a, files, 'Holiday');
  await expect(dialog.getByTestId('create-trackers')).toHaveValue(setup.server.trackerUrl);
  await dialog.getByTestId('create-piece-size').selectOption(String(32 * 1024));
  await dialog.getByTestId('create-web-seeds').fill('https://cdn.example/holiday/');
  await dialog.getByTestId('create-comment').fill('made by a test');

  // A bad option is refused before any hashing.
  await dialog.getByTestId('create-trackers').fill(`${setup.server.trackerUrl}\nhttp://tracker.example/announce`);
  await dialog.getByTestId('create-submit').click();
  await expect(dialog.getByTestId('create-problem')).toContainText('WebSocket');
  await dialog.getByTestId('create-trackers').fill(setup.server.trackerUrl);

  // The engine's hashing progress for this job reaches the page.
  await a.evaluate(() => {
    const app = document.querySelector('rv-app') as Element & { client: { on(t: string, l: (e: { done: number; total: number }) => void): void } };
    (window as unknown as { progress: number[][] }).progress = [];
    app.client.on('job-progress', (e) => (window as unknown as { progress: number[][] }).progress.push([e.done, e.total]));
  });
  await dialog.getByTestId('create-submit').click();
  await expect(dialog.getByTestId('create-done')).toBeVisible({ timeout: 30_000 });
  const progress = await a.evaluate(() => (window as unknown as { progress: number[][] }).progress);
  expect(progress.length).toBeGreaterThan(0);
  expect(progress.at(-1)![0]).toBe(progress.at(-1)![1]);
  const magnet = await dialog.getByTestId('create-magnet').inputValue();
  const ih = infoHashOf(magnet);

  const [download] = await Promise.all([a.waitForEvent('download'), dialog.getByTestId('create-export').click()]);
  expect(download.suggestedFilename()).toBe('Holiday.torrent');
  const bytes = new Uint8Array(await (await import('node:fs/promises')).readFile(await download.path()));
  const meta = await parseTorrent(bytes, subtleHasher);
  expect(meta.infoHashHex).toBe(ih);
  expect(meta.name).toBe('Holiday');
  expect(meta.pieceLength).toBe(32 * 1024);
  expect(meta.comment).toBe('made by a test');
  expect(meta.urlList).toEqual(['https://cdn.example/holiday/']);
  expect(meta.announce.flat()).toEqual([setup.server.trackerUrl]);
  expect(meta.private).toBe(false);
  // Files in one canonical order (by path), so sharing the same files twice gives the same info hash.
  expect(meta.files.map((f) => [f.path.join('/'), f.length])).toEqual([
    ['Holiday/data.bin', 900_000],
    ['Holiday/notes.txt', 50_000],
  ]);
  await dialog.getByTestId('create-close').click();
  await expect(row(a, ih).getByTestId('state')).toHaveText('Seeding');
  await expect(row(a, ih).getByTestId('torrent-name')).toHaveText('Holiday');

  // Another browser opens the exported file: same info hash, and the bytes arrive.
  const b = await openApp(await appContext(setup.browser, setup.server), setup.server.url);
  await b.getByTestId('torrent-file-input').setInputFiles({ name: download.suggestedFilename(), mimeType: 'application/x-bittorrent', buffer: Buffer.from(bytes) });
  await b.getByTestId('select-dialog').getByTestId('select-confirm').click();
  await expect(row(b, ih)).toBeVisible();
  await waitForComplete(b, ih, 950_000, 60_000);
  // The torrent lists its files by path: data.bin (index 0), then notes.txt (index 1).
  expect(await storedFileSha256(b, ih, 0)).toBe(sha256(files[1]!.buffer));
  expect(await storedFileSha256(b, ih, 1)).toBe(sha256(files[0]!.buffer));
  await a.context().close();
  await b.context().close();
});

test('a torrent named <img src=x onerror=alert(1)>../../evil is shown as text and never becomes a path', async () => {
  const evil = '<img src=x onerror=alert(1)>../../evil';
  const alerts: string[] = [];
  const a = await openApp(await appContext(setup.browser, setup.server), setup.server.url);
  a.on('dialog', (d) => void alerts.push(d.message()));
  const dialog = await startCreate(a, [file('one.txt', 20_000, 31), file('two.txt', 30_000, 32)], evil);
  await dialog.getByTestId('create-submit').click();
  await expect(dialog.getByTestId('create-done')).toBeVisible({ timeout: 30_000 });
  const ih = infoHashOf(await dialog.getByTestId('create-magnet').inputValue());
  const [download] = await Promise.all([a.waitForEvent('download'), dialog.getByTestId('create-export').click()]);
  // The .torrent's file name has no separator and cannot climb out of the downloads folder.
  expect(download.suggestedFilename()).toBe('_img src=x onerror=alert(1)_.._.._evil.torrent');
  await dialog.getByTestId('create-close').click();
  await expect(row(a, ih).getByTestId('torrent-name')).toHaveText(evil);

  const b = await openApp(await appContext(setup.browser, setup.server), setup.server.url);
  b.on('dialog', (d) => void alerts.push(d.message()));
  await paste(b, ih);
  await b.getByTestId('select-dialog').getByTestId('select-name').waitFor({ timeout: 30_000 });
  await expect(b.getByTestId('select-dialog').getByTestId('select-name')).toHaveText(evil);
  await b.getByTestId('select-dialog').getByTestId('select-confirm').click();
  await waitForComplete(b, ih, 50_000, 60_000);
  await expect(row(b, ih).getByTestId('torrent-name')).toHaveText(evil);
  await row(b, ih).getByTestId('open-detail').click();
  await expect(b.getByTestId('detail-name')).toHaveText(evil);
  // The Files tab is a tree under the torrent's name (the heading): the name's slashes never make folders.
  await expect(b.getByTestId('file-row').first()).toContainText('one.txt');
  await expect(b.getByTestId('folder-row')).toHaveCount(0);

  expect(await imagesAnywhere(a)).toBe(0);
  expect(await imagesAnywhere(b)).toBe(0);
  expect(alerts).toEqual([]);
  // On disk the torrent is its info hash and file indexes, whatever it calls itself.
  const paths = (await opfsPaths(b)).filter((p) => p.startsWith('rivulet/'));
  // (kept.bits: which blocks of unfinished pieces are on disk, kept across restarts.)
  expect(paths.filter((p) => !p.endsWith('/kept.bits'))).toEqual([`rivulet/${ih}`, `rivulet/${ih}/f0`, `rivulet/${ih}/f1`, `rivulet/${ih}/verified.bits`]);
  await a.context().close();
  await b.context().close();
});

// Adding torrents by every route (magnet paste, bare info hash, .torrent file, .torrent URL, drop), choosing files
// before the download starts, and proof that an unticked file is never downloaded (only its boundary pieces).

import { expect, test, type Browser, type Page } from '@playwright/test';
import {
  appContext,
  infoHashOf,
  launch,
  openApp,
  row,
  seedFiles,
  sha256,
  snapshotOf,
  startApp,
  storedFileSha256,
  waitForComplete,
  type RunningServer,
} from '../support/app.ts';
import { countNonZero, exportTorrent, file, openDetail, paste, routesServer, storedBytes, type NamedBytes } from './ui.ts';

let server: RunningServer;
let browser: Browser;
let seeder: Page;
const MULTI: NamedBytes[] = [file('alpha.bin', 400_000, 1), file('beta.bin', 700_000, 2), file('gamma.bin', 300_000, 3)];
const SOLO = file('solo.bin', 500_000, 4);
const PAIR: NamedBytes[] = [file('left.bin', 100_000, 8), file('right.bin', 120_000, 9)];
let multi: { magnet: string; ih: string; torrent: Buffer };
let pair: { ih: string; torrent: Buffer };
let solo: { magnet: string; ih: string };

/** Seeds files in the seeder page and closes the share card, so the next seeding has the only one. */
async function share(files: NamedBytes[]): Promise<{ magnet: string; ih: string }> {
  const magnet = await seedFiles(seeder, files);
  await seeder.getByTestId('share-dismiss').click();
  return { magnet, ih: infoHashOf(magnet) };
}

async function leecher(url = server.url): Promise<Page> {
  return openApp(await appContext(browser, server), url);
}

test.beforeAll(async () => {
  test.setTimeout(120_000);
  server = await startApp();
  browser = await launch();
  seeder = await openApp(await appContext(browser, server), server.url);
  const m = await share(MULTI);
  solo = await share([SOLO]);
  await openDetail(seeder, m.ih);
  const exported = await exportTorrent(seeder);
  expect(exported.name).toBe('alpha.bin +2.torrent');
  multi = { ...m, torrent: exported.bytes };
  const p = await share(PAIR);
  await openDetail(seeder, p.ih);
  pair = { ih: p.ih, torrent: (await exportTorrent(seeder)).bytes };
  await seeder.getByTestId('detail-close').click();
});
test.afterAll(async () => {
  await browser?.close();
  await server?.close();
});

test('a pasted multi-file magnet waits for the file choice; the unticked file is never downloaded', async () => {
  const b = await leecher();
  await paste(b, multi.magnet);
  const dialog = b.getByTestId('select-dialog');
  await expect(dialog).toBeVisible({ timeout: 30_000 });
  // Held: the engine knows the files but fetched no piece.
  await expect(row(b, multi.ih).getByTestId('state')).toHaveText('Choose files');
  await b.waitForTimeout(1000);
  expect(Number((await snapshotOf(b, multi.ih))?.['verified'])).toBe(0);
  expect(Number((await snapshotOf(b, multi.ih))?.['receivedThisSession'])).toBe(0);
  await expect(dialog.getByTestId('select-name')).toHaveText('alpha.bin +2');
  await expect(dialog.getByTestId('select-file')).toHaveCount(3);
  await dialog.locator('[data-testid="select-file"][data-index="1"]').uncheck();
  await expect(dialog.getByTestId('select-summary')).toContainText('2 of 3 files');
  await dialog.getByTestId('select-confirm').click();
  await expect(dialog).toBeHidden();

  const wanted = MULTI[0]!.buffer.length + MULTI[2]!.buffer.length;
  await waitForComplete(b, multi.ih, wanted, 60_000);
  const snap = (await snapshotOf(b, multi.ih))!;
  const pieceLength = Number(snap['pieceLength']);
  expect(snap['length']).toBe(wanted);
  // beta.bin holds only the bytes of the two pieces it shares with alpha.bin and gamma.bin.
  const a = MULTI[0]!.buffer.length;
  const boundary = (pieceLength - (a % pieceLength)) + ((a + MULTI[1]!.buffer.length) % pieceLength);
  const beta = await storedBytes(b, multi.ih, 1);
  expect(countNonZero(beta ?? new Uint8Array(0))).toBeLessThanOrEqual(boundary);
  expect(Number(snap['receivedThisSession'])).toBeLessThanOrEqual(wanted + 2 * pieceLength);
  expect(await storedFileSha256(b, multi.ih, 0)).toBe(sha256(MULTI[0]!.buffer));
  expect(await storedFileSha256(b, multi.ih, 2)).toBe(sha256(MULTI[2]!.buffer));

  // The Files tab shows the choice; the Peers tab shows the seeder's client from its extension handshake.
  const panel = await openDetail(b, multi.ih, 'files');
  await expect(panel.locator('[data-testid="file-row"][data-index="1"]')).toHaveAttribute('data-priority', '0');
  await expect(panel.locator('[data-testid="file-row"][data-index="1"]').getByTestId('file-wanted')).not.toBeChecked();
  await panel.getByTestId('tab-peers').click();
  await expect(panel.getByTestId('peer-client').first()).toHaveText('Rivulet 0.1.0', { timeout: 15_000 });
  await expect(panel.getByTestId('peer-row').first()).toContainText('WebRTC');

  // Ticking it later downloads the rest.
  await panel.getByTestId('tab-files').click();
  await panel.locator('[data-testid="file-row"][data-index="1"]').getByTestId('file-wanted').check();
  await waitForComplete(b, multi.ih, wanted + MULTI[1]!.buffer.length, 60_000);
  expect(await storedFileSha256(b, multi.ih, 1)).toBe(sha256(MULTI[1]!.buffer));
  await b.context().close();
});

test('a bare info hash downloads a single file at once (nothing to choose)', async () => {
  const b = await leecher();
  await paste(b, solo.ih.toUpperCase());
  await expect(row(b, solo.ih)).toBeVisible();
  await waitForComplete(b, solo.ih, SOLO.buffer.length, 60_000);
  await expect(b.getByTestId('select-dialog')).toBeHidden();
  expect(await storedFileSha256(b, solo.ih)).toBe(sha256(SOLO.buffer));
  await b.context().close();
});

test('an exported .torrent opened with the file picker shows its files, then downloads with the same info hash', async () => {
  const b = await leecher();
  await b.getByTestId('torrent-file-input').setInputFiles({ name: 'multi.torrent', mimeType: 'application/x-bittorrent', buffer: multi.torrent });
  const dialog = b.getByTestId('select-dialog');
  await expect(dialog).toBeVisible();
  await expect(dialog.getByTestId('select-file')).toHaveCount(3);
  await expect(row(b)).toHaveCount(0); // not added before the choice
  await dialog.getByTestId('select-confirm').click();
  await waitForComplete(b, multi.ih, 1_400_000, 60_000);
  for (let i = 0; i < 3; i++) expect(await storedFileSha256(b, multi.ih, i)).toBe(sha256(MULTI[i]!.buffer));
  await b.context().close();
});

test('a .torrent URL is fetched over HTTP; 404 and CORS refusals are explained', async () => {
  const http = await routesServer({
    '/ok.torrent': { status: 200, body: multi.torrent, cors: true },
    '/private.torrent': { status: 200, body: multi.torrent, cors: false },
  });
  try {
    const b = await leecher();
    const toast = b.getByTestId('toast');
    await paste(b, `${http.url}/missing.torrent`);
    await expect(toast.filter({ hasText: '404' })).toBeVisible();
    await paste(b, `${http.url}/private.torrent`);
    await expect(toast.filter({ hasText: 'CORS' })).toBeVisible();
    await expect(row(b)).toHaveCount(0);

    await paste(b, `${http.url}/ok.torrent`);
    const dialog = b.getByTestId('select-dialog');
    await expect(dialog).toBeVisible();
    await dialog.getByTestId('select-none').click();
    await expect(dialog.getByTestId('select-confirm')).toBeDisabled();
    await dialog.locator('[data-testid="select-file"][data-index="2"]').check();
    await dialog.getByTestId('select-confirm').click();
    await waitForComplete(b, multi.ih, MULTI[2]!.buffer.length, 60_000);
    expect(await storedFileSha256(b, multi.ih, 2)).toBe(sha256(MULTI[2]!.buffer));
    await b.context().close();
  } finally {
    await http.close();
  }
});

test('.torrent files dropped on the page open the file choice one after another; cancel adds nothing', async () => {
  const b = await leecher();
  const drop = (torrents: Buffer[]) =>
    b.evaluate((list) => {
      const dt = new DataTransfer();
      list.forEach((b64, i) => dt.items.add(new File([Uint8Array.from(atob(b64), (c) => c.charCodeAt(0))], `dropped-${i}.torrent`)));
      window.dispatchEvent(new DragEvent('dragenter', { dataTransfer: dt, bubbles: true }));
      window.dispatchEvent(new DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true }));
    }, torrents.map((t) => t.toString('base64')));
  const dialog = b.getByTestId('select-dialog');
  await drop([multi.torrent]);
  await expect(dialog).toBeVisible();
  await dialog.getByTestId('select-cancel').click();
  await expect(dialog).toBeHidden();
  await expect(row(b)).toHaveCount(0);

  // Two at once: one dialog after the other.
  await drop([multi.torrent, pair.torrent]);
  await expect(dialog.getByTestId('select-name')).toHaveText('alpha.bin +2');
  await dialog.getByTestId('select-confirm').click();
  await expect(dialog.getByTestId('select-name')).toHaveText('left.bin +1');
  await expect(dialog.getByTestId('select-file')).toHaveCount(2);
  await dialog.getByTestId('select-confirm').click();
  await expect(dialog).toBeHidden();
  await waitForComplete(b, multi.ih, 1_400_000, 60_000);
  await waitForComplete(b, pair.ih, 220_000, 60_000);
  await b.context().close();
});

test('the choice for a held magnet can wait (Escape) and is offered again from its row; Cancel removes it', async () => {
  const b = await leecher();
  await paste(b, multi.magnet);
  const dialog = b.getByTestId('select-dialog');
  await expect(dialog).toBeVisible({ timeout: 30_000 });
  await b.keyboard.press('Escape');
  await expect(dialog).toBeHidden();
  await expect(row(b, multi.ih).getByTestId('state')).toHaveText('Choose files');
  await row(b, multi.ih).getByTestId('choose-files').click();
  await expect(dialog).toBeVisible();
  await expect(dialog.getByTestId('select-cancel')).toHaveText('Cancel and remove');
  await dialog.getByTestId('select-cancel').click();
  await expect(row(b)).toHaveCount(0);
  await b.context().close();
});

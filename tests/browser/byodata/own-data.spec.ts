// Bring your own data with torrents another client made: libtorrent 2.0 (Debian's python3-libtorrent) makes a
// single-file, a multi-file (unicode names, nested folders, an empty file) and a hybrid v1+v2 torrent with pad files
// at test time. Our app adds each with the files already there, through its real folder input or a drop, checks
// them and seeds at once; one copy has a corrupted piece, which is downloaded again from another peer. Then a
// WebTorrent page downloads each torrent from us, bit-identical.
// Run inside a loopback-only namespace: unshare -n sh -c 'ip link set lo up && npx playwright test tests/browser/byodata'

import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Browser, type BrowserContext, type Page } from '@playwright/test';
import { appContext, engineFileSha256, launch, openApp, row, sha256, snapshotOf, startApp, type RunningServer } from '../support/app.ts';
import { RIVULET_PEER_ID_HEX_PREFIX, WebTorrentPeer, startWebTorrentOrigin, type WebTorrentOrigin } from '../interop/support/webtorrent-peer.ts';
import { openDetail } from '../ui/ui.ts';

interface Fixture {
  key: 'single' | 'multi' | 'hybrid';
  name: string;
  torrent: string;
  data: string;
  infoHash: string;
  hybrid: boolean;
  pieceLength: number;
  pieces: number;
  /** libtorrent's file list (v1 order, pad files included), paths starting with the torrent name. */
  files: { path: string; length: number; pad: boolean }[];
}

let server: RunningServer;
let origin: WebTorrentOrigin;
let browser: Browser;
let dir: string;
let fixtures: Record<Fixture['key'], Fixture>;
const contexts: BrowserContext[] = [];
const peers: WebTorrentPeer[] = [];

test.beforeAll(async () => {
  server = await startApp();
  origin = await startWebTorrentOrigin();
  browser = await launch();
  dir = mkdtempSync(path.join(tmpdir(), 'rivulet-byodata-'));
  // Debian's python3 (the one with the libtorrent bindings), whatever python3 comes first on PATH.
  const python = existsSync('/usr/bin/python3') ? '/usr/bin/python3' : 'python3';
  const out = execFileSync(python, [path.join(import.meta.dirname, 'make-torrents.py'), dir, server.trackerUrl], { encoding: 'utf8' });
  fixtures = Object.fromEntries((JSON.parse(out) as Fixture[]).map((f) => [f.key, f])) as Record<Fixture['key'], Fixture>;
});
test.afterAll(async () => {
  await browser?.close();
  await origin?.close();
  await server?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});
test.afterEach(async () => {
  for (const p of peers.splice(0)) await p.close();
  for (const c of contexts.splice(0)) await c.close();
});

async function ourApp(): Promise<Page> {
  const context = await appContext(browser, server);
  contexts.push(context);
  const page = await openApp(context, server.url);
  // Records the engine's check-done events, as the app's own client sees them.
  await page.evaluate(() => {
    const w = window as unknown as { checks: unknown[] };
    w.checks = [];
    const app = document.querySelector('rv-app') as Element & { client: { on(t: string, f: (e: unknown) => void): void } };
    app.client.on('check-done', (e) => w.checks.push(e));
  });
  return page;
}

async function checkSummary(page: Page, infoHash: string): Promise<{ pieces: number; verified: number; failed: number; filesMatched: number }> {
  const handle = await page.waitForFunction(
    (ih) => (window as unknown as { checks: { infoHashHex: string; summary: unknown }[] }).checks.find((c) => c.infoHashHex === ih)?.summary,
    infoHash,
    { timeout: 60_000 },
  );
  return (await handle.jsonValue()) as { pieces: number; verified: number; failed: number; filesMatched: number };
}

/** Opens a .torrent with the app's file input; a multi-file one shows the choose-files dialog. */
async function openTorrent(page: Page, f: Fixture): Promise<void> {
  await page.getByTestId('torrent-file-input').setInputFiles({ name: `${f.key}.torrent`, mimeType: 'application/x-bittorrent', buffer: readFileSync(f.torrent) });
}

/** In the choose-files dialog: "I already have the files" with the folder input (webkitdirectory), then confirm. */
async function addWithFolder(page: Page, f: Fixture, folder: string): Promise<void> {
  await openTorrent(page, f);
  const dialog = page.getByTestId('select-dialog');
  await expect(dialog).toBeVisible();
  const nonEmpty = f.files.filter((x) => !x.pad).length;
  // Pad files are never listed, never asked for.
  await expect(dialog.getByTestId('select-file')).toHaveCount(nonEmpty);
  await dialog.getByTestId('existing-folder-input').setInputFiles(folder);
  await expect(dialog.getByTestId('existing-summary')).toContainText(`${nonEmpty} files`);
  await expect(dialog.getByTestId('select-confirm')).toHaveText('Check and download');
  await dialog.getByTestId('select-confirm').click();
  await expect(row(page, f.infoHash)).toBeVisible();
}

/** The app's stored bytes of every file equal libtorrent's originals. */
async function expectSameFiles(page: Page, f: Fixture): Promise<void> {
  for (const [index, file] of f.files.entries()) {
    if (file.pad || file.length === 0) continue;
    const onDisk = readFileSync(path.join(path.dirname(f.data), ...file.path.split('/')));
    expect(await engineFileSha256(page, f.infoHash, index, file.length), `stored bytes of ${file.path}`).toBe(sha256(onDisk));
  }
}

/** A WebTorrent page downloads the torrent from us (magnet only) and gets every non-pad file bit-identical. */
async function webTorrentGets(page: Page, f: Fixture, dataRoot: string): Promise<void> {
  const magnet = (await snapshotOf(page, f.infoHash))!['magnet'] as string;
  const wt = await WebTorrentPeer.open(browser, origin);
  peers.push(wt);
  const got = await wt.download(magnet, 120_000);
  expect(got.infoHash).toBe(f.infoHash);
  expect(got.metadataFrom?.startsWith(RIVULET_PEER_ID_HEX_PREFIX), `metadata came from ${got.metadataFrom}`).toBe(true);
  expect(got.errors).toEqual([]);
  const byPath = new Map(got.files.map((x) => [x.path.normalize('NFC'), x]));
  for (const file of f.files.filter((x) => !x.pad)) {
    const w = byPath.get(file.path.normalize('NFC'));
    expect(w, `WebTorrent has ${file.path} (it has ${[...byPath.keys()].join(', ')})`).toBeDefined();
    expect(w!.length).toBe(file.length);
    expect(w!.sha256, `SHA-256 of ${file.path} at WebTorrent`).toBe(sha256(readFileSync(path.join(dataRoot, ...file.path.split('/')))));
  }
}

test('a multi-file torrent (unicode, nested, an empty file): one copy seeds at once, a corrupted copy fetches only its bad piece', async () => {
  test.setTimeout(180_000);
  const f = fixtures.multi;
  // The seeder: the exact files, picked as a folder.
  const seeder = await ourApp();
  await addWithFolder(seeder, f, f.data);
  expect(await checkSummary(seeder, f.infoHash)).toMatchObject({ pieces: f.pieces, verified: f.pieces, failed: 0, filesMatched: 5 });
  await expect(row(seeder, f.infoHash).getByTestId('state')).toHaveText('Seeding');

  // The other copy lives under another folder name, with one byte of cover.jpg flipped.
  const copyRoot = mkdtempSync(path.join(dir, 'copy-'));
  const copy = path.join(copyRoot, 'my album copy');
  cpSync(f.data, copy, { recursive: true });
  const cover = path.join(copy, 'cover.jpg');
  const bytes = readFileSync(cover);
  bytes[50_000]! ^= 0xff;
  writeFileSync(cover, bytes);
  const leecher = await ourApp();
  await addWithFolder(leecher, f, copy);
  expect(await checkSummary(leecher, f.infoHash)).toMatchObject({ pieces: f.pieces, verified: f.pieces - 1, failed: 1, filesMatched: 5 });
  // The bad piece comes from the seeder; nothing else is downloaded.
  await expect(row(leecher, f.infoHash).getByTestId('state')).toHaveText('Seeding', { timeout: 60_000 });
  const snap = (await snapshotOf(leecher, f.infoHash))!;
  expect(snap['downloaded']).toBeGreaterThanOrEqual(f.pieceLength);
  expect(snap['downloaded']).toBeLessThanOrEqual(2 * f.pieceLength);
  await expectSameFiles(leecher, f);
  await leecher.context().close();

  await webTorrentGets(seeder, f, path.dirname(f.data));
});

test('a hybrid v1+v2 torrent with pad files checks from a folder and seeds at once; pad files are never asked for', async () => {
  test.setTimeout(180_000);
  const f = fixtures.hybrid;
  expect(f.hybrid).toBe(true);
  expect(f.files.some((x) => x.pad)).toBe(true);
  const page = await ourApp();
  await addWithFolder(page, f, f.data);
  expect(await checkSummary(page, f.infoHash)).toMatchObject({ pieces: f.pieces, verified: f.pieces, failed: 0, filesMatched: 3 });
  await expect(row(page, f.infoHash).getByTestId('state')).toHaveText('Seeding');
  await expectSameFiles(page, f);
  await webTorrentGets(page, f, path.dirname(f.data));
});

test('a single-file torrent added first, then its file dropped on "I have the files…": checked, seeding, served', async () => {
  test.setTimeout(180_000);
  const f = fixtures.single;
  const page = await ourApp();
  await openTorrent(page, f);
  await expect(row(page, f.infoHash).getByTestId('state')).toHaveText('Downloading');
  const panel = await openDetail(page, f.infoHash);
  await panel.getByTestId('detail-have-files').click();
  const dialog = panel.getByTestId('have-files-dialog');
  await expect(dialog).toBeVisible();
  // A drop as the browser makes it: a DataTransfer holding the file (under another name: matched by its size).
  const data = readFileSync(f.data);
  const transfer = await page.evaluateHandle((b64) => {
    const dt = new DataTransfer();
    dt.items.add(new File([Uint8Array.from(atob(b64), (c) => c.charCodeAt(0))], 'renamed copy.bin'));
    return dt;
  }, data.toString('base64'));
  // Dropped anywhere on the dialog, not only on its drop zone: taken as this torrent's data, never shared.
  await dialog.dispatchEvent('drop', { dataTransfer: transfer });
  await expect(dialog.getByTestId('existing-summary')).toContainText('renamed copy.bin');
  await dialog.getByTestId('have-files-check').click();
  expect(await checkSummary(page, f.infoHash)).toMatchObject({ pieces: f.pieces, verified: f.pieces, failed: 0, filesMatched: 1 });
  await expect(row(page, f.infoHash).getByTestId('state')).toHaveText('Seeding');
  await expect(row(page)).toHaveCount(1);
  expect(await engineFileSha256(page, f.infoHash, 0, data.length)).toBe(sha256(data));

  // Force recheck of good data keeps every piece and seeds again.
  await panel.getByTestId('detail-recheck').click();
  await expect.poll(async () => (await page.evaluate(() => (window as unknown as { checks: unknown[] }).checks.length)), { timeout: 30_000 }).toBe(2);
  await expect(row(page, f.infoHash).getByTestId('state')).toHaveText('Seeding');

  await webTorrentGets(page, f, path.dirname(f.data));

  // Remove, keep data: the dialog says where it stays; adding the .torrent again picks it up at once.
  await panel.getByTestId('detail-remove').click();
  await expect(panel.getByTestId('remove-where')).toContainText('add the same torrent or magnet link again');
  await panel.getByTestId('remove-keep').click();
  await expect(row(page, f.infoHash)).toHaveCount(0);
  await openTorrent(page, f);
  await expect(row(page, f.infoHash).getByTestId('state')).toHaveText('Seeding');
  expect(await engineFileSha256(page, f.infoHash, 0, data.length)).toBe(sha256(data));
});

test('Save all writes the tree bit-identical into a folder, and as one streamed .zip where folders cannot be written', async () => {
  test.setTimeout(180_000);
  const f = fixtures.multi;
  const context = await appContext(browser, server);
  contexts.push(context);
  // Headless Chromium's folder picker cannot be driven by a test: the app gets an OPFS directory handle instead,
  // which has the same interface (getDirectoryHandle, getFileHandle, createWritable). `rivulet.noPicker` turns it
  // off, as in a browser without the File System Access API.
  await context.addInitScript(() => {
    Object.defineProperty(window, 'showDirectoryPicker', {
      configurable: true,
      get: () =>
        sessionStorage.getItem('rivulet.noPicker')
          ? undefined
          : async () => (await navigator.storage.getDirectory()).getDirectoryHandle('saved-here', { create: true }),
    });
  });
  const page = await openApp(context, server.url);
  await page.evaluate(() => {
    const w = window as unknown as { checks: unknown[] };
    w.checks = [];
    (document.querySelector('rv-app') as Element & { client: { on(t: string, f: (e: unknown) => void): void } }).client.on('check-done', (e) => w.checks.push(e));
  });
  await addWithFolder(page, f, f.data);
  await expect(row(page, f.infoHash).getByTestId('state')).toHaveText('Seeding', { timeout: 60_000 });
  const panel = await openDetail(page, f.infoHash);
  await panel.getByTestId('detail-save-all').click();
  await expect(page.getByTestId('toast').last()).toContainText('Saved 5 files into the folder.');
  const tree = await page.evaluate(async () => {
    const out: Record<string, string> = {};
    const walk = async (dir: FileSystemDirectoryHandle, prefix: string): Promise<void> => {
      for await (const entry of (dir as unknown as { values(): AsyncIterable<FileSystemHandle> }).values()) {
        const p = prefix + entry.name;
        if (entry.kind === 'directory') await walk(entry as FileSystemDirectoryHandle, `${p}/`);
        else {
          const bytes = await (await (entry as FileSystemFileHandle).getFile()).arrayBuffer();
          out[p] = [...new Uint8Array(await crypto.subtle.digest('SHA-256', bytes))].map((b) => b.toString(16).padStart(2, '0')).join('');
        }
      }
    };
    await walk(await (await navigator.storage.getDirectory()).getDirectoryHandle('saved-here'), '');
    return out;
  });
  const expected = Object.fromEntries(
    f.files.filter((x) => !x.pad).map((x) => [x.path.normalize('NFC'), sha256(readFileSync(path.join(path.dirname(f.data), ...x.path.split('/'))))]),
  );
  expect(Object.fromEntries(Object.entries(tree).map(([k, v]) => [k.normalize('NFC'), v]))).toEqual(expected);

  // Without the folder picker: one .zip through the service worker.
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null, undefined, { timeout: 30_000 });
  await page.evaluate(() => sessionStorage.setItem('rivulet.noPicker', '1'));
  const [download] = await Promise.all([page.waitForEvent('download'), panel.getByTestId('detail-save-all').click()]);
  const zipFile = path.join(dir, 'saved.zip');
  await download.saveAs(zipFile);
  expect(download.suggestedFilename()).toBe(`${f.name}.zip`);
  const listing = execFileSync(
    existsSync('/usr/bin/python3') ? '/usr/bin/python3' : 'python3',
    ['-c', 'import hashlib,json,sys,zipfile; z=zipfile.ZipFile(sys.argv[1]); print(json.dumps({i.filename: hashlib.sha256(z.read(i)).hexdigest() for i in z.infolist() if not i.is_dir()}))', zipFile],
    { encoding: 'utf8' },
  );
  expect(Object.fromEntries(Object.entries(JSON.parse(listing) as Record<string, string>).map(([k, v]) => [k.normalize('NFC'), v]))).toEqual(expected);
});

test('the "I already have the files" views at 1280×800 and 390×844: no overflow, no serious accessibility violation', async ({}, info) => {
  // Four axe runs: each takes tens of seconds on a loaded machine.
  test.setTimeout(300_000);
  const f = fixtures.multi;
  const page = await ourApp();
  for (const [width, height] of [[1280, 800], [390, 844]] as const) {
    await page.setViewportSize({ width, height });
    await openTorrent(page, f);
    const dialog = page.getByTestId('select-dialog');
    await expect(dialog).toBeVisible();
    await dialog.getByTestId('existing-folder-input').setInputFiles(f.data);
    await expect(dialog.getByTestId('existing-summary')).toBeVisible();
    await page.screenshot({ path: info.outputPath(`add-dialog-${width}.png`) });
    const box = (await dialog.boundingBox())!;
    expect(box.x).toBeGreaterThanOrEqual(0);
    expect(box.x + box.width).toBeLessThanOrEqual(width);
    await expectNoSeriousViolations(page);
    await dialog.getByTestId('select-confirm').click();
    await expect(row(page, f.infoHash).getByTestId('state')).toHaveText('Seeding', { timeout: 60_000 });

    const panel = await openDetail(page, f.infoHash);
    await page.screenshot({ path: info.outputPath(`detail-actions-${width}.png`) });
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(width);
    await panel.getByTestId('detail-have-files').click();
    await expect(panel.getByTestId('have-files-dialog')).toBeVisible();
    await page.screenshot({ path: info.outputPath(`have-files-${width}.png`) });
    await expectNoSeriousViolations(page);
    await panel.getByTestId('have-files-cancel').click();
    await panel.getByTestId('detail-remove').click();
    await panel.getByTestId('remove-delete').click();
    await expect(row(page, f.infoHash)).toHaveCount(0);
  }
});

async function expectNoSeriousViolations(page: Page): Promise<void> {
  const results = await new AxeBuilder({ page }).analyze();
  const bad = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  expect(bad.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
}

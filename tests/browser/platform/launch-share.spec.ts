// What reaches the app from outside: files shared from another app (a multipart POST to the share target, taken by
// the service worker, then seeded by the page), and launches of the installed app (.torrent files and magnet
// links through the launch queue, which headless Chromium never fills, so the test calls its consumer).

import { expect, test, type Browser, type Page } from '@playwright/test';
import { infoHashOf, launch, openApp, randomContent, row, snapshotOf, startApp, type RunningServer } from '../support/app.ts';
import { installRecorders, makeTorrent, platformContext, randomInfoHash, waitForServiceWorker } from './platform.ts';

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

/** Submits a multipart form to the share target from the page, as the OS share sheet does (a POST navigation). */
async function shareFromOutside(page: Page, files: { name: string; b64: string }[], text = ''): Promise<void> {
  await Promise.all([
    page.waitForURL((u) => u.searchParams.has('share'), { timeout: 15_000, waitUntil: 'commit' }),
    page.evaluate(
      ([list, shared]) => {
        const form = document.createElement('form');
        form.method = 'post';
        form.enctype = 'multipart/form-data';
        form.action = '/share-target';
        const input = document.createElement('input');
        input.type = 'file';
        input.name = 'files';
        input.multiple = true;
        const dt = new DataTransfer();
        for (const f of list) dt.items.add(new File([Uint8Array.from(atob(f.b64), (c) => c.charCodeAt(0))], f.name));
        input.files = dt.files;
        const note = document.createElement('input');
        note.name = 'text';
        note.value = shared;
        form.append(input, note);
        document.body.append(form);
        form.submit();
      },
      [files, text] as const,
    ),
  ]);
}

async function shareInboxSize(page: Page): Promise<number> {
  return page.evaluate(async () => (await (await caches.open('rivulet-share-inbox')).keys()).length);
}

test('files shared from another app are seeded, and the shared copy is cleared afterwards', async () => {
  const context = await platformContext(browser, server);
  const page = await openApp(context, server.url);
  await waitForServiceWorker(page);
  const content = randomContent(300_000, 61);
  await shareFromOutside(page, [{ name: 'holiday photo.jpg', b64: content.toString('base64') }]);
  // The service worker answered the POST with a redirect to the app, which drops ?share= once it has the files.
  await expect(page.locator('body[data-engine="ready"]')).toBeAttached({ timeout: 30_000 });
  await expect.poll(() => new URL(page.url()).search, { timeout: 15_000 }).toBe('');
  const magnet = await page.getByTestId('share-magnet').inputValue({ timeout: 60_000 });
  const ih = infoHashOf(magnet);
  await expect(row(page, ih)).toBeVisible();
  await expect(row(page, ih).getByTestId('torrent-name')).toHaveText('holiday photo.jpg');
  await expect.poll(async () => (await snapshotOf(page, ih))?.['state'], { timeout: 30_000 }).toBe('seeding');
  expect((await snapshotOf(page, ih))?.['length']).toBe(content.length);
  await expect.poll(() => shareInboxSize(page), { timeout: 15_000 }).toBe(0);
  await context.close();
});

test('a shared .torrent file is opened as a download and a shared magnet link is added', async () => {
  const context = await platformContext(browser, server);
  const page = await openApp(context, server.url);
  await waitForServiceWorker(page);
  const { torrent, infoHashHex } = await makeTorrent('shared.bin', randomContent(50_000, 62), server.trackerUrl);
  const linkHash = randomInfoHash();
  await shareFromOutside(page, [{ name: 'shared.torrent', b64: torrent.toString('base64') }], `Look: magnet:?xt=urn:btih:${linkHash}&dn=linked`);
  await expect(row(page, infoHashHex)).toBeVisible({ timeout: 30_000 });
  await expect(row(page, linkHash)).toBeVisible({ timeout: 30_000 });
  // Opened, not seeded: no data yet, it waits for peers.
  expect((await snapshotOf(page, infoHashHex))?.['verified']).toBe(0);
  await expect.poll(() => shareInboxSize(page), { timeout: 15_000 }).toBe(0);
  await context.close();
});

test('launching the installed app with .torrent files or a magnet link adds them to the open window', async () => {
  const context = await platformContext(browser, server);
  await installRecorders(context);
  const page = await openApp(context, server.url);
  const a = await makeTorrent('launched-a.bin', randomContent(40_000, 63), server.trackerUrl);
  const b = await makeTorrent('launched-b.bin', randomContent(40_000, 64), server.trackerUrl);
  const linkHash = randomInfoHash();
  // Real file handles (OPFS), as the OS hands the app; then a magnet: launch into the running window.
  await page.evaluate(
    async ([files, link]) => {
      const root = await navigator.storage.getDirectory();
      const handles: FileSystemFileHandle[] = [];
      for (const f of files) {
        const handle = await root.getFileHandle(f.name, { create: true });
        const writable = await handle.createWritable();
        await writable.write(Uint8Array.from(atob(f.b64), (c) => c.charCodeAt(0)));
        await writable.close();
        handles.push(handle);
      }
      const consume = (window as unknown as { __launchConsumer: (p: { files: FileSystemHandle[]; targetURL: string }) => void }).__launchConsumer;
      consume({ files: handles, targetURL: location.href });
      consume({ files: [], targetURL: `${location.origin}/#${encodeURIComponent(link)}` });
    },
    [[{ name: 'a.torrent', b64: a.torrent.toString('base64') }, { name: 'b.torrent', b64: b.torrent.toString('base64') }], `magnet:?xt=urn:btih:${linkHash}`] as const,
  );
  await expect(row(page, a.infoHashHex)).toBeVisible({ timeout: 15_000 });
  await expect(row(page, b.infoHashHex)).toBeVisible({ timeout: 15_000 });
  await expect(row(page, linkHash)).toBeVisible({ timeout: 15_000 });
  await context.close();
});

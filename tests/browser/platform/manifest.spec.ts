// The web app manifest is valid and complete for an installable app (fields, icons that load at their declared
// sizes, protocol/file handlers, share target), Chromium parses it without errors and finds the app installable,
// and the magnet: protocol handler is offered from the settings and round-trips a link.

import { expect, test, type Browser } from '@playwright/test';
import { launch, openApp, persistentAppContext, row, startApp, type RunningServer } from '../support/app.ts';
import { installRecorders, openSettings, platformContext, randomInfoHash, recorded, waitForServiceWorker } from './platform.ts';

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

interface Manifest {
  name: string;
  short_name: string;
  start_url: string;
  scope: string;
  display: string;
  theme_color: string;
  background_color: string;
  id: string;
  icons: { src: string; sizes: string; type: string; purpose?: string }[];
  protocol_handlers: { protocol: string; url: string }[];
  file_handlers: { action: string; accept: Record<string, string[]> }[];
  share_target: { action: string; method: string; enctype: string; params: { files: { name: string; accept: string[] }[] } };
  launch_handler: { client_mode: string[] };
}

/** Width and height from a PNG's IHDR chunk. */
function pngSize(bytes: Buffer): [number, number] {
  expect(bytes.subarray(0, 8).toString('hex')).toBe('89504e470d0a1a0a');
  expect(bytes.subarray(12, 16).toString('latin1')).toBe('IHDR');
  return [bytes.readUInt32BE(16), bytes.readUInt32BE(20)];
}

test('the manifest is linked, served as a manifest, and has every field an installable app needs', async ({ request }) => {
  const html = await (await request.get(server.url)).text();
  expect(html).toMatch(/<link rel="manifest" href="\/manifest\.webmanifest">/);
  const res = await request.get(new URL('/manifest.webmanifest', server.url).href);
  expect(res.status()).toBe(200);
  expect(res.headers()['content-type']).toMatch(/^application\/manifest\+json/);
  const m = (await res.json()) as Manifest;
  const base = new URL('/manifest.webmanifest', server.url);
  const scope = new URL(m.scope, base).href;
  expect(m.name).toMatch(/Rivulet/);
  expect(m.short_name).toBe('Rivulet');
  expect(m.display).toBe('standalone');
  expect(m.theme_color).toMatch(/^#[0-9a-f]{6}$/i);
  expect(m.background_color).toMatch(/^#[0-9a-f]{6}$/i);
  expect(scope).toBe(server.url);
  expect(new URL(m.start_url, base).href.startsWith(scope)).toBe(true);
  expect(new URL(m.id, base).href).toBe(server.url);

  // Icons: 192 and 512 (Chromium's install criteria) plus a maskable one; each loads at its declared size.
  const pngs = m.icons.filter((i) => i.type === 'image/png');
  expect(pngs.map((i) => i.sizes)).toEqual(expect.arrayContaining(['192x192', '512x512']));
  expect(m.icons.some((i) => i.purpose === 'maskable')).toBe(true);
  for (const icon of m.icons) {
    const r = await request.get(new URL(icon.src, base).href);
    expect(r.status(), icon.src).toBe(200);
    expect(r.headers()['content-type']).toBe(icon.type);
    const body = await r.body();
    if (icon.type === 'image/png') expect(pngSize(body).join('x'), icon.src).toBe(icon.sizes);
    else expect(body.toString('utf8')).toMatch(/<svg[\s>]/);
  }

  // magnet: links: the app with %s in the fragment, inside the scope.
  expect(m.protocol_handlers).toEqual([{ protocol: 'magnet', url: expect.stringContaining('%s') }]);
  const handler = new URL(m.protocol_handlers[0]!.url, base);
  expect(handler.href.startsWith(scope)).toBe(true);
  expect(handler.hash).toBe('#%s');

  // .torrent files from the OS.
  expect(m.file_handlers).toHaveLength(1);
  expect(new URL(m.file_handlers[0]!.action, base).href.startsWith(scope)).toBe(true);
  expect(m.file_handlers[0]!.accept).toEqual({ 'application/x-bittorrent': ['.torrent'] });

  // Files from other apps: a multipart POST inside the scope, whose files field the service worker reads.
  expect(m.share_target).toMatchObject({ method: 'POST', enctype: 'multipart/form-data' });
  expect(new URL(m.share_target.action, base).href.startsWith(scope)).toBe(true);
  expect(m.share_target.params.files).toEqual([{ name: 'files', accept: ['*/*'] }]);
  expect(m.launch_handler.client_mode[0]).toBe('focus-existing');
});

test('Chromium parses the manifest without errors and finds the app installable', async () => {
  const context = await persistentAppContext(server, false); // incognito profiles can never install apps
  try {
    const page = await openApp(context, server.url);
    await waitForServiceWorker(page);
    const cdp = await context.newCDPSession(page);
    const manifest = (await cdp.send('Page.getAppManifest')) as { url: string; errors: { message: string; critical: number }[] };
    expect(manifest.url).toBe(new URL('/manifest.webmanifest', server.url).href);
    expect(manifest.errors).toEqual([]);
    const installability = (await cdp.send('Page.getInstallabilityErrors')) as { installabilityErrors: { errorId: string }[] };
    expect(installability.installabilityErrors).toEqual([]);
  } finally {
    await context.close();
  }
});

test('the settings offer to open magnet: links, and the URL the browser opens then adds the torrent', async () => {
  const context = await platformContext(browser, server);
  await installRecorders(context);
  const page = await openApp(context, server.url);
  const dialog = await openSettings(page);
  await dialog.getByTestId('settings-magnet-handler').click();
  await expect(dialog.getByTestId('settings-magnet-note')).toBeVisible();
  const calls = await recorded<string[][]>(page, '__protocolHandlers');
  expect(calls).toEqual([['magnet', `${server.url}#%s`]]);
  await dialog.getByTestId('settings-cancel').click();

  // What Chromium opens for a clicked link: %s replaced by the link, query-escaped (spaces as '+').
  const ih = randomInfoHash();
  const magnet = `magnet:?xt=urn:btih:${ih}&dn=Clicked+link%20name`;
  const opened = calls[0]![1]!.replace('%s', encodeURIComponent(magnet).replace(/%20/g, '+'));
  await page.goto(opened);
  await expect(row(page, ih)).toBeVisible({ timeout: 15_000 });
  // The link leaves the address bar, so a reload does not add it again.
  expect(new URL(page.url()).hash).toBe('');
  await context.close();
});

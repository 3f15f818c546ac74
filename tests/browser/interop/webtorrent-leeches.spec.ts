// Interop, us -> WebTorrent: our app seeds files picked in the add bar; a real WebTorrent 3 browser peer starts from
// our magnet link alone, gets the metadata from us over ut_metadata (BEP 9), downloads, and its bytes match.
// Run inside a loopback-only namespace: unshare -n sh -c 'ip link set lo up && npx playwright test tests/browser/interop'

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect, test, type Browser, type BrowserContext, type Page } from '@playwright/test';
import { appContext, infoHashOf, launch, openApp, randomContent, row, seedFiles, sha256, startApp, type RunningServer } from '../support/app.ts';
import { RIVULET_PEER_ID_HEX_PREFIX, WebTorrentPeer, mbps, startWebTorrentOrigin, type WebTorrentOrigin } from './support/webtorrent-peer.ts';

const MiB = 1024 * 1024;

let server: RunningServer;
let origin: WebTorrentOrigin;
let browser: Browser;
const peers: WebTorrentPeer[] = [];
const contexts: BrowserContext[] = [];
let tempDir: string;

test.beforeAll(async () => {
  tempDir = mkdtempSync(path.join(tmpdir(), 'rivulet-interop-'));
  server = await startApp();
  origin = await startWebTorrentOrigin();
  browser = await launch();
});
test.afterAll(async () => {
  await browser?.close();
  await origin?.close();
  await server?.close();
  if (tempDir) rmSync(tempDir, { recursive: true, force: true });
});
test.afterEach(async () => {
  for (const p of peers.splice(0)) await p.close();
  for (const c of contexts.splice(0)) await c.close();
});

/**
 * Seeds one file through the file input from a temp file on disk (a local browser reads the path itself; a buffer
 * would go through the protocol, which is slow for tens of MiB and capped at 50 MB). Returns the shown magnet.
 */
async function seedFromDisk(page: Page, name: string, data: Uint8Array): Promise<string> {
  // Kept until the file's tests end: the page may read the picked file again while seeding.
  const file = path.join(tempDir, name);
  writeFileSync(file, data);
  await page.getByTestId('file-input').setInputFiles(file);
  const magnet = page.getByTestId('share-magnet');
  await expect(magnet, 'the share card shows a magnet link').toBeVisible({ timeout: 120_000 });
  const value = await magnet.inputValue();
  if (!value.startsWith('magnet:')) throw new Error(`No magnet link shown (got ${value})`);
  return value;
}

/** Our app in a fresh profile (closed after the test, so no page of an earlier test keeps seeding meanwhile). */
async function ourApp(): Promise<Page> {
  const context = await appContext(browser, server);
  contexts.push(context);
  return openApp(context, server.url);
}

test('WebTorrent downloads a file our app seeds, starting from our magnet link alone', async () => {
  test.setTimeout(180_000);
  const size = 40 * MiB + 4_097;
  const data = randomContent(size, 0xabc);
  const ours = await ourApp();
  const seedStart = Date.now();
  const magnet = await seedFromDisk(ours, 'from-rivulet.bin', data);
  const infoHash = infoHashOf(magnet);
  await expect(row(ours, infoHash).getByTestId('state')).toHaveText(/seed/i, { timeout: 30_000 });
  const seedMs = Date.now() - seedStart;
  // The magnet carries no metadata: WebTorrent can only learn the files from a peer.
  expect(magnet).not.toMatch(/[?&](xs|as)=/);

  const wt = await WebTorrentPeer.open(browser, origin);
  peers.push(wt);
  const got = await wt.download(magnet, 120_000);

  expect(got.infoHash).toBe(infoHash);
  expect(got.name).toBe('from-rivulet.bin');
  expect(got.files).toEqual([{ path: 'from-rivulet.bin', length: size, sha256: sha256(data) }]);
  // ut_metadata: the metadata arrived over a wire to our engine (peer id -RV...), which advertised the extension.
  expect(got.metadataFrom, 'the peer that sent WebTorrent the metadata').not.toBeNull();
  expect(got.metadataFrom!.startsWith(RIVULET_PEER_ID_HEX_PREFIX), `metadata came from ${got.metadataFrom}`).toBe(true);
  expect(got.metadataWireExtensions).toContain('ut_metadata');
  // Over 16 KiB: we served the info dictionary in several ut_metadata pieces, and WebTorrent verified their hash.
  expect(got.metadataBytes).toBeGreaterThan(16 * 1024);
  expect(got.peerIds.every((id) => id.startsWith(RIVULET_PEER_ID_HEX_PREFIX)), `WebTorrent's peers: ${got.peerIds.join(', ')}`).toBe(true);
  expect(got.errors).toEqual([]);

  const spanMs = got.doneMs - got.firstByteMs;
  console.log(`[throughput] us -> WebTorrent, 40 MiB: our app seeding after ${seedMs} ms; WebTorrent got metadata (${got.metadataBytes} bytes) after ${got.metadataMs.toFixed(0)} ms, first byte after ` +
    `${got.firstByteMs.toFixed(0)} ms, done after ${got.doneMs.toFixed(0)} ms; ${mbps(size, spanMs)} MB/s (first to last byte)`);
});

test('WebTorrent downloads several files our app seeds together, each bit-identical', async () => {
  test.setTimeout(180_000);
  const inputs = [
    { name: 'a.bin', mimeType: 'application/octet-stream', buffer: randomContent(3 * MiB + 1, 31) },
    { name: 'b.txt', mimeType: 'text/plain', buffer: randomContent(77_777, 32) },
    { name: 'c.bin', mimeType: 'application/octet-stream', buffer: randomContent(2 * MiB - 5, 33) },
  ];
  const ours = await ourApp();
  const magnet = await seedFiles(ours, inputs);
  const infoHash = infoHashOf(magnet);
  await expect(row(ours, infoHash).getByTestId('state')).toHaveText(/seed/i, { timeout: 30_000 });

  const wt = await WebTorrentPeer.open(browser, origin);
  peers.push(wt);
  const got = await wt.download(magnet, 120_000);
  expect(got.infoHash).toBe(infoHash);
  expect(got.metadataFrom?.startsWith(RIVULET_PEER_ID_HEX_PREFIX), `metadata came from ${got.metadataFrom}`).toBe(true);
  // WebTorrent's paths are <torrent name>/<file>; compare by file name, whatever the name our app chose.
  const byName = new Map(got.files.map((f) => [f.path.split('/').pop(), f]));
  expect(got.files.length).toBe(inputs.length);
  for (const i of inputs) {
    const f = byName.get(i.name);
    expect(f, `WebTorrent has ${i.name} (it has ${got.files.map((x) => x.path).join(', ')})`).toBeDefined();
    expect(f!.length, `length of ${i.name}`).toBe(i.buffer.length);
    expect(f!.sha256, `SHA-256 of ${i.name}`).toBe(sha256(i.buffer));
  }
});

// Interop, WebTorrent -> us: a real WebTorrent 3 browser peer seeds, our app downloads it from a magnet link (typed
// or opened as url#magnet) or from WebTorrent's own .torrent file, and the bytes in our OPFS match the original.
// Run inside a loopback-only namespace: unshare -n sh -c 'ip link set lo up && npx playwright test tests/browser/interop'

import { expect, test, type Browser, type BrowserContext, type Page } from '@playwright/test';
import { appContext, launch, openApp, row, startApp, storedFileSha256, verifiedBytes, type RunningServer } from '../support/app.ts';
import { RIVULET_PEER_ID_HEX_PREFIX, WebTorrentPeer, mbps, startWebTorrentOrigin, type GenFile, type SeedResult, type WebTorrentOrigin } from './support/webtorrent-peer.ts';

const MiB = 1024 * 1024;

let server: RunningServer;
let origin: WebTorrentOrigin;
let browser: Browser;
const peers: WebTorrentPeer[] = [];
const contexts: BrowserContext[] = [];

test.beforeAll(async () => {
  server = await startApp();
  origin = await startWebTorrentOrigin();
  browser = await launch();
});
test.afterAll(async () => {
  await browser?.close();
  await origin?.close();
  await server?.close();
});
test.afterEach(async () => {
  for (const p of peers.splice(0)) await p.close();
  for (const c of contexts.splice(0)) await c.close();
});

/** Our app in a fresh profile (closed after the test, so no page of an earlier test keeps working meanwhile). */
async function ourApp(url: string): Promise<Page> {
  const context = await appContext(browser, server);
  contexts.push(context);
  return openApp(context, url);
}

async function webTorrentSeeding(files: GenFile[], opts: { pieceLength?: number } = {}): Promise<{ wt: WebTorrentPeer; seeded: SeedResult }> {
  const wt = await WebTorrentPeer.open(browser, origin);
  peers.push(wt);
  const seeded = await wt.seed(files, server.trackerUrl, opts);
  expect(seeded.infoHash).toMatch(/^[0-9a-f]{40}$/);
  console.log(`[webtorrent] seeding ${seeded.length} bytes in ${seeded.files.length} file(s), piece length ${seeded.pieceLength}, ready after ${seeded.seedMs.toFixed(0)} ms`);
  return { wt, seeded };
}

/**
 * Polls the row's verified bytes until `length`, bounded. Returns the time from the first verified byte to the last
 * (100 ms poll resolution) and the longest time without progress, for the throughput note.
 */
async function downloadCompletes(page: Page, wt: WebTorrentPeer, infoHash: string, length: number, timeoutMs: number): Promise<{ ms: number; longestStallMs: number }> {
  const start = Date.now();
  let first = 0;
  let last = -1;
  let lastChange = start;
  let longestStallMs = 0;
  for (;;) {
    const v = await verifiedBytes(page, infoHash);
    const now = Date.now();
    if (v > 0 && first === 0) first = now;
    if (v !== last) {
      if (first !== 0) longestStallMs = Math.max(longestStallMs, now - lastChange);
      lastChange = now;
      last = v;
    }
    if (v === length) return { ms: now - first, longestStallMs };
    if (now - start > timeoutMs) {
      const state = await row(page, infoHash).getByTestId('state').textContent().catch(() => '(no row)');
      const peersShown = await row(page, infoHash).getByTestId('peers').getAttribute('data-count').catch(() => '?');
      throw new Error(`our app did not finish downloading ${infoHash} from WebTorrent within ${timeoutMs} ms: ` +
        `${v} of ${length} bytes verified, no progress for ${now - lastChange} ms, state "${state}", ${peersShown} peer(s); ` +
        `WebTorrent's wires: ${JSON.stringify(await wt.wires(infoHash))}; ours: ${await engineView(page, infoHash)}`);
    }
    await page.waitForTimeout(100);
  }
}

/** Our engine's side of a stalled download, for the failure message: its peers and the pieces it lacks. */
async function engineView(page: Page, infoHash: string): Promise<string> {
  return page
    .evaluate(async (ih) => {
      type Detail = { peers: { requests: number; amInterested: boolean; peerChoking: boolean; downloaded: number }[]; pieces: Uint8Array };
      const app = document.querySelector('rv-app') as (Element & { client?: { call(m: object): Promise<Detail> } }) | null;
      const d = await app!.client!.call({ type: 'detail', infoHashHex: ih });
      const missing: number[] = [];
      for (let i = 0; i < d.pieces.length * 8 && missing.length < 20; i++) if (!(d.pieces[i >> 3]! & (0x80 >> (i & 7)))) missing.push(i);
      return JSON.stringify({ peers: d.peers, missingPieces: missing });
    }, infoHash)
    .catch((e: unknown) => `(no detail: ${String(e)})`);
}

/** Every file our engine stored (OPFS `f<index>`, metainfo order) has the SHA-256 of the bytes WebTorrent seeded. */
async function expectStoredFilesMatch(page: Page, seeded: SeedResult): Promise<void> {
  const byPath = new Map(seeded.generated.map((g) => [g.path, g]));
  for (const [index, f] of seeded.files.entries()) {
    const gen = byPath.get(f.path);
    if (!gen) throw new Error(`WebTorrent lists file ${f.path}, which the test did not generate (${[...byPath.keys()].join(', ')})`);
    expect(f.length, `length of ${f.path}`).toBe(gen.length);
    expect(await storedFileSha256(page, seeded.infoHash, index), `SHA-256 of stored file ${index} (${f.path})`).toBe(gen.sha256);
  }
}

/** What WebTorrent saw of us as a downloader: no block asked twice while pending (see UploadStats). Logs throughput. */
async function checkUploadAndNote(what: string, wt: WebTorrentPeer, seeded: SeedResult, ours: { ms: number; longestStallMs: number }): Promise<void> {
  const up = await wt.uploaded(seeded.infoHash);
  expect(up.peerIds.some((id) => id.startsWith(RIVULET_PEER_ID_HEX_PREFIX)), `WebTorrent's peers (${up.peerIds.join(', ')}) include our -RV peer id`).toBe(true);
  expect(up.duplicateRequests, 'blocks our app requested again while WebTorrent still had them pending').toEqual([]);
  // A lost request shows up as a pause as long as the request timeout (30 s); WebTorrent's own hiccups are ~1 s.
  expect(ours.longestStallMs, 'longest time our verified bytes did not grow').toBeLessThan(10_000);
  console.log(`[throughput] ${what}: WebTorrent uploaded ${up.bytes} bytes at ${mbps(up.bytes, up.spanMs)} MB/s (first to last upload); ` +
    `our app verified ${seeded.length} bytes at ${mbps(seeded.length, ours.ms)} MB/s (first to last verified, 100 ms polls), ` +
    `longest time without progress ${ours.longestStallMs} ms`);
}

test('our app downloads a single file WebTorrent seeds, from a magnet link typed into the add bar', async () => {
  test.setTimeout(180_000);
  const size = 40 * MiB + 54_321; // not a multiple of the piece length: the last piece is short
  const { wt, seeded } = await webTorrentSeeding([{ path: 'random.bin', length: size, seed: 0x5eed }]);
  expect(seeded.magnetURI).toContain(`xt=urn:btih:${seeded.infoHash}`);
  // Over 16 KiB of metadata: our ut_metadata fetcher must ask for and assemble several pieces (BEP 9).
  expect(seeded.metadataBytes).toBeGreaterThan(16 * 1024);

  const ours = await ourApp(server.url);
  await ours.getByTestId('magnet-input').fill(seeded.magnetURI);
  await ours.getByTestId('magnet-submit').click();
  await expect(row(ours, seeded.infoHash), 'a row for the typed magnet').toBeVisible({ timeout: 10_000 });
  const ms = await downloadCompletes(ours, wt, seeded.infoHash, size, 120_000);
  await expect(row(ours, seeded.infoHash).getByTestId('torrent-name')).toHaveText('random.bin');
  await expectStoredFilesMatch(ours, seeded);

  await checkUploadAndNote('WebTorrent -> us, 40 MiB single file', wt, seeded, ms);
});

test('our app downloads a multi-file torrent with nested folders WebTorrent seeds, opened as url#magnet', async () => {
  test.setTimeout(180_000);
  const files: GenFile[] = [
    { path: 'album/cover.bin', length: 150_001, seed: 1 },
    { path: 'album/disc 1/track01.bin', length: 5 * MiB + 3, seed: 2 },
    { path: 'album/disc 1/track02.bin', length: 3 * MiB - 17, seed: 3 },
    { path: 'album/disc 2/deep/track03.bin', length: 2 * MiB + 777, seed: 4 },
    { path: 'album/notes.txt', length: 1_000, seed: 5 },
  ];
  const { wt, seeded } = await webTorrentSeeding(files);
  expect(seeded.files.length).toBe(files.length);
  const total = files.reduce((s, f) => s + f.length, 0);
  expect(seeded.length).toBe(total);

  const ours = await ourApp(`${server.url}#${seeded.magnetURI}`);
  await expect(row(ours, seeded.infoHash), 'a row for the magnet in the URL').toBeVisible({ timeout: 10_000 });
  const ms = await downloadCompletes(ours, wt, seeded.infoHash, total, 120_000);
  await expect(row(ours, seeded.infoHash).getByTestId('torrent-name')).toHaveText('album');
  await expectStoredFilesMatch(ours, seeded);
  await checkUploadAndNote('WebTorrent -> us, multi-file', wt, seeded, ms);
});

test('a .torrent made by WebTorrent opens in our app with the same info hash and downloads', async () => {
  test.setTimeout(180_000);
  const files: GenFile[] = [
    { path: 'pack/readme.txt', length: 4_321, seed: 21 },
    { path: 'pack/data/blob.bin', length: 24 * MiB + 99, seed: 22 },
  ];
  // 256 KiB pieces (16 blocks each; the first piece spans both files), where create-torrent would pick 16 KiB.
  const { wt, seeded } = await webTorrentSeeding(files, { pieceLength: 256 * 1024 });
  expect(seeded.pieceLength).toBe(256 * 1024);
  const torrentFile = Buffer.from(seeded.torrentFileBase64, 'base64');
  expect(torrentFile[0], 'a bencoded dictionary').toBe(0x64);

  const ours = await ourApp(server.url);
  await ours.getByTestId('torrent-file-input').setInputFiles({ name: 'pack.torrent', mimeType: 'application/x-bittorrent', buffer: torrentFile });
  // Several files: the app lists them for the user to choose before the download starts; keep them all.
  await ours.getByTestId('select-dialog').getByTestId('select-confirm').click();
  // The row is keyed by the info hash our engine computed from the .torrent: it must be WebTorrent's.
  await expect(row(ours, seeded.infoHash), `a row with WebTorrent's info hash ${seeded.infoHash}`).toBeVisible({ timeout: 10_000 });
  await expect(row(ours)).toHaveCount(1);
  const ms = await downloadCompletes(ours, wt, seeded.infoHash, seeded.length, 120_000);
  await expectStoredFilesMatch(ours, seeded);
  await checkUploadAndNote('WebTorrent -> us, from .torrent', wt, seeded, ms);
});

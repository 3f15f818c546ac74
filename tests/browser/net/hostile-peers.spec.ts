// Hostile peers between real pages: three harness pages (hostile-harness/) join the swarm through the real local
// tracker over real RTCDataChannels and misbehave (wrong piece data, a 1 GiB message, a flood of haves); the
// downloading app page drops each of them while it still downloads, and the file it gets from the honest app page is
// bit-identical. Run inside the loopback-only namespace (docs/ARCHITECTURE.md):
//   unshare -n sh -c 'ip link set lo up && npx playwright test tests/browser/net/hostile-peers.spec.ts'

import { createHash, randomBytes } from 'node:crypto';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, test, type Browser, type Page } from '@playwright/test';
import { createServer as createViteServer, type ViteDevServer } from 'vite';
import { appContext, infoHashOf, openApp, seedFiles, serverAndBrowser, storedFileSha256, waitForComplete } from '../support/app.ts';
import type { Behaviour, Hostile, HostileReport } from './hostile-harness/main.ts';

type W = { hostile: Hostile };

const here = path.dirname(fileURLToPath(import.meta.url));
const repoRoot = path.resolve(here, '../../..');
const MiB = 1024 * 1024;
/** Big enough that the download is still running when the liar is caught (several seconds on loopback). */
const SIZE = 24 * MiB;

const setup = serverAndBrowser();
let vite: ViteDevServer | undefined;

test.beforeAll(async () => {
  vite = await createViteServer({
    configFile: false,
    root: path.join(here, 'hostile-harness'),
    logLevel: 'warn',
    server: { host: '127.0.0.1', port: 0, hmr: false, fs: { allow: [repoRoot] } },
    optimizeDeps: { noDiscovery: true, include: [] },
  });
  await vite.listen();
});

test.afterAll(async () => {
  await vite?.close();
});

async function openHostile(browser: Browser, behaviour: Behaviour, start: { trackerUrl: string; infoHashHex: string; pieceCount: number }): Promise<Page> {
  const url = vite?.resolvedUrls?.local[0];
  if (!url) throw new Error('vite did not report a URL');
  const page = await (await browser.newContext()).newPage();
  page.on('pageerror', (e) => console.log(`[${behaviour}] page error: ${e.message}`));
  await page.goto(url);
  await page.waitForFunction(() => 'hostile' in window, null, { timeout: 20_000 });
  await page.evaluate(() => (window as unknown as W).hostile.grantLoopbackIce());
  await page.evaluate((o) => (window as unknown as W).hostile.start(o), { ...start, behaviour });
  await expect
    .poll(() => page.evaluate((ih) => (window as unknown as W).hostile.trackerStatus(ih)[0]?.state ?? 'none', start.infoHashHex), {
      message: `the ${behaviour} page announced to the tracker`,
      timeout: 20_000,
    })
    .toBe('online');
  return page;
}

const report = (page: Page): Promise<HostileReport> => page.evaluate(() => (window as unknown as W).hostile.report());

/** The peer ids the downloader's engine lists for the torrent now. */
const downloaderPeerIds = (page: Page, infoHashHex: string): Promise<string[]> =>
  page.evaluate(async (ih) => {
    type Client = { call(c: unknown): Promise<{ peers: { id: string }[] }> };
    const client = (document.querySelector('rv-app') as Element & { client: Client }).client;
    return (await client.call({ type: 'detail', infoHashHex: ih })).peers.map((p) => p.id);
  }, infoHashHex);

test('a liar, a 1 GiB message and a have flood are each dropped, and the download from the honest page is bit-identical', async () => {
  test.setTimeout(300_000);
  const { server, browser } = setup;
  const data = randomBytes(SIZE);
  const sha256 = createHash('sha256').update(data).digest('hex');

  // The honest seed: an app page sharing the file.
  const honest = await openApp(await appContext(browser, server), server.url);
  const magnet = await seedFiles(honest, [{ name: 'honest.bin', mimeType: 'application/octet-stream', buffer: data }]);
  const infoHashHex = infoHashOf(magnet);
  const pieceCount = await honest.evaluate((ih) => {
    const app = document.querySelector('rv-app') as Element & { client?: { snapshot?: { torrents: { infoHashHex: string; pieceCount: number }[] } } };
    return app.client?.snapshot?.torrents.find((t) => t.infoHashHex === ih)?.pieceCount ?? 0;
  }, infoHashHex);
  expect(pieceCount).toBeGreaterThan(1);

  // The hostile pages join the swarm before the downloader does, so its first offers reach them.
  const start = { trackerUrl: server.trackerUrl, infoHashHex, pieceCount };
  const hostile = {
    liar: await openHostile(browser, 'liar', start),
    oversized: await openHostile(browser, 'oversized', start),
    flood: await openHostile(browser, 'have-flood', start),
  };

  const downloader = await openApp(await appContext(browser, server), server.url);
  await downloader.getByTestId('magnet-input').fill(magnet);
  await downloader.getByTestId('magnet-submit').click();
  await waitForComplete(downloader, infoHashHex, SIZE, 180_000);
  const completedAt = Date.now();

  for (const [name, page] of Object.entries(hostile)) {
    const first = await report(page);
    const t0 = first.channels[0]?.openedAt ?? 0;
    const at = (t: number | null) => (t === null ? '-' : `${t - t0}`);
    console.log(
      `[hostile] ${name}: ${first.channels.length} connection(s), ms from the first open (opened/handshake/misbehaved/closed): ` +
        first.channels.map((c) => `${at(c.openedAt)}/${at(c.handshakeAt)}/${at(c.misbehavedAt)}/${at(c.closedAt)}`).join(' ') +
        `; download completed at ${completedAt - t0}; problems: ${first.problems.length ? first.problems.join(' | ') : 'none'}`,
    );
    // Dropped for what it did while the download ran, not later as one seed meeting another.
    const droppedEarly = first.channels.filter((c) => c.misbehavedAt !== null && c.closedAt !== null && c.closedAt < completedAt);
    expect(droppedEarly.length, `${name}: a connection that misbehaved was dropped before the download completed`).toBeGreaterThanOrEqual(1);
    // The hostile side sees every connection that misbehaved closed, the flood too (its 1.3 MB queued must drain
    // first: the honest side keeps the connection up a few seconds after dropping the peer, DROPPED_LINGER_MS).
    await expect
      .poll(async () => (await report(page)).channels.filter((c) => c.misbehavedAt !== null && c.closedAt === null).length, {
        message: `${name}: every connection that misbehaved is seen closed on the hostile side`,
        timeout: 20_000,
      })
      .toBe(0);
    // And the honest side no longer lists any of its peer ids.
    const ids = new Set((await report(page)).channels.map((c) => c.peerIdHex));
    const listed = await downloaderPeerIds(downloader, infoHashHex);
    expect(listed.filter((id) => ids.has(id)), `${name}: still a peer of the downloader`).toEqual([]);
  }
  const lies = (await report(hostile.liar)).channels.reduce((n, c) => n + c.requestsAnswered, 0);
  expect(lies, 'the liar was asked for blocks and lied').toBeGreaterThan(0);

  expect(await storedFileSha256(downloader, infoHashHex, 0)).toBe(sha256);
  for (const page of Object.values(hostile)) await page.evaluate(() => (window as unknown as W).hostile.stop());
});

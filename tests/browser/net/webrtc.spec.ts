// Real WebRTC between real Chromium pages through our tracker client, connector and channels, and interop with
// WebTorrent's browser bundle. Run inside a loopback-only namespace (see shared/BROWSER-TESTING.md):
//   unshare -n sh -c 'ip link set lo up && npx playwright test tests/browser/net'

import { readFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, test } from '@playwright/test';
import type { Browser, BrowserContext, Page } from '@playwright/test';
import { createServer as createViteServer } from 'vite';
import type { ViteDevServer } from 'vite';
import { startTracker } from '../../unit/server/server-api.ts';
import type { RunningServer } from '../../unit/server/server-api.ts';
import type { Harness, OpenChannel } from './harness/main.ts';
import type { ExchangeResult } from './harness/worker.ts';

type W = { harness: Harness };

const here = path.dirname(fileURLToPath(import.meta.url));
const repoRoot = path.resolve(here, '../../..');
const MiB = 1024 * 1024;

let vite: ViteDevServer;
let harnessUrl: string;
let tracker: RunningServer;
const contexts: BrowserContext[] = [];

test.beforeAll(async () => {
  tracker = await startTracker();
  vite = await createViteServer({
    configFile: false,
    root: path.join(here, 'harness'),
    logLevel: 'warn',
    server: { host: '127.0.0.1', port: 0, hmr: false, fs: { allow: [repoRoot] } },
    optimizeDeps: { noDiscovery: true, include: [] },
  });
  await vite.listen();
  const url = vite.resolvedUrls?.local[0];
  if (!url) throw new Error('vite did not report a URL');
  harnessUrl = url;
});

test.afterAll(async () => {
  await vite?.close();
  await tracker?.close();
});

test.afterEach(async () => {
  for (const c of contexts.splice(0)) await c.close();
});

function randomHex(bytes: number): string {
  return Array.from(crypto.getRandomValues(new Uint8Array(bytes)), (b) => b.toString(16).padStart(2, '0')).join('');
}

/** A page in its own browser context, with page errors surfaced in the test output. */
async function newPage(browser: Browser, url: string, name: string): Promise<Page> {
  const context = await browser.newContext();
  contexts.push(context);
  const page = await context.newPage();
  page.on('pageerror', (e) => console.log(`[${name}] page error: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error' || m.type() === 'warning') console.log(`[${name}] ${m.type()}: ${m.text()}`);
  });
  await page.goto(url);
  return page;
}

async function openHarness(browser: Browser, name: string): Promise<Page> {
  const page = await newPage(browser, harnessUrl, name);
  await page.waitForFunction(() => 'harness' in window, null, { timeout: 20_000 });
  await page.evaluate(() => (window as unknown as W).harness.grantLoopbackIce());
  return page;
}

async function waitRegistered(page: Page, infoHashHex: string, what: string): Promise<void> {
  await expect
    .poll(async () => page.evaluate((ih) => (window as unknown as W).harness.trackerStatus(ih)[0]?.leechers ?? 0, infoHashHex), {
      message: `${what} registered with the tracker`,
      timeout: 20_000,
    })
    .toBeGreaterThanOrEqual(1);
}

const waitOpen = (page: Page): Promise<OpenChannel> => page.evaluate(() => (window as unknown as W).harness.waitOpen(40_000));

/** Two pages, one info hash: A registers first, B's offer reaches A, and each worker gets an open channel. */
async function connectPair(browser: Browser, mode: 'transfer' | 'pump') {
  const infoHashHex = randomHex(20);
  const a = await openHarness(browser, 'A');
  const b = await openHarness(browser, 'B');
  const start = { trackerUrl: tracker.trackerUrl, infoHashHex, mode };
  const aId = await a.evaluate((o) => (window as unknown as W).harness.start(o), start);
  await waitRegistered(a, infoHashHex, 'A');
  const bId = await b.evaluate((o) => (window as unknown as W).harness.start(o), start);
  const [aOpen, bOpen] = await Promise.all([waitOpen(a), waitOpen(b)]);
  return { a, b, aId, bId, aOpen, bOpen, infoHashHex };
}

async function exchange(page: Page, id: number, seed: number, peerSeed: number, bytes: number): Promise<ExchangeResult> {
  const opts = { send: bytes, expect: bytes, msgSize: 16 * 1024, seed, peerSeed, highWater: 2 * MiB };
  return page.evaluate(([i, o]) => (window as unknown as W).harness.exchange(i, o, 120_000), [id, opts] as const);
}

const mbps = (bytes: number, ms: number): string => (bytes / 1e6 / (ms / 1000)).toFixed(1);

for (const mode of ['transfer', 'pump'] as const) {
  test(`two pages exchange 32 MiB each way over a channel ${mode === 'transfer' ? 'transferred into' : 'pumped over a MessagePort to'} a worker`, async ({ browser }) => {
    test.setTimeout(180_000);
    const { a, b, aId, bId, aOpen, bOpen, infoHashHex } = await connectPair(browser, mode);
    if (mode === 'transfer') expect(await a.evaluate(() => (window as unknown as W).harness.canTransfer())).toBe(true);

    // B offered (it joined second), A answered; the answerer learns the offerer's id from the tracker at once.
    expect(bOpen.initiator).toBe(true);
    expect(bOpen.remotePeerIdHex).toBeNull();
    expect(aOpen.initiator).toBe(false);
    expect(aOpen.remotePeerIdHex).toBe(bId);
    console.log(`[${mode}] channel open after A: ${aOpen.msToOpen} ms, B: ${bOpen.msToOpen} ms (from addTorrent)`);

    const bytes = 32 * MiB;
    const [ra, rb] = await Promise.all([exchange(a, aOpen.id, 1, 2, bytes), exchange(b, bOpen.id, 2, 1, bytes)]);
    for (const [name, r] of [['A', ra], ['B', rb]] as const) {
      expect(r.sent, `${name} sent`).toBe(bytes);
      expect(r.received, `${name} received`).toBe(bytes);
      expect(r.firstMismatch, `${name} first corrupted byte`).toBe(-1);
      // Backpressure held: the sender never queued far beyond its high-water mark (2 MiB + one message).
      expect(r.maxBuffered, `${name} max buffered`).toBeLessThanOrEqual(2 * MiB + 16 * 1024);
      expect(r.drains, `${name} drains`).toBeGreaterThan(0);
      console.log(`[${mode}] ${name} received 32 MiB at ${mbps(r.received, r.receiveMs)} MB/s (both directions at once), ${r.drains} drains`);
    }
    expect(aId).not.toBe(bId);

    // B's engine drops the peer: B closes its connection, A's channel closes, and A closes its own in turn.
    const peers = (p: Page): Promise<number> => p.evaluate((ih) => (window as unknown as W).harness.peerCount(ih), infoHashHex);
    expect([await peers(a), await peers(b)]).toEqual([1, 1]);
    await b.evaluate((id) => (window as unknown as W).harness.closeChannel(id), bOpen.id);
    await expect.poll(() => peers(b), { message: 'B closed its connection', timeout: 5_000 }).toBe(0);
    await expect.poll(() => peers(a), { message: 'A closed its connection after the channel closed', timeout: 5_000 }).toBe(0);
    for (const p of [a, b]) await p.evaluate(() => (window as unknown as W).harness.stop());
  });
}

test('ICE gathering on loopback with iceServers: [] completes well within the connector`s timeout', async ({ browser }) => {
  const page = await openHarness(browser, 'ice');
  const times = await page.evaluate(() => (window as unknown as W).harness.gatherTimes(5));
  console.log(`ICE gathering (ms): ${times.join(', ')}`);
  for (const t of times) expect(t).toBeLessThan(3000);
});

/** Serves WebTorrent's browser bundle from its own origin (WebTorrent clears its origin's OPFS on load). */
async function webTorrentOrigin(): Promise<{ url: string; close(): Promise<void> }> {
  const bundle = readFileSync(path.join(repoRoot, 'node_modules/webtorrent/dist/webtorrent.min.js'));
  const html = `<!doctype html><meta charset="utf-8"><title>webtorrent peer</title>
<script type="module">import WebTorrent from '/webtorrent.min.js'; window.WebTorrent = WebTorrent;</script>`;
  const server = http.createServer((req, res) => {
    if (req.url === '/webtorrent.min.js') {
      res.writeHead(200, { 'Content-Type': 'text/javascript' });
      res.end(bundle);
    } else {
      res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
      res.end(html);
    }
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`,
    close: () => {
      server.closeAllConnections();
      return new Promise((r) => server.close(() => r()));
    },
  };
}

test('a WebTorrent browser peer seeding to our tracker sends us its BitTorrent handshake', async ({ browser }) => {
  test.setTimeout(120_000);
  const origin = await webTorrentOrigin();
  try {
    const wt = await newPage(browser, origin.url, 'webtorrent');
    await wt.waitForFunction(() => 'WebTorrent' in window, null, { timeout: 20_000 });
    const infoHashHex = await wt.evaluate(async (trackerUrl) => {
      const stream = await navigator.mediaDevices.getUserMedia({ audio: true }); // loopback ICE (test harness only)
      for (const t of stream.getTracks()) t.stop();
      type Torrent = { infoHash: string };
      type Client = {
        seed(f: File, o: object, cb: (t: Torrent) => void): void;
        on(e: 'error', cb: (err: unknown) => void): void;
      };
      const WebTorrent = (window as unknown as { WebTorrent: new (o: object) => Client }).WebTorrent;
      const client = new WebTorrent({ tracker: { rtcConfig: { iceServers: [] } } });
      const data = new Uint8Array(200_000).map((_, i) => (i * 7) & 0xff);
      return new Promise<string>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error('WebTorrent did not finish seeding within 30 s')), 30_000);
        client.on('error', (err) => reject(new Error(`WebTorrent error: ${String(err)}`)));
        client.seed(new File([data], 'hello.bin'), { announce: [trackerUrl], announceList: [[trackerUrl]] }, (t) => {
          clearTimeout(timer);
          resolve(t.infoHash);
        });
      });
    }, tracker.trackerUrl);
    expect(infoHashHex).toMatch(/^[0-9a-f]{40}$/);

    const ours = await openHarness(browser, 'ours');
    await ours.evaluate((o) => (window as unknown as W).harness.start(o), { trackerUrl: tracker.trackerUrl, infoHashHex, mode: 'transfer' as const });
    const open = await waitOpen(ours);
    console.log(`[webtorrent] channel open after ${open.msToOpen} ms, we ${open.initiator ? 'offered' : 'answered'}`);
    const bytes = await ours.evaluate(([id]) => (window as unknown as W).harness.firstBytes(id, 68, 30_000), [open.id] as const);
    expect(bytes[0]).toBe(19);
    expect(String.fromCharCode(...bytes.slice(1, 20))).toBe('BitTorrent protocol');
    const hashHex = bytes.slice(28, 48).map((b) => b.toString(16).padStart(2, '0')).join('');
    expect(hashHex).toBe(infoHashHex);
    const peerId = String.fromCharCode(...bytes.slice(48, 68));
    expect(peerId.startsWith('-WW')).toBe(true); // WebTorrent's client prefix
    await ours.evaluate(() => (window as unknown as W).harness.stop());
  } finally {
    await origin.close();
  }
});

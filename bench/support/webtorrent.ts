// WebTorrent 3's browser bundle (the `webtorrent` dev dependency) as the bench's second baseline: a static server on
// a port of its own (WebTorrent clears its origin's OPFS `chunks` folder on load, so it never shares an origin with
// our app), and typed calls into wt-bench.js.

import { readFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import type { BrowserContext, Page } from '@playwright/test';

const repoRoot = path.resolve(import.meta.dirname, '../..');

export interface WtOrigin {
  /** The same server under two hosts, so two pages of one browser are two sites (own storage, own process). */
  readonly urls: readonly [string, string];
  close(): Promise<void>;
}

export interface WtSeed {
  magnetURI: string;
  infoHash: string;
  pieceLength: number;
  seedMs: number;
}

export interface WtStatus {
  downloaded: number;
  verified: number;
  firstByteMs: number;
  doneMs: number;
  errors: string[];
}

interface WtBenchApi {
  grantLoopbackIce(): Promise<void>;
  seed(o: { length: number; seed: number; trackerUrl: string }): Promise<WtSeed>;
  add(magnet: string): void;
  status(): WtStatus | null;
  destroy(): Promise<void>;
}
type W = { wtBench: WtBenchApi };

export async function startWtOrigin(): Promise<WtOrigin> {
  const bundle = readFileSync(path.join(repoRoot, 'node_modules/webtorrent/dist/webtorrent.min.js'));
  const harness = readFileSync(path.join(import.meta.dirname, 'wt-bench.js'));
  const html = `<!doctype html><meta charset="utf-8"><title>webtorrent bench</title><script type="module" src="/wt-bench.js"></script>`;
  const server = http.createServer((req, res) => {
    const js = req.url === '/webtorrent.min.js' ? bundle : req.url === '/wt-bench.js' ? harness : null;
    if (js) res.writeHead(200, { 'Content-Type': 'text/javascript' }).end(js);
    else if (req.url === '/') res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' }).end(html);
    else res.writeHead(204).end();
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as AddressInfo).port;
  return {
    urls: [`http://127.0.0.1:${port}/`, `http://localhost:${port}/`],
    close: () => {
      server.closeAllConnections();
      return new Promise((r) => server.close(() => r()));
    },
  };
}

export class WtPage {
  private constructor(readonly page: Page) {}

  static async open(context: BrowserContext, url: string, name: string): Promise<WtPage> {
    const page = await context.newPage();
    page.on('pageerror', (e) => console.log(`[${name}] page error: ${e.message}`));
    page.on('console', (m) => {
      if (m.type() === 'error' || process.env['DEBUG_PAGES']) console.log(`[${name}] ${m.type()}: ${m.text()}`);
    });
    await page.goto(url);
    await page.waitForFunction(() => 'wtBench' in window, null, { timeout: 20_000 });
    await page.evaluate(() => (window as unknown as W).wtBench.grantLoopbackIce());
    return new WtPage(page);
  }

  seed(length: number, seed: number, trackerUrl: string): Promise<WtSeed> {
    return this.page.evaluate((o) => (window as unknown as W).wtBench.seed(o), { length, seed, trackerUrl });
  }

  add(magnet: string): Promise<void> {
    return this.page.evaluate((m) => (window as unknown as W).wtBench.add(m), magnet);
  }

  status(): Promise<WtStatus | null> {
    return this.page.evaluate(() => (window as unknown as W).wtBench.status());
  }

  async close(): Promise<void> {
    await this.page.evaluate(() => (window as unknown as W).wtBench.destroy()).catch(() => undefined);
    await this.page.close();
  }
}

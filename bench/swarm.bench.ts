// A swarm that spreads (issue 13): one seeding page and four downloading pages of one torrent in one browser, through
// the local tracker; the seeder's upload / size and the time from adding the magnet to the last finish. The same with
// WebTorrent's browser bundle (five pages of its own origin) for the WebTorrent column. Min / median / max of
// BENCH_RUNS runs (default 3); writes bench/results/swarm.json and prints a table.

import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { expect, test, type Browser, type Page } from '@playwright/test';
import { appContext, infoHashOf, launch, openApp, randomContent, row, seedFiles, snapshotOf, startApp, tempFile, type RunningServer } from '../tests/browser/support/app.ts';
import { startWebTorrentOrigin, WebTorrentPeer, type WebTorrentOrigin } from '../tests/browser/interop/support/webtorrent-peer.ts';

const MiB = 1024 * 1024;
const RUNS = Number(process.env['BENCH_RUNS'] ?? 3);
const SIZE = Number(process.env['BENCH_SWARM_MIB'] ?? 64) * MiB;
const LEECHERS = 4;
const DEADLINE_MS = 10 * 60_000;

let server: RunningServer;
let browser: Browser;
let wtOrigin: WebTorrentOrigin;

test.beforeAll(async () => {
  server = await startApp();
  browser = await launch();
  wtOrigin = await startWebTorrentOrigin();
});
test.afterAll(async () => {
  await wtOrigin?.close();
  await browser?.close();
  await server?.close();
});

interface SwarmRun {
  /** Seeder's payload upload / torrent size. */
  seedRatio: number;
  /** Seconds from adding the magnet (all four at once) to the last leecher's finish. */
  lastFinishS: number;
  /** Payload the leechers uploaded to each other / torrent size. */
  tradedRatio: number;
  pieceLength: number;
}

/** Our app: one seeding page and four downloading pages, each in its own context (its own storage). */
async function rivuletSwarm(run: number): Promise<SwarmRun> {
  const file = tempFile(`swarm-${run}.bin`, randomContent(SIZE, 300 + run));
  const seeder = await openApp(await appContext(browser, server), server.url);
  const magnet = await seedFiles(seeder, [file]);
  const infoHash = infoHashOf(magnet);
  const leechers: Page[] = [];
  for (let i = 0; i < LEECHERS; i++) leechers.push(await openApp(await appContext(browser, server), server.url));
  const started = performance.now();
  await Promise.all(
    leechers.map(async (page) => {
      await page.getByTestId('magnet-input').fill(magnet);
      await page.getByTestId('magnet-submit').click();
      await expect(row(page, infoHash)).toBeVisible();
    }),
  );
  const finishedAt = new Array<number>(LEECHERS).fill(0);
  const deadline = performance.now() + DEADLINE_MS;
  let nextReport = performance.now() + 10_000;
  while (finishedAt.some((t) => t === 0)) {
    const progress: string[] = [];
    for (let i = 0; i < LEECHERS; i++) {
      const s = await snapshotOf(leechers[i]!, infoHash);
      progress.push(`${((Number(s?.['verified'] ?? 0) / SIZE) * 100).toFixed(0)}% (${String(s?.['peers'] ?? '?')} peers)`);
      if (finishedAt[i] === 0 && Number(s?.['verified'] ?? 0) === SIZE) finishedAt[i] = performance.now();
    }
    if (performance.now() > nextReport) {
      const seedNow = await snapshotOf(seeder, infoHash);
      console.log(`  ${((performance.now() - started) / 1000).toFixed(0)} s: seed sent ${(Number(seedNow?.['uploaded'] ?? 0) / SIZE).toFixed(2)}x to ${String(seedNow?.['peers'] ?? '?')} peers; leechers ${progress.join(', ')}`);
      nextReport = performance.now() + 10_000;
    }
    if (performance.now() > deadline) throw new Error(`Rivulet swarm: ${finishedAt.filter((t) => t === 0).length} leechers unfinished after ${DEADLINE_MS / 1000} s`);
    await new Promise((r) => setTimeout(r, 100));
  }
  // Counters reach the page with the next snapshot (about a second); the seeder's total settles once all are done.
  await new Promise((r) => setTimeout(r, 1500));
  const seed = (await snapshotOf(seeder, infoHash))!;
  let traded = 0;
  for (const page of leechers) traded += Number((await snapshotOf(page, infoHash))?.['uploaded'] ?? 0);
  const result = {
    seedRatio: Number(seed['uploaded']) / SIZE,
    lastFinishS: (Math.max(...finishedAt) - started) / 1000,
    tradedRatio: traded / SIZE,
    pieceLength: Number(seed['pieceLength']),
  };
  for (const page of [seeder, ...leechers]) await page.context().close();
  return result;
}

/** WebTorrent 3 (browser bundle): the same swarm, pages of its own origin, the same tracker and piece length. */
async function webTorrentSwarm(run: number, pieceLength: number): Promise<SwarmRun> {
  const seeder = await WebTorrentPeer.open(browser, wtOrigin, 'wt-seed');
  const seeded = await seeder.seed([{ path: `wt-swarm-${run}.bin`, length: SIZE, seed: 400 + run }], server.trackerUrl, { pieceLength, timeoutMs: 120_000 });
  const leechers: WebTorrentPeer[] = [];
  for (let i = 0; i < LEECHERS; i++) leechers.push(await WebTorrentPeer.open(browser, wtOrigin, `wt-leech-${i}`));
  const results = await Promise.all(leechers.map((l) => l.download(seeded.magnetURI, DEADLINE_MS)));
  for (const r of results) expect(r.files[0]!.sha256).toBe(seeded.generated[0]!.sha256);
  const up = await seeder.uploaded(seeded.infoHash);
  let traded = 0;
  for (const l of leechers) traded += (await l.uploaded(seeded.infoHash).catch(() => ({ bytes: 0 }))).bytes;
  const result = {
    seedRatio: up.bytes / SIZE,
    lastFinishS: Math.max(...results.map((r) => r.doneMs)) / 1000,
    tradedRatio: traded / SIZE,
    pieceLength: seeded.pieceLength,
  };
  for (const p of [seeder, ...leechers]) await p.close();
  return result;
}

function sorted(values: number[]): number[] {
  return [...values].sort((x, y) => x - y);
}

function stats(values: number[]): { min: number; median: number; max: number } {
  const s = sorted(values);
  return { min: s[0]!, median: s[Math.floor(s.length / 2)]!, max: s[s.length - 1]! };
}

function fmt(values: number[], digits: number): string {
  const s = stats(values);
  return `${s.min.toFixed(digits)} / ${s.median.toFixed(digits)} / ${s.max.toFixed(digits)}`;
}

test(`swarm: one seeding page and ${LEECHERS} downloading pages of ${SIZE / MiB} MiB, Rivulet and WebTorrent`, async () => {
  const rivulet: SwarmRun[] = [];
  const webtorrent: SwarmRun[] = [];
  for (let i = 0; i < RUNS; i++) {
    const r = await rivuletSwarm(i);
    rivulet.push(r);
    console.log(`run ${i + 1} Rivulet: seed ${r.seedRatio.toFixed(2)}x, leechers ${r.tradedRatio.toFixed(2)}x, last finish ${r.lastFinishS.toFixed(1)} s (pieces ${r.pieceLength / 1024} KiB)`);
    const w = await webTorrentSwarm(i, r.pieceLength);
    webtorrent.push(w);
    console.log(`run ${i + 1} WebTorrent: seed ${w.seedRatio.toFixed(2)}x, leechers ${w.tradedRatio.toFixed(2)}x, last finish ${w.lastFinishS.toFixed(1)} s`);
  }
  const lines = [
    `Swarm: 1 seeding + ${LEECHERS} downloading pages of ${SIZE / MiB} MiB, one browser, local tracker; min / median / max of ${RUNS} runs`,
    `| | Rivulet | WebTorrent 3 |`,
    `|---|---|---|`,
    `| seeder upload / size | ${fmt(rivulet.map((r) => r.seedRatio), 2)} | ${fmt(webtorrent.map((r) => r.seedRatio), 2)} |`,
    `| leechers' upload / size | ${fmt(rivulet.map((r) => r.tradedRatio), 2)} | ${fmt(webtorrent.map((r) => r.tradedRatio), 2)} |`,
    `| add -> last finish (s) | ${fmt(rivulet.map((r) => r.lastFinishS), 1)} | ${fmt(webtorrent.map((r) => r.lastFinishS), 1)} |`,
  ];
  console.log(lines.join('\n'));
  const dir = path.resolve(import.meta.dirname, 'results');
  mkdirSync(dir, { recursive: true });
  writeFileSync(
    path.join(dir, 'swarm.json'),
    JSON.stringify(
      {
        sizeBytes: SIZE,
        leechers: LEECHERS,
        runs: RUNS,
        pieceLength: rivulet[0]!.pieceLength,
        rivulet: { seedRatio: stats(rivulet.map((r) => r.seedRatio)), tradedRatio: stats(rivulet.map((r) => r.tradedRatio)), lastFinishS: stats(rivulet.map((r) => r.lastFinishS)), runs: rivulet },
        webtorrent: { seedRatio: stats(webtorrent.map((r) => r.seedRatio)), tradedRatio: stats(webtorrent.map((r) => r.tradedRatio)), lastFinishS: stats(webtorrent.map((r) => r.lastFinishS)), runs: webtorrent },
      },
      null,
      2,
    ) + '\n',
  );
});

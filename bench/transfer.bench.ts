// Page-to-page transfer through our app versus a raw RTCDataChannel between the same two pages, in the same run;
// and the downloading page's JS heap (main thread + engine worker) at two file sizes.

import { writeFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { infoHashOf, openApp, persistentAppContext, randomContent, row, seedFiles, snapshotOf, startApp, tempFile, type RunningServer } from '../tests/browser/support/app.ts';
import { HeapProbe, MiB, mib, type HeapSample } from './support/heap.ts';
import { rawChannelMBps } from './support/raw-channel.ts';

const RUNS = Number(process.env['BENCH_RUNS'] ?? 3);
const SIZE = Number(process.env['BENCH_MIB'] ?? 256) * MiB;

let server: RunningServer;

test.beforeAll(async () => {
  server = await startApp();
});
test.afterAll(async () => {
  await server?.close();
});

interface AppRun {
  mbps: number;
  addToDoneS: number;
  seedReadyS: number;
  heapPeak: HeapSample;
  heapEnd: HeapSample;
}

/** One download of `size` bytes from a fresh seeding page to a fresh downloading page. */
async function appTransfer(size: number, seed: number): Promise<{ run: AppRun; a: Page; b: Page }> {
  const file = tempFile(`bench-${size}.bin`, randomContent(size, seed));
  // Two people: two browsers, each with its own on-disk profile.
  const a = await openApp(await persistentAppContext(server), server.url);
  const t0 = performance.now();
  const magnet = await seedFiles(a, [file]);
  const seedReadyS = (performance.now() - t0) / 1000;
  const infoHash = infoHashOf(magnet);
  const b = await openApp(await persistentAppContext(server), server.url);
  const heap = await HeapProbe.attach(b);
  const addedAt = performance.now();
  await b.getByTestId('magnet-input').fill(magnet);
  await b.getByTestId('magnet-submit').click();
  await expect(row(b, infoHash)).toBeVisible();
  let first = 0;
  let last = 0;
  let peak: HeapSample = { main: 0, workers: 0 };
  let nextHeap = 0;
  const deadline = performance.now() + 20 * 60_000;
  for (;;) {
    const s = await snapshotOf(b, infoHash);
    const received = Number(s?.['receivedThisSession'] ?? 0);
    if (received > 0 && first === 0) first = performance.now();
    if (Number(s?.['verified'] ?? 0) === size) {
      last = performance.now();
      break;
    }
    if (performance.now() > nextHeap) {
      const h = await heap.sample();
      peak = { main: Math.max(peak.main, h.main), workers: Math.max(peak.workers, h.workers) };
      nextHeap = performance.now() + 1000;
    }
    if (performance.now() > deadline) throw new Error('app transfer did not finish in 20 minutes');
    await new Promise((r) => setTimeout(r, 50));
  }
  const end = await heap.sample();
  await heap.close();
  return {
    run: { mbps: size / ((last - first) * 1000), addToDoneS: (last - addedAt) / 1000, seedReadyS, heapPeak: peak, heapEnd: end },
    a,
    b,
  };
}

function stats(values: number[]): string {
  const s = [...values].sort((x, y) => x - y);
  return `${s[0]!.toFixed(1)} / ${s[Math.floor(s.length / 2)]!.toFixed(1)} / ${s[s.length - 1]!.toFixed(1)}`;
}

function median(values: number[]): number {
  const s = [...values].sort((x, y) => x - y);
  return s[Math.floor(s.length / 2)]!;
}

test(`page to page, ${SIZE / MiB} MiB: our app vs a raw RTCDataChannel between the same pages`, async () => {
  const app: AppRun[] = [];
  const raw: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const { run, a, b } = await appTransfer(SIZE, 100 + i);
    app.push(run);
    // The baseline between the very same two pages, right after, so both see the same machine load.
    raw.push(await rawChannelMBps(a, b, SIZE));
    await a.context().close();
    await b.context().close();
    console.log(`run ${i + 1}: app ${run.mbps.toFixed(1)} MB/s (add->done ${run.addToDoneS.toFixed(1)} s), raw ${raw[i]!.toFixed(1)} MB/s`);
  }
  const smallRun = await appTransfer(SIZE / 4, 7);
  const small = smallRun.run;
  await smallRun.a.context().close();
  await smallRun.b.context().close();
  const ratio = median(app.map((r) => r.mbps)) / median(raw);
  const lines = [
    `Transfer of ${SIZE / MiB} MiB page to page (MB = 10^6 bytes), min / median / max of ${RUNS} runs:`,
    `  raw RTCDataChannel, 16 KiB messages: ${stats(raw)} MB/s`,
    `  Rivulet (first to last byte):        ${stats(app.map((r) => r.mbps))} MB/s`,
    `  ratio app / raw (medians):           ${ratio.toFixed(2)}`,
    `  add magnet -> done:                  ${stats(app.map((r) => r.addToDoneS))} s`,
    `  seeding ready (hash + store):        ${stats(app.map((r) => r.seedReadyS))} s`,
    `Downloading page JS heap, main thread + engine worker (MiB):`,
    `  ${SIZE / MiB} MiB file: peak ${mib(median(app.map((r) => r.heapPeak.main)))} + ${mib(median(app.map((r) => r.heapPeak.workers)))}, at done ${mib(median(app.map((r) => r.heapEnd.main)))} + ${mib(median(app.map((r) => r.heapEnd.workers)))}`,
    `  ${SIZE / 4 / MiB} MiB file: peak ${mib(small.heapPeak.main)} + ${mib(small.heapPeak.workers)}, at done ${mib(small.heapEnd.main)} + ${mib(small.heapEnd.workers)}`,
  ];
  console.log(lines.join('\n'));
  const dir = path.resolve(import.meta.dirname, 'results');
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, 'transfer.txt'), lines.join('\n') + '\n');
});

// Page-to-page transfer: Rivulet against two baselines measured in the same run, between the same browsers: a raw
// RTCDataChannel (between the very same two Rivulet pages) and WebTorrent 3's browser bundle (seeding in the sending
// browser, downloading in the receiving one, through the same tracker). Two setups: two tabs of one browser on two
// origins (127.0.0.1 and localhost: two sites, so separate storage and renderer processes), and two browsers (two
// Chromium processes, each with its own on-disk profile). Per system: MB/s, CPU seconds per GiB moved for the
// sending and the receiving side (/proc), seeding ready time and the downloading page's JS heap. README.md says how
// to reproduce each figure and what each column means.

import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { expect, test, type BrowserContext, type Page } from '@playwright/test';
import { infoHashOf, openApp, randomContent, row, seedFiles, startApp, tempFile, type RunningServer } from '../tests/browser/support/app.ts';
import { launchBenchBrowser, type BenchBrowser } from './support/browsers.ts';
import { CpuMeter, cmdline, perGiB, rendererPidOf, threadSeconds, threadTicks, type CpuGroups } from './support/cpu.ts';
import { HeapProbe, MiB, type HeapSample } from './support/heap.ts';
import { rawChannelMBps } from './support/raw-channel.ts';
import { startWtOrigin, WtPage, type WtOrigin } from './support/webtorrent.ts';
import { renderReport, type SetupName, type SetupResult, type SystemRun } from './support/transfer-report.ts';

const QUICK = process.env['BENCH_QUICK'] === '1';
const RUNS = Number(process.env['BENCH_RUNS'] ?? (QUICK ? 1 : 3));
const SIZE = Number(process.env['BENCH_MIB'] ?? (QUICK ? 32 : 256)) * MiB;
/** `one`, `two` or both (default). */
const SETUPS = (process.env['BENCH_SETUPS'] ?? 'one,two').split(',');
const CPU_DETAIL = process.env['BENCH_CPU_DETAIL'] === '1';
const TRANSFER_TIMEOUT_MS = 20 * 60_000;

let server: RunningServer;
let wt: WtOrigin;
const files = new Map<number, string>();
const results: SetupResult[] = [];

test.beforeAll(async () => {
  server = await startApp();
  wt = await startWtOrigin();
});
test.afterAll(async () => {
  await wt?.close();
  await server?.close();
  if (results.length > 0) console.log(writeReport());
});

/** Writes the tables so far to bench/results/ (after every run, so a long run cut short still leaves its figures). */
function writeReport(): string {
  const { text, json } = renderReport(results, { size: SIZE, runs: RUNS });
  const dir = path.resolve(import.meta.dirname, 'results');
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, 'transfer.json'), JSON.stringify(json, null, 2) + '\n');
  writeFileSync(path.join(dir, 'transfer.md'), text + '\n');
  return text;
}

/** Where the sending and the receiving page live, and which processes count as each side's CPU. */
interface Placement {
  readonly send: BenchBrowser;
  readonly recv: BenchBrowser;
  /** Index into the two hosts (127.0.0.1, localhost) of each side's page. */
  readonly sendHost: 0 | 1;
  readonly recvHost: 0 | 1;
  cpuGroups(sendPage: Page, recvPage: Page): Promise<CpuGroups>;
  close(): Promise<void>;
}

async function place(setup: SetupName): Promise<Placement> {
  if (setup === 'one') {
    const b = await launchBenchBrowser(server.trackerUrl);
    return {
      send: b,
      recv: b,
      sendHost: 0,
      recvHost: 1,
      // Each page's renderer process (its dedicated workers run there); the rest of the browser (browser, network
      // service, GPU and utility processes) serves both and is reported on its own.
      cpuGroups: async (s, r) => {
        const sp = await rendererPidOf(s, b.pid);
        const rp = await rendererPidOf(r, b.pid);
        if (sp === rp) throw new Error(`both pages run in renderer ${sp}: the two origins did not get two processes`);
        return { send: () => [sp], recv: () => [rp], browser: () => b.pids() };
      },
      close: () => b.close(),
    };
  }
  const [s, r] = [await launchBenchBrowser(server.trackerUrl), await launchBenchBrowser(server.trackerUrl)];
  return {
    send: s,
    recv: r,
    sendHost: 0,
    recvHost: 0,
    cpuGroups: async () => ({ send: () => s.pids(), recv: () => r.pids(), ...(CPU_DETAIL ? { ...byProcessType('send', s), ...byProcessType('recv', r) } : {}) }),
    close: async () => {
      await s.close();
      await r.close();
    },
  };
}

/** Chromium's process kinds, from `--type=` and `--utility-sub-type=` (BENCH_CPU_DETAIL=1, two browsers). */
function byProcessType(side: string, b: BenchBrowser): CpuGroups {
  const kind = (pid: number): string => {
    const c = cmdline(pid);
    const type = /--type=(\S+)/.exec(c)?.[1] ?? 'browser';
    const sub = /--utility-sub-type=(\S+)/.exec(c)?.[1];
    return sub ? `${type}:${sub.split('.')[0]}` : type;
  };
  const kinds = ['browser', 'renderer', 'gpu-process', 'utility:network', 'zygote'];
  const out: CpuGroups = {};
  for (const k of kinds) out[`${side}.${k}`] = () => b.pids().filter((pid) => kind(pid) === k);
  out[`${side}.other`] = () => b.pids().filter((pid) => !kinds.includes(kind(pid)));
  return out;
}

/** CPU seconds per GiB by thread name in each side's renderer, browser and network service processes, printed (BENCH_CPU_DETAIL=1). */
class ThreadDetail {
  private constructor(
    private readonly pids: Record<string, () => number[]>,
    private readonly before: Record<string, ReturnType<typeof threadTicks>>,
  ) {}

  static start(groups: CpuGroups): ThreadDetail {
    const pids: Record<string, () => number[]> = {};
    if (CPU_DETAIL)
      for (const side of ['send', 'recv'])
        for (const kind of ['renderer', 'browser', 'utility:network']) if (groups[`${side}.${kind}`]) pids[`${side} ${kind}`] = groups[`${side}.${kind}`]!;
    return new ThreadDetail(pids, Object.fromEntries(Object.entries(pids).map(([k, f]) => [k, threadTicks(f())])));
  }

  stop(label: string, size: number): void {
    const gib = size / 2 ** 30;
    for (const [side, f] of Object.entries(this.pids)) {
      const s = threadSeconds(this.before[side]!, threadTicks(f()));
      const top = Object.entries(s).filter(([, v]) => v / gib >= 0.5).sort((x, y) => y[1] - x[1]);
      console.log(`${label} ${side} threads: ${top.map(([k, v]) => `${k} ${(v / gib).toFixed(1)}`).join(', ')}`);
    }
  }
}

/** Per process kind, CPU seconds per GiB (BENCH_CPU_DETAIL=1). */
function detailLine(label: string, run: SystemRun, size: number): string {
  const gib = size / 2 ** 30;
  return `${label}: ${Object.entries(run.cpuS)
    .filter(([k]) => k.includes('.'))
    .map(([k, v]) => `${k} ${(v / gib).toFixed(1)}`)
    .join(', ')}`;
}

const appUrls = (): [string, string] => [server.url, server.url.replace('127.0.0.1', 'localhost')];

/** Samples the page's heap every second until stopped; returns the peak (main thread and workers separately). */
function heapPeak(probe: HeapProbe): { stop(): Promise<HeapSample> } {
  let peak: HeapSample = { main: 0, workers: 0 };
  let running = true;
  const loop = (async () => {
    while (running) {
      const h = await probe.sample().catch(() => peak);
      peak = { main: Math.max(peak.main, h.main), workers: Math.max(peak.workers, h.workers) };
      await new Promise((r) => setTimeout(r, 1000));
    }
  })();
  return {
    stop: async () => {
      running = false;
      await loop;
      await probe.close();
      return peak;
    },
  };
}

/** Records, in the downloading page, when the torrent's first payload byte arrived and when all bytes verified. */
async function watchRivulet(page: Page, infoHashHex: string, size: number): Promise<void> {
  await page.evaluate(
    ([ih, total]) => {
      type Snap = { torrents: { infoHashHex: string; receivedThisSession: number; verified: number }[] };
      const w = window as unknown as { benchT: { add: number; first: number; done: number } };
      const app = document.querySelector('rv-app') as unknown as { client: { on(t: 'snapshot', l: (e: Snap) => void): void } };
      w.benchT = { add: performance.now(), first: 0, done: 0 };
      app.client.on('snapshot', (e) => {
        const t = e.torrents.find((x) => x.infoHashHex === ih);
        if (!t) return;
        if (t.receivedThisSession > 0 && w.benchT.first === 0) w.benchT.first = performance.now();
        if (t.verified === total && w.benchT.done === 0) w.benchT.done = performance.now();
      });
    },
    [infoHashHex, size] as const,
  );
}

const benchT = (page: Page) => page.evaluate(() => (window as unknown as { benchT: { add: number; first: number; done: number } }).benchT);

/** Polls `done` every 200 ms until it returns true, for at most TRANSFER_TIMEOUT_MS. */
async function until(what: string, done: () => Promise<boolean>): Promise<void> {
  const deadline = Date.now() + TRANSFER_TIMEOUT_MS;
  while (!(await done())) {
    if (Date.now() > deadline) throw new Error(`${what} did not finish in ${TRANSFER_TIMEOUT_MS / 60_000} minutes`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

const IDLE_MS = 3000;

/**
 * CPU seconds per second of each group with the pages open and nothing moving, under the same harness load (heap
 * sampling, a poll every 200 ms): what the report subtracts for its "net of idle" figures.
 */
async function idleRate(groups: CpuGroups, page: Page): Promise<Record<string, number>> {
  const heap = heapPeak(await HeapProbe.attach(page));
  const t0 = performance.now();
  const m = CpuMeter.start(groups);
  await until('idle', async () => (await page.evaluate(() => performance.now())) > 0 && performance.now() - t0 > IDLE_MS);
  const cpu = m.stop();
  const wallS = (performance.now() - t0) / 1000;
  await heap.stop();
  return Object.fromEntries(Object.entries(cpu).map(([k, v]) => [k, v / wallS]));
}

async function openRivulet(context: BrowserContext, host: 0 | 1): Promise<Page> {
  return openApp(context, appUrls()[host]);
}

function fileOf(size: number): string {
  if (!files.has(size)) files.set(size, tempFile(`bench-${size}.bin`, randomContent(size, 100)));
  return files.get(size)!;
}

/** Rivulet seeds in one page and downloads in the other; then the raw channel between the same two pages. */
async function rivuletAndRaw(p: Placement, size: number, withRaw = true): Promise<{ rivulet: SystemRun; raw?: SystemRun }> {
  const a = await openRivulet(p.send.context, p.sendHost);
  const b = await openRivulet(p.recv.context, p.recvHost);
  const groups = await p.cpuGroups(a, b);
  const t0 = performance.now();
  const magnet = await seedFiles(a, [fileOf(size)]);
  const seedReadyS = (performance.now() - t0) / 1000;
  const ih = infoHashOf(magnet);
  const idle = await idleRate(groups, b);
  const heap = heapPeak(await HeapProbe.attach(b));
  const cpu = CpuMeter.start(groups);
  const threads = ThreadDetail.start(groups);
  const cpuT0 = performance.now();
  await watchRivulet(b, ih, size);
  await b.getByTestId('magnet-input').fill(magnet);
  await b.getByTestId('magnet-submit').click();
  await expect(row(b, ih)).toBeVisible();
  await until('Rivulet transfer', async () => (await benchT(b)).done > 0);
  const cpuS = cpu.stop();
  threads.stop('Rivulet', size);
  const wallS = (performance.now() - cpuT0) / 1000;
  const heapPeakBytes = await heap.stop();
  const t = await benchT(b);
  const rivulet: SystemRun = {
    mbps: size / ((t.done - t.add) * 1000),
    firstToLastMbps: size / ((t.done - t.first) * 1000),
    cpuS,
    wallS,
    idleCpuPerS: idle,
    seedReadyS,
    heapPeak: heapPeakBytes,
  };

  if (!withRaw) return { rivulet };
  // The same harness load as the two others (heap sampling, a poll every 200 ms), so CPU figures compare.
  const rawHeap = heapPeak(await HeapProbe.attach(b));
  const rawCpu = CpuMeter.start(groups);
  const rawThreads = ThreadDetail.start(groups);
  const rawT0 = performance.now();
  let rawDone = false;
  const polling = until('raw channel', async () => rawDone || (await b.evaluate(() => true)) === false);
  const rawMbps = await rawChannelMBps(a, b, size).finally(() => (rawDone = true));
  rawThreads.stop('raw', size);
  // Idle as measured before Rivulet's download: the same two pages, the same processes.
  const raw: SystemRun = { mbps: rawMbps, firstToLastMbps: rawMbps, cpuS: rawCpu.stop(), wallS: (performance.now() - rawT0) / 1000, idleCpuPerS: idle };
  await polling;
  await rawHeap.stop();
  await a.close();
  await b.close();
  return { rivulet, raw };
}

/** WebTorrent seeds in the sending browser and downloads in the receiving one, through the same tracker. */
async function webTorrent(p: Placement, size: number, seed: number): Promise<SystemRun> {
  const a = await WtPage.open(p.send.context, wt.urls[p.sendHost], 'wt seed');
  const b = await WtPage.open(p.recv.context, wt.urls[p.recvHost], 'wt download');
  const groups = await p.cpuGroups(a.page, b.page);
  const seeded = await a.seed(size, seed, server.trackerUrl);
  const idle = await idleRate(groups, b.page);
  const heap = heapPeak(await HeapProbe.attach(b.page));
  const cpu = CpuMeter.start(groups);
  const cpuT0 = performance.now();
  await b.add(seeded.magnetURI);
  let last = await b.status();
  await until('WebTorrent transfer', async () => {
    last = await b.status();
    if (last?.errors.length) throw new Error(`WebTorrent: ${last.errors.join('; ')}`);
    return (last?.doneMs ?? 0) > 0;
  });
  const cpuS = cpu.stop();
  const wallS = (performance.now() - cpuT0) / 1000;
  const heapPeakBytes = await heap.stop();
  await a.close();
  await b.close();
  return {
    mbps: size / (last!.doneMs * 1000),
    firstToLastMbps: size / ((last!.doneMs - last!.firstByteMs) * 1000),
    cpuS,
    wallS,
    idleCpuPerS: idle,
    seedReadyS: seeded.seedMs / 1000,
    heapPeak: heapPeakBytes,
  };
}

for (const setup of ['one', 'two'] as const) {
  if (!SETUPS.includes(setup)) continue;
  const title = setup === 'one' ? 'two tabs of one browser, two origins' : 'two browsers';
  test(`${title}, ${SIZE / MiB} MiB: raw channel, WebTorrent and Rivulet`, async () => {
    test.setTimeout(RUNS * 25 * 60_000);
    const result: SetupResult = { setup, runs: [] };
    results.push(result);
    for (let i = 0; i < RUNS; i++) {
      const p = await place(setup);
      try {
        const { rivulet, raw } = await rivuletAndRaw(p, SIZE);
        if (!raw) throw new Error('no raw channel figure');
        const webtorrent = await webTorrent(p, SIZE, 200 + i);
        result.runs.push({ raw, webtorrent, rivulet });
        writeReport();
        if (CPU_DETAIL) for (const [n, r] of [['raw', raw], ['WebTorrent', webtorrent], ['Rivulet', rivulet]] as const) console.log(detailLine(n, r, SIZE));
        console.log(
          `${title}, run ${i + 1}/${RUNS}: raw ${raw.mbps.toFixed(1)}, WebTorrent ${webtorrent.mbps.toFixed(1)}, Rivulet ${rivulet.mbps.toFixed(1)} MB/s (add -> done)`,
        );
      } finally {
        await p.close();
      }
    }
    // The downloading page's heap for a quarter of the size: flat as the file grows, or not.
    if (setup === 'two' && !QUICK) {
      const p = await place(setup);
      try {
        result.quarter = (await rivuletAndRaw(p, SIZE / 4, false)).rivulet;
      } finally {
        await p.close();
      }
    }
  });
}

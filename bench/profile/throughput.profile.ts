// The byte path measured from outside (bench/PROFILE.md): one browser, two tabs on two origins (127.0.0.1 and
// localhost), the app seeding in one and downloading in the other, then a raw RTCDataChannel between the same two
// pages; wall-clock MB/s and CPU seconds per GiB of each renderer, the browser process and the rest.
// PROFILE_CPU=1 also records Chromium's CPU profile of both pages' main threads and engine workers during the
// app transfer (slower; use an unminified build: `npx vite build --minify false`). On demand only, not CI.

import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium, expect, test, type BrowserContext, type Page } from '@playwright/test';
import { DIST, infoHashOf, openApp, randomContent, row, seedFiles, tempFile, type RunningServer } from '../../tests/browser/support/app.ts';
// @ts-expect-error plain JS module (server/server.js has JSDoc types, no .d.ts)
import { startServer } from '../../server/server.js';
import { THROUGHPUT_ARGS, chromiumLaunchOptions } from '../../tests/browser/support/chromium.ts';
import { rawChannelMBps } from '../support/raw-channel.ts';
import { ThreadProfiler, saveProfile, selfTimes, type CpuProfile } from './cdp-profiler.ts';
import { BrowserTracer, traceReport } from './cdp-tracer.ts';
import { cpuDelta, rendererOf, sampleCpu, threadCpu, threadDelta, type CpuSample } from './cpu.ts';

const MiB = 1024 * 1024;
const GiB = 1024 * MiB;
const SIZE = Number(process.env['PROFILE_MIB'] ?? 128) * MiB;
const RUNS = Number(process.env['PROFILE_RUNS'] ?? 1);
const PROFILE = process.env['PROFILE_CPU'] === '1';
const RAW = process.env['PROFILE_RAW'] !== '0';
// PROFILE_TRACE=1: a Chromium trace (bench/profile/cdp-tracer.ts) of the transfer, summarised per thread;
// PROFILE_TRACE=save also writes the raw trace (open it in DevTools' Performance panel).
const TRACE = process.env['PROFILE_TRACE'];
const OUT = path.resolve(import.meta.dirname, '../results');
// PROFILE_DIST=/tmp/base/dist,dist: each run measures every listed build in turn (before/after in one run).
const DISTS = (process.env['PROFILE_DIST'] ?? DIST).split(',').map((d) => path.resolve(d));

const servers: RunningServer[] = [];
test.beforeAll(async () => {
  for (const distDir of DISTS) servers.push((await startServer({ port: 0, host: '127.0.0.1', distDir })) as RunningServer);
});
test.afterAll(async () => {
  for (const s of servers) await s.close();
});

async function browserWithProfile(server: RunningServer): Promise<{ context: BrowserContext; dir: string }> {
  const dir = mkdtempSync(path.join(tmpdir(), 'rivulet-profile-'));
  const context = await chromium.launchPersistentContext(dir, {
    ...chromiumLaunchOptions(THROUGHPUT_ARGS),
    permissions: ['microphone', 'clipboard-read', 'clipboard-write'],
  });
  await context.addInitScript((tracker) => {
    if (!localStorage.getItem('rivulet.settings')) localStorage.setItem('rivulet.settings', JSON.stringify({ trackers: [tracker], iceServers: [] }));
  }, server.trackerUrl);
  return { context, dir };
}

interface Cpu {
  seeder: number;
  leecher: number;
  browser: number;
  other: number;
  total: number;
}

/** CPU seconds per GiB moved, split by process. */
function cpuPerGiB(a: CpuSample, b: CpuSample, seederPid: number, leecherPid: number, bytes: number): Cpu {
  const out: Cpu = { seeder: 0, leecher: 0, browser: 0, other: 0, total: 0 };
  for (const [pid, d] of cpuDelta(a, b)) {
    const k = pid === seederPid ? 'seeder' : pid === leecherPid ? 'leecher' : d.type === 'browser' ? 'browser' : 'other';
    out[k] += d.s;
    out.total += d.s;
  }
  for (const k of Object.keys(out) as (keyof Cpu)[]) out[k] = out[k] / (bytes / GiB);
  return out;
}

/** Both renderers' threads: CPU seconds per GiB by thread name (main thread, engine worker, compositor, WebRTC...). */
type ThreadCpu = { seeder: Record<string, number>; leecher: Record<string, number> };
const sampleThreads = (pids: { a: number; b: number }) => ({ a: threadCpu(pids.a), b: threadCpu(pids.b) });
function threadsPerGiB(x: ReturnType<typeof sampleThreads>, y: ReturnType<typeof sampleThreads>, bytes: number): ThreadCpu {
  const per = (d: Map<string, number>) =>
    Object.fromEntries([...d].filter(([, v]) => v > 0).sort((p, q) => q[1] - p[1]).map(([k, v]) => [k, Number((v / (bytes / GiB)).toFixed(1))]));
  return { seeder: per(threadDelta(x.a, y.a)), leecher: per(threadDelta(x.b, y.b)) };
}
const fmtThreads = (t: ThreadCpu): string =>
  (['seeder', 'leecher'] as const).map((k) => `${k} ${Object.entries(t[k]).slice(0, 6).map(([n, v]) => `${n} ${v}`).join(', ')}`).join('\n    ');

const fmt = (c: Cpu): string =>
  `seeder ${c.seeder.toFixed(1)}  leecher ${c.leecher.toFixed(1)}  browser ${c.browser.toFixed(1)}  other ${c.other.toFixed(1)}  total ${c.total.toFixed(1)}`;

function report(label: string, p: CpuProfile, mib: number): string {
  const { totalMs, busyMs, rows } = selfTimes(p);
  const lines = [`## ${label}: ${busyMs.toFixed(0)} ms busy of ${totalMs.toFixed(0)} ms sampled (${(busyMs / mib).toFixed(2)} ms per MiB)`];
  for (const r of rows.slice(0, 30)) lines.push(`${r.ms.toFixed(1).padStart(9)} ms  ${(r.ms / mib).toFixed(3).padStart(7)} ms/MiB  ${r.name}`);
  return lines.join('\n');
}

async function appTransfer(a: Page, b: Page, dir: string, seed: number, pids: { a: number; b: number }) {
  const file = tempFile(`profile-${SIZE}.bin`, randomContent(SIZE, seed));
  const magnet = await seedFiles(a, [file]);
  const infoHash = infoHashOf(magnet);
  const profilers = PROFILE ? [...(await ThreadProfiler.attach(a, 'seeder')).threads, ...(await ThreadProfiler.attach(b, 'leecher')).threads] : [];
  for (const p of profilers) await p.start();
  const tracer = TRACE ? await BrowserTracer.start(b, TRACE === 'save') : null;
  const c0 = sampleCpu(dir);
  const t0 = sampleThreads(pids);
  await b.getByTestId('magnet-input').fill(magnet);
  await b.getByTestId('magnet-submit').click();
  await expect(row(b, infoHash)).toBeVisible();
  // Waited for inside the page, on the app's own snapshot events: polling from here (page.evaluate every 250 ms)
  // is DevTools work on the very main thread being measured.
  const { first, last } = await b.evaluate(
    ({ ih, size }) =>
      new Promise<{ first: number; last: number }>((resolve) => {
        type Snap = { infoHashHex: string; receivedThisSession: number; verified: number };
        const app = document.querySelector('rv-app') as Element & { client: { on(type: 'snapshot', l: (e: { torrents: Snap[] }) => void): () => void } };
        let first = 0;
        const off = app.client.on('snapshot', (e) => {
          const t = e.torrents.find((x) => x.infoHashHex === ih);
          if (!t) return;
          if (first === 0 && t.receivedThisSession > 0) first = performance.now();
          if (t.verified === size) {
            off();
            resolve({ first, last: performance.now() });
          }
        });
      }),
    { ih: infoHash, size: SIZE },
  );
  const c1 = sampleCpu(dir);
  const threads = threadsPerGiB(t0, sampleThreads(pids), SIZE);
  const reports: string[] = [];
  const mainBusy = { seeder: 0, leecher: 0 };
  if (tracer) {
    await tracer.stop();
    const mib = SIZE / MiB;
    for (const [label, pid, page] of [['seeder', pids.a, a], ['leecher', pids.b, b]] as const) {
      // Trace pids are the OS's; if the sandbox hid them, the browser's frame events name the renderer.
      let threads = tracer.threads(pid);
      if (!threads.length) threads = tracer.threads(tracer.rendererOf(new URL(page.url()).origin) ?? -1);
      mainBusy[label] = threads.find((t) => t.thread === 'CrRendererMain')?.busyMs ?? 0;
      reports.push(traceReport(`trace ${label}`, threads, mib));
    }
    if (TRACE === 'save') tracer.saveRaw(path.join(OUT, 'profile-trace.json'));
  }
  for (const p of profilers) {
    const prof = await p.stop();
    const name = p.label.replace(/[^a-z0-9]+/gi, '-');
    saveProfile(path.join(OUT, `profile-${name}.cpuprofile`), prof);
    reports.push(report(p.label, prof, SIZE / MiB));
  }
  return { mbps: SIZE / ((last - first) * 1000), cpu: cpuPerGiB(c0, c1, pids.a, pids.b, SIZE), reports, mainBusy, seconds: (last - first) / 1000, threads };
}

test(`byte path, ${SIZE / MiB} MiB, two tabs of one browser: Rivulet vs raw channel`, async () => {
  mkdirSync(OUT, { recursive: true });
  const lines: string[] = [];
  const results: unknown[] = [];
  for (let n = 0; n < RUNS * DISTS.length; n++) {
    const server = servers[n % DISTS.length]!;
    const i = Math.floor(n / DISTS.length);
    const build = DISTS.length > 1 ? ` [${path.relative(process.cwd(), DISTS[n % DISTS.length]!) || '.'}]` : '';
    const { context, dir } = await browserWithProfile(server);
    try {
      const a = await openApp(context, server.url);
      const b = await openApp(context, server.url.replace('127.0.0.1', 'localhost'));
      const pidA = await rendererOf(a, dir);
      const pids = { a: pidA, b: await rendererOf(b, dir, pidA) };
      const app = await appTransfer(a, b, dir, 300 + i, pids);
      lines.push(`run ${i + 1}${build} Rivulet: ${app.mbps.toFixed(1)} MB/s; CPU s/GiB ${fmt(app.cpu)}`);
      lines.push(`  threads CPU s/GiB:\n    ${fmtThreads(app.threads)}`);
      if (TRACE) {
        const mib = SIZE / MiB;
        lines.push(`run ${i + 1}${build} main threads busy (trace): seeder ${(app.mainBusy.seeder / mib).toFixed(1)} ms/MiB, leecher ${(app.mainBusy.leecher / mib).toFixed(1)} ms/MiB over ${app.seconds.toFixed(1)} s`);
      }
      let raw: { mbps: number; cpu: Cpu; threads: ThreadCpu } | null = null;
      if (RAW) {
        const c2 = sampleCpu(dir);
        const t2 = sampleThreads(pids);
        const mbps = await rawChannelMBps(a, b, SIZE);
        raw = { mbps, cpu: cpuPerGiB(c2, sampleCpu(dir), pids.a, pids.b, SIZE), threads: threadsPerGiB(t2, sampleThreads(pids), SIZE) };
        lines.push(`run ${i + 1}${build} raw:     ${mbps.toFixed(1)} MB/s; CPU s/GiB ${fmt(raw.cpu)}; ratio ${(app.mbps / mbps).toFixed(2)}`);
        lines.push(`  threads CPU s/GiB:\n    ${fmtThreads(raw.threads)}`);
      }
      console.log(lines.slice(-(TRACE ? 5 : 4)).join('\n'));
      results.push({ dist: DISTS[n % DISTS.length], app: { mbps: app.mbps, cpu: app.cpu, threads: app.threads, mainBusyMs: TRACE ? app.mainBusy : undefined }, raw });
      if (app.reports.length) {
        const text = app.reports.join('\n\n');
        console.log(text);
        writeFileSync(path.join(OUT, `profile-selftime-run${n + 1}.txt`), text + '\n');
      }
    } finally {
      await context.close();
    }
  }
  writeFileSync(path.join(OUT, 'profile-throughput.json'), JSON.stringify({ sizeMiB: SIZE / MiB, results }, null, 2));
  console.log(lines.join('\n'));
});

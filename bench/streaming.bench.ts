// Watch while it downloads, timed on loopback with one seeder: from adding the magnet link to the first `playing`
// event, and from a seek (to 80%) to playback running again. Each run is a fresh browser profile downloading from
// the same seeding page. Timestamps are taken inside the downloading page (performance.now()). The floor: the same
// file played from a local File in the same page just before, seeked the same way.

import { mkdirSync, statSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { infoHashOf, openApp, persistentAppContext, seedFiles, startApp, type RunningServer } from '../tests/browser/support/app.ts';
import { openFiles, waitForServiceWorker } from '../tests/browser/streaming/support.ts';
// @ts-expect-error plain JS module (server/server.js has JSDoc types, no .d.ts)
import { startServer } from '../server/server.js';
import { makeWebm, type WebmOptions } from '../tests/browser/streaming/webm.ts';
import { addPageProbes } from './support/page-probes.ts';
import { median, stats as statsOf } from './support/stats.ts';

const RUNS = Number(process.env['BENCH_RUNS'] ?? 3);
/** Three minutes at 3 Mbit/s (about 68 MB, 64 KiB pieces): a typical web video's bitrate and length. */
const MOVIE: WebmOptions = { seconds: 180, videoBitsPerSecond: 3_000_000 };
/** The downloading page's storage: the app's default (OPFS here); add 'memory' to time streaming without disk writes. */
const STORAGES = (process.env['BENCH_STREAM_STORAGE'] ?? 'auto').split(',') as ('auto' | 'memory')[];

/**
 * Another build's dist (e.g. the commit before a change, built elsewhere) to time in the same run, runs alternating
 * with this build's: on a loaded machine only figures from one run compare.
 */
const BASELINE_DIST = process.env['BENCH_STREAM_BASELINE_DIST'];

let server: RunningServer;
let baseline: RunningServer | undefined;

test.beforeAll(async () => {
  server = await startApp();
  if (BASELINE_DIST) baseline = (await startServer({ port: 0, host: '127.0.0.1', distDir: path.resolve(BASELINE_DIST) })) as RunningServer;
});
test.afterAll(async () => {
  await server?.close();
  await baseline?.close();
});

interface Run {
  /** Magnet submitted -> Play clicked, in-page as soon as it renders (metadata from the peer, file list shown). */
  addToFilesMs: number;
  /** Play clicked -> first `playing`. */
  playToPlayingMs: number;
  /** Magnet submitted -> first `playing`, everything included. */
  addToPlayingMs: number;
  /** currentTime set to 80% -> `seeked`. */
  seekToSeekedMs: number;
  /** currentTime set to 80% -> playing again (the playhead moves past the target). */
  seekToPlayingMs: number;
  /** Share of the file verified when the seek resumed. */
  verifiedAtSeek: number;
  /** The same file played from a local File (blob URL) in the same page just before: seek to 80% -> playing. */
  localSeekToPlayingMs: number;
  /** Step timestamps of the seek (src/api/stream-trace.ts) from the service worker and the engine worker, ms after the seek. */
  steps: { step: string; ms: number; n?: number }[];
}

type TraceLog = { step: string; t: number; n?: number }[];

/** The realms that trace stream steps: the service worker and the page's workers (the engine's among them). */
function traceRealms(page: Page): { evaluate<R>(fn: () => R): Promise<R> }[] {
  return [...page.context().serviceWorkers(), ...page.workers()];
}

async function startTrace(page: Page): Promise<void> {
  await Promise.all(traceRealms(page).map((w) => w.evaluate(() => void ((globalThis as { __rvStreamTrace?: TraceLog }).__rvStreamTrace = []))));
}

async function takeTrace(page: Page): Promise<TraceLog> {
  const logs = await Promise.all(
    traceRealms(page).map((w) =>
      w.evaluate(() => {
        const g = globalThis as { __rvStreamTrace?: TraceLog };
        const log = g.__rvStreamTrace ?? [];
        delete g.__rvStreamTrace;
        return log;
      }),
    ),
  );
  return logs.flat().sort((a, b) => a.t - b.t);
}

/**
 * Records, in page time, the clicks on the magnet submit and Play buttons and the player's media events: media
 * events do not leave shadow roots, so every shadow root gets a capture listener as it is attached (page probes).
 */
function instrument(): void {
  const w = window as unknown as { __bench: { events: { type: string; t: number; testid?: string }[] } };
  w.__bench = { events: [] };
  const log = (type: string, testid?: string): void => void w.__bench.events.push({ type, t: performance.now(), ...(testid ? { testid } : {}) });
  window.__rvBench.onShadowRoot((root) => {
    for (const type of ['playing', 'seeked', 'click']) {
      root.addEventListener(type, (e) => log(type, type === 'click' ? ((e.target as Element).closest?.('[data-testid]')?.getAttribute('data-testid') ?? '') : undefined), true);
    }
  });
}

/**
 * Clicks the first file's Play button from inside the page the moment it renders (polled every few ms through the
 * shadow roots), so the driver's own polling and round trips are not counted as the app's latency.
 */
function clickPlayWhenShown(): void {
  const poll = (): void => {
    const button = window.__rvBench.deepQuery<HTMLButtonElement>('[data-testid="file-row"][data-index="0"] [data-testid="play-file"]');
    if (button && !button.disabled) button.click();
    else setTimeout(poll, 4);
  };
  poll();
}

async function events(page: Page): Promise<{ type: string; t: number; testid?: string }[]> {
  return page.evaluate(() => (window as unknown as { __bench: { events: { type: string; t: number; testid?: string }[] } }).__bench.events);
}

/**
 * The floor: the same file from the user's disk (a File behind a blob URL, no network, no service worker) in a
 * video element of the same page before it adds the magnet, played a moment, then seeked to 80% and timed to
 * playing again, as the torrent's file is.
 */
async function localFloor(page: Page, file: string): Promise<number> {
  await page.evaluate(() => {
    const input = document.createElement('input');
    input.type = 'file';
    input.id = 'bench-local-file';
    input.hidden = true;
    document.body.append(input);
  });
  await page.locator('#bench-local-file').setInputFiles(file);
  return page.evaluate(
    () =>
      new Promise<number>((resolve, reject) => {
        const input = document.getElementById('bench-local-file') as HTMLInputElement;
        const v = document.createElement('video');
        v.muted = true;
        v.src = URL.createObjectURL(input.files![0]!);
        document.body.append(v);
        const fail = setTimeout(() => reject(new Error('the local file did not play and seek within 60 s')), 60_000);
        void v.play();
        const started = (): void => {
          if (v.currentTime <= 1) return void setTimeout(started, 20);
          const target = 0.8 * v.duration;
          const setAt = performance.now();
          v.currentTime = target;
          const check = (): void => {
            if (v.error) return reject(new Error(`local media error ${v.error.code}`));
            if (!v.seeking && !v.paused && v.currentTime > target + 0.01) {
              clearTimeout(fail);
              const ms = performance.now() - setAt;
              v.pause();
              v.remove();
              return resolve(ms);
            }
            setTimeout(check, 5);
          };
          check();
        };
        started();
      }),
  );
}

async function oneRun(server: RunningServer, magnet: string, size: number, storage: 'auto' | 'memory', file: string): Promise<Run> {
  const infoHash = infoHashOf(magnet);
  // A browser with an on-disk profile, as a viewer has (incognito keeps OPFS in memory, 25x slower to write).
  const context = await persistentAppContext(server, true, storage);
  await addPageProbes(context);
  await context.addInitScript(instrument);
  const b = await openApp(context, server.url);
  await waitForServiceWorker(b);
  // The floor first, while this page has no torrent: nothing of ours competes with the local playback.
  const localSeekToPlayingMs = await localFloor(b, file);
  await b.getByTestId('magnet-input').fill(magnet);
  await b.evaluate(clickPlayWhenShown);
  await b.getByTestId('magnet-submit').click();
  // As a viewer would: open the torrent's files while the metadata is on its way; Play is clicked in-page.
  await openFiles(b, infoHash);
  const video = b.getByTestId('player-video');
  await expect.poll(async () => (await events(b)).some((e) => e.type === 'playing'), { timeout: 60_000, intervals: [20] }).toBe(true);
  await startTrace(b);
  // Let it play a moment, as a viewer would before seeking.
  await video.evaluate((v: HTMLMediaElement) => new Promise<void>((resolve) => {
    const check = (): void => (v.currentTime > 1 ? resolve() : void setTimeout(check, 20));
    check();
  }));
  const seek = await video.evaluate(
    (v: HTMLMediaElement, ih: string) =>
      new Promise<{ setAt: number; seekedAt: number; playingAt: number; verified: number; length: number; origin: number }>((resolve, reject) => {
        const target = 0.8 * v.duration;
        let seekedAt = -1;
        v.addEventListener('seeked', () => (seekedAt = performance.now()), { once: true });
        const setAt = performance.now();
        v.currentTime = target;
        const check = (): void => {
          if (v.error) return reject(new Error(`media error ${v.error.code}`));
          if (seekedAt >= 0 && !v.paused && v.currentTime > target + 0.01) {
            const app = document.querySelector('rv-app') as (Element & { client?: { snapshot?: { torrents: { infoHashHex: string; verified: number; length: number }[] } } }) | null;
            const t = app?.client?.snapshot?.torrents.find((x) => x.infoHashHex === ih);
            return resolve({ setAt, seekedAt, playingAt: performance.now(), verified: t?.verified ?? 0, length: t?.length ?? 1, origin: performance.timeOrigin });
          }
          if (performance.now() - setAt > 60_000) return reject(new Error('playback did not resume after the seek'));
          setTimeout(check, 5);
        };
        check();
      }),
    infoHash,
  );
  const trace = await takeTrace(b);
  const seekWall = seek.origin + seek.setAt;
  const steps = [
    ...trace.map((e) => ({ step: e.step, ms: e.t - seekWall, ...(e.n === undefined ? {} : { n: e.n }) })),
    { step: 'page:seeked', ms: seek.seekedAt - seek.setAt },
    { step: 'page:playing', ms: seek.playingAt - seek.setAt },
  ].sort((x, y) => x.ms - y.ms);
  const log = await events(b);
  const added = log.find((e) => e.type === 'click' && e.testid === 'magnet-submit')?.t;
  const clicked = log.find((e) => e.type === 'click' && e.testid === 'play-file')?.t;
  const playing = log.find((e) => e.type === 'playing')?.t;
  if (added === undefined || clicked === undefined || playing === undefined) throw new Error(`missing events: ${JSON.stringify(log)}`);
  await context.close();
  expect(seek.length).toBe(size);
  return {
    addToFilesMs: clicked - added,
    playToPlayingMs: playing - clicked,
    addToPlayingMs: playing - added,
    seekToSeekedMs: seek.seekedAt - seek.setAt,
    seekToPlayingMs: seek.playingAt - seek.setAt,
    verifiedAtSeek: seek.verified / seek.length,
    localSeekToPlayingMs,
    steps,
  };
}

/** Milliseconds: whole numbers unless asked. */
const stats = (values: number[], digits = 0): string => statsOf(values, digits);

test(`streaming: magnet to first frame, and seek to playing again (${RUNS} runs per storage)`, async () => {
  const file = makeWebm(MOVIE);
  const size = statSync(file).size;
  // One seeding page per build (each server is its own origin and tracker).
  const builds: { label: string; server: RunningServer; magnet: string; seeder: Page }[] = [];
  for (const [label, s] of [['this build', server], ['baseline', baseline]] as const) {
    if (!s) continue;
    const seeder = await openApp(await persistentAppContext(s), s.url);
    builds.push({ label, server: s, magnet: await seedFiles(seeder, [file]), seeder });
  }
  const lines = [
    `Streaming a ${MOVIE.seconds} s WebM (VP8 + Opus, ${(size / 1e6).toFixed(1)} MB, ${MOVIE.videoBitsPerSecond / 1e6} Mbit/s) from one seeding page on loopback.`,
    `ms, min / median / max of ${RUNS} runs; each run a fresh downloading profile. Load average at the start: ${loadavg().map((l) => l.toFixed(1)).join(' ')}`,
    ...(baseline ? [`Baseline: the build in ${BASELINE_DIST}, runs alternating with this build's.`] : []),
  ];
  const results: Record<string, Run[]> = {};
  for (const storage of STORAGES) {
    for (const b of builds) results[`${storage} ${b.label}`] = [];
    for (let i = 0; i < RUNS; i++) {
      for (const b of builds) {
        const r = await oneRun(b.server, b.magnet, size, storage, file);
        results[`${storage} ${b.label}`]!.push(r);
        const name = `${storage} ${b.label} run ${i + 1}`;
        const waited = new Set(r.steps.filter((e) => e.step === 'host:wait').map((e) => e.n));
        console.log(`${name} seek steps (ms after the seek): ${r.steps.filter((e) => e.ms >= -5 && e.ms <= r.seekToPlayingMs + 5 && (!e.step.startsWith('eng:') || e.step === 'eng:jump' || waited.has(e.n))).map((e) => `${e.step}${e.n === undefined ? '' : `(${e.n})`}@${e.ms.toFixed(0)}`).join(' ')}`);
        console.log(`${name}: add->playing ${r.addToPlayingMs.toFixed(0)} ms (files ${r.addToFilesMs.toFixed(0)}, play->playing ${r.playToPlayingMs.toFixed(0)}), seek->playing ${r.seekToPlayingMs.toFixed(0)} ms (local file ${r.localSeekToPlayingMs.toFixed(0)} ms)`);
      }
    }
    for (const b of builds) {
      const runs = results[`${storage} ${b.label}`]!;
      lines.push(
        `Downloading page storage: ${storage === 'auto' ? 'the default (OPFS)' : 'memory (no disk writes)'}, ${b.label}`,
        `  add magnet -> first playing:          ${stats(runs.map((r) => r.addToPlayingMs))}   (target < 1500)`,
        `    add magnet -> Play clickable:        ${stats(runs.map((r) => r.addToFilesMs))}`,
        `    Play clicked -> first playing:       ${stats(runs.map((r) => r.playToPlayingMs))}`,
        `  seek to 80% -> playing again:          ${stats(runs.map((r) => r.seekToPlayingMs))}   (target: median <= 500, twice the floor)`,
        `    local-file floor, same page and run:  ${stats(runs.map((r) => r.localSeekToPlayingMs))}`,
        `    ratio to the floor (medians):         ${(median(runs.map((r) => r.seekToPlayingMs)) / median(runs.map((r) => r.localSeekToPlayingMs))).toFixed(1)}x`,
        `    seek to 80% -> seeked:               ${stats(runs.map((r) => r.seekToSeekedMs))}`,
        `  verified when the seek resumed (%):    ${stats(runs.map((r) => 100 * r.verifiedAtSeek), 1)}`,
      );
    }
  }
  for (const b of builds) await b.seeder.context().close();
  console.log(lines.join('\n'));
  const dir = path.resolve(import.meta.dirname, 'results');
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, 'streaming.txt'), lines.join('\n') + '\n');
  writeFileSync(path.join(dir, 'streaming.json'), JSON.stringify({ sizeBytes: size, runs: RUNS, loadAverage: loadavg(), movie: MOVIE, results }, null, 2) + '\n');
});

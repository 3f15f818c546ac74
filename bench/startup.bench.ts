// Time to first use, on loopback: (1) seeding ready for a 256 MiB file (file chosen -> magnet shown, hashed and
// stored); (2) metadata from a magnet (Add clicked -> the info dictionary known) with the seeder already online.
// WebTorrent's browser bundle does the same steps in the same run. Timestamps are taken inside the pages
// (performance.now()), so the driver's round trips are not counted.

import { mkdirSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import path from 'node:path';
import { chromium, expect, test, type Browser, type Page } from '@playwright/test';
import { appContext, infoHashOf, openApp, persistentAppContext, randomContent, startApp, tempFile, type RunningServer } from '../tests/browser/support/app.ts';
import { chromiumLaunchOptions, THROUGHPUT_ARGS } from '../tests/browser/support/chromium.ts';
import { startWebTorrentOrigin, WebTorrentPeer, type WebTorrentOrigin } from '../tests/browser/interop/support/webtorrent-peer.ts';
import { SEED_ADDED_MARK, SEED_TIMING_MARK, type SeedTiming } from '../src/api/worker/seed-timing.ts';
import { addPageProbes } from './support/page-probes.ts';
import { stats } from './support/stats.ts';

const RUNS = Number(process.env['BENCH_RUNS'] ?? 3);
const MiB = 1024 * 1024;
const SIZE = Number(process.env['BENCH_MIB'] ?? 256) * MiB;
/** The seeding page's storage: the app's default (OPFS here), or 'memory' to time seeding without disk writes. */
const SEED_STORAGE = (process.env['BENCH_SEED_STORAGE'] ?? 'auto') as 'auto' | 'memory';
/** Set BENCH_WEBTORRENT=0 to leave WebTorrent out. */
const WITH_WEBTORRENT = process.env['BENCH_WEBTORRENT'] !== '0';

let server: RunningServer;
let wtOrigin: WebTorrentOrigin;
let browser: Browser;

test.beforeAll(async () => {
  server = await startApp();
  wtOrigin = await startWebTorrentOrigin();
  browser = await chromium.launch(chromiumLaunchOptions(THROUGHPUT_ARGS));
});
test.afterAll(async () => {
  await browser?.close();
  await wtOrigin?.close();
  await server?.close();
});

type Bench = { changeAt: number; magnetAt: number; magnet: string };

/**
 * Records, in page time, the file input's `change` (the user's choice reaching the app) and the moment the share
 * dialog's magnet field shows a magnet (polled every few ms once a file was chosen). Needs the page probes.
 */
function instrument(): void {
  const w = window as unknown as { __startup: Partial<Bench> };
  w.__startup = {};
  const poll = (): void => {
    const el = window.__rvBench.deepQuery('[data-testid="share-magnet"]');
    const value = el ? ('value' in el ? (el as HTMLInputElement).value : el.textContent ?? '') : '';
    if (value.startsWith('magnet:')) {
      w.__startup.magnetAt = performance.now();
      w.__startup.magnet = value;
    } else setTimeout(poll, 5);
  };
  window.__rvBench.onShadowRoot((root) =>
    root.addEventListener(
      'change',
      (e) => {
        if ((e.target as Element).getAttribute?.('data-testid') !== 'file-input' || w.__startup.changeAt !== undefined) return;
        w.__startup.changeAt = performance.now();
        poll();
      },
      true,
    ),
  );
}

/** Where one share's time went, ms (the engine worker's `rivulet:seed` mark; see src/api/worker/seed-timing.ts). */
interface SeedSteps {
  /** File chosen -> the engine worker starts the job (the page's handling and the message to the worker). */
  toJob: number;
  /** The job: read, hash and store (wall time), and each step's summed busy time within it. */
  job: number;
  read: number;
  hash: number;
  write: number;
  close: number;
  /** Job done -> magnet shown (the torrent added and started, the reply, the dialog rendered). */
  toMagnet: number;
  /** Of which: job done -> the torrent added in the worker (store opened again, torrent started, saved). */
  toAdded: number;
}

/** One share of `file` in a fresh on-disk profile: ms from the file chosen to the magnet shown; the page seeds on. */
async function seedOnce(file: string): Promise<{ ms: number; magnet: string; page: Page; steps: SeedSteps | null }> {
  const context = await persistentAppContext(server, true, SEED_STORAGE);
  await addPageProbes(context);
  await context.addInitScript(instrument);
  const page = await openApp(context, server.url);
  await page.getByTestId('file-input').setInputFiles(file);
  const h = await page.waitForFunction(() => {
    const s = (window as unknown as { __startup: Partial<Bench> }).__startup;
    return s.magnetAt !== undefined ? s : null;
  }, null, { timeout: 120_000, polling: 100 });
  const r = (await h.jsonValue()) as Bench;
  const origin = await page.evaluate(() => performance.timeOrigin);
  let steps: SeedSteps | null = null;
  for (const worker of page.workers()) {
    const got = await worker
      .evaluate(
        ([name, added]) => {
          const detail = (performance.getEntriesByName(name).at(-1) as PerformanceMark | undefined)?.detail as SeedTiming | undefined;
          const at = performance.getEntriesByName(added).at(-1)?.startTime;
          return detail ? { detail, addedEpochMs: at === undefined ? Number.NaN : performance.timeOrigin + at } : undefined;
        },
        [SEED_TIMING_MARK, SEED_ADDED_MARK] as const,
      )
      .catch(() => undefined);
    if (!got) continue;
    const t = got.detail;
    steps = {
      toJob: t.startEpochMs - (origin + r.changeAt),
      job: t.totalMs,
      read: t.readMs,
      hash: t.hashMs,
      write: t.writeMs,
      close: t.closeMs,
      toMagnet: origin + r.magnetAt - t.endEpochMs,
      toAdded: got.addedEpochMs - t.endEpochMs,
    };
  }
  return { ms: r.magnetAt - r.changeAt, magnet: r.magnet, page, steps };
}

/** Page-time marks of one metadata fetch, ms after the Add click. */
interface MetaSteps {
  /** The engine asked the page to announce the torrent (its `announce` event). */
  announce: number;
  /** The first announce carrying offers went out on the tracker socket (offers made, socket open). */
  offersSent: number;
  /** The seeder sent its answer to the tracker (its own clock: same machine, epoch-aligned). */
  answerSent: number;
  /** The first answer to one of our offers came back from the tracker. */
  answer: number;
  /** The first snapshot with the metadata. */
  metadata: number;
}

/** Records when tracker messages with offers leave and answers arrive (WebSocket is wrapped before the app runs). */
function watchTracker(): void {
  const w = window as unknown as { __wsMarks: { offersSent?: number; answer?: number } };
  w.__wsMarks = {};
  const send = WebSocket.prototype.send;
  WebSocket.prototype.send = function (data: Parameters<WebSocket['send']>[0]) {
    if (w.__wsMarks.offersSent === undefined && typeof data === 'string' && data.includes('"offers":[{')) w.__wsMarks.offersSent = performance.now();
    return send.call(this, data);
  };
  const Native = WebSocket;
  window.WebSocket = class extends Native {
    constructor(url: string | URL, protocols?: string | string[]) {
      super(url, protocols);
      this.addEventListener('message', (e: MessageEvent) => {
        if (w.__wsMarks.answer === undefined && typeof e.data === 'string' && e.data.includes('"answer"')) w.__wsMarks.answer = performance.now();
      });
    }
  };
}

/** On the seeder's page: records when it sends an answer (the socket exists already, so its prototype is patched). */
function watchAnswers(): void {
  const w = window as unknown as { __answerSentAt?: number; __watching?: boolean };
  if (w.__watching) return;
  w.__watching = true;
  const send = WebSocket.prototype.send;
  WebSocket.prototype.send = function (data: Parameters<WebSocket['send']>[0]) {
    if (w.__answerSentAt === undefined && typeof data === 'string' && data.includes('"answer":{')) w.__answerSentAt = performance.timeOrigin + performance.now();
    return send.call(this, data);
  };
}

/**
 * Adds `magnet` through the Add field in a fresh page and resolves with ms from the Add click to the first
 * snapshot that has the metadata (what the page can show), and the steps on the way, all timed in the page.
 */
async function metadataOnce(magnet: string, seederPage: Page): Promise<MetaSteps> {
  await seederPage.evaluate(watchAnswers);
  await seederPage.evaluate(() => void delete (window as unknown as { __answerSentAt?: number }).__answerSentAt);
  // A fresh context of the browser WebTorrent's pages run in, as theirs are: a cold browser process per run would
  // time Chromium's start-up too. (Its OPFS is in memory, which the metadata never touches.)
  const context = await appContext(browser, server);
  await addPageProbes(context);
  await context.addInitScript(watchTracker);
  // The harness's microphone grant lets Chromium put loopback candidates in offers (BROWSER-TESTING.md); a real
  // page has its (mDNS) host candidates from the start, so the grant is taken as the page starts, not after it
  // loaded: offers the app makes at start-up are then as usable as a real user's.
  await context.addInitScript(() => void navigator.mediaDevices?.getUserMedia({ audio: true }).then((s) => s.getTracks().forEach((t) => t.stop())));
  const page = await openApp(context, server.url);
  await page.getByTestId('magnet-input').fill(magnet);
  const steps = await page.evaluate((ih) => {
    type Snap = { torrents: { infoHashHex: string; hasMetadata: boolean }[] };
    type Client = { on(t: 'snapshot', l: (s: Snap) => void): () => void; on(t: 'announce', l: (e: { infoHashHex: string }) => void): () => void };
    const app = document.querySelector('rv-app') as (Element & { client: Client }) | null;
    const marks = (window as unknown as { __wsMarks: { offersSent?: number; answer?: number } }).__wsMarks;
    const submit = window.__rvBench.deepQuery<HTMLButtonElement>('[data-testid="magnet-submit"]');
    if (!app || !submit) throw new Error('no app or no Add button');
    // Only what happens after the click counts (the page may have talked to the tracker before).
    delete marks.offersSent;
    delete marks.answer;
    return new Promise<{ t0: number; announce: number; offersSent: number; answer: number; metadata: number }>((resolve, reject) => {
      const t0 = performance.now();
      let announce = -1;
      const timer = setTimeout(() => reject(new Error('no metadata within 60 s')), 60_000);
      const offAnnounce = app.client.on('announce', (e) => {
        if (e.infoHashHex === ih && announce < 0) announce = performance.now() - t0;
      });
      const off = app.client.on('snapshot', (s) => {
        if (s.torrents.some((t) => t.infoHashHex === ih && t.hasMetadata)) {
          clearTimeout(timer);
          off();
          offAnnounce();
          const at = (v: number | undefined): number => (v === undefined ? -1 : v - t0);
          resolve({ t0: performance.timeOrigin + t0, announce, offersSent: at(marks.offersSent), answer: at(marks.answer), metadata: performance.now() - t0 });
        }
      });
      submit.click();
    });
  }, infoHashOf(magnet));
  const answerSentAt = await seederPage.evaluate(() => (window as unknown as { __answerSentAt?: number }).__answerSentAt);
  await context.close();
  const { t0, ...rest } = steps;
  return { ...rest, answerSent: answerSentAt === undefined ? -1 : answerSentAt - t0 };
}

test(`startup: seeding ready for ${SIZE / MiB} MiB and metadata from a magnet (${RUNS} runs), beside WebTorrent`, async () => {
  const file = tempFile(`startup-${SIZE}.bin`, randomContent(SIZE, 11));
  const seedS: number[] = [];
  const seedSteps: SeedSteps[] = [];
  const metaS: number[] = [];
  const metaSteps: MetaSteps[] = [];
  let seeder: { magnet: string; page: Page } | null = null;
  for (let i = 0; i < RUNS; i++) {
    const r = await seedOnce(file);
    seedS.push(r.ms / 1000);
    if (r.steps) seedSteps.push(r.steps);
    const st = r.steps;
    console.log(`run ${i + 1}: seeding ready ${(r.ms / 1000).toFixed(2)} s` + (st ? ` (to job ${st.toJob.toFixed(0)} ms, job ${st.job.toFixed(0)} [read ${st.read.toFixed(0)}, hash ${st.hash.toFixed(0)}, write ${st.write.toFixed(0)}, close ${st.close.toFixed(0)}], to magnet ${st.toMagnet.toFixed(0)} [added ${st.toAdded.toFixed(0)}])` : ''));
    if (seeder) await seeder.page.context().close();
    seeder = r;
  }
  // The last seeding page stays online: every metadata run asks it (the seeder is announced and waiting).
  for (let i = 0; i < RUNS; i++) {
    const steps = await metadataOnce(seeder!.magnet, seeder!.page);
    metaSteps.push(steps);
    metaS.push(steps.metadata / 1000);
    console.log(`run ${i + 1}: metadata after add ${steps.metadata.toFixed(0)} ms (announce asked ${steps.announce.toFixed(0)}, offers sent ${steps.offersSent.toFixed(0)}, seeder answered ${steps.answerSent.toFixed(0)}, answer ${steps.answer.toFixed(0)})`);
  }
  await seeder!.page.context().close();

  const wtSeedS: number[] = [];
  const wtMetaS: number[] = [];
  if (WITH_WEBTORRENT) {
    for (let i = 0; i < RUNS; i++) {
      const wt = await WebTorrentPeer.open(browser, wtOrigin, 'wt-seeder');
      // WebTorrent generates the bytes in the page first; seedMs counts only client.seed() to its callback.
      const seeded = await wt.seed([{ path: 'startup.bin', length: SIZE, seed: 11 + i }], server.trackerUrl, { timeoutMs: 120_000 });
      wtSeedS.push(seeded.seedMs / 1000);
      const leech = await WebTorrentPeer.open(browser, wtOrigin, 'wt-leecher');
      // Only up to the metadata: the download is not part of this figure (the page is closed right after).
      const metadataMs = await leech.page.evaluate(
        async (magnet) => {
          // A client of its own, made as the harness makes one (no STUN: loopback candidates only).
          const { default: WebTorrent } = (await import('/webtorrent.min.js' as string)) as {
            default: new (o: unknown) => { add(m: string): { once(e: string, f: () => void): void }; destroy(): void };
          };
          const client = new WebTorrent({ tracker: { rtcConfig: { iceServers: [] } } });
          return new Promise<number>((resolve, reject) => {
            const t0 = performance.now();
            const torrent = client.add(magnet);
            const timer = setTimeout(() => reject(new Error('WebTorrent: no metadata within 60 s')), 60_000);
            torrent.once('metadata', () => {
              clearTimeout(timer);
              resolve(performance.now() - t0);
              client.destroy();
            });
          });
        },
        seeded.magnetURI,
      );
      wtMetaS.push(metadataMs / 1000);
      console.log(`WebTorrent run ${i + 1}: seeding ready ${(seeded.seedMs / 1000).toFixed(2)} s, metadata after add ${metadataMs.toFixed(0)} ms`);
      await leech.close();
      await wt.close();
    }
  }

  const lines = [
    `Startup on loopback, ${SIZE / MiB} MiB file, seeding page storage ${SEED_STORAGE === 'memory' ? 'memory (no disk writes)' : 'the default (OPFS)'}; s, min / median / max of ${RUNS} runs. Load average at the end: ${loadavg().map((l) => l.toFixed(1)).join(' ')}`,
    `(a shared machine: compare the columns of one run, not figures of different runs).`,
    `                                         Rivulet               WebTorrent 3`,
    `  seeding ready (chosen -> magnet):      ${stats(seedS).padEnd(22)}${stats(wtSeedS)}   (target <= 2.5)`,
    `  Rivulet's seeding steps, ms (min / median / max):`,
    `    file chosen -> job starts in worker: ${stats(seedSteps.map((m) => m.toJob), 0)}`,
    `    job (read + hash + store, wall):     ${stats(seedSteps.map((m) => m.job), 0)}`,
    `      waiting for file data:             ${stats(seedSteps.map((m) => m.read), 0)}`,
    `      SHA-1 calls (summed, concurrent):  ${stats(seedSteps.map((m) => m.hash), 0)}`,
    `      OPFS piece writes (busy):          ${stats(seedSteps.map((m) => m.write), 0)}`,
    `      closing the store (flush):         ${stats(seedSteps.map((m) => m.close), 0)}`,
    `    job done -> magnet shown:            ${stats(seedSteps.map((m) => m.toMagnet), 0)}`,
    `      job done -> torrent added (worker): ${stats(seedSteps.map((m) => m.toAdded), 0)}`,
    `  metadata from a magnet (add -> known): ${stats(metaS, 3).padEnd(22)}${stats(wtMetaS, 3)}   (target <= 0.3)`,
    `  Rivulet's steps, ms after the Add click (min / median / max):`,
    `    engine asks to announce:             ${stats(metaSteps.map((m) => m.announce), 0)}`,
    `    announce with offers sent:           ${stats(metaSteps.map((m) => m.offersSent), 0)}   (offers made, tracker socket open)`,
    `    seeder's answer sent:                ${stats(metaSteps.map((m) => m.answerSent), 0)}   (relayed offer, seeder's ICE gathering; its clock)`,
    `    seeder's answer back:                ${stats(metaSteps.map((m) => m.answer), 0)}`,
    `    snapshot with the metadata:          ${stats(metaSteps.map((m) => m.metadata), 0)}   (connect, handshakes, ut_metadata)`,
  ];
  console.log(lines.join('\n'));
  const dir = path.resolve(import.meta.dirname, 'results');
  mkdirSync(dir, { recursive: true });
  writeFileSync(
    path.join(dir, 'startup.json'),
    JSON.stringify({ sizeBytes: SIZE, runs: RUNS, loadAverage: loadavg(), rivulet: { seedReadyS: seedS, seedStepsMs: seedSteps, metadataS: metaS, metadataStepsMs: metaSteps }, webtorrent: { seedReadyS: wtSeedS, metadataS: wtMetaS } }, null, 2) + '\n',
  );
  writeFileSync(path.join(dir, 'startup.txt'), lines.join('\n') + '\n');
  expect(seedS.length).toBe(RUNS);
});

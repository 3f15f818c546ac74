// Speed limits between two real pages over the real local tracker, set through the speed control and the settings
// dialog as a user would: a download limit held over a whole 64 MiB transfer, raised mid-transfer, the alternative
// limits switched on by the schedule, and an upload limit on the seeding page. Rates are the downloading page's
// payload bytes (snapshot `receivedThisSession`) over time; the machine may be loaded, so the printed figures matter.

import { expect, test, type Page } from '@playwright/test';
import { appContext, infoHashOf, openApp, randomContent, seedFiles, serverAndBrowser, tempFile } from '../support/app.ts';
import { bytesAt, type Samples } from '../support/byte-samples.ts';

const MiB = 1024 * 1024;
const setup = serverAndBrowser();
let seeder: Page;
let leecher: Page;


test.beforeAll(async () => {
  seeder = await openApp(await appContext(setup.browser, setup.server), setup.server.url);
  leecher = await openApp(await appContext(setup.browser, setup.server), setup.server.url);
});

/** Seeds `size` random bytes on the seeder and returns the info hash (the share card is closed again). */
async function share(name: string, size: number, seed: number): Promise<string> {
  const magnet = await seedFiles(seeder, [tempFile(name, randomContent(size, seed))]);
  await seeder.getByTestId('share-dismiss').click();
  return infoHashOf(magnet);
}

/** Starts the leecher on a torrent and records [time ms, payload bytes received] at every snapshot. */
async function download(infoHashHex: string): Promise<void> {
  await leecher.evaluate((ih) => {
    type Snap = { torrents: { infoHashHex: string; receivedThisSession: number }[] };
    const w = window as unknown as { rates?: Record<string, [number, number][]> };
    const app = document.querySelector('rv-app') as unknown as { client: { on(t: 'snapshot', l: (e: Snap) => void): void } };
    w.rates ??= {};
    const samples: [number, number][] = (w.rates[ih] = []);
    app.client.on('snapshot', (e) => {
      const t = e.torrents.find((x) => x.infoHashHex === ih);
      if (t) samples.push([performance.now(), t.receivedThisSession]);
    });
  }, infoHashHex);
  const setupMagnet = `magnet:?xt=urn:btih:${infoHashHex}&tr=${encodeURIComponent(setup.server.trackerUrl)}`;
  await leecher.evaluate((m) => (location.hash = m), setupMagnet);
}


async function samplesOf(infoHashHex: string): Promise<Samples> {
  return leecher.evaluate((ih) => (window as unknown as { rates: Record<string, [number, number][]> }).rates[ih] ?? [], infoHashHex);
}

async function now(): Promise<number> {
  return leecher.evaluate(() => performance.now());
}

/** Bytes per second between two times. */
function rate(s: Samples, from: number, to: number): number {
  return ((bytesAt(s, to) - bytesAt(s, from)) * 1000) / (to - from);
}

/** Waits until the torrent has received `bytes`; returns the samples. */
async function waitForBytes(infoHashHex: string, bytes: number, timeoutMs: number): Promise<Samples> {
  await expect.poll(async () => (await samplesOf(infoHashHex)).at(-1)?.[1] ?? 0, { timeout: timeoutMs, intervals: [250] }).toBeGreaterThanOrEqual(bytes);
  return samplesOf(infoHashHex);
}

/** Picks a limit in a page's speed control: a preset when there is one, else the custom field (KiB/s). */
async function setLimit(page: Page, dir: 'download' | 'upload', bytesPerSecond: number | null): Promise<void> {
  await page.getByTestId(`speed-${dir}`).click();
  const preset = page.locator(`[data-testid="speed-preset"][data-limit="${bytesPerSecond ?? ''}"]`);
  if ((await preset.count()) > 0) await preset.click();
  else {
    await page.getByTestId('speed-custom').fill(String(bytesPerSecond! / 1024));
    await page.getByTestId('speed-custom-apply').click();
  }
  await expect(page.getByTestId('speed-menu')).toHaveCount(0);
  const shown = page.getByTestId(`speed-${dir}-limit`);
  if (bytesPerSecond === null) await expect(shown).toHaveCount(0);
  else await expect(shown).toHaveText(`[${shownRate(bytesPerSecond)}]`);
}

/** As the speed control prints a limit. */
const shownRate = (b: number) => (b >= MiB ? `${(b / MiB).toFixed(1)} MiB/s` : `${(b / 1024).toFixed(1)} KiB/s`);

const mib = (bytesPerSecond: number) => (bytesPerSecond / MiB).toFixed(2);

test('a 2 MiB/s download limit holds within 10% over a whole 64 MiB transfer and over every 10 s window', async () => {
  test.setTimeout(180_000);
  const size = 64 * MiB;
  const ih = await share('limited-64.bin', size, 41);
  await setLimit(leecher, 'download', 2 * MiB);
  await download(ih);
  const s = await waitForBytes(ih, size, 120_000);
  const first = s.find(([, b]) => b > 0)![0];
  const last = s.find(([, b]) => b >= size)![0];
  const whole = (size * 1000) / (last - first);
  const windows: number[] = [];
  for (let t = first; t + 10_000 <= last; t += 1000) windows.push(rate(s, t, t + 10_000));
  const perSecond: string[] = [];
  for (let t = first; t + 1000 <= last; t += 1000) perSecond.push(mib(rate(s, t, t + 1000)));
  console.log(`per second: ${perSecond.join(' ')}`);
  console.log(`download limit 2 MiB/s: whole transfer ${mib(whole)} MiB/s over ${((last - first) / 1000).toFixed(1)} s; 10 s windows ${mib(Math.min(...windows))}..${mib(Math.max(...windows))} MiB/s`);
  expect(Math.abs(whole / (2 * MiB) - 1)).toBeLessThan(0.1);
  // No 10 s window gets more than 10% above the limit (the limiter's job; falling short of it in a window can also be
  // the machine: on a loaded one a page may be starved for seconds, as the printed per-second figures then show).
  for (const w of windows) expect(w / (2 * MiB)).toBeLessThan(1.1);
});

test('a raised download limit is followed within 2 s, and the schedule switching on the alternative limits lowers the rate', async () => {
  test.setTimeout(180_000);
  const size = 64 * MiB;
  const ih = await share('raised-64.bin', size, 42);
  // Limits well below what a loaded machine still moves (about 2 MiB/s when eight people test on two cores).
  await setLimit(leecher, 'download', 500 * 1024);
  await download(ih);
  await waitForBytes(ih, 2 * MiB, 60_000);
  const raisedAt = await now();
  await setLimit(leecher, 'download', 1.5 * MiB);
  // Alternative limit 500 KiB/s on a schedule whose window is open now (today, from this minute, for ten minutes).
  let s = await waitForBytes(ih, (await samplesOf(ih)).at(-1)![1] + 10 * MiB, 60_000);
  const raised = rate(s, raisedAt + 2000, s.at(-1)![0]);
  await leecher.getByTestId('settings-open').click();
  await leecher.getByTestId('settings-altDownloadLimit').fill('500');
  const { day, minute } = await leecher.evaluate(() => ({ day: new Date().getDay(), minute: new Date().getHours() * 60 + new Date().getMinutes() }));
  const hhmm = (m: number) => `${String(Math.floor(m / 60) % 24).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
  await leecher.getByTestId('schedule-enabled').check();
  await leecher.getByTestId('schedule-from').fill(hhmm(minute));
  await leecher.getByTestId('schedule-to').fill(hhmm(minute + 10));
  const today = leecher.locator(`[data-testid="schedule-day"][data-day="${day}"]`);
  if ((await today.getAttribute('aria-pressed')) !== 'true') await today.click();
  await leecher.getByTestId('settings-save').click();
  const switchedAt = await now();
  await expect(leecher.getByTestId('alt-speed-toggle')).toHaveAttribute('aria-pressed', 'true');
  await expect(leecher.getByTestId('speed-download-limit')).toHaveText('[500.0 KiB/s]');
  await expect.poll(now, { timeout: 10_000 }).toBeGreaterThan(switchedAt + 7000);
  s = await samplesOf(ih);
  const lowered = rate(s, switchedAt + 2000, s.at(-1)![0]);
  console.log(`download limit 0.49 -> 1.5 MiB/s: ${mib(raised)} MiB/s from 2 s after the raise; alternative 0.49 MiB/s by schedule: ${mib(lowered)} MiB/s from 2 s after`);
  expect(Math.abs(raised / (1.5 * MiB) - 1)).toBeLessThan(0.15);
  expect(Math.abs(lowered / (500 * 1024) - 1)).toBeLessThan(0.15);
  // This torrent stops here: left running it would share the seeder's upload with the next test's torrent.
  await leecher.evaluate((hash) => (document.querySelector('rv-app') as unknown as { client: { call(c: unknown): Promise<unknown> } }).client.call({ type: 'pause', infoHashHex: hash }), ih);
  // Back to full speed for the next test (same pages): the turtle off, no global limit.
  await leecher.getByTestId('alt-speed-toggle').click();
  await expect(leecher.getByTestId('alt-speed-toggle')).toHaveAttribute('aria-pressed', 'false');
  await setLimit(leecher, 'download', null);
});

test('an upload limit on the seeding page paces the transfer, and raising it is followed within 2 s', async () => {
  test.setTimeout(180_000);
  const size = 32 * MiB;
  const ih = await share('upload-32.bin', size, 43);
  await setLimit(seeder, 'upload', MiB);
  await download(ih);
  let s = await waitForBytes(ih, 10 * MiB, 60_000);
  const first = s.find(([, b]) => b > 0)![0];
  const limited = rate(s, first + 1000, s.at(-1)![0]);
  const raisedAt = await now();
  await setLimit(seeder, 'upload', 1.5 * MiB);
  s = await waitForBytes(ih, s.at(-1)![1] + 10 * MiB, 60_000);
  const raised = rate(s, raisedAt + 2000, s.at(-1)![0]);
  const perSecond: string[] = [];
  for (let t = first; t + 1000 <= s.at(-1)![0]; t += 1000) perSecond.push(mib(rate(s, t, t + 1000)));
  console.log(`per second (raised at ${((raisedAt - first) / 1000).toFixed(1)} s): ${perSecond.join(' ')}`);
  console.log(`upload limit 1 MiB/s: ${mib(limited)} MiB/s; raised to 1.5 MiB/s: ${mib(raised)} MiB/s from 2 s after`);
  expect(Math.abs(limited / MiB - 1)).toBeLessThan(0.1);
  expect(Math.abs(raised / (1.5 * MiB) - 1)).toBeLessThan(0.15);
});

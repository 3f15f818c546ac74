// The download queue and seeding goals between two real pages over a real local tracker: with one download at a
// time, three torrents download one after another in queue order (a reorder in the Options tab changes which is
// next), a dead torrent stops holding the slot after the slow-torrent delay, and a seed set to stop at ratio 1.0
// stops once it has uploaded its size.

import { expect, test, type Page } from '@playwright/test';
import { createTorrent } from '../../../src/engine/metainfo/create.ts';
import { subtleHasher } from '../../../src/platform/subtle-hasher.ts';
import { appContext, infoHashOf, openApp, randomContent, row, seedFiles, serverAndBrowser, snapshotOf, waitForComplete } from '../support/app.ts';
import { openSettings, saveSettings } from '../platform/platform.ts';
import { appContextWith, file, openDetail, paste } from '../ui/ui.ts';

const setup = serverAndBrowser();
const SIZE = 3 * 1024 * 1024;
/** Short, so the test is: a torrent without traffic for this long holds no download slot. */
const SLOW_SECONDS = 5;

async function seedOne(page: Page, name: string, seed: number): Promise<string> {
  const magnet = await seedFiles(page, [file(name, SIZE, seed)]);
  await page.getByTestId('share-dismiss').click();
  return magnet;
}

async function optionsOf(page: Page, ih: string) {
  const panel = await openDetail(page, ih);
  await panel.getByTestId('tab-options').click();
  return panel.locator('rv-torrent-options');
}

type Sample = { at: number; torrents: { ih: string; state: string; progress: number }[] };

const RUNNING = new Set(['metadata', 'downloading', 'stalled']);

async function samples(page: Page): Promise<Sample[]> {
  return (await page.evaluate(() => (window as unknown as { queueLog: Sample[] }).queueLog)) as Sample[];
}

function stateOf(s: Sample, ih: string) {
  return s.torrents.find((t) => t.ih === ih);
}

/** Every change of state, in order (for failure messages). */
function storyOf(log: readonly Sample[], names: ReadonlyMap<string, string>): string {
  const changes: string[] = [];
  const last = new Map<string, string>();
  for (const s of log) {
    for (const t of s.torrents) {
      if (!names.has(t.ih)) continue;
      const now = `${t.state}${t.progress === 1 ? ' (done)' : ''}`;
      if (last.get(t.ih) !== now) changes.push(`+${s.at - log[0]!.at}ms ${names.get(t.ih)} ${now}`);
      last.set(t.ih, now);
    }
  }
  return changes.join('\n');
}

/** Records every snapshot the page's engine sends (state and progress of each torrent). */
async function recordSnapshots(page: Page): Promise<void> {
  await page.evaluate(() => {
    type Snap = { torrents: { infoHashHex: string; state: string; progress: number }[] };
    const client = (document.querySelector('rv-app') as Element & { client: { on(type: 'snapshot', l: (e: Snap) => void): void } }).client;
    const log: unknown[] = [];
    (window as unknown as { queueLog: unknown[] }).queueLog = log;
    client.on('snapshot', (e) => log.push({ at: Date.now(), torrents: e.torrents.map((t) => ({ ih: t.infoHashHex, state: t.state, progress: t.progress })) }));
  });
}

test('one download at a time: in queue order, reordered, and past a dead torrent after the slow delay', async () => {
  test.setTimeout(300_000);
  const a = await openApp(await appContext(setup.browser, setup.server), setup.server.url);
  const [m1, m2, m3] = [await seedOne(a, 'first.bin', 11), await seedOne(a, 'second.bin', 12), await seedOne(a, 'third.bin', 13)];
  const [t1, t2, t3] = [infoHashOf(m1!), infoHashOf(m2!), infoHashOf(m3!)];

  // The slow-torrent rule is off at first (so a connection slower than the delay cannot let two run at once).
  const b = await openApp(await appContextWith(setup.browser, setup.server.trackerUrl, { maxActiveDownloads: 1, slowTorrentSeconds: 0 }), setup.server.url);
  await recordSnapshots(b);
  // Nobody has this one: it takes the only slot, downloading what never comes, while the queue fills.
  const bytes = randomContent(SIZE, 99);
  const made = await createTorrent({ name: 'nobody-has-this.bin', files: [{ path: ['nobody-has-this.bin'], length: SIZE, read: async (o, l) => bytes.subarray(o, o + l) }] }, subtleHasher);
  const dead = made.metainfo.infoHashHex;
  await b.getByTestId('torrent-file-input').setInputFiles({ name: 'nobody.torrent', mimeType: 'application/x-bittorrent', buffer: Buffer.from(made.torrentBytes) });
  await expect(row(b, dead).getByTestId('state')).toHaveText('Downloading');
  for (const m of [m1!, m2!, m3!]) await paste(b, m);
  for (const ih of [t1, t2, t3]) await expect(row(b, ih).getByTestId('state')).toHaveText('Queued');

  // The third moves up past the second: it comes next after the first.
  const options = await optionsOf(b, t3);
  await expect(options.getByTestId('options-queue-position')).toHaveAttribute('data-position', '4');
  await options.getByTestId('options-queue-up').click();
  await expect(options.getByTestId('options-queue-position')).toHaveAttribute('data-position', '3');
  // The user pauses the dead one: the queue runs.
  await (await openDetail(b, dead)).getByTestId('detail-pause-resume').click();
  await expect(row(b, dead).getByTestId('state')).toHaveText('Paused');
  for (const ih of [t1, t3, t2]) await waitForComplete(b, ih, SIZE, 120_000);

  let log = await samples(b);
  const done = [t1, t2, t3].map((ih) => log.findIndex((s) => stateOf(s, ih)?.progress === 1));
  const story = storyOf(log, new Map([[dead, 'dead'], [t1, 't1'], [t2, 't2'], [t3, 't3']]));
  expect(done[0], story).toBeLessThan(done[2]!);
  expect(done[2], story).toBeLessThan(done[1]!);
  for (const s of log) {
    const active = [t1, t2, t3].filter((ih) => {
      const t = stateOf(s, ih);
      return t !== undefined && RUNNING.has(t.state) && t.progress < 1;
    });
    expect(active.length, story).toBeLessThanOrEqual(1);
  }

  // The dead one back at the head of the queue holds the slot again; a new download waits behind it...
  const m4 = await seedOne(a, 'fourth.bin', 14);
  const t4 = infoHashOf(m4);
  await (await openDetail(b, dead)).getByTestId('detail-pause-resume').click();
  await expect(row(b, dead).getByTestId('state')).toHaveText('Downloading');
  await paste(b, m4);
  await expect(row(b, t4).getByTestId('state')).toHaveText('Queued');
  // ... until the slow-torrent delay is set: after it, the dead one holds no slot and the new one downloads.
  const dialog = await openSettings(b);
  await dialog.getByTestId('settings-slowTorrentSeconds').fill(String(SLOW_SECONDS));
  // A default seeding goal below 0 is refused in words, and nothing is saved.
  await dialog.getByTestId('settings-goal-on').check();
  await dialog.getByTestId('settings-goal-ratio').fill('-1');
  await dialog.getByTestId('settings-save').click();
  await expect(dialog.getByTestId('settings-problem')).toContainText('0 or more');
  await dialog.getByTestId('settings-goal-on').uncheck();
  const savedAt = Date.now();
  await saveSettings(b);
  await waitForComplete(b, t4, SIZE, 120_000);
  await expect(row(b, dead).getByTestId('state')).toHaveText('Stalled');
  log = await samples(b);
  const stalled = log.findIndex((s) => s.at >= savedAt - 1000 && stateOf(s, dead)?.state === 'stalled');
  const started = log.findIndex((s) => RUNNING.has(stateOf(s, t4)?.state ?? ''));
  const story4 = storyOf(log, new Map([[dead, 'dead'], [t4, 't4']]));
  expect(stalled, story4).toBeGreaterThanOrEqual(0);
  expect(started, story4).toBeGreaterThanOrEqual(stalled);
  await b.context().close();
  await a.context().close();
});

test('a seed set to stop at ratio 1.0 stops once it has uploaded its size', async () => {
  test.setTimeout(180_000);
  const a = await openApp(await appContext(setup.browser, setup.server), setup.server.url);
  const magnet = await seedOne(a, 'goal.bin', 21);
  const ih = infoHashOf(magnet);
  const options = await optionsOf(a, ih);
  await options.getByTestId('options-goal-own').check();
  // A ratio below 0 is refused in words, and nothing is saved.
  await options.getByTestId('options-goal-ratio').fill('-1');
  await options.getByTestId('options-goal-save').click();
  await expect(options.getByTestId('options-goal-problem')).toContainText('0 or more');
  expect((await snapshotOf(a, ih))?.['seedGoal']).toBeUndefined();
  await options.getByTestId('options-goal-ratio').fill('1.0');
  await options.getByTestId('options-goal-save').click();
  await expect(options.getByTestId('options-goal-saved')).toBeVisible();
  expect((await snapshotOf(a, ih))?.['seedGoal']).toEqual({ ratio: 1, action: 'pause' });
  await expect(row(a, ih).getByTestId('state')).toHaveText('Seeding');

  const b = await openApp(await appContext(setup.browser, setup.server), setup.server.url);
  await paste(b, magnet);
  await waitForComplete(b, ih, SIZE);
  await expect(row(a, ih).getByTestId('state')).toHaveText('Finished', { timeout: 15_000 });
  const seed = (await snapshotOf(a, ih))!;
  expect(seed['uploaded'] as number).toBeGreaterThanOrEqual(SIZE);
  expect(seed['peers']).toBe(0);
  await b.context().close();
  await a.context().close();
});

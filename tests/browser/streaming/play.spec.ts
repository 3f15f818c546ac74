// Watch while it downloads: page A seeds a WebM made with ffmpeg, page B opens the magnet link and plays it from
// the file list through the service worker while the download runs; then seeks to 80%.

import { statSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import { appContext, infoHashOf, openApp, seedFiles, serverAndBrowser } from '../support/app.ts';
import { fileRow, mediaState, openFiles, throttleLoopback, waitForServiceWorker, whenPlayedPast } from './support.ts';
import { DEFAULT_WEBM, makeWebm } from './webm.ts';

const setup = serverAndBrowser();

/** The link between the pages (in the tests' network namespace): 4 MB/s, a 60 MB file takes 15 s. */
const LINK_BYTES_PER_SECOND = 4_000_000;

test('page B plays a WebM from the magnet link while it downloads, and seeks to 80%', async () => {
  test.setTimeout(300_000);
  const file = makeWebm(DEFAULT_WEBM);
  const size = statSync(file).size;
  expect(size).toBeGreaterThan(20 * 1024 * 1024);

  const a = await openApp(await appContext(setup.browser, setup.server), setup.server.url);
  const magnet = await seedFiles(a, [file]);
  const infoHash = infoHashOf(magnet);

  const b = await openApp(await appContext(setup.browser, setup.server), setup.server.url);
  const unthrottle = throttleLoopback(LINK_BYTES_PER_SECOND);
  if (!unthrottle) console.log('loopback not throttled (not in the tests\' network namespace): relying on the file size');
  try {
    const errors: string[] = [];
    b.on('pageerror', (e) => errors.push(e.message));
    await waitForServiceWorker(b);
    await b.getByTestId('magnet-input').fill(magnet);
    await b.getByTestId('magnet-submit').click();

    const files = await openFiles(b, infoHash);
    await fileRow(files, 0).getByTestId('play-file').click();
    const video = b.getByTestId('player-video');
    await expect(video).toBeVisible();

    // Playing, 2 s in, while most of the file is still missing.
    const at2 = await whenPlayedPast(video, 2, infoHash, 90_000);
    expect(at2.length).toBe(size);
    console.log(`currentTime passed 2 s with ${((100 * at2.verified) / at2.length).toFixed(1)}% of ${size} bytes verified`);
    expect(at2.verified / at2.length).toBeLessThan(0.5);

    // Seek to 80%: playback resumes there and advances.
    const duration = (await mediaState(video)).duration;
    expect(duration).toBeGreaterThan(DEFAULT_WEBM.seconds - 1);
    const target = 0.8 * duration;
    await video.evaluate((v: HTMLMediaElement, t) => void (v.currentTime = t), target);
    await expect.poll(async () => (await mediaState(video)).seeking, { timeout: 60_000 }).toBe(false);
    const after = await whenPlayedPast(video, target + 1, infoHash, 60_000);
    console.log(`playing again at ${after.at.toFixed(1)} s of ${duration.toFixed(1)} with ${((100 * after.verified) / after.length).toFixed(1)}% verified`);
    expect(after.at).toBeGreaterThanOrEqual(target);
    const later = await whenPlayedPast(video, after.at + 0.5, infoHash, 30_000);
    expect(later.at).toBeGreaterThan(after.at);

    const state = await mediaState(video);
    expect(state.error).toBeNull();
    expect(state.paused).toBe(false);
    await expect(b.getByTestId('player-error')).toHaveCount(0);
    expect(errors).toEqual([]);
  } finally {
    unthrottle?.();
  }
});

// A really hidden downloading page keeps its speed. The downloading page lives in a Chromium we start ourselves
// (support/own-chromium.ts says why Playwright's own launch cannot hide a page: it adds the anti-throttling flags and
// emulates focus); that browser runs with none of --disable-background-timer-throttling,
// --disable-renderer-backgrounding, --disable-backgrounding-occluded-windows. The page is hidden the two ways a user
// hides it: (a) another tab opened in front of it in the same window, (b) its window minimised (CDP
// Browser.setWindowBounds). The page itself must report `document.visibilityState === 'hidden'` from before the
// hidden phase starts to after it ends. One seeder (a separate, unthrottled browser) serves one 128 MiB torrent; the
// download alternates visible and hidden every 8 MiB, so 64 MiB arrive hidden and 64 MiB visible, interleaved: on a
// shared machine whose load drifts by the minute, back-to-back transfers compared the load, not the visibility.
// Rate: payload bytes the downloading page's snapshots report, over the time spent in each state.

import { expect, test, type Page } from '@playwright/test';
import { appContext, openApp, randomContent, seedFiles, serverAndBrowser, tempFile, useTestSettings } from '../support/app.ts';
import { alternateVisibility } from '../support/hidden-run.ts';
import { launchOwnChromium, type OwnChromium } from '../support/own-chromium.ts';

const MiB = 1024 * 1024;
/** 64 MiB hidden and 64 MiB visible. */
const SIZE = 128 * MiB;
/** Hidden / visible, the bar. */
const MIN_RATIO = 0.9;

const setup = serverAndBrowser();
let own: OwnChromium;
let leecher: Page;
let magnet: string;

test.beforeAll(async () => {
  test.setTimeout(600_000); // hashing 128 MiB takes minutes on a loaded machine
  own = await launchOwnChromium();
  await useTestSettings(own.context, setup.server, 'auto');
  leecher = await openApp(own.context, setup.server.url);
  const seeder = await openApp(await appContext(setup.browser, setup.server), setup.server.url);
  magnet = await seedFiles(seeder, [tempFile('hidden-page.bin', randomContent(SIZE, 500))], 480_000);
});

test.afterAll(async () => {
  await own?.close();
});

test('a page in a tab behind another tab of its window downloads at >= 90% of its visible speed', async () => {
  test.setTimeout(600_000);
  let cover: Page | null = null;
  const r = await alternateVisibility(leecher, magnet, SIZE, {
    hide: async () => {
      cover = await own.context.newPage(); // a new tab opens in front, in the leecher's window
    },
    show: async () => {
      await cover?.close();
      await leecher.bringToFront();
    },
  });
  console.log(`tab behind another: hidden ${r.hiddenMBps.toFixed(2)} MB/s, visible ${r.visibleMBps.toFixed(2)} MB/s, ratio ${r.ratio.toFixed(2)} (phases, MB/s: ${r.phases})`);
  expect(r.ratio).toBeGreaterThanOrEqual(MIN_RATIO);
});

test('a page in a minimised window downloads at >= 90% of its visible speed', async () => {
  test.setTimeout(600_000);
  const r = await alternateVisibility(leecher, magnet, SIZE, {
    hide: () => own.setWindowState(leecher, 'minimized'),
    show: () => own.setWindowState(leecher, 'normal'),
  });
  console.log(`minimised window: hidden ${r.hiddenMBps.toFixed(2)} MB/s, visible ${r.visibleMBps.toFixed(2)} MB/s, ratio ${r.ratio.toFixed(2)} (phases, MB/s: ${r.phases})`);
  expect(r.ratio).toBeGreaterThanOrEqual(MIN_RATIO);
});

// Saving a big file goes through the service worker's download route: the browser's download manager reads it
// from the engine worker over the stream port, so the page's JS heap stays flat (no Blob, no chunks in the page).

import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { appContext, infoHashOf, openApp, randomContent, seedFiles, serverAndBrowser, sha256, tempFile } from '../support/app.ts';
import { fileRow, openFiles, sha256File, waitForServiceWorker } from './support.ts';

const setup = serverAndBrowser();

const MiB = 1024 * 1024;

test('saving a 256 MiB file through the download route keeps the page heap flat', async () => {
  test.setTimeout(300_000);
  const size = 256 * MiB;
  const data = randomContent(size, 256);
  const expected = sha256(data);
  const a = await openApp(await appContext(setup.browser, setup.server), setup.server.url);
  await waitForServiceWorker(a);
  const magnet = await seedFiles(a, [tempFile('big.bin', data)]);
  const infoHash = infoHashOf(magnet);
  const files = await openFiles(a, infoHash);
  const link = fileRow(files, 0).getByTestId('download-file');
  await expect(link).toHaveAttribute('href', `/stream/${infoHash}/0/big.bin?download=1`);

  const heap = (): Promise<number> => a.evaluate(() => (performance as Performance & { memory: { usedJSHeapSize: number } }).memory.usedJSHeapSize);
  await a.evaluate(() => (globalThis as { gc?: () => void }).gc?.());
  const before = await heap();
  const samples: number[] = [];
  let saving = true;
  const sampler = (async () => {
    while (saving) {
      samples.push(await heap());
      await new Promise((r) => setTimeout(r, 100));
    }
  })();

  const dir = mkdtempSync(path.join(tmpdir(), 'rivulet-save-'));
  try {
    const started = performance.now();
    const [download] = await Promise.all([a.waitForEvent('download'), link.click()]);
    expect(download.suggestedFilename()).toBe('big.bin');
    const saved = path.join(dir, 'big.bin');
    await download.saveAs(saved);
    const seconds = (performance.now() - started) / 1000;
    saving = false;
    await sampler;
    expect(await download.failure()).toBeNull();
    expect(statSync(saved).size).toBe(size);
    expect(await sha256File(saved)).toBe(expected);
    const peak = Math.max(...samples);
    console.log(`saved ${size / MiB} MiB in ${seconds.toFixed(1)} s; page heap ${(before / MiB).toFixed(1)} MiB before, peak ${(peak / MiB).toFixed(1)} MiB over ${samples.length} samples`);
    // Flat: the file never passes through the page (a Blob or chunked copy would grow it by the file's size).
    expect(samples.length).toBeGreaterThan(3);
    expect(peak - before).toBeLessThan(16 * MiB);
  } finally {
    saving = false;
    rmSync(dir, { recursive: true, force: true });
  }
});

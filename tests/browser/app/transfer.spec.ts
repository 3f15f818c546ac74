// Two people's browsers and the real local tracker: a file shared in one page arrives bit-identical in the other.

import { expect, test } from '@playwright/test';
import {
  appContext,
  engineFileSha256,
  infoHashOf,
  openApp,
  randomContent,
  row,
  seedFiles,
  serverAndBrowser,
  sha256,
  storedFileSha256,
  tempFile,
  waitForComplete,
} from '../support/app.ts';

const setup = serverAndBrowser();

test('a 64 MiB file shared in page A downloads bit-identical in page B from the share link', async () => {
  const size = 64 * 1024 * 1024;
  const data = randomContent(size, 11);
  const a = await openApp(await appContext(setup.browser, setup.server), setup.server.url);
  const magnet = await seedFiles(a, [tempFile('movie.bin', data)]);
  const infoHash = infoHashOf(magnet);
  await expect(row(a, infoHash).getByTestId('state')).toHaveText(/seed/i);
  const shareLink = await a.getByTestId('share-link').inputValue().catch(async () => (await a.getByTestId('share-link').textContent()) ?? '');
  expect(shareLink).toContain(`#magnet:?xt=urn:btih:${infoHash}`);

  const b = await openApp(await appContext(setup.browser, setup.server), shareLink);
  await expect(row(b, infoHash)).toBeVisible();
  await waitForComplete(b, infoHash, size);
  expect(await storedFileSha256(b, infoHash)).toBe(sha256(data));
});

test('two files dropped onto page A arrive bit-identical in page B', async () => {
  const a = await openApp(await appContext(setup.browser, setup.server), setup.server.url);
  // Build the files inside the page and drop them on the window, as a user dragging them from the desktop would.
  const expected = await a.evaluate(async () => {
    const make = (n: number, seed: number): Uint8Array<ArrayBuffer> => {
      const out = new Uint8Array(n);
      let x = seed;
      for (let i = 0; i < n; i++) {
        x = (x * 1103515245 + 12345) >>> 0;
        out[i] = x >>> 24;
      }
      return out;
    };
    const files = [new File([make(300_000, 1)], 'one.bin'), new File([make(1_500_000, 2)], 'two.bin')];
    const dt = new DataTransfer();
    for (const f of files) dt.items.add(f);
    window.dispatchEvent(new DragEvent('dragenter', { dataTransfer: dt, bubbles: true }));
    window.dispatchEvent(new DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true }));
    const hex = async (f: File): Promise<string> =>
      [...new Uint8Array(await crypto.subtle.digest('SHA-256', await f.arrayBuffer()))].map((b) => b.toString(16).padStart(2, '0')).join('');
    return { sizes: files.map((f) => f.size), hashes: await Promise.all(files.map(hex)) };
  });
  const magnetField = a.getByTestId('share-magnet');
  await expect(magnetField).toBeVisible({ timeout: 60_000 });
  const magnet = (await magnetField.inputValue().catch(() => null)) ?? (await magnetField.textContent())!;
  const infoHash = infoHashOf(magnet);

  const b = await openApp(await appContext(setup.browser, setup.server), `${setup.server.url}#${magnet}`);
  await waitForComplete(b, infoHash, expected.sizes[0]! + expected.sizes[1]!);
  expect([await storedFileSha256(b, infoHash, 0), await storedFileSha256(b, infoHash, 1)]).toEqual(expected.hashes);
});

test('a page on the IndexedDB storage fallback downloads bit-identical and resumes after a reload', async () => {
  const size = 6 * 1024 * 1024 + 77;
  const data = randomContent(size, 23);
  const a = await openApp(await appContext(setup.browser, setup.server), setup.server.url);
  const magnet = await seedFiles(a, [tempFile('idb.bin', data)]);
  const infoHash = infoHashOf(magnet);
  const b = await openApp(await appContext(setup.browser, setup.server, 'idb'), `${setup.server.url}#${magnet}`);
  await waitForComplete(b, infoHash, size);
  expect(await engineFileSha256(b, infoHash, 0, size)).toBe(sha256(data));
  // Nothing went to OPFS: the pieces live in IndexedDB, and come back after a reload.
  const opfsEntries = await b.evaluate(async () => {
    const names: string[] = [];
    const root = (await navigator.storage.getDirectory()) as unknown as { keys(): AsyncIterable<string> };
    for await (const name of root.keys()) names.push(name);
    return names;
  });
  expect(opfsEntries).toEqual([]);
  await b.reload();
  await expect(b.locator('body[data-engine="ready"]')).toBeAttached({ timeout: 30_000 });
  await waitForComplete(b, infoHash, size, 20_000);
  expect(await engineFileSha256(b, infoHash, 0, size)).toBe(sha256(data));
});

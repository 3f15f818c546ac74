// Two people's browsers and the real local tracker: a file shared in one page arrives bit-identical in the other.

import { expect, test, type Browser } from '@playwright/test';
import { appContext, infoHashOf, launch, openApp, randomContent, row, seedFiles, sha256, startApp, storedFileSha256, waitForComplete, type RunningServer } from '../support/app.ts';

let server: RunningServer;
let browser: Browser;

test.beforeAll(async () => {
  server = await startApp();
  browser = await launch();
});
test.afterAll(async () => {
  await browser?.close();
  await server?.close();
});

test('a file dropped in page A downloads bit-identical in page B from the magnet link', async () => {
  const size = 8 * 1024 * 1024 + 12345;
  const data = randomContent(size, 11);
  const a = await openApp(await appContext(browser, server), server.url);
  const magnet = await seedFiles(a, [{ name: 'movie.bin', mimeType: 'application/octet-stream', buffer: data }]);
  const infoHash = infoHashOf(magnet);
  await expect(row(a, infoHash).getByTestId('state')).toHaveText(/seed/i);

  const b = await openApp(await appContext(browser, server), `${server.url}#${magnet}`);
  await expect(row(b, infoHash)).toBeVisible();
  await waitForComplete(b, infoHash, size, 30_000);
  expect(await storedFileSha256(b, infoHash)).toBe(sha256(data));
});

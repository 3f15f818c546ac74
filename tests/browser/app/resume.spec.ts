// A 64 MiB file between two browsers, with the downloading page reloaded half-way: it resumes from its stored
// pieces and fetches no more than what was missing plus one piece per peer.

import { expect, test } from '@playwright/test';
import {
  appContext,
  infoHashOf,
  openApp,
  randomContent,
  row,
  seedFiles,
  serverAndBrowser,
  sha256,
  snapshotOf,
  storedFileSha256,
  tempFile,
  waitForComplete,
} from '../support/app.ts';

const setup = serverAndBrowser();

test('page B reloaded half-way through a 64 MiB download resumes and fetches only what was missing', async () => {
  const size = 64 * 1024 * 1024;
  const data = randomContent(size, 64);
  const a = await openApp(await appContext(setup.browser, setup.server), setup.server.url);
  const magnet = await seedFiles(a, [tempFile('sixty-four.bin', data)]);
  const infoHash = infoHashOf(magnet);

  const contextB = await appContext(setup.browser, setup.server);
  const b = await openApp(contextB, `${setup.server.url}#${magnet}`);
  await expect(row(b, infoHash)).toBeVisible();
  await expect
    .poll(async () => Number((await snapshotOf(b, infoHash))?.['verified'] ?? 0), { timeout: 120_000, intervals: [100] })
    .toBeGreaterThan(size * 0.4);
  const before = (await snapshotOf(b, infoHash))!;
  const missing = size - Number(before['verified']);
  const pieceLength = Number(before['pieceLength']);
  expect(missing).toBeGreaterThan(0);

  await b.reload();
  await expect(b.locator('body[data-engine="ready"]')).toBeAttached({ timeout: 30_000 });
  await expect(row(b, infoHash)).toBeVisible();
  // It restarts from what is on disk, not from zero.
  const restored = Number((await snapshotOf(b, infoHash))?.['verified'] ?? 0);
  expect(restored).toBeGreaterThanOrEqual(size - missing);

  await waitForComplete(b, infoHash, size);
  const after = (await snapshotOf(b, infoHash))!;
  const peers = 1;
  expect(Number(after['receivedThisSession'])).toBeLessThanOrEqual(missing + peers * pieceLength);
  expect(await storedFileSha256(b, infoHash)).toBe(sha256(data));
});

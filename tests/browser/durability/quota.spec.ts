// Storage full mid-download: the torrent stops with a sentence saying so, the pieces it had verified stay intact,
// and once space is freed it resumes by itself (engine/lifecycle/quota-wait.ts) and finishes bit-identical.

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
  snapshotOf,
  tempFile,
  waitForComplete,
} from '../support/app.ts';

const setup = serverAndBrowser();
const MiB = 1024 * 1024;

test('quota exhausted mid-download: stops with a sentence, verified pieces intact, resumes by itself once space is freed', async () => {
  const size = 12 * MiB;
  const data = randomContent(size, 404);
  const a = await openApp(await appContext(setup.browser, setup.server), setup.server.url);
  const magnet = await seedFiles(a, [tempFile('full.bin', data)]);
  const ih = infoHashOf(magnet);

  const context = await appContext(setup.browser, setup.server);
  const b = await openApp(context, setup.server.url);
  const origin = new URL(setup.server.url).origin;
  const cdp = await context.newCDPSession(b);
  const usage = await b.evaluate(async () => (await navigator.storage.estimate()).usage ?? 0);
  await cdp.send('Storage.overrideQuotaForOrigin', { origin, quotaSize: usage + 3 * MiB });
  try {
    await b.goto(`${setup.server.url}#${magnet}`);
    await expect(row(b, ih).getByTestId('torrent-error')).toHaveText('Storage full: resumes by itself once space is freed.', { timeout: 60_000 });
    const stopped = (await snapshotOf(b, ih))!;
    expect(stopped['state']).toBe('error');
    expect(stopped['downloadRate']).toBe(0);
    const verified = Number(stopped['verified']);
    expect(verified).toBeLessThan(size);

    // Every piece it marked verified reads back as the original (nothing verified was corrupted by the failure).
    const check = await b.evaluate(
      async ([infoHash]) => {
        type Client = { call(c: unknown): Promise<unknown> };
        const client = (document.querySelector('rv-app') as Element & { client: Client }).client;
        const { pieces } = (await client.call({ type: 'detail', infoHashHex: infoHash })) as { pieces: Uint8Array };
        const have: number[] = [];
        for (let i = 0; i < pieces.length * 8; i++) if ((pieces[i >> 3]! >> (7 - (i & 7))) & 1) have.push(i);
        return have;
      },
      [ih] as const,
    );
    const pieceLength = Number(stopped['pieceLength']);
    for (const piece of check) {
      const start = piece * pieceLength;
      const len = Math.min(pieceLength, size - start);
      const got = await b.evaluate(
        async ([infoHash, offset, length]) => {
          type Client = { call(c: unknown): Promise<Uint8Array> };
          const client = (document.querySelector('rv-app') as Element & { client: Client }).client;
          const bytes = (await client.call({ type: 'read', infoHashHex: infoHash, fileIndex: 0, offset, length })) as Uint8Array<ArrayBuffer>;
          return [...new Uint8Array(await crypto.subtle.digest('SHA-256', bytes))].map((x) => x.toString(16).padStart(2, '0')).join('');
        },
        [ih, start, len] as const,
      );
      expect(got, `verified piece ${piece}`).toBe(sha256(data.subarray(start, start + len)));
    }
    expect(check.length * pieceLength).toBeGreaterThanOrEqual(verified - pieceLength);
  } finally {
    // Space is freed.
    await cdp.send('Storage.overrideQuotaForOrigin', { origin });
  }
  // Nobody clicks Resume: the engine asks for the free space (every 2 s, backing off to 30 s) and resumes.
  await expect.poll(async () => (await snapshotOf(b, ih))?.['state'], { timeout: 60_000 }).not.toBe('error');
  await waitForComplete(b, ih, size, 120_000);
  expect(await engineFileSha256(b, ih, 0, size)).toBe(sha256(data));
  await context.close();
});

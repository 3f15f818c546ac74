// A full origin quota must surface as STORAGE_QUOTA_EXCEEDED from both browser stores (CDP shrinks the quota).

import { expect, test, type Page } from '@playwright/test';
import type { Backend, HarnessReply } from './harness/protocol.ts';
import { startHarnessServer, type HarnessServer } from './harness-server.ts';

const MiB = 1024 * 1024;

let server: HarnessServer;
let origin = '';

test.beforeAll(async () => {
  server = await startHarnessServer();
  origin = server.origin;
});

test.afterAll(async () => {
  await server?.close();
});

async function quotaRun(page: Page, backend: Backend): Promise<HarnessReply> {
  await page.goto(`${origin}/index.html`, { timeout: 30_000 });
  await expect(page).toHaveTitle('harness ready', { timeout: 30_000 });
  const cdp = await page.context().newCDPSession(page);
  // 4 MiB for the whole origin; the run below tries to store 16 MiB.
  await cdp.send('Storage.overrideQuotaForOrigin', { origin, quotaSize: 4 * MiB });
  try {
    return await page.evaluate(
      ([b, pieceLength]) => window.harness.call(window.harness.spawn(), { op: 'quota', backend: b, pieceLength, pieces: 16 }, 60_000),
      [backend, MiB] as const,
    );
  } finally {
    await cdp.send('Storage.overrideQuotaForOrigin', { origin });
  }
}

for (const backend of ['opfs', 'idb'] as const) {
  test(`a full quota surfaces as STORAGE_QUOTA_EXCEEDED from the ${backend} store, naming the piece and leaving it unmarked`, async ({ page }) => {
    const reply = await quotaRun(page, backend);
    console.log(`${backend} quota: ${JSON.stringify(reply)}`);
    if (reply.op !== 'quota') throw new Error(`unexpected reply: ${JSON.stringify(reply)}`);
    expect(reply.error?.code).toBe('STORAGE_QUOTA_EXCEEDED');
    expect(reply.written).toBeLessThan(16);
    expect(reply.error?.details).toMatchObject({ piece: reply.written, needed: MiB });
    expect(reply.marked, 'pieces marked verified after the failure').toBe(reply.written);
    expect(reply.markedAfterReopen, 'pieces marked verified after reopen').toBe(reply.written);
  });
}

// Runs the storage contract in real Chromium, inside a dedicated worker, against OPFS and IndexedDB stores.

import { expect, test, type Page } from '@playwright/test';
import type { Backend, HarnessReply, HarnessRequest } from './harness/protocol.ts';
import { startHarnessServer, type HarnessServer } from './harness-server.ts';

let server: HarnessServer;
let baseUrl = '';

test.beforeAll(async () => {
  server = await startHarnessServer();
  baseUrl = server.origin;
});

test.afterAll(async () => {
  await server?.close();
});

async function openHarness(page: Page): Promise<void> {
  const problems: string[] = [];
  page.on('pageerror', (e) => problems.push(e.message));
  await page.goto(`${baseUrl}/index.html`, { timeout: 30_000 });
  await expect(page, `harness page failed to load: ${problems.join('; ')}`).toHaveTitle('harness ready', { timeout: 30_000 });
}

function spawn(page: Page): Promise<number> {
  return page.evaluate(() => window.harness.spawn());
}

function call(page: Page, worker: number, request: HarnessRequest, timeoutMs = 60_000): Promise<HarnessReply> {
  return page.evaluate(([w, r, t]) => window.harness.call(w, r, t), [worker, request, timeoutMs] as const);
}

for (const backend of ['opfs', 'idb'] as const satisfies readonly Backend[]) {
  test(`every storage contract check passes against the ${backend} store in a dedicated worker`, async ({ page }) => {
    await openHarness(page);
    const reply = await call(page, await spawn(page), { op: 'contract', backend }, 150_000);
    if (reply.op !== 'contract') throw new Error(`unexpected reply: ${JSON.stringify(reply)}`);
    const failures = reply.results.filter((r) => !r.ok).map((r) => `${r.name}: ${r.error}`);
    console.log(`${backend}: ${reply.results.map((r) => `${r.ok ? 'ok' : 'FAIL'} ${r.ms} ms  ${r.name}`).join('\n  ')}`);
    expect(failures, `failed checks:\n${failures.join('\n')}`).toEqual([]);
    expect(reply.results.length).toBeGreaterThanOrEqual(15);
    expect(reply.leftovers, 'torrent folders left in OPFS after the suite').toEqual([]);
  });
}

test('OPFS is detected in a dedicated worker and not in a window; the preference picks IndexedDB', async ({ page }) => {
  await openHarness(page);
  expect(await page.evaluate(() => window.harness.windowOpfsAvailable())).toBe(false);
  const reply = await call(page, await spawn(page), { op: 'probe' });
  expect(reply).toEqual({ op: 'probe', opfsAvailable: true, chosen: 'opfs', chosenWithIdbPreference: 'idb' });
});

test('a torrent open in one worker cannot be opened in another: STORAGE_UNAVAILABLE with a sentence', async ({ page }) => {
  await openHarness(page);
  const a = await spawn(page);
  const b = await spawn(page);
  const infoHash = 'c'.repeat(40);
  expect(await call(page, a, { op: 'hold', infoHash })).toEqual({ op: 'hold' });
  const blocked = await call(page, b, { op: 'open', infoHash });
  expect(blocked.op === 'open' && blocked.error?.code).toBe('STORAGE_UNAVAILABLE');
  expect(blocked.op === 'open' && blocked.error?.message).toMatch(/another tab or worker/);
  expect(await call(page, a, { op: 'release' })).toEqual({ op: 'release' });
  // Released: the other worker can open it now.
  expect(await call(page, b, { op: 'open', infoHash })).toEqual({ op: 'open' });
});

test('a stored OPFS file can be exported as a File, also while its store is open', async ({ page }) => {
  await openHarness(page);
  const reply = await call(page, await spawn(page), { op: 'export' });
  if (reply.op !== 'export') throw new Error(`unexpected reply: ${JSON.stringify(reply)}`);
  console.log(`export: ${JSON.stringify(reply)}`);
  // Chromium 156 serves getFile() while the store holds a sync access handle (documented in opfs-store.ts).
  expect(reply.whileOpen).toBe('file of 2048 bytes, piece 1 intact');
  expect(reply.afterClose).toBe('file of 2048 bytes, piece 1 intact');
  expect(reply.missing).toBe('null');
});

// Offers made ahead of time: a magnet added in a page that has been open a moment announces with offers gathered
// before the click (no RTCPeerConnection made between the click and that announce), and the metadata still comes
// over those connections, from a real seeding page, hashed to the info hash.

import { expect, test } from '@playwright/test';
import { appContext, infoHashOf, openApp, randomContent, seedFiles, serverAndBrowser, snapshotOf, tempFile } from '../support/app.ts';

const setup = serverAndBrowser();

/** Records every RTCPeerConnection made and the first announce carrying offers (time, how many). */
function watch(): void {
  const w = window as unknown as { __pcs: { at: number; pc: RTCPeerConnection }[]; __offers?: { at: number; count: number } };
  w.__pcs = [];
  const Native = RTCPeerConnection;
  window.RTCPeerConnection = class extends Native {
    constructor(config?: RTCConfiguration) {
      super(config);
      w.__pcs.push({ at: performance.now(), pc: this });
    }
  };
  const send = WebSocket.prototype.send;
  WebSocket.prototype.send = function (data: Parameters<WebSocket['send']>[0]) {
    if (w.__offers === undefined && typeof data === 'string' && data.includes('"offers":[{')) {
      w.__offers = { at: performance.now(), count: (JSON.parse(data) as { offers: unknown[] }).offers.length };
    }
    return send.call(this, data);
  };
  // The harness's microphone grant lets Chromium gather loopback candidates (BROWSER-TESTING.md); a real page has
  // its host candidates from the start, so it is taken as the page starts.
  void navigator.mediaDevices?.getUserMedia({ audio: true }).then((s) => s.getTracks().forEach((t) => t.stop()));
}

test('a magnet`s first announce carries offers gathered before the click, and the metadata arrives over them', async () => {
  const a = await openApp(await appContext(setup.browser, setup.server), setup.server.url);
  const magnet = await seedFiles(a, [tempFile('pool.bin', randomContent(1024 * 1024, 5))]);
  const ih = infoHashOf(magnet);

  const context = await appContext(setup.browser, setup.server);
  await context.addInitScript(watch);
  const b = await openApp(context, setup.server.url);
  // The pool: offers gathered and waiting (bounded wait; a pooled offer that gathered nothing is made again).
  await expect
    .poll(() => b.evaluate(() => (window as unknown as { __pcs: { pc: RTCPeerConnection }[] }).__pcs.filter((p) => p.pc.signalingState === 'have-local-offer' && p.pc.iceGatheringState === 'complete').length), { timeout: 20_000 })
    .toBeGreaterThanOrEqual(3);

  await b.getByTestId('magnet-input').fill(magnet);
  const clickAt = await b.evaluate(() => performance.now());
  await b.getByTestId('magnet-submit').click();
  await expect.poll(async () => (await snapshotOf(b, ih))?.['hasMetadata'], { timeout: 30_000 }).toBe(true);

  const seen = await b.evaluate((t0) => {
    const w = window as unknown as { __pcs: { at: number }[]; __offers?: { at: number; count: number } };
    return { offers: w.__offers, madeBetween: w.__pcs.filter((p) => p.at >= t0 && p.at <= (w.__offers?.at ?? Infinity)).length };
  }, clickAt);
  expect(seen.offers?.count).toBe(3);
  expect(seen.offers!.at).toBeGreaterThan(clickAt);
  expect(seen.madeBetween).toBe(0);
  await context.close();
});

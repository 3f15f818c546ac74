import { expect, test } from '@playwright/test';
import { appContext, launch, openApp, row, startApp, verifiedBytes } from '../support/app.ts';
import { WebTorrentPeer, startWebTorrentOrigin } from './support/webtorrent-peer.ts';

test('debug wt -> us', async () => {
  test.setTimeout(180_000);
  const server = await startApp();
  const origin = await startWebTorrentOrigin();
  const browser = await launch();
  const wt = await WebTorrentPeer.open(browser, origin);
  const size = Number(process.env.SIZE ?? 12 * 1024 * 1024);
  const seeded = await wt.seed([{ path: 'r.bin', length: size, seed: 9 }], server.trackerUrl);
  const ours = await openApp(await appContext(browser, server), `${server.url}#${seeded.magnetURI}`);
  const t0 = Date.now();
  for (let i = 0; i < 200; i++) {
    const v = await verifiedBytes(ours, seeded.infoHash).catch(() => -1);
    const wires = await wt.page.evaluate((ih) => (window as any).wtPeer.wires(ih), seeded.infoHash);
    const peersShown = await row(ours, seeded.infoHash).getByTestId('peers').getAttribute('data-count').catch(() => '?');
    console.log(`${Date.now() - t0} ms: ours verified ${v}, peers ${peersShown}; wt ${JSON.stringify(wires)}`);
    if (v === size) break;
    await ours.waitForTimeout(500);
  }
  await browser.close(); await origin.close(); await server.close();
});

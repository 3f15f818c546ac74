import { statSync } from 'node:fs';
import { expect, test, type Browser } from '@playwright/test';
import { appContext, infoHashOf, launch, openApp, row, seedFiles, snapshotOf, startApp, type RunningServer } from '../support/app.ts';
import { makeWebm } from './webm.ts';

let server: RunningServer;
let browser: Browser;
test.beforeAll(async () => { server = await startApp(); browser = await launch(); });
test.afterAll(async () => { await browser?.close(); await server?.close(); });

test('explore', async () => {
  const t0 = Date.now();
  const file = makeWebm();
  const size = statSync(file).size;
  console.log('webm', file, size, Date.now() - t0);
  const a = await openApp(await appContext(browser, server), server.url);
  const magnet = await seedFiles(a, [file]);
  const ih = infoHashOf(magnet);
  console.log('seeded', Date.now() - t0);
  const b = await openApp(await appContext(browser, server), server.url);
  b.on('console', (m) => console.log(`[b ${m.type()}] ${m.text()}`));
  b.context().on('console', (m) => { if (m.text().startsWith('DBGSW')) console.log(`[ctx ${m.type()}] ${m.text()}`); });
  await b.waitForFunction(() => navigator.serviceWorker.controller !== null);
  await b.getByTestId('magnet-input').fill(magnet);
  await b.getByTestId('magnet-submit').click();
  const tAdd = Date.now();
  await row(b, ih).getByTestId('files-toggle').click();
  await b.getByTestId('play-file').click();
  console.log('play clicked', Date.now() - tAdd);
  const video = b.getByTestId('player-video');
  for (let i = 0; i < 100; i++) {
    const st = await video.evaluate((v: HTMLVideoElement) => ({ t: v.currentTime, d: v.duration, rs: v.readyState, err: v.error?.message, buf: v.buffered.length ? v.buffered.end(v.buffered.length - 1) : 0 }));
    const s = await snapshotOf(b, ih);
    console.log(Date.now() % 100000, JSON.stringify(st), Number(s?.['verified']) / size);
    if (st.t > 2) break;
    await new Promise((r) => setTimeout(r, 200));
  }
  await video.evaluate((v: HTMLVideoElement) => { v.currentTime = v.duration * 0.8; });
  const tSeek = Date.now();
  for (let i = 0; i < 50; i++) {
    const st = await video.evaluate((v: HTMLVideoElement) => ({ t: v.currentTime, d: v.duration, rs: v.readyState, err: v.error?.message, seeking: v.seeking, paused: v.paused }));
    const s = await snapshotOf(b, ih);
    console.log('seek', Date.now() % 100000, JSON.stringify(st), Number(s?.['verified']) / size);
    if (st.t > st.d * 0.8 + 1) break;
    await new Promise((r) => setTimeout(r, 200));
  }
});

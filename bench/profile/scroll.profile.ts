// The torrent list scrolled with many torrents, traced (bench/PROFILE.md): the main thread's work per frame while
// rows join and leave the window, and the frame times. On demand, never in CI:
//   npm run build && unshare -n sh -c 'ip link set lo up && npx playwright test -c bench/profile/playwright.config.ts scroll'
// BENCH_TORRENTS (default 400).

import { test } from '@playwright/test';
import { appContext, launch, openApp, startApp } from '../../tests/browser/support/app.ts';
import { addManyTorrents } from '../../tests/browser/scale/many.ts';
import { BrowserTracer, traceReport } from './cdp-tracer.ts';
import { ThreadProfiler, selfTimes } from './cdp-profiler.ts';

const N = Number(process.env['BENCH_TORRENTS'] ?? 400);

test('scroll profile', async () => {
  test.setTimeout(10 * 60_000);
  const server = await startApp();
  const browser = await launch();
  try {
    const page = await openApp(await appContext(browser, server), server.url);
    await page.setViewportSize({ width: 1280, height: 800 });
    await addManyTorrents(page, N);
    await page.waitForFunction((n) => document.querySelector('rv-app')?.shadowRoot !== null && (document.querySelector('rv-app') as unknown as { client: { snapshot?: { torrents: unknown[] } } }).client.snapshot?.torrents.length === n, N);
    await page.evaluate((ms) => new Promise((r) => setTimeout(r, ms)), Number(process.env["SETTLE_MS"] ?? 2000));
    // What the page and its workers do while nothing happens (idle seeds should cost nothing).
    const { threads } = await ThreadProfiler.attach(page, 'idle');
    for (const t of threads) await t.start();
    await page.evaluate(() => new Promise((r) => setTimeout(r, 3000)));
    for (const t of threads) {
      const s = selfTimes(await t.stop());
      console.log(`${t.label}: ${s.busyMs.toFixed(0)} ms busy of ${s.totalMs.toFixed(0)}`);
      for (const r of s.rows.slice(0, 12)) console.log(`  ${r.ms.toFixed(1).padStart(8)}  ${r.name}`);
    }
    // Patches flowing (one torrent labelled every 500 ms, as the scale bench does): where the page's time goes.
    {
      const main = threads[0]!;
      await main.start();
      await page.evaluate(async () => {
        const client = (document.querySelector('rv-app') as Element & { client: { call(c: unknown): Promise<unknown>; snapshot?: { torrents: { infoHashHex: string }[] } } }).client;
        const ids = client.snapshot!.torrents.map((t) => t.infoHashHex);
        for (let i = 0; i < 12; i++) {
          await client.call({ type: 'set-labels', infoHashHex: ids[(i * 37) % ids.length]!, labels: [`profile-${i}`] });
          await new Promise((res) => setTimeout(res, 500));
        }
      });
      const s = selfTimes(await main.stop());
      console.log(`busy main: ${s.busyMs.toFixed(0)} ms busy of ${s.totalMs.toFixed(0)} (12 patches)`);
      for (const r of s.rows.slice(0, 25)) console.log(`  ${r.ms.toFixed(1).padStart(8)}  ${r.name}`);
    }
    const table = page.getByTestId('torrent-list');
    for (let round = 0; round < 2; round++) {
      await table.evaluate((el) => el.scrollTo(0, 0));
      const tracer = round === 1 ? await BrowserTracer.start(page) : null;
      const deltas = await table.evaluate(
        (el) =>
          new Promise<number[]>((resolve) => {
            const out: number[] = [];
            let last = 0;
            const frame = (now: number): void => {
              if (last) out.push(now - last);
              last = now;
              if (el.scrollTop + el.clientHeight >= el.scrollHeight - 1) return resolve(out);
              el.scrollTop += 60;
              requestAnimationFrame(frame);
            };
            requestAnimationFrame(frame);
          }),
      );
      const total = deltas.reduce((a, b) => a + b, 0);
      const slow = deltas.filter((d) => d > 20).map((d) => Math.round(d));
      console.log(`round ${round}: ${deltas.length} frames, ${((deltas.length / total) * 1000).toFixed(1)} fps; frames over 20 ms: ${slow.length} [${slow.slice(0, 30).join(' ')}]`);
      if (tracer) {
        await tracer.stop();
        const pid = tracer.rendererOf(server.url);
        if (pid !== undefined) console.log(traceReport('scroll', tracer.threads(pid).slice(0, 2), 1, 30));
      }
    }
  } finally {
    await browser.close();
    await server.close();
  }
});

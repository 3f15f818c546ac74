// The strict page (server/csp.js): the server sends the Content-Security-Policy with the page and the worker
// scripts, and the app runs under it without one violation while a user shares a clip, downloads it on a second
// page and plays it through the service worker. Violations are caught three ways: the reports every realm posts to
// the server (report-uri), `securitypolicyviolation` events in the pages, and CSP / Trusted Types console messages
// from the pages, the engine workers and the service workers. The detector is proven at the end: an eval in each
// realm to another origin must be refused and reported, and so must an HTML string given to innerHTML.

import { readdirSync, statSync } from 'node:fs';
import { expect, test, type Browser, type BrowserContext, type ConsoleMessage } from '@playwright/test';
// @ts-expect-error plain JS module (server/server.js has JSDoc types, no .d.ts)
import { startServer } from '../../../server/server.js';
import { DIST, appContext, infoHashOf, launch, openApp, seedFiles, waitForComplete, type RunningServer } from '../support/app.ts';
import { fileRow, openFiles, waitForServiceWorker, whenPlayedPast } from '../streaming/support.ts';
import { makeWebm } from '../streaming/webm.ts';

type Report = Record<string, unknown>;

let server: (RunningServer & { port: number }) | undefined;
let browser: Browser | undefined;
const reports: Report[] = [];
const consoleProblems: string[] = [];

const CSP_TEXT = /Content Security Policy|Trusted ?(HTML|Script|ScriptURL|Types?)|securitypolicyviolation|Refused to/i;

test.beforeAll(async () => {
  server = await startServer({ port: 0, host: '127.0.0.1', distDir: DIST, onCspReport: (r: Report) => reports.push(r) });
  browser = await launch(false);
});

test.afterAll(async () => {
  await browser?.close();
  await server?.close();
});

/** Watches a context's pages, workers and service workers for CSP trouble in their consoles. */
async function watched(context: BrowserContext, name: string): Promise<BrowserContext> {
  const note = (where: string) => (m: ConsoleMessage) => {
    if (CSP_TEXT.test(m.text())) consoleProblems.push(`${name} ${where}: [${m.type()}] ${m.text()}`);
  };
  // The page's own events, turned into console lines (the init script runs outside the page's CSP).
  await context.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) =>
      console.error(`securitypolicyviolation ${e.effectiveDirective} blocked ${e.blockedURI} at ${e.sourceFile}:${e.lineNumber}`),
    );
  });
  context.on('page', (page) => {
    page.on('console', note('page'));
    page.on('pageerror', (e) => {
      if (CSP_TEXT.test(e.message)) consoleProblems.push(`${name} page error: ${e.message}`);
    });
    page.on('worker', (w) => w.on('console', note(`worker ${w.url()}`)));
  });
  context.on('serviceworker', (sw) => sw.on('console', note(`service worker ${sw.url()}`)));
  return context;
}

test('the app sends a strict CSP and runs under it: share, download and play, with no violation anywhere', async () => {
  test.setTimeout(240_000);
  const s = server!;

  // The header, on the page and on each script a realm runs from.
  const worker = readdirSync(`${DIST}/assets`).find((f) => /^engine\.worker-.*\.js$/.test(f));
  expect(worker, 'the built engine worker').toBeDefined();
  for (const p of ['/', '/sw.js', `/assets/${worker}`]) {
    const csp = (await fetch(new URL(p, s.url))).headers.get('content-security-policy') ?? '';
    expect(csp, p).toContain("script-src 'self'");
    expect(csp, p).toContain("require-trusted-types-for 'script'");
    expect(csp, p).toContain("frame-ancestors 'none'");
    // WebAssembly may compile ('wasm-unsafe-eval', the engine's SHA-1); JavaScript may not be eval'd or inlined.
    expect(csp, p).not.toMatch(/'unsafe-eval'|'unsafe-inline'/);
  }

  // A small clip (5 s, ~0.3 MB): shared on page A, added by magnet on page B, downloaded, played from the file list.
  const clip = makeWebm({ seconds: 5, videoBitsPerSecond: 400_000, segmentSeconds: 5, width: 320, height: 180 });
  const a = await openApp(await watched(await appContext(browser!, s), 'A'), s.url);
  await waitForServiceWorker(a);
  const magnet = await seedFiles(a, [clip]);
  const infoHash = infoHashOf(magnet);

  const contextB = await watched(await appContext(browser!, s), 'B');
  const b = await openApp(contextB, s.url);
  await waitForServiceWorker(b);
  await b.getByTestId('magnet-input').fill(magnet);
  await b.getByTestId('magnet-submit').click();
  await waitForComplete(b, infoHash, statSync(clip).size, 120_000);
  const files = await openFiles(b, infoHash);
  await fileRow(files, 0).getByTestId('play-file').click();
  await whenPlayedPast(b.getByTestId('player-video'), 1, infoHash, 60_000);

  // The settings dialog: forms, a dialog element, more styles.
  await b.getByTestId('settings-open').click();
  await expect(b.getByTestId('settings-dialog')).toBeVisible();
  await b.getByTestId('settings-cancel').click();

  expect(consoleProblems, 'CSP messages in a console').toEqual([]);
  expect(reports, 'CSP violation reports').toEqual([]);

  // The detector works, in every realm: a fetch of a data: URL is refused (connect-src allows our origin, trackers and
  // http(s) .torrent URLs, never data:) in the page, the engine worker and the service worker, and each one reports
  // it. (An eval would not do: DevTools' evaluate may eval.)
  const engine = b.workers().find((w) => w.url().includes('engine.worker'));
  const sw = contextB.serviceWorkers()[0];
  expect(engine, 'the engine worker').toBeDefined();
  expect(sw, 'the service worker').toBeDefined();
  const elsewhere = 'data:text/plain,csp-probe';
  const tryFetch = (url: string) => fetch(url).then(() => 'fetched', (e: unknown) => (e as Error).name);
  expect(await b.evaluate(tryFetch, elsewhere)).toBe('TypeError');
  expect(await engine!.evaluate(tryFetch, elsewhere)).toBe('TypeError');
  expect(await sw!.evaluate(tryFetch, elsewhere)).toBe('TypeError');
  // And an HTML string is refused by Trusted Types (no policy may turn it into TrustedHTML).
  expect(
    await b.evaluate(() => {
      try {
        document.createElement('div').innerHTML = '<img src=x>';
        return 'assigned';
      } catch (e) {
        return (e as Error).name;
      }
    }),
  ).toBe('TypeError');
  const origin = new URL(s.url).origin;
  await expect
    .poll(() => reports.map((r) => `${r['effective-directive']} ${String(r['document-uri']).replace(origin, '')}`).sort(), { timeout: 15_000 })
    .toEqual(
      [
        'connect-src /',
        `connect-src /assets/${worker}`,
        'connect-src /sw.js',
        'require-trusted-types-for /',
      ].sort(),
    );
  reports.length = 0;
  consoleProblems.length = 0;
});

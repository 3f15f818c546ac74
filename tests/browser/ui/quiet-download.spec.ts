// A downloading page keeps its main thread quiet (bench/PROFILE.md, "The downloading page's main thread"): no
// animation runs while progress moves (a width transition on the bars ran style, layout and paint at frame rate),
// snapshots that change nothing the app root or the sidebar show do not re-render them while the list follows, and
// the bar's slid fill still covers its share of the bar, at 1280x800 and 390x844 (screenshots kept).

import { expect, test, type Page } from '@playwright/test';
import { appContext, infoHashOf, openApp, randomContent, row, seedFiles, serverAndBrowser, tempFile } from '../support/app.ts';

const KiB = 1024;
const MiB = 1024 * KiB;
const SIZE = 4 * MiB;
const setup = serverAndBrowser();

/** What the next `snapshots` snapshots cost the page: updates per view, and animations running after each. */
async function watch(page: Page, snapshots: number): Promise<{ app: number; sidebar: number; list: number; animations: number }> {
  return page.evaluate(async (count) => {
    type Updatable = Element & { update(changed: unknown): void };
    type Client = { on(type: 'snapshot', l: () => void): () => void };
    const app = document.querySelector('rv-app') as Updatable & { client: Client };
    const counts = { app: 0, sidebar: 0, list: 0, animations: 0 };
    const wrap = (el: Updatable | null | undefined, key: 'app' | 'sidebar' | 'list') => {
      if (!el) throw new Error(`no ${key}`);
      const update = el.update;
      el.update = function (this: Updatable, changed: unknown) {
        counts[key]++;
        update.call(this, changed);
      };
    };
    wrap(app, 'app');
    wrap(app.shadowRoot!.querySelector<Updatable>('rv-sidebar'), 'sidebar');
    wrap(app.shadowRoot!.querySelector<Updatable>('rv-torrent-list'), 'list');
    const roots = (): (Document | ShadowRoot)[] => {
      const out: (Document | ShadowRoot)[] = [document];
      for (let i = 0; i < out.length; i++) for (const el of out[i]!.querySelectorAll('*')) if (el.shadowRoot) out.push(el.shadowRoot);
      return out;
    };
    const frame = () => new Promise((r) => requestAnimationFrame(r));
    await new Promise<void>((resolve) => {
      let seen = 0;
      const off = app.client.on('snapshot', () => {
        // Two frames on: the snapshot's updates are rendered and any transition they started is running.
        void frame().then(frame).then(() => {
          counts.animations += roots().reduce((n, r) => n + r.getAnimations().filter((a) => a.playState === 'running').length, 0);
          if (++seen === count) {
            off();
            resolve();
          }
        });
      });
    });
    return counts;
  }, snapshots);
}

/** The bar's visible fill as a share of its width, and what it announces (aria-valuenow, percent). */
async function barFill(page: Page, infoHashHex: string): Promise<{ fill: number; now: number }> {
  const bar = row(page, infoHashHex).getByTestId('progress');
  return bar.evaluate((el) => {
    const b = el.getBoundingClientRect();
    const s = el.querySelector('span')!.getBoundingClientRect();
    return { fill: Math.max(0, Math.min(s.right, b.right) - Math.max(s.left, b.left)) / b.width, now: Number(el.getAttribute('aria-valuenow')) / 100 };
  });
}

test('a download in progress runs no animation, re-renders only what changed, and its bar shows its progress', async ({}, info) => {
  test.setTimeout(120_000);
  const seeder = await openApp(await appContext(setup.browser, setup.server), setup.server.url);
  const context = await appContext(setup.browser, setup.server);
  // Slow enough to watch several snapshots mid-download.
  await context.addInitScript(() => {
    const s = JSON.parse(localStorage.getItem('rivulet.settings') ?? '{}') as Record<string, unknown>;
    localStorage.setItem('rivulet.settings', JSON.stringify({ ...s, downloadLimit: 192 * 1024 }));
  });
  const leecher = await openApp(context, setup.server.url);
  const magnet = await seedFiles(seeder, [tempFile('quiet-download.bin', randomContent(SIZE, 13))]);
  const infoHashHex = infoHashOf(magnet);
  await leecher.evaluate((m) => (location.hash = m), magnet);
  const progress = row(leecher, infoHashHex).getByTestId('progress');
  await expect.poll(async () => Number(await progress.getAttribute('data-verified')), { timeout: 60_000 }).toBeGreaterThan(MiB / 2);

  const seen = await watch(leecher, 4);
  expect(Number(await progress.getAttribute('data-verified'))).toBeLessThan(SIZE);
  expect(seen.animations).toBe(0);
  expect(seen.list).toBeGreaterThanOrEqual(3);
  expect(seen.app).toBe(0);
  expect(seen.sidebar).toBe(0);

  for (const [width, height] of [[1280, 800], [390, 844]] as const) {
    await leecher.setViewportSize({ width, height });
    const { fill, now } = await barFill(leecher, infoHashHex);
    expect(now).toBeGreaterThan(0);
    expect(now).toBeLessThan(1);
    expect(Math.abs(fill - now)).toBeLessThan(0.02);
    const path = info.outputPath(`downloading-${width}x${height}.png`);
    await leecher.screenshot({ path });
    await info.attach(`downloading-${width}x${height}`, { path, contentType: 'image/png' });
  }
  await seeder.context().close();
  await context.close();
});

// Helpers for the PWA and platform specs: service worker readiness, .torrent files made in Node, the settings
// dialog, recorders for browser APIs a headless browser cannot show (title changes, app badge, protocol handler,
// launch queue), and axe + screenshot checks.

import { writeFileSync } from 'node:fs';
import path from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import { expect, type Browser, type BrowserContext, type Page, type TestInfo } from '@playwright/test';
import createTorrent from 'create-torrent';
import { parseTorrent } from '../../../src/engine/metainfo/metainfo.ts';
import { subtleHasher } from '../../../src/platform/subtle-hasher.ts';
import type { RunningServer } from '../support/app.ts';

/** Like support's appContext, plus extra permissions and browser options (locale), and saved settings. */
export async function platformContext(
  browser: Browser,
  server: RunningServer,
  opts: { permissions?: string[]; locale?: string; settings?: Record<string, unknown> } = {},
): Promise<BrowserContext> {
  const context = await browser.newContext({
    permissions: ['microphone', 'clipboard-read', 'clipboard-write', ...(opts.permissions ?? [])],
    ...(opts.locale ? { locale: opts.locale } : {}),
  });
  await context.addInitScript(
    ([settings]) => {
      if (!localStorage.getItem('rivulet.settings')) localStorage.setItem('rivulet.settings', settings);
    },
    [JSON.stringify({ trackers: [server.trackerUrl], iceServers: [], ...(opts.settings ?? {}) })] as const,
  );
  return context;
}

/** Waits until the service worker is activated and controls the page (the app shell is then precached). */
export async function waitForServiceWorker(page: Page): Promise<void> {
  await expect
    .poll(
      () => page.evaluate(async () => {
        const reg = await navigator.serviceWorker.getRegistration();
        return reg?.active?.state === 'activated' && navigator.serviceWorker.controller !== null;
      }),
      { timeout: 30_000, intervals: [200] },
    )
    .toBe(true);
}

/** A single-file .torrent made in Node, and its info hash (as the engine computes it). */
export async function makeTorrent(name: string, bytes: Buffer, trackerUrl: string): Promise<{ torrent: Buffer; infoHashHex: string }> {
  const input = Object.assign(Buffer.from(bytes), { name });
  const torrent = await new Promise<Buffer>((resolve, reject) =>
    createTorrent(input, { name, announceList: [[trackerUrl]], createdBy: 'rivulet-tests', creationDate: 1 }, (err: Error | null, t: Uint8Array) =>
      err ? reject(err) : resolve(Buffer.from(t)),
    ),
  );
  const meta = await parseTorrent(new Uint8Array(torrent), subtleHasher);
  return { torrent, infoHashHex: meta.infoHashHex };
}

export function randomInfoHash(): string {
  return [...crypto.getRandomValues(new Uint8Array(20))].map((b) => b.toString(16).padStart(2, '0')).join('');
}

export async function openSettings(page: Page) {
  await page.getByTestId('settings-open').click();
  const dialog = page.getByTestId('settings-dialog');
  await expect(dialog).toBeVisible();
  return dialog;
}

export async function saveSettings(page: Page): Promise<void> {
  await page.getByTestId('settings-save').click();
  await expect(page.getByTestId('settings-dialog')).toBeHidden();
}

/**
 * Records what headless Chromium cannot show: document.title assignments, app badge calls, protocol handler
 * registrations (the real one still runs), and the launch queue's consumer (so a test can launch files).
 */
export async function installRecorders(context: BrowserContext): Promise<void> {
  await context.addInitScript(() => {
    const w = window as unknown as Record<string, unknown[] | unknown>;
    const titles: string[] = (w['__titles'] = []) as string[];
    const badges: number[] = (w['__badges'] = []) as number[];
    const handlers: string[][] = (w['__protocolHandlers'] = []) as string[][];
    const title = Object.getOwnPropertyDescriptor(Document.prototype, 'title')!;
    Object.defineProperty(Document.prototype, 'title', {
      ...title,
      set(v: string) {
        titles.push(v);
        title.set!.call(this, v);
      },
    });
    const nav = Navigator.prototype as unknown as Record<string, unknown>;
    nav['setAppBadge'] = (n?: number) => (badges.push(n ?? -1), Promise.resolve());
    nav['clearAppBadge'] = () => (badges.push(0), Promise.resolve());
    const register = Navigator.prototype.registerProtocolHandler;
    Navigator.prototype.registerProtocolHandler = function (scheme: string, url: string | URL) {
      handlers.push([scheme, String(url)]);
      return register.call(this, scheme, url);
    };
    Object.defineProperty(window, 'launchQueue', {
      configurable: true,
      value: { setConsumer: (fn: unknown) => (w['__launchConsumer'] = fn) },
    });
  });
}

export async function recorded<T>(page: Page, name: '__titles' | '__badges' | '__protocolHandlers'): Promise<T> {
  return page.evaluate((n) => (window as unknown as Record<string, unknown>)[n], name) as Promise<T>;
}

/** Screenshot as a test artefact (also written to $SCREENSHOT_DIR when set), then axe-core: no serious or critical violations. */
export async function checkView(page: Page, info: TestInfo, name: string): Promise<void> {
  const body = await page.screenshot({ fullPage: true });
  await info.attach(`${name}.png`, { body, contentType: 'image/png' });
  const dir = process.env['SCREENSHOT_DIR'];
  if (dir) writeFileSync(path.join(dir, `${name}.png`), body);
  const results = await new AxeBuilder({ page }).analyze();
  const bad = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  const summary = bad.map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(' | ')}`);
  expect(summary, `axe violations in ${name}`).toEqual([]);
}

/** The torrent's row gets a state (data-state on the row). */
export async function expectRowState(page: Page, infoHashHex: string, state: string, timeout = 60_000): Promise<void> {
  await expect(page.locator(`[data-testid="torrent-row"][data-infohash="${infoHashHex}"]`)).toHaveAttribute('data-state', state, { timeout });
}

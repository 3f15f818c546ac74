// Helpers for the streaming specs and bench: opening a torrent's files in the UI, the player's <video>, fetching
// through the service worker from inside a page, and waiting for the service worker to control a page.

import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { expect, type Locator, type Page } from '@playwright/test';
import { row } from '../support/app.ts';

/** Waits until a service worker controls the page (first visit: it installs, activates and claims the page). */
export async function waitForServiceWorker(page: Page): Promise<void> {
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null, undefined, { timeout: 30_000 });
}

/** Opens the torrent's file list (its detail panel, files tab, or the row's files toggle in older layouts). */
export async function openFiles(page: Page, infoHashHex: string): Promise<Locator> {
  const r = row(page, infoHashHex);
  const detail = r.getByTestId('open-detail');
  await expect(r).toBeVisible({ timeout: 60_000 });
  if ((await detail.count()) > 0) {
    // The list's detail panel: its files tab (the default tab, but a user may have left another one open).
    await detail.click();
    const tab = page.getByTestId('tab-files');
    await expect(tab).toBeVisible();
    if ((await tab.getAttribute('aria-selected')) !== 'true') await tab.click();
  } else {
    const toggle = r.getByTestId('files-toggle');
    await expect(toggle).toBeEnabled({ timeout: 60_000 });
    await toggle.click();
  }
  const list = page.locator('rv-file-list');
  await expect(list.getByTestId('file-row').first()).toBeVisible({ timeout: 60_000 });
  return list;
}

/** The file row of `index` in an open file list. */
export function fileRow(list: Locator, index: number): Locator {
  return list.locator(`[data-testid="file-row"][data-index="${index}"]`);
}

/** The stream URL path of a file. */
export function streamUrl(infoHashHex: string, fileIndex: number, name: string): string {
  return `/stream/${infoHashHex}/${fileIndex}/${encodeURIComponent(name)}`;
}

export interface FetchResult {
  status: number;
  headers: Record<string, string>;
  body: Buffer;
}

/** fetch() from inside the page (so it goes through the page's service worker); the body comes back whole. */
export async function fetchInPage(page: Page, url: string, headers: Record<string, string> = {}, method = 'GET'): Promise<FetchResult> {
  const r = await page.evaluate(
    async ([u, h, m]) => {
      const res = await fetch(u, { headers: h, method: m, cache: 'no-store' });
      const bytes = new Uint8Array(await res.arrayBuffer());
      let bin = '';
      for (let i = 0; i < bytes.length; i += 0x8000) bin += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
      return { status: res.status, headers: Object.fromEntries(res.headers.entries()), body: btoa(bin) };
    },
    [url, headers, method] as const,
  );
  return { status: r.status, headers: r.headers, body: Buffer.from(r.body, 'base64') };
}

/** What a media element is doing, for polls. */
export interface MediaState {
  currentTime: number;
  duration: number;
  readyState: number;
  paused: boolean;
  seeking: boolean;
  error: string | null;
}

export async function mediaState(video: Locator): Promise<MediaState> {
  return video.evaluate((v: HTMLMediaElement) => ({
    currentTime: v.currentTime,
    duration: v.duration,
    readyState: v.readyState,
    paused: v.paused,
    seeking: v.seeking,
    error: v.error ? `${v.error.code}: ${v.error.message}` : null,
  }));
}

/**
 * Resolves (in the page) once the media element's currentTime passes `seconds`, with the torrent's verified and
 * total bytes at that moment (from the engine's latest snapshot); rejects on a media error or after `timeoutMs`.
 */
export async function whenPlayedPast(video: Locator, seconds: number, infoHashHex: string, timeoutMs = 60_000): Promise<{ verified: number; length: number; at: number }> {
  return video.evaluate(
    (v: HTMLMediaElement, [s, ih, limit]) =>
      new Promise((resolve, reject) => {
        const start = performance.now();
        const tick = (): void => {
          if (v.error) return reject(new Error(`media error ${v.error.code}: ${v.error.message}`));
          if (v.currentTime > s) {
            const app = document.querySelector('rv-app') as (Element & { client?: { snapshot?: { torrents: { infoHashHex: string; verified: number; length: number }[] } } }) | null;
            const t = app?.client?.snapshot?.torrents.find((x) => x.infoHashHex === ih);
            return resolve({ verified: t?.verified ?? -1, length: t?.length ?? -1, at: v.currentTime });
          }
          if (performance.now() - start > limit) return reject(new Error(`currentTime stayed at ${v.currentTime} for ${limit} ms`));
          setTimeout(tick, 20);
        };
        tick();
      }),
    [seconds, infoHashHex, timeoutMs] as const,
  );
}

export async function sha256File(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/**
 * Limits loopback to `bytesPerSecond` with a token-bucket qdisc, so "far from complete" does not depend on how fast
 * this machine moves bytes. Only inside the loopback-only network namespace the tests run in (root, and `lo` the
 * only interface): anywhere else it changes nothing and returns null. Call the returned function to lift it.
 */
export function throttleLoopback(bytesPerSecond: number): (() => void) | null {
  try {
    if (process.getuid?.() !== 0) return null;
    const links = execFileSync('ip', ['-o', 'link', 'show'], { encoding: 'utf8' }).trim().split('\n');
    if (links.length !== 1 || !/:\s+lo:/.test(links[0]!)) return null;
    const kbit = Math.round((bytesPerSecond * 8) / 1000);
    execFileSync('tc', ['qdisc', 'add', 'dev', 'lo', 'root', 'tbf', 'rate', `${kbit}kbit`, 'burst', '256kb', 'latency', '100ms']);
    return () => execFileSync('tc', ['qdisc', 'del', 'dev', 'lo', 'root']);
  } catch {
    return null; // no tc, no permission: run unthrottled
  }
}

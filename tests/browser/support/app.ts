// Drives the built app in real Chromium: one server (app + tracker) per test file, pages in separate browser
// contexts (separate storage, as two people's browsers), settings that keep every connection on loopback.

import { createHash } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium, expect, test, type Browser, type BrowserContext, type Page } from '@playwright/test';
// @ts-expect-error plain JS module (server/server.js has JSDoc types, no .d.ts)
import { startServer } from '../../../server/server.js';
import { THROUGHPUT_ARGS, chromiumLaunchOptions } from './chromium.ts';

export interface RunningServer {
  url: string;
  trackerUrl: string;
  port: number;
  close(): Promise<void>;
}

export const DIST = path.resolve(import.meta.dirname, '../../../dist');

export async function startApp(): Promise<RunningServer> {
  return (await startServer({ port: 0, host: '127.0.0.1', distDir: DIST })) as RunningServer;
}

export async function launch(throughput = true): Promise<Browser> {
  return chromium.launch(chromiumLaunchOptions(throughput ? THROUGHPUT_ARGS : []));
}

/** The app server and a browser for one test file: started before its tests, stopped after them. */
export interface FileSetup {
  readonly server: RunningServer;
  readonly browser: Browser;
}

/** Registers the file's beforeAll/afterAll that start and stop its server and browser. Call at module level. */
export function serverAndBrowser(): FileSetup {
  let server: RunningServer | undefined;
  let browser: Browser | undefined;
  test.beforeAll(async () => {
    server = await startApp();
    browser = await launch();
  });
  test.afterAll(async () => {
    await browser?.close();
    await server?.close();
  });
  return {
    get server() {
      if (!server) throw new Error('the server starts in beforeAll');
      return server;
    },
    get browser() {
      if (!browser) throw new Error('the browser starts in beforeAll');
      return browser;
    },
  };
}

/** Microphone: Chromium gathers loopback ICE candidates only for pages holding a media permission (BROWSER-TESTING.md). */
const PERMISSIONS = ['microphone', 'clipboard-read', 'clipboard-write'];

/** A fresh (incognito) profile whose app talks only to our tracker, with no STUN servers. */
export async function appContext(browser: Browser, server: RunningServer, storage: 'auto' | 'idb' = 'auto'): Promise<BrowserContext> {
  const context = await browser.newContext({ permissions: PERMISSIONS });
  await useTestSettings(context, server, storage);
  return context;
}

/**
 * A browser with a real on-disk profile, as a user has: incognito contexts keep OPFS in memory, where sync access
 * handles write ~25x slower (measured here: 43 MB/s against 1 GB/s), which would misstate storage costs.
 */
export async function persistentAppContext(server: RunningServer, throughput = true, storage: 'auto' | 'idb' | 'memory' = 'auto'): Promise<BrowserContext> {
  const dir = mkdtempSync(path.join(tmpdir(), 'rivulet-profile-'));
  const context = await chromium.launchPersistentContext(dir, {
    ...chromiumLaunchOptions(throughput ? THROUGHPUT_ARGS : []),
    permissions: PERMISSIONS,
  });
  await useTestSettings(context, server, storage);
  return context;
}

/** Points a context's app at our tracker, no STUN servers (before its first page loads). */
export async function useTestSettings(context: BrowserContext, server: RunningServer, storage: 'auto' | 'idb' | 'memory'): Promise<void> {
  await context.addInitScript(
    ([tracker, storagePref]) => {
      if (!localStorage.getItem('rivulet.settings')) {
        localStorage.setItem('rivulet.settings', JSON.stringify({ trackers: [tracker], iceServers: [], storage: storagePref }));
      }
    },
    [server.trackerUrl, storage] as const,
  );
}

/** Opens the app and waits for the engine; grants the loopback-ICE permission step (BROWSER-TESTING.md). */
export async function openApp(context: BrowserContext, url: string): Promise<Page> {
  const page = await context.newPage();
  page.on('pageerror', (e) => console.log(`[page error] ${e.message}`));
  if (process.env['DEBUG_PAGES']) page.on('console', (m) => console.log(`[${m.type()}] ${m.text()}`));
  await page.goto(url);
  await page.evaluate(async () => {
    const stream = await navigator.mediaDevices.getUserMedia({ audio: true });
    for (const t of stream.getTracks()) t.stop();
  });
  await expect(page.locator('body[data-engine="ready"]')).toBeAttached({ timeout: 30_000 });
  return page;
}

/** Seeds files through the file picker and returns the magnet link the app shows. */
export async function seedFiles(page: Page, files: { name: string; mimeType: string; buffer: Buffer }[] | string[], timeoutMs = 120_000): Promise<string> {
  await page.getByTestId('file-input').setInputFiles(files);
  const magnet = page.getByTestId('share-magnet');
  await expect(magnet).toBeVisible({ timeout: timeoutMs });
  const value = (await magnet.inputValue().catch(() => null)) ?? (await magnet.textContent());
  if (!value?.startsWith('magnet:')) throw new Error(`No magnet link shown (got ${value})`);
  return value;
}

export function row(page: Page, infoHashHex?: string) {
  return infoHashHex ? page.locator(`[data-testid="torrent-row"][data-infohash="${infoHashHex}"]`) : page.getByTestId('torrent-row');
}

export function infoHashOf(magnet: string): string {
  const m = /xt=urn:btih:([0-9a-fA-F]{40})/.exec(magnet);
  if (!m) throw new Error(`magnet without a hex info hash: ${magnet}`);
  return m[1]!.toLowerCase();
}

/** Verified bytes the row reports. */
export async function verifiedBytes(page: Page, infoHashHex: string): Promise<number> {
  const v = await row(page, infoHashHex).getByTestId('progress').getAttribute('data-verified');
  return Number(v ?? 0);
}

export async function waitForComplete(page: Page, infoHashHex: string, length: number, timeoutMs = 150_000): Promise<void> {
  await expect.poll(() => verifiedBytes(page, infoHashHex), { timeout: timeoutMs, intervals: [250] }).toBe(length);
}

/** SHA-256 (hex) of a torrent file as stored in the page's OPFS (the engine's real bytes on disk). */
export async function storedFileSha256(page: Page, storageId: string, fileIndex = 0): Promise<string> {
  return page.evaluate(
    async ([id, index]) => {
      const root = await navigator.storage.getDirectory();
      const dir = await (await root.getDirectoryHandle('rivulet')).getDirectoryHandle(id);
      const file = await (await dir.getFileHandle(`f${index}`)).getFile();
      const digest = await crypto.subtle.digest('SHA-256', await file.arrayBuffer());
      return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('');
    },
    [storageId, fileIndex] as const,
  );
}

export function sha256(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** Deterministic pseudo-random bytes (fast enough for hundreds of MiB). */
export function randomContent(length: number, seed = 7): Buffer {
  const out = Buffer.allocUnsafe(length);
  let x = seed >>> 0 || 1;
  for (let i = 0; i + 4 <= length; i += 4) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    out.writeUInt32LE(x >>> 0, i);
  }
  for (let i = length - (length % 4); i < length; i++) out[i] = i & 0xff;
  return out;
}

/** The engine's latest snapshot of a torrent, as the page's UI holds it. */
export async function snapshotOf(page: Page, infoHashHex: string): Promise<Record<string, unknown> | null> {
  return page.evaluate((ih) => {
    const app = document.querySelector('rv-app') as (Element & { client?: { snapshot?: { torrents: { infoHashHex: string }[] } } }) | null;
    return (app?.client?.snapshot?.torrents.find((t) => t.infoHashHex === ih) as Record<string, unknown> | undefined) ?? null;
  }, infoHashHex);
}

/** Writes bytes to a temp file (Playwright caps in-memory setInputFiles buffers at 50 MB). */
export function tempFile(name: string, bytes: Uint8Array): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'rivulet-'));
  const file = path.join(dir, name);
  writeFileSync(file, bytes);
  return file;
}

/** SHA-256 (hex) of a torrent file read back through the engine's `read` command (works for any storage backend). */
export async function engineFileSha256(page: Page, infoHashHex: string, fileIndex: number, length: number): Promise<string> {
  return page.evaluate(
    async ([ih, index, len]) => {
      type Client = { call(c: unknown): Promise<Uint8Array> };
      const client = (document.querySelector('rv-app') as Element & { client: Client }).client;
      const out = new Uint8Array(len);
      for (let o = 0; o < len; o += 4 * 1024 * 1024) {
        const n = Math.min(4 * 1024 * 1024, len - o);
        out.set(await client.call({ type: 'read', infoHashHex: ih, fileIndex: index, offset: o, length: n }), o);
      }
      const digest = await crypto.subtle.digest('SHA-256', out);
      return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('');
    },
    [infoHashHex, fileIndex, length] as const,
  );
}

/** Sets a torrent's own upload limit in the page's engine (bytes/s, null: none); tests pace a seeder with it. */
export async function setUploadLimit(page: Page, infoHashHex: string, upload: number | null): Promise<void> {
  await page.evaluate(
    ([ih, up]) => {
      type Client = { call(c: unknown): Promise<unknown> };
      return (document.querySelector('rv-app') as Element & { client: Client }).client.call({ type: 'set-torrent-limits', infoHashHex: ih, download: null, upload: up });
    },
    [infoHashHex, upload] as const,
  );
}

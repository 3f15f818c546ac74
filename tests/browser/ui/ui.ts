// Helpers for the UI specs: files to share, the detail panel, .torrent export through a real download, a small
// HTTP server for .torrent URLs, and reads of what the engine stored in the page's OPFS.

import { readFile } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect, type Page } from '@playwright/test';
import { randomContent, row } from '../support/app.ts';

export interface NamedBytes {
  readonly name: string;
  readonly mimeType: string;
  readonly buffer: Buffer;
}

export function file(name: string, length: number, seed: number): NamedBytes {
  return { name, mimeType: 'application/octet-stream', buffer: randomContent(length, seed) };
}

/** Opens a torrent's detail panel (optionally on a tab) and returns the panel locator. */
export async function openDetail(page: Page, infoHashHex: string, tab?: 'files' | 'peers' | 'trackers' | 'pieces' | 'speed') {
  await row(page, infoHashHex).getByTestId('open-detail').click();
  const panel = page.getByTestId('detail-panel');
  await expect(panel).toHaveAttribute('data-infohash', infoHashHex);
  if (tab) {
    await panel.getByTestId(`tab-${tab}`).click();
    await expect(panel.getByTestId(`tab-${tab}`)).toHaveAttribute('aria-selected', 'true');
  }
  return panel;
}

/** Clicks "Export .torrent" in the open panel and returns the downloaded file's name and bytes. */
export async function exportTorrent(page: Page): Promise<{ name: string; bytes: Buffer }> {
  const [download] = await Promise.all([page.waitForEvent('download', { timeout: 15_000 }), page.getByTestId('detail-export').click()]);
  const path = await download.path();
  return { name: download.suggestedFilename(), bytes: await readFile(path) };
}

/** Types into the add bar and submits. */
export async function paste(page: Page, text: string): Promise<void> {
  await page.getByTestId('magnet-input').fill(text);
  await page.getByTestId('magnet-submit').click();
}

/** Folder names under the engine's OPFS root (one per stored torrent). */
export async function opfsFolders(page: Page): Promise<string[]> {
  return page.evaluate(async () => {
    const root = await navigator.storage.getDirectory();
    let dir: FileSystemDirectoryHandle;
    try {
      dir = await root.getDirectoryHandle('rivulet');
    } catch {
      return [];
    }
    const names: string[] = [];
    for await (const [name, handle] of (dir as unknown as { entries(): AsyncIterable<[string, FileSystemHandle]> }).entries()) {
      if (handle.kind === 'directory') names.push(name);
    }
    return names.sort();
  });
}

/** Every entry (path) under the OPFS root, recursively: to prove no torrent-chosen name became a path. */
export async function opfsPaths(page: Page): Promise<string[]> {
  return page.evaluate(async () => {
    const out: string[] = [];
    const walk = async (dir: FileSystemDirectoryHandle, prefix: string): Promise<void> => {
      for await (const [name, handle] of (dir as unknown as { entries(): AsyncIterable<[string, FileSystemHandle]> }).entries()) {
        out.push(`${prefix}${name}`);
        if (handle.kind === 'directory') await walk(handle as FileSystemDirectoryHandle, `${prefix}${name}/`);
      }
    };
    await walk(await navigator.storage.getDirectory(), '');
    return out.sort();
  });
}

/** Bytes of a stored torrent file (OPFS `rivulet/<id>/f<index>`), or null when it was never written. */
export async function storedBytes(page: Page, storageId: string, fileIndex: number): Promise<Buffer | null> {
  const b64 = await page.evaluate(
    async ([id, index]) => {
      try {
        const root = await navigator.storage.getDirectory();
        const dir = await (await root.getDirectoryHandle('rivulet')).getDirectoryHandle(id);
        const bytes = new Uint8Array(await (await (await dir.getFileHandle(`f${index}`)).getFile()).arrayBuffer());
        let s = '';
        for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
        return btoa(s);
      } catch {
        return null;
      }
    },
    [storageId, fileIndex] as const,
  );
  return b64 === null ? null : Buffer.from(b64, 'base64');
}

export function countNonZero(bytes: Uint8Array): number {
  let n = 0;
  for (const b of bytes) if (b !== 0) n++;
  return n;
}

/** Row names in display order. */
export async function rowNames(page: Page): Promise<string[]> {
  return page.getByTestId('torrent-name').allTextContents();
}

/** An HTTP server on 127.0.0.1, port 0, serving fixed routes (for .torrent URLs). */
export async function routesServer(routes: Record<string, { status: number; body: Buffer | string; cors: boolean }>): Promise<{ url: string; close(): Promise<void> }> {
  const server = http.createServer((req, res) => {
    const route = routes[req.url ?? ''];
    if (!route) {
      res.writeHead(404, { 'Access-Control-Allow-Origin': '*', 'Content-Type': 'text/plain' }).end('not found');
      return;
    }
    res.writeHead(route.status, {
      'Content-Type': 'application/x-bittorrent',
      ...(route.cors ? { 'Access-Control-Allow-Origin': '*' } : {}),
    });
    res.end(route.body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** Like support's appContext, with extra settings (e.g. maxActiveDownloads) in the app's saved settings. */
export async function appContextWith(browser: import('@playwright/test').Browser, trackerUrl: string, extra: Record<string, unknown>) {
  const context = await browser.newContext({ permissions: ['microphone', 'clipboard-read', 'clipboard-write'] });
  await context.addInitScript(
    ([settings]) => {
      if (!localStorage.getItem('rivulet.settings')) localStorage.setItem('rivulet.settings', settings);
    },
    [JSON.stringify({ trackers: [trackerUrl], iceServers: [], ...extra })] as const,
  );
  return context;
}

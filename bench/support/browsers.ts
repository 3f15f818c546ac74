// Browsers for the transfer bench: Chromium with a real on-disk profile (as a user has; incognito OPFS is in memory
// and ~25x slower to write), whose browser pid we know so its process tree's CPU time can be read from /proc.

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium, type BrowserContext } from '@playwright/test';
import { THROUGHPUT_ARGS, chromiumLaunchOptions } from '../../tests/browser/support/chromium.ts';
import { browserPidOfProfile, processTree } from './cpu.ts';

export interface BenchBrowser {
  readonly context: BrowserContext;
  /** The browser process; processTree(pid) is the whole browser. */
  readonly pid: number;
  pids(): number[];
  close(): Promise<void>;
}

/** A fresh on-disk profile whose app (on any origin) talks only to `trackerUrl`, with no STUN servers. */
export async function launchBenchBrowser(trackerUrl: string): Promise<BenchBrowser> {
  const dir = mkdtempSync(path.join(tmpdir(), 'rivulet-bench-'));
  const context = await chromium.launchPersistentContext(dir, {
    ...chromiumLaunchOptions(THROUGHPUT_ARGS),
    // Microphone: Chromium gathers loopback ICE candidates only for pages holding a media permission.
    permissions: ['microphone'],
  });
  await context.addInitScript((tracker) => {
    if (!localStorage.getItem('rivulet.settings')) {
      localStorage.setItem('rivulet.settings', JSON.stringify({ trackers: [tracker], iceServers: [], storage: 'auto' }));
    }
  }, trackerUrl);
  // Playwright does not expose a persistent context's browser process: find it by its profile directory.
  const pid = browserPidOfProfile(dir);
  return {
    context,
    pid,
    pids: () => processTree(pid),
    close: async () => {
      await context.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

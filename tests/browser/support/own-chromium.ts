// A Chromium that hides pages as a user's does. `chromium.launch()` cannot give one: Playwright adds
// --disable-background-timer-throttling, --disable-backgrounding-occluded-windows and --disable-renderer-backgrounding
// to every launch, and turns on focus emulation (Emulation.setFocusEmulationEnabled) in every page it attaches to,
// which keeps a page in a background tab "visible". So we start /usr/bin/chromium ourselves (new headless, an on-disk
// profile, the loopback-WebRTC flags and nothing else) and attach with `connectOverCDP(..., { noDefaults: true })`:
// pages of the browser's default context then get no emulation overrides. Measured in headless Chromium 156 here: a
// tab with another tab opened in front of it in the same window reports `visibilityState` "hidden", and so does a page
// whose window is minimised through CDP (Browser.setWindowBounds), with its timers throttled to once a second.

import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type CDPSession, type Page } from '@playwright/test';
import { CHROMIUM_ARGS, chromiumPath } from './chromium.ts';

export interface OwnChromium {
  readonly browser: Browser;
  /** The default context: an on-disk profile, no Playwright emulation. */
  readonly context: BrowserContext;
  /** Minimises or restores the window that holds `page`. */
  setWindowState(page: Page, state: 'minimized' | 'normal'): Promise<void>;
  close(): Promise<void>;
}

/** Starts Chromium with CHROMIUM_ARGS plus `extraArgs` and attaches to it without Playwright's defaults. */
export async function launchOwnChromium(extraArgs: string[] = []): Promise<OwnChromium> {
  const profile = mkdtempSync(path.join(tmpdir(), 'rivulet-own-'));
  const proc = spawn(chromiumPath(), ['--headless=new', ...CHROMIUM_ARGS, ...extraArgs, '--remote-debugging-port=0', `--user-data-dir=${profile}`, 'about:blank'], {
    stdio: ['ignore', 'ignore', 'pipe'],
    // Its own process group, so close() can stop the renderers and utility processes too: they outlive the browser
    // process by a moment and go on writing into the profile (an rmdir then fails with ENOTEMPTY).
    detached: true,
  });
  const endpoint = await devtoolsEndpoint(proc);
  // noDefaults is accepted by Playwright's connectOverCDP (its own MCP tools use it) but not in its public types.
  const options = { noDefaults: true, timeout: 120_000 } as unknown as { timeout: number };
  const browser = await chromium.connectOverCDP(endpoint, options);
  const context = browser.contexts()[0];
  if (!context) throw new Error('connectOverCDP found no default context');
  let cdp: CDPSession | undefined;
  return {
    browser,
    context,
    async setWindowState(page, state) {
      cdp ??= await browser.newBrowserCDPSession();
      const session = await context.newCDPSession(page);
      const { targetInfo } = (await session.send('Target.getTargetInfo')) as { targetInfo: { targetId: string } };
      await session.detach();
      const { windowId } = (await cdp.send('Browser.getWindowForTarget', { targetId: targetInfo.targetId })) as { windowId: number };
      await cdp.send('Browser.setWindowBounds', { windowId, bounds: { windowState: state } });
    },
    async close() {
      await browser.close().catch(() => {});
      const exited = new Promise((resolve) => (proc.exitCode !== null ? resolve(null) : proc.once('exit', resolve)));
      signalGroup(proc, 'SIGTERM');
      await exited;
      signalGroup(proc, 'SIGKILL');
      try {
        rmSync(profile, { recursive: true, force: true, maxRetries: 20, retryDelay: 250 });
      } catch (e) {
        // A temporary profile left behind is not the test's failure.
        console.warn(`could not remove ${profile}: ${(e as Error).message}`);
      }
    },
  };
}

function signalGroup(proc: ChildProcess, signal: NodeJS.Signals): void {
  try {
    process.kill(-proc.pid!, signal);
  } catch {
    // The group is gone already.
  }
}

function devtoolsEndpoint(proc: ChildProcess): Promise<string> {
  return new Promise((resolve, reject) => {
    let text = '';
    const timer = setTimeout(() => {
      signalGroup(proc, 'SIGKILL');
      reject(new Error(`Chromium printed no DevTools endpoint within 120 s:\n${text}`));
    }, 120_000);
    let found = false;
    proc.stderr!.on('data', (d: Buffer) => {
      if (found) return; // keep draining the pipe, keep nothing
      text += d.toString();
      const m = /DevTools listening on (ws:\/\/\S+)/.exec(text);
      if (m) {
        found = true;
        clearTimeout(timer);
        resolve(m[1]!);
      }
    });
    proc.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`Chromium exited (${code}) before it listened:\n${text}`));
    });
  });
}

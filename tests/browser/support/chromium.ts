// One place that knows how to launch a Chromium that can do WebRTC on loopback (docs/ARCHITECTURE.md explains the flags).

import { existsSync } from 'node:fs';
import { chromium, type LaunchOptions } from '@playwright/test';

const SYSTEM = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome', '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome'];

/** CHROMIUM_PATH, else a system Chromium/Chrome, else one downloaded with `npx playwright install chromium`. */
export function chromiumPath(): string {
  const candidates = [process.env['CHROMIUM_PATH'], ...SYSTEM, playwrightChromium()];
  for (const p of candidates) if (p && existsSync(p)) return p;
  throw new Error(
    'No Chromium found. Install one (Debian/Ubuntu: `sudo apt-get install -y chromium`; elsewhere ' +
      '`npx playwright install chromium`) or set CHROMIUM_PATH to a Chromium or Chrome binary.',
  );
}

function playwrightChromium(): string | undefined {
  try {
    return chromium.executablePath();
  } catch {
    return undefined; // Playwright has no browser of its own on this machine
  }
}

export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-quic',
  '--allow-loopback-in-peer-connection',
  '--disable-features=WebRtcHideLocalIpsWithMdns',
  '--use-fake-ui-for-media-stream',
  '--use-fake-device-for-media-stream',
  '--enable-precise-memory-info',
];

/** Flags for throughput runs only: a backgrounded tab must not be throttled while it is measured. */
export const THROUGHPUT_ARGS = [
  '--disable-background-timer-throttling',
  '--disable-renderer-backgrounding',
  '--disable-backgrounding-occluded-windows',
];

export function chromiumLaunchOptions(extraArgs: string[] = []): LaunchOptions {
  return { executablePath: chromiumPath(), headless: true, args: [...CHROMIUM_ARGS, ...extraArgs] };
}

// One place that knows how to launch a Chromium that can do WebRTC on loopback (../shared/BROWSER-TESTING.md).

import { existsSync } from 'node:fs';
import type { LaunchOptions } from '@playwright/test';

const CANDIDATES = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'];

export function chromiumPath(): string {
  for (const p of CANDIDATES) if (p && existsSync(p)) return p;
  throw new Error('No Chromium found: install one (Debian: `sudo apt-get install -y chromium`) or set CHROMIUM_PATH.');
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

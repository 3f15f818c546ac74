// Launches of the installed app (manifest file_handlers and protocol_handlers, launch_handler focus-existing):
// `.torrent` files opened from the OS, and magnet: links clicked while the app is already open.

import { magnetFromFragment } from '../components/magnet-input.ts';

/** The launch parameters Chromium gives the launch queue (not yet in TypeScript's DOM types). */
export interface LaunchParams {
  readonly files: readonly FileSystemHandle[];
  readonly targetURL?: string;
}

interface LaunchQueue {
  setConsumer(consumer: (params: LaunchParams) => void): void;
}

export interface LaunchHandlers {
  torrentFiles(files: File[]): void;
  magnet(uri: string): void;
}

/** Sends each launch to `handlers`; does nothing in browsers without a launch queue. */
export function consumeLaunches(handlers: LaunchHandlers, win: Window & { launchQueue?: LaunchQueue } = window): void {
  win.launchQueue?.setConsumer((params) => void handleLaunch(params, handlers, initialUrl()));
}

export async function handleLaunch(params: LaunchParams, handlers: LaunchHandlers, pageUrl: string | null): Promise<void> {
  const files: File[] = [];
  for (const handle of params.files) {
    if (handle.kind === 'file') files.push(await (handle as FileSystemFileHandle).getFile());
  }
  if (files.length > 0) handlers.torrentFiles(files);
  // A launch that opened this page carries the page's own URL, whose #magnet the page already took: only a launch
  // into the running app (focus-existing) brings a new one.
  if (params.targetURL && params.targetURL !== pageUrl) {
    const magnet = magnetFromFragment(new URL(params.targetURL).hash);
    if (magnet) handlers.magnet(magnet);
  }
}

/** The URL this document was loaded with, fragment included (the page strips a #magnet from location at once). */
function initialUrl(): string | null {
  const nav = performance.getEntriesByType('navigation')[0];
  return nav ? nav.name : null;
}

// Hands the user a torrent's .torrent file as a download named after it (the name made safe for any file system),
// and shares a torrent: the Web Share API where there is one, else its link copied to the clipboard.

import type { EngineClient } from '../api/client.ts';
import { torrentFileOf } from './actions.ts';
import { copyText } from './clipboard.ts';
import { torrentFileName } from './create-options.ts';

/** The object URL must outlive the click that starts the download. */
const REVOKE_AFTER_MS = 60_000;

export async function downloadTorrentFile(client: EngineClient, infoHashHex: string, name: string): Promise<string> {
  const bytes = await torrentFileOf(client, infoHashHex);
  const fileName = torrentFileName(name);
  const url = URL.createObjectURL(new Blob([bytes as Uint8Array<ArrayBuffer>], { type: 'application/x-bittorrent' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  a.rel = 'noopener';
  a.style.display = 'none';
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), REVOKE_AFTER_MS);
  return fileName;
}

export type ShareOutcome = 'shared' | 'copied' | 'cancelled' | 'failed';

interface ShareNavigator {
  share?(data: { title?: string; text?: string; url?: string }): Promise<void>;
  canShare?(data: { title?: string; text?: string; url?: string }): boolean;
}

/** Shares the app link that opens the torrent (`url`); falls back to copying it. */
export async function shareTorrent(title: string, url: string): Promise<ShareOutcome> {
  const nav = navigator as ShareNavigator;
  const data = { title, url };
  if (typeof nav.share === 'function' && (nav.canShare?.(data) ?? true)) {
    try {
      await nav.share(data);
      return 'shared';
    } catch (e) {
      if (e instanceof DOMException && e.name === 'AbortError') return 'cancelled'; // the user closed the share sheet
      console.debug('Web Share failed, copying instead', e);
    }
  }
  return (await copyText(url)) ? 'copied' : 'failed';
}

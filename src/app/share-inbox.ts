// The page's side of the share target: after the service worker's 303 to ?share=<id>, takes that share's files
// (and any magnet link in its text) out of Cache Storage, and removes the entries once they are seeded.

import {
  NAME_HEADER,
  SHARE_CACHE,
  SHARE_QUERY,
  isShareId,
  magnetInShare,
  shareEntryUrl,
  type ShareManifest,
} from '../api/share-target.ts';
import type { SeedInput } from '../api/protocol.ts';
import { sortDropped } from '../components/drop-files.ts';

export interface Share {
  readonly files: File[];
  readonly magnet: string | null;
  /** Deletes the share's entries (call when its files are seeded, or failed to be). */
  release(): Promise<void>;
}

/**
 * The share this page was opened for, or null. Drops ?share= from the address either way, so a reload does not
 * seed the files again.
 */
export async function takeShare(scope: string): Promise<Share | null> {
  const url = new URL(location.href);
  const id = url.searchParams.get(SHARE_QUERY);
  if (id === null) return null;
  url.searchParams.delete(SHARE_QUERY);
  history.replaceState(history.state, '', url.href);
  if (!isShareId(id) || !('caches' in window)) return null;
  const cache = await caches.open(SHARE_CACHE);
  const manifestResponse = await cache.match(shareEntryUrl(scope, id, null));
  if (!manifestResponse) return null; // already taken (a second tab) or expired
  const manifest = (await manifestResponse.json()) as ShareManifest;
  const files: File[] = [];
  const keys: string[] = [shareEntryUrl(scope, id, null)];
  for (let i = 0; i < manifest.files; i++) {
    const key = shareEntryUrl(scope, id, i);
    keys.push(key);
    const response = await cache.match(key);
    if (!response) continue;
    const name = decodeURIComponent(response.headers.get(NAME_HEADER) ?? '') || `shared-${i + 1}`;
    const blob = await response.blob();
    files.push(new File([blob], name, { type: blob.type }));
  }
  return {
    files,
    magnet: magnetInShare([manifest.url, manifest.text, manifest.title]),
    release: async () => {
      for (const key of keys) await cache.delete(key);
    },
  };
}

export interface ShareHandlers {
  seed(inputs: readonly SeedInput[]): Promise<void>;
  torrentFiles(files: readonly File[]): Promise<void>;
  magnet(uri: string): Promise<void>;
}

/** Takes this page's share, if any, and hands it over: .torrent files are opened, other files seeded. */
export async function pickUpShare(scope: string, handlers: ShareHandlers): Promise<void> {
  const share = await takeShare(scope);
  if (!share) return;
  try {
    const { torrentFiles, seed } = sortDropped(share.files.map((file) => ({ file, path: [file.name] })));
    await Promise.all([
      share.magnet ? handlers.magnet(share.magnet) : undefined,
      torrentFiles.length > 0 ? handlers.torrentFiles(torrentFiles) : undefined,
      seed.length > 0 ? handlers.seed(seed) : undefined,
    ]);
  } finally {
    await share.release();
  }
}

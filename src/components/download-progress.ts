// How far the active downloads are, for the tab title ("(42%) Rivulet") and the app icon badge (their count).
// Pure: snapshot in, numbers and text out.

import type { TorrentSnapshot } from '../api/protocol.ts';

export interface DownloadProgress {
  /** Torrents downloading or fetching their metadata. */
  readonly active: number;
  /** 0..1 over the wanted bytes of the active ones whose size is known; null when none is known yet. */
  readonly progress: number | null;
}

export function downloadProgress(torrents: readonly TorrentSnapshot[]): DownloadProgress {
  let active = 0;
  let length = 0;
  let verified = 0;
  for (const t of torrents) {
    if (t.state !== 'downloading' && t.state !== 'metadata') continue;
    active++;
    if (t.hasMetadata && t.length > 0) {
      length += t.length;
      verified += Math.min(t.verified, t.length);
    }
  }
  return { active, progress: length > 0 ? verified / length : null };
}

/** The page title: `base` when nothing downloads, else prefixed with the floored percentage ("(99%)" until done). */
export function progressTitle(base: string, p: DownloadProgress): string {
  if (p.active === 0) return base;
  if (p.progress === null) return `(…) ${base}`;
  return `(${Math.min(99, Math.floor(p.progress * 100))}%) ${base}`;
}

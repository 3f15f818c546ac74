// The order of the torrent list: newest first, stable between snapshots.

import type { TorrentSnapshot } from '../api/protocol.ts';

/** Newest first; the info hash breaks ties so rows never swap places between snapshots. */
export function byNewest(a: Pick<TorrentSnapshot, 'addedAt' | 'infoHashHex'>, b: Pick<TorrentSnapshot, 'addedAt' | 'infoHashHex'>): number {
  return b.addedAt - a.addedAt || (a.infoHashHex < b.infoHashHex ? -1 : a.infoHashHex > b.infoHashHex ? 1 : 0);
}

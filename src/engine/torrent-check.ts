// What a check (force recheck, adding with the user's own files; api/worker/check-job.ts drives it) does to a
// loaded torrent's pieces: a piece hashed good is stored and verified, a stored piece found bad is forgotten.

import { verifiedPerFile } from './torrent-progress.ts';
import type { TorrentParts } from './torrent-parts.ts';

/**
 * Stores a piece the caller has hashed and found good and marks it verified (the downloader's path, minus peers).
 * True when it became verified here: the caller then reports it like any verified piece.
 */
export async function adoptPiece(l: TorrentParts, index: number, data: Uint8Array, removed: () => boolean): Promise<boolean> {
  if (removed() || index < 0 || index >= l.meta.pieceCount || l.have.get(index)) return false;
  await l.store.writePiece(index, data);
  if (removed() || l.have.get(index)) return false;
  l.have.set(index);
  l.picker.pieceVerified(index);
  return true;
}

/** A recheck found a stored piece bad: it is forgotten and wanted again. */
export async function dropPiece(l: TorrentParts, index: number): Promise<void> {
  if (!l.have.get(index)) return;
  l.have.clear(index);
  l.picker.pieceLost(index);
  l.cache.clear();
  l.perFile.splice(0, l.perFile.length, ...verifiedPerFile(l.meta, l.have));
  await l.store.forgetPiece(index);
}

// File priorities (what the user ticked) to piece priorities (what the picker fetches): a piece takes the highest
// priority of the wanted files it touches; pad files never count.

import { filePieceRange } from '../metainfo/file-map.ts';
import type { TorrentFile } from '../metainfo/types.ts';

export const DEFAULT_PRIORITY = 4;

export function piecePriorities(files: readonly TorrentFile[], filePriorities: readonly number[], pieceLength: number, pieceCount: number): Uint8Array {
  const out = new Uint8Array(pieceCount);
  files.forEach((file, i) => {
    if (file.pad) return;
    const p = filePriorities[i] ?? DEFAULT_PRIORITY;
    if (p <= 0) return;
    const range = filePieceRange(file, pieceLength);
    if (!range) return;
    for (let piece = range.first; piece <= range.last; piece++) if (out[piece]! < p) out[piece] = p;
  });
  return out;
}

/** BEP 53 `so=` (selected file indexes) as per-file priorities: listed files normal, others skipped. */
export function prioritiesFromSelection(fileCount: number, selected: readonly number[] | undefined): number[] {
  if (!selected) return new Array<number>(fileCount).fill(DEFAULT_PRIORITY);
  const set = new Set(selected);
  return Array.from({ length: fileCount }, (_, i) => (set.has(i) ? DEFAULT_PRIORITY : 0));
}

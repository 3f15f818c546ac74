// Verified bytes per file and of wanted data, from the verified-piece bitfield: what progress bars show.

import type { Bitfield } from './bitfield.ts';
import { fileSpans } from './metainfo/file-map.ts';
import type { Metainfo } from './metainfo/types.ts';

/** Verified bytes of each file (pad files report 0). O(pieces touched by each file). */
export function verifiedPerFile(meta: Metainfo, have: Bitfield): number[] {
  const out = new Array<number>(meta.files.length).fill(0);
  for (let piece = 0; piece < meta.pieceCount; piece++) {
    if (!have.get(piece)) continue;
    addPiece(meta, piece, out);
  }
  return out;
}

/** Adds the bytes of `piece` to each file's count in `perFile`. */
export function addPiece(meta: Metainfo, piece: number, perFile: number[]): void {
  const offset = piece * meta.pieceLength;
  const size = Math.min(meta.pieceLength, meta.length - offset);
  for (const span of fileSpans(meta.files, offset, size)) if (!span.pad) perFile[span.fileIndex]! += span.length;
}

/** Total and verified bytes over files with a non-zero priority. */
export function wantedProgress(meta: Metainfo, perFile: readonly number[], priorities: readonly number[]): { length: number; verified: number } {
  let length = 0;
  let verified = 0;
  meta.files.forEach((f, i) => {
    if (f.pad || (priorities[i] ?? 4) === 0) return;
    length += f.length;
    verified += perFile[i]!;
  });
  return { length, verified };
}

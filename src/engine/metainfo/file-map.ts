// Maps torrent-global byte ranges onto the files that hold them (pieces cross file boundaries).

import type { TorrentFile } from './types.ts';

export interface FileSpan {
  /** Index into the torrent's `files` (pad files included). */
  readonly fileIndex: number;
  /** Offset inside that file. */
  readonly fileOffset: number;
  /** Offset inside the caller's range (0 = the range's first byte). */
  readonly rangeOffset: number;
  readonly length: number;
  /** True for a BEP 47 pad file: no storage, reads as zeros. */
  readonly pad: boolean;
}

/**
 * The spans of `files` covering [offset, offset + length), in order. Zero-length files yield nothing.
 * `files` must be sorted by offset and contiguous, as a parsed Metainfo guarantees. O(log n + spans).
 */
export function fileSpans(files: readonly TorrentFile[], offset: number, length: number): FileSpan[] {
  const spans: FileSpan[] = [];
  if (length <= 0) return spans;
  const end = offset + length;
  let i = firstFileAt(files, offset);
  for (; i < files.length; i++) {
    const f = files[i]!;
    if (f.offset >= end) break;
    const fileEnd = f.offset + f.length;
    if (fileEnd <= offset || f.length === 0) continue;
    const start = Math.max(offset, f.offset);
    const stop = Math.min(end, fileEnd);
    spans.push({ fileIndex: i, fileOffset: start - f.offset, rangeOffset: start - offset, length: stop - start, pad: f.pad });
  }
  return spans;
}

/** Index of the last file whose offset is <= `offset` (binary search). */
function firstFileAt(files: readonly TorrentFile[], offset: number): number {
  let lo = 0;
  let hi = files.length - 1;
  let found = 0;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (files[mid]!.offset <= offset) {
      found = mid;
      lo = mid + 1;
    } else {
      hi = mid - 1;
    }
  }
  // Step back over zero-length files sharing this offset so none is skipped by the caller's scan.
  while (found > 0 && files[found - 1]!.offset === files[found]!.offset) found--;
  return found;
}

/** The pieces [first, last] that hold any byte of file `fileIndex`, or null for an empty file. */
export function filePieceRange(file: TorrentFile, pieceLength: number): { first: number; last: number } | null {
  if (file.length === 0) return null;
  return { first: Math.floor(file.offset / pieceLength), last: Math.floor((file.offset + file.length - 1) / pieceLength) };
}

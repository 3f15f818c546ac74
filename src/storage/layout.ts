// Range and piece checks every PieceStore shares, so all backends reject the same inputs with the same errors.

import { EngineError } from '../engine/errors.ts';
import { fileSpans } from '../engine/metainfo/file-map.ts';
import type { StoreLayout } from '../engine/ports.ts';

/** Bytes in piece `index` (the last piece is usually short). Assumes `index` was checked. */
export function pieceSize(layout: StoreLayout, index: number): number {
  return index === layout.pieceCount - 1 ? layout.length - index * layout.pieceLength : layout.pieceLength;
}

/** Throws STORAGE_OUT_OF_RANGE unless `index` names a piece of this torrent. */
export function checkPieceIndex(layout: StoreLayout, index: number): void {
  if (!Number.isInteger(index) || index < 0 || index >= layout.pieceCount) {
    throw new EngineError('STORAGE_OUT_OF_RANGE', 'Piece index is outside the torrent', {
      piece: index,
      pieceCount: layout.pieceCount,
      infoHash: layout.infoHashHex,
    });
  }
}

/** Throws STORAGE_OUT_OF_RANGE unless `data` is exactly piece `index`: a short write would leave a hole marked verified. */
export function checkPieceWrite(layout: StoreLayout, index: number, data: Uint8Array): void {
  checkPieceIndex(layout, index);
  const expected = pieceSize(layout, index);
  if (data.length !== expected) {
    throw new EngineError('STORAGE_OUT_OF_RANGE', 'Piece data length does not match the piece size', {
      piece: index,
      received: data.length,
      expected,
    });
  }
}

/** Throws STORAGE_OUT_OF_RANGE unless [offset, offset + length) lies inside the torrent. */
export function checkRead(layout: StoreLayout, offset: number, length: number): void {
  if (
    !Number.isSafeInteger(offset) ||
    !Number.isSafeInteger(length) ||
    offset < 0 ||
    length < 0 ||
    offset + length > layout.length
  ) {
    throw new EngineError('STORAGE_OUT_OF_RANGE', 'Read range is outside the torrent', {
      offset,
      length,
      torrentLength: layout.length,
    });
  }
}

/** Zeroes the pad-file ranges inside `out`, which holds the torrent bytes starting at `offset`. */
export function zeroPadRanges(layout: StoreLayout, out: Uint8Array, offset: number): void {
  for (const s of fileSpans(layout.files, offset, out.length)) {
    if (s.pad) out.fill(0, s.rangeOffset, s.rangeOffset + s.length);
  }
}

const INFO_HASH_HEX = /^[0-9a-f]{40}(?:[0-9a-f]{24})?$/;

/** Throws unless `hex` is a lower-case v1 (40) or v2 (64) hex info hash: it becomes a folder name. */
export function checkInfoHashHex(hex: string): void {
  if (!INFO_HASH_HEX.test(hex)) {
    throw new EngineError('STORAGE_IO', 'Not a lower-case hex info hash; refusing to use it as a folder name', {
      infoHash: hex.slice(0, 80),
    });
  }
}

/** Thrown by every store's read/write/forget after close(): a use-after-close is an engine bug, not a no-op. */
export function closedError(layout: StoreLayout, op: string): EngineError {
  return new EngineError('STORAGE_UNAVAILABLE', `The store of this torrent was closed; cannot ${op}`, {
    infoHash: layout.infoHashHex,
  });
}

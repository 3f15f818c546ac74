// All piece / block / byte arithmetic of a torrent in one value type (after Transmission's block-info.h).

import { EngineError } from '../errors.ts';

/** Requests are 16 KiB blocks (BEP 3 convention); peers may reject larger requests. */
export const BLOCK_SIZE = 16384;
/** The largest block we serve or accept: some clients request 32 KiB; beyond 128 KiB is hostile. */
export const MAX_BLOCK_SIZE = 131072;

declare const pieceBrand: unique symbol;
/** A piece index checked against one torrent's geometry; only Geometry creates them. */
export type PieceIndex = number & { readonly [pieceBrand]: true };

export class Geometry {
  readonly pieceCount: number;
  readonly lastPieceLength: number;
  readonly blocksPerPiece: number;

  constructor(
    readonly length: number,
    readonly pieceLength: number,
  ) {
    if (!Number.isSafeInteger(length) || length < 0) {
      throw new EngineError('METAINFO_BAD_FIELD', 'Torrent length must be a non-negative integer', { length });
    }
    if (!Number.isSafeInteger(pieceLength) || pieceLength <= 0) {
      throw new EngineError('METAINFO_BAD_FIELD', 'Piece length must be a positive integer', { pieceLength });
    }
    this.pieceCount = length === 0 ? 0 : Math.ceil(length / pieceLength);
    this.lastPieceLength = length === 0 ? 0 : length - (this.pieceCount - 1) * pieceLength;
    this.blocksPerPiece = Math.ceil(pieceLength / BLOCK_SIZE);
  }

  /** Validates an untrusted index. */
  piece(index: number): PieceIndex | null {
    return Number.isInteger(index) && index >= 0 && index < this.pieceCount ? (index as PieceIndex) : null;
  }

  pieceSize(index: PieceIndex): number {
    return index === this.pieceCount - 1 ? this.lastPieceLength : this.pieceLength;
  }

  pieceOffset(index: PieceIndex): number {
    return index * this.pieceLength;
  }

  blockCount(index: PieceIndex): number {
    return Math.ceil(this.pieceSize(index) / BLOCK_SIZE);
  }

  /** Length of block `block` (0-based) of a piece. */
  blockSize(index: PieceIndex, block: number): number {
    const size = this.pieceSize(index);
    return Math.min(BLOCK_SIZE, size - block * BLOCK_SIZE);
  }

  /** True when (begin, length) is a valid request inside the piece (untrusted input from a peer). */
  validRange(index: PieceIndex, begin: number, length: number): boolean {
    return (
      Number.isInteger(begin) &&
      Number.isInteger(length) &&
      begin >= 0 &&
      length > 0 &&
      length <= MAX_BLOCK_SIZE &&
      begin + length <= this.pieceSize(index)
    );
  }

  /** The piece holding a torrent-global byte offset. */
  pieceAt(offset: number): PieceIndex {
    return Math.min(Math.floor(offset / this.pieceLength), Math.max(0, this.pieceCount - 1)) as PieceIndex;
  }

  /** Pieces [first, last] touched by a byte range of non-zero length. */
  pieceSpan(offset: number, length: number): { first: PieceIndex; last: PieceIndex } {
    const first = this.pieceAt(offset);
    const last = this.pieceAt(offset + Math.max(length, 1) - 1);
    return { first, last };
  }
}

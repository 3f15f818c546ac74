// Which blocks of not-yet-verified pieces a store keeps (PieceStore.writeBlock): one bit per 16 KiB block of the
// torrent, with the block arithmetic in one place. Stores persist `bytes` their own way.

import { Bitfield } from '../engine/bitfield.ts';
import { BLOCK_SIZE } from '../engine/metainfo/geometry.ts';
import type { StoreLayout } from '../engine/ports.ts';

export class KeptBlocks {
  readonly bits: Bitfield;
  readonly perPiece: number;

  constructor(
    private readonly layout: Pick<StoreLayout, 'pieceLength' | 'pieceCount'>,
    bytes?: Uint8Array,
  ) {
    this.perPiece = Math.ceil(layout.pieceLength / BLOCK_SIZE);
    this.bits = new Bitfield(layout.pieceCount * this.perPiece, bytes && bytes.length === KeptBlocks.byteLength(layout) ? bytes : undefined);
  }

  static byteLength(layout: Pick<StoreLayout, 'pieceLength' | 'pieceCount'>): number {
    return Math.ceil((layout.pieceCount * Math.ceil(layout.pieceLength / BLOCK_SIZE)) / 8);
  }

  /** Marks a block kept; returns the byte index of `bits.bytes` that changed, or -1. */
  mark(index: number, begin: number): number {
    const bit = index * this.perPiece + Math.floor(begin / BLOCK_SIZE);
    return this.bits.set(bit) ? bit >> 3 : -1;
  }

  /** Unmarks a piece's blocks; returns the byte range [from, to) of `bits.bytes` that changed (empty if none). */
  forget(index: number): [number, number] {
    const first = index * this.perPiece;
    let changed = false;
    for (let b = first; b < first + this.perPiece; b++) changed = this.bits.clear(b) || changed;
    return changed ? [first >> 3, ((first + this.perPiece - 1) >> 3) + 1] : [0, 0];
  }

  /** Kept block offsets per piece, for pieces `verified` does not have. */
  list(verified: Bitfield): Map<number, number[]> {
    const out = new Map<number, number[]>();
    const bytes = this.bits.bytes;
    for (let byte = 0; byte < bytes.length; byte++) {
      if (bytes[byte] === 0) continue;
      for (let bit = byte * 8; bit < byte * 8 + 8; bit++) {
        if (!this.bits.get(bit)) continue;
        const index = Math.floor(bit / this.perPiece);
        if (index >= this.layout.pieceCount || verified.get(index)) continue;
        let begins = out.get(index);
        if (!begins) out.set(index, (begins = []));
        begins.push((bit - index * this.perPiece) * BLOCK_SIZE);
      }
    }
    return out;
  }
}

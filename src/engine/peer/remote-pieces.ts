// What a peer has: its bitfield and have messages, validated against the piece count, remembered (bounded) while
// a magnet's piece count is still unknown, and counted when they repeat themselves (flooding).

import { Bitfield } from '../bitfield.ts';
import { EngineError } from '../errors.ts';
import type { Geometry } from '../metainfo/geometry.ts';

/** `have` messages we remember before the metadata (and so the piece count) is known: bounds a magnet's memory. */
const MAX_EARLY_HAVES = 100_000;

/**
 * `have`s for pieces the peer had already announced that we let pass: a few are harmless (a client may repeat
 * itself), but a peer streaming them only burns our CPU and its bandwidth share, so past one per piece (and at least
 * 1000) it is flooding.
 */
export function redundantHaveLimit(pieceCount: number): number {
  return Math.max(1000, pieceCount);
}

export class RemotePieces {
  /** Pieces the peer has; null while a magnet's piece count is unknown (see `earlyBits`). */
  has: Bitfield | null = null;
  /** True once the peer has every piece: the picker counts it as a seed. */
  isSeed = false;
  private earlyBits: Uint8Array | null = null;
  private earlyHaves: number[] = [];
  private redundantHaves = 0;

  /** A `have`: true when it is news the host should hear. Throws EngineError for a bad index or flooding. */
  onHave(index: number, g: Geometry | null): boolean {
    if (!g) {
      if (this.earlyHaves.length >= MAX_EARLY_HAVES) throw new EngineError('PEER_FLOODING', 'Too many have messages before metadata');
      this.earlyHaves.push(index);
      return false;
    }
    if (g.piece(index) === null) throw badIndex('have', index, g.pieceCount);
    if (!this.has) this.has = new Bitfield(g.pieceCount);
    if (this.isSeed || !this.has.set(index)) {
      this.countRedundantHave(g.pieceCount);
      return false;
    }
    return true;
  }

  /** A `bitfield`: true when the host should hear of it (the whole set is known). Throws EngineError if invalid. */
  onBitfield(bits: Uint8Array, g: Geometry | null): boolean {
    if (!g) {
      // Checked once the piece count is known (setGeometry); copy since `bits` may view a channel chunk.
      this.earlyBits = bits.slice();
      return false;
    }
    if (!Bitfield.isValid(g.pieceCount, bits)) {
      throw new EngineError('WIRE_BAD_BITFIELD', 'Bitfield does not match the piece count', { bytes: bits.length, pieces: g.pieceCount });
    }
    if (this.has && !this.has.empty) throw new EngineError('WIRE_BAD_BITFIELD', 'Bitfield after have messages');
    this.has = new Bitfield(g.pieceCount, bits);
    return true;
  }

  /** A magnet's metadata arrived: validates what the peer told us before it. Throws EngineError if it lied. */
  setGeometry(g: Geometry): void {
    if (this.earlyBits) {
      const bits = this.earlyBits;
      this.earlyBits = null;
      if (!Bitfield.isValid(g.pieceCount, bits)) {
        throw new EngineError('WIRE_BAD_BITFIELD', 'Bitfield does not match the piece count', { bytes: bits.length, pieces: g.pieceCount });
      }
      this.has = new Bitfield(g.pieceCount, bits);
    }
    if (!this.has) this.has = new Bitfield(g.pieceCount);
    const early = this.earlyHaves;
    this.earlyHaves = [];
    for (const index of early) {
      if (g.piece(index) === null) throw badIndex('have', index, g.pieceCount);
      if (!this.has.set(index)) this.countRedundantHave(g.pieceCount);
    }
  }

  private countRedundantHave(pieceCount: number): void {
    this.redundantHaves++;
    const max = redundantHaveLimit(pieceCount);
    if (this.redundantHaves > max) {
      throw new EngineError('PEER_FLOODING', 'Too many have messages for pieces the peer had already announced', { redundant: this.redundantHaves, max });
    }
  }
}

export function badIndex(message: string, index: number, pieceCount: number): EngineError {
  return new EngineError('WIRE_BAD_PIECE_INDEX', `Peer sent ${message} for a piece that does not exist`, { index, pieceCount });
}

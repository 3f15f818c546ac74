// Blocks of in-flight pieces gathered into one buffer per piece, with who sent them (to blame when the hash fails).
// Memory is bounded by the picker: only started pieces have a buffer.

import type { Peer } from '../peer/peer.ts';
import type { PieceBuffers } from './piece-buffers.ts';

export interface AssembledPiece {
  readonly data: Uint8Array;
  readonly contributors: ReadonlySet<Peer>;
  /** Some blocks were kept from an earlier session: a failed hash proves nothing against the peers. */
  readonly kept: boolean;
}

/** Who sent a block: a peer, or null for a block kept from an earlier session. */
export type BlockSource = Peer | null;

interface Slot {
  data: Uint8Array;
  contributors: Set<Peer>;
  kept: boolean;
}

export class PieceAssembler {
  private readonly slots = new Map<number, Slot>();
  private bytes = 0;

  /** Where piece buffers come from: a pool (piece-buffers.ts) reuses the ones the read cache let go. */
  constructor(private readonly buffers?: PieceBuffers) {}

  /**
   * Copies a block into its piece's buffer (the block may view a channel chunk that is about to be dropped) and
   * returns the copy, a view valid until the piece is taken.
   */
  write(index: number, pieceSize: number, begin: number, block: Uint8Array, from: BlockSource): Uint8Array {
    let slot = this.slots.get(index);
    if (!slot) {
      slot = { data: this.buffers ? this.buffers.take(pieceSize) : new Uint8Array(pieceSize), contributors: new Set(), kept: false };
      this.slots.set(index, slot);
      this.bytes += pieceSize;
    }
    slot.data.set(block, begin);
    if (from) slot.contributors.add(from);
    else slot.kept = true;
    return slot.data.subarray(begin, begin + block.length);
  }

  /** Removes and returns a piece's buffer (all blocks received). */
  take(index: number): AssembledPiece | undefined {
    const slot = this.slots.get(index);
    if (!slot) return undefined;
    this.slots.delete(index);
    this.bytes -= slot.data.length;
    return slot;
  }

  /** Forgets a piece whose blocks will be fetched again. */
  drop(index: number): void {
    this.take(index);
  }

  clear(): void {
    this.slots.clear();
    this.bytes = 0;
  }

  /** Bytes held in piece buffers (for stats and tests of the memory bound). */
  get bufferedBytes(): number {
    return this.bytes;
  }
}

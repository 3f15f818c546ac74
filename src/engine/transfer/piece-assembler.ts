// Blocks of in-flight pieces gathered into one buffer per piece, with who sent them (to blame when the hash fails).
// Memory is bounded by the picker: only started pieces have a buffer.

import type { Peer } from '../peer/peer.ts';

export interface AssembledPiece {
  readonly data: Uint8Array;
  readonly contributors: ReadonlySet<Peer>;
}

interface Slot {
  data: Uint8Array;
  contributors: Set<Peer>;
}

export class PieceAssembler {
  private readonly slots = new Map<number, Slot>();
  private bytes = 0;

  /** Copies a block into its piece's buffer (the block may view a channel chunk that is about to be dropped). */
  write(index: number, pieceSize: number, begin: number, block: Uint8Array, from: Peer): void {
    let slot = this.slots.get(index);
    if (!slot) {
      slot = { data: new Uint8Array(pieceSize), contributors: new Set() };
      this.slots.set(index, slot);
      this.bytes += pieceSize;
    }
    slot.data.set(block, begin);
    slot.contributors.add(from);
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

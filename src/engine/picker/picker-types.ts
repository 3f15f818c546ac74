// What the piece picker takes and gives: a peer as it sees it, the block requests it hands out, a started piece's
// block bookkeeping, and what an arriving block did.

import type { Bitfield } from '../bitfield.ts';
import type { PieceIndex } from '../metainfo/geometry.ts';

export interface Partial {
  readonly index: PieceIndex;
  readonly blockCount: number;
  readonly blocks: Uint8Array; // BlockState per block
  readonly requesters: Uint8Array; // how many peers have an outstanding request per block
  requested: number; // blocks in state Requested or Received
  received: number;
}

/** What the picker needs to know about a peer. */
export interface PickerPeer {
  /** Pieces the peer has, or null while it is a seed (has everything). */
  readonly has: Bitfield | null;
  /** Block keys (see blockKey) requested from this peer and not yet received. */
  readonly outstanding: ReadonlyMap<number, number>;
  /**
   * Ask this peer (a seed) only for pieces no other peer has: another source is open to us for the rest, and the
   * seed's upload is better spent on pieces nobody else can give (picker/seed-sparing.ts). Urgent pieces are exempt.
   */
  readonly spare?: boolean;
}

export interface BlockRequest {
  readonly index: PieceIndex;
  readonly begin: number;
  readonly length: number;
  readonly key: number;
}

export type BlockResult = 'accepted' | 'piece-complete' | 'duplicate' | 'unexpected';

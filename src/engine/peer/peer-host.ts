// What a Peer asks of, and reports to, its torrent (the PeerHost), and the requests it queues with us.

import type { EngineError } from '../errors.ts';
import type { Geometry, PieceIndex } from '../metainfo/geometry.ts';
import type { ExtendedHandshake } from '../wire/messages.ts';

/** Generic over the peer type so this file needs nothing of peer.ts (peer.ts exports `PeerHost` = `PeerHostOf<Peer>`). */
export interface PeerHostOf<Peer> {
  readonly infoHash: Uint8Array;
  readonly peerId: Uint8Array;
  /** Null until a magnet's metadata arrives. */
  readonly geometry: Geometry | null;
  now(): number;
  extendedHandshake(): ExtendedHandshake;
  /** Our verified pieces (for the bitfield we send), or null without metadata. */
  ourBitfield(): Uint8Array | null;
  /** False to refuse the connection (self, duplicate, torrent full). */
  onHandshake(peer: Peer): boolean;
  onReady(peer: Peer): void;
  onExtendedHandshake(peer: Peer): void;
  /** The peer's piece set was learned or grew; `index` is the new piece, or -1 for a whole bitfield. */
  onHave(peer: Peer, index: number): void;
  onChoke(peer: Peer): void;
  onUnchoke(peer: Peer): void;
  onInterest(peer: Peer): void;
  onBlock(peer: Peer, index: PieceIndex, begin: number, block: Uint8Array): void;
  onRequest(peer: Peer): void;
  onMetadataMessage(peer: Peer, payload: Uint8Array): void;
  onDrain(peer: Peer): void;
  onClose(peer: Peer, reason: EngineError | string): void;
  /** Rate limits (rate/transfer-limiter.ts): every byte this peer sends and receives on the wire, overhead included. */
  onWireSent?(bytes: number): void;
  onWireReceived?(bytes: number): void;
}

export interface PendingRequest {
  readonly index: PieceIndex;
  readonly begin: number;
  readonly length: number;
}

// A torrent's answers to its peers (the PeerHost side of peer/peer.ts): each wire event goes to the metadata
// fetcher, the downloader, the uploader, the choker or the rate limiter. It decides nothing; the torrent's rules do.

import type { EngineError } from './errors.ts';
import { onMetadataPayload } from './metadata/metadata-exchange.ts';
import type { MetadataFetcher } from './metadata/metadata-fetcher.ts';
import type { Geometry, PieceIndex } from './metainfo/geometry.ts';
import { ourExtendedHandshake } from './peer/our-handshake.ts';
import type { Peer, PeerHost } from './peer/peer.ts';
import type { TorrentLimiter } from './rate/transfer-limiter.ts';
import type { TorrentParts } from './torrent-parts.ts';
import { unchokeIfRoom, type ChokeSchedule } from './transfer/choking.ts';
import type { ExtendedHandshake } from './wire/messages.ts';

/** What the peer events read of, and report to, their torrent. */
export interface PeerEventsTorrent {
  readonly infoHash: Uint8Array;
  readonly peerId: Uint8Array;
  readonly peers: Set<Peer>;
  readonly limiter: TorrentLimiter;
  readonly choking: ChokeSchedule;
  now(): number;
  /** Everything built once the metadata is known, or null before. */
  parts(): TorrentParts | null;
  /** The metadata fetcher while a magnet has no metadata, else null. */
  fetcher(): MetadataFetcher | null;
  /** Whether a peer whose handshake arrived may stay (torrent-rules.ts mayAcceptHandshake). */
  accepts(peer: Peer): boolean;
  uploadSlots(): number;
  /** Payload bytes received, wanted or not. */
  received(bytes: number): void;
  /** A peer whose id is known left (the session forgets or retries it). */
  peerClosed(peerIdHex: string, reason: EngineError | string): void;
}

export class TorrentPeerEvents implements PeerHost {
  constructor(private readonly t: PeerEventsTorrent) {}

  get infoHash(): Uint8Array {
    return this.t.infoHash;
  }

  get peerId(): Uint8Array {
    return this.t.peerId;
  }

  get geometry(): Geometry | null {
    return this.t.parts()?.geometry ?? null;
  }

  now(): number {
    return this.t.now();
  }

  extendedHandshake(): ExtendedHandshake {
    return ourExtendedHandshake(this.t.parts()?.meta ?? null);
  }

  ourBitfield(): Uint8Array | null {
    return this.t.parts()?.have.bytes ?? null;
  }

  onHandshake(peer: Peer): boolean {
    return this.t.accepts(peer);
  }

  onReady(peer: Peer): void {
    const fetcher = this.t.fetcher();
    if (fetcher && peer.extensions) fetcher.addPeer(peer);
  }

  onExtendedHandshake(peer: Peer): void {
    this.t.fetcher()?.addPeer(peer);
  }

  onHave(peer: Peer, index: number): void {
    this.t.parts()?.downloader.peerHas(peer, index);
  }

  onChoke(peer: Peer): void {
    const l = this.t.parts();
    if (l) l.downloader.releaseRequests(peer);
    else peer.book.dropAll();
  }

  onUnchoke(peer: Peer): void {
    this.t.parts()?.downloader.unchoked(peer);
  }

  onInterest(peer: Peer): void {
    const l = this.t.parts();
    if (l && unchokeIfRoom(peer, this.t.peers, this.t.uploadSlots())) l.uploader.serve(peer);
  }

  onBlock(peer: Peer, index: PieceIndex, begin: number, block: Uint8Array): void {
    this.t.received(block.length);
    this.t.parts()?.downloader.onBlock(peer, index, begin, block);
  }

  onRequest(peer: Peer): void {
    this.t.parts()?.uploader.serve(peer);
  }

  onDrain(peer: Peer): void {
    this.t.parts()?.uploader.serve(peer);
  }

  onMetadataMessage(peer: Peer, payload: Uint8Array): void {
    onMetadataPayload(peer, payload, this.t.parts()?.meta.infoBytes ?? null, this.t.fetcher());
  }

  onWireSent(bytes: number): void {
    this.t.limiter.sent(bytes);
  }

  onWireReceived(bytes: number): void {
    this.t.limiter.received(bytes);
  }

  onClose(peer: Peer, reason: EngineError | string): void {
    this.t.peers.delete(peer);
    const l = this.t.parts();
    if (l) l.downloader.peerGone(peer);
    else peer.book.dropAll();
    this.t.fetcher()?.peerClosed(peer);
    this.t.choking.peerGone(peer);
    const id = peer.remotePeerIdHex || peer.expectedPeerIdHex;
    if (id) this.t.peerClosed(id, reason);
  }
}

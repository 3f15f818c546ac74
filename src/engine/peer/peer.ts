// One connected peer: its channel, the wire decoder, the BEP 3 flags, what it has, what we asked it for, and what it
// asked us for. It validates every message against the torrent and hands decisions to its PeerHost (the torrent).

import type { Bitfield } from '../bitfield.ts';
import { bytesEqual, toHex } from '../bytes.ts';
import { EngineError } from '../errors.ts';
import type { Geometry, PieceIndex } from '../metainfo/geometry.ts';
import type { PeerChannel } from '../ports.ts';
import { encodePiecesInto, encodeRequests, piecesLength, sendScratch, type OutgoingBlock } from '../wire/batch-encoder.ts';
import { WireDecoder, isHandshake, maxMessageLengthFor } from '../wire/decoder.ts';
import * as wire from '../wire/encoder.ts';
import { EXTENDED_HANDSHAKE_ID, decodeExtendedHandshake, encodeExtendedHandshake } from '../wire/extended.ts';
import { encodeHandshake, supportsExtensions } from '../wire/handshake.ts';
import type { ExtendedHandshake, Handshake, WireMessage } from '../wire/messages.ts';
import { UT_METADATA } from '../wire/ut-metadata.ts';
import { clientName } from './client-name.ts';
import type { PeerHostOf, PendingRequest } from './peer-host.ts';
import { RateMeter } from './rate-meter.ts';
import { RemotePieces, badIndex } from './remote-pieces.ts';
import { RequestBook } from '../transfer/request-book.ts';

/** Our extended message id for ut_metadata (what peers must send it to us on). */
export const OUR_UT_METADATA_ID = 3;
/** How many requests we let a peer queue with us (advertised as `reqq`); more is flooding. */
export const MAX_PEER_REQUESTS = 1000;
export { redundantHaveLimit } from './remote-pieces.ts';
export type { PendingRequest } from './peer-host.ts';
/** What a peer asks of, and reports to, its torrent (peer-host.ts). */
export type PeerHost = PeerHostOf<Peer>;
export type { OutgoingBlock } from '../wire/batch-encoder.ts';

export class Peer {
  readonly connectedAt: number;
  remotePeerId: Uint8Array | null = null;
  remotePeerIdHex = '';
  client = '';
  extensions: ExtendedHandshake | null = null;
  supportsExtended = false;

  // BEP 3 flags: both sides start choked and not interested.
  amChoking = true;
  amInterested = false;
  peerChoking = true;
  peerInterested = false;
  unchokedSince = -1;
  chokedSince: number;

  /** What the peer has (remote-pieces.ts). */
  private readonly pieces = new RemotePieces();

  /** Our requests to it (outstanding, cancelled, unrequested bytes, strikes): transfer/request-book.ts. */
  readonly book = new RequestBook();
  /** Its requests to us, in order, waiting to be served. */
  readonly requests: PendingRequest[] = [];

  readonly download = new RateMeter();
  readonly upload = new RateMeter();
  lastReceivedAt: number;
  lastBlockAt: number;
  lastSentAt: number;

  private readonly decoder = new WireDecoder({ handshake: true });
  private handshakeDone = false;
  private closed = false;

  constructor(
    private readonly host: PeerHost,
    private readonly channel: PeerChannel,
    readonly transport: 'webrtc' | 'pipe',
    /** Peer id the tracker told us (hex), checked against the handshake; '' when unknown. */
    readonly expectedPeerIdHex: string,
  ) {
    const now = host.now();
    this.connectedAt = now;
    this.chokedSince = now;
    this.lastReceivedAt = now;
    this.lastBlockAt = now;
    this.lastSentAt = now;
    // A torrent of more than ~1M pieces has a bitfield longer than the default cap of one block message.
    if (host.geometry) this.decoder.setMaxMessageLength(maxMessageLengthFor(host.geometry.pieceCount));
  }

  /** Pieces the peer has; null while a magnet's piece count is unknown. */
  get has(): Bitfield | null {
    return this.pieces.has;
  }

  /** True once the peer has every piece: the picker counts it as a seed. */
  get isSeed(): boolean {
    return this.pieces.isSeed;
  }

  /** Block key -> time requested: what we asked for and still expect (kept by the book). */
  get outstanding(): ReadonlyMap<number, number> {
    return this.book.outstanding;
  }

  /** Failed pieces this peer contributed to (BEP 3 gives no other way to find a liar). */
  get strikes(): number {
    return this.book.strikes;
  }

  /** Bytes of blocks it sent that we never asked for. */
  get unrequestedBytes(): number {
    return this.book.unrequestedBytes;
  }

  start(): void {
    this.channel.open({
      data: (chunk) => this.onData(chunk),
      drain: () => !this.closed && this.host.onDrain(this),
      close: (reason) => this.destroy(reason ?? 'channel closed'),
    });
    this.send(encodeHandshake({ infoHash: this.host.infoHash, peerId: this.host.peerId }));
  }

  get isClosed(): boolean {
    return this.closed;
  }

  get ready(): boolean {
    return this.handshakeDone && !this.closed;
  }

  get bufferedAmount(): number {
    return this.channel.bufferedAmount;
  }

  /** Closes the connection; the host hears about it once through onClose. */
  destroy(reason: EngineError | string): void {
    if (this.closed) return;
    this.closed = true;
    try {
      this.channel.close();
    } finally {
      this.host.onClose(this, reason);
    }
  }

  // --- sending ------------------------------------------------------------------------------------------------

  send(bytes: Uint8Array, now = this.host.now()): void {
    if (this.closed) return;
    this.lastSentAt = now;
    this.host.onWireSent?.(bytes.length);
    this.channel.send(bytes);
  }

  setChoking(choking: boolean): void {
    if (this.amChoking === choking) return;
    this.amChoking = choking;
    const now = this.host.now();
    if (choking) {
      this.chokedSince = now;
      this.unchokedSince = -1;
      // BEP 3: a choke discards the peer's pending requests.
      this.requests.length = 0;
    } else {
      this.unchokedSince = now;
    }
    this.send(choking ? wire.choke() : wire.unchoke());
  }

  setInterested(interested: boolean): void {
    if (this.amInterested === interested) return;
    this.amInterested = interested;
    this.send(interested ? wire.interested() : wire.notInterested());
  }

  /** Sends several requests in one write and records them as outstanding. */
  sendRequests(requests: readonly { index: number; begin: number; length: number; key: number }[]): void {
    if (requests.length === 0) return;
    const now = this.host.now();
    for (let i = 0; i < requests.length; i++) this.book.sent(requests[i]!.key, now);
    this.send(encodeRequests(requests), now);
  }

  sendCancel(index: number, begin: number, length: number, key: number): void {
    if (this.book.cancel(key, this.host.now())) this.send(wire.cancel(index, begin, length));
  }

  sendPiece(index: number, begin: number, block: Uint8Array): void {
    const now = this.host.now();
    this.upload.add(block.length, now);
    this.send(wire.pieceMessage(index, begin, block), now);
  }

  /**
   * Several piece messages in one send (one channel message, one event at the receiver). The buffer is reused
   * when the channel copies on send, else fresh.
   */
  sendPieces(blocks: readonly OutgoingBlock[]): void {
    if (this.closed || blocks.length === 0) return;
    const total = piecesLength(blocks);
    const out = this.channel.copiesOnSend ? sendScratch(total) : new Uint8Array(total);
    encodePiecesInto(out, blocks);
    const now = this.host.now();
    this.upload.add(total - wire.PIECE_HEADER_LENGTH * blocks.length, now);
    this.send(out.length === total ? out : out.subarray(0, total), now);
  }

  sendHave(index: number): void {
    if (this.handshakeDone) this.send(wire.have(index));
  }

  sendExtended(extensionName: string, payload: Uint8Array): boolean {
    const id = this.extensions?.m[extensionName];
    if (!id) return false;
    this.send(wire.extended(id, payload));
    return true;
  }

  sendExtendedHandshake(): void {
    if (this.supportsExtended) this.send(wire.extended(EXTENDED_HANDSHAKE_ID, encodeExtendedHandshake(this.host.extendedHandshake())));
  }

  // --- receiving ----------------------------------------------------------------------------------------------

  private onData(chunk: Uint8Array): void {
    if (this.closed) return;
    this.lastReceivedAt = this.host.now();
    this.host.onWireReceived?.(chunk.length);
    this.decoder.push(chunk);
    try {
      for (let m = this.decoder.next(); m !== null && !this.closed; m = this.decoder.next()) {
        if (isHandshake(m)) this.onHandshake(m);
        else this.onMessage(m);
      }
    } catch (e) {
      if (e instanceof EngineError) this.destroy(e);
      else throw e;
    }
  }

  private onHandshake(h: Handshake): void {
    if (!bytesEqual(h.infoHash, this.host.infoHash)) {
      throw new EngineError('WIRE_WRONG_INFO_HASH', 'Peer handshake names another torrent', { peer: toHex(h.peerId) });
    }
    if (bytesEqual(h.peerId, this.host.peerId)) {
      throw new EngineError('PEER_SELF_CONNECTION', 'Connected to ourselves');
    }
    this.remotePeerId = h.peerId;
    this.remotePeerIdHex = toHex(h.peerId);
    this.client = clientName(h.peerId);
    this.supportsExtended = supportsExtensions(h.reserved);
    if (!this.host.onHandshake(this)) {
      this.destroy(new EngineError('PEER_DUPLICATE', 'Already connected to this peer', { peer: this.remotePeerIdHex }));
      return;
    }
    this.handshakeDone = true;
    // BEP 3: the bitfield must be the first message after the handshake; then BEP 10's extension handshake.
    const bits = this.host.ourBitfield();
    if (bits && bits.some((b) => b !== 0)) this.send(wire.bitfield(bits));
    this.sendExtendedHandshake();
    this.host.onReady(this);
  }

  private onMessage(m: WireMessage): void {
    if (!this.handshakeDone) throw new EngineError('WIRE_BAD_HANDSHAKE', 'Message before handshake');
    switch (m.type) {
      case 'keep-alive':
      case 'port':
      case 'unknown':
        return;
      case 'choke':
        if (this.peerChoking) return;
        this.peerChoking = true;
        this.host.onChoke(this);
        return;
      case 'unchoke':
        if (!this.peerChoking) return;
        this.peerChoking = false;
        this.host.onUnchoke(this);
        return;
      case 'interested':
      case 'not-interested': {
        const interested = m.type === 'interested';
        if (this.peerInterested === interested) return;
        this.peerInterested = interested;
        this.host.onInterest(this);
        return;
      }
      case 'have':
        this.onHaveMessage(m.index);
        return;
      case 'bitfield':
        this.onBitfieldMessage(m.bits);
        return;
      case 'request':
        this.onRequestMessage(m.index, m.begin, m.length);
        return;
      case 'cancel':
        this.onCancelMessage(m.index, m.begin, m.length);
        return;
      case 'piece':
        this.onPieceMessage(m.index, m.begin, m.block);
        return;
      case 'extended':
        if (m.id === EXTENDED_HANDSHAKE_ID) {
          this.extensions = decodeExtendedHandshake(m.payload);
          if (this.extensions.v) this.client = this.extensions.v;
          this.host.onExtendedHandshake(this);
        } else if (m.id === OUR_UT_METADATA_ID) {
          this.host.onMetadataMessage(this, m.payload);
        }
        return;
    }
  }

  private onHaveMessage(index: number): void {
    if (this.pieces.onHave(index, this.host.geometry)) this.host.onHave(this, index);
  }

  private onBitfieldMessage(bits: Uint8Array): void {
    if (this.pieces.onBitfield(bits, this.host.geometry)) this.host.onHave(this, -1);
  }

  /** Called by the host when a magnet's metadata arrives: validates what the peer told us before it. */
  setGeometry(g: Geometry): void {
    this.decoder.setMaxMessageLength(Math.max(this.decoder.maxMessageLength, Math.ceil(g.pieceCount / 8) + 1));
    try {
      this.pieces.setGeometry(g);
    } catch (e) {
      if (e instanceof EngineError) this.destroy(e);
      else throw e;
    }
  }

  private onRequestMessage(index: number, begin: number, length: number): void {
    const g = this.host.geometry;
    if (!g) return; // nothing to serve yet
    const piece = g.piece(index);
    if (piece === null) throw badIndex('request', index, g.pieceCount);
    if (!g.validRange(piece, begin, length)) {
      throw new EngineError('WIRE_BAD_BLOCK', 'Request outside the piece', { index, begin, length, pieceSize: g.pieceSize(piece) });
    }
    if (this.amChoking) return; // BEP 3: requests while choked are ignored
    if (this.requests.length >= MAX_PEER_REQUESTS) {
      throw new EngineError('PEER_FLOODING', 'Too many queued requests', { queued: this.requests.length, max: MAX_PEER_REQUESTS });
    }
    this.requests.push({ index: piece, begin, length });
    this.host.onRequest(this);
  }

  private onCancelMessage(index: number, begin: number, length: number): void {
    const i = this.requests.findIndex((r) => r.index === index && r.begin === begin && r.length === length);
    if (i >= 0) this.requests.splice(i, 1);
  }

  private onPieceMessage(index: number, begin: number, block: Uint8Array): void {
    const g = this.host.geometry;
    if (!g) throw new EngineError('WIRE_BAD_PIECE_INDEX', 'Piece data before metadata', { index });
    const piece = g.piece(index);
    if (piece === null) throw badIndex('piece', index, g.pieceCount);
    if (!g.validRange(piece, begin, block.length)) {
      throw new EngineError('WIRE_BAD_BLOCK', 'Block outside the piece', { index, begin, length: block.length });
    }
    // The time the chunk carrying it arrived (onData): one clock read per chunk, not per block.
    const now = this.lastReceivedAt;
    this.download.add(block.length, now);
    this.lastBlockAt = now;
    this.host.onBlock(this, piece, begin, block);
  }

  /** Converts the early state of a peer that turned out to have everything. */
  markSeed(): void {
    this.pieces.isSeed = true;
  }

  get remoteReqq(): number {
    return this.extensions?.reqq ?? 250;
  }

  get metadataSize(): number | undefined {
    return this.extensions?.m[UT_METADATA] ? this.extensions.metadataSize : undefined;
  }
}

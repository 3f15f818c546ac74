// Small fakes around a real Peer: a PeerChannel that records what we send and delivers what the remote sends, and a
// PeerHost that logs every callback. Used by the Peer, Uploader, Downloader and metadata fetcher tests.

import { isEngineError, type EngineError } from '../../../../src/engine/errors.ts';
import type { Geometry, PieceIndex } from '../../../../src/engine/metainfo/geometry.ts';
import { Peer, type PeerHost } from '../../../../src/engine/peer/peer.ts';
import type { PeerChannel, PeerChannelEvents } from '../../../../src/engine/ports.ts';
import { WireDecoder, isHandshake } from '../../../../src/engine/wire/decoder.ts';
import * as wire from '../../../../src/engine/wire/encoder.ts';
import { encodeExtendedHandshake } from '../../../../src/engine/wire/extended.ts';
import { encodeHandshake } from '../../../../src/engine/wire/handshake.ts';
import type { ExtendedHandshake, Handshake, WireMessage } from '../../../../src/engine/wire/messages.ts';

export const INFO_HASH = Uint8Array.from({ length: 20 }, (_, i) => 0x10 + i);
export const OUR_ID = new TextEncoder().encode('-RV0100-ourselves000');
export const REMOTE_ID = new TextEncoder().encode('-qB4630-remotepeer01');

export class FakeChannel implements PeerChannel {
  readonly sent: Uint8Array[] = [];
  bufferedAmount = 0;
  /** When true, every send adds to bufferedAmount (as a congested transport would), until the test lowers it. */
  congest = false;
  events: PeerChannelEvents | null = null;
  closed = false;

  open(events: PeerChannelEvents): void {
    this.events = events;
  }

  send(data: Uint8Array): void {
    this.sent.push(data.slice());
    if (this.congest) this.bufferedAmount += data.length;
  }

  close(): void {
    this.closed = true;
  }

  /** Bytes from the remote, each argument one transport chunk. */
  receive(...chunks: Uint8Array[]): void {
    for (const c of chunks) this.events!.data(c);
  }

  /** Everything we sent, decoded from the start (the handshake first). */
  messages(): (Handshake | WireMessage)[] {
    const decoder = new WireDecoder({ handshake: true, maxMessageLength: 1 << 24 });
    const out: (Handshake | WireMessage)[] = [];
    for (const chunk of this.sent) {
      decoder.push(chunk);
      for (let m = decoder.next(); m; m = decoder.next()) out.push(m);
    }
    return out;
  }

  /** The wire messages we sent (handshake left out), by type. */
  types(): string[] {
    return this.messages().flatMap((m) => (isHandshake(m) ? [] : [m.type === 'extended' ? `extended ${m.id}` : m.type]));
  }

  /** Forgets what was sent so far. */
  clearSent(): void {
    this.sent.length = 0;
  }
}

/** Sent messages after clearSent() lack the handshake: decode them without one. */
export function decodeMessages(chunks: readonly Uint8Array[]): WireMessage[] {
  const decoder = new WireDecoder({ handshake: false, maxMessageLength: 1 << 24 });
  const out: WireMessage[] = [];
  for (const chunk of chunks) {
    decoder.push(chunk);
    for (let m = decoder.next(); m; m = decoder.next()) if (!isHandshake(m)) out.push(m);
  }
  return out;
}

export class FakeHost implements PeerHost {
  readonly infoHash = INFO_HASH;
  readonly peerId = OUR_ID;
  time = 1_000;
  /** What ourBitfield() returns. */
  bitfield: Uint8Array | null = null;
  /** What onHandshake() answers. */
  accept = true;
  ext: ExtendedHandshake = { m: { ut_metadata: 3 }, v: 'Rivulet test', reqq: 1000 };
  readonly log: string[] = [];
  readonly blocks: { index: PieceIndex; begin: number; block: Uint8Array }[] = [];
  readonly metadata: Uint8Array[] = [];
  closeReason: EngineError | string | null = null;
  /** Extra reactions, e.g. routing to a Downloader. */
  hooks: Partial<Pick<PeerHost, 'onHave' | 'onChoke' | 'onUnchoke' | 'onBlock' | 'onRequest' | 'onDrain' | 'onInterest' | 'onMetadataMessage' | 'onClose'>> = {};

  constructor(public geometry: Geometry | null) {}

  now(): number {
    return this.time;
  }
  extendedHandshake(): ExtendedHandshake {
    return this.ext;
  }
  ourBitfield(): Uint8Array | null {
    return this.bitfield;
  }
  onHandshake(): boolean {
    this.log.push('handshake');
    return this.accept;
  }
  onReady(): void {
    this.log.push('ready');
  }
  onExtendedHandshake(): void {
    this.log.push('extended handshake');
  }
  onHave(peer: Peer, index: number): void {
    this.log.push(`have ${index}`);
    this.hooks.onHave?.(peer, index);
  }
  onChoke(peer: Peer): void {
    this.log.push('choke');
    this.hooks.onChoke?.(peer);
  }
  onUnchoke(peer: Peer): void {
    this.log.push('unchoke');
    this.hooks.onUnchoke?.(peer);
  }
  onInterest(peer: Peer): void {
    this.log.push(peer.peerInterested ? 'interested' : 'not interested');
    this.hooks.onInterest?.(peer);
  }
  onBlock(peer: Peer, index: PieceIndex, begin: number, block: Uint8Array): void {
    this.log.push(`block ${index}.${begin}`);
    this.blocks.push({ index, begin, block: block.slice() });
    this.hooks.onBlock?.(peer, index, begin, block);
  }
  onRequest(peer: Peer): void {
    this.log.push('request');
    this.hooks.onRequest?.(peer);
  }
  onMetadataMessage(peer: Peer, payload: Uint8Array): void {
    this.log.push('metadata');
    this.metadata.push(payload.slice());
    this.hooks.onMetadataMessage?.(peer, payload);
  }
  onDrain(peer: Peer): void {
    this.log.push('drain');
    this.hooks.onDrain?.(peer);
  }
  onClose(peer: Peer, reason: EngineError | string): void {
    this.log.push(`close ${isEngineError(reason) ? reason.code : reason}`);
    this.closeReason = reason;
    this.hooks.onClose?.(peer, reason);
  }
}

/** The code a peer was closed with, or the string reason. */
export function closeCode(host: FakeHost): string | null {
  const r = host.closeReason;
  return r === null ? null : isEngineError(r) ? r.code : r;
}

/** The remote's handshake bytes (BEP 10 bit set unless `extensions` is false). */
export function remoteHandshake(options: { infoHash?: Uint8Array; peerId?: Uint8Array; extensions?: boolean } = {}): Uint8Array {
  const reserved = new Uint8Array(8);
  if (options.extensions ?? true) reserved[5] = 0x10;
  return encodeHandshake({ reserved, infoHash: options.infoHash ?? INFO_HASH, peerId: options.peerId ?? REMOTE_ID });
}

export function remoteExtendedHandshake(h: ExtendedHandshake): Uint8Array {
  return wire.extended(0, encodeExtendedHandshake(h));
}

/** A started Peer on a fake channel; `handshake` (default true) delivers the remote's handshake. */
export function startPeer(options: { geometry?: Geometry | null; handshake?: boolean; host?: FakeHost } = {}): {
  host: FakeHost;
  channel: FakeChannel;
  peer: Peer;
} {
  const host = options.host ?? new FakeHost(options.geometry ?? null);
  const channel = new FakeChannel();
  const peer = new Peer(host, channel, 'pipe', '');
  peer.start();
  if (options.handshake ?? true) channel.receive(remoteHandshake());
  return { host, channel, peer };
}

/** A bitfield's wire bytes from a picture ('1101'). */
export function bitsOf(picture: string): Uint8Array {
  const out = new Uint8Array(Math.ceil(picture.length / 8));
  for (let i = 0; i < picture.length; i++) if (picture[i] === '1') out[i >> 3]! |= 0x80 >> (i & 7);
  return out;
}

/** Waits (polling) until `condition()` holds: async work such as SHA-1 runs off the test's control. */
export async function eventually(condition: () => boolean, what: string, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 2));
  }
}

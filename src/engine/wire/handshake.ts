// The BEP 3 handshake (pstr, reserved bits, info hash, peer id) and BEP 10's "extension protocol" reserved bit.

import { EngineError } from '../errors.ts';
import type { Handshake } from './messages.ts';

/** `\x13BitTorrent protocol`: the length byte and the protocol string every handshake starts with. */
export const PROTOCOL_PREFIX: Uint8Array = new Uint8Array([
  19, 0x42, 0x69, 0x74, 0x54, 0x6f, 0x72, 0x72, 0x65, 0x6e, 0x74, 0x20, 0x70, 0x72, 0x6f, 0x74, 0x6f, 0x63, 0x6f, 0x6c,
]);
/** 1 + 19 (pstr) + 8 (reserved) + 20 (info hash) + 20 (peer id). */
export const HANDSHAKE_LENGTH = 68;
export const RESERVED_OFFSET = 20;
export const INFO_HASH_OFFSET = 28;
export const PEER_ID_OFFSET = 48;

/** BEP 10: "bit 20 from the right", i.e. reserved[5] & 0x10, announces the extension protocol. */
export const EXTENSION_PROTOCOL_BYTE = 5;
export const EXTENSION_PROTOCOL_MASK = 0x10;

export interface HandshakeInit {
  /** 8 bytes; defaults to only the BEP 10 bit set (see `ourReserved`). */
  readonly reserved?: Uint8Array;
  readonly infoHash: Uint8Array;
  readonly peerId: Uint8Array;
}

/** The reserved bytes we send: BEP 10 only (no DHT over WebRTC, no BEP 6 fast extension). */
export function ourReserved(): Uint8Array {
  const reserved = new Uint8Array(8);
  reserved[EXTENSION_PROTOCOL_BYTE] = EXTENSION_PROTOCOL_MASK;
  return reserved;
}

export function supportsExtensions(reserved: Uint8Array): boolean {
  return ((reserved[EXTENSION_PROTOCOL_BYTE] ?? 0) & EXTENSION_PROTOCOL_MASK) !== 0;
}

/**
 * The 68-byte handshake. Wrong-sized fields are a caller bug (our own ids), hence RangeError, not EngineError.
 */
export function encodeHandshake(init: HandshakeInit): Uint8Array {
  const reserved = init.reserved ?? ourReserved();
  checkSize('reserved', reserved, 8);
  checkSize('infoHash', init.infoHash, 20);
  checkSize('peerId', init.peerId, 20);
  const out = new Uint8Array(HANDSHAKE_LENGTH);
  out.set(PROTOCOL_PREFIX, 0);
  out.set(reserved, RESERVED_OFFSET);
  out.set(init.infoHash, INFO_HASH_OFFSET);
  out.set(init.peerId, PEER_ID_OFFSET);
  return out;
}

function checkSize(name: string, bytes: Uint8Array, size: number): void {
  if (bytes.length !== size) throw new RangeError(`Handshake ${name} must be ${size} bytes, got ${bytes.length}`);
}

/**
 * Checks the first bytes received so far (any length) against `\x13BitTorrent protocol`, so the decoder can drop a
 * peer speaking another protocol (or starting MSE encryption) after one byte instead of waiting for 68.
 */
export function checkHandshakePrefix(bytes: Uint8Array): void {
  if (bytes.length > 0 && bytes[0] !== 19) {
    throw new EngineError('WIRE_BAD_HANDSHAKE', 'Handshake protocol name length is not 19', { pstrlen: bytes[0]! });
  }
  const n = Math.min(bytes.length, PROTOCOL_PREFIX.length);
  for (let i = 1; i < n; i++) {
    if (bytes[i] !== PROTOCOL_PREFIX[i]) {
      throw new EngineError('WIRE_BAD_HANDSHAKE', 'Handshake protocol name is not "BitTorrent protocol"', {
        offset: i,
        byte: bytes[i]!,
      });
    }
  }
}

/** Parses exactly 68 bytes. The fields are views into `bytes`, which the caller must not reuse. */
export function decodeHandshake(bytes: Uint8Array): Handshake {
  if (bytes.length !== HANDSHAKE_LENGTH) {
    throw new EngineError('WIRE_BAD_HANDSHAKE', 'Handshake must be 68 bytes', {
      length: bytes.length,
      expected: HANDSHAKE_LENGTH,
    });
  }
  checkHandshakePrefix(bytes);
  return {
    reserved: bytes.subarray(RESERVED_OFFSET, INFO_HASH_OFFSET),
    infoHash: bytes.subarray(INFO_HASH_OFFSET, PEER_ID_OFFSET),
    peerId: bytes.subarray(PEER_ID_OFFSET, HANDSHAKE_LENGTH),
  };
}

// BEP 3 / BEP 10 peer wire encoder: each message as one Uint8Array with its 4-byte big-endian length prefix.

import { MessageId, type WireMessage } from './messages.ts';

/** Bytes before a piece message's block: length prefix, id, index, begin. */
export const PIECE_HEADER_LENGTH = 13;

// The constant messages. Every call returns a fresh copy: a channel may keep the buffer, or transfer it over a
// MessagePort (which detaches it), so a shared instance could be emptied under a later sender.
const KEEP_ALIVE = new Uint8Array([0, 0, 0, 0]);
const CHOKE = new Uint8Array([0, 0, 0, 1, MessageId.choke]);
const UNCHOKE = new Uint8Array([0, 0, 0, 1, MessageId.unchoke]);
const INTERESTED = new Uint8Array([0, 0, 0, 1, MessageId.interested]);
const NOT_INTERESTED = new Uint8Array([0, 0, 0, 1, MessageId.notInterested]);

export function keepAlive(): Uint8Array {
  return KEEP_ALIVE.slice();
}
export function choke(): Uint8Array {
  return CHOKE.slice();
}
export function unchoke(): Uint8Array {
  return UNCHOKE.slice();
}
export function interested(): Uint8Array {
  return INTERESTED.slice();
}
export function notInterested(): Uint8Array {
  return NOT_INTERESTED.slice();
}

export function have(index: number): Uint8Array {
  const out = header(5, MessageId.have);
  writeU32(out, 5, index, 'index');
  return out;
}

export function bitfield(bits: Uint8Array): Uint8Array {
  const out = header(1 + bits.length, MessageId.bitfield);
  out.set(bits, 5);
  return out;
}

export function request(index: number, begin: number, length: number): Uint8Array {
  return blockRef(MessageId.request, index, begin, length);
}

export function cancel(index: number, begin: number, length: number): Uint8Array {
  return blockRef(MessageId.cancel, index, begin, length);
}

export function port(p: number): Uint8Array {
  if (!Number.isInteger(p) || p < 0 || p > 0xffff) throw new RangeError(`port must be in [0, 65535], got ${p}`);
  const out = header(3, MessageId.port);
  out[5] = p >>> 8;
  out[6] = p & 0xff;
  return out;
}

/** BEP 10: `id` 0 is the extension handshake, others are the ids the peer chose in its handshake's `m`. */
export function extended(id: number, payload: Uint8Array): Uint8Array {
  if (!Number.isInteger(id) || id < 0 || id > 0xff) throw new RangeError(`extended id must be a byte, got ${id}`);
  const out = header(2 + payload.length, MessageId.extended);
  out[5] = id;
  out.set(payload, 6);
  return out;
}

/** A whole piece message (header and block) in one buffer, so it goes out in one send. */
export function pieceMessage(index: number, begin: number, block: Uint8Array): Uint8Array {
  const out = new Uint8Array(PIECE_HEADER_LENGTH + block.length);
  writePieceHeader(out, 0, index, begin, block.length);
  out.set(block, PIECE_HEADER_LENGTH);
  return out;
}

/**
 * Writes the 13-byte header of a piece message at `offset`, for callers batching several piece messages into one
 * pre-allocated buffer (the block then goes at `offset + PIECE_HEADER_LENGTH`). Returns that block offset.
 */
export function writePieceHeader(
  target: Uint8Array,
  offset: number,
  index: number,
  begin: number,
  blockLength: number,
): number {
  if (offset < 0 || offset + PIECE_HEADER_LENGTH + blockLength > target.length) {
    throw new RangeError(
      `piece message of ${PIECE_HEADER_LENGTH + blockLength} bytes at ${offset} overflows ` +
        `a ${target.length}-byte buffer`,
    );
  }
  writeU32(target, offset, 9 + blockLength, 'length');
  target[offset + 4] = MessageId.piece;
  writeU32(target, offset + 5, index, 'index');
  writeU32(target, offset + 9, begin, 'begin');
  return offset + PIECE_HEADER_LENGTH;
}

/** Any message except 'unknown' (whose payload the decoder skipped); used by tests and fuzzing round trips. */
export function encodeMessage(m: Exclude<WireMessage, { type: 'unknown' }>): Uint8Array {
  switch (m.type) {
    case 'keep-alive':
      return keepAlive();
    case 'choke':
      return choke();
    case 'unchoke':
      return unchoke();
    case 'interested':
      return interested();
    case 'not-interested':
      return notInterested();
    case 'have':
      return have(m.index);
    case 'bitfield':
      return bitfield(m.bits);
    case 'request':
      return request(m.index, m.begin, m.length);
    case 'piece':
      return pieceMessage(m.index, m.begin, m.block);
    case 'cancel':
      return cancel(m.index, m.begin, m.length);
    case 'port':
      return port(m.port);
    case 'extended':
      return extended(m.id, m.payload);
  }
}

function blockRef(id: number, index: number, begin: number, length: number): Uint8Array {
  const out = header(13, id);
  writeU32(out, 5, index, 'index');
  writeU32(out, 9, begin, 'begin');
  writeU32(out, 13, length, 'length');
  return out;
}

/** A buffer for a message of `length` (id included), with the prefix and id written. */
function header(length: number, id: number): Uint8Array {
  const out = new Uint8Array(4 + length);
  writeU32(out, 0, length, 'length');
  out[4] = id;
  return out;
}

/** Values come from our own state; one out of uint32 range is a caller bug, and would silently wrap on the wire. */
function writeU32(b: Uint8Array, o: number, v: number, name: string): void {
  if (v >>> 0 !== v) throw new RangeError(`${name} must be a uint32, got ${v}`);
  b[o] = v >>> 24;
  b[o + 1] = (v >>> 16) & 0xff;
  b[o + 2] = (v >>> 8) & 0xff;
  b[o + 3] = v & 0xff;
}

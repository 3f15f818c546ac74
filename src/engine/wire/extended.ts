// The BEP 10 extension handshake (extended message id 0): which extensions a peer speaks and on which ids.

import { fromBinaryString, fromUtf8 } from '../bytes.ts';
import { decode, decodePrefix, encode, isDict, type BDict, type BEncodable, type BValue } from '../bencode/index.ts';
import { EngineError, isEngineError, type ErrorDetails } from '../errors.ts';
import type { ExtendedHandshake } from './messages.ts';

/** The extended message id of the handshake itself (BEP 10). */
export const EXTENDED_HANDSHAKE_ID = 0;

/**
 * Builds the payload of extended message 0. Only defined fields are written; `m` values must be bytes (0 disables
 * an extension). A bad value is our own bug, hence RangeError.
 */
export function encodeExtendedHandshake(h: ExtendedHandshake): Uint8Array {
  const m: Record<string, BEncodable> = Object.create(null) as Record<string, BEncodable>;
  for (const name of Object.keys(h.m)) {
    const id = h.m[name]!;
    if (!Number.isInteger(id) || id < 0 || id > 255) throw new RangeError(`m.${name} must be a byte, got ${id}`);
    m[name] = id;
  }
  const dict: Record<string, BEncodable> = { m };
  if (h.v !== undefined) dict['v'] = h.v;
  if (h.reqq !== undefined) dict['reqq'] = nonNegative('reqq', h.reqq);
  if (h.metadataSize !== undefined) dict['metadata_size'] = nonNegative('metadataSize', h.metadataSize);
  if (h.p !== undefined) dict['p'] = nonNegative('p', h.p);
  return encode(dict);
}

function nonNegative(name: string, v: number): number {
  if (!Number.isSafeInteger(v) || v < 0) throw new RangeError(`${name} must be a non-negative integer, got ${v}`);
  return v;
}

/**
 * Parses a peer's extension handshake. Lenient where BEP 10 asks for it (unknown keys, missing `m`, garbage
 * entries inside `m`, wrongly typed optional fields are ignored); strict where a wrong value would mislead us:
 * the payload must be one bencoded dict, and `metadata_size`, when present, a non-negative integer.
 * `m` is a null-prototype object, so a peer's key "__proto__" is just a key.
 */
export function decodeExtendedHandshake(payload: Uint8Array): ExtendedHandshake {
  const { dict } = decodeDictPayload(payload, 'extension handshake');
  const m: Record<string, number> = Object.create(null) as Record<string, number>;
  const rawM = dict.get('m');
  if (isDict(rawM)) {
    for (const [key, id] of rawM) {
      if (typeof id === 'number' && Number.isInteger(id) && id >= 0 && id <= 255) m[extensionName(key)] = id;
    }
  }
  const h: { -readonly [K in keyof ExtendedHandshake]: ExtendedHandshake[K] } = { m };

  const v = dict.get('v');
  if (v instanceof Uint8Array) h.v = fromUtf8(v);
  const reqq = dict.get('reqq');
  if (typeof reqq === 'number' && isCount(reqq)) h.reqq = reqq;
  const p = dict.get('p');
  if (typeof p === 'number' && isCount(p) && p > 0 && p <= 0xffff) h.p = p;

  if (dict.has('metadata_size')) {
    const size = dict.get('metadata_size');
    if (typeof size !== 'number' || !isCount(size)) {
      const details: ErrorDetails =
        typeof size === 'number' ? { type: 'integer', value: size } : { type: describe(size) };
      throw new EngineError('WIRE_BAD_EXTENDED', 'metadata_size is not a non-negative integer', details);
    }
    h.metadataSize = size;
  }
  return h;
}

/** Not a type guard on purpose: a negative number is still a number in the false branch. */
function isCount(v: number): boolean {
  return Number.isSafeInteger(v) && v >= 0;
}

/** Dict keys come back as latin1 binary strings; extension names are UTF-8 text (ASCII in practice). */
function extensionName(key: string): string {
  for (let i = 0; i < key.length; i++) {
    if (key.charCodeAt(i) > 0x7f) return fromUtf8(fromBinaryString(key)!);
  }
  return key;
}

/** A bencode value's kind, for error details. */
export function describe(v: BValue | undefined): string {
  if (v === undefined) return 'missing';
  if (v instanceof Uint8Array) return 'string';
  if (typeof v === 'number') return 'integer';
  return Array.isArray(v) ? 'list' : 'dict';
}

/**
 * Decodes a payload that starts with one bencoded dict; with `trailing` false the dict must fill the payload (a
 * ut_metadata data message is the one payload with raw bytes after its dict). Bencode errors become
 * WIRE_BAD_EXTENDED (the peer sent a broken extended message), keeping the bencode code and offset for debugging.
 */
export function decodeDictPayload(
  payload: Uint8Array,
  what: string,
  trailing = false,
): { readonly dict: BDict; readonly end: number } {
  let value: BValue;
  let end: number;
  try {
    if (trailing) {
      ({ value, end } = decodePrefix(payload));
    } else {
      value = decode(payload);
      end = payload.length;
    }
  } catch (e) {
    if (!isEngineError(e)) throw e;
    throw new EngineError('WIRE_BAD_EXTENDED', `Malformed ${what}: ${e.message}`, { ...e.details, cause: e.code });
  }
  if (!isDict(value)) {
    throw new EngineError('WIRE_BAD_EXTENDED', `The ${what} is not a dictionary`, { type: describe(value) });
  }
  return { dict: value, end };
}

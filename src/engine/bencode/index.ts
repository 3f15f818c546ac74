// Bencode (BEP 3) public surface: decode/encode plus typed field readers for decoded dicts.

import { fromUtf8 } from '../bytes.ts';
import type { BDict, BValue } from './decode.ts';

export { decode, decodePrefix, decodeWithSpans, rawDictValue, DEFAULT_MAX_DEPTH } from './decode.ts';
export type { BDict, BValue, DecodeOptions, Span } from './decode.ts';
export { encode } from './encode.ts';
export type { BEncodable } from './encode.ts';

export function isBytes(v: BValue | undefined): v is Uint8Array {
  return v instanceof Uint8Array;
}

export function isDict(v: BValue | undefined): v is BDict {
  return v instanceof Map;
}

export function isList(v: BValue | undefined): v is BValue[] {
  return Array.isArray(v);
}

export function isInt(v: BValue | undefined): v is number {
  return typeof v === 'number';
}

// The readers below return undefined both when a key is absent and when it holds another type: callers that must
// tell the two apart check `dict.has(key)`. Keys are ASCII in practice, where binary and text strings agree.

export function getBytes(dict: BDict, key: string): Uint8Array | undefined {
  const v = dict.get(key);
  return v instanceof Uint8Array ? v : undefined;
}

/** A byte string decoded as UTF-8 (invalid sequences become U+FFFD). */
export function getString(dict: BDict, key: string): string | undefined {
  const v = dict.get(key);
  return v instanceof Uint8Array ? fromUtf8(v) : undefined;
}

export function getInt(dict: BDict, key: string): number | undefined {
  const v = dict.get(key);
  return typeof v === 'number' ? v : undefined;
}

export function getDict(dict: BDict, key: string): BDict | undefined {
  const v = dict.get(key);
  return v instanceof Map ? v : undefined;
}

export function getList(dict: BDict, key: string): BValue[] | undefined {
  const v = dict.get(key);
  return Array.isArray(v) ? v : undefined;
}

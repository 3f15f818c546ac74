// Fuzz target: the bencode decoder (BEP 3). Random values must round-trip (decode(encode(x)) = x); mutated and
// synthetic bytes must decode or throw an EngineError, and what strict decoding accepts must re-encode to itself.

import { decode, DEFAULT_MAX_DEPTH, encode } from '../../../src/engine/bencode/index.ts';
import type { BEncodable, BValue } from '../../../src/engine/bencode/index.ts';
import { isEngineError } from '../../../src/engine/errors.ts';
import { check, concat, latin1, mutateBytes, preview } from '../harness.ts';
import type { FuzzTarget, Outcome, Rand } from '../harness.ts';

type Input = { readonly kind: 'value'; readonly value: BEncodable } | { readonly kind: 'bytes'; readonly bytes: Uint8Array; readonly strict: boolean };

const te = new TextEncoder();

/** Integers where precision and signs go wrong: 0, ±2^31, ±2^32, ±(2^53 - 1). */
function edgeInt(r: Rand): number {
  const edges = [0, 1, -1, 2 ** 31, -(2 ** 31), 2 ** 32, Number.MAX_SAFE_INTEGER, -Number.MAX_SAFE_INTEGER];
  return r.chance(0.5) ? r.pick(edges) : Math.floor((r.next() - 0.5) * 2 ** (r.int(54)));
}

/** A random value up to `depth` levels; keys are binary strings, as decode yields them. */
export function randomValue(r: Rand, depth: number): BEncodable {
  const k = r.int(depth > 0 ? 5 : 2);
  if (k === 0) return edgeInt(r);
  if (k === 1) return r.bytes(r.chance(0.05) ? r.int(5000) : r.int(24));
  if (k === 2) return Array.from({ length: r.int(5) }, () => randomValue(r, depth - 1));
  if (k === 3 && r.chance(0.1)) {
    // One deep chain around the decoder's limit.
    let v: BEncodable = edgeInt(r);
    for (let n = DEFAULT_MAX_DEPTH - 3 + r.int(3); n > 0; n--) v = r.chance(0.5) ? [v] : new Map([['k', v]]);
    return v;
  }
  const m = new Map<string, BEncodable>();
  for (let n = r.int(5); n > 0; n--) m.set(latin1(r.bytes(r.int(6))), randomValue(r, depth - 1));
  return m;
}

/** Bytes built to break a decoder: deep nesting, length prefixes past the input or 2^53, long integers. */
function synthetic(r: Rand): Uint8Array {
  const n = 1 + r.int(DEFAULT_MAX_DEPTH * 40);
  switch (r.int(7)) {
    case 0: return te.encode('l'.repeat(n) + 'e'.repeat(r.chance(0.5) ? n : r.int(n)));
    case 1: return te.encode('d1:a'.repeat(n) + 'i0e' + 'e'.repeat(n));
    case 2: return te.encode(`${r.pick(['9007199254740993', '18446744073709551616', '4294967296', '99999999999999999999999'])}:x`);
    case 3: return te.encode(`i${r.chance(0.5) ? '-' : ''}${'9'.repeat(1 + r.int(400))}e`);
    case 4: return te.encode(`i${r.pick(['-0', '00', '01', '', '-', '1.5', '1e3', '+1', ' 1'])}e`);
    case 5: return te.encode(`d${'1:a'.repeat(2)}i1ee`); // duplicate key
    default: return te.encode(`l${'0:'.repeat(n)}e`);
  }
}

/** A random value's encoding, or `fallback` when it nests past the encoder's limit. */
function encodeOr(v: BEncodable, fallback: Uint8Array): Uint8Array {
  try {
    return encode(v);
  } catch (e) {
    if (isEngineError(e, 'BENCODE_UNSUPPORTED_VALUE')) return fallback;
    throw e;
  }
}

function same(a: BValue, b: BEncodable): boolean {
  if (typeof a === 'number') return a === b;
  if (a instanceof Uint8Array) return b instanceof Uint8Array && a.length === b.length && a.every((x, i) => x === b[i]);
  if (Array.isArray(a)) return Array.isArray(b) && a.length === b.length && a.every((x, i) => same(x, (b as BEncodable[])[i]!));
  if (!(b instanceof Map) || a.size !== b.size) return false;
  for (const [k, v] of a) if (!b.has(k) || !same(v, b.get(k)!)) return false;
  return true;
}

function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

export const bencodeTarget: FuzzTarget<Input> = {
  name: 'bencode',
  generate(r, corpus) {
    const roll = r.int(10);
    if (roll < 3) return { kind: 'value', value: randomValue(r, 6) };
    if (roll < 5) return { kind: 'bytes', bytes: synthetic(r), strict: r.chance(0.5) };
    const base = roll < 7 ? encodeOr(randomValue(r, 4), r.pick(corpus)) : r.pick(corpus);
    const bytes = r.chance(0.1) ? concat([base, base]) : mutateBytes(r, base, corpus);
    return { kind: 'bytes', bytes, strict: r.chance(0.5) };
  },
  run(input): Outcome {
    if (input.kind === 'value') {
      let bytes: Uint8Array;
      try {
        bytes = encode(input.value);
      } catch (e) {
        // The deep chains may pass the encoder's limit (the decoder's): refusing to write them is the contract.
        if (isEngineError(e, 'BENCODE_UNSUPPORTED_VALUE')) return 'typed';
        throw e;
      }
      const back = decode(bytes, { strict: true });
      check(same(back, input.value), 'decode(encode(x)) differs from x');
      return 'ok';
    }
    let v: BValue;
    try {
      v = decode(input.bytes, { strict: input.strict });
    } catch (e) {
      if (isEngineError(e) && e.code.startsWith('BENCODE_')) return 'typed';
      throw e;
    }
    const again = encode(v);
    // Canonical bencode has one encoding per value; loose decoding may accept unsorted keys, which encode sorts.
    if (input.strict) check(bytesEqual(again, input.bytes), 'strict decode accepted bytes that do not re-encode to themselves');
    else check(same(decode(again, { strict: true }), v), 'a loosely decoded value does not survive encode + strict decode');
    return 'ok';
  },
  show: (input) => (input.kind === 'value' ? `value ${preview(latin1(encode(input.value)))}` : `${input.strict ? 'strict ' : ''}bytes ${preview(latin1(input.bytes))}`),
};

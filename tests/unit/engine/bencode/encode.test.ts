import { describe, expect, it } from 'vitest';
import { decode, encode } from '../../../../src/engine/bencode/index.ts';
import type { BEncodable, BValue } from '../../../../src/engine/bencode/index.ts';
import { EngineError } from '../../../../src/engine/errors.ts';

const te = new TextEncoder();
const td = new TextDecoder('latin1');
const text = (bytes: Uint8Array): string => td.decode(bytes);
const raw = (s: string): Uint8Array => Uint8Array.from(s, (c) => c.charCodeAt(0));

describe('bencode encode: vectors', () => {
  const vectors: [string, BEncodable, string][] = [
    ['a UTF-8 string', 'spam', '4:spam'],
    ['an empty string', '', '0:'],
    ['a byte string', new Uint8Array([0, 255]), '2:\x00\xff'],
    ['a positive integer', 3, 'i3e'],
    ['a negative integer', -3, 'i-3e'],
    ['zero', 0, 'i0e'],
    ['the largest safe integer', Number.MAX_SAFE_INTEGER, 'i9007199254740991e'],
    ['a list', ['spam', 'eggs'], 'l4:spam4:eggse'],
    ['an empty list', [], 'le'],
    ['an object', { cow: 'moo', spam: 'eggs' }, 'd3:cow3:moo4:spam4:eggse'],
    ['an empty object', {}, 'de'],
    ['nested values', { spam: ['a', 'b'] }, 'd4:spaml1:a1:bee'],
    ['a Map', new Map<string, BEncodable>([['b', 1], ['a', 2]]), 'd1:ai2e1:bi1ee'],
  ];
  it.each(vectors)('encodes %s', (_name, value, expected) => {
    expect(text(encode(value))).toBe(expected);
  });

  it('encodes UTF-8 text as its bytes, counting bytes not characters', () => {
    expect(text(encode('été'))).toBe('5:' + td.decode(te.encode('été')));
  });

  it('sorts object keys by raw bytes, not by string order', () => {
    expect(text(encode({ b: 1, a: 2, ab: 3, B: 4, '': 5 }))).toBe('d0:i5e1:Bi4e1:ai2e2:abi3e1:bi1ee');
  });

  it('sorts UTF-8 object keys by their encoded bytes', () => {
    // 'é' is C3 A9 and '\uffff' is EF BF BF; as UTF-16 '\u{10000}' (D800 DC00) would sort before '\uffff'.
    const out = text(encode({ '\uffff': 1, '\u{10000}': 2, é: 3, z: 4 }));
    expect(out).toBe(`d1:zi4e2:${td.decode(te.encode('é'))}i3e3:${td.decode(te.encode('\uffff'))}i1e4:${td.decode(te.encode('\u{10000}'))}i2ee`);
  });

  it('writes Map keys as binary strings (one byte per char)', () => {
    const m = new Map<string, BEncodable>([['\xff', 1], ['\x00', 2]]);
    expect([...encode(m)]).toEqual([...raw('d1:\x00i2e1:\xffi1ee')]);
  });
});

describe('bencode encode: unsupported values', () => {
  const bad: [string, unknown][] = [
    ['a fraction', 1.5],
    ['NaN', NaN],
    ['Infinity', Infinity],
    ['an unsafe integer', 2 ** 53],
    ['undefined', undefined],
    ['null', null],
    ['a boolean', true],
    ['a bigint', 1n],
    ['a Date', new Date(0)],
    ['an ArrayBuffer', new ArrayBuffer(2)],
    ['a Uint16Array', new Uint16Array(2)],
    ['an object with an undefined property', { a: undefined }],
    ['a list holding a function', [() => 1]],
    ['a Map key above 0xff', new Map([['\u0100', 1]])],
    ['a Map with a number key', new Map([[1, 1]])],
  ];
  it.each(bad)('rejects %s with BENCODE_UNSUPPORTED_VALUE', (_name, value) => {
    let err: unknown;
    try {
      encode(value as BEncodable);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(EngineError);
    expect((err as EngineError).code).toBe('BENCODE_UNSUPPORTED_VALUE');
  });

  it('names the path of the culprit', () => {
    try {
      encode({ info: { files: [{ length: 0.5 }] } });
      expect.unreachable();
    } catch (e) {
      expect((e as EngineError).details['path']).toBe('.info.files[0].length');
    }
  });

  it('stops on a cycle instead of overflowing the stack', () => {
    const a: unknown[] = [];
    a.push(a);
    expect(() => encode(a as BEncodable)).toThrow(EngineError);
  });
});

/** A seeded PRNG (mulberry32) so failures reproduce. */
function rng(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = seed;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function randomValue(r: () => number, depth: number): BEncodable {
  const kind = depth > 4 ? Math.floor(r() * 2) : Math.floor(r() * 4);
  if (kind === 0) return Math.floor((r() - 0.5) * 2 ** 40);
  if (kind === 1) return Uint8Array.from({ length: Math.floor(r() * 20) }, () => Math.floor(r() * 256));
  if (kind === 2) return Array.from({ length: Math.floor(r() * 5) }, () => randomValue(r, depth + 1));
  const m = new Map<string, BEncodable>();
  const n = Math.floor(r() * 5);
  for (let i = 0; i < n; i++) {
    m.set(String.fromCharCode(...Array.from({ length: Math.floor(r() * 4) }, () => Math.floor(r() * 256))), randomValue(r, depth + 1));
  }
  return m;
}

describe('bencode round trips', () => {
  it('decode(encode(x)) re-encodes to the same bytes for 500 random values', () => {
    const r = rng(42);
    for (let i = 0; i < 500; i++) {
      const bytes = encode(randomValue(r, 0));
      const again = encode(decode(bytes, { strict: true }) as BEncodable);
      expect(again).toEqual(bytes);
    }
  });

  it('encode(decode(x)) is exact for canonical input, binary keys and values included', () => {
    const input = raw('d4:infod6:lengthi12e4:name3:\xe9t\xe96:pieces4:\x00\x01\x02\x034:\xff\x00\xfe\x01lee1:zli-1ei0eee');
    expect(encode(decode(input) as BValue as BEncodable)).toEqual(input);
  });

  it('re-encoding unsorted input sorts the keys (why info hashes use raw bytes)', () => {
    expect(text(encode(decode(raw('d1:bi1e1:ai2ee')) as BEncodable))).toBe('d1:ai2e1:bi1ee');
  });
});

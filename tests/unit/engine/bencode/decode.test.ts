import { describe, expect, it } from 'vitest';
import {
  decode,
  decodePrefix,
  decodeWithSpans,
  getBytes,
  getDict,
  getInt,
  getList,
  getString,
  rawDictValue,
} from '../../../../src/engine/bencode/index.ts';
import type { BValue } from '../../../../src/engine/bencode/index.ts';
import { EngineError } from '../../../../src/engine/errors.ts';
import type { EngineErrorCode } from '../../../../src/engine/errors.ts';

const te = new TextEncoder();
const b = (s: string): Uint8Array => te.encode(s);
/** latin1: one byte per char, for vectors with raw bytes. */
const raw = (s: string): Uint8Array => Uint8Array.from(s, (c) => c.charCodeAt(0));

/** Turns decoded values into plain JSON-able data: byte strings as text, dicts as objects. */
function plain(v: BValue): unknown {
  if (v instanceof Uint8Array) return new TextDecoder().decode(v);
  if (typeof v === 'number') return v;
  if (Array.isArray(v)) return v.map(plain);
  return Object.fromEntries([...v].map(([k, x]) => [k, plain(x)]));
}

function errorOf(fn: () => unknown): EngineError {
  try {
    fn();
  } catch (e) {
    if (e instanceof EngineError) return e;
    throw new Error(`expected an EngineError, got ${String(e)}`);
  }
  throw new Error('expected an error, got none');
}

describe('bencode decode: valid vectors', () => {
  // The first eight are the examples in the BEP 3 text ("bencoding" section).
  const vectors: [string, unknown][] = [
    ['4:spam', 'spam'],
    ['0:', ''],
    ['i3e', 3],
    ['i-3e', -3],
    ['i0e', 0],
    ['l4:spam4:eggse', ['spam', 'eggs']],
    ['d3:cow3:moo4:spam4:eggse', { cow: 'moo', spam: 'eggs' }],
    ['d4:spaml1:a1:bee', { spam: ['a', 'b'] }],
    ['le', []],
    ['de', {}],
    ['d0:i420ee', { '': 420 }],
    ['lli1eelee', [[1], []]],
    ['i9007199254740991e', Number.MAX_SAFE_INTEGER],
    ['i-9007199254740991e', -Number.MAX_SAFE_INTEGER],
    ['10:0123456789', '0123456789'],
    ['d1:ad1:bl0:eee', { a: { b: [''] } }],
  ];
  it.each(vectors)('decodes %s', (input, expected) => {
    expect(plain(decode(b(input)))).toEqual(expected);
  });

  it('returns byte strings as views into the input, without copying', () => {
    const input = b('l3:abc3:defe');
    const list = decode(input) as Uint8Array[];
    expect(list[1]!.buffer).toBe(input.buffer);
    expect(list[1]!.byteOffset).toBe(8);
  });

  it('keeps dict keys as latin1 binary strings, one char per byte', () => {
    const d = decode(raw('d2:\xff\x00i1ee')) as Map<string, BValue>;
    expect([...d.keys()]).toEqual(['\xff\x00']);
  });

  it('accepts unsorted keys by default, as real torrents have them', () => {
    expect(plain(decode(b('d1:bi1e1:ai2ee')))).toEqual({ b: 1, a: 2 });
  });

  it('rejects unsorted keys in strict mode', () => {
    const e = errorOf(() => decode(b('d1:bi1e1:ai2ee'), { strict: true }));
    expect(e.code).toBe('BENCODE_UNSORTED_KEYS');
    expect(e.details['offset']).toBe(7);
  });

  it('accepts sorted keys in strict mode, compared as raw bytes', () => {
    expect(plain(decode(b('d1:Ai1e1:ai2e2:abi3ee'), { strict: true }))).toEqual({ A: 1, a: 2, ab: 3 });
    expect(() => decode(raw('d1:\x80i1e1:\xffi2ee'), { strict: true })).not.toThrow();
  });
});

describe('bencode decode: malformed input', () => {
  const vectors: [string, string, EngineErrorCode, number][] = [
    ['empty input', '', 'BENCODE_UNEXPECTED_END', 0],
    ['a leading zero in an integer', 'i03e', 'BENCODE_INVALID_INTEGER', 0],
    ['negative zero', 'i-0e', 'BENCODE_INVALID_INTEGER', 0],
    ['an integer with no digits', 'ie', 'BENCODE_INVALID_INTEGER', 0],
    ['a lone minus sign', 'i-e', 'BENCODE_INVALID_INTEGER', 0],
    ['a fraction', 'i1.5e', 'BENCODE_INVALID_INTEGER', 2],
    ['a plus sign', 'i+1e', 'BENCODE_INVALID_INTEGER', 1],
    ['an integer missing its e', 'i12', 'BENCODE_UNEXPECTED_END', 0],
    ['an integer past 2^53 - 1', 'i9007199254740992e', 'BENCODE_INTEGER_TOO_LARGE', 0],
    ['a huge negative integer', 'i-99999999999999999999e', 'BENCODE_INTEGER_TOO_LARGE', 0],
    ['a leading zero in a string length', '03:abc', 'BENCODE_INVALID_STRING_LENGTH', 0],
    ['a string length past the end', '5:abc', 'BENCODE_UNEXPECTED_END', 0],
    ['a string length larger than the input', '99999999999999999999:a', 'BENCODE_INVALID_STRING_LENGTH', 0],
    ['a string length without a colon', '3abc', 'BENCODE_INVALID_STRING_LENGTH', 1],
    ['a string length cut off', '1', 'BENCODE_UNEXPECTED_END', 0],
    ['a negative string length', '-1:a', 'BENCODE_INVALID_TOKEN', 0],
    ['a list missing its e', 'l4:spam', 'BENCODE_UNEXPECTED_END', 0],
    ['a dict missing its e', 'd1:ai1e', 'BENCODE_UNEXPECTED_END', 0],
    ['a dict key with no value', 'd1:ae', 'BENCODE_INVALID_TOKEN', 4],
    ['a dict key cut off before its value', 'd1:a', 'BENCODE_UNEXPECTED_END', 4],
    ['an integer dict key', 'di1ei2ee', 'BENCODE_INVALID_TOKEN', 1],
    ['a list dict key', 'dlei2ee', 'BENCODE_INVALID_TOKEN', 1],
    ['a duplicate key', 'd1:ai1e1:ai2ee', 'BENCODE_DUPLICATE_KEY', 7],
    ['a duplicate key after an unsorted one', 'd1:bi1e1:ai2e1:bi3ee', 'BENCODE_DUPLICATE_KEY', 13],
    ['trailing data', 'i1ei2e', 'BENCODE_TRAILING_DATA', 3],
    ['an unknown token', 'x', 'BENCODE_INVALID_TOKEN', 0],
    ['a stray e', 'e', 'BENCODE_INVALID_TOKEN', 0],
  ];
  it.each(vectors)('rejects %s (%s)', (_name, input, code, offset) => {
    const e = errorOf(() => decode(b(input)));
    expect(e.code).toBe(code);
    expect(e.details['offset']).toBe(offset);
    expect(e.message).toMatch(/\(at byte \d+\)\.$/);
  });

  it('rejects a duplicate key in strict mode too', () => {
    expect(errorOf(() => decode(b('d1:ai1e1:ai2ee'), { strict: true })).code).toBe('BENCODE_DUPLICATE_KEY');
  });

  it('says how many bytes a truncated string is missing', () => {
    const e = errorOf(() => decode(b('l10:abcdefe')));
    expect(e.details).toMatchObject({ offset: 1, declared: 10, available: 7 });
    expect(e.message).toContain('runs 3 bytes past the end');
  });
});

describe('bencode decode: nesting limit', () => {
  const nested = (n: number): Uint8Array => b('l'.repeat(n) + 'e'.repeat(n));

  it('accepts 256 nested lists', () => {
    let v = decode(nested(256));
    for (let i = 0; i < 255; i++) v = (v as BValue[])[0]!;
    expect(v).toEqual([]);
  });

  it('rejects 257 nested lists with BENCODE_TOO_DEEP', () => {
    const e = errorOf(() => decode(nested(257)));
    expect(e.code).toBe('BENCODE_TOO_DEEP');
    expect(e.details['offset']).toBe(256);
  });

  it('rejects 200k nested dicts without overflowing the stack', () => {
    const input = b('d1:a'.repeat(200_000) + 'le' + 'e'.repeat(200_000));
    expect(errorOf(() => decode(input)).code).toBe('BENCODE_TOO_DEEP');
  });

  it('honours a custom limit', () => {
    expect(errorOf(() => decode(nested(3), { maxDepth: 2 })).code).toBe('BENCODE_TOO_DEEP');
    expect(() => decode(nested(2), { maxDepth: 2 })).not.toThrow();
  });
});

describe('bencode decodePrefix', () => {
  it('decodes a ut_metadata header and reports where the raw piece starts', () => {
    const header = b('d8:msg_typei1e5:piecei0e10:total_sizei3ee');
    const input = new Uint8Array([...header, 0x64, 0x65, 0xff]);
    const { value, end } = decodePrefix(input);
    expect(end).toBe(header.length);
    expect(plain(value)).toEqual({ msg_type: 1, piece: 0, total_size: 3 });
    expect([...input.subarray(end)]).toEqual([0x64, 0x65, 0xff]);
  });

  it('still rejects an incomplete value', () => {
    expect(errorOf(() => decodePrefix(b('d8:msg_typei1e'))).code).toBe('BENCODE_UNEXPECTED_END');
  });
});

describe('bencode spans', () => {
  const torrent = b('d8:announce3:url4:infod4:name1:x6:lengthi1ee3:zzzd4:infoi5eee');

  it('records the exact byte span of a top-level dict value', () => {
    const { spans } = decodeWithSpans(torrent, ['info']);
    const span = spans.get('info')!;
    expect(new TextDecoder().decode(torrent.subarray(span.start, span.end))).toBe('d4:name1:x6:lengthi1ee');
  });

  it('ignores the same key nested deeper', () => {
    const { spans } = decodeWithSpans(b('d1:ad4:infoi1eee'), ['info']);
    expect(spans.size).toBe(0);
  });

  it('rawDictValue returns a view of the value bytes, or null when absent', () => {
    expect(new TextDecoder().decode(rawDictValue(torrent, 'announce')!)).toBe('3:url');
    expect(rawDictValue(torrent, 'missing')).toBeNull();
    expect(rawDictValue(b('li1ee'), 'info')).toBeNull();
  });

  it('rawDictValue validates the whole input', () => {
    expect(errorOf(() => rawDictValue(b('d4:infodeei1e'), 'info')).code).toBe('BENCODE_TRAILING_DATA');
  });
});

describe('bencode typed field readers', () => {
  const d = decode(b('d1:bl1:xe1:dd1:ki1ee1:ii-7e1:s6:été!e')) as Map<string, BValue>;

  it('reads each type', () => {
    expect(getInt(d, 'i')).toBe(-7);
    expect(getList(d, 'b')!.length).toBe(1);
    expect(getDict(d, 'd')!.get('k')).toBe(1);
    expect(getBytes(d, 's')!.length).toBe(6);
  });

  it('getString decodes UTF-8', () => {
    expect(getString(d, 's')).toBe('été!');
  });

  it('returns undefined for absent or mistyped keys', () => {
    expect(getBytes(d, 'i')).toBeUndefined();
    expect(getString(d, 'b')).toBeUndefined();
    expect(getInt(d, 'missing')).toBeUndefined();
    expect(getDict(d, 'b')).toBeUndefined();
    expect(getList(d, 'd')).toBeUndefined();
  });
});

// Range parsing as a table of vectors (RFC 9110 section 14 and its examples), against a 10000-byte representation
// unless a row says otherwise.

import { describe, expect, it } from 'vitest';
import { contentRange, parseRange, unsatisfiedRange, type RangeResult } from '../../../src/sw/range.ts';

const full: RangeResult = { kind: 'full' };
const none: RangeResult = { kind: 'unsatisfiable' };
const part = (start: number, end: number): RangeResult => ({ kind: 'partial', start, end });

describe('parseRange', () => {
  const vectors: [header: string | null | undefined, length: number, expected: RangeResult][] = [
    // RFC 9110 14.1.2 examples (representation of 10000 bytes)
    ['bytes=0-499', 10000, part(0, 499)],
    ['bytes=500-999', 10000, part(500, 999)],
    ['bytes=-500', 10000, part(9500, 9999)],
    ['bytes=9500-', 10000, part(9500, 9999)],
    ['bytes=0-0', 10000, part(0, 0)],
    ['bytes=-1', 10000, part(9999, 9999)],
    // what media elements and download managers send
    ['bytes=0-', 10000, part(0, 9999)],
    ['bytes=9999-', 10000, part(9999, 9999)],
    // a last-pos past the end is clamped (14.1.2), even absurdly far past
    ['bytes=100-20000', 10000, part(100, 9999)],
    ['bytes=0-99999999999999999999999', 10000, part(0, 9999)],
    // a suffix longer than the representation is all of it
    ['bytes=-20000', 10000, part(0, 9999)],
    ['bytes=-99999999999999999999999', 10000, part(0, 9999)],
    // whitespace and case are tolerated
    ['  Bytes = 10 - 20 ', 10000, part(10, 20)],
    ['BYTES=10-20', 10000, part(10, 20)],
    // unsatisfiable: first byte at or past the end, zero suffix, empty representation, last < first
    ['bytes=10000-', 10000, none],
    ['bytes=10000-10005', 10000, none],
    ['bytes=99999999999999999999999-', 10000, none],
    ['bytes=-0', 10000, none],
    ['bytes=0-', 0, none],
    ['bytes=-5', 0, none],
    ['bytes=20-10', 10000, none],
    // ignored (answered with the whole representation): absent, another unit, garbage, several ranges
    [null, 10000, full],
    [undefined, 10000, full],
    ['', 10000, full],
    ['items=0-5', 10000, full],
    ['bytes=', 10000, full],
    ['bytes=-', 10000, full],
    ['bytes=a-b', 10000, full],
    ['bytes=1.5-2', 10000, full],
    ['bytes=--5', 10000, full],
    ['bytes=0-1,5-9', 10000, full],
    ['bytes 0-5', 10000, full],
  ];
  it.each(vectors)('%j of %i bytes', (header, length, expected) => {
    expect(parseRange(header, length)).toEqual(expected);
  });

  // Found by the range fuzz target (tests/fuzz/targets/range.ts): offsets of 16 digits and zero-padded ones were
  // read as "past the end" although they lie inside a representation of 2^53 - 1 bytes.
  it('reads 16-digit and zero-padded offsets exactly up to 2^53 - 1', () => {
    const max = Number.MAX_SAFE_INTEGER;
    expect(parseRange('bytes=1000000000000000-', max)).toEqual(part(1e15, max - 1));
    expect(parseRange('bytes=000000000000000000005-9', 100)).toEqual(part(5, 9));
    expect(parseRange('bytes=-0000000000000000000010', 100)).toEqual(part(90, 99));
    expect(parseRange('bytes=9007199254740990-9007199254740993', max)).toEqual(part(max - 1, max - 1));
    expect(parseRange('bytes=9007199254740992-', max).kind).toBe('unsatisfiable');
    expect(parseRange(`bytes=0-${'9'.repeat(400)}`, 100)).toEqual(part(0, 99));
  });

  it('serves one range even with empty list elements around it (RFC 9110 5.6.1 list syntax)', () => {
    expect(parseRange('bytes=, 0-9 ,', 100)).toEqual(part(0, 9));
  });
});

describe('Content-Range values', () => {
  it('names the served bytes and the whole length of a 206', () => {
    expect(contentRange(0, 499, 10000)).toBe('bytes 0-499/10000');
  });

  it('names the length alone in a 416, so the client can retry', () => {
    expect(unsatisfiedRange(10000)).toBe('bytes */10000');
  });
});

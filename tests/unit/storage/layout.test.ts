import { describe, expect, it } from 'vitest';
import { isEngineError } from '../../../src/engine/errors.ts';
import {
  checkInfoHashHex,
  checkPieceIndex,
  checkPieceWrite,
  checkRead,
  pieceSize,
  zeroPadRanges,
} from '../../../src/storage/layout.ts';
import { makeLayout, multiFileLayout } from '../../contracts/contract-helpers.ts';

const layout = multiFileLayout('ab'.repeat(20)); // 4097 bytes, pieces of 1024, pad file at [1200, 2048)

function code(f: () => void): string | null {
  try {
    f();
    return null;
  } catch (e) {
    return isEngineError(e) ? e.code : 'not an EngineError';
  }
}

describe('pieceSize', () => {
  it('is the piece length for every piece but the last, which holds the remainder', () => {
    expect([0, 1, 2, 3, 4].map((i) => pieceSize(layout, i))).toEqual([1024, 1024, 1024, 1024, 1]);
  });

  it('is the full piece length when the torrent length is a multiple of it', () => {
    const even = makeLayout(100, [{ path: 'a', length: 300 }]);
    expect(pieceSize(even, 2)).toBe(100);
  });
});

describe('checkRead', () => {
  it.each([
    [0, 4097, null],
    [4097, 0, null],
    [0, 0, null],
    [4096, 1, null],
    [4096, 2, 'STORAGE_OUT_OF_RANGE'],
    [4098, 0, 'STORAGE_OUT_OF_RANGE'],
    [-1, 1, 'STORAGE_OUT_OF_RANGE'],
    [0, -1, 'STORAGE_OUT_OF_RANGE'],
    [0.5, 1, 'STORAGE_OUT_OF_RANGE'],
    [Number.NaN, 1, 'STORAGE_OUT_OF_RANGE'],
    [0, Number.POSITIVE_INFINITY, 'STORAGE_OUT_OF_RANGE'],
  ])('read(%s, %s) -> %s', (offset, length, want) => {
    expect(code(() => checkRead(layout, offset, length))).toBe(want);
  });
});

describe('checkPieceIndex and checkPieceWrite', () => {
  it.each([
    [0, 1024, null],
    [3, 1024, null],
    [4, 1, null],
    [4, 1024, 'STORAGE_OUT_OF_RANGE'],
    [0, 1023, 'STORAGE_OUT_OF_RANGE'],
    [0, 1025, 'STORAGE_OUT_OF_RANGE'],
    [5, 1, 'STORAGE_OUT_OF_RANGE'],
    [-1, 1024, 'STORAGE_OUT_OF_RANGE'],
    [1.5, 1024, 'STORAGE_OUT_OF_RANGE'],
  ])('writePiece(%s, %s bytes) -> %s', (index, length, want) => {
    expect(code(() => checkPieceWrite(layout, index, new Uint8Array(length)))).toBe(want);
  });

  it('reports the received and expected lengths of a wrong-sized piece', () => {
    try {
      checkPieceWrite(layout, 4, new Uint8Array(3));
      expect.unreachable();
    } catch (e) {
      expect(isEngineError(e) && e.details).toEqual({ piece: 4, received: 3, expected: 1 });
    }
  });

  it('rejects any index of a zero-length torrent', () => {
    expect(code(() => checkPieceIndex(makeLayout(16, [{ path: 'e', length: 0 }]), 0))).toBe('STORAGE_OUT_OF_RANGE');
  });
});

describe('zeroPadRanges', () => {
  it('zeroes exactly the pad bytes of a range that starts before the pad and ends after it', () => {
    const out = new Uint8Array(1000).fill(9); // torrent bytes [1100, 2100)
    zeroPadRanges(layout, out, 1100);
    expect(out.subarray(0, 100).every((b) => b === 9)).toBe(true);
    expect(out.subarray(100, 948).every((b) => b === 0)).toBe(true);
    expect(out.subarray(948).every((b) => b === 9)).toBe(true);
  });

  it('leaves a range without pad files alone', () => {
    const out = new Uint8Array(100).fill(9);
    zeroPadRanges(layout, out, 0);
    expect(out.every((b) => b === 9)).toBe(true);
  });
});

describe('checkInfoHashHex', () => {
  it.each([
    ['ab'.repeat(20), null],
    ['0f'.repeat(32), null],
    ['AB'.repeat(20), 'STORAGE_IO'],
    ['ab'.repeat(19), 'STORAGE_IO'],
    ['../'.repeat(10), 'STORAGE_IO'],
    ['ab'.repeat(20) + '/x', 'STORAGE_IO'],
    ['', 'STORAGE_IO'],
  ])('%s -> %s', (hex, want) => {
    expect(code(() => checkInfoHashHex(hex))).toBe(want);
  });
});

import { describe, expect, it } from 'vitest';
import { cellLevels, countSet, levelRuns, MAX_CELL, MIN_CELL, pieceMapLayout } from '../../../src/components/piece-map.ts';

/** A BEP 3 bitfield from a picture: '1' verified, '.' missing (piece 0 first). */
function bits(picture: string): Uint8Array {
  const out = new Uint8Array(Math.ceil(picture.length / 8));
  [...picture].forEach((c, i) => {
    if (c === '1') out[i >> 3]! |= 0x80 >> (i & 7);
  });
  return out;
}

describe('pieceMapLayout', () => {
  it('gives few pieces big cells, one piece each', () => {
    const l = pieceMapLayout(10, 400, 120);
    expect(l).toMatchObject({ cell: MAX_CELL, perCell: 1, cells: 10, cols: Math.floor(400 / MAX_CELL), rows: 1 });
  });

  it('shrinks cells until every piece fits the box', () => {
    const l = pieceMapLayout(2000, 400, 120);
    expect(l.perCell).toBe(1);
    expect(l.cols * Math.floor(120 / l.cell)).toBeGreaterThanOrEqual(2000);
    expect(l.rows * l.cell).toBeLessThanOrEqual(120);
  });

  it('merges pieces into the smallest cells for a 100k-piece torrent and stays inside the box', () => {
    const l = pieceMapLayout(100_000, 600, 160);
    expect(l.cell).toBe(MIN_CELL);
    expect(l.perCell).toBeGreaterThan(1);
    expect(l.cells * l.perCell).toBeGreaterThanOrEqual(100_000);
    expect((l.cells - 1) * l.perCell).toBeLessThan(100_000);
    expect(l.rows * l.cell).toBeLessThanOrEqual(160);
    expect(l.cols * l.cell).toBeLessThanOrEqual(600);
  });

  it('has no cells for a torrent without metadata', () => {
    expect(pieceMapLayout(0, 300, 100)).toMatchObject({ cells: 0, rows: 0 });
  });
});

describe('countSet', () => {
  it.each<[string, number, number, number]>([
    ['1.1.1.1.1.1', 0, 11, 6],
    ['11111111' + '11111111' + '1', 0, 17, 17],
    ['11111111' + '11111111' + '1', 3, 13, 10],
    ['........' + '1.......', 7, 9, 1],
    ['', 0, 0, 0],
  ])('%s [%d,%d) has %d', (pic, from, to, want) => {
    expect(countSet(bits(pic), from, to)).toBe(want);
  });
});

describe('cellLevels and levelRuns', () => {
  it('shades a cell by the share of its pieces that are verified', () => {
    const layout = { cols: 2, rows: 2, cell: 3, perCell: 4, cells: 3 };
    expect([...cellLevels(bits('1111' + '11..' + '.'), 9, layout)]).toEqual([255, 127, 0]);
  });

  it('joins equal neighbours of a row into one run, never across rows', () => {
    const runs = levelRuns(new Uint8Array([0, 0, 255, 255, 255, 0, 0]), 3);
    expect(runs).toEqual([
      { row: 0, col: 0, length: 2, level: 0 },
      { row: 0, col: 2, length: 1, level: 255 },
      { row: 1, col: 0, length: 2, level: 255 },
      { row: 1, col: 2, length: 1, level: 0 },
      { row: 2, col: 0, length: 1, level: 0 },
    ]);
  });

  it('maps 100k pieces onto the cells (no timing assertion: unit tests never time)', () => {
    const count = 100_000;
    const field = new Uint8Array(Math.ceil(count / 8)).fill(0xaa);
    const layout = pieceMapLayout(count, 600, 160);
    const levels = cellLevels(field, count, layout);
    const runs = levelRuns(levels, layout.cols);
    expect(levels.every((l) => l >= 120 && l <= 135)).toBe(true);
    expect(runs.length).toBeGreaterThan(0);
  });
});

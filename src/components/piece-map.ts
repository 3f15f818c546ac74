// Geometry of the piece map: how many pieces each canvas cell stands for, and each cell's share of verified pieces
// (BEP 3 bitfield order: piece 0 is the high bit of byte 0). Pure, and linear in the pieces, for 100k-piece torrents.

export interface PieceMapLayout {
  readonly cols: number;
  readonly rows: number;
  /** Cell edge in CSS pixels (square cells; the gap is drawn inside the cell when it is big enough). */
  readonly cell: number;
  /** Pieces each cell stands for (the last cell may hold fewer). */
  readonly perCell: number;
  /** Cells that hold at least one piece. */
  readonly cells: number;
}

/** Cells are never smaller than this, so each stays visible; beyond that, cells merge pieces. */
export const MIN_CELL = 3;
export const MAX_CELL = 14;

/**
 * Lays `pieceCount` pieces out in `width` x at most `maxHeight` pixels: the biggest cell (MIN_CELL..MAX_CELL) that
 * fits one piece per cell, else MIN_CELL cells with several pieces each.
 */
export function pieceMapLayout(pieceCount: number, width: number, maxHeight: number): PieceMapLayout {
  const w = Math.max(MIN_CELL, Math.floor(width));
  const h = Math.max(MIN_CELL, Math.floor(maxHeight));
  if (pieceCount <= 0) return { cols: Math.floor(w / MAX_CELL), rows: 0, cell: MAX_CELL, perCell: 1, cells: 0 };
  // The biggest square cell with room for every piece: area per piece, then step down until the grid fits.
  let cell = Math.min(MAX_CELL, Math.max(MIN_CELL, Math.floor(Math.sqrt((w * h) / pieceCount))));
  while (cell > MIN_CELL && Math.floor(w / cell) * Math.floor(h / cell) < pieceCount) cell--;
  const cols = Math.max(1, Math.floor(w / cell));
  const maxRows = Math.max(1, Math.floor(h / cell));
  const perCell = Math.max(1, Math.ceil(pieceCount / (cols * maxRows)));
  const cells = Math.ceil(pieceCount / perCell);
  return { cols, rows: Math.ceil(cells / cols), cell, perCell, cells };
}

/** Bits set per byte value, so counting a run of pieces reads bytes rather than single bits where it can. */
const POPCOUNT = (() => {
  const t = new Uint8Array(256);
  for (let i = 1; i < 256; i++) t[i] = (i & 1) + t[i >> 1]!;
  return t;
})();

/** Verified pieces in [from, to) of a BEP 3 bitfield. */
export function countSet(bits: Uint8Array, from: number, to: number): number {
  let n = 0;
  let i = from;
  // Leading bits up to a byte boundary, whole bytes, then trailing bits.
  while (i < to && (i & 7) !== 0) {
    n += (bits[i >> 3]! >> (7 - (i & 7))) & 1;
    i++;
  }
  while (i + 8 <= to) {
    n += POPCOUNT[bits[i >> 3]!]!;
    i += 8;
  }
  while (i < to) {
    n += (bits[i >> 3]! >> (7 - (i & 7))) & 1;
    i++;
  }
  return n;
}

/** For each cell, the share of its pieces that are verified, in 0..255 (0 none, 255 all). */
export function cellLevels(bits: Uint8Array, pieceCount: number, layout: PieceMapLayout): Uint8Array {
  const out = new Uint8Array(layout.cells);
  for (let c = 0; c < layout.cells; c++) {
    const from = c * layout.perCell;
    const to = Math.min(pieceCount, from + layout.perCell);
    const have = countSet(bits, from, to);
    out[c] = have === to - from ? 255 : Math.floor((have * 255) / (to - from));
  }
  return out;
}

/** Runs of equal level along each row, so drawing is one fillRect per run instead of per cell. */
export function levelRuns(levels: Uint8Array, cols: number): { row: number; col: number; length: number; level: number }[] {
  const runs: { row: number; col: number; length: number; level: number }[] = [];
  for (let start = 0; start < levels.length; ) {
    const row = Math.floor(start / cols);
    const rowEnd = Math.min(levels.length, (row + 1) * cols);
    const level = levels[start]!;
    let end = start + 1;
    while (end < rowEnd && levels[end] === level) end++;
    runs.push({ row, col: start - row * cols, length: end - start, level });
    start = end;
  }
  return runs;
}

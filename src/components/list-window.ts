// Which rows of a long list to put in the DOM: the ones in view plus some overscan, and the empty space above and
// below them so the scrollbar still spans the whole list. Pure (heights in, indices and pixels out) so the policy is
// tested without a browser; rv-torrent-list-window.ts feeds it the measured heights and the viewport.

/** Lists up to this long are rendered whole: small lists keep every row in the DOM (find-in-page, full screenshots). */
export const WINDOW_FROM = 80;
/** Rows kept beyond each edge of the view, so a fast wheel or a key never shows a blank. */
export const OVERSCAN = 8;
/** Window edges move in steps of this many rows: fewer re-renders while scrolling. */
export const STEP = 8;

export interface WindowInput {
  readonly count: number;
  /** The height of row i, measured or estimated (px, including its border or the gap after it). */
  heightOf(i: number): number;
  /** The part of the rows' box in view, px from the top of the first row (may be negative or past the end). */
  readonly viewTop: number;
  readonly viewBottom: number;
  readonly overscan?: number;
  readonly step?: number;
}

export interface RowWindow {
  /** First row rendered. */
  readonly start: number;
  /** One past the last row rendered. */
  readonly end: number;
  /** Space standing in for the rows above `start` and below `end` (px). */
  readonly padTop: number;
  readonly padBottom: number;
  /** Height of all rows (px). */
  readonly total: number;
}

/** Offsets of each row's top, and the total at the end: offsets[i] for i in 0..count. */
export function rowOffsets(count: number, heightOf: (i: number) => number): Float64Array {
  const offsets = new Float64Array(count + 1);
  for (let i = 0; i < count; i++) offsets[i + 1] = offsets[i]! + heightOf(i);
  return offsets;
}

/** The last index i with offsets[i] <= y (0 when y is above the list). */
function rowAt(offsets: Float64Array, count: number, y: number): number {
  let lo = 0;
  let hi = count;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (offsets[mid]! <= y) lo = mid;
    else hi = mid - 1;
  }
  return Math.min(lo, Math.max(0, count - 1));
}

export function rowWindow(input: WindowInput): RowWindow {
  const { count } = input;
  const offsets = rowOffsets(count, input.heightOf);
  const total = offsets[count]!;
  if (count === 0) return { start: 0, end: 0, padTop: 0, padBottom: 0, total };
  const overscan = input.overscan ?? OVERSCAN;
  const step = Math.max(1, input.step ?? STEP);
  const top = Math.max(0, Math.min(input.viewTop, total));
  const bottom = Math.max(top, Math.min(input.viewBottom, total));
  const first = rowAt(offsets, count, top);
  const last = rowAt(offsets, count, Math.max(top, bottom - 0.5));
  const start = Math.max(0, Math.floor((first - overscan) / step) * step);
  const end = Math.min(count, Math.ceil((last + 1 + overscan) / step) * step);
  return { start, end, padTop: offsets[start]!, padBottom: total - offsets[end]!, total };
}

/** Scroll needed to bring [top, bottom) into [viewTop, viewBottom) with the least movement (0 when it is in view). */
export function scrollDelta(top: number, bottom: number, viewTop: number, viewBottom: number): number {
  if (top < viewTop) return top - viewTop;
  if (bottom > viewBottom) return Math.min(bottom - viewBottom, top - viewTop);
  return 0;
}

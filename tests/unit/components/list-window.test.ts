import { describe, expect, it } from 'vitest';
import { rowOffsets, rowWindow, scrollDelta } from '../../../src/components/list-window.ts';

const fixed = (h: number) => () => h;

describe('rowWindow', () => {
  it('renders the rows in view plus overscan, in steps, with padding for the rest', () => {
    // 1,000 rows of 50 px, 500 px in view starting at row 100.
    const w = rowWindow({ count: 1000, heightOf: fixed(50), viewTop: 5000, viewBottom: 5500, overscan: 8, step: 8 });
    expect(w.start).toBeLessThanOrEqual(100 - 8);
    expect(w.end).toBeGreaterThanOrEqual(110 + 8);
    expect(w.end - w.start).toBeLessThanOrEqual(10 + 2 * 8 + 2 * 8);
    expect(w.start % 8).toBe(0);
    expect(w.padTop).toBe(w.start * 50);
    expect(w.padBottom).toBe((1000 - w.end) * 50);
    expect(w.total).toBe(50_000);
  });

  it('clamps at both ends of the list', () => {
    const top = rowWindow({ count: 1000, heightOf: fixed(50), viewTop: -300, viewBottom: 400 });
    expect(top.start).toBe(0);
    expect(top.padTop).toBe(0);
    const end = rowWindow({ count: 1000, heightOf: fixed(50), viewTop: 49_800, viewBottom: 60_000 });
    expect(end.end).toBe(1000);
    expect(end.padBottom).toBe(0);
    const past = rowWindow({ count: 10, heightOf: fixed(50), viewTop: 9000, viewBottom: 9500, overscan: 2, step: 1 });
    expect(past.end).toBe(10);
    expect(past.start).toBeGreaterThanOrEqual(7);
  });

  it('follows rows of different heights', () => {
    const heightOf = (i: number) => (i % 2 === 0 ? 40 : 80); // pairs of 120 px
    const w = rowWindow({ count: 200, heightOf, viewTop: 1200, viewBottom: 1320, overscan: 0, step: 1 });
    expect(w.start).toBe(20); // row 20 starts at 10 pairs = 1200 px
    expect(w.end).toBe(22);
    expect(w.padTop).toBe(1200);
    expect(w.padTop + w.padBottom + 120).toBe(w.total);
  });

  it('handles an empty list', () => {
    expect(rowWindow({ count: 0, heightOf: fixed(50), viewTop: 0, viewBottom: 800 })).toEqual({ start: 0, end: 0, padTop: 0, padBottom: 0, total: 0 });
  });
});

describe('rowOffsets and scrollDelta', () => {
  it('sums heights into offsets', () => {
    expect([...rowOffsets(3, (i) => i + 1)]).toEqual([0, 1, 3, 6]);
  });

  it('scrolls the least that brings a row into view', () => {
    expect(scrollDelta(100, 150, 0, 500)).toBe(0);
    expect(scrollDelta(-40, 10, 0, 500)).toBe(-40);
    expect(scrollDelta(480, 530, 0, 500)).toBe(30);
    // Taller than the view: its top comes first.
    expect(scrollDelta(600, 1400, 0, 500)).toBe(600);
  });
});

import { describe, expect, it } from 'vitest';
import { clickRow, selectAll, selectedInOrder, stepRow } from '../../../src/components/row-selection.ts';

const order = ['a', 'b', 'c', 'd', 'e'];
const none = { selection: new Set<string>(), anchor: null };
const ids = (s: { selection: ReadonlySet<string> }) => [...s.selection].sort();

describe('row selection', () => {
  it('a click selects one row and sets the anchor', () => {
    const s = clickRow({ selection: new Set(['a', 'b']), anchor: 'a' }, order, 'c', {});
    expect(ids(s)).toEqual(['c']);
    expect(s.anchor).toBe('c');
  });

  it('Ctrl-click toggles one row and keeps the rest', () => {
    let s = clickRow(none, order, 'b', {});
    s = clickRow(s, order, 'd', { toggle: true });
    expect(ids(s)).toEqual(['b', 'd']);
    s = clickRow(s, order, 'b', { toggle: true });
    expect(ids(s)).toEqual(['d']);
  });

  it('Shift-click selects the range from the anchor, either way; Ctrl+Shift adds it', () => {
    let s = clickRow(none, order, 'b', {});
    s = clickRow(s, order, 'd', { range: true });
    expect(ids(s)).toEqual(['b', 'c', 'd']);
    s = clickRow(s, order, 'a', { range: true });
    expect(ids(s)).toEqual(['a', 'b']);
    s = clickRow({ selection: new Set(['e']), anchor: 'b' }, order, 'c', { range: true, toggle: true });
    expect(ids(s)).toEqual(['b', 'c', 'e']);
  });

  it('Shift-click without an anchor selects just that row', () => {
    expect(ids(clickRow(none, order, 'c', { range: true }))).toEqual(['c']);
  });

  it('selects all, steps with clamping, and lists the selection in display order', () => {
    expect(ids(selectAll(order, none))).toEqual(order);
    expect(stepRow(order, 'b', 1)).toBe('c');
    expect(stepRow(order, 'e', 1)).toBe('e');
    expect(stepRow(order, 'a', -10)).toBe('a');
    expect(stepRow(order, null, 1)).toBe('a');
    expect(stepRow(order, null, -1)).toBe('e');
    expect(stepRow([], 'a', 1)).toBeNull();
    expect(selectedInOrder(order, new Set(['d', 'a']))).toEqual(['a', 'd']);
  });
});

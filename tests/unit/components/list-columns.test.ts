import { describe, expect, it } from 'vitest';
import {
  ACTIONS_WIDTH,
  COLUMN_IDS,
  DEFAULT_COLUMNS,
  fitColumns,
  gridTemplate,
  moveColumn,
  NAME_MIN,
  parseColumnPrefs,
  serializeColumnPrefs,
  setHidden,
  setWidth,
  shiftColumn,
} from '../../../src/components/list-columns.ts';

describe('column preferences', () => {
  it('round-trips order, hidden columns and widths', () => {
    let p = setWidth(setHidden(moveColumn(DEFAULT_COLUMNS, 'added', 'size'), 'added', false), 'added', 200);
    p = setHidden(p, 'eta', true);
    expect(parseColumnPrefs(serializeColumnPrefs(p))).toEqual(p);
    expect(p.order.slice(0, 3)).toEqual(['name', 'added', 'size']);
  });

  it.each([null, '', '{', '[]', '{"order":"x","hidden":5,"widths":null}'])('repairs %j to every column once, Name first', (json) => {
    const p = parseColumnPrefs(json);
    expect([...p.order].sort()).toEqual([...COLUMN_IDS].sort());
    expect(p.order[0]).toBe('name');
  });

  it('drops unknown ids, adds missing ones, keeps Name first and shown, clamps widths', () => {
    const p = parseColumnPrefs(JSON.stringify({ order: ['up', 'evil', 'name', 'up'], hidden: ['name', 'down'], widths: { up: 9999, size: 1, name: 50 } }));
    expect(p.order.slice(0, 2)).toEqual(['name', 'up']);
    expect(p.order).toHaveLength(COLUMN_IDS.length);
    expect(p.hidden).toEqual(['down']);
    expect(p.widths).toEqual({ up: 480, size: 48 });
  });

  it('moves and shifts columns but never Name', () => {
    expect(moveColumn(DEFAULT_COLUMNS, 'name', 'size')).toBe(DEFAULT_COLUMNS);
    expect(moveColumn(DEFAULT_COLUMNS, 'peers', null).order.at(-1)).toBe('peers');
    expect(shiftColumn(DEFAULT_COLUMNS, 'size', -1)).toBe(DEFAULT_COLUMNS); // would pass Name
    expect(shiftColumn(DEFAULT_COLUMNS, 'progress', -1).order.slice(0, 3)).toEqual(['name', 'progress', 'size']);
  });
});

describe('fitting columns to the width', () => {
  const shown = COLUMN_IDS.filter((c) => !DEFAULT_COLUMNS.hidden.includes(c));

  it('shows every chosen column when there is room, in the chosen order', () => {
    expect(fitColumns(DEFAULT_COLUMNS, 1400)).toEqual(shown);
  });

  it('drops the least important first and always keeps name, progress and state', () => {
    const narrow = fitColumns(DEFAULT_COLUMNS, 700);
    expect(narrow).toEqual(expect.arrayContaining(['name', 'progress', 'state']));
    expect(narrow).not.toContain('peers');
    expect(fitColumns(DEFAULT_COLUMNS, 10)).toEqual(['name']);
  });

  it('what it keeps fits: name gets at least its minimum', () => {
    for (const w of [600, 800, 1000, 1200, 1700]) {
      const cols = fitColumns(DEFAULT_COLUMNS, w);
      const fixed = gridTemplate(DEFAULT_COLUMNS, cols).split(' ').filter((p) => p.endsWith('px') && !p.startsWith('minmax'));
      const sum = fixed.reduce((n, p) => n + parseInt(p, 10), 0) + NAME_MIN + 8 * cols.length + 24;
      if (cols.length > 2) expect(sum).toBeLessThanOrEqual(w);
      expect(fixed.at(-1)).toBe(`${ACTIONS_WIDTH}px`);
    }
  });
});

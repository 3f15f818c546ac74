import { describe, expect, it } from 'vitest';
import { initiallySelected, selectedBytes, selectionPriorities, type SelectableFile } from '../../../src/components/selection.ts';

// File 1 is a pad file (not listed), so indexes have a gap.
const FILES: SelectableFile[] = [
  { index: 0, name: 'a', length: 10 },
  { index: 2, name: 'b', length: 20 },
  { index: 3, name: 'c', length: 30 },
];

describe('selection', () => {
  it('ticks every file at first, or the ones the engine already wants', () => {
    expect([...initiallySelected(FILES)]).toEqual([0, 2, 3]);
    expect([...initiallySelected([{ ...FILES[0]!, priority: 0 }, { ...FILES[1]!, priority: 7 }])]).toEqual([2]);
  });

  it('turns ticks into priorities indexed by file, unticked files skipped and gaps normal', () => {
    expect(selectionPriorities(FILES, new Set([0, 3]))).toEqual([4, 4, 0, 4]);
    expect(selectionPriorities(FILES, new Set())).toEqual([0, 4, 0, 0]);
  });

  it('keeps a high priority the engine already had for a ticked file', () => {
    expect(selectionPriorities([{ index: 0, name: 'a', length: 1, priority: 7 }], new Set([0]))).toEqual([7]);
  });

  it('sums the ticked bytes', () => {
    expect(selectedBytes(FILES, new Set([2, 3]))).toBe(50);
  });
});

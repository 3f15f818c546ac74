import { describe, expect, it } from 'vitest';
import { distributedCopies } from '../../../../src/engine/picker/distributed-copies.ts';

const of = (counts: readonly number[]) => distributedCopies(counts.length, (i) => counts[i]!);

describe('distributedCopies', () => {
  it.each([
    [[0, 0, 0, 0], 0],
    [[1, 1, 1, 1], 1],
    [[2, 3, 2, 2], 2.25],
    [[0, 1, 1, 1], 0.75],
    [[3, 1, 2, 1], 1.5],
    [[5], 5],
  ] as const)('%j → %d', (counts, copies) => {
    expect(of(counts)).toBe(copies);
  });

  it('is 0 without pieces', () => {
    expect(distributedCopies(0, () => 9)).toBe(0);
  });
});

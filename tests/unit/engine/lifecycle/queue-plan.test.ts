import { describe, expect, it } from 'vitest';
import { moveInQueue, planQueue, type QueueCandidate } from '../../../../src/engine/lifecycle/queue-plan.ts';
import { DEFAULT_LIMITS, type QueueLimits } from '../../../../src/engine/lifecycle/states.ts';

/** "a" a download, "A" a seed, "a~" exempt (slow, or waiting for a file choice), "A_" a seed at low priority. In queue order. */
function candidates(picture: string): QueueCandidate[] {
  return picture.split(' ').map((p) => ({
    id: p[0]!.toLowerCase(),
    seed: p[0] !== p[0]!.toLowerCase(),
    exempt: p[1] === '~',
    lowPriority: p[1] === '_',
  }));
}

const limits = (dl: number, seeds = 0, total = 0): QueueLimits => ({ ...DEFAULT_LIMITS, maxActiveDownloads: dl, maxActiveSeeds: seeds, maxActiveTorrents: total });
const run = (picture: string, l: QueueLimits) => [...planQueue(candidates(picture), l)].sort().join('');

describe('planQueue', () => {
  it.each<[string, QueueLimits, string]>([
    ['a b c', limits(0), 'abc'], // no limit
    ['a b c', limits(2), 'ab'], // the first in queue order run
    ['c b a', limits(1), 'c'], // order is the queue's, not the names'
    ['a B C', limits(1, 1), 'ab'], // downloads and seeds have their own limits
    ['A b c', limits(1, 0, 2), 'ab'], // downloads take total slots first, then seeds
    ['A B c', limits(0, 0, 1), 'c'],
    ['a~ b c', limits(1), 'ab'], // a slow download runs and holds no slot: b runs, c waits
    ['a~ b~ c d', limits(1), 'abc'],
    ['A_ B', limits(0, 1), 'b'], // a seed past its goal goes behind the others
  ])('%s under %j runs %s', (picture, l, expected) => {
    expect(run(picture, l)).toBe(expected);
  });
});

describe('moveInQueue', () => {
  const order = ['a', 'b', 'c', 'd', 'e'];
  const all = new Set(order);
  it.each<[string[], 'up' | 'down' | 'top' | 'bottom', string]>([
    [['c'], 'up', 'acbde'],
    [['a'], 'up', 'abcde'], // the top stays put
    [['c'], 'down', 'abdce'],
    [['e'], 'down', 'abcde'],
    [['d'], 'top', 'dabce'],
    [['b'], 'bottom', 'acdeb'],
    [['b', 'd'], 'up', 'badce'], // each moves one place, inner order kept
    [['a', 'b'], 'up', 'abcde'], // a block at the top stays
    [['b', 'd'], 'top', 'bdace'],
    [['b', 'd'], 'bottom', 'acebd'],
  ])('%j %s gives %s', (selected, to, expected) => {
    expect(moveInQueue(order, all, new Set(selected), to).join('')).toBe(expected);
  });

  it('moves among the positioned torrents only; the others keep their slots', () => {
    // b and d are seeds (no position): c moving up passes over b to swap with a.
    expect(moveInQueue(order, new Set(['a', 'c', 'e']), new Set(['c']), 'up').join('')).toBe('cbade');
    expect(moveInQueue(order, new Set(['a', 'c', 'e']), new Set(['a']), 'bottom').join('')).toBe('cbeda');
  });
});

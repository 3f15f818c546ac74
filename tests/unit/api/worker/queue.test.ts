import { describe, expect, it } from 'vitest';
import { planQueue, type QueueEntry } from '../../../../src/api/worker/queue.ts';

/**
 * "a+" wants and runs, "a?" wants and is queued, "a-" wants nothing (seeding, paused by the user), "a!" wants and was
 * started ahead of the queue (Play pressed).
 */
function entries(picture: string): QueueEntry[] {
  return picture
    .split(' ')
    .map((p, i) => ({ infoHashHex: p[0]!, addedAt: i, wants: p[1] !== '-', queued: p[1] === '?', forced: p[1] === '!' }));
}

describe('planQueue', () => {
  it.each<[string, number, string[], string[]]>([
    // picture (in order of adding), limit, start, queue
    ['a+ b+ c+', 0, [], []], // no limit
    ['a+ b+ c+', 2, [], ['c']],
    ['a+ b+ c+', 1, [], ['b', 'c']],
    ['a? b? c?', 2, ['a', 'b'], []],
    ['a- b+ c? d?', 2, ['c'], []], // a seeds: it takes no slot
    ['a+ b? c+', 2, ['b'], ['c']], // an older queued download goes before a newer running one
    ['a? b+', 0, ['a'], []], // the limit was lifted
    ['a? b-', 1, ['a'], []],
    ['a! b+ c+', 1, [], ['c']], // a forced download takes no slot and is never queued
    ['a+ b! c?', 1, [], []],
  ])('%s with limit %d starts %j and queues %j', (picture, limit, start, queue) => {
    expect(planQueue(entries(picture), limit)).toEqual({ start, queue });
  });

  it('releases a queued torrent that no longer wants anything', () => {
    expect(planQueue([{ infoHashHex: 'a', addedAt: 0, wants: false, queued: true }], 1)).toEqual({ start: ['a'], queue: [] });
  });

  it('breaks ties in adding time by info hash, so the plan is stable', () => {
    const same = [
      { infoHashHex: 'b', addedAt: 5, wants: true, queued: false },
      { infoHashHex: 'a', addedAt: 5, wants: true, queued: false },
    ];
    expect(planQueue(same, 1)).toEqual({ start: [], queue: ['b'] });
  });
});

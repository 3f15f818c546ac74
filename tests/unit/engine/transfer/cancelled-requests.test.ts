// CancelledRequests: which arriving blocks answer requests we cancelled, and when a cancel is known to be settled.

import { describe, expect, it } from 'vitest';
import { CancelledRequests } from '../../../../src/engine/transfer/cancelled-requests.ts';
import { MAX_PIPELINE } from '../../../../src/engine/transfer/pipeline.ts';

describe('CancelledRequests', () => {
  it('takes one late answer per cancelled request, and no more', () => {
    const c = new CancelledRequests();
    c.add(7, 100);
    c.add(7, 110); // cancelled again after a re-request: two answers may still come
    expect(c.take(7)).toBe(true);
    expect(c.take(7)).toBe(true);
    expect(c.take(7)).toBe(false);
    expect(c.take(8)).toBe(false);
    expect(c.size).toBe(0);
  });

  it('forgets cancels sent before a request whose answer arrived (peers answer in order), and no later ones', () => {
    const c = new CancelledRequests();
    c.add(1, 100);
    c.add(2, 100);
    c.add(3, 105);
    c.add(4, 110);
    c.settle(105); // a request sent at 105 was answered: cancels at 100 reached the peer before it
    expect(c.take(1)).toBe(false);
    expect(c.take(2)).toBe(false);
    expect(c.take(3)).toBe(true); // same millisecond: maybe sent after the request, kept
    expect(c.take(4)).toBe(true);
  });

  it('keeps a re-cancelled key by its newest cancel time', () => {
    const c = new CancelledRequests();
    c.add(1, 100);
    c.add(2, 101);
    c.add(1, 120);
    c.settle(110);
    expect(c.take(2)).toBe(false);
    expect(c.take(1)).toBe(true);
  });

  it('stays bounded when nothing settles it', () => {
    const c = new CancelledRequests();
    for (let k = 0; k < 10 * MAX_PIPELINE; k++) c.add(k, k);
    expect(c.size).toBe(4 * MAX_PIPELINE);
    expect(c.take(0)).toBe(false); // the oldest went first
    expect(c.take(10 * MAX_PIPELINE - 1)).toBe(true);
  });
});

import { describe, expect, it } from 'vitest';
import { RequestBook } from '../../../../src/engine/transfer/request-book.ts';

describe('RequestBook', () => {
  it('an answer to an outstanding request settles it', () => {
    const b = new RequestBook();
    b.sent(1, 10);
    b.sent(2, 11);
    expect(b.answer(1, true)).toBe('requested');
    expect([...b.outstanding.keys()]).toEqual([2]);
  });

  it('a block at an unaligned offset or never asked for is unrequested, and counted', () => {
    const b = new RequestBook();
    b.sent(1, 10);
    expect(b.answer(1, false)).toBe('unrequested');
    expect(b.answer(3, true)).toBe('unrequested');
    expect(b.addUnrequested(100)).toBe(100);
    expect(b.addUnrequested(50)).toBe(150);
    expect(b.unrequestedBytes).toBe(150);
  });

  it('a cancelled request answered late is not flooding; asked again since, the newer request is flagged', () => {
    const b = new RequestBook();
    b.sent(1, 10);
    expect(b.cancel(1, 20)).toBe(true);
    expect(b.cancel(1, 21)).toBe(false); // not outstanding any more: no second cancel on the wire
    expect(b.answer(1, true)).toBe('late');
    b.sent(2, 30);
    b.cancel(2, 31);
    b.sent(2, 32);
    expect(b.answer(2, true)).toBe('late-reasked');
    expect(b.outstanding.has(2)).toBe(true);
  });

  it('an answer to a later request forgets cancels made before that request was sent', () => {
    const b = new RequestBook();
    b.sent(1, 10);
    b.cancel(1, 20);
    b.sent(2, 30);
    expect(b.answer(2, true)).toBe('requested');
    // The peer answers in order: had it sent block 1, it would have come before block 2.
    expect(b.answer(1, true)).toBe('unrequested');
  });

  it('dropAll forgets every outstanding request and returns them', () => {
    const b = new RequestBook();
    b.sent(1, 10);
    b.sent(2, 10);
    expect(b.dropAll()).toEqual([1, 2]);
    expect(b.outstanding.size).toBe(0);
  });

  it('strikes add up', () => {
    const b = new RequestBook();
    expect(b.strike(1)).toBe(1);
    expect(b.strike(3)).toBe(4);
    expect(b.strikes).toBe(4);
  });
});

// After a seek the piece a player waits on is asked of every peer that has it (setUrgent's shareFirst), end-game
// style: whichever peer has the shortest queue serves it. Only that piece, at most two peers per block.

import { describe, expect, it } from 'vitest';
import { peer, picks, receive, setupPicker, states } from './picture.ts';

describe('PiecePicker: the first urgent piece shared after a seek', () => {
  it('asks a second peer for the blocks of the first urgent piece already asked of another', () => {
    const { picker } = setupPicker({ avail: '2222' });
    picker.setUrgent([2, 3] as never[], true);
    const a = peer('1111');
    const b = peer('1111');
    expect(picks(picker, a, 2)).toEqual(['2.0', '2.1']);
    // b gets the same two blocks first, then goes on down the urgent list.
    expect(picks(picker, b, 3)).toEqual(['2.0', '2.1', '3.0']);
    // A third peer is not asked: two per block at most.
    const third = picks(picker, peer('1111'), 2);
    expect(third[0]).toBe('3.1');
    expect(third[1]).not.toMatch(/^2\./);
  });

  it('shares nothing without a seek, nor pieces after the first', () => {
    const { picker } = setupPicker({ avail: '2222' });
    picker.setUrgent([2, 3] as never[]);
    expect(picks(picker, peer('1111'), 2)).toEqual(['2.0', '2.1']);
    expect(picks(picker, peer('1111'), 2)).toEqual(['3.0', '3.1']);
    const shared = setupPicker({ avail: '2222' }).picker;
    shared.setUrgent([2, 3] as never[], true);
    expect(picks(shared, peer('1111'), 4)).toEqual(['2.0', '2.1', '3.0', '3.1']);
    expect(picks(shared, peer('1111'), 2)).toEqual(['2.0', '2.1']);
  });

  it('never asks one peer twice for a block, even in the pick that first asks for it', () => {
    const { picker } = setupPicker({ avail: '22' });
    picker.setUrgent([1] as never[], true);
    const a = peer('11');
    expect(picks(picker, a, 10)).toEqual(['1.0', '1.1', '0.0', '0.1']);
    expect(picks(picker, a, 10)).toEqual([]);
  });

  it('takes the first copy of a block to arrive; the second is a duplicate', () => {
    const { picker } = setupPicker({ avail: '22' });
    picker.setUrgent([0] as never[], true);
    const a = peer('11');
    const b = peer('11');
    picks(picker, a, 2);
    picks(picker, b, 2);
    expect(receive(picker, b, '0.0')).toBe('accepted');
    expect(receive(picker, b, '0.1')).toBe('piece-complete');
    expect(receive(picker, a, '0.0')).toBe('duplicate');
    expect(states(picker, 2)).toBe('VQ');
  });

  it('shares nothing when the first piece asked is here already (it is not waited on)', () => {
    const { picker } = setupPicker({ have: '100', avail: '022' });
    picker.setUrgent([0, 1] as never[], true);
    expect(picks(picker, peer('111'), 2)).toEqual(['1.0', '1.1']);
    expect(picks(picker, peer('111'), 2)).toEqual(['2.0', '2.1']);
  });
});

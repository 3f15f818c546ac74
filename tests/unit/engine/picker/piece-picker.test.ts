// PiecePicker as a specification: pictures of pieces (have / availability / priority) in, block requests out.
// Every picker call in these tests is followed by checkInvariants() (see picture.ts).

import { describe, expect, it } from 'vitest';
import { BLOCK_SIZE } from '../../../../src/engine/metainfo/geometry.ts';
import {
  SEEDS,
  availability,
  drop,
  dropAll,
  peer,
  pick,
  picks,
  prng,
  receive,
  receiveAll,
  seedPeer,
  setupPicker,
  states,
} from './picture.ts';

describe('PiecePicker: the starting picture', () => {
  it('marks pieces we have as Have, priority-0 pieces as NotNeeded and the rest as Queued', () => {
    const { picker } = setupPicker({ have: '1100', prio: '4404' });
    expect(states(picker, 4)).toBe('HHNQ');
    expect(picker.remaining).toBe(1);
    expect([0, 1, 2, 3].map((i) => picker.isWanted(i))).toEqual([false, false, false, true]);
  });

  it('counts a piece we have as Have even when its priority is 0', () => {
    const { picker } = setupPicker({ have: '10', prio: '00' });
    expect(states(picker, 2)).toBe('HN');
    expect(picker.remaining).toBe(0);
  });

  it('reads missing priorities as normal (4)', () => {
    const { picker } = setupPicker({ avail: '111' });
    expect(states(picker, 3)).toBe('QQQ');
    expect(picker.remaining).toBe(3);
  });
});

describe('PiecePicker: which piece first', () => {
  it.each(SEEDS)('picks the rarest piece the peer has, whatever the random order (seed %i)', (seed) => {
    const { picker } = setupPicker({ avail: '3142', random: prng(seed) });
    expect(picks(picker, peer('1111'), 2)).toEqual(['1.0', '1.1']);
  });

  it.each(SEEDS)('takes new pieces in rising availability (seed %i)', (seed) => {
    const { picker } = setupPicker({ avail: '3142', random: prng(seed) });
    expect(picks(picker, peer('1111'), 8)).toEqual(['1.0', '1.1', '3.0', '3.1', '0.0', '0.1', '2.0', '2.1']);
  });

  it('breaks rarity ties by a random order, so pickers seeded differently start on different pieces', () => {
    const first = new Set(SEEDS.map((seed) => picks(setupPicker({ avail: '11111111', random: prng(seed) }).picker, peer('11111111'), 1)[0]));
    expect(first.size).toBeGreaterThan(2);
  });

  it.each(SEEDS)('prefers a higher priority over rarity (seed %i)', (seed) => {
    const { picker } = setupPicker({ avail: '1311', prio: '4744', random: prng(seed) });
    expect(picks(picker, peer('1111'), 2)).toEqual(['1.0', '1.1']);
  });

  it.each(SEEDS)('treats a priority above 7 as 7, still ahead of lower priorities (seed %i)', (seed) => {
    // A 9 used to be missing from the per-priority counts, so a rare priority-1 piece could win by the early exit.
    const { picker } = setupPicker({ avail: '12', prio: '19', random: prng(seed) });
    expect(picks(picker, peer('11'), 2)).toEqual(['1.0', '1.1']);
  });

  it('never picks a priority-0 piece', () => {
    const { picker } = setupPicker({ avail: '1111', prio: '0404' });
    expect(picks(picker, peer('1111')).sort()).toEqual(['1.0', '1.1', '3.0', '3.1']);
  });

  it('only picks pieces the peer has', () => {
    const { picker } = setupPicker({ avail: '1111' });
    expect(picks(picker, peer('0010'))).toEqual(['2.0', '2.1']);
    expect(picks(picker, peer('0010'))).toEqual([]);
  });

  it('picks nothing from a peer that has only pieces we have', () => {
    const { picker } = setupPicker({ have: '1100', avail: '1111' });
    expect(picks(picker, peer('1100'))).toEqual([]);
  });

  it('asks a seed for any wanted piece (has = null)', () => {
    const { picker } = setupPicker({ have: '101', seeds: 1 });
    expect(picks(picker, seedPeer())).toEqual(['1.0', '1.1']);
  });

  it('gives a peer every free block of a piece before starting the next, and never more than asked', () => {
    const { picker } = setupPicker({ avail: '1234' });
    expect(picks(picker, peer('1111'), 3)).toEqual(['0.0', '0.1', '1.0']);
    expect(states(picker, 4)).toBe('IIQQ');
  });

  it.each(SEEDS)('finishes a started piece before starting a rarer one (seed %i)', (seed) => {
    const { picker } = setupPicker({ avail: '2333', blocks: 4, random: prng(seed) });
    expect(picks(picker, peer('1111'), 2)).toEqual(['0.0', '0.1']);
    // Piece 0 becomes the most common; piece 3 the rarest.
    for (let k = 0; k < 3; k++) picker.peerHas(0);
    picker.peerLost(3);
    picker.peerLost(3);
    expect(picks(picker, peer('1111'), 3)).toEqual(['0.2', '0.3', '3.0']);
  });

  it('sizes the blocks of a short last piece', () => {
    const { picker } = setupPicker({ avail: '11', lastPieceBytes: BLOCK_SIZE + 100 });
    const got = pick(picker, peer('11')).map((r) => [r.index, r.begin, r.length]);
    expect(got.sort((a, b) => a[0]! - b[0]! || a[1]! - b[1]!)).toEqual([
      [0, 0, BLOCK_SIZE],
      [0, BLOCK_SIZE, BLOCK_SIZE],
      [1, 0, BLOCK_SIZE],
      [1, BLOCK_SIZE, 100],
    ]);
  });

  it('gives a last piece shorter than one block a single block', () => {
    const { picker } = setupPicker({ have: '10', avail: '11', lastPieceBytes: 1 });
    expect(pick(picker, peer('11')).map((r) => [r.index, r.begin, r.length])).toEqual([[1, 0, 1]]);
  });

  it('keys each block uniquely by piece and block', () => {
    const { picker } = setupPicker({ avail: '111', blocks: 3 });
    const keys = pick(picker, peer('111')).map((r) => r.key);
    expect(new Set(keys).size).toBe(9);
    expect(picker.blockKey(2, 2 * BLOCK_SIZE)).toBe(8);
  });
});

describe('PiecePicker: urgent (streaming) pieces', () => {
  it('fetches urgent pieces first, in the order given, ahead of rarer pieces', () => {
    const { picker } = setupPicker({ avail: '1222' });
    picker.setUrgent([3, 1] as never[]);
    expect(picks(picker, peer('1111'), 6)).toEqual(['3.0', '3.1', '1.0', '1.1', '0.0', '0.1']);
  });

  it('puts urgent pieces ahead of pieces already started', () => {
    const { picker } = setupPicker({ avail: '1222' });
    expect(picks(picker, peer('1111'), 1)).toEqual(['0.0']);
    picker.setUrgent([2] as never[]);
    expect(picks(picker, peer('1111'), 3)).toEqual(['2.0', '2.1', '0.1']);
  });

  it('skips urgent pieces the peer does not have', () => {
    const { picker } = setupPicker({ avail: '1111' });
    picker.setUrgent([0, 1] as never[]);
    expect(picks(picker, peer('0110'), 2)).toEqual(['1.0', '1.1']);
  });

  it('leaves pieces we have or skip out of the urgent list', () => {
    const { picker } = setupPicker({ have: '1000', avail: '0111', prio: '4404' });
    picker.setUrgent([0, 2, 3] as never[]);
    expect(picks(picker, seedPeer(), 2)).toEqual(['3.0', '3.1']);
  });
});

describe('PiecePicker: endgame', () => {
  it('does not duplicate requests while a wanted piece is still queued', () => {
    const { picker } = setupPicker({ avail: '21' });
    expect(picks(picker, peer('10'))).toEqual(['0.0', '0.1']);
    expect(picks(picker, peer('10'))).toEqual([]);
    expect(states(picker, 2)).toBe('IQ');
  });

  it('asks a second peer for blocks in flight once every wanted piece has started, at most two peers per block', () => {
    const { picker } = setupPicker({ avail: '3' });
    expect(picks(picker, peer('1'))).toEqual(['0.0', '0.1']);
    expect(picks(picker, peer('1'))).toEqual(['0.0', '0.1']);
    expect(picks(picker, peer('1'))).toEqual([]);
  });

  it('never asks one peer twice for a block, even in the pick that starts the last piece', () => {
    const { picker } = setupPicker({ avail: '1' });
    expect(picks(picker, peer('1'), 100)).toEqual(['0.0', '0.1']);
  });

  it('does not ask a peer again for a block it already has outstanding', () => {
    const { picker } = setupPicker({ avail: '1' });
    const a = peer('1');
    expect(picks(picker, a)).toEqual(['0.0', '0.1']);
    expect(picks(picker, a)).toEqual([]);
  });

  it('duplicates only the blocks not yet received', () => {
    const { picker } = setupPicker({ avail: '2' });
    const a = peer('1');
    pick(picker, a);
    expect(receive(picker, a, '0.0')).toBe('accepted');
    expect(picks(picker, peer('1'))).toEqual(['0.1']);
  });

  it('accepts the first copy of a duplicated block and calls the second a duplicate', () => {
    const { picker } = setupPicker({ avail: '2' });
    const a = peer('1');
    const b = peer('1');
    pick(picker, a);
    pick(picker, b);
    expect(receive(picker, b, '0.0')).toBe('accepted');
    expect(receive(picker, a, '0.0')).toBe('duplicate');
    expect(receive(picker, a, '0.1')).toBe('piece-complete');
    expect(receive(picker, b, '0.1')).toBe('duplicate');
    expect(states(picker, 1)).toBe('V');
  });

  it('duplicates for a seed as well', () => {
    const { picker } = setupPicker({ avail: '1', seeds: 1 });
    expect(picks(picker, peer('1'))).toEqual(['0.0', '0.1']);
    expect(picks(picker, seedPeer())).toEqual(['0.0', '0.1']);
  });
});

describe('PiecePicker: dropped requests', () => {
  it('gives a dropped block to the next peer before any new piece', () => {
    const { picker } = setupPicker({ avail: '23' });
    const a = peer('11');
    expect(picks(picker, a, 2)).toEqual(['0.0', '0.1']);
    drop(picker, a, '0.1');
    expect(picks(picker, peer('11'), 1)).toEqual(['0.1']);
  });

  it('returns a piece to the queue when every request drops before any block arrived', () => {
    const { picker } = setupPicker({ avail: '12' });
    const a = peer('11');
    pick(picker, a, 2);
    expect(states(picker, 2)).toBe('IQ');
    dropAll(picker, a);
    expect(states(picker, 2)).toBe('QQ');
    expect(picker.remaining).toBe(2);
  });

  it('keeps a piece in flight when a block of it has arrived', () => {
    const { picker } = setupPicker({ avail: '1' });
    const a = peer('1');
    pick(picker, a);
    receive(picker, a, '0.0');
    drop(picker, a, '0.1');
    expect(states(picker, 1)).toBe('I');
    expect(picks(picker, a)).toEqual(['0.1']);
  });

  it('keeps a block requested while the other endgame requester still has it', () => {
    const { picker } = setupPicker({ avail: '4' });
    const [a, b, c, d] = [peer('1'), peer('1'), peer('1'), peer('1')];
    pick(picker, a);
    pick(picker, b);
    drop(picker, a, '0.0');
    // 0.0 has one requester left (b), 0.1 still two: c may only double up on 0.0.
    expect(picks(picker, c)).toEqual(['0.0']);
    drop(picker, b, '0.0');
    drop(picker, c, '0.0');
    expect(picks(picker, d)).toEqual(['0.0']);
  });

  it('ignores a drop for a piece that is no longer in flight', () => {
    const { picker } = setupPicker({ avail: '2' });
    const a = peer('1');
    const b = peer('1');
    pick(picker, a);
    pick(picker, b);
    receiveAll(picker, a);
    expect(states(picker, 1)).toBe('V');
    dropAll(picker, b);
    expect(states(picker, 1)).toBe('V');
  });
});

describe('PiecePicker: outcomes', () => {
  it('reports accepted, then piece-complete on the last block, and the piece goes Verifying then Have', () => {
    const { picker } = setupPicker({ avail: '12' });
    const a = peer('11');
    pick(picker, a, 2);
    expect(receive(picker, a, '0.0')).toBe('accepted');
    expect(states(picker, 2)).toBe('IQ');
    expect(receive(picker, a, '0.1')).toBe('piece-complete');
    expect(states(picker, 2)).toBe('VQ');
    expect(picker.remaining).toBe(2);
    picker.pieceVerified(0);
    expect(states(picker, 2)).toBe('HQ');
    expect(picker.remaining).toBe(1);
  });

  it('calls a block of a piece never started unexpected, and one of a verified piece a duplicate', () => {
    const { picker } = setupPicker({ have: '100', prio: '440' });
    expect(picker.blockReceived(1, 0)).toBe('unexpected');
    expect(picker.blockReceived(2, 0)).toBe('unexpected');
    expect(picker.blockReceived(0, 0)).toBe('duplicate');
  });

  it('queues a failed piece again with every block fetchable', () => {
    const { picker } = setupPicker({ avail: '1' });
    const a = peer('1');
    pick(picker, a);
    receiveAll(picker, a);
    picker.pieceFailed(0);
    expect(states(picker, 1)).toBe('Q');
    expect(picker.remaining).toBe(1);
    expect(picks(picker, a)).toEqual(['0.0', '0.1']);
  });

  it('ignores pieceFailed for a piece that is not verifying', () => {
    const { picker } = setupPicker({ have: '10', avail: '11' });
    pick(picker, peer('11'), 1);
    picker.pieceFailed(0);
    picker.pieceFailed(1);
    expect(states(picker, 2)).toBe('HI');
  });

  it('does not fetch again a failed piece whose priority dropped to 0 while it was verifying', () => {
    const { picker } = setupPicker({ avail: '1' });
    const a = peer('1');
    pick(picker, a);
    receiveAll(picker, a);
    picker.setPriorities(Uint8Array.of(0));
    expect(states(picker, 1)).toBe('V');
    picker.pieceFailed(0);
    expect(states(picker, 1)).toBe('N');
    expect(picker.remaining).toBe(0);
    expect(picks(picker, a)).toEqual([]);
  });

  it('wants a lost piece again, unless its priority is 0', () => {
    const { picker } = setupPicker({ have: '11', prio: '40' });
    picker.pieceLost(0);
    picker.pieceLost(1);
    expect(states(picker, 2)).toBe('QN');
    expect(picker.remaining).toBe(1);
    picker.pieceLost(0); // not Have any more: ignored
    expect(picker.remaining).toBe(1);
  });

  it('takes a piece verified from any state and counts it once', () => {
    const { picker } = setupPicker({ avail: '111', prio: '440' });
    pick(picker, peer('111'), 1);
    picker.pieceVerified(0); // in flight
    picker.pieceVerified(1); // queued
    picker.pieceVerified(2); // not needed
    picker.pieceVerified(1); // again
    expect(states(picker, 3)).toBe('HHH');
    expect(picker.remaining).toBe(0);
  });
});

describe('PiecePicker: priorities', () => {
  it('moves queued pieces to NotNeeded at priority 0 and back to Queued above it', () => {
    const { picker } = setupPicker({ avail: '1111' });
    picker.setPriorities(Uint8Array.of(0, 4, 0, 4));
    expect(states(picker, 4)).toBe('NQNQ');
    expect(picker.remaining).toBe(2);
    picker.setPriorities(Uint8Array.of(4, 4, 4, 4));
    expect(states(picker, 4)).toBe('QQQQ');
    expect(picker.remaining).toBe(4);
  });

  it('finishes a started piece after its priority drops to 0', () => {
    const { picker } = setupPicker({ avail: '12' });
    expect(picks(picker, peer('11'), 1)).toEqual(['0.0']);
    picker.setPriorities(Uint8Array.of(0, 0));
    expect(states(picker, 2)).toBe('IN');
    // Its free block first; then, every wanted piece being started, endgame doubles up on the one in flight.
    expect(picks(picker, peer('11'))).toEqual(['0.1', '0.0']);
  });

  it('lets go of a piece set to priority 0 once every request of it drops with nothing received', () => {
    const { picker } = setupPicker({ avail: '12' });
    const a = peer('11');
    expect(picks(picker, a, 2)).toEqual(['0.0', '0.1']);
    picker.setPriorities(Uint8Array.of(0, 4));
    dropAll(picker, a);
    expect(states(picker, 2)).toBe('NQ');
    expect(picker.remaining).toBe(1);
    expect(picks(picker, a)).toEqual(['1.0', '1.1']);
  });

  it('applies a new priority order to queued pieces', () => {
    const { picker } = setupPicker({ avail: '1111' });
    picker.setPriorities(Uint8Array.of(1, 1, 7, 1));
    expect(picks(picker, peer('1111'), 2)).toEqual(['2.0', '2.1']);
  });
});

describe('PiecePicker: availability and seeds', () => {
  it('counts a seed once for every piece, on top of per-piece counts', () => {
    const { picker } = setupPicker({ avail: '0120', seeds: 2 });
    expect(availability(picker, 4)).toEqual([2, 3, 4, 2]);
    picker.removeSeed();
    expect(availability(picker, 4)).toEqual([1, 2, 3, 1]);
  });

  it('adds and removes whole bitfields', () => {
    const { picker } = setupPicker({ avail: '0000' });
    picker.addBitfield(peer('1101').has!);
    picker.addBitfield(peer('0100').has!);
    expect(availability(picker, 4)).toEqual([1, 2, 0, 1]);
    picker.removeBitfield(peer('1101').has!);
    expect(availability(picker, 4)).toEqual([0, 1, 0, 0]);
  });

  it('never counts below zero', () => {
    const { picker } = setupPicker({ avail: '0' });
    picker.peerLost(0);
    picker.removeSeed();
    expect(availability(picker, 1)).toEqual([0]);
  });

  it.each(SEEDS)('with seeds connected, still prefers the piece fewer other peers have (seed %i)', (seed) => {
    const { picker } = setupPicker({ avail: '2212', seeds: 3, random: prng(seed) });
    expect(picks(picker, seedPeer(), 2)).toEqual(['2.0', '2.1']);
  });
});

describe('PiecePicker: interest (wantsFrom)', () => {
  it('wants from a peer with a queued piece we need, not from one with only pieces we have or skip', () => {
    const { picker } = setupPicker({ have: '1100', avail: '1111', prio: '4440' });
    expect(picker.wantsFrom(peer('1100'))).toBe(false);
    expect(picker.wantsFrom(peer('0001'))).toBe(false);
    expect(picker.wantsFrom(peer('0010'))).toBe(true);
  });

  it('wants from a peer having a piece in flight elsewhere (it can help in endgame)', () => {
    const { picker } = setupPicker({ avail: '2' });
    pick(picker, peer('1'));
    expect(picker.wantsFrom(peer('1'))).toBe(true);
  });

  it('wants from a seed while pieces remain, and from nobody once all are verified', () => {
    const { picker } = setupPicker({ avail: '1' });
    const a = peer('1');
    expect(picker.wantsFrom(seedPeer())).toBe(true);
    pick(picker, a);
    receiveAll(picker, a);
    expect(picker.wantsFrom(a)).toBe(false);
    picker.pieceVerified(0);
    expect(picker.wantsFrom(seedPeer())).toBe(false);
  });
});

describe('PiecePicker: a random swarm keeps its invariants and completes', () => {
  it.each(SEEDS)('random picks, arrivals, drops and failures end with every wanted piece verified (seed %i)', (seed) => {
    const random = prng(seed * 7919);
    const pieceCount = 12;
    const prio = Array.from({ length: pieceCount }, () => '01447'[Math.floor(random() * 5)]).join('');
    const { picker } = setupPicker({ prio, blocks: 3, random: prng(seed) });
    const swarm = Array.from({ length: 4 }, (_, k) =>
      k === 0 ? seedPeer() : peer(Array.from({ length: pieceCount }, () => (random() < 0.6 ? '1' : '0')).join('')),
    );
    picker.addSeed();
    for (const p of swarm.slice(1)) picker.addBitfield(p.has!);
    const verifying: number[] = [];
    for (let step = 0; step < 2000 && picker.remaining > 0; step++) {
      const who = swarm[Math.floor(random() * swarm.length)]!;
      const r = random();
      if (r < 0.35) pick(picker, who, 1 + Math.floor(random() * 5));
      else if (r < 0.75 && who.outstanding.size > 0) {
        const key = [...who.outstanding.keys()][Math.floor(random() * who.outstanding.size)]!;
        if (receive(picker, who, who.asked.get(key)!) === 'piece-complete') verifying.push(Math.floor(key / 3));
      } else if (r < 0.85 && who.outstanding.size > 0) {
        drop(picker, who, who.asked.get([...who.outstanding.keys()][0]!)!);
      } else if (verifying.length > 0) {
        const index = verifying.shift()!;
        if (random() < 0.2) picker.pieceFailed(index);
        else picker.pieceVerified(index);
      }
    }
    expect(picker.remaining).toBe(0);
    // Priorities never changed here, so skipped pieces were never started and the rest are all verified.
    expect(states(picker, pieceCount)).toBe(Array.from(prio, (p) => (p === '0' ? 'N' : 'H')).join(''));
  });
});

describe('PiecePicker: sequential order', () => {
  it('takes the first and the last piece first, then the rest in order, whatever the rarity', () => {
    const { picker } = setupPicker({ avail: '33131', blocks: 1 });
    picker.setSequential(true);
    expect(picks(picker, peer('11111'), 5)).toEqual(['0.0', '4.0', '1.0', '2.0', '3.0']);
  });

  it('still puts higher priorities first, and skips what the peer lacks', () => {
    const { picker } = setupPicker({ avail: '1111', prio: '4474', blocks: 1 });
    picker.setSequential(true);
    expect(picks(picker, peer('1011'), 4)).toEqual(['2.0', '0.0', '3.0']);
  });

  it('goes back to rarest first when turned off', () => {
    const { picker } = setupPicker({ avail: '2212', blocks: 1 });
    picker.setSequential(true);
    picker.setSequential(false);
    expect(picks(picker, peer('1111'), 1)).toEqual(['2.0']);
  });
});

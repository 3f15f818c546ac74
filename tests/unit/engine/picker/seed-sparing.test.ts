// Sparing a seed: while another peer serves us, a seed is asked only for pieces nobody else has, and a request to a
// seed moves to a peer that announces that piece. Pictures as in piece-picker.test.ts.

import { describe, expect, it } from 'vitest';
import { isOpenSource, requestsToMove, requestsToSweep, SOURCE_STALL_MS, sparesSeed, type SourcePeer } from '../../../../src/engine/picker/seed-sparing.ts';
import { peer, picks, seedPeer, setupPicker } from './picture.ts';

interface FakeSource extends SourcePeer {
  ready: boolean;
  isClosed: boolean;
  isSeed: boolean;
  peerChoking: boolean;
  amInterested: boolean;
  outstanding: Map<number, number>;
  lastBlockAt: number;
}

function source(over: Partial<FakeSource> = {}): FakeSource {
  return { ready: true, isClosed: false, isSeed: false, peerChoking: false, amInterested: true, outstanding: new Map(), lastBlockAt: 0, ...over };
}

describe('PiecePicker with a spared seed', () => {
  it('asks a spared seed only for pieces no other peer has, rarest first as ever', () => {
    const { picker } = setupPicker({ avail: '1010', seeds: 1 });
    const seed = { ...seedPeer(), spare: true };
    expect(picks(picker, seed).sort()).toEqual(['1.0', '1.1', '3.0', '3.1']);
    expect(picks(picker, seed)).toEqual([]);
  });

  it('asks an unspared seed for everything', () => {
    const { picker } = setupPicker({ avail: '1010', seeds: 1 });
    expect(picks(picker, seedPeer())).toHaveLength(8);
  });

  it('does not finish, nor duplicate in endgame, pieces another peer has; urgent pieces are exempt', () => {
    const { picker } = setupPicker({ avail: '110', seeds: 1 });
    const other = peer('110');
    const asked = picks(picker, other, 3);
    // One of pieces 0 and 1 is fully requested (endgame material), the other in flight with block 1 free.
    const half = asked.filter((n) => n.endsWith('.0')).find((n) => !asked.includes(n.replace('.0', '.1')))!.split('.')[0]!;
    const seed = { ...seedPeer(), spare: true };
    // Neither goes to the seed.
    expect(picks(picker, seed)).toEqual(['2.0', '2.1']);
    picker.setUrgent([Number(half) as never]);
    expect(picks(picker, seed)).toEqual([`${half}.1`]);
  });
});

describe('isOpenSource / sparesSeed', () => {
  it('a source unchokes us, has something we want, and is not sitting on our requests', () => {
    const now = 100_000;
    expect(isOpenSource(source(), now)).toBe(true);
    expect(isOpenSource(source({ peerChoking: true }), now)).toBe(false);
    expect(isOpenSource(source({ amInterested: false }), now)).toBe(false);
    expect(isOpenSource(source({ ready: false }), now)).toBe(false);
    expect(isOpenSource(source({ isClosed: true }), now)).toBe(false);
    const waiting = new Map([[1, now - 1]]);
    expect(isOpenSource(source({ outstanding: waiting, lastBlockAt: now - SOURCE_STALL_MS + 1 }), now)).toBe(true);
    expect(isOpenSource(source({ outstanding: waiting, lastBlockAt: now - SOURCE_STALL_MS }), now)).toBe(false);
  });

  it('spares a seed only while another non-seed is an open source', () => {
    const seed = source({ isSeed: true });
    const otherSeed = source({ isSeed: true });
    expect(sparesSeed(seed, [seed], 0)).toBe(false);
    expect(sparesSeed(seed, [seed, otherSeed], 0)).toBe(false);
    expect(sparesSeed(seed, [seed, source({ peerChoking: true })], 0)).toBe(false);
    expect(sparesSeed(seed, [seed, source()], 0)).toBe(true);
    // Only seeds are spared.
    const leecher = source();
    expect(sparesSeed(leecher, [leecher, source()], 0)).toBe(false);
  });
});

describe('requestsToMove', () => {
  it('names the blocks of the announced piece outstanding with seeds, not with other peers', () => {
    const announcer = source();
    const seed = source({ isSeed: true, outstanding: new Map([[8, 0], [9, 0], [10, 0], [3, 0]]) });
    const other = source({ outstanding: new Map([[11, 0]]) });
    // Piece 2 of 4 blocks per piece: keys 8..11.
    const moves = requestsToMove(announcer, 2, 4, 4, [announcer, seed, other], 0);
    expect(moves.map((m) => [m.peer === seed, m.key])).toEqual([
      [true, 8],
      [true, 9],
      [true, 10],
    ]);
  });

  it('moves nothing to a peer that chokes us, or when a seed announces', () => {
    const seed = source({ isSeed: true, outstanding: new Map([[8, 0]]) });
    expect(requestsToMove(source({ peerChoking: true }), 2, 4, 4, [seed], 0)).toEqual([]);
    expect(requestsToMove(source({ isSeed: true }), 2, 4, 4, [seed], 0)).toEqual([]);
  });
});

describe('requestsToSweep', () => {
  it('names every request waiting at a seed for a piece an open source has, with that source', () => {
    const has = (pieces: number[]) => ({ get: (i: number) => pieces.includes(i) });
    const open = { ...source(), has: has([2]) };
    const choking = { ...source({ peerChoking: true }), has: has([0, 1, 2, 3]) };
    // Blocks 0..3 are piece 0, 4..7 piece 1, 8..11 piece 2 (4 blocks per piece).
    const seed = { ...source({ isSeed: true, outstanding: new Map([[1, 0], [5, 0], [9, 0], [10, 0]]) }), has: null };
    const moves = requestsToSweep(4, [open, choking, seed], 0);
    expect(moves.map((m) => [m.key, m.peer === seed, m.source === open])).toEqual([
      [9, true, true],
      [10, true, true],
    ]);
    expect(requestsToSweep(4, [choking, seed], 0)).toEqual([]);
  });
});

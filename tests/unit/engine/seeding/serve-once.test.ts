// ServeOnce: a lone seed sends each piece once while two or more leechers ask; a lone leecher is never held back,
// and a hold ends with its claimant or CLAIM_MS after the claimant's last block.

import { describe, expect, it } from 'vitest';
import { CLAIM_MS, ServeOnce, type ServeOncePeer } from '../../../../src/engine/seeding/serve-once.ts';

interface FakePeer extends ServeOncePeer {
  ready: boolean;
  isClosed: boolean;
  isSeed: boolean;
  peerInterested: boolean;
}

function leecher(): FakePeer {
  return { ready: true, isClosed: false, isSeed: false, peerInterested: true };
}

function setup(peers: FakePeer[], seeding = true) {
  let now = 1_000;
  const policy = new ServeOnce<FakePeer>({ pieceCount: 8, seeding: () => seeding, peers: () => peers, now: () => now });
  return { policy, advance: (ms: number) => void (now += ms) };
}

describe('ServeOnce', () => {
  it('holds nothing for a lone leecher: it gets every piece, again and again, at once', () => {
    const a = leecher();
    const { policy } = setup([a]);
    policy.sent(a, 3);
    expect(policy.holdsFor(a)).toBeNull();
  });

  it('with two leechers asking, a piece just sent to one waits for the other; unsent pieces do not', () => {
    const a = leecher();
    const b = leecher();
    const { policy } = setup([a, b]);
    policy.sent(a, 3);
    const forB = policy.holdsFor(b)!;
    expect([0, 1, 2, 3, 4].map((i) => forB(i))).toEqual([false, false, false, true, false]);
    // The claimant itself gets the rest of its piece.
    expect(policy.holdsFor(a)!(3)).toBe(false);
    expect(policy.held).toBe(1);
  });

  it('counts only ready, open, interested non-seeds as leechers asking', () => {
    const a = leecher();
    const others: FakePeer[] = [
      { ...leecher(), peerInterested: false },
      { ...leecher(), isSeed: true },
      { ...leecher(), ready: false },
      { ...leecher(), isClosed: true },
    ];
    const { policy } = setup([a, ...others]);
    policy.sent(others[0]!, 2);
    expect(policy.holdsFor(a)).toBeNull();
  });

  it('holds nothing while we are not a seed (a leecher serving others is not held back)', () => {
    const a = leecher();
    const b = leecher();
    const { policy } = setup([a, b], false);
    policy.sent(a, 1);
    expect(policy.holdsFor(b)).toBeNull();
  });

  it('ends a hold CLAIM_MS after the last block went to the claimant, so a leecher that cannot reach it waits no longer', () => {
    const a = leecher();
    const b = leecher();
    const { policy, advance } = setup([a, b]);
    policy.sent(a, 5);
    advance(CLAIM_MS - 1);
    policy.sent(a, 5); // the piece's next block: the claim is fresh again
    advance(CLAIM_MS - 1);
    expect(policy.holdsFor(b)!(5)).toBe(true);
    advance(1);
    expect(policy.holdsFor(b)!(5)).toBe(false);
  });


  it('ends a hold when the claimant leaves, and the piece is claimed by whoever gets it next', () => {
    const a = leecher();
    const b = leecher();
    const c = leecher();
    const { policy } = setup([a, b, c]);
    policy.sent(a, 6);
    a.isClosed = true;
    expect(policy.holdsFor(b)!(6)).toBe(false);
    policy.sent(b, 6);
    expect(policy.holdsFor(c)!(6)).toBe(true);
  });
});

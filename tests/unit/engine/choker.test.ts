// The choker as a specification: tit-for-tat while leeching, fair rotation while seeding, an optimistic slot that
// favours newcomers.

import { describe, expect, it } from 'vitest';
import { chooseUnchoked, type ChokeCandidate, type ChokeInput } from '../../../src/engine/choker.ts';

const NOW = 1_000_000;

/** A peer: interested, choked, connected long ago, no traffic, unless overridden. */
function cand(id: string, over: Partial<ChokeCandidate> = {}): ChokeCandidate {
  return { id, interested: true, downloadRate: 0, uploadRate: 0, unchokedSince: -1, chokedSince: NOW - 100_000, connectedAt: NOW - 600_000, ...over };
}

function decide(peers: ChokeCandidate[], over: Partial<ChokeInput> = {}): { unchoke: string[]; optimistic: string | null } {
  const d = chooseUnchoked({ peers, slots: 2, seeding: false, now: NOW, optimistic: null, rotateOptimistic: false, random: () => 0, ...over });
  return { unchoke: [...d.unchoke].sort(), optimistic: d.optimistic };
}

describe('choker while leeching (tit-for-tat)', () => {
  it('unchokes the peers that give us the most, plus one optimistic peer', () => {
    const peers = [cand('a', { downloadRate: 10 }), cand('b', { downloadRate: 300 }), cand('c', { downloadRate: 200 }), cand('d', { downloadRate: 0 })];
    const d = decide(peers, { random: () => 0.99 });
    expect(d.unchoke).toEqual(['b', 'c', d.optimistic!].sort());
    expect(['a', 'd']).toContain(d.optimistic);
  });

  it('breaks download-rate ties by what we send them', () => {
    const peers = [cand('a', { downloadRate: 5, uploadRate: 1 }), cand('b', { downloadRate: 5, uploadRate: 9 }), cand('c', { downloadRate: 5, uploadRate: 3 })];
    const d = decide(peers, { slots: 1 });
    expect(d.unchoke).toContain('b');
    expect(d.optimistic).not.toBe('b');
  });

  it('never unchokes a peer that is not interested, however fast', () => {
    const peers = [cand('fast', { interested: false, downloadRate: 1e9 }), cand('slow', { downloadRate: 1 })];
    const d = decide(peers);
    expect(d.unchoke).toEqual(['slow']);
    expect(d.optimistic).toBeNull();
  });

  it('unchokes nobody when nobody is interested', () => {
    expect(decide([cand('a', { interested: false })])).toEqual({ unchoke: [], optimistic: null });
  });

  it('keeps the optimistic peer between rotations while it stays interested and outside the regular slots', () => {
    const peers = [cand('a', { downloadRate: 9 }), cand('b', { downloadRate: 8 }), cand('c'), cand('d')];
    const d = decide(peers, { optimistic: 'd', random: () => 0 });
    expect(d.optimistic).toBe('d');
    expect(d.unchoke).toEqual(['a', 'b', 'd']);
  });

  it('moves the optimistic slot on a rotation round', () => {
    const peers = [cand('a', { downloadRate: 9 }), cand('b', { downloadRate: 8 }), cand('c'), cand('d')];
    expect(decide(peers, { optimistic: 'd', rotateOptimistic: true, random: () => 0 }).optimistic).toBe('c');
  });

  it('replaces an optimistic peer that lost interest or earned a regular slot', () => {
    const lost = [cand('a', { downloadRate: 9 }), cand('b', { downloadRate: 8 }), cand('c'), cand('d', { interested: false })];
    expect(decide(lost, { optimistic: 'd' }).optimistic).toBe('c');
    const earned = [cand('a', { downloadRate: 9 }), cand('d', { downloadRate: 50 }), cand('c')];
    expect(decide(earned, { optimistic: 'd' })).toEqual({ unchoke: ['a', 'c', 'd'], optimistic: 'c' });
  });

  it('has no optimistic peer when the regular slots take every interested peer', () => {
    expect(decide([cand('a'), cand('b')])).toEqual({ unchoke: ['a', 'b'], optimistic: null });
  });
});

describe('choker while seeding (fair rotation)', () => {
  const seeding = { seeding: true, slots: 2 };

  it('keeps a peer unchoked less than 30 s ago, however slow, ahead of waiting peers', () => {
    const peers = [cand('new', { unchokedSince: NOW - 5_000 }), cand('waiting', { chokedSince: NOW - 500_000 }), cand('other', { chokedSince: NOW - 10 })];
    const d = decide(peers, { ...seeding, slots: 1, random: () => 0.99 });
    // 'new' keeps the one regular slot; the optimistic pick (the pool's last, at random 0.99) is 'other'.
    expect(d.unchoke).toEqual(['new', 'other']);
  });

  it('rotates a peer out after its 30 s in favour of the peer that has waited longest', () => {
    const peers = [
      cand('served', { unchokedSince: NOW - 31_000, uploadRate: 1e6 }),
      cand('waited-long', { chokedSince: NOW - 90_000 }),
      cand('waited-short', { chokedSince: NOW - 20_000 }),
    ];
    // The regular slot goes to the longest wait; the optimistic draw (random 0) takes the first of the rest.
    expect(decide(peers, { ...seeding, slots: 1, random: () => 0 })).toEqual({ unchoke: ['served', 'waited-long'], optimistic: 'served' });
    // Without the optimistic draw's help the fast peer that had its turn is choked.
    expect(decide(peers, { ...seeding, slots: 1, random: () => 0.99 })).toEqual({ unchoke: ['waited-long', 'waited-short'], optimistic: 'waited-short' });
  });

  it('serves every interested leecher in turn over successive rounds', () => {
    // Five leechers, two regular slots: simulate rounds 10 s apart and track who got unchoked.
    const ids = ['a', 'b', 'c', 'd', 'e'];
    const state = new Map(ids.map((id) => [id, { unchokedSince: -1, chokedSince: 0 }]));
    const served = new Set<string>();
    let optimistic: string | null = null;
    for (let round = 0; round < 8; round++) {
      const now = 100_000 + round * 10_000;
      const peers = ids.map((id) => cand(id, { ...state.get(id)!, connectedAt: 0 }));
      const d = chooseUnchoked({ peers, slots: 2, seeding: true, now, optimistic, rotateOptimistic: round % 3 === 0, random: () => 0.5 });
      optimistic = d.optimistic;
      for (const id of ids) {
        const s = state.get(id)!;
        if (d.unchoke.has(id) && s.unchokedSince < 0) state.set(id, { unchokedSince: now, chokedSince: s.chokedSince });
        if (!d.unchoke.has(id) && s.unchokedSince >= 0) state.set(id, { unchokedSince: -1, chokedSince: now });
        if (d.unchoke.has(id)) served.add(id);
      }
      expect(d.unchoke.size).toBe(3);
    }
    expect([...served].sort()).toEqual(ids);
  });
});

describe('choker: the optimistic slot', () => {
  it('weighs a newcomer (connected under a minute) three times an old peer', () => {
    const peers = [cand('regular', { downloadRate: 99 }), cand('old'), cand('newcomer', { connectedAt: NOW - 10_000 })];
    // Sweep random() over [0, 1) in even steps: the pool is old (weight 1) then newcomer (weight 3).
    const picks = { old: 0, newcomer: 0 };
    for (let k = 0; k < 400; k++) {
      const d = chooseUnchoked({ peers, slots: 1, seeding: false, now: NOW, optimistic: null, rotateOptimistic: true, random: () => k / 400 });
      picks[d.optimistic as 'old' | 'newcomer']++;
    }
    expect(picks).toEqual({ old: 100, newcomer: 300 });
  });

  it('picks only among choked, interested peers', () => {
    const peers = [cand('a', { downloadRate: 5 }), cand('b', { interested: false }), cand('c')];
    for (const r of [0, 0.3, 0.6, 0.99]) expect(decide(peers, { slots: 1, rotateOptimistic: true, random: () => r }).optimistic).toBe('c');
  });
});

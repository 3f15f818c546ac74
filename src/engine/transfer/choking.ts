// Applies a choking round to live peers: gathers what the choker needs, asks it, and (un)chokes accordingly.

import { chooseUnchoked } from '../choker.ts';
import type { Peer } from '../peer/peer.ts';

export interface ChokeRoundInput {
  readonly peers: Iterable<Peer>;
  readonly slots: number;
  readonly seeding: boolean;
  readonly now: number;
  readonly optimistic: string | null;
  readonly rotateOptimistic: boolean;
  readonly random: () => number;
}

/** Runs one round; returns the new optimistic peer id. Newly unchoked peers are served at once by the caller. */
export function runChokeRound(input: ChokeRoundInput): string | null {
  const ready = [...input.peers].filter((p) => p.ready);
  const decision = chooseUnchoked({
    peers: ready.map((p) => ({
      id: p.remotePeerIdHex,
      interested: p.peerInterested,
      downloadRate: p.download.rate(input.now),
      uploadRate: p.upload.rate(input.now),
      unchokedSince: p.unchokedSince,
      chokedSince: p.chokedSince,
      connectedAt: p.connectedAt,
    })),
    slots: input.slots,
    seeding: input.seeding,
    now: input.now,
    optimistic: input.optimistic,
    rotateOptimistic: input.rotateOptimistic,
    random: input.random,
  });
  for (const p of ready) p.setChoking(!decision.unchoke.has(p.remotePeerIdHex));
  return decision.optimistic;
}

/** A peer that just became interested gets a free slot at once rather than at the next round. */
export function unchokeIfRoom(peer: Peer, peers: Iterable<Peer>, slots: number): boolean {
  if (!peer.peerInterested || !peer.amChoking) return false;
  let unchoked = 0;
  for (const p of peers) if (!p.amChoking) unchoked++;
  if (unchoked >= slots) return false;
  peer.setChoking(false);
  return true;
}

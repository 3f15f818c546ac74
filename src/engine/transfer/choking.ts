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

/** When choking rounds run (every CHOKE_INTERVAL_MS) and when the optimistic slot moves (every third round). */
export class ChokeSchedule {
  private nextRound = 0;
  private nextOptimistic = 0;
  private optimistic: string | null = null;

  constructor(
    private readonly intervals: { round: number; optimistic: number },
    private readonly random: () => number,
  ) {}

  /** Runs a round if one is due. */
  maybeRun(peers: Iterable<Peer>, slots: number, seeding: boolean, now: number): void {
    if (now < this.nextRound) return;
    const rotateOptimistic = now >= this.nextOptimistic;
    this.optimistic = runChokeRound({ peers, slots, seeding, now, optimistic: this.optimistic, rotateOptimistic, random: this.random });
    this.nextRound = now + this.intervals.round;
    if (rotateOptimistic) this.nextOptimistic = now + this.intervals.optimistic;
  }

  peerGone(peer: Peer): void {
    if (this.optimistic === peer.remotePeerIdHex) this.optimistic = null;
  }
}

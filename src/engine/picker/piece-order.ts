// Which queued piece to start next for a peer: highest priority, then rarest (ties fall to the candidates' random
// order), or, for a sequential download, the first and last piece and then index order.

import type { CandidateList } from './candidate-list.ts';

export interface OrderInput {
  readonly candidates: CandidateList;
  readonly priority: Uint8Array;
  /** Non-seed peers having each piece (seeds are added on top). */
  readonly availability: Uint16Array;
  readonly seeds: number;
  /** The highest priority any queued piece has (the scan stops early at an unbeatable piece). */
  readonly topPriority: number;
  /** No piece the peer has can be rarer than this: the seeds plus the peer itself. */
  readonly floor: number;
  /** The peer may be asked for this piece (it has it, and it is not spared: picker/seed-sparing.ts). */
  eligible(index: number): boolean;
}

/** Highest priority, then rarest; -1 when the peer has no queued piece it may be asked for. */
export function rarestFirst(o: OrderInput): number {
  let best = -1;
  let bestPriority = -1;
  let bestAvail = Infinity;
  for (let c = 0; c < o.candidates.count; c++) {
    const index = o.candidates.at(c);
    if (!o.eligible(index)) continue;
    const prio = o.priority[index]!;
    const avail = o.availability[index]! + o.seeds;
    if (prio > bestPriority || (prio === bestPriority && avail < bestAvail)) {
      best = index;
      bestPriority = prio;
      bestAvail = avail;
      if (prio === o.topPriority && avail <= o.floor) break;
    }
  }
  return best;
}

/**
 * Sequential order: highest priority, then the first and the last piece (a player reads a file's header and, for
 * some formats, its index at the end), then the lowest index.
 */
export function sequentialFirst(o: OrderInput, pieceCount: number): number {
  const last = pieceCount - 1;
  const rank = (index: number): number => (index === 0 ? -2 : index === last ? -1 : index);
  let best = -1;
  let bestPriority = -1;
  let bestRank = Infinity;
  for (let c = 0; c < o.candidates.count; c++) {
    const index = o.candidates.at(c);
    if (!o.eligible(index)) continue;
    const prio = o.priority[index]!;
    const r = rank(index);
    if (prio > bestPriority || (prio === bestPriority && r < bestRank)) {
      best = index;
      bestPriority = prio;
      bestRank = r;
    }
  }
  return best;
}

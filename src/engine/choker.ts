// Whom to unchoke (BEP 3 tit-for-tat): the fastest givers while downloading, a fair rotation while seeding, and one
// optimistic slot that rotates so newcomers get a chance to prove themselves.

/** Choking rounds run this often (BEP 3's 10 s). */
export const CHOKE_INTERVAL_MS = 10_000;
/** The optimistic slot moves every third round. */
export const OPTIMISTIC_INTERVAL_MS = 30_000;
/** While seeding, a peer keeps its slot at least this long before it can be rotated out. */
const SEED_MIN_UNCHOKE_MS = 30_000;

export interface ChokeCandidate {
  readonly id: string;
  readonly interested: boolean;
  /** Bytes/s we receive from the peer. */
  readonly downloadRate: number;
  /** Bytes/s we send to the peer. */
  readonly uploadRate: number;
  /** When we last unchoked it (ms), or -1 while choked. */
  readonly unchokedSince: number;
  /** When we last choked it (or when it connected), to rotate fairly while seeding. */
  readonly chokedSince: number;
  /** When it connected (newcomers are favoured for the optimistic slot). */
  readonly connectedAt: number;
}

export interface ChokeInput {
  readonly peers: readonly ChokeCandidate[];
  /** Regular slots (the optimistic slot comes on top). */
  readonly slots: number;
  readonly seeding: boolean;
  readonly now: number;
  /** The current optimistic peer, if any. */
  readonly optimistic: string | null;
  /** True on rounds that move the optimistic slot. */
  readonly rotateOptimistic: boolean;
  readonly random: () => number;
}

export interface ChokeDecision {
  readonly unchoke: ReadonlySet<string>;
  readonly optimistic: string | null;
}

export function chooseUnchoked(input: ChokeInput): ChokeDecision {
  const interested = input.peers.filter((p) => p.interested);
  const ranked = [...interested].sort(input.seeding ? seedOrder(input.now) : leechOrder);
  const unchoke = new Set<string>();
  for (const p of ranked) {
    if (unchoke.size >= input.slots) break;
    unchoke.add(p.id);
  }

  let optimistic = input.optimistic;
  const stillValid = optimistic !== null && interested.some((p) => p.id === optimistic) && !unchoke.has(optimistic);
  if (input.rotateOptimistic || !stillValid) optimistic = pickOptimistic(interested, unchoke, input.now, input.random);
  if (optimistic !== null) unchoke.add(optimistic);
  return { unchoke, optimistic };
}

/** Downloading: reciprocate, fastest givers first. */
function leechOrder(a: ChokeCandidate, b: ChokeCandidate): number {
  return b.downloadRate - a.downloadRate || b.uploadRate - a.uploadRate;
}

/**
 * Seeding: nobody gives us anything, so rotate. Peers inside their minimum slot time stay; after that the one that
 * has waited longest goes first, so every leecher gets served in turn.
 */
function seedOrder(now: number): (a: ChokeCandidate, b: ChokeCandidate) => number {
  const keeps = (p: ChokeCandidate): boolean => p.unchokedSince >= 0 && now - p.unchokedSince < SEED_MIN_UNCHOKE_MS;
  return (a, b) => {
    const ka = keeps(a);
    const kb = keeps(b);
    if (ka !== kb) return ka ? -1 : 1;
    if (ka && kb) return b.uploadRate - a.uploadRate;
    const wa = a.unchokedSince >= 0 ? Infinity : a.chokedSince;
    const wb = b.unchokedSince >= 0 ? Infinity : b.chokedSince;
    return wa - wb || b.uploadRate - a.uploadRate;
  };
}

/** A random choked, interested peer; newcomers (connected < 1 min) weigh three times as much (libtorrent's rule). */
function pickOptimistic(
  interested: readonly ChokeCandidate[],
  unchoked: ReadonlySet<string>,
  now: number,
  random: () => number,
): string | null {
  const pool = interested.filter((p) => !unchoked.has(p.id));
  if (pool.length === 0) return null;
  const weight = (p: ChokeCandidate): number => (now - p.connectedAt < 60_000 ? 3 : 1);
  let total = 0;
  for (const p of pool) total += weight(p);
  let r = random() * total;
  for (const p of pool) {
    r -= weight(p);
    if (r < 0) return p.id;
  }
  return pool[pool.length - 1]!.id;
}

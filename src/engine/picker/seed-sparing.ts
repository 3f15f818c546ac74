// A leecher's part in spreading a seed's pieces: ask a seed only for what no other peer can give us while another
// source is open, and move a request off a seed when a peer that serves us announces that piece. Together with the
// seed's serve-once policy (seeding/serve-once.ts) this keeps a lone seed's upload near one copy of the torrent.

/** What sparing needs to know about a peer. */
export interface SourcePeer {
  readonly ready: boolean;
  readonly isClosed: boolean;
  readonly isSeed: boolean;
  /** It is choking us: no source for now. */
  readonly peerChoking: boolean;
  /** We are interested in it: it has pieces we want. */
  readonly amInterested: boolean;
  readonly outstanding: ReadonlyMap<number, number>;
  /** When its last block arrived (or when we connected). */
  readonly lastBlockAt: number;
}

/**
 * A peer sitting on our requests this long is not counted as a source (the seed is asked again), well before
 * liveness calls it snubbing (30 s).
 */
export const SOURCE_STALL_MS = 5_000;

/** It can give us pieces now: ready, unchoking us, has something we want, and not sitting on our requests. */
export function isOpenSource(p: SourcePeer, now: number): boolean {
  if (!p.ready || p.isClosed || p.peerChoking || !p.amInterested) return false;
  return p.outstanding.size === 0 || now - p.lastBlockAt < SOURCE_STALL_MS;
}

/** Spare `seed` (ask it only for pieces no other peer has) while some non-seed peer is an open source for us. */
export function sparesSeed(seed: SourcePeer, peers: Iterable<SourcePeer>, now: number): boolean {
  if (!seed.isSeed) return false;
  for (const p of peers) if (p !== seed && !p.isSeed && isOpenSource(p, now)) return true;
  return false;
}

/**
 * Block keys outstanding with seeds for pieces `source` has, to ask of it instead: it has just unchoked us (its haves
 * may have come while it still choked us, when nothing was moved). Empty unless it is an open source.
 */
export function requestsToMoveAll<P extends SourcePeer & { readonly has: { get(index: number): boolean } | null }>(
  source: P,
  blocksPerPiece: number,
  peers: Iterable<P>,
  now: number,
): { peer: P; key: number }[] {
  const out: { peer: P; key: number }[] = [];
  const has = source.has;
  if (source.isSeed || !has || !isOpenSource(source, now)) return out;
  for (const p of peers) {
    if (p === source || !p.isSeed) continue;
    for (const key of p.outstanding.keys()) if (has.get(Math.floor(key / blocksPerPiece))) out.push({ peer: p, key });
  }
  return out;
}

/** How often a leecher looks over its requests to seeds for pieces an open source could give instead. */
export const SWEEP_MS = 500;

/**
 * Block keys outstanding with seeds for pieces some open non-seed source has, each with that source: the catch-all
 * behind the two triggers (a request made while no source was open, a have that was missed), so a request never
 * waits at a seed for what a peer that serves us can give.
 */
export function requestsToSweep<P extends SourcePeer & { readonly has: { get(index: number): boolean } | null }>(
  blocksPerPiece: number,
  peers: Iterable<P>,
  now: number,
): { peer: P; key: number; source: P }[] {
  const list = [...peers];
  const sources = list.filter((p) => !p.isSeed && p.has !== null && isOpenSource(p, now));
  const out: { peer: P; key: number; source: P }[] = [];
  if (sources.length === 0) return out;
  for (const p of list) {
    if (!p.isSeed || p.outstanding.size === 0) continue;
    for (const key of p.outstanding.keys()) {
      const piece = Math.floor(key / blocksPerPiece);
      const source = sources.find((s) => s.has!.get(piece));
      if (source) out.push({ peer: p, key, source });
    }
  }
  return out;
}

/**
 * Block keys of `piece` outstanding with seeds other than `announcer`, to cancel and ask of the announcer instead
 * (it just announced the piece and serves us); empty when the announcer is no open source.
 */
export function requestsToMove<P extends SourcePeer>(
  announcer: P,
  piece: number,
  blocksPerPiece: number,
  blockCount: number,
  peers: Iterable<P>,
  now: number,
): { peer: P; key: number }[] {
  const out: { peer: P; key: number }[] = [];
  if (announcer.isSeed || !isOpenSource(announcer, now)) return out;
  const first = piece * blocksPerPiece;
  for (const p of peers) {
    if (p === announcer || !p.isSeed || p.outstanding.size === 0) continue;
    for (let b = 0; b < blockCount; b++) if (p.outstanding.has(first + b)) out.push({ peer: p, key: first + b });
  }
  return out;
}

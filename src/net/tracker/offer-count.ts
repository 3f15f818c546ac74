// How many WebRTC offers one announce should carry. Each offer is an RTCPeerConnection gathering ICE on the page's
// main thread and living until answered or expired (50 s); the tracker relays each to a different random peer of
// the swarm, one per peer, so offers beyond the swarm's other members are never answered. Pure.

export interface OfferCountInput {
  /** How many more peers the torrent would take now (the engine's wish, within the connection budget). */
  readonly wanted: number;
  /** Our cap per announce. */
  readonly maxPerAnnounce: number;
  /** The swarm as the tracker last counted it (seeders + leechers, us included); undefined before its first reply. */
  readonly swarm?: number;
  /** Peers we are connected to (or negotiating with) for this torrent. */
  readonly connected: number;
}

export function offersToMake(i: OfferCountInput): number {
  let n = Math.min(i.maxPerAnnounce, Math.floor(i.wanted));
  // Every other member already connected: the tracker could only hand our offers to peers we have.
  if (i.swarm !== undefined) n = Math.min(n, i.swarm - 1 - i.connected);
  return Math.max(0, n);
}

/**
 * After a first announce that carried only `sent` ready-made offers of the `wanted` ones: how many fresh offers a
 * quick second announce should carry, once the tracker's reply has counted the swarm (us included). The tracker
 * relayed the first ones to up to `sent` other members, so only members beyond those may still need an offer.
 */
export function topUpOffers(wanted: number, sent: number, swarm: number | undefined): number {
  const rest = Math.max(0, wanted - sent);
  if (swarm === undefined) return rest;
  return Math.max(0, Math.min(rest, swarm - 1 - sent));
}

// How many WebRTC offers one announce should carry. Each offer is an RTCPeerConnection gathering ICE on the page's
// main thread and living until answered or expired (50 s). The tracker hands an announce's offers to distinct random
// members of the swarm (bittorrent-tracker's server: offers[i] to the i-th of a random pick), and knows nothing of
// whom we are connected to: so offers beyond the swarm's other members are never answered, and to be sure of
// reaching a member we are not connected to, an announce offers to every other member. Pure.

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
  if (i.swarm !== undefined) {
    // Every other member already connected: the tracker could only hand our offers to peers we have.
    if (i.connected >= i.swarm - 1) return 0;
    n = Math.min(n, i.swarm - 1);
  }
  return Math.max(0, n);
}

/**
 * After a first announce that carried only `sent` ready-made offers of the `wanted` ones: how many fresh offers a
 * quick second announce should carry, once the tracker's reply has counted the swarm (us included). None when the
 * first ones could reach every other member; else one for every other member (within `wanted`), since the tracker
 * may hand them to the members the first ones reached.
 */
export function topUpOffers(wanted: number, sent: number, swarm: number | undefined): number {
  const rest = Math.max(0, wanted - sent);
  if (rest === 0) return 0;
  if (swarm === undefined) return rest;
  return swarm - 1 <= sent ? 0 : Math.min(wanted, swarm - 1);
}

// Wakes a rate-limited torrent between ticks: settles the prepaid request budget and lets peers that waited for the
// buckets to refill request and send again, so a limited link is not left idle between the session's ticks.

import { BLOCK_SIZE } from '../metainfo/geometry.ts';
import type { Peer } from '../peer/peer.ts';
import { outstandingRequests, serveReady, type PeerServing } from '../peer-set.ts';
import { PIECE_MESSAGE_OVERHEAD, type TorrentLimiter } from './transfer-limiter.ts';

/** What one block request brings back on the wire (the download limit prepays it). */
export const REQUEST_WIRE_BYTES = BLOCK_SIZE + PIECE_MESSAGE_OVERHEAD;

/** Called often (every ~50 ms) while a limit applies; does nothing when unlimited. */
export function serveLimited(limiter: TorrentLimiter, peers: ReadonlySet<Peer>, parts: PeerServing): void {
  if (!limiter.limited) return;
  limiter.settle(outstandingRequests(peers) * REQUEST_WIRE_BYTES);
  serveReady(peers, parts);
}

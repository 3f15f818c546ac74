// Keeping connections alive and honest over time (BEP 3): keep-alives when we have been quiet, a timeout for peers
// that went silent, and a deadline for requests a peer sits on.

import { EngineError } from '../errors.ts';
import * as wire from '../wire/encoder.ts';
import type { Peer } from './peer.ts';

/** Requests unanswered this long are given to other peers (the peer is snubbing us). */
export const REQUEST_TIMEOUT_MS = 30_000;
/** We send a keep-alive after this much silence of our own. */
export const KEEPALIVE_MS = 60_000;
/** BEP 3 suggests two minutes of silence ends a connection; a little more for slow links. */
export const IDLE_TIMEOUT_MS = 180_000;

/** Checks one peer; returns 'snubbing' when its outstanding requests timed out (the caller releases them). */
export function checkLiveness(peer: Peer, now: number): 'ok' | 'closed' | 'snubbing' {
  if (now - peer.lastReceivedAt > IDLE_TIMEOUT_MS) {
    peer.destroy(new EngineError('PEER_TIMEOUT', 'Peer sent nothing for too long', { idleMs: now - peer.lastReceivedAt }));
    return 'closed';
  }
  if (now - peer.lastSentAt > KEEPALIVE_MS) peer.send(wire.keepAlive());
  return peer.outstanding.size > 0 && now - peer.lastBlockAt > REQUEST_TIMEOUT_MS ? 'snubbing' : 'ok';
}

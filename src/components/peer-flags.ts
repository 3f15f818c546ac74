// qBittorrent/libtorrent-style peer flags from the four choke/interest bits, each with its meaning. Pure.

import type { PeerSnapshot } from '../api/protocol.ts';

export type PeerFlag = 'D' | 'd' | 'U' | 'u' | 'K' | '?';

/** D: we download; d: we want to but are choked; U: we upload; u: they want to but we choke them;
 * K: they unchoked us though we want nothing; ?: we unchoked them though they want nothing. */
export function peerFlags(p: Pick<PeerSnapshot, 'amChoking' | 'amInterested' | 'peerChoking' | 'peerInterested'>): PeerFlag[] {
  const out: PeerFlag[] = [];
  if (p.amInterested) out.push(p.peerChoking ? 'd' : 'D');
  else if (!p.peerChoking) out.push('K');
  if (p.peerInterested) out.push(p.amChoking ? 'u' : 'U');
  else if (!p.amChoking) out.push('?');
  return out;
}

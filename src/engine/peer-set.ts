// Queries and bulk actions over a torrent's peers: summed rates, ready counts, topping up pipelines and uploads.

import type { EngineError } from './errors.ts';
import type { Geometry } from './metainfo/geometry.ts';
import type { Peer } from './peer/peer.ts';

/** What serving a ready peer needs: the downloader's refill and the uploader's serve. */
export interface PeerServing {
  readonly downloader: { refill(peer: Peer): void };
  readonly uploader: { serve(peer: Peer): void };
}

export function downloadRate(peers: Iterable<Peer>, now: number): number {
  let r = 0;
  for (const p of peers) r += p.download.rate(now);
  return r;
}

export function uploadRate(peers: Iterable<Peer>, now: number): number {
  let r = 0;
  for (const p of peers) r += p.upload.rate(now);
  return r;
}

/** Peers past the handshake (channels still connecting, such as unanswered offers, are not counted). */
export function readyCount(peers: Iterable<Peer>): number {
  let n = 0;
  for (const p of peers) if (p.ready) n++;
  return n;
}

/** Our requests outstanding across all peers. */
export function outstandingRequests(peers: Iterable<Peer>): number {
  let n = 0;
  for (const p of peers) n += p.outstanding.size;
  return n;
}

/** Another ready peer already has this peer's id. */
export function isDuplicate(peers: Iterable<Peer>, peer: Peer): boolean {
  for (const other of peers) if (other !== peer && other.ready && other.remotePeerIdHex === peer.remotePeerIdHex) return true;
  return false;
}

/** Tops up every ready peer's request pipeline and serves its queued requests. */
export function serveReady(peers: Iterable<Peer>, parts: PeerServing): void {
  for (const peer of peers) {
    if (!peer.ready) continue;
    parts.downloader.refill(peer);
    parts.uploader.serve(peer);
  }
}

/** Closes every peer (on a copy: closing removes a peer from the set). */
export function closeAll(peers: Iterable<Peer>, reason: EngineError | string): void {
  for (const p of [...peers]) p.destroy(reason);
}

/**
 * The metadata arrived: each ready peer validates what it held against the geometry (a bad bitfield or have closes
 * it), the downloader counts its pieces, and it hears our extension handshake again, now with the metadata size.
 */
export function greetWithGeometry(peers: Iterable<Peer>, geometry: Geometry, peerHas: (peer: Peer) => void): void {
  for (const peer of peers) {
    if (!peer.ready) continue;
    peer.setGeometry(geometry);
    if (peer.isClosed) continue;
    peerHas(peer);
    peer.sendExtendedHandshake();
  }
}

/** We just completed: a seed is of no more use when we are a full seed too; everyone else loses our interest. */
export function afterCompletion(peers: Iterable<Peer>, fullSeed: boolean): void {
  for (const p of [...peers]) {
    if (p.isSeed && fullSeed) p.destroy('both seeds');
    else p.setInterested(false);
  }
}

// BEP 9 for a magnet link: asks peers that announce ut_metadata for the info dictionary's 16 KiB pieces, assembles
// them, and checks the SHA-1 against the info hash. A peer that lies about the size or the content is dropped.

import { bytesEqual } from '../bytes.ts';
import { EngineError } from '../errors.ts';
import type { Peer } from '../peer/peer.ts';
import type { Hasher } from '../ports.ts';
import type { MetadataMessage } from '../wire/messages.ts';
import { MetadataAssembler, UT_METADATA, encodeMetadataMessage } from '../wire/ut-metadata.ts';

/** A request not answered within this time is asked of another peer. */
const REQUEST_TIMEOUT_MS = 10_000;
/**
 * A peer that let this many requests time out is asked again only when no other peer offers the size: a peer that
 * announces metadata and never sends it would otherwise hold a piece for 10 s on every round.
 */
const MAX_SILENT_TIMEOUTS = 2;

export interface MetadataFetcherHost {
  readonly infoHash: Uint8Array;
  readonly hasher: Hasher;
  now(): number;
  /** Verified info bytes: the torrent can build its metainfo. */
  onMetadata(infoBytes: Uint8Array): void;
  dropPeer(peer: Peer, error: EngineError): void;
  /** Requests went out: the metadata may be here within a round trip (the torrent readies its storage meanwhile). */
  asking?(): void;
}

interface Outstanding {
  readonly peer: Peer;
  readonly at: number;
}

export class MetadataFetcher {
  private assembler: MetadataAssembler | null = null;
  private readonly outstanding = new Map<number, Outstanding>();
  /** Who sent each piece, to blame when the assembled bytes fail the hash check. */
  private readonly sources = new Map<number, Peer>();
  private readonly rejectedBy = new Set<Peer>();
  /** Connected peers announcing the assembler's size; when none is left, the size may have been a lie. */
  private readonly sizeFrom = new Set<Peer>();
  /** Requests each peer let time out. */
  private readonly timeouts = new Map<Peer, number>();
  private verifying = false;
  private done = false;

  constructor(private readonly host: MetadataFetcherHost) {}

  /** A peer announced ut_metadata (or a new peer is ready): start or continue fetching. */
  addPeer(peer: Peer): void {
    if (this.done || this.rejectedBy.has(peer)) return;
    const size = peer.metadataSize;
    if (size === undefined) return;
    if (!this.assembler) {
      try {
        this.assembler = new MetadataAssembler(size);
      } catch (e) {
        if (e instanceof EngineError) this.host.dropPeer(peer, e);
        else throw e;
        return;
      }
    }
    if (size === this.assembler.size) this.sizeFrom.add(peer);
    this.requestFrom(peer);
  }

  onMessage(peer: Peer, msg: MetadataMessage): void {
    if (this.done || msg.type === 'request') return;
    const pending = this.outstanding.get(msg.piece);
    if (msg.type === 'reject') {
      // A peer that rejects one piece will reject the rest: whatever it was asked for goes to other peers.
      this.release(peer);
      this.rejectedBy.add(peer);
      // Nobody left to ask at this size (it may have been a lie): let the next peer's size be taken afresh.
      if (!this.verifying && [...this.sizeFrom].every((p) => this.rejectedBy.has(p))) this.restart();
      return;
    }
    if (!this.assembler) {
      this.host.dropPeer(peer, new EngineError('WIRE_UNREQUESTED_METADATA', 'Peer sent metadata we did not ask for', { piece: msg.piece }));
      return;
    }
    // A late answer (after its request timed out) is still welcome: the assembler checks sizes, the hash the rest.
    if (pending?.peer === peer) this.outstanding.delete(msg.piece);
    let whole: Uint8Array | null;
    try {
      whole = this.assembler.add(msg);
    } catch (e) {
      if (!(e instanceof EngineError)) throw e;
      this.host.dropPeer(peer, e);
      return;
    }
    this.sources.set(msg.piece, peer);
    if (whole) void this.verify(whole);
    else this.requestFrom(peer);
  }

  /** Re-asks pieces whose requests timed out. */
  tick(peers: Iterable<Peer>): void {
    if (this.done) return;
    const now = this.host.now();
    // A peer silent on all the pieces it was asked for at once counts one timeout, not one per piece.
    const silent = new Set<Peer>();
    for (const [piece, o] of this.outstanding) {
      if (o.peer.isClosed) this.outstanding.delete(piece);
      else if (now - o.at > REQUEST_TIMEOUT_MS) {
        this.outstanding.delete(piece);
        silent.add(o.peer);
      }
    }
    for (const peer of silent) this.timeouts.set(peer, (this.timeouts.get(peer) ?? 0) + 1);
    for (const peer of peers) if (peer.ready) this.addPeer(peer);
  }

  peerClosed(peer: Peer): void {
    this.release(peer);
    this.rejectedBy.delete(peer);
    this.sizeFrom.delete(peer);
    this.timeouts.delete(peer);
    if (this.sizeFrom.size === 0 && !this.verifying) this.restart();
  }

  /** Forgets what `peer` was asked for, so that other peers may be asked. */
  private release(peer: Peer): void {
    for (const [piece, o] of this.outstanding) if (o.peer === peer) this.outstanding.delete(piece);
  }

  /** Forgets the size and every piece: the next peer's announced size is taken afresh. */
  private restart(): void {
    this.assembler = null;
    this.sources.clear();
    this.outstanding.clear();
    this.sizeFrom.clear();
  }

  private requestFrom(peer: Peer): void {
    const a = this.assembler;
    if (!a || this.verifying || this.rejectedBy.has(peer) || peer.metadataSize !== a.size || this.silentWithOthers(peer)) return;
    // Every piece nobody is asked for yet, at once (as WebTorrent does): one round trip for the whole dict instead
    // of one per piece. A liar gains nothing by it: when one peer supplied it all, the hash check names and drops it.
    for (const piece of a.missing()) {
      if (this.outstanding.has(piece)) continue;
      const msg: MetadataMessage = { type: 'request', piece };
      if (!peer.sendExtended(UT_METADATA, encodeMetadataMessage(msg))) return;
      this.outstanding.set(piece, { peer, at: this.host.now() });
    }
    if (this.outstanding.size > 0) this.host.asking?.();
  }

  /** The peer keeps not answering while another peer (not rejecting us, not silent) offers the same size. */
  private silentWithOthers(peer: Peer): boolean {
    if ((this.timeouts.get(peer) ?? 0) < MAX_SILENT_TIMEOUTS) return false;
    for (const p of this.sizeFrom) {
      if (p !== peer && !p.isClosed && !this.rejectedBy.has(p) && (this.timeouts.get(p) ?? 0) < MAX_SILENT_TIMEOUTS) return true;
    }
    return false;
  }

  private async verify(bytes: Uint8Array): Promise<void> {
    this.verifying = true;
    const digest = await this.host.hasher.sha1(bytes);
    this.verifying = false;
    if (bytesEqual(digest, this.host.infoHash)) {
      this.done = true;
      this.outstanding.clear();
      this.host.onMetadata(bytes);
      return;
    }
    // Someone lied. With one source it is certainly that peer; with several we cannot tell, so start over with all.
    const liars = new Set(this.sources.values());
    const error = new EngineError('METADATA_HASH_MISMATCH', 'Metadata from peers does not match the info hash', { size: bytes.length });
    if (liars.size === 1) for (const p of liars) this.host.dropPeer(p, error);
    // The size itself may have been the lie: take it afresh from the next peer.
    this.restart();
  }
}

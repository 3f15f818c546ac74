// The seed's serving policy (a request-side cousin of BEP 16 super-seeding): while we are the seed and two or more
// leechers are asking, each piece goes out once; a second leecher's request for a piece we have just sent to
// another waits, so it fetches that piece from the first (who announces it within moments) instead of from us.
//
// Why: every leecher keeps about a second of our rate requested and picks "rarest" from what it has seen announced;
// it cannot see what the others have only asked for, so without this most pieces left the seed 2-4 times (1.9-2.1x
// the torrent in tests/swarm/spread.test.ts). Unlike BEP 16 we keep sending our full bitfield and serve at full speed:
// with one leecher nothing is held; a hold ends CLAIM_MS after the last block went to the claimant (which may be
// unreachable from this leecher), and a claim dies with its peer. (We cannot tell which leechers reach each other:
// leechers send no `have` to a seed.)

/** What the policy sees of a peer. */
export interface ServeOncePeer {
  readonly ready: boolean;
  readonly isClosed: boolean;
  readonly isSeed: boolean;
  /** It told us it is interested in our pieces. */
  readonly peerInterested: boolean;
}

/**
 * How long after its last block went to the claimant a piece is withheld from the others. Long enough for the
 * claimant to receive it, verify it and announce it, and for the others to move their requests to it
 * (Downloader.peerHas via picker/seed-sparing.ts) on a loaded machine; short enough that a trading leecher that
 * cannot reach the claimant waits only this long.
 */
export const CLAIM_MS = 6_000;

export interface ServeOnceInput<P extends ServeOncePeer> {
  readonly pieceCount: number;
  /** True while we have every piece (only a seed holds requests back). */
  seeding(): boolean;
  peers(): Iterable<P>;
  now(): number;
}

export class ServeOnce<P extends ServeOncePeer> {
  /** The peer each piece was first sent to while no other claim stood, and when its last block went there. */
  private readonly claimedBy: (P | undefined)[];
  private readonly claimedAt: Float64Array;
  /** Requests held back so far (a figure for tests and diagnostics). */
  held = 0;

  constructor(private readonly input: ServeOnceInput<P>) {
    this.claimedBy = new Array<P | undefined>(input.pieceCount);
    this.claimedAt = new Float64Array(input.pieceCount);
  }

  /**
   * For one pass over `peer`'s queued requests: a test saying which pieces wait, or null when nothing waits (not
   * seeding, or fewer than two leechers interested: a lone leecher gets everything at full speed).
   */
  holdsFor(peer: P): ((index: number) => boolean) | null {
    if (!this.input.seeding()) return null;
    let leechers = 0;
    for (const p of this.input.peers()) if (p.ready && !p.isClosed && !p.isSeed && p.peerInterested) leechers++;
    if (leechers < 2) return null;
    const now = this.input.now();
    return (index) => {
      const claimant = this.claimedBy[index];
      const holds = claimant !== undefined && claimant !== peer && !claimant.isClosed && now - this.claimedAt[index]! < CLAIM_MS;
      if (holds) this.held++;
      return holds;
    };
  }

  /** A block of `index` went to `peer`: it claims the piece (or keeps its claim fresh) unless another's claim stands. */
  sent(peer: P, index: number): void {
    const claimant = this.claimedBy[index];
    const now = this.input.now();
    if (claimant !== peer && claimant !== undefined && !claimant.isClosed && now - this.claimedAt[index]! < CLAIM_MS) return;
    this.claimedBy[index] = peer;
    this.claimedAt[index] = now;
  }
}

// Rate limits as the byte path sees them: a download and an upload bucket per torrent and one pair for the session;
// a byte passes its torrent's bucket and the session's (hierarchical, like libtorrent's peer classes). Every byte on
// the wire counts, protocol overhead included.
//
// Upload is gated where piece data is sent (`mayUpload`) and charged per message sent (`sent`). Download cannot
// refuse bytes already sent to us, so it is limited by not asking: requests are granted from the buckets when they
// go out (`requestBudget` / `requested`, prepaying the piece message they will bring), and bytes that arrive beyond
// what was prepaid (haves, bitfields, keep-alives, answers to requests issued before the limit) are charged as they
// come (`received`). Unlimited, every method returns at its first line: no per-byte work.

import { TokenBucket, validRate } from './token-bucket.ts';

/** Bytes per second; null = unlimited. */
export interface Limits {
  readonly download: number | null;
  readonly upload: number | null;
}

export const UNLIMITED: Limits = { download: null, upload: null };

/** A piece message's header on the wire (length, id, index, begin): what a block costs beyond its payload. */
export const PIECE_MESSAGE_OVERHEAD = 13;

export class BucketPair {
  readonly down: TokenBucket;
  readonly up: TokenBucket;

  constructor(limits: Limits, now: number) {
    this.down = new TokenBucket(limits.download, now);
    this.up = new TokenBucket(limits.upload, now);
  }

  get limits(): Limits {
    return { download: this.down.rate, upload: this.up.rate };
  }

  set(limits: Limits, now: number): void {
    this.down.setRate(validRate(limits.download), now);
    this.up.setRate(validRate(limits.upload), now);
  }
}

export class TorrentLimiter {
  /** Wire bytes of granted requests whose answers have not arrived yet (already paid for). */
  private prepaid = 0;

  constructor(
    readonly own: BucketPair,
    private readonly global: BucketPair,
    private readonly now: () => number,
  ) {}

  get downloadLimited(): boolean {
    return this.own.down.limited || this.global.down.limited;
  }

  get uploadLimited(): boolean {
    return this.own.up.limited || this.global.up.limited;
  }

  get limited(): boolean {
    return this.downloadLimited || this.uploadLimited;
  }

  setLimits(limits: Limits): void {
    this.own.set(limits, this.now());
  }

  /** Of `wanted` requests, each bringing `unit` wire bytes, how many may go out now (at least 1 while not in debt). */
  requestBudget(wanted: number, unit: number): number {
    if (!this.downloadLimited || wanted <= 0) return wanted;
    const now = this.now();
    const available = Math.min(this.own.down.available(now), this.global.down.available(now));
    if (available <= 0) return 0;
    return Math.min(wanted, Math.ceil(available / unit));
  }

  /** `count` requests of `unit` wire bytes each went out: paid now, so their answers pass free. */
  requested(count: number, unit: number): void {
    if (!this.downloadLimited || count <= 0) return;
    const bytes = count * unit;
    this.prepaid += bytes;
    this.spendDown(bytes);
  }

  /** Bytes arrived on the wire; what prepaid requests do not cover is charged now. */
  received(bytes: number): void {
    if (!this.downloadLimited) {
      this.prepaid = 0;
      return;
    }
    const covered = Math.min(this.prepaid, bytes);
    this.prepaid -= covered;
    if (bytes > covered) this.spendDown(bytes - covered);
  }

  /**
   * Requests that will never be answered (choke, timeout, disconnect) must not leave credit behind, or later bytes
   * would pass free: the prepaid amount is capped at what is still outstanding (`outstandingBytes`, from the peers).
   */
  settle(outstandingBytes: number): void {
    if (this.prepaid > outstandingBytes) this.prepaid = Math.max(0, outstandingBytes);
  }

  /** True while piece data may be sent (the upload buckets are not in debt). */
  mayUpload(): boolean {
    if (!this.uploadLimited) return true;
    const now = this.now();
    return this.own.up.available(now) > 0 && this.global.up.available(now) > 0;
  }

  /** Bytes sent on the wire (any message). */
  sent(bytes: number): void {
    if (!this.uploadLimited) return;
    const now = this.now();
    this.own.up.spend(bytes, now);
    this.global.up.spend(bytes, now);
  }

  private spendDown(bytes: number): void {
    const now = this.now();
    this.own.down.spend(bytes, now);
    this.global.down.spend(bytes, now);
  }
}

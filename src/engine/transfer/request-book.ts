// Our requests to one peer, and the one place that writes them: what is outstanding (and since when), what we
// cancelled whose answer may still arrive, bytes it sent that nobody asked for, and strikes for bad pieces. The
// download path (Downloader: refill, onBlock, release) and the peer's wire sends call in here; a download rate
// limiter sits in front of `sent` (Downloader.refill decides how many requests go out).

import { CancelledRequests } from './cancelled-requests.ts';

/** What a block that arrived answers. */
export type BlockAnswer =
  /** an outstanding request (now settled) */
  | 'requested'
  /** a request we cancelled, sent before our cancel arrived: not flooding, taken if still useful */
  | 'late'
  /** the same, but we asked for the block again since: that newer request must be cancelled too */
  | 'late-reasked'
  /** nothing we asked for */
  | 'unrequested';

export class RequestBook {
  /** Block key -> time requested: what we asked for and still expect. */
  private readonly out = new Map<number, number>();
  /** Requests we cancelled whose blocks may still be under way. */
  private readonly cancelled = new CancelledRequests();
  private unrequested = 0;
  private strikeCount = 0;

  get outstanding(): ReadonlyMap<number, number> {
    return this.out;
  }

  get unrequestedBytes(): number {
    return this.unrequested;
  }

  /** Failed pieces this peer contributed to. */
  get strikes(): number {
    return this.strikeCount;
  }

  /** A request went out. */
  sent(key: number, now: number): void {
    this.out.set(key, now);
  }

  /** We cancel a request: true when it was outstanding (send the cancel); its late answer is then expected. */
  cancel(key: number, now: number): boolean {
    if (!this.out.delete(key)) return false;
    this.cancelled.add(key, now);
    return true;
  }

  /** Requests that will not be answered (choke, disconnect, timeout): forgotten; returns their keys. */
  dropAll(): number[] {
    const keys = [...this.out.keys()];
    this.out.clear();
    return keys;
  }

  /** A block arrived for `key` (`aligned`: its offset is a block boundary). */
  answer(key: number, aligned: boolean): BlockAnswer {
    if (!aligned) return 'unrequested';
    if (this.cancelled.take(key)) return this.out.has(key) ? 'late-reasked' : 'late';
    const requestedAt = this.out.get(key);
    if (requestedAt === undefined) return 'unrequested';
    this.out.delete(key);
    this.cancelled.settle(requestedAt);
    return 'requested';
  }

  /** Counts bytes nobody asked for; returns the total so far. */
  addUnrequested(bytes: number): number {
    return (this.unrequested += bytes);
  }

  /** Adds strikes for a failed piece; returns the total. */
  strike(n: number): number {
    return (this.strikeCount += n);
  }
}

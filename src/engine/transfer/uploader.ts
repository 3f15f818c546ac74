// Serves peers' requests: in order, from whole pieces in the read cache, only while the channel has room, so a
// fast downloader cannot make us queue unbounded data in memory.

import type { Bitfield } from '../bitfield.ts';
import type { Peer } from '../peer/peer.ts';
import type { ReadCache } from './read-cache.ts';

/** Stop writing to a channel above this many queued bytes; its drain event resumes us. ~50 ms at 40 MB/s. */
export const SEND_HIGH_WATER = 2 * 1024 * 1024;

export class Uploader {
  constructor(
    private readonly have: Bitfield,
    private readonly cache: ReadCache,
    private readonly hooks: { sent(bytes: number): void; readError(error: unknown): void },
  ) {}

  /** Sends what fits now; when a piece must be read first, resumes by itself once it is cached. */
  serve(peer: Peer): void {
    const queue = peer.requests;
    while (queue.length > 0 && !peer.isClosed && !peer.amChoking && peer.bufferedAmount < SEND_HIGH_WATER) {
      const r = queue[0]!;
      if (!this.have.get(r.index)) {
        queue.shift(); // we do not have it (a peer asking blindly): BEP 3 lets us ignore the request
        continue;
      }
      const data = this.cache.get(r.index);
      if (!data) {
        this.cache.load(r.index).then(
          () => this.serve(peer),
          (e: unknown) => this.hooks.readError(e),
        );
        return;
      }
      queue.shift();
      peer.sendPiece(r.index, r.begin, data.subarray(r.begin, r.begin + r.length));
      this.hooks.sent(r.length);
    }
  }
}

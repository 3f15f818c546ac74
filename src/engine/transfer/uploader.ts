// Serves peers' requests: in order, from whole pieces in the read cache, only while the channel has room, so a
// fast downloader cannot make us queue unbounded data in memory.

import type { Bitfield } from '../bitfield.ts';
import type { OutgoingBlock, Peer } from '../peer/peer.ts';
import { PIECE_HEADER_LENGTH } from '../wire/encoder.ts';
import type { ReadCache } from './read-cache.ts';

/**
 * Bytes we let queue on a channel before waiting for its drain event: about SEND_QUEUE_SECONDS of the peer's upload
 * rate, within these bounds. A cancel cannot reach bytes queued there, so this is also how much old data a streaming
 * seek waits behind (a fixed 2 MiB made seeks a third slower on loopback at 7 MB/s, and bought no speed; a floor of
 * 512 KiB instead of 256 KiB held the first piece after a seek ~150 ms instead of ~75, at the ~5 MB/s a playing
 * video leaves), while a fast link keeps enough queued to cover the drain event's latency.
 */
export const MIN_SEND_HIGH_WATER = 256 * 1024;
export const MAX_SEND_HIGH_WATER = 4 * 1024 * 1024;
const SEND_QUEUE_SECONDS = 0.05;

export function sendHighWater(uploadRate: number): number {
  const rate = Number.isFinite(uploadRate) ? uploadRate : 0;
  return Math.min(MAX_SEND_HIGH_WATER, Math.max(MIN_SEND_HIGH_WATER, Math.ceil(rate * SEND_QUEUE_SECONDS)));
}

/**
 * Piece messages that go out together in one send: three 16 KiB blocks (48 KiB) fit the 64 KiB message every
 * WebRTC stack accepts, so the channel need not split them and the receiver decodes each block in place. Per
 * send() the worker pays a fixed cost (it was as large as the copy of the block): a third of the sends, a third
 * of that cost, and a third of the message events at the receiver.
 */
export const SEND_BATCH_BYTES = 64 * 1024;

export interface UploaderHooks {
  now(): number;
  sent(bytes: number): void;
  readError(error: unknown): void;
  /** False while an upload rate limit holds piece data back (rate/transfer-limiter.ts); absent = unlimited. */
  mayUpload?(): boolean;
  /** Which of the peer's requests wait for now (seeding/serve-once.ts); null or absent = serve in order. */
  holdsFor?(peer: Peer): ((index: number) => boolean) | null;
  /** A block of `index` went to the peer. */
  servedPiece?(peer: Peer, index: number): void;
}

export class Uploader {
  constructor(
    private readonly have: Bitfield,
    private readonly cache: ReadCache,
    private readonly hooks: UploaderHooks,
  ) {}

  /** Sends what fits now; when a piece must be read first, resumes by itself once it is cached. */
  serve(peer: Peer): void {
    const queue = peer.requests;
    const highWater = sendHighWater(peer.upload.rate(this.hooks.now()));
    const limited = this.hooks.mayUpload;
    const holds = this.hooks.holdsFor?.(peer) ?? null;
    // Per call, not per uploader: a send that fails can close the peer and make the torrent serve another one.
    const batch: OutgoingBlock[] = [];
    let batched = 0;
    // Requests held back stay queued in place; the ones behind them are served first.
    let at = 0;
    try {
      while (at < queue.length && !peer.isClosed && !peer.amChoking && peer.bufferedAmount + batched < highWater && (!limited || limited())) {
        const r = queue[at]!;
        if (!this.have.get(r.index)) {
          queue.splice(at, 1); // we do not have it (a peer asking blindly): BEP 3 lets us ignore the request
          continue;
        }
        if (holds?.(r.index)) {
          at++;
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
        const size = PIECE_HEADER_LENGTH + r.length;
        if (batched > 0 && batched + size > SEND_BATCH_BYTES) {
          peer.sendPieces(batch);
          batch.length = 0;
          batched = 0;
        }
        queue.splice(at, 1);
        batch.push({ index: r.index, begin: r.begin, data: data.subarray(r.begin, r.begin + r.length) });
        batched += size;
        this.hooks.sent(r.length);
        this.hooks.servedPiece?.(peer, r.index);
      }
    } finally {
      if (batch.length > 0) peer.sendPieces(batch);
    }
  }
}

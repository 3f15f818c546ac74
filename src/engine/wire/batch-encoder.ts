// Several wire messages in one buffer, for one channel send: request batches, and piece messages batched up to a
// message size (transfer/uploader.ts). One send() per batch instead of one per message is most of what the worker
// saves per block on a WebRTC channel.

import { MessageId } from './messages.ts';
import { PIECE_HEADER_LENGTH, writePieceHeader } from './encoder.ts';

/** Bytes of one request message (length prefix, id, index, begin, length). */
export const REQUEST_MESSAGE_LENGTH = 17;

export interface BlockRef {
  readonly index: number;
  readonly begin: number;
  readonly length: number;
}

/** A block to send: `data` is the block's bytes (a view of a cached piece). */
export interface OutgoingBlock {
  readonly index: number;
  readonly begin: number;
  readonly data: Uint8Array;
}

/** Request messages back to back, in order. */
export function encodeRequests(requests: readonly BlockRef[]): Uint8Array {
  const out = new Uint8Array(REQUEST_MESSAGE_LENGTH * requests.length);
  const view = new DataView(out.buffer);
  for (let i = 0; i < requests.length; i++) {
    const r = requests[i]!;
    const o = REQUEST_MESSAGE_LENGTH * i;
    view.setUint32(o, 13);
    out[o + 4] = MessageId.request;
    view.setUint32(o + 5, r.index);
    view.setUint32(o + 9, r.begin);
    view.setUint32(o + 13, r.length);
  }
  return out;
}

/** Bytes the piece messages of `blocks` take on the wire. */
export function piecesLength(blocks: readonly OutgoingBlock[]): number {
  let total = 0;
  for (let i = 0; i < blocks.length; i++) total += PIECE_HEADER_LENGTH + blocks[i]!.data.length;
  return total;
}

/** Writes the piece messages of `blocks` back to back from the start of `out` (at least piecesLength long). */
export function encodePiecesInto(out: Uint8Array, blocks: readonly OutgoingBlock[]): number {
  let o = 0;
  for (let i = 0; i < blocks.length; i++) {
    const b = blocks[i]!;
    o = writePieceHeader(out, o, b.index, b.begin, b.data.length);
    out.set(b.data, o);
    o += b.data.length;
  }
  return o;
}

/**
 * One buffer for every batch sent on a channel that copies on send (the engine runs on one thread, and the
 * channel has copied the bytes before send() returns).
 */
let scratch = new Uint8Array(0);
export function sendScratch(size: number): Uint8Array {
  if (scratch.length < size) scratch = new Uint8Array(Math.max(size, 64 * 1024));
  return scratch;
}

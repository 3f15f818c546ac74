// BEP 9 ut_metadata: request/data/reject payloads, assembling a magnet's info dict from pieces, serving ours.

import { encode } from '../bencode/index.ts';
import { concatBytes } from '../bytes.ts';
import { EngineError } from '../errors.ts';
import { decodeDictPayload, describe } from './extended.ts';
import type { MetadataMessage } from './messages.ts';

/** The extension's name in the BEP 10 handshake's `m`. */
export const UT_METADATA = 'ut_metadata';
/** BEP 9: metadata travels in 16 KiB pieces; only the last may be shorter. */
export const METADATA_PIECE_SIZE = 16384;
/**
 * The largest metadata_size we accept, so a malicious peer can't make us allocate unbounded memory. 16 MiB of
 * info dict is ~800k SHA-1 piece hashes, far beyond real torrents.
 */
export const MAX_METADATA_SIZE = 16 * 1024 * 1024;

const MSG_REQUEST = 0;
const MSG_DATA = 1;
const MSG_REJECT = 2;

/** The extended-message payload: a bencoded dict, followed for 'data' by the raw metadata bytes. */
export function encodeMetadataMessage(msg: MetadataMessage): Uint8Array {
  switch (msg.type) {
    case 'request':
      return encode({ msg_type: MSG_REQUEST, piece: msg.piece });
    case 'reject':
      return encode({ msg_type: MSG_REJECT, piece: msg.piece });
    case 'data':
      return concatBytes([encode({ msg_type: MSG_DATA, piece: msg.piece, total_size: msg.totalSize }), msg.data]);
  }
}

/**
 * Parses a ut_metadata payload. Returns null for an unknown msg_type, which BEP 9 says MUST be ignored (future
 * extensibility). `data` is a view into `payload`. Bytes after a request's or reject's dict are ignored.
 */
export function decodeMetadataMessage(payload: Uint8Array): MetadataMessage | null {
  const { dict, end } = decodeDictPayload(payload, 'ut_metadata message', true);
  const type = dict.get('msg_type');
  const piece = dict.get('piece');
  if (typeof type !== 'number') {
    throw new EngineError('WIRE_BAD_EXTENDED', 'ut_metadata msg_type is not an integer', { type: describe(type) });
  }
  if (type !== MSG_REQUEST && type !== MSG_DATA && type !== MSG_REJECT) return null;
  if (typeof piece !== 'number' || piece < 0) {
    throw new EngineError('WIRE_BAD_EXTENDED', 'ut_metadata piece is not a non-negative integer', {
      msgType: type,
      type: describe(piece),
      ...(typeof piece === 'number' ? { value: piece } : {}),
    });
  }
  if (type === MSG_REQUEST) return { type: 'request', piece };
  if (type === MSG_REJECT) return { type: 'reject', piece };
  const totalSize = dict.get('total_size');
  if (typeof totalSize !== 'number' || totalSize < 0) {
    throw new EngineError('WIRE_BAD_EXTENDED', 'ut_metadata total_size is not a non-negative integer', {
      piece,
      type: describe(totalSize),
      ...(typeof totalSize === 'number' ? { value: totalSize } : {}),
    });
  }
  return { type: 'data', piece, totalSize, data: payload.subarray(end) };
}

export function metadataPieceCount(size: number): number {
  return Math.ceil(size / METADATA_PIECE_SIZE);
}

/** Length of piece `piece` of metadata of `size` bytes: 16 KiB except the last. */
export function metadataPieceLength(size: number, piece: number): number {
  return Math.min(METADATA_PIECE_SIZE, size - piece * METADATA_PIECE_SIZE);
}

/**
 * Collects a magnet's info dict from ut_metadata data messages, in any order and from any peers announcing the same
 * size. Memory is allocated at the first accepted piece, not when a peer merely announces a size. Verifying the
 * result against the info hash is the caller's job (async SHA-1); on a mismatch it calls `reset()` and starts over.
 */
export class MetadataAssembler {
  readonly pieceCount: number;
  private buffer: Uint8Array | null = null;
  /** 1 per received piece. */
  private readonly received: Uint8Array;
  private receivedCount = 0;

  constructor(readonly size: number) {
    if (!Number.isSafeInteger(size) || size <= 0) {
      throw new EngineError('METADATA_SIZE_MISMATCH', 'Announced metadata size is not a positive integer', { size });
    }
    if (size > MAX_METADATA_SIZE) {
      throw new EngineError('METADATA_TOO_LARGE', 'Announced metadata size exceeds the limit', {
        size,
        max: MAX_METADATA_SIZE,
      });
    }
    this.pieceCount = metadataPieceCount(size);
    this.received = new Uint8Array(this.pieceCount);
  }

  get complete(): boolean {
    return this.receivedCount === this.pieceCount;
  }

  get piecesReceived(): number {
    return this.receivedCount;
  }

  has(piece: number): boolean {
    return this.received[piece] === 1;
  }

  /** Pieces not yet received, ascending: what to request next. */
  missing(): number[] {
    const out: number[] = [];
    for (let i = 0; i < this.pieceCount; i++) if (this.received[i] === 0) out.push(i);
    return out;
  }

  /**
   * Accepts one data message. Returns the whole metadata (ownership passes to the caller) when this piece completes
   * it, else null; a piece already held is ignored. Throws METADATA_SIZE_MISMATCH when the message disagrees with
   * the announced size: another total_size, a piece index past the end, or a piece of the wrong length.
   */
  add(msg: { readonly piece: number; readonly totalSize: number; readonly data: Uint8Array }): Uint8Array | null {
    const { piece, totalSize, data } = msg;
    if (totalSize !== this.size) {
      throw new EngineError('METADATA_SIZE_MISMATCH', 'ut_metadata total_size differs from the announced size', {
        piece,
        totalSize,
        size: this.size,
      });
    }
    if (!Number.isInteger(piece) || piece < 0 || piece >= this.pieceCount) {
      throw new EngineError('METADATA_SIZE_MISMATCH', 'ut_metadata piece index is past the announced size', {
        piece,
        pieceCount: this.pieceCount,
        size: this.size,
      });
    }
    const expected = metadataPieceLength(this.size, piece);
    if (data.length !== expected) {
      throw new EngineError('METADATA_SIZE_MISMATCH', 'ut_metadata piece has the wrong length', {
        piece,
        length: data.length,
        expected,
      });
    }
    if (this.received[piece] === 1 || this.complete) return null;
    this.buffer ??= new Uint8Array(this.size);
    this.buffer.set(data, piece * METADATA_PIECE_SIZE);
    this.received[piece] = 1;
    this.receivedCount++;
    if (!this.complete) return null;
    const bytes = this.buffer;
    this.buffer = null; // the caller owns it now; a reset() must not hand the same memory out again
    return bytes;
  }

  /** Forgets every piece (the assembled bytes failed the info-hash check): start over, maybe from other peers. */
  reset(): void {
    this.buffer = null;
    this.received.fill(0);
    this.receivedCount = 0;
  }
}

/** Our answer to a peer's request for piece `piece` of our info dict: the data, or a reject when out of range. */
export function metadataResponse(info: Uint8Array, piece: number): MetadataMessage {
  const count = metadataPieceCount(info.length);
  if (!Number.isInteger(piece) || piece < 0 || piece >= count) return { type: 'reject', piece };
  const start = piece * METADATA_PIECE_SIZE;
  return {
    type: 'data',
    piece,
    totalSize: info.length,
    data: info.subarray(start, start + metadataPieceLength(info.length, piece)),
  };
}

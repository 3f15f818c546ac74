// Sans-IO BEP 3 / BEP 10 peer wire decoder: bytes in at any split, the handshake then length-prefixed messages out.

import { EngineError } from '../errors.ts';
import { MAX_BLOCK_SIZE } from '../metainfo/geometry.ts';
import { checkHandshakePrefix, decodeHandshake, HANDSHAKE_LENGTH, PROTOCOL_PREFIX } from './handshake.ts';
import { MessageId, type Handshake, type WireMessage } from './messages.ts';

/**
 * The largest message accepted by default: a piece message (id + index + begin) carrying the largest block we
 * accept. A bigger length prefix is refused before any byte of it is buffered, so a hostile 4 GiB prefix costs
 * nothing. Bitfields of torrents with more than ~1M pieces need more: see `maxMessageLengthFor`.
 */
export const DEFAULT_MAX_MESSAGE_LENGTH = 9 + MAX_BLOCK_SIZE;

/** The limit that admits a bitfield for `pieceCount` pieces (ceil(N/8) + 1 bytes) and any piece message. */
export function maxMessageLengthFor(pieceCount: number): number {
  return Math.max(DEFAULT_MAX_MESSAGE_LENGTH, Math.ceil(pieceCount / 8) + 1);
}

export interface WireDecoderOptions {
  /** True when the stream starts with the 68-byte handshake (always, for a fresh connection). */
  readonly handshake: boolean;
  /** Largest accepted length prefix; DEFAULT_MAX_MESSAGE_LENGTH when omitted. */
  readonly maxMessageLength?: number;
}

/** The decoder's result type: the handshake is the only result without a `type`. */
export function isHandshake(m: Handshake | WireMessage): m is Handshake {
  return !('type' in m);
}

// Parser states (ws receiver style). Each state starts with a guard: too few bytes -> return null and wait.
const HANDSHAKE = 0;
const LENGTH = 1;
const ID = 2;
const BODY = 3;
const SKIP = 4;

/** Exact message lengths (id byte included) by id; -1 = variable, checked against MIN_LENGTH instead. */
const FIXED_LENGTH: readonly number[] = [1, 1, 1, 1, 5, -1, 13, -1, 13, 3];
const MIN_PIECE_LENGTH = 9;
const MIN_EXTENDED_LENGTH = 2;

// Messages without a payload are shared frozen values: decoding them allocates nothing.
const KEEP_ALIVE: WireMessage = Object.freeze({ type: 'keep-alive' });
const CHOKE: WireMessage = Object.freeze({ type: 'choke' });
const UNCHOKE: WireMessage = Object.freeze({ type: 'unchoke' });
const INTERESTED: WireMessage = Object.freeze({ type: 'interested' });
const NOT_INTERESTED: WireMessage = Object.freeze({ type: 'not-interested' });

const EMPTY = new Uint8Array(0);

/**
 * Usage: `push(chunk)` whenever bytes arrive, then call `next()` until it returns null. Any EngineError means the
 * peer broke the protocol: drop it. Errors are sticky (every later `next()` rethrows the same error).
 *
 * Ownership: pushed chunks are kept and never written to; `piece.block`, `bitfield.bits` and `extended.payload` are
 * views into them when the message lies inside one chunk (zero copy), else a fresh buffer of exactly the message's
 * size. The caller must therefore not reuse a pushed chunk's memory.
 */
export class WireDecoder {
  // Unread bytes: chunks[head..] with the first `offset` bytes of chunks[head] already consumed. A head index (not
  // shift()) keeps one-byte-at-a-time input linear. Invariant: chunks[head], when present, has an unread byte
  // (empty chunks are never queued, exhausted ones are dropped at once), so `buffered > 0` means it exists.
  private chunks: Uint8Array[] = [];
  private head = 0;
  private offset = 0;
  private buffered = 0;

  private state: number;
  private maxLength: number;
  /** Length prefix of the message being read (id byte included). */
  private length = 0;
  private id = 0;
  /** Bytes after the id still to read (BODY) or to discard (SKIP). */
  private remaining = 0;
  /** How many handshake bytes have been validated while waiting for all 68. */
  private handshakeChecked = 0;
  private failure: EngineError | null = null;
  /** Holds a length prefix or field split across chunks, and handshake bytes being peeked at. */
  private readonly scratch = new Uint8Array(PROTOCOL_PREFIX.length);

  constructor(options: WireDecoderOptions) {
    this.state = options.handshake ? HANDSHAKE : LENGTH;
    this.maxLength = DEFAULT_MAX_MESSAGE_LENGTH;
    if (options.maxMessageLength !== undefined) this.setMaxMessageLength(options.maxMessageLength);
  }

  /** Raises (or lowers) the limit, e.g. once a magnet's metadata gives the piece count (`maxMessageLengthFor`). */
  setMaxMessageLength(max: number): void {
    if (!Number.isInteger(max) || max < 1 || max > 0xffffffff) {
      throw new RangeError(`maxMessageLength must be an integer in [1, 2^32-1], got ${max}`);
    }
    this.maxLength = max;
  }

  get maxMessageLength(): number {
    return this.maxLength;
  }

  /** Bytes received but not yet consumed by `next()`. */
  get bufferedBytes(): number {
    return this.buffered;
  }

  push(chunk: Uint8Array): void {
    // After a protocol error the peer is being dropped: holding more of its bytes would only waste memory.
    if (chunk.length === 0 || this.failure !== null) return;
    this.chunks.push(chunk);
    this.buffered += chunk.length;
  }

  /** The next complete handshake or message, or null when more bytes are needed. */
  next(): Handshake | WireMessage | null {
    if (this.failure !== null) throw this.failure;
    try {
      return this.step();
    } catch (e) {
      if (e instanceof EngineError) {
        this.failure = e;
        // The peer is being dropped: release what it sent instead of holding it until the decoder is collected.
        this.chunks = [];
        this.head = 0;
        this.offset = 0;
        this.buffered = 0;
      }
      throw e;
    }
  }

  private step(): Handshake | WireMessage | null {
    for (;;) {
      switch (this.state) {
        case HANDSHAKE:
          return this.readHandshake();

        case LENGTH: {
          if (this.buffered < 4) return null;
          const length = this.readU32();
          if (length === 0) return KEEP_ALIVE;
          // Checked before waiting for the body: nothing of an oversized message is ever buffered on purpose.
          if (length > this.maxLength) {
            throw new EngineError('WIRE_MESSAGE_TOO_LONG', 'Message length exceeds the limit', {
              length,
              max: this.maxLength,
            });
          }
          this.length = length;
          this.state = ID;
          continue;
        }

        case ID: {
          if (this.buffered < 1) return null;
          const id = this.readByte();
          this.checkLength(id, this.length);
          this.id = id;
          this.remaining = this.length - 1;
          this.state = id < FIXED_LENGTH.length || id === MessageId.extended ? BODY : SKIP;
          continue;
        }

        case BODY: {
          if (this.buffered < this.remaining) return null;
          this.state = LENGTH;
          return this.readBody();
        }

        case SKIP: {
          const n = Math.min(this.buffered, this.remaining);
          this.discard(n);
          this.remaining -= n;
          if (this.remaining > 0) return null;
          this.state = LENGTH;
          return { type: 'unknown', id: this.id, length: this.length };
        }

        default:
          throw new Error(`unreachable decoder state ${this.state}`);
      }
    }
  }

  private readHandshake(): Handshake | null {
    if (this.buffered < HANDSHAKE_LENGTH) {
      // Validate the protocol name as it trickles in, so a non-BitTorrent peer fails fast.
      const n = Math.min(this.buffered, PROTOCOL_PREFIX.length);
      if (n > this.handshakeChecked) {
        this.peekInto(this.scratch, n);
        checkHandshakePrefix(this.scratch.subarray(0, n));
        this.handshakeChecked = n;
      }
      return null;
    }
    // Its own buffer: the handshake is kept for the connection's lifetime, the chunk it came in may be large.
    const bytes = new Uint8Array(HANDSHAKE_LENGTH);
    this.copyOut(bytes, HANDSHAKE_LENGTH);
    const handshake = decodeHandshake(bytes);
    this.state = LENGTH;
    return handshake;
  }

  private checkLength(id: number, length: number): void {
    const fixed = FIXED_LENGTH[id];
    if (fixed !== undefined && fixed !== -1) {
      if (length !== fixed) {
        throw new EngineError('WIRE_BAD_MESSAGE_LENGTH', `Message ${id} has the wrong length`, {
          id,
          length,
          expected: fixed,
        });
      }
      return;
    }
    const min = id === MessageId.piece ? MIN_PIECE_LENGTH : id === MessageId.extended ? MIN_EXTENDED_LENGTH : 1;
    if (length < min) {
      throw new EngineError('WIRE_BAD_MESSAGE_LENGTH', `Message ${id} is too short`, {
        id,
        length,
        expected: min,
        atLeast: true,
      });
    }
  }

  /** Called with the whole body (`remaining` bytes after the id) buffered. */
  private readBody(): WireMessage {
    switch (this.id) {
      case MessageId.choke:
        return CHOKE;
      case MessageId.unchoke:
        return UNCHOKE;
      case MessageId.interested:
        return INTERESTED;
      case MessageId.notInterested:
        return NOT_INTERESTED;
      case MessageId.have:
        return { type: 'have', index: this.readU32() };
      case MessageId.bitfield:
        return { type: 'bitfield', bits: this.take(this.remaining) };
      case MessageId.request:
        return { type: 'request', index: this.readU32(), begin: this.readU32(), length: this.readU32() };
      case MessageId.piece:
        return this.readPiece();
      case MessageId.cancel:
        return { type: 'cancel', index: this.readU32(), begin: this.readU32(), length: this.readU32() };
      case MessageId.port:
        return { type: 'port', port: (this.readByte() << 8) | this.readByte() };
      case MessageId.extended: {
        const id = this.readByte();
        return { type: 'extended', id, payload: this.take(this.remaining - 1) };
      }
      default:
        throw new Error(`unreachable message id ${this.id}`);
    }
  }

  /** The hot path: a 16 KiB block inside one chunk costs two index reads and one subarray. */
  private readPiece(): WireMessage {
    const n = this.remaining;
    const chunk = this.chunks[this.head]!;
    const o = this.offset;
    if (chunk.length - o >= n) {
      const index = u32(chunk, o);
      const begin = u32(chunk, o + 4);
      const block = chunk.subarray(o + 8, o + n);
      this.advance(n);
      return { type: 'piece', index, begin, block };
    }
    // Spans chunks: assembled once into a buffer of exactly the body's size.
    const body = new Uint8Array(n);
    this.copyOut(body, n);
    return { type: 'piece', index: u32(body, 0), begin: u32(body, 4), block: body.subarray(8) };
  }

  // --- chunk queue primitives; callers guarantee `buffered` covers what they read ---

  private readByte(): number {
    const b = this.chunks[this.head]![this.offset]!;
    this.advance(1);
    return b;
  }

  private readU32(): number {
    const chunk = this.chunks[this.head]!;
    if (chunk.length - this.offset >= 4) {
      const v = u32(chunk, this.offset);
      this.advance(4);
      return v;
    }
    this.copyOut(this.scratch, 4);
    return u32(this.scratch, 0);
  }

  /** `n` bytes as a view when they lie in the first chunk, else copied once into a buffer of exactly `n`. */
  private take(n: number): Uint8Array {
    if (n === 0) return EMPTY;
    const chunk = this.chunks[this.head]!;
    if (chunk.length - this.offset >= n) {
      const view = chunk.subarray(this.offset, this.offset + n);
      this.advance(n);
      return view;
    }
    const out = new Uint8Array(n);
    this.copyOut(out, n);
    return out;
  }

  private copyOut(target: Uint8Array, n: number): void {
    let at = 0;
    while (at < n) {
      const chunk = this.chunks[this.head]!;
      const k = Math.min(chunk.length - this.offset, n - at);
      target.set(chunk.subarray(this.offset, this.offset + k), at);
      at += k;
      this.advance(k);
    }
  }

  private peekInto(target: Uint8Array, n: number): void {
    let at = 0;
    let i = this.head;
    let o = this.offset;
    while (at < n) {
      const chunk = this.chunks[i]!;
      const k = Math.min(chunk.length - o, n - at);
      target.set(chunk.subarray(o, o + k), at);
      at += k;
      i++;
      o = 0;
    }
  }

  private discard(n: number): void {
    while (n > 0) {
      const k = Math.min(this.chunks[this.head]!.length - this.offset, n);
      this.advance(k);
      n -= k;
    }
  }

  /** Consumes `n` bytes of the first chunk (n <= what is left in it). */
  private advance(n: number): void {
    this.offset += n;
    this.buffered -= n;
    if (this.offset < this.chunks[this.head]!.length) return;
    this.chunks[this.head] = EMPTY; // release the chunk now, not when the queue is compacted
    this.head++;
    this.offset = 0;
    if (this.head === this.chunks.length) {
      this.chunks.length = 0;
      this.head = 0;
    } else if (this.head >= 1024 && this.head * 2 >= this.chunks.length) {
      this.chunks = this.chunks.slice(this.head);
      this.head = 0;
    }
  }
}

function u32(b: Uint8Array, o: number): number {
  return ((b[o]! << 24) | (b[o + 1]! << 16) | (b[o + 2]! << 8) | b[o + 3]!) >>> 0;
}

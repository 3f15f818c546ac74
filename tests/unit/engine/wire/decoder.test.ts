import { describe, expect, it } from 'vitest';
import { EngineError, isEngineError } from '../../../../src/engine/errors.ts';
import {
  DEFAULT_MAX_MESSAGE_LENGTH,
  isHandshake,
  maxMessageLengthFor,
  WireDecoder,
} from '../../../../src/engine/wire/decoder.ts';
import { encodeMessage, have, pieceMessage } from '../../../../src/engine/wire/encoder.ts';
import { encodeHandshake } from '../../../../src/engine/wire/handshake.ts';
import type { WireMessage } from '../../../../src/engine/wire/messages.ts';
import { bytesOf, cut, decodeChunks, forEverySplit, oneByteAtATime } from './feed.ts';

type Known = Exclude<WireMessage, { type: 'unknown' }>;

/** Byte layouts written out by hand from BEP 3 ("<len=0005><id=4><piece index>" etc.), not by our encoder. */
const VECTORS: readonly { name: string; bytes: Uint8Array; message: Known }[] = [
  { name: 'keep-alive', bytes: bytesOf(0, 0, 0, 0), message: { type: 'keep-alive' } },
  { name: 'choke', bytes: bytesOf(0, 0, 0, 1, 0), message: { type: 'choke' } },
  { name: 'unchoke', bytes: bytesOf(0, 0, 0, 1, 1), message: { type: 'unchoke' } },
  { name: 'interested', bytes: bytesOf(0, 0, 0, 1, 2), message: { type: 'interested' } },
  { name: 'not interested', bytes: bytesOf(0, 0, 0, 1, 3), message: { type: 'not-interested' } },
  { name: 'have', bytes: bytesOf(0, 0, 0, 5, 4, 0, 0, 1, 0x2a), message: { type: 'have', index: 298 } },
  {
    name: 'have with the top bit set',
    bytes: bytesOf(0, 0, 0, 5, 4, 0xff, 0xff, 0xff, 0xfe),
    message: { type: 'have', index: 0xfffffffe },
  },
  {
    name: 'bitfield',
    bytes: bytesOf(0, 0, 0, 3, 5, 0xff, 0x80),
    message: { type: 'bitfield', bits: bytesOf(0xff, 0x80) },
  },
  { name: 'empty bitfield', bytes: bytesOf(0, 0, 0, 1, 5), message: { type: 'bitfield', bits: new Uint8Array(0) } },
  {
    name: 'request',
    bytes: bytesOf(0, 0, 0, 13, 6, 0, 0, 0, 7, 0, 0, 0x40, 0, 0, 0, 0x40, 0),
    message: { type: 'request', index: 7, begin: 16384, length: 16384 },
  },
  {
    name: 'piece',
    bytes: bytesOf(0, 0, 0, 12, 7, 0, 0, 0, 1, 0, 1, 0, 0, 0x61, 0x62, 0x63),
    message: { type: 'piece', index: 1, begin: 65536, block: bytesOf(0x61, 0x62, 0x63) },
  },
  {
    name: 'piece with an empty block',
    bytes: bytesOf(0, 0, 0, 9, 7, 0, 0, 0, 2, 0, 0, 0, 0),
    message: { type: 'piece', index: 2, begin: 0, block: new Uint8Array(0) },
  },
  {
    name: 'cancel',
    bytes: bytesOf(0, 0, 0, 13, 8, 0, 0, 0, 7, 0, 0, 0x40, 0, 0, 0, 0x40, 0),
    message: { type: 'cancel', index: 7, begin: 16384, length: 16384 },
  },
  { name: 'port', bytes: bytesOf(0, 0, 0, 3, 9, 0x1a, 0xe1), message: { type: 'port', port: 6881 } },
  {
    name: 'extended handshake',
    bytes: bytesOf(0, 0, 0, 4, 20, 0, 0x64, 0x65),
    message: { type: 'extended', id: 0, payload: bytesOf(0x64, 0x65) },
  },
  {
    name: 'extended message with an empty payload',
    bytes: bytesOf(0, 0, 0, 2, 20, 3),
    message: { type: 'extended', id: 3, payload: new Uint8Array(0) },
  },
];

const ALL = concat(VECTORS.map((v) => v.bytes));
const ALL_MESSAGES = VECTORS.map((v) => v.message);

function concat(parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

function engineError(fn: () => unknown): EngineError {
  try {
    fn();
  } catch (e) {
    if (isEngineError(e)) return e;
    throw e;
  }
  throw new Error('expected an EngineError');
}

/** Pushes chunks one by one, draining after each, until the decoder throws. */
function errorWhileFeeding(
  chunks: readonly Uint8Array[],
  decoder = new WireDecoder({ handshake: false }),
): EngineError {
  return engineError(() => {
    for (const chunk of chunks) {
      decoder.push(chunk);
      while (decoder.next() !== null);
    }
  });
}

/** The decoder's next result, which must be a message (not the handshake). */
function nextMessage(d: WireDecoder): WireMessage | null {
  const m = d.next();
  if (m !== null && isHandshake(m)) throw new Error('unexpected handshake');
  return m;
}

function filled(n: number, seed = 1): Uint8Array {
  const out = new Uint8Array(n);
  for (let i = 0; i < n; i++) out[i] = (i * 31 + seed) & 0xff;
  return out;
}

describe('WireDecoder messages', () => {
  it.each(VECTORS)('decodes a $name message from the BEP 3 byte layout', ({ bytes, message }) => {
    expect(decodeChunks([bytes])).toEqual([message]);
  });

  it.each(VECTORS)('encodes a $name message to the same bytes it decodes from', ({ bytes, message }) => {
    expect(encodeMessage(message)).toEqual(bytes);
  });

  it.each(VECTORS)('decodes a $name message fed one byte at a time', ({ bytes, message }) => {
    expect(decodeChunks(oneByteAtATime(bytes))).toEqual([message]);
  });

  it.each(VECTORS)('decodes a $name message split at every offset', ({ bytes, message }) => {
    forEverySplit(bytes, (chunks) => expect(decodeChunks(chunks)).toEqual([message]));
  });

  it('decodes many messages pushed in one chunk, in order', () => {
    expect(decodeChunks([ALL])).toEqual(ALL_MESSAGES);
  });

  it('decodes a stream of every message type split at every offset', () => {
    forEverySplit(ALL, (chunks) => expect(decodeChunks(chunks)).toEqual(ALL_MESSAGES));
  });

  it('decodes a stream of every message type fed one byte at a time', () => {
    expect(decodeChunks(oneByteAtATime(ALL))).toEqual(ALL_MESSAGES);
  });

  it('returns null until a message is complete and consumes nothing of a partial one', () => {
    const d = new WireDecoder({ handshake: false });
    d.push(bytesOf(0, 0, 0, 5, 4, 0, 0));
    expect(d.next()).toBeNull();
    expect(d.next()).toBeNull();
    d.push(bytesOf(0, 9));
    expect(d.next()).toEqual({ type: 'have', index: 9 });
    expect(d.next()).toBeNull();
    expect(d.bufferedBytes).toBe(0);
  });

  it('decodes a handshake followed by messages in the same chunk', () => {
    const infoHash = filled(20, 3);
    const peerId = filled(20, 4);
    const bytes = concat([encodeHandshake({ infoHash, peerId }), have(5), bytesOf(0, 0, 0, 1, 1)]);
    forEverySplit(bytes, (chunks) => {
      const out = decodeChunks(chunks, { handshake: true });
      expect(out).toHaveLength(3);
      const hs = out[0]!;
      if (!isHandshake(hs)) throw new Error('first result is not the handshake');
      expect(hs.infoHash).toEqual(infoHash);
      expect(hs.peerId).toEqual(peerId);
      expect(hs.reserved).toEqual(bytesOf(0, 0, 0, 0, 0, 0x10, 0, 0));
      expect(out.slice(1)).toEqual([{ type: 'have', index: 5 }, { type: 'unchoke' }]);
    });
  });

  it('tells the handshake apart from messages with isHandshake', () => {
    const out = decodeChunks([encodeHandshake({ infoHash: filled(20), peerId: filled(20) }), have(1)], {
      handshake: true,
    });
    expect(out.map(isHandshake)).toEqual([true, false]);
  });
});

describe('WireDecoder piece messages and buffers', () => {
  const block = filled(16384, 7);
  const message = pieceMessage(3, 32768, block);

  it('yields a block that is a view of the chunk when the message lies inside one chunk', () => {
    const chunk = concat([have(1), message, have(2)]);
    const d = new WireDecoder({ handshake: false });
    d.push(chunk);
    expect(d.next()).toEqual({ type: 'have', index: 1 });
    const piece = nextMessage(d);
    if (piece?.type !== 'piece') throw new Error('expected a piece');
    expect(piece.block.buffer).toBe(chunk.buffer);
    expect(piece.block.byteOffset).toBe(9 + 13);
    expect(piece.block).toEqual(block);
    expect(piece.index).toBe(3);
    expect(piece.begin).toBe(32768);
    expect(d.next()).toEqual({ type: 'have', index: 2 });
  });

  it('still yields a view when only the length prefix and id came in an earlier chunk', () => {
    const [head, body] = cut(message, [5]);
    const d = new WireDecoder({ handshake: false });
    d.push(head!);
    expect(d.next()).toBeNull();
    d.push(body!);
    const piece = nextMessage(d);
    if (piece?.type !== 'piece') throw new Error('expected a piece');
    expect(piece.block.buffer).toBe(body!.buffer);
    expect(piece.block).toEqual(block);
  });

  it('assembles a piece spanning three chunks once, into a buffer of exactly its body length', () => {
    const chunks = cut(message, [7, 9000]);
    expect(chunks).toHaveLength(3);
    const out = decodeChunks(chunks);
    expect(out).toHaveLength(1);
    const piece = out[0] as Extract<WireMessage, { type: 'piece' }>;
    expect(piece.block).toEqual(block);
    expect(piece.index).toBe(3);
    expect(piece.begin).toBe(32768);
    expect(piece.block.buffer.byteLength).toBe(8 + block.length);
    for (const c of chunks) expect(piece.block.buffer).not.toBe(c.buffer);
  });

  it('decodes a 16 KiB piece fed one byte at a time (the chunk queue stays linear)', () => {
    const started = performance.now();
    const out = decodeChunks(oneByteAtATime(message));
    expect(out).toHaveLength(1);
    expect((out[0] as Extract<WireMessage, { type: 'piece' }>).block).toEqual(block);
    expect(performance.now() - started).toBeLessThan(2000);
  });

  it('never writes into pushed chunks', () => {
    const chunk = concat([message, ALL]);
    const copy = chunk.slice();
    decodeChunks(cut(chunk, [100, 20000]));
    decodeChunks([chunk]);
    expect(chunk).toEqual(copy);
  });

  it('gives bitfields and extended payloads that span chunks their own buffer', () => {
    const bits = filled(300);
    const bytes = encodeMessage({ type: 'bitfield', bits });
    const out = decodeChunks(cut(bytes, [100]));
    const got = out[0] as Extract<WireMessage, { type: 'bitfield' }>;
    expect(got.bits).toEqual(bits);
    expect(got.bits.buffer.byteLength).toBe(300);
  });
});

describe('WireDecoder limits and hostile input', () => {
  it('refuses a 0xffffffff length prefix as soon as the 4 prefix bytes arrive', () => {
    const d = new WireDecoder({ handshake: false });
    d.push(bytesOf(0xff, 0xff, 0xff, 0xff));
    const e = engineError(() => d.next());
    expect(e.code).toBe('WIRE_MESSAGE_TOO_LONG');
    expect(e.details).toEqual({ length: 0xffffffff, max: DEFAULT_MAX_MESSAGE_LENGTH });
    expect(d.bufferedBytes).toBe(0);
  });

  it('accepts a piece message carrying a 128 KiB block but not one byte more', () => {
    const ok = pieceMessage(0, 0, new Uint8Array(131072));
    expect(decodeChunks([ok])).toHaveLength(1);
    const tooLong = pieceMessage(0, 0, new Uint8Array(131073));
    const e = errorWhileFeeding([tooLong.subarray(0, 4)]);
    expect(e.code).toBe('WIRE_MESSAGE_TOO_LONG');
    expect(e.details).toEqual({ length: 131082, max: 131081 });
  });

  it.each([
    { name: 'choke', bytes: bytesOf(0, 0, 0, 2, 0, 0), id: 0, length: 2, expected: 1 },
    { name: 'not interested', bytes: bytesOf(0, 0, 0, 5, 3), id: 3, length: 5, expected: 1 },
    { name: 'have', bytes: bytesOf(0, 0, 0, 4, 4), id: 4, length: 4, expected: 5 },
    { name: 'request', bytes: bytesOf(0, 0, 0, 12, 6), id: 6, length: 12, expected: 13 },
    { name: 'cancel', bytes: bytesOf(0, 0, 0, 17, 8), id: 8, length: 17, expected: 13 },
    { name: 'port', bytes: bytesOf(0, 0, 0, 5, 9), id: 9, length: 5, expected: 3 },
  ])('rejects a $name message of the wrong length before its body arrives', ({ bytes, id, length, expected }) => {
    const e = errorWhileFeeding([bytes]);
    expect(e.code).toBe('WIRE_BAD_MESSAGE_LENGTH');
    expect(e.details).toEqual({ id, length, expected });
  });

  it.each([
    { name: 'piece', bytes: bytesOf(0, 0, 0, 8, 7), id: 7, length: 8, expected: 9 },
    { name: 'extended', bytes: bytesOf(0, 0, 0, 1, 20), id: 20, length: 1, expected: 2 },
  ])('rejects a $name message shorter than its header', ({ bytes, id, length, expected }) => {
    const e = errorWhileFeeding([bytes]);
    expect(e.code).toBe('WIRE_BAD_MESSAGE_LENGTH');
    expect(e.details).toEqual({ id, length, expected, atLeast: true });
  });

  it('rejects a bitfield larger than the limit, and accepts it once the limit is raised for the piece count', () => {
    const pieceCount = 2_000_000; // 250,000-byte bitfield
    const bits = new Uint8Array(pieceCount / 8);
    const bytes = encodeMessage({ type: 'bitfield', bits });
    const e = errorWhileFeeding([bytes]);
    expect(e.code).toBe('WIRE_MESSAGE_TOO_LONG');
    expect(e.details).toEqual({ length: 250_001, max: DEFAULT_MAX_MESSAGE_LENGTH });

    expect(maxMessageLengthFor(pieceCount)).toBe(250_001);
    expect(maxMessageLengthFor(10)).toBe(DEFAULT_MAX_MESSAGE_LENGTH);
    const d = new WireDecoder({ handshake: false });
    d.setMaxMessageLength(maxMessageLengthFor(pieceCount));
    expect(d.maxMessageLength).toBe(250_001);
    d.push(bytes);
    expect(d.next()).toMatchObject({ type: 'bitfield' });
    expect(decodeChunks([bytes], { handshake: false, maxMessageLength: 250_001 })).toHaveLength(1);
  });

  it('rejects an invalid limit as a caller bug', () => {
    expect(() => new WireDecoder({ handshake: false, maxMessageLength: 0 })).toThrow(RangeError);
    expect(() => new WireDecoder({ handshake: false }).setMaxMessageLength(2 ** 32)).toThrow(RangeError);
  });

  it('skips an unknown message whose payload spans chunks and decodes what follows', () => {
    // id 13 is BEP 6 "suggest piece"; id 0x42 is nobody's.
    const unknown = bytesOf(0, 0, 0, 11, 0x42, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10);
    const suggest = bytesOf(0, 0, 0, 5, 13, 0, 0, 0, 1);
    const stream = concat([unknown, suggest, have(4)]);
    const expected = [
      { type: 'unknown', id: 0x42, length: 11 },
      { type: 'unknown', id: 13, length: 5 },
      { type: 'have', index: 4 },
    ];
    forEverySplit(stream, (chunks) => expect(decodeChunks(chunks)).toEqual(expected));
    expect(decodeChunks(cut(stream, [3, 4, 2, 5]))).toEqual(expected);
  });

  it('applies the length limit to unknown messages too', () => {
    expect(errorWhileFeeding([bytesOf(0, 0x10, 0, 0, 0x42)]).code).toBe('WIRE_MESSAGE_TOO_LONG');
  });

  it.each([
    { name: 'a wrong protocol name length', first: bytesOf(18), offset: undefined },
    { name: 'a zero protocol name length', first: bytesOf(0), offset: undefined },
    { name: 'a wrong protocol name', first: bytesOf(19, 0x42, 0x69, 0x74, 0x53), offset: 4 },
    { name: 'an HTTP request', first: new TextEncoder().encode('GET / HTTP/1.1\r\n'), offset: undefined },
  ])('rejects a handshake with $name as soon as the bad byte arrives', ({ first, offset }) => {
    const d = new WireDecoder({ handshake: true });
    const e = errorWhileFeeding(oneByteAtATime(first), d);
    expect(e.code).toBe('WIRE_BAD_HANDSHAKE');
    if (offset !== undefined) expect(e.details['offset']).toBe(offset);
  });

  it('rejects a full 68-byte handshake whose protocol string is wrong in the last byte', () => {
    const hs = encodeHandshake({ infoHash: filled(20), peerId: filled(20) });
    hs[19] = 0x4c; // "BitTorrent protocoL"
    forEverySplit(hs, (chunks) => {
      const e = errorWhileFeeding(chunks, new WireDecoder({ handshake: true }));
      expect(e.code).toBe('WIRE_BAD_HANDSHAKE');
      expect(e.details).toEqual({ offset: 19, byte: 0x4c });
    });
  });

  it('keeps failing with the same error and ignores later bytes once the peer broke the protocol', () => {
    const d = new WireDecoder({ handshake: false });
    d.push(bytesOf(0, 0, 0, 12, 6));
    const first = engineError(() => d.next());
    d.push(have(1));
    expect(d.bufferedBytes).toBe(0);
    expect(engineError(() => d.next())).toBe(first);
  });
});

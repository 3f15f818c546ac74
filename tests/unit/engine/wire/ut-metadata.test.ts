import { describe, expect, it } from 'vitest';
import { isEngineError, type EngineError } from '../../../../src/engine/errors.ts';
import type { MetadataMessage } from '../../../../src/engine/wire/messages.ts';
import {
  decodeMetadataMessage,
  encodeMetadataMessage,
  MAX_METADATA_SIZE,
  METADATA_PIECE_SIZE,
  MetadataAssembler,
  metadataPieceCount,
  metadataPieceLength,
  metadataResponse,
} from '../../../../src/engine/wire/ut-metadata.ts';

const text = (s: string): Uint8Array => new TextEncoder().encode(s);

function engineError(fn: () => unknown): EngineError {
  try {
    fn();
  } catch (e) {
    if (isEngineError(e)) return e;
    throw e;
  }
  throw new Error('expected an EngineError');
}

function info(size: number): Uint8Array {
  return Uint8Array.from({ length: size }, (_, i) => (i * 7 + (i >> 8)) & 0xff);
}

function dataFor(bytes: Uint8Array, piece: number): { piece: number; totalSize: number; data: Uint8Array } {
  const m = metadataResponse(bytes, piece);
  if (m.type !== 'data') throw new Error(`piece ${piece} was rejected`);
  return m;
}

describe('ut_metadata messages (BEP 9)', () => {
  // The three examples of BEP 9, byte for byte.
  it.each([
    { name: 'request', message: { type: 'request', piece: 0 }, bytes: 'd8:msg_typei0e5:piecei0ee' },
    { name: 'reject', message: { type: 'reject', piece: 0 }, bytes: 'd8:msg_typei2e5:piecei0ee' },
  ] as const)('writes and reads the BEP 9 $name example', ({ message, bytes }) => {
    expect(encodeMetadataMessage(message)).toEqual(text(bytes));
    expect(decodeMetadataMessage(text(bytes))).toEqual(message);
  });

  it('writes and reads the BEP 9 data example, with the piece bytes after the dict', () => {
    const data = info(METADATA_PIECE_SIZE);
    const payload = encodeMetadataMessage({ type: 'data', piece: 0, totalSize: 34256, data });
    const head = text('d8:msg_typei1e5:piecei0e10:total_sizei34256ee');
    expect(payload.subarray(0, head.length)).toEqual(head);
    expect(payload.subarray(head.length)).toEqual(data);
    const decoded = decodeMetadataMessage(payload);
    expect(decoded).toEqual({ type: 'data', piece: 0, totalSize: 34256, data });
    if (decoded?.type !== 'data') throw new Error('expected data');
    expect(decoded.data.buffer).toBe(payload.buffer);
  });

  it('reads a dict whose keys come in any order, with extra keys', () => {
    expect(decodeMetadataMessage(text('d5:piecei3e1:xi1e8:msg_typei0ee'))).toEqual({ type: 'request', piece: 3 });
  });

  it('ignores an unknown msg_type, as BEP 9 requires', () => {
    expect(decodeMetadataMessage(text('d8:msg_typei3e5:piecei0ee'))).toBeNull();
    expect(decodeMetadataMessage(text('d8:msg_typei-1ee'))).toBeNull();
  });

  it.each([
    { name: 'a list payload', payload: 'li0ee' },
    { name: 'a truncated dict', payload: 'd8:msg_typei0e5:piece' },
    { name: 'no msg_type', payload: 'd5:piecei0ee' },
    { name: 'a string msg_type', payload: 'd8:msg_type1:05:piecei0ee' },
    { name: 'no piece', payload: 'd8:msg_typei0ee' },
    { name: 'a negative piece', payload: 'd8:msg_typei2e5:piecei-1ee' },
    { name: 'a data message without total_size', payload: 'd8:msg_typei1e5:piecei0eexx' },
    { name: 'a data message with a negative total_size', payload: 'd8:msg_typei1e5:piecei0e10:total_sizei-5eexx' },
  ])('rejects $name as WIRE_BAD_EXTENDED', ({ payload }) => {
    expect(engineError(() => decodeMetadataMessage(text(payload))).code).toBe('WIRE_BAD_EXTENDED');
  });

  it('splits metadata into 16 KiB pieces with a shorter last one', () => {
    expect(metadataPieceCount(1)).toBe(1);
    expect(metadataPieceCount(16384)).toBe(1);
    expect(metadataPieceCount(16385)).toBe(2);
    expect(metadataPieceLength(40000, 0)).toBe(16384);
    expect(metadataPieceLength(40000, 2)).toBe(40000 - 32768);
    expect(metadataPieceLength(32768, 1)).toBe(16384);
  });
});

describe('MetadataAssembler', () => {
  const bytes = info(40000); // pieces of 16384, 16384, 7232

  it('assembles pieces received out of order and reports what is still missing', () => {
    const a = new MetadataAssembler(bytes.length);
    expect(a.pieceCount).toBe(3);
    expect(a.missing()).toEqual([0, 1, 2]);
    expect(a.add(dataFor(bytes, 2))).toBeNull();
    expect(a.missing()).toEqual([0, 1]);
    expect(a.add(dataFor(bytes, 0))).toBeNull();
    expect(a.has(0)).toBe(true);
    expect(a.has(1)).toBe(false);
    expect(a.complete).toBe(false);
    const done = a.add(dataFor(bytes, 1));
    expect(done).toEqual(bytes);
    expect(a.complete).toBe(true);
    expect(a.missing()).toEqual([]);
  });

  it('assembles metadata that is an exact multiple of 16 KiB, and metadata of one byte', () => {
    const even = info(32768);
    const a = new MetadataAssembler(even.length);
    a.add(dataFor(even, 1));
    expect(a.add(dataFor(even, 0))).toEqual(even);
    const tiny = info(1);
    expect(new MetadataAssembler(1).add(dataFor(tiny, 0))).toEqual(tiny);
  });

  it('ignores a piece it already has', () => {
    const a = new MetadataAssembler(bytes.length);
    a.add(dataFor(bytes, 0));
    expect(a.add({ ...dataFor(bytes, 0), data: new Uint8Array(16384) })).toBeNull();
    a.add(dataFor(bytes, 1));
    expect(a.add(dataFor(bytes, 2))).toEqual(bytes);
    expect(a.add(dataFor(bytes, 2))).toBeNull();
  });

  it('starts over after reset(), leaving bytes it handed out untouched', () => {
    const a = new MetadataAssembler(bytes.length);
    for (const p of [0, 1, 2]) a.add(dataFor(bytes, p));
    expect(a.complete).toBe(true);
    a.reset();
    expect(a.complete).toBe(false);
    expect(a.piecesReceived).toBe(0);
    expect(a.missing()).toEqual([0, 1, 2]);
    const other = bytes.map((b) => b ^ 0xff);
    let first: Uint8Array | null = null;
    for (const p of [0, 1, 2]) first = a.add(dataFor(other, p)) ?? first;
    expect(first).toEqual(other);
    a.reset();
    for (const p of [0, 1]) a.add(dataFor(bytes, p));
    expect(first).toEqual(other); // the new round wrote into fresh memory
  });

  it.each([
    { name: 'a piece index past the end', msg: { piece: 3, totalSize: 40000, data: new Uint8Array(0) } },
    { name: 'a huge piece index', msg: { piece: 2 ** 40, totalSize: 40000, data: new Uint8Array(0) } },
    { name: 'a short full piece', msg: { piece: 0, totalSize: 40000, data: new Uint8Array(16383) } },
    { name: 'a long full piece', msg: { piece: 1, totalSize: 40000, data: new Uint8Array(16385) } },
    { name: 'a long last piece', msg: { piece: 2, totalSize: 40000, data: new Uint8Array(7233) } },
    { name: 'a last piece padded to 16 KiB', msg: { piece: 2, totalSize: 40000, data: new Uint8Array(16384) } },
    { name: 'another total_size', msg: { piece: 0, totalSize: 40001, data: new Uint8Array(16384) } },
  ])('rejects $name as METADATA_SIZE_MISMATCH', ({ msg }) => {
    const a = new MetadataAssembler(40000);
    expect(engineError(() => a.add(msg)).code).toBe('METADATA_SIZE_MISMATCH');
    expect(a.piecesReceived).toBe(0);
  });

  it('reports the numbers of a wrong piece length', () => {
    const a = new MetadataAssembler(40000);
    const e = engineError(() => a.add({ piece: 2, totalSize: 40000, data: new Uint8Array(100) }));
    expect(e.details).toEqual({ piece: 2, length: 100, expected: 7232 });
  });

  it('refuses an announced size above 16 MiB so a peer cannot make it allocate unbounded memory', () => {
    const e = engineError(() => new MetadataAssembler(MAX_METADATA_SIZE + 1));
    expect(e.code).toBe('METADATA_TOO_LARGE');
    expect(e.details).toEqual({ size: MAX_METADATA_SIZE + 1, max: 16 * 1024 * 1024 });
    expect(new MetadataAssembler(MAX_METADATA_SIZE).pieceCount).toBe(1024);
  });

  it.each([0, -1, 1.5, Number.NaN])('refuses an announced size of %s', (size) => {
    expect(engineError(() => new MetadataAssembler(size)).code).toBe('METADATA_SIZE_MISMATCH');
  });
});

describe('serving metadata', () => {
  const bytes = info(40000);

  it('answers each piece with its slice of the info dict and total_size', () => {
    const first = { type: 'data', piece: 0, totalSize: 40000, data: bytes.subarray(0, 16384) };
    const last = { type: 'data', piece: 2, totalSize: 40000, data: bytes.subarray(32768) };
    expect(metadataResponse(bytes, 0)).toEqual(first);
    expect(metadataResponse(bytes, 2)).toEqual(last);
  });

  it.each([3, -1, 0.5, 2 ** 32])('rejects a request for piece %s', (piece) => {
    expect(metadataResponse(bytes, piece)).toEqual({ type: 'reject', piece });
  });

  it('moves a whole info dict from a server to an assembler through encoded messages', () => {
    const a = new MetadataAssembler(bytes.length);
    let result: Uint8Array | null = null;
    for (const piece of a.missing().reverse()) {
      const request = decodeMetadataMessage(encodeMetadataMessage({ type: 'request', piece }));
      if (request?.type !== 'request') throw new Error('expected a request');
      const reply = decodeMetadataMessage(encodeMetadataMessage(metadataResponse(bytes, request.piece)));
      if (reply?.type !== 'data') throw new Error('expected data');
      result = a.add(reply) ?? result;
    }
    expect(result).toEqual(bytes);
  });

  it('round-trips a reject for an out-of-range request', () => {
    const reject: MetadataMessage = metadataResponse(bytes, 9);
    expect(decodeMetadataMessage(encodeMetadataMessage(reject))).toEqual({ type: 'reject', piece: 9 });
  });
});

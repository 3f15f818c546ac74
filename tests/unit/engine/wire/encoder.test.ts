import { describe, expect, it } from 'vitest';
import { WireDecoder } from '../../../../src/engine/wire/decoder.ts';
import * as enc from '../../../../src/engine/wire/encoder.ts';
import { PIECE_HEADER_LENGTH, pieceMessage, writePieceHeader } from '../../../../src/engine/wire/encoder.ts';
import type { WireMessage } from '../../../../src/engine/wire/messages.ts';
import { bytesOf } from './feed.ts';

describe('wire encoder', () => {
  it.each([
    { name: 'keepAlive', make: enc.keepAlive, bytes: bytesOf(0, 0, 0, 0) },
    { name: 'choke', make: enc.choke, bytes: bytesOf(0, 0, 0, 1, 0) },
    { name: 'unchoke', make: enc.unchoke, bytes: bytesOf(0, 0, 0, 1, 1) },
    { name: 'interested', make: enc.interested, bytes: bytesOf(0, 0, 0, 1, 2) },
    { name: 'notInterested', make: enc.notInterested, bytes: bytesOf(0, 0, 0, 1, 3) },
    { name: 'have', make: () => enc.have(0x01020304), bytes: bytesOf(0, 0, 0, 5, 4, 1, 2, 3, 4) },
    { name: 'bitfield', make: () => enc.bitfield(bytesOf(0xa0)), bytes: bytesOf(0, 0, 0, 2, 5, 0xa0) },
    {
      name: 'request',
      make: () => enc.request(1, 0x4000, 0x4000),
      bytes: bytesOf(0, 0, 0, 13, 6, 0, 0, 0, 1, 0, 0, 0x40, 0, 0, 0, 0x40, 0),
    },
    {
      name: 'cancel',
      make: () => enc.cancel(0xffffffff, 0, 1),
      bytes: bytesOf(0, 0, 0, 13, 8, 0xff, 0xff, 0xff, 0xff, 0, 0, 0, 0, 0, 0, 0, 1),
    },
    { name: 'port', make: () => enc.port(65535), bytes: bytesOf(0, 0, 0, 3, 9, 0xff, 0xff) },
    {
      name: 'extended',
      make: () => enc.extended(2, bytesOf(0x64, 0x65)),
      bytes: bytesOf(0, 0, 0, 4, 20, 2, 0x64, 0x65),
    },
    {
      name: 'pieceMessage',
      make: () => pieceMessage(2, 16, bytesOf(9, 8, 7)),
      bytes: bytesOf(0, 0, 0, 12, 7, 0, 0, 0, 2, 0, 0, 0, 16, 9, 8, 7),
    },
  ])('$name writes the BEP 3 byte layout with its length prefix', ({ make, bytes }) => {
    expect(make()).toEqual(bytes);
  });

  it('returns a fresh copy of each constant message, so a transferred or mutated buffer cannot leak', () => {
    for (const make of [enc.keepAlive, enc.choke, enc.unchoke, enc.interested, enc.notInterested]) {
      const a = make();
      const b = make();
      expect(a).not.toBe(b);
      expect(a.buffer).not.toBe(b.buffer);
      a.fill(0xee);
      expect(make()).toEqual(b);
    }
  });

  it('writes several piece messages into one pre-allocated buffer that decodes back into them', () => {
    const blocks = [new Uint8Array(100).fill(1), new Uint8Array(16384).fill(2), new Uint8Array(5).fill(3)];
    const total = blocks.reduce((n, b) => n + PIECE_HEADER_LENGTH + b.length, 0);
    const batch = new Uint8Array(total);
    let at = 0;
    blocks.forEach((block, i) => {
      const blockAt = writePieceHeader(batch, at, i, i * 16384, block.length);
      expect(blockAt).toBe(at + PIECE_HEADER_LENGTH);
      batch.set(block, blockAt);
      at = blockAt + block.length;
    });
    const d = new WireDecoder({ handshake: false });
    d.push(batch);
    const out: WireMessage[] = [];
    for (let m = d.next(); m !== null; m = d.next()) out.push(m as WireMessage);
    expect(out).toEqual(blocks.map((block, i) => ({ type: 'piece', index: i, begin: i * 16384, block })));
  });

  it('pieceMessage matches a header written with writePieceHeader followed by the block', () => {
    const block = new Uint8Array(16384).map((_, i) => i & 0xff);
    const expected = new Uint8Array(PIECE_HEADER_LENGTH + block.length);
    writePieceHeader(expected, 0, 77, 49152, block.length);
    expected.set(block, PIECE_HEADER_LENGTH);
    expect(pieceMessage(77, 49152, block)).toEqual(expected);
  });

  it('refuses to write a piece header that would overflow the target buffer', () => {
    expect(() => writePieceHeader(new Uint8Array(20), 8, 0, 0, 0)).toThrow(RangeError);
    expect(() => writePieceHeader(new Uint8Array(20), 0, 0, 0, 8)).toThrow(RangeError);
    expect(writePieceHeader(new Uint8Array(20), 0, 0, 0, 7)).toBe(13);
  });

  it.each([
    { name: 'a negative have index', make: () => enc.have(-1) },
    { name: 'a have index of 2^32', make: () => enc.have(2 ** 32) },
    { name: 'a fractional request begin', make: () => enc.request(0, 0.5, 16384) },
    { name: 'a port above 65535', make: () => enc.port(65536) },
    { name: 'an extended id above 255', make: () => enc.extended(256, new Uint8Array(0)) },
  ])('rejects $name as a caller bug instead of wrapping it on the wire', ({ make }) => {
    expect(make).toThrow(RangeError);
  });
});

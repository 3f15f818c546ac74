import { describe, expect, it } from 'vitest';
import { isEngineError } from '../../../../src/engine/errors.ts';
import {
  checkHandshakePrefix,
  decodeHandshake,
  encodeHandshake,
  HANDSHAKE_LENGTH,
  ourReserved,
  supportsExtensions,
} from '../../../../src/engine/wire/handshake.ts';
import { bytesOf } from './feed.ts';

const PSTR = new TextEncoder().encode('\x13BitTorrent protocol');
const infoHash = Uint8Array.from({ length: 20 }, (_, i) => 0xa0 + i);
const peerId = new TextEncoder().encode('-WW0300-abcdefghijkl'); // WebTorrent's peer id prefix

describe('handshake', () => {
  it('lays out pstrlen, pstr, reserved, info hash and peer id in 68 bytes (BEP 3)', () => {
    const bytes = encodeHandshake({ infoHash, peerId });
    expect(bytes.length).toBe(HANDSHAKE_LENGTH);
    expect(bytes.subarray(0, 20)).toEqual(PSTR);
    expect(bytes.subarray(20, 28)).toEqual(bytesOf(0, 0, 0, 0, 0, 0x10, 0, 0));
    expect(bytes.subarray(28, 48)).toEqual(infoHash);
    expect(bytes.subarray(48, 68)).toEqual(peerId);
  });

  it('sets only the BEP 10 bit in our reserved bytes', () => {
    expect(ourReserved()).toEqual(bytesOf(0, 0, 0, 0, 0, 0x10, 0, 0));
    expect(supportsExtensions(ourReserved())).toBe(true);
  });

  it.each([
    { name: 'all zero', reserved: bytesOf(0, 0, 0, 0, 0, 0, 0, 0), extended: false },
    { name: 'WebTorrent (extension protocol + DHT)', reserved: bytesOf(0, 0, 0, 0, 0, 0x10, 0, 1), extended: true },
    { name: 'libtorrent (extension + fast + DHT)', reserved: bytesOf(0, 0, 0, 0, 0, 0x10, 0, 5), extended: true },
    {
      name: 'every bit but the extension bit',
      reserved: bytesOf(255, 255, 255, 255, 255, 0xef, 255, 255),
      extended: false,
    },
  ])('reads the extension-protocol bit from $name reserved bytes', ({ reserved, extended }) => {
    expect(supportsExtensions(reserved)).toBe(extended);
  });

  it('writes caller-given reserved bytes unchanged', () => {
    const reserved = bytesOf(1, 2, 3, 4, 5, 6, 7, 8);
    expect(encodeHandshake({ reserved, infoHash, peerId }).subarray(20, 28)).toEqual(reserved);
  });

  it('decodes what it encodes, as views of the 68 input bytes', () => {
    const reserved = bytesOf(0, 0, 0, 0, 0, 0x10, 0, 1);
    const bytes = encodeHandshake({ reserved, infoHash, peerId });
    const hs = decodeHandshake(bytes);
    expect(hs).toEqual({ reserved, infoHash, peerId });
    expect(hs.infoHash.buffer).toBe(bytes.buffer);
  });

  it.each([
    { name: 'a short reserved', init: { reserved: new Uint8Array(7), infoHash, peerId } },
    { name: 'a 32-byte (v2) info hash', init: { infoHash: new Uint8Array(32), peerId } },
    { name: 'a short peer id', init: { infoHash, peerId: new Uint8Array(19) } },
  ])('refuses to encode $name', ({ init }) => {
    expect(() => encodeHandshake(init)).toThrow(RangeError);
  });

  it('accepts every prefix of a valid handshake and rejects the first wrong byte', () => {
    const bytes = encodeHandshake({ infoHash, peerId });
    for (let n = 0; n <= HANDSHAKE_LENGTH; n++) expect(() => checkHandshakePrefix(bytes.subarray(0, n))).not.toThrow();
    for (let i = 0; i < 20; i++) {
      const bad = bytes.slice(0, i + 1);
      bad[i]! ^= 0x20;
      let code = '';
      try {
        checkHandshakePrefix(bad);
      } catch (e) {
        if (isEngineError(e)) code = e.code;
      }
      expect(code, `byte ${i}`).toBe('WIRE_BAD_HANDSHAKE');
    }
  });

  it('refuses to decode anything but exactly 68 bytes', () => {
    const bytes = encodeHandshake({ infoHash, peerId });
    const bad = expect.objectContaining({ code: 'WIRE_BAD_HANDSHAKE' });
    expect(() => decodeHandshake(bytes.subarray(0, 67))).toThrow(bad);
    expect(() => decodeHandshake(new Uint8Array([...bytes, 0]))).toThrow(bad);
  });
});

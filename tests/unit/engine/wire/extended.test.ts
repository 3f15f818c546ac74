import { describe, expect, it } from 'vitest';
import { isEngineError, type EngineError } from '../../../../src/engine/errors.ts';
import { WireDecoder } from '../../../../src/engine/wire/decoder.ts';
import { extended } from '../../../../src/engine/wire/encoder.ts';
import {
  decodeExtendedHandshake,
  encodeExtendedHandshake,
  EXTENDED_HANDSHAKE_ID,
} from '../../../../src/engine/wire/extended.ts';
import type { ExtendedHandshake } from '../../../../src/engine/wire/messages.ts';

const text = (s: string): Uint8Array => new TextEncoder().encode(s);
/** One byte per char: for vectors holding raw binary (yourip). */
const latin1 = (s: string): Uint8Array => Uint8Array.from(s, (c) => c.charCodeAt(0));

function engineError(fn: () => unknown): EngineError {
  try {
    fn();
  } catch (e) {
    if (isEngineError(e)) return e;
    throw e;
  }
  throw new Error('expected an EngineError');
}

/** Real-world payloads of extended message 0 and what we read from them. */
const VECTORS: readonly { name: string; payload: Uint8Array; handshake: ExtendedHandshake }[] = [
  {
    // Captured from node_modules/bittorrent-protocol 4.x with ut_metadata + lt_donthave, as WebTorrent uses it in
    // browsers (ut_pex is node-only), for a 78-byte info dict: `m` from extendedMapping plus ut_metadata's
    // metadata_size; no v, no reqq.
    name: 'WebTorrent (browser) with metadata',
    payload: text('d1:md11:lt_donthavei2e11:ut_metadatai1ee13:metadata_sizei78ee'),
    handshake: { m: { lt_donthave: 2, ut_metadata: 1 }, metadataSize: 78 },
  },
  {
    name: 'WebTorrent (browser) fetching metadata from a magnet',
    payload: text('d1:md11:lt_donthavei2e11:ut_metadatai1eee'),
    handshake: { m: { lt_donthave: 2, ut_metadata: 1 } },
  },
  {
    // The shape libtorrent's bt_peer_connection::write_extensions writes: negative complete_ago, 4-byte yourip,
    // upload_only both as an extension and as a flag.
    name: 'libtorrent / qBittorrent',
    payload: latin1(
      'd12:complete_agoi-1e1:md11:lt_donthavei7e10:share_modei8e11:upload_onlyi3e12:ut_holepunchi4e' +
        '11:ut_metadatai2e6:ut_pexi1ee13:metadata_sizei31235e1:pi6881e4:reqqi2000e11:upload_onlyi1e' +
        '1:v17:qBittorrent/4.6.46:yourip4:\xc0\xa8\x01\x02e',
    ),
    handshake: {
      m: { lt_donthave: 7, share_mode: 8, upload_only: 3, ut_holepunch: 4, ut_metadata: 2, ut_pex: 1 },
      metadataSize: 31235,
      p: 6881,
      reqq: 2000,
      v: 'qBittorrent/4.6.4',
    },
  },
  {
    // BEP 10's example: {'m': {'LT_metadata': 1, 'ut_pex': 2}, 'p': 6881, 'v': 'µTorrent 1.2'}
    name: 'the BEP 10 example',
    payload: text('d1:md11:LT_metadatai1e6:ut_pexi2ee1:pi6881e1:v13:µTorrent 1.2e'),
    handshake: { m: { LT_metadata: 1, ut_pex: 2 }, p: 6881, v: 'µTorrent 1.2' },
  },
];

describe('BEP 10 extension handshake', () => {
  it.each(VECTORS)('reads the handshake $name sends', ({ payload, handshake }) => {
    expect({ ...decodeExtendedHandshake(payload) }).toEqual(handshake);
  });

  it('reads a WebTorrent handshake straight off the wire', () => {
    // The whole message bittorrent-protocol wrote: <len=0x3f><id=20><ext id=0><payload>.
    const wire = new Uint8Array([0, 0, 0, 0x3f, 20, 0, ...VECTORS[0]!.payload]);
    const d = new WireDecoder({ handshake: false });
    d.push(wire);
    const m = d.next();
    if (m === null || !('type' in m) || m.type !== 'extended') throw new Error('expected an extended message');
    expect(m.id).toBe(EXTENDED_HANDSHAKE_ID);
    expect(decodeExtendedHandshake(m.payload).metadataSize).toBe(78);
  });

  it('writes WebTorrent’s handshake byte for byte (keys sorted, only present fields)', () => {
    expect(encodeExtendedHandshake(VECTORS[0]!.handshake)).toEqual(VECTORS[0]!.payload);
    expect(encodeExtendedHandshake(VECTORS[1]!.handshake)).toEqual(VECTORS[1]!.payload);
  });

  it('round-trips every field it knows', () => {
    const h: ExtendedHandshake = {
      m: { ut_metadata: 3, ut_pex: 0 },
      v: 'Rivulet 0.1 ✓',
      reqq: 250,
      metadataSize: 0,
      p: 1,
    };
    expect({ ...decodeExtendedHandshake(encodeExtendedHandshake(h)) }).toEqual(h);
    expect(extended(0, encodeExtendedHandshake(h))[5]).toBe(0);
  });

  it('keeps non-ASCII extension names as UTF-8 text', () => {
    const h = decodeExtendedHandshake(text('d1:md7:µT_PEXi2eee'));
    expect(Object.keys(h.m)).toEqual(['µT_PEX']);
    expect(encodeExtendedHandshake(h)).toEqual(text('d1:md7:µT_PEXi2eee'));
  });

  it('reads a disabled extension (id 0) as 0', () => {
    expect(decodeExtendedHandshake(text('d1:md11:ut_metadatai0eee')).m).toEqual({ ut_metadata: 0 });
  });

  it('ignores entries of m that are not byte-sized integers', () => {
    const payload = text('d1:md1:ai-1e1:bi256e1:c1:x1:dli1ee1:ede1:fi255e1:gi7eee');
    expect({ ...decodeExtendedHandshake(payload).m }).toEqual({ f: 255, g: 7 });
  });

  it('treats a missing or non-dict m as no extensions', () => {
    expect({ ...decodeExtendedHandshake(text('de')).m }).toEqual({});
    expect({ ...decodeExtendedHandshake(text('d1:mli1eee')).m }).toEqual({});
    expect({ ...decodeExtendedHandshake(text('d1:m3:abce')).m }).toEqual({});
  });

  it('does not let an m key named __proto__ touch the prototype', () => {
    const h = decodeExtendedHandshake(text('d1:md9:__proto__i5eee'));
    expect(Object.keys(h.m)).toEqual(['__proto__']);
    expect(Object.hasOwn(h.m, '__proto__')).toBe(true);
    expect(h.m['__proto__']).toBe(5);
    expect(Object.getPrototypeOf(h.m)).toBeNull();
  });

  it('ignores wrongly typed optional fields (v, reqq, p) and unknown keys', () => {
    const payload = text('d1:md11:ut_metadatai1ee1:p4:68814:reqqi-5e1:vi3e7:unknownd1:xleee');
    expect({ ...decodeExtendedHandshake(payload) }).toEqual({ m: { ut_metadata: 1 } });
    expect(decodeExtendedHandshake(text('d1:pi70000ee')).p).toBeUndefined();
    expect(decodeExtendedHandshake(text('d1:pi0ee')).p).toBeUndefined();
  });

  it.each([
    { name: 'a negative integer', payload: 'd13:metadata_sizei-1ee', details: { type: 'integer', value: -1 } },
    { name: 'a string', payload: 'd13:metadata_size3:100e', details: { type: 'string' } },
    { name: 'a list', payload: 'd13:metadata_sizeli1eee', details: { type: 'list' } },
  ])('rejects a metadata_size that is $name', ({ payload, details }) => {
    const e = engineError(() => decodeExtendedHandshake(text(payload)));
    expect(e.code).toBe('WIRE_BAD_EXTENDED');
    expect(e.details).toEqual(details);
  });

  it.each([
    { name: 'a list', payload: 'li1ee', details: { type: 'list' } },
    { name: 'an integer', payload: 'i42e', details: { type: 'integer' } },
    { name: 'a string', payload: '2:hi', details: { type: 'string' } },
  ])('rejects a payload that is $name instead of a dict', ({ payload, details }) => {
    const e = engineError(() => decodeExtendedHandshake(text(payload)));
    expect(e.code).toBe('WIRE_BAD_EXTENDED');
    expect(e.details).toEqual(details);
  });

  it.each([
    { name: 'an empty payload', payload: '', cause: 'BENCODE_UNEXPECTED_END' },
    { name: 'a truncated dict', payload: 'd1:md11:ut_metadatai1e', cause: 'BENCODE_UNEXPECTED_END' },
    { name: 'bytes after the dict', payload: 'd1:mdeeXYZ', cause: 'BENCODE_TRAILING_DATA' },
    { name: 'garbage', payload: '\x00\xff', cause: 'BENCODE_INVALID_TOKEN' },
  ])('rejects $name as WIRE_BAD_EXTENDED, keeping the bencode cause', ({ payload, cause }) => {
    const e = engineError(() => decodeExtendedHandshake(latin1(payload)));
    expect(e.code).toBe('WIRE_BAD_EXTENDED');
    expect(e.details['cause']).toBe(cause);
  });

  it('refuses to encode an m id that is not a byte, or a negative count', () => {
    expect(() => encodeExtendedHandshake({ m: { ut_metadata: 256 } })).toThrow(RangeError);
    expect(() => encodeExtendedHandshake({ m: {}, reqq: -1 })).toThrow(RangeError);
    expect(() => encodeExtendedHandshake({ m: {}, metadataSize: 1.5 })).toThrow(RangeError);
  });
});

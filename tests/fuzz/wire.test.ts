// Fuzz targets for the wire codec: seeded random and mutated streams at random splits. The decoders may only yield
// messages or throw EngineError; decode-then-encode gives back the bytes; nothing yielded exceeds the length limit.

import { describe, expect, it } from 'vitest';
import { isEngineError } from '../../src/engine/errors.ts';
import { isHandshake, WireDecoder } from '../../src/engine/wire/decoder.ts';
import { encodeMessage } from '../../src/engine/wire/encoder.ts';
import { decodeExtendedHandshake, encodeExtendedHandshake } from '../../src/engine/wire/extended.ts';
import { encodeHandshake } from '../../src/engine/wire/handshake.ts';
import type { Handshake, WireMessage } from '../../src/engine/wire/messages.ts';
import {
  decodeMetadataMessage,
  encodeMetadataMessage,
  MetadataAssembler,
} from '../../src/engine/wire/ut-metadata.ts';

/** mulberry32: small, fast, and the same sequence on every run. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Rand = () => number;
const int = (r: Rand, n: number): number => Math.floor(r() * n);
const randomBytes = (r: Rand, n: number): Uint8Array => Uint8Array.from({ length: n }, () => int(r, 256));

function concat(parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/** Cuts `bytes` at random points into fresh chunks (sometimes one byte each). */
function randomChunks(r: Rand, bytes: Uint8Array): Uint8Array[] {
  const out: Uint8Array[] = [];
  const tiny = r() < 0.1;
  let at = 0;
  while (at < bytes.length) {
    const n = tiny ? 1 : 1 + int(r, 64 + (r() < 0.2 ? bytes.length : 0));
    out.push(bytes.slice(at, at + n));
    at += n;
  }
  return out;
}

function randomMessage(r: Rand): Exclude<WireMessage, { type: 'unknown' }> {
  const u32 = (): number => int(r, 2 ** 32);
  switch (int(r, 12)) {
    case 0: return { type: 'keep-alive' };
    case 1: return { type: 'choke' };
    case 2: return { type: 'unchoke' };
    case 3: return { type: 'interested' };
    case 4: return { type: 'not-interested' };
    case 5: return { type: 'have', index: u32() };
    case 6: return { type: 'bitfield', bits: randomBytes(r, int(r, 40)) };
    case 7: return { type: 'request', index: u32(), begin: u32(), length: u32() };
    case 8: return { type: 'piece', index: u32(), begin: u32(), block: randomBytes(r, int(r, 300)) };
    case 9: return { type: 'cancel', index: u32(), begin: u32(), length: u32() };
    case 10: return { type: 'port', port: int(r, 65536) };
    default: return { type: 'extended', id: int(r, 256), payload: randomBytes(r, int(r, 50)) };
  }
}

/** Random bytes shaped like messages (small length prefixes, often a matching id) so parsing gets further. */
function messageShapedNoise(r: Rand): Uint8Array {
  const fixed = [1, 1, 1, 1, 5, 0, 13, 0, 13, 3];
  const parts: Uint8Array[] = [];
  for (let i = int(r, 20); i > 0; i--) {
    const id = r() < 0.7 ? int(r, 22) : int(r, 256);
    const length = r() < 0.7 && (fixed[id] ?? 0) > 0 ? fixed[id]! : int(r, 24);
    const body = randomBytes(r, length);
    if (length > 0) body[0] = id;
    parts.push(Uint8Array.of(0, 0, 0, length), body);
  }
  return concat(parts);
}

function mutate(r: Rand, bytes: Uint8Array): Uint8Array {
  let b: Uint8Array = bytes.slice();
  for (let i = 1 + int(r, 4); i > 0 && b.length > 0; i--) {
    const at = int(r, b.length);
    switch (int(r, 4)) {
      case 0:
        b[at] = int(r, 256);
        break;
      case 1:
        b = concat([b.subarray(0, at), randomBytes(r, 1 + int(r, 8)), b.subarray(at)]);
        break;
      case 2:
        b = concat([b.subarray(0, at), b.subarray(at + 1 + int(r, 8))]);
        break;
      default:
        b = b.subarray(0, at);
    }
  }
  return b;
}

function payloadSize(m: Handshake | WireMessage): number {
  if (isHandshake(m)) return 68;
  switch (m.type) {
    case 'bitfield': return m.bits.length;
    case 'piece': return m.block.length + 8;
    case 'extended': return m.payload.length + 1;
    default: return 0;
  }
}

interface Outcome {
  readonly messages: (Handshake | WireMessage)[];
  readonly error: unknown;
}

/** Feeds the chunks; checks every yielded value against the limit. Returns what came out and the error, if any. */
function run(chunks: readonly Uint8Array[], handshake: boolean, max?: number): Outcome {
  const d = new WireDecoder(max === undefined ? { handshake } : { handshake, maxMessageLength: max });
  const messages: (Handshake | WireMessage)[] = [];
  let pushed = 0;
  try {
    for (const chunk of chunks) {
      d.push(chunk);
      pushed += chunk.length;
      for (let m = d.next(); m !== null; m = d.next()) {
        expect(payloadSize(m)).toBeLessThanOrEqual(Math.max(68, d.maxMessageLength));
        messages.push(m);
      }
      expect(d.bufferedBytes).toBeLessThanOrEqual(pushed);
    }
  } catch (e) {
    return { messages, error: e };
  }
  return { messages, error: null };
}

function expectOnlyEngineErrors(outcome: Outcome): void {
  if (outcome.error !== null && !isEngineError(outcome.error)) throw outcome.error;
}

const ROUNDS = 400;

describe('wire decoder fuzz', () => {
  it('yields messages or throws EngineError on random bytes', () => {
    const r = rng(0x5eed0001);
    for (let i = 0; i < ROUNDS; i++) {
      const bytes = randomBytes(r, int(r, 3000));
      expectOnlyEngineErrors(run(randomChunks(r, bytes), r() < 0.5, r() < 0.5 ? 16 + int(r, 2000) : undefined));
    }
  });

  it('yields messages or throws EngineError on message-shaped noise, and re-encodes what it decoded exactly', () => {
    const r = rng(0x5eed0002);
    let decodedSome = 0;
    for (let i = 0; i < ROUNDS * 2; i++) {
      const bytes = messageShapedNoise(r);
      const outcome = run(randomChunks(r, bytes), false);
      expectOnlyEngineErrors(outcome);
      // Decode-then-encode: the decoded prefix of the stream comes back byte for byte.
      let at = 0;
      for (const m of outcome.messages) {
        if (isHandshake(m)) throw new Error('no handshake expected');
        if (m.type === 'unknown') {
          at += 4 + m.length;
          continue;
        }
        const again = encodeMessage(m);
        expect(again).toEqual(bytes.subarray(at, at + again.length));
        at += again.length;
        decodedSome++;
      }
    }
    expect(decodedSome).toBeGreaterThan(1000);
  });

  it('decodes valid random streams at random splits into exactly the messages encoded', () => {
    const r = rng(0x5eed0003);
    for (let i = 0; i < ROUNDS; i++) {
      const messages = Array.from({ length: 1 + int(r, 30) }, () => randomMessage(r));
      const hs = encodeHandshake({
        infoHash: randomBytes(r, 20),
        peerId: randomBytes(r, 20),
        reserved: randomBytes(r, 8),
      });
      const stream = concat([hs, ...messages.map(encodeMessage)]);
      const outcome = run(randomChunks(r, stream), true);
      expect(outcome.error).toBeNull();
      expect(outcome.messages.slice(1)).toEqual(messages);
      const again = outcome.messages.slice(1).map((m) => encodeMessage(m as Exclude<WireMessage, { type: 'unknown' }>));
      expect(concat(again)).toEqual(stream.subarray(68));
    }
  });

  it('yields messages or throws EngineError on mutated valid streams', () => {
    const r = rng(0x5eed0004);
    let errors = 0;
    for (let i = 0; i < ROUNDS * 2; i++) {
      const messages = Array.from({ length: 1 + int(r, 20) }, () => randomMessage(r));
      const withHandshake = r() < 0.3;
      const parts = messages.map(encodeMessage);
      if (withHandshake) parts.unshift(encodeHandshake({ infoHash: randomBytes(r, 20), peerId: randomBytes(r, 20) }));
      const outcome = run(randomChunks(r, mutate(r, concat(parts))), withHandshake, r() < 0.3 ? 64 : undefined);
      expectOnlyEngineErrors(outcome);
      if (outcome.error !== null) errors++;
    }
    expect(errors).toBeGreaterThan(50); // the mutations do reach the error paths
  });
});

describe('extension payload fuzz', () => {
  it('extension handshakes decode or throw EngineError, whatever the bytes', () => {
    const r = rng(0x5eed0005);
    const valid = encodeExtendedHandshake({
      m: { ut_metadata: 1, lt_donthave: 2 },
      v: 'x',
      reqq: 9,
      metadataSize: 1234,
    });
    for (let i = 0; i < ROUNDS * 2; i++) {
      const payload = r() < 0.5 ? mutate(r, valid) : randomBytes(r, int(r, 80));
      try {
        const h = decodeExtendedHandshake(payload);
        for (const id of Object.values(h.m)) expect(id >= 0 && id <= 255).toBe(true);
        const size = h.metadataSize;
        if (size !== undefined) expect(Number.isSafeInteger(size) && size >= 0).toBe(true);
      } catch (e) {
        if (!isEngineError(e)) throw e;
      }
    }
  });

  it('ut_metadata messages decode or throw EngineError, and an assembler only takes consistent pieces', () => {
    const r = rng(0x5eed0006);
    const valid = encodeMetadataMessage({ type: 'data', piece: 1, totalSize: 20000, data: randomBytes(r, 3616) });
    for (let i = 0; i < ROUNDS * 2; i++) {
      const payload = r() < 0.7 ? mutate(r, valid) : randomBytes(r, int(r, 80));
      const assembler = new MetadataAssembler(20000);
      try {
        const m = decodeMetadataMessage(payload);
        if (m?.type === 'data') {
          assembler.add(m);
          expect(m.totalSize).toBe(20000);
          expect(m.data.length).toBe(m.piece === 0 ? 16384 : 3616);
        }
      } catch (e) {
        if (!isEngineError(e)) throw e;
      }
    }
  });
});

// Fuzz target: the peer wire decoder (BEP 3) with BEP 10 extension handshakes and BEP 9 ut_metadata payloads.
// Streams (random, message-shaped, valid, mutated, with inflated length prefixes) arrive at random splits. The
// decoder may only yield messages or throw an EngineError; what it yields stays under its limit, it never holds
// more than it was given, and a valid stream decodes to exactly the messages encoded.

import { isEngineError } from '../../../src/engine/errors.ts';
import { isHandshake, WireDecoder } from '../../../src/engine/wire/decoder.ts';
import { encodeMessage } from '../../../src/engine/wire/encoder.ts';
import { decodeExtendedHandshake, encodeExtendedHandshake } from '../../../src/engine/wire/extended.ts';
import { encodeHandshake } from '../../../src/engine/wire/handshake.ts';
import type { Handshake, WireMessage } from '../../../src/engine/wire/messages.ts';
import { decodeMetadataMessage, encodeMetadataMessage, MAX_METADATA_SIZE, MetadataAssembler } from '../../../src/engine/wire/ut-metadata.ts';
import { check, concat, latin1, mutateBytes, preview } from '../harness.ts';
import type { FuzzTarget, Outcome, Rand } from '../harness.ts';

type Known = Exclude<WireMessage, { type: 'unknown' }>;

interface Input {
  readonly chunks: readonly Uint8Array[];
  readonly handshake: boolean;
  readonly max?: number;
  /** Set when the stream is valid: the messages it must decode to. */
  readonly expected?: readonly Known[];
}

const te = new TextEncoder();
const UT_METADATA_ID = 3;

function extendedPayload(r: Rand, corpus: readonly Uint8Array[]): Uint8Array {
  const valid = r.pick<() => Uint8Array>([
    () => encodeExtendedHandshake({ m: { ut_metadata: UT_METADATA_ID, lt_donthave: 7 }, v: 'x', reqq: 250, metadataSize: r.int(40000) }),
    () => encodeMetadataMessage({ type: 'data', piece: r.int(3), totalSize: 20000, data: r.bytes(r.chance(0.5) ? 16384 : 3616) }),
    () => encodeMetadataMessage({ type: r.chance(0.5) ? 'request' : 'reject', piece: r.int(4) }),
    () => te.encode(`d8:msg_typei1e5:piecei${r.pick(['-1', '9007199254740991', '0'])}e10:total_sizei${r.pick(['0', '-1', `${MAX_METADATA_SIZE + 1}`, '9007199254740991', '20000'])}ee`),
    () => te.encode(`d13:metadata_sizei${r.pick(['-1', '9007199254740991', '1e3', '0'])}e1:md11:ut_metadatai${r.pick(['256', '-1', '3'])}eee`),
  ])();
  if (r.chance(0.5)) return valid;
  return r.chance(0.3) ? r.bytes(r.int(80)) : mutateBytes(r, valid, corpus);
}

function randomMessage(r: Rand, corpus: readonly Uint8Array[]): Known {
  const u32 = (): number => r.chance(0.2) ? r.pick([0, 0xffffffff, 0x7fffffff, 16384]) : r.int(2 ** 32);
  switch (r.int(12)) {
    case 0: return { type: 'keep-alive' };
    case 1: return { type: 'choke' };
    case 2: return { type: 'unchoke' };
    case 3: return { type: 'interested' };
    case 4: return { type: 'not-interested' };
    case 5: return { type: 'have', index: u32() };
    case 6: return { type: 'bitfield', bits: r.bytes(r.int(40)) };
    case 7: return { type: 'request', index: u32(), begin: u32(), length: u32() };
    case 8: return { type: 'piece', index: u32(), begin: u32(), block: r.bytes(r.int(300)) };
    case 9: return { type: 'cancel', index: u32(), begin: u32(), length: u32() };
    case 10: return { type: 'port', port: r.int(65536) };
    default: return { type: 'extended', id: r.chance(0.7) ? r.pick([0, UT_METADATA_ID]) : r.int(256), payload: extendedPayload(r, corpus) };
  }
}

/** Random bytes shaped like messages (small length prefixes, often a matching id) so parsing gets further. */
function messageShaped(r: Rand): Uint8Array {
  const fixed = [1, 1, 1, 1, 5, 0, 13, 0, 13, 3];
  const parts: Uint8Array[] = [];
  for (let i = r.int(20); i > 0; i--) {
    const id = r.chance(0.7) ? r.int(22) : r.int(256);
    const length = r.chance(0.7) && (fixed[id] ?? 0) > 0 ? fixed[id]! : r.int(24);
    const body = r.bytes(length);
    if (length > 0) body[0] = id;
    parts.push(Uint8Array.of(0, 0, 0, length), body);
  }
  return concat(parts);
}

/** A valid stream with one length prefix replaced by a huge or off-by-one value. */
function inflated(r: Rand, parts: Uint8Array[], max: number): Uint8Array {
  const i = r.int(parts.length);
  const p = parts[i]!.slice();
  const v = r.pick([0xffffffff, 0x80000000, max + 1, max, max - 1, p.length - 3, p.length + 1]) >>> 0;
  p[0] = v >>> 24;
  p[1] = (v >>> 16) & 0xff;
  p[2] = (v >>> 8) & 0xff;
  p[3] = v & 0xff;
  parts[i] = p;
  return concat(parts);
}

function chunked(r: Rand, bytes: Uint8Array): Uint8Array[] {
  const out: Uint8Array[] = [];
  const tiny = r.chance(0.1);
  for (let at = 0; at < bytes.length; ) {
    const n = tiny ? 1 : 1 + r.int(64 + (r.chance(0.2) ? bytes.length : 0));
    out.push(bytes.subarray(at, at + n));
    at += n;
  }
  return out;
}

function payloadSize(m: Handshake | WireMessage): number {
  if (isHandshake(m)) return 68;
  if (m.type === 'bitfield') return m.bits.length;
  if (m.type === 'piece') return m.block.length + 8;
  if (m.type === 'extended') return m.payload.length + 1;
  return 0;
}

/** Extension payloads go through the BEP 10 and BEP 9 decoders, as the peer code routes them. */
function decodeExtension(m: Extract<WireMessage, { type: 'extended' }>): void {
  if (m.id === 0) {
    const h = decodeExtendedHandshake(m.payload);
    for (const id of Object.values(h.m)) check(Number.isInteger(id) && id >= 0 && id <= 255, 'extension id out of range');
    if (h.metadataSize !== undefined) check(Number.isSafeInteger(h.metadataSize) && h.metadataSize >= 0, 'bad metadata_size');
    return;
  }
  const msg = decodeMetadataMessage(m.payload);
  if (msg?.type !== 'data') return;
  const assembler = new MetadataAssembler(20000);
  assembler.add(msg);
  check(msg.totalSize === 20000 && msg.data.length === (msg.piece === 0 ? 16384 : 3616), 'assembler took an inconsistent piece');
}

export const wireTarget: FuzzTarget<Input> = {
  name: 'wire',
  generate(r, corpus) {
    const handshake = r.chance(0.3);
    const max = r.chance(0.3) ? 16 + r.int(2000) : undefined;
    const hs = handshake ? [encodeHandshake({ infoHash: r.bytes(20), peerId: r.bytes(20), reserved: r.bytes(8) })] : [];
    const messages = Array.from({ length: 1 + r.int(20) }, () => randomMessage(r, corpus));
    const parts = [...hs, ...messages.map(encodeMessage)];
    let bytes: Uint8Array;
    switch (r.int(6)) {
      case 0: bytes = r.bytes(r.int(3000)); break;
      case 1: bytes = messageShaped(r); break;
      case 2: bytes = inflated(r, parts.slice(hs.length), max ?? 16393); return { chunks: chunked(r, bytes), handshake: false, ...(max ? { max } : {}) };
      case 3: bytes = mutateBytes(r, r.chance(0.5) ? concat(parts) : r.pick(corpus), corpus); break;
      default: return { chunks: chunked(r, concat(parts)), handshake, expected: messages };
    }
    return { chunks: chunked(r, bytes), handshake, ...(max ? { max } : {}) };
  },
  run(input): Outcome {
    const d = new WireDecoder(input.max === undefined ? { handshake: input.handshake } : { handshake: input.handshake, maxMessageLength: input.max });
    const got: (Handshake | WireMessage)[] = [];
    let pushed = 0;
    let typed = false;
    const next = (): Handshake | WireMessage | null => {
      try {
        return d.next();
      } catch (e) {
        if (!isEngineError(e)) throw e;
        check(input.expected === undefined, `a valid stream was refused: ${e.message}`);
        check(d.bufferedBytes === 0, 'a failed decoder still holds bytes');
        typed = true;
        return null;
      }
    };
    for (const chunk of input.chunks) {
      d.push(chunk);
      pushed += chunk.length;
      for (let m = next(); m !== null; m = next()) {
        check(payloadSize(m) <= Math.max(68, d.maxMessageLength), 'a message over the length limit was yielded');
        got.push(m);
        if (!isHandshake(m) && m.type === 'extended' && input.expected === undefined) {
          try {
            decodeExtension(m);
          } catch (e) {
            if (!isEngineError(e)) throw e;
            typed = true; // the peer code drops a peer for this; the stream itself decodes on
          }
        }
      }
      if (typed && got.length === 0) break;
      check(d.bufferedBytes <= pushed, 'the decoder holds more than it was given');
    }
    if (typed) return 'typed';
    if (input.expected) {
      const messages = got.filter((m) => !isHandshake(m)) as Known[];
      check(messages.length === input.expected.length, `a valid stream gave ${messages.length} messages, not ${input.expected.length}`);
      messages.forEach((m, i) => check(latin1(encodeMessage(m)) === latin1(encodeMessage(input.expected![i]!)), `message ${i} decoded differently`));
    }
    return 'ok';
  },
  show: (input) =>
    `${input.handshake ? 'handshake ' : ''}${input.max ? `max ${input.max} ` : ''}chunks ${input.chunks.map((c) => c.length).join(',')} bytes ${preview(latin1(concat(input.chunks)), 600)}`,
};

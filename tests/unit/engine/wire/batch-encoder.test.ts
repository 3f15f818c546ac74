// Batched wire messages: what one send carries decodes to the same messages, in order, as the single encoders give.

import { describe, expect, it } from 'vitest';
import { encodePiecesInto, encodeRequests, piecesLength, sendScratch } from '../../../../src/engine/wire/batch-encoder.ts';
import { WireDecoder } from '../../../../src/engine/wire/decoder.ts';
import { pieceMessage, request } from '../../../../src/engine/wire/encoder.ts';
import type { WireMessage } from '../../../../src/engine/wire/messages.ts';

function decodeAll(bytes: Uint8Array): WireMessage[] {
  const d = new WireDecoder({ handshake: false });
  d.push(bytes);
  const out: WireMessage[] = [];
  for (let m = d.next(); m !== null; m = d.next()) out.push(m as WireMessage);
  return out;
}

describe('batch encoder', () => {
  it('encodes requests back to back, byte for byte as one request() each', () => {
    const reqs = [
      { index: 0, begin: 0, length: 16384 },
      { index: 7, begin: 32768, length: 100 },
      { index: 0xfffffffe, begin: 0, length: 1 },
    ];
    const joined = new Uint8Array(reqs.flatMap((r) => [...request(r.index, r.begin, r.length)]));
    expect(encodeRequests(reqs)).toEqual(joined);
    expect(encodeRequests([])).toHaveLength(0);
  });

  it('encodes piece messages back to back into a larger buffer, each decodable in place', () => {
    const blocks = [
      { index: 2, begin: 0, data: Uint8Array.of(1, 2, 3) },
      { index: 2, begin: 3, data: Uint8Array.of(4) },
      { index: 9, begin: 16384, data: new Uint8Array(16384).fill(5) },
    ];
    const total = piecesLength(blocks);
    expect(total).toBe(13 * 3 + 3 + 1 + 16384);
    const out = new Uint8Array(total + 50).fill(0xee);
    expect(encodePiecesInto(out, blocks)).toBe(total);
    const single = blocks.flatMap((b) => [...pieceMessage(b.index, b.begin, b.data)]);
    expect(out.subarray(0, total)).toEqual(new Uint8Array(single));
    expect(decodeAll(out.subarray(0, total)).map((m) => (m.type === 'piece' ? [m.index, m.begin, m.block.length] : m.type))).toEqual([
      [2, 0, 3],
      [2, 3, 1],
      [9, 16384, 16384],
    ]);
  });

  it('refuses a buffer too small for the batch', () => {
    expect(() => encodePiecesInto(new Uint8Array(20), [{ index: 0, begin: 0, data: new Uint8Array(8) }])).toThrow(RangeError);
  });

  it('reuses one scratch buffer, grown when a batch needs more', () => {
    const a = sendScratch(100);
    expect(a.length).toBeGreaterThanOrEqual(64 * 1024);
    expect(sendScratch(200)).toBe(a);
    const big = sendScratch(a.length + 1);
    expect(big.length).toBe(a.length + 1);
    expect(sendScratch(10)).toBe(big);
  });
});

// RemotePieces: a peer's piece set from bitfield and have messages, checked against the piece count, held back
// (bounded) until a magnet's piece count is known, and repeated haves counted as flooding past a limit.

import { describe, expect, it } from 'vitest';
import { EngineError } from '../../../../src/engine/errors.ts';
import { Geometry } from '../../../../src/engine/metainfo/geometry.ts';
import { RemotePieces, redundantHaveLimit } from '../../../../src/engine/peer/remote-pieces.ts';

const g = new Geometry(10 * 16384, 16384); // 10 pieces

function codeOf(f: () => unknown): string | undefined {
  try {
    f();
  } catch (e) {
    return e instanceof EngineError ? e.code : String(e);
  }
  return undefined;
}

describe('RemotePieces', () => {
  it('learns pieces from haves, news once per piece', () => {
    const r = new RemotePieces();
    expect(r.onHave(3, g)).toBe(true);
    expect(r.onHave(3, g)).toBe(false);
    expect(r.has?.get(3)).toBe(true);
    expect(codeOf(() => r.onHave(10, g))).toBe('WIRE_BAD_PIECE_INDEX');
  });

  it('takes a valid bitfield and refuses one of the wrong size or after haves', () => {
    const r = new RemotePieces();
    expect(r.onBitfield(Uint8Array.of(0b10000000, 0b01000000), g)).toBe(true);
    expect(r.has?.get(0)).toBe(true);
    expect(r.has?.get(9)).toBe(true);
    expect(codeOf(() => new RemotePieces().onBitfield(Uint8Array.of(1), g))).toBe('WIRE_BAD_BITFIELD');
    const late = new RemotePieces();
    late.onHave(1, g);
    expect(codeOf(() => late.onBitfield(Uint8Array.of(0, 0), g))).toBe('WIRE_BAD_BITFIELD');
  });

  it('holds what came before the metadata and checks it once the piece count is known', () => {
    const r = new RemotePieces();
    const bits = Uint8Array.of(0b00100000, 0);
    expect(r.onBitfield(bits, null)).toBe(false);
    bits.fill(0); // the channel chunk it viewed is reused
    expect(r.onHave(7, null)).toBe(false);
    expect(r.has).toBeNull();
    r.setGeometry(g);
    expect(r.has?.get(2)).toBe(true);
    expect(r.has?.get(7)).toBe(true);

    const liar = new RemotePieces();
    liar.onHave(12, null);
    expect(codeOf(() => liar.setGeometry(g))).toBe('WIRE_BAD_PIECE_INDEX');
  });

  it('counts repeated haves and calls a stream of them flooding', () => {
    const r = new RemotePieces();
    r.onHave(0, g);
    const max = redundantHaveLimit(g.pieceCount);
    for (let i = 0; i < max; i++) r.onHave(0, g);
    expect(codeOf(() => r.onHave(0, g))).toBe('PEER_FLOODING');
  });
});

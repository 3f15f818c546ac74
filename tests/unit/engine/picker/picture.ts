// Picture-style setup for piece picker tests (after libtorrent test_piece_picker.cpp `setup_picker`): a picker and
// its peers are drawn as strings, one character per piece, and every picker call is followed by checkInvariants().

import { Bitfield } from '../../../../src/engine/bitfield.ts';
import { BLOCK_SIZE, Geometry } from '../../../../src/engine/metainfo/geometry.ts';
import { PiecePicker, PieceState, type BlockRequest, type BlockResult, type PickerPeer } from '../../../../src/engine/picker/piece-picker.ts';

export interface Picture {
  /** '1' = we have the piece ('1100'). */
  readonly have?: string;
  /** Non-seed peers having each piece, one digit per piece ('3121'); must count the peers that pick. */
  readonly avail?: string;
  /** Priority per piece, 0 (skip) to 7 ('4404'); all 4 when omitted. */
  readonly prio?: string;
  /** Seeds connected (counted once for every piece). */
  readonly seeds?: number;
  /** Blocks per piece (2 unless given). */
  readonly blocks?: number;
  /** Bytes of the last piece when it is shorter than the others. */
  readonly lastPieceBytes?: number;
  /** Source of the candidate order's randomness (a seeded PRNG by default). */
  readonly random?: () => number;
}

export interface Setup {
  /** The picker; every method call on it is followed by checkInvariants(). */
  readonly picker: PiecePicker;
  readonly geometry: Geometry;
}

/** A small seeded PRNG (mulberry32) so "random" orders reproduce. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Seeds that tests which must hold for any candidate order run under. */
export const SEEDS = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12];

export function setupPicker(p: Picture): Setup {
  const n = Math.max(p.have?.length ?? 0, p.avail?.length ?? 0, p.prio?.length ?? 0);
  if (n === 0) throw new Error('a picture needs at least one string');
  for (const s of [p.have, p.avail, p.prio]) if (s !== undefined && s.length !== n) throw new Error(`picture strings differ in length: ${s}`);
  const blocks = p.blocks ?? 2;
  const pieceLength = blocks * BLOCK_SIZE;
  const length = p.lastPieceBytes === undefined ? n * pieceLength : (n - 1) * pieceLength + p.lastPieceBytes;
  const geometry = new Geometry(length, pieceLength);
  const priorities = p.prio ? Uint8Array.from(p.prio, (c) => Number(c)) : new Uint8Array(n).fill(4);
  const picker = new PiecePicker(geometry, bits(p.have ?? '0'.repeat(n)), priorities, p.random ?? prng(1));
  picker.checkInvariants();
  const checked = checkedPicker(picker);
  if (p.avail) for (let i = 0; i < n; i++) for (let k = Number(p.avail[i]); k > 0; k--) checked.peerHas(i);
  for (let k = p.seeds ?? 0; k > 0; k--) checked.addSeed();
  return { picker: checked, geometry };
}

/** A bitfield from a picture string ('1' = set). */
export function bits(picture: string): Bitfield {
  const b = new Bitfield(picture.length);
  for (let i = 0; i < picture.length; i++) if (picture[i] === '1') b.set(i);
  return b;
}

/** A peer as the picker sees it: the pieces it has ('0110'), or a seed, plus what was requested of it. */
export interface TestPeer extends PickerPeer {
  readonly outstanding: Map<number, number>;
  /** Block key -> "piece.block", for every request ever picked for this peer. */
  readonly asked: Map<number, string>;
}

export function peer(has: string): TestPeer {
  return { has: bits(has), outstanding: new Map(), asked: new Map() };
}

export function seedPeer(): TestPeer {
  return { has: null, outstanding: new Map(), asked: new Map() };
}

/** Picks up to `max` blocks for `who` and records them as outstanding (what Peer.sendRequests does). */
export function pick(picker: PiecePicker, who: TestPeer, max = 100): BlockRequest[] {
  const out: BlockRequest[] = [];
  const n = picker.pick(who, max, out);
  if (n !== out.length) throw new Error(`pick returned ${n} but appended ${out.length}`);
  for (const r of out) {
    who.outstanding.set(r.key, 0);
    who.asked.set(r.key, names([r])[0]!);
  }
  return out;
}

/** Requests as "piece.block" strings, in the order they were picked. */
export function names(requests: readonly BlockRequest[]): string[] {
  return requests.map((r) => `${r.index}.${r.begin / BLOCK_SIZE}`);
}

/** Picks and names in one go. */
export function picks(picker: PiecePicker, who: TestPeer, max = 100): string[] {
  return names(pick(picker, who, max));
}

/** Block `name` ("2.1") of the picker's torrent arrives from `who` (which must have asked for it). */
export function receive(picker: PiecePicker, who: TestPeer, name: string): BlockResult {
  const { index, begin } = parse(name);
  const key = picker.blockKey(index, begin);
  if (!who.outstanding.delete(key)) throw new Error(`${name} was not requested from this peer`);
  return picker.blockReceived(index, begin);
}

/** Every outstanding request of `who` arrives; returns the results in order. */
export function receiveAll(picker: PiecePicker, who: TestPeer): BlockResult[] {
  return [...who.outstanding.keys()].map((key) => receive(picker, who, who.asked.get(key)!));
}

/** The request for block `name` of `who` is dropped (choke, timeout, disconnect). */
export function drop(picker: PiecePicker, who: TestPeer, name: string): void {
  const { index, begin } = parse(name);
  if (!who.outstanding.delete(picker.blockKey(index, begin))) throw new Error(`${name} was not requested from this peer`);
  picker.requestDropped(index, begin);
}

/** Drops everything outstanding with `who`. */
export function dropAll(picker: PiecePicker, who: TestPeer): void {
  for (const key of [...who.outstanding.keys()]) drop(picker, who, who.asked.get(key)!);
}

const STATE_LETTER: Record<number, string> = {
  [PieceState.Queued]: 'Q',
  [PieceState.InFlight]: 'I',
  [PieceState.Verifying]: 'V',
  [PieceState.Have]: 'H',
  [PieceState.NotNeeded]: 'N',
};

/** Piece states as a picture: Q queued, I in flight, V verifying, H have, N not needed ("HHIQN"). */
export function states(picker: PiecePicker, pieceCount: number): string {
  let s = '';
  for (let i = 0; i < pieceCount; i++) s += STATE_LETTER[picker.pieceState(i)];
  return s;
}

/** Availability of every piece as a list (seeds included). */
export function availability(picker: PiecePicker, pieceCount: number): number[] {
  return Array.from({ length: pieceCount }, (_, i) => picker.availabilityOf(i));
}

function parse(name: string): { index: number; begin: number } {
  const [index, block] = name.split('.').map(Number);
  return { index: index!, begin: block! * BLOCK_SIZE };
}

/** Wraps a picker so that every method call is followed by checkInvariants() (libtorrent's check_invariant). */
function checkedPicker(picker: PiecePicker): PiecePicker {
  return new Proxy(picker, {
    get(target, key) {
      const value: unknown = Reflect.get(target, key, target);
      if (typeof value !== 'function' || key === 'checkInvariants') return value;
      return (...args: unknown[]): unknown => {
        const result: unknown = (value as (...a: unknown[]) => unknown).apply(target, args);
        target.checkInvariants();
        return result;
      };
    },
  });
}

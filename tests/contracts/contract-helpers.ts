// Helpers of the storage and resume-db contracts: byte assertions, seeded data, layouts, ranges. No Node, no DOM.

import { EngineError, type EngineErrorCode } from '../../src/engine/errors.ts';
import type { TorrentFile } from '../../src/engine/metainfo/types.ts';
import type { PieceStore, StoreFactory, StoreLayout } from '../../src/engine/ports.ts';

export function fail(message: string): never {
  throw new Error(message);
}

/** Compares two byte arrays; on mismatch names the first differing index and a few bytes around it. */
export function assertEqualBytes(actual: Uint8Array, expected: Uint8Array, what: string): void {
  if (actual.length !== expected.length) fail(`${what}: length ${actual.length}, expected ${expected.length}`);
  for (let i = 0; i < actual.length; i++) {
    if (actual[i] !== expected[i]) {
      const around = (b: Uint8Array): string => Array.from(b.subarray(Math.max(0, i - 2), i + 3)).join(',');
      fail(`${what}: first difference at byte ${i}: got [${around(actual)}], expected [${around(expected)}] (from ${Math.max(0, i - 2)})`);
    }
  }
}

export function assertEqual<T>(actual: T, expected: T, what: string): void {
  if (actual !== expected) fail(`${what}: got ${String(actual)}, expected ${String(expected)}`);
}

/** Awaits `p` and checks it rejected with an EngineError of `code`. */
export async function assertRejects(p: Promise<unknown>, code: EngineErrorCode, what: string): Promise<void> {
  try {
    await p;
  } catch (e) {
    if (e instanceof EngineError && e.code === code) return;
    const got = e instanceof EngineError ? `EngineError ${e.code}` : e instanceof Error ? `${e.name}: ${e.message}` : String(e);
    fail(`${what}: rejected with ${got}, expected EngineError ${code}`);
  }
  fail(`${what}: resolved, expected EngineError ${code}`);
}

/** Deterministic bytes (xorshift32), so a failure reproduces with the same data. */
export function seededBytes(length: number, seed: number): Uint8Array {
  const out = new Uint8Array(length);
  const words = new Uint32Array(out.buffer, 0, length >> 2);
  let x = seed >>> 0 || 0x9e3779b9;
  for (let i = 0; i < words.length; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    words[i] = x >>> 0;
  }
  for (let i = words.length * 4; i < length; i++) out[i] = (i * 31 + seed) & 0xff || 1;
  return out;
}

/** A fresh random info hash, so checks sharing one factory (and reruns on a persistent disk) never collide. */
export function randomInfoHash(): string {
  const b = crypto.getRandomValues(new Uint8Array(20));
  return Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
}

export interface FileSpec {
  readonly path: string;
  readonly length: number;
  readonly pad?: boolean;
}

/** A layout with offsets laid end to end, as a parsed metainfo would give. */
export function makeLayout(pieceLength: number, specs: readonly FileSpec[], infoHashHex = randomInfoHash()): StoreLayout {
  let offset = 0;
  const files: TorrentFile[] = specs.map((s) => {
    const path = s.path.split('/');
    const f: TorrentFile = { path, safePath: path, name: s.path, length: s.length, offset, pad: !!s.pad, attr: s.pad ? 'p' : '' };
    offset += s.length;
    return f;
  });
  return { infoHashHex, pieceLength, pieceCount: Math.ceil(offset / pieceLength), length: offset, files };
}

/**
 * Piece length 1024, 4097 bytes, 5 pieces: piece 0 spans three files (and two empty ones), piece 1 ends in a
 * pad file, piece 4 is one byte long.
 */
export function multiFileLayout(infoHashHex?: string): StoreLayout {
  return makeLayout(
    1024,
    [
      { path: 'first-empty', length: 0 },
      { path: 'a/b/one.bin', length: 700 },
      { path: 'a/two.bin', length: 200 },
      { path: 'a/empty.txt', length: 0 },
      { path: 'three.bin', length: 300 },
      { path: '.pad/848', length: 848, pad: true },
      { path: 'c/d/e/big.bin', length: 2049 },
    ],
    infoHashHex,
  );
}

/** The whole torrent as pieces of `seed`-derived bytes; pad ranges hold non-zero junk a store must drop. */
export function torrentBytes(layout: StoreLayout, seed: number): Uint8Array {
  return seededBytes(layout.length, seed);
}

/** What reading the torrent back should give after writing `written` pieces of `data`: pads and holes are zero. */
export function expectedBytes(layout: StoreLayout, data: Uint8Array, written: Iterable<number>): Uint8Array {
  const out = new Uint8Array(layout.length);
  for (const p of written) {
    const start = p * layout.pieceLength;
    out.set(data.subarray(start, Math.min(layout.length, start + layout.pieceLength)), start);
  }
  for (const f of layout.files) if (f.pad) out.fill(0, f.offset, f.offset + f.length);
  return out;
}

export function piece(layout: StoreLayout, data: Uint8Array, index: number): Uint8Array {
  const start = index * layout.pieceLength;
  return data.subarray(start, Math.min(layout.length, start + layout.pieceLength));
}

/** Bitfield bytes (BEP 3 order) with exactly `indexes` set. */
export function bitsOf(pieceCount: number, indexes: Iterable<number>): Uint8Array {
  const out = new Uint8Array(Math.ceil(pieceCount / 8));
  for (const i of indexes) out[i >> 3]! |= 0x80 >> (i & 7);
  return out;
}

/** A fixed shuffle (not Math.random), so a failing order can be replayed. */
export function shuffled(n: number, seed: number): number[] {
  const a = Array.from({ length: n }, (_, i) => i);
  let x = seed >>> 0 || 1;
  for (let i = n - 1; i > 0; i--) {
    x = (Math.imul(x, 1103515245) + 12345) >>> 0;
    const j = x % (i + 1);
    [a[i], a[j]] = [a[j]!, a[i]!];
  }
  return a;
}

/** Every file's whole range, every boundary-straddling range, and pseudo-random ranges of the torrent. */
export function rangesToRead(layout: StoreLayout, seed: number): [number, number][] {
  const ranges: [number, number][] = [[0, layout.length], [0, 0], [layout.length, 0]];
  for (const f of layout.files) {
    ranges.push([f.offset, f.length]);
    if (f.offset > 0 && f.offset < layout.length) ranges.push([f.offset - 1, Math.min(2, layout.length - f.offset + 1)]);
  }
  for (let p = 1; p < layout.pieceCount; p++) {
    const b = p * layout.pieceLength;
    ranges.push([b - 1, 2], [b - 5, Math.min(10, layout.length - b + 5)]);
  }
  let x = seed >>> 0 || 7;
  for (let i = 0; i < 40; i++) {
    x = (Math.imul(x, 1103515245) + 12345) >>> 0;
    const offset = x % layout.length;
    x = (Math.imul(x, 1103515245) + 12345) >>> 0;
    ranges.push([offset, x % (layout.length - offset + 1)]);
  }
  return ranges;
}

export async function assertReadsMatch(store: PieceStore, expected: Uint8Array, ranges: [number, number][], what: string): Promise<void> {
  for (const [offset, length] of ranges) {
    assertEqualBytes(await store.read(offset, length), expected.subarray(offset, offset + length), `${what}: read(${offset}, ${length})`);
  }
}

/** One torrent's store across reopens: `reopen()` closes and opens again, as a page reload would. */
export class OpenTorrent {
  constructor(
    readonly factory: StoreFactory,
    readonly layout: StoreLayout,
    public store: PieceStore,
  ) {}

  async reopen(): Promise<PieceStore> {
    await this.store.close();
    this.store = await this.factory.open(this.layout);
    return this.store;
  }
}

/** Opens, runs `body`, and always destroys, so a failing check leaves nothing behind on a real disk. */
export async function withStore(
  factory: StoreFactory,
  layout: StoreLayout,
  body: (t: OpenTorrent) => Promise<void>,
): Promise<void> {
  const t = new OpenTorrent(factory, layout, await factory.open(layout));
  let failed = true;
  try {
    await body(t);
    failed = false;
  } finally {
    try {
      await t.store.destroy();
    } catch (e) {
      // Cleanup must not hide the check's own failure.
      if (!failed) throw e;
    }
  }
}

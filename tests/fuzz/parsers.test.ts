// Seeded mutation fuzzing of the untrusted-input parsers: bencode, .torrent files, BEP 9 info dicts, magnets.
// Each must either succeed or throw an EngineError: never another error type, never hang.

import { describe, expect, it } from 'vitest';
import { decode, encode } from '../../src/engine/bencode/index.ts';
import type { BEncodable } from '../../src/engine/bencode/index.ts';
import { EngineError } from '../../src/engine/errors.ts';
import { parseMagnet, parseTorrentId } from '../../src/engine/metainfo/magnet.ts';
import { metainfoFromInfo, parseTorrent } from '../../src/engine/metainfo/metainfo.ts';
import { subtleHasher } from '../../src/platform/subtle-hasher.ts';
import { buildInfo, buildTorrent } from '../unit/engine/metainfo/fixtures.ts';

/** mulberry32: small, fast, and the same sequence on every run. */
function rng(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = seed;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const BENCODE_BYTES = [...'ield:-0123456789'].map((c) => c.charCodeAt(0));

function mutateBytes(input: Uint8Array, r: () => number): Uint8Array {
  let out = input.slice();
  const ops = 1 + Math.floor(r() * 4);
  for (let k = 0; k < ops; k++) {
    const at = Math.floor(r() * (out.length + 1));
    switch (Math.floor(r() * 7)) {
      case 0: // flip a random bit
        if (out.length) out[Math.min(at, out.length - 1)]! ^= 1 << Math.floor(r() * 8);
        break;
      case 1: // plant a bencode-significant byte
        if (out.length) out[Math.min(at, out.length - 1)] = BENCODE_BYTES[Math.floor(r() * BENCODE_BYTES.length)]!;
        break;
      case 2: // truncate
        out = out.slice(0, at);
        break;
      case 3: {
        // delete a range
        const n = Math.floor(r() * 16);
        out = new Uint8Array([...out.subarray(0, at), ...out.subarray(at + n)]);
        break;
      }
      case 4: {
        // duplicate a range (repeats keys, nests values)
        const n = Math.floor(r() * 40);
        out = new Uint8Array([...out.subarray(0, at + n), ...out.subarray(at, at + n), ...out.subarray(at + n)]);
        break;
      }
      case 5: {
        // insert digits (inflates lengths and integers)
        const digits = Array.from({ length: 1 + Math.floor(r() * 12) }, () => 48 + Math.floor(r() * 10));
        out = new Uint8Array([...out.subarray(0, at), ...digits, ...out.subarray(at)]);
        break;
      }
      default:
        if (out.length) out[Math.min(at, out.length - 1)] = Math.floor(r() * 256);
    }
  }
  return out;
}

function expectEngineErrorOnly(e: unknown, input: string): void {
  if (!(e instanceof EngineError)) {
    throw new Error(`non-EngineError ${String(e)} for input ${input}`);
  }
}

const seeds: Uint8Array[] = [
  buildTorrent({ length: 50000, root: { 'announce-list': [['wss://a'], ['wss://b', 'wss://c']], 'url-list': ['https://s/'] } }),
  buildTorrent({
    name: 'folder',
    files: [
      { path: ['a', 'b.txt'], length: 100 },
      { path: ['.pad', '16284'], length: 16284, attr: 'p' },
      { path: ['c'], length: 0 },
      { path: ['d'], length: 20000 },
    ],
    info: { 'meta version': 2, 'file tree': { a: { 'b.txt': { '': { length: 100 } } }, d: { '': { length: 20000 } } } },
    root: { comment: 'fuzz', 'creation date': 1, 'piece layers': {} },
  }),
  encode(buildInfo({ name: 'info-only', files: [{ path: ['x'], length: 40000 }] })),
];

describe('fuzz: bencode', () => {
  it('decode succeeds or throws EngineError on 3000 mutations, and strict successes re-encode exactly', () => {
    const r = rng(1);
    let ok = 0;
    for (let i = 0; i < 3000; i++) {
      const input = mutateBytes(seeds[i % seeds.length]!, r);
      try {
        const v = decode(input, { strict: true });
        ok++;
        // Canonical bencode has one encoding per value: anything strict decoding accepts must re-encode to itself.
        expect(Buffer.from(encode(v as BEncodable)).equals(input)).toBe(true);
      } catch (e) {
        expectEngineErrorOnly(e, Buffer.from(input).toString('latin1'));
      }
    }
    expect(ok).toBeGreaterThan(0);
  });
});

describe('fuzz: torrents', () => {
  it('parseTorrent and metainfoFromInfo succeed or throw EngineError on 3000 mutations', async () => {
    const r = rng(2);
    const codes = new Map<string, number>();
    let ok = 0;
    for (let i = 0; i < 3000; i++) {
      const input = mutateBytes(seeds[i % seeds.length]!, r);
      const parser = i % seeds.length === 2 ? metainfoFromInfo : parseTorrent;
      try {
        const m = await parser(input, subtleHasher);
        ok++;
        // A success must be internally consistent.
        expect(m.pieceHashes.length).toBe(m.pieceCount * 20);
        expect(m.files.reduce((s, f) => s + f.length, 0)).toBe(m.length);
      } catch (e) {
        expectEngineErrorOnly(e, Buffer.from(input).toString('latin1'));
        const code = (e as EngineError).code;
        codes.set(code, (codes.get(code) ?? 0) + 1);
      }
    }
    expect(ok).toBeGreaterThan(0);
    // The mutations reach past the bencode layer into the metainfo checks.
    expect([...codes.keys()].some((c) => c.startsWith('METAINFO_'))).toBe(true);
    if (process.env['FUZZ_STATS']) console.log({ ok, codes: Object.fromEntries(codes) });
  });
});

/** Replaces one random node of a decoded tree with a random value: reaches the metainfo checks past bencode. */
function mutateTree(v: BEncodable, r: () => number): BEncodable {
  const pick = (): BEncodable => {
    const k = Math.floor(r() * 7);
    if (k === 0) return Math.floor((r() - 0.3) * 2 ** (r() * 53));
    if (k === 1) return new Uint8Array(Math.floor(r() * 45));
    if (k === 2) return [];
    if (k === 3) return new Map();
    if (k === 4) return [new Uint8Array(0)];
    if (k === 5) return 0;
    return new Uint8Array([0x2e, 0x2e]);
  };
  if (r() < 0.25) return pick();
  if (Array.isArray(v) && v.length > 0) {
    const copy = [...(v as BEncodable[])];
    const i = Math.floor(r() * copy.length);
    copy[i] = mutateTree(copy[i]!, r);
    return r() < 0.1 ? copy.slice(0, i) : copy;
  }
  if (v instanceof Map && v.size > 0) {
    const copy = new Map(v as Map<string, BEncodable>);
    const keys = [...copy.keys()];
    const key = keys[Math.floor(r() * keys.length)]!;
    if (r() < 0.15) copy.delete(key);
    else copy.set(key, mutateTree(copy.get(key)!, r));
    return copy;
  }
  return pick();
}

describe('fuzz: torrent structure', () => {
  it('parseTorrent succeeds or throws EngineError on 3000 well-formed but mutated trees', async () => {
    const r = rng(5);
    const codes = new Set<string>();
    for (let i = 0; i < 3000; i++) {
      const tree = decode(seeds[i % 2]!) as BEncodable;
      let mutated = tree;
      for (let k = 1 + Math.floor(r() * 3); k > 0; k--) mutated = mutateTree(mutated, r);
      const input = encode(mutated);
      try {
        const m = await parseTorrent(input, subtleHasher);
        expect(m.pieceHashes.length).toBe(m.pieceCount * 20);
      } catch (e) {
        expectEngineErrorOnly(e, Buffer.from(input).toString('latin1'));
        codes.add((e as EngineError).code);
      }
    }
    for (const c of ['METAINFO_BAD_FIELD', 'METAINFO_BAD_PIECES', 'METAINFO_BAD_PATH']) expect(codes).toContain(c);
  });
});

const MAGNETS = [
  'magnet:?xt=urn:btih:c12fe1c06bba254a9dc9f519b335aa7c1367a88a&dn=Big+Buck%20Bunny&xl=276134947' +
    '&tr=wss%3A%2F%2Ftracker.btorrent.xyz&tr.1=udp%3A%2F%2Fx%3A1&ws=https%3A%2F%2Fw%2F&so=0,2,4-6&x.pe=1.2.3.4:5',
  'magnet:?xt=urn:btih:YEX6DQDLXISUVHOJ6UM3GNNKPQJWPKEK&xt=urn:btmh:1220' + 'ab'.repeat(32) + '&dn=%C3%A9t%C3%A9',
  'c12fe1c06bba254a9dc9f519b335aa7c1367a88a',
];
const MAGNET_CHARS = '%&=+?:.,-#0123456789abcdefxtrwsodnlXZ \u00e9\ud83d';

function mutateText(input: string, r: () => number): string {
  let s = input;
  const ops = 1 + Math.floor(r() * 4);
  for (let k = 0; k < ops; k++) {
    const at = Math.floor(r() * (s.length + 1));
    const op = Math.floor(r() * 4);
    if (op === 0) s = s.slice(0, at) + MAGNET_CHARS[Math.floor(r() * MAGNET_CHARS.length)] + s.slice(at);
    else if (op === 1) s = s.slice(0, at) + s.slice(at + 1 + Math.floor(r() * 8));
    else if (op === 2) s = s.slice(0, at);
    else s = s.slice(0, at) + s.slice(Math.max(0, at - 20), at) + s.slice(at);
  }
  return s;
}

describe('fuzz: magnets', () => {
  it('parseMagnet and parseTorrentId succeed or throw EngineError on 5000 mutations', () => {
    const r = rng(3);
    let ok = 0;
    for (let i = 0; i < 5000; i++) {
      const input = mutateText(MAGNETS[i % MAGNETS.length]!, r);
      for (const parser of [parseMagnet, parseTorrentId]) {
        try {
          const m = parser(input);
          ok++;
          expect(m.infoHash.length).toBe(20);
        } catch (e) {
          expectEngineErrorOnly(e, input);
        }
      }
    }
    expect(ok).toBeGreaterThan(0);
  });

  it('handles random text after the scheme', () => {
    const r = rng(4);
    let rejected = 0;
    for (let i = 0; i < 1000; i++) {
      const input = 'magnet:?' + String.fromCharCode(...Array.from({ length: Math.floor(r() * 60) }, () => Math.floor(r() * 0x3000)));
      try {
        parseMagnet(input);
      } catch (e) {
        expectEngineErrorOnly(e, input);
        rejected++;
      }
    }
    expect(rejected).toBe(1000);
  });
});

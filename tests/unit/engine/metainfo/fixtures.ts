// Builds .torrent bytes for metainfo tests: real piece hashes over deterministic file contents.

import { createHash } from 'node:crypto';
import { encode } from '../../../../src/engine/bencode/index.ts';
import type { BEncodable } from '../../../../src/engine/bencode/index.ts';

export const te = new TextEncoder();

export function sha1(data: Uint8Array): Uint8Array {
  return new Uint8Array(createHash('sha1').update(data).digest());
}

/** Deterministic content: byte i of file `seed` is (i * 31 + seed * 7) & 0xff. */
export function content(length: number, seed: number): Uint8Array {
  const out = new Uint8Array(length);
  for (let i = 0; i < length; i++) out[i] = (i * 31 + seed * 7) & 0xff;
  return out;
}

export function pieceHashes(data: Uint8Array, pieceLength: number): Uint8Array {
  const count = Math.ceil(data.length / pieceLength);
  const out = new Uint8Array(count * 20);
  for (let i = 0; i < count; i++) out.set(sha1(data.subarray(i * pieceLength, (i + 1) * pieceLength)), i * 20);
  return out;
}

export interface FixtureFile {
  path: string[];
  length: number;
  attr?: string;
  /** Pad files are zeros; others get content(length, index). */
}

/** The concatenated v1 data of `files` (pad files as zeros). */
export function layoutData(files: readonly FixtureFile[]): Uint8Array {
  const total = files.reduce((s, f) => s + f.length, 0);
  const out = new Uint8Array(total);
  let o = 0;
  files.forEach((f, i) => {
    if (!f.attr?.includes('p')) out.set(content(f.length, i), o);
    o += f.length;
  });
  return out;
}

export interface TorrentSpec {
  name?: string;
  pieceLength?: number;
  /** Multi-file when set; otherwise single-file of `length`. */
  files?: FixtureFile[];
  length?: number;
  /** Extra or overriding info keys (set a key to undefined to delete it). */
  info?: Record<string, BEncodable | undefined>;
  /** Extra root keys. */
  root?: Record<string, BEncodable | undefined>;
}

export function buildInfo(spec: TorrentSpec): Record<string, BEncodable> {
  const pieceLength = spec.pieceLength ?? 16384;
  const info: Record<string, BEncodable | undefined> = { name: spec.name ?? 'test', 'piece length': pieceLength };
  let data: Uint8Array;
  if (spec.files) {
    info['files'] = spec.files.map((f) => ({ length: f.length, path: f.path, ...(f.attr ? { attr: f.attr } : {}) }));
    data = layoutData(spec.files);
  } else {
    const length = spec.length ?? 40000;
    info['length'] = length;
    data = content(length, 0);
  }
  info['pieces'] = pieceHashes(data, pieceLength);
  Object.assign(info, spec.info ?? {});
  return strip(info);
}

function strip(o: Record<string, BEncodable | undefined>): Record<string, BEncodable> {
  const out: Record<string, BEncodable> = {};
  for (const [k, v] of Object.entries(o)) if (v !== undefined) out[k] = v;
  return out;
}

export function buildTorrent(spec: TorrentSpec = {}): Uint8Array {
  const root = strip({ announce: 'wss://tracker.example/announce', info: buildInfo(spec), ...(spec.root ?? {}) });
  return encode(root);
}

/** Splices raw bencoded bytes: `d4:info<infoBytes>e` plus optional prefix entries. */
export function rawTorrent(infoBytes: Uint8Array, before = ''): Uint8Array {
  const head = te.encode(`d${before}4:info`);
  const out = new Uint8Array(head.length + infoBytes.length + 1);
  out.set(head);
  out.set(infoBytes, head.length);
  out[out.length - 1] = 0x65;
  return out;
}

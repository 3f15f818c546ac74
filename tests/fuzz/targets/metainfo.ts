// Fuzz target: .torrent files and BEP 9 info dicts (parseTorrent, metainfoFromInfo). Structure-aware torrents
// (hostile names, colliding paths, 2^53 lengths, odd piece lengths and private flags), trees mutated from the seed
// corpus, and mutated bytes. A success must be self-consistent and safe to store; a failure must be an EngineError.

import { decode, encode } from '../../../src/engine/bencode/index.ts';
import type { BEncodable } from '../../../src/engine/bencode/index.ts';
import { isEngineError } from '../../../src/engine/errors.ts';
import { metainfoFromInfo, MIN_PIECE_LENGTH, parseTorrent } from '../../../src/engine/metainfo/metainfo.ts';
import { isPowerOfTwo } from '../../../src/engine/metainfo/piece-length.ts';
import type { Metainfo } from '../../../src/engine/metainfo/types.ts';
import { subtleHasher } from '../../../src/platform/subtle-hasher.ts';
import { check, latin1, mutateBytes, nastyString, preview } from '../harness.ts';
import type { FuzzTarget, Outcome, Rand } from '../harness.ts';

interface Input {
  readonly bytes: Uint8Array;
  /** A bare info dict (metainfoFromInfo), not a whole .torrent. */
  readonly infoOnly: boolean;
}

const NAMES = ['a', 'A', 'a.1', 'a.txt', 'A.TXT', '_', '..', '.', 'a/b', 'a_b', '\u00e9', 'e\u0301', '.pad', 'CON', 'x '];
const PIECE_LENGTHS = [16384, 32768, 1 << 20, 1 << 27, 1 << 28, 0, -1, 1, 8192, 3 * 16384, 2 ** 53 - 1, 2 ** 31];
const LENGTHS = [0, 1, 100, 16384, 40000, 2 ** 32, 2 ** 53 - 1, -1];
const PRIVATE = [1, 0, -1, 2, 2 ** 53 - 1];

function name(r: Rand): BEncodable {
  if (r.chance(0.1)) return r.bytes(r.int(8)); // not UTF-8
  return r.chance(0.5) ? r.pick(NAMES) : nastyString(r, 8);
}

function randomTorrent(r: Rand): Uint8Array {
  const pieceLength = r.chance(0.7) ? 16384 : r.pick(PIECE_LENGTHS);
  const info: Record<string, BEncodable> = { name: r.chance(0.8) ? 'ok' : name(r), 'piece length': pieceLength };
  let total = 0;
  if (r.chance(0.2)) {
    total = r.chance(0.7) ? 1 + r.int(100_000) : r.pick(LENGTHS);
    info['length'] = total;
  } else {
    info['files'] = Array.from({ length: 1 + r.int(r.chance(0.05) ? 2000 : 8) }, () => {
      const length = r.chance(0.9) ? r.int(50_000) : r.pick(LENGTHS);
      total += length;
      const entry: Record<string, BEncodable> = { length, path: Array.from({ length: 1 + r.int(3) }, () => name(r)) };
      if (r.chance(0.1)) entry['attr'] = r.pick(['p', 'x', 'h', 'px', '']);
      if (r.chance(0.05)) entry['path.utf-8'] = [name(r)];
      return entry;
    });
  }
  if (r.chance(0.2)) info['private'] = r.pick(PRIVATE);
  if (r.chance(0.05)) info['name.utf-8'] = name(r);
  // Real piece hashes are not needed: the parser checks their count, and the count a 2^53 torrent asks for must
  // be refused before anything that size is allocated.
  const pieceBytes = pieceLength > 0 && total >= 0 ? Math.ceil(total / pieceLength) * 20 : 20;
  info['pieces'] = new Uint8Array(pieceBytes <= 200_000 && r.chance(0.9) ? pieceBytes : r.int(100));
  const root: Record<string, BEncodable> = { info };
  if (r.chance(0.3)) root['announce-list'] = [[nastyString(r)], []];
  if (r.chance(0.2)) root['url-list'] = r.chance(0.5) ? nastyString(r) : [nastyString(r), 5];
  return encode(root);
}

/** Replaces one random node of a decoded tree: reaches the metainfo checks past a valid bencode layer. */
function mutateTree(r: Rand, v: BEncodable): BEncodable {
  const pick = (): BEncodable => r.pick<() => BEncodable>([
    () => r.pick(LENGTHS), () => r.pick(PIECE_LENGTHS), () => r.bytes(r.int(45)), () => [], () => new Map(), () => [new Uint8Array(0)], () => name(r),
  ])();
  if (r.chance(0.25)) return pick();
  if (Array.isArray(v) && v.length > 0) {
    const copy = [...(v as BEncodable[])];
    const i = r.int(copy.length);
    copy[i] = mutateTree(r, copy[i]!);
    if (r.chance(0.1)) copy.push(copy[i]!);
    return copy;
  }
  if (v instanceof Map && v.size > 0) {
    const copy = new Map(v as Map<string, BEncodable>);
    const key = r.pick([...copy.keys()]);
    if (r.chance(0.15)) copy.delete(key);
    else copy.set(key, mutateTree(r, copy.get(key)!));
    return copy;
  }
  return pick();
}

const fold = (s: string): string => s.normalize('NFC').toLowerCase();
const LONE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** What a parsed torrent promises the rest of the engine and the storage layer. */
function checkMetainfo(m: Metainfo): void {
  check(m.infoHash.length === 20 && /^[0-9a-f]{40}$/.test(m.infoHashHex), 'bad info hash');
  check(isPowerOfTwo(m.pieceLength) && m.pieceLength >= MIN_PIECE_LENGTH, `piece length ${m.pieceLength} accepted`);
  check(m.pieceCount === Math.ceil(m.length / m.pieceLength) && m.pieceHashes.length === m.pieceCount * 20, 'piece count and hashes disagree');
  check(m.name !== '' && m.name !== '.' && m.name !== '..', `name ${JSON.stringify(m.name)} accepted`);
  check(typeof m.private === 'boolean', 'private is not a boolean');
  check(Number.isSafeInteger(m.length) && m.length > 0, 'impossible total length');
  let offset = 0;
  const files = new Set<string>();
  const folders = new Set<string>();
  for (const f of m.files) {
    check(f.offset === offset && Number.isSafeInteger(f.length) && f.length >= 0, 'files are not contiguous');
    offset += f.length;
    for (const c of f.safePath) {
      check(c !== '' && c !== '.' && c !== '..' && !/[/\\\u0000-\u001f]/.test(c) && !LONE.test(c), `unsafe component ${JSON.stringify(c)}`);
      check(new TextEncoder().encode(c).length <= 255, 'component over 255 bytes');
    }
    if (f.pad) continue;
    const key = f.safePath.map(fold).join('/');
    check(!files.has(key), `two files on ${key}`);
    files.add(key);
    for (let i = 1; i < f.safePath.length; i++) folders.add(f.safePath.slice(0, i).map(fold).join('/'));
  }
  check(offset === m.length, 'file lengths do not add up');
  for (const k of files) check(!folders.has(k), `a file and a folder on ${k}`);
}

export const metainfoTarget: FuzzTarget<Input> = {
  name: 'metainfo',
  generate(r, corpus) {
    const roll = r.int(10);
    if (roll < 4) return { bytes: randomTorrent(r), infoOnly: false };
    const base = roll < 6 ? randomTorrent(r) : r.pick(corpus);
    if (roll < 8) {
      let tree: BEncodable;
      try {
        tree = decode(base) as BEncodable;
      } catch {
        return { bytes: mutateBytes(r, base, corpus), infoOnly: false }; // a corpus entry that is bad bencode on purpose
      }
      for (let k = 1 + r.int(3); k > 0; k--) tree = mutateTree(r, tree);
      const info = tree instanceof Map ? tree.get('info') : undefined;
      if (info !== undefined && r.chance(0.2)) return { bytes: encode(info), infoOnly: true };
      return { bytes: encode(tree), infoOnly: false };
    }
    return { bytes: mutateBytes(r, base, corpus), infoOnly: false };
  },
  async run(input): Promise<Outcome> {
    let m: Metainfo;
    try {
      m = input.infoOnly ? await metainfoFromInfo(input.bytes, subtleHasher) : await parseTorrent(input.bytes, subtleHasher);
    } catch (e) {
      if (isEngineError(e) && (e.code.startsWith('METAINFO_') || e.code.startsWith('BENCODE_'))) return 'typed';
      throw e;
    }
    checkMetainfo(m);
    return 'ok';
  },
  show: (input) => `${input.infoOnly ? 'info dict' : 'torrent'} ${preview(latin1(input.bytes), 600)}`,
};

// Checks the pinned .torrent vectors in tests/vectors/metainfo (named by what they exercise or by defect).
// REGEN_VECTORS=1 npx vitest run tests/unit/engine/metainfo/vectors.test.ts rewrites them from the recipes below.

import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import createTorrentJs from 'create-torrent';
import parseTorrentJs from 'parse-torrent';
import { describe, expect, it } from 'vitest';
import { encode } from '../../../../src/engine/bencode/index.ts';
import { EngineError } from '../../../../src/engine/errors.ts';
import { parseTorrent } from '../../../../src/engine/metainfo/metainfo.ts';
import { subtleHasher } from '../../../../src/platform/subtle-hasher.ts';
import { buildInfo, buildTorrent, content, pieceHashes, rawTorrent, te } from './fixtures.ts';

const DIR = fileURLToPath(new URL('../../../vectors/metainfo/', import.meta.url));

interface Expected {
  readonly file: string;
  readonly about: string;
  readonly infoHash?: string;
  readonly name?: string;
  readonly length?: number;
  readonly pieceCount?: number;
  readonly hybrid?: boolean;
  /** [name, length, offset, pad] per file. */
  readonly files?: [string, number, number, boolean][];
  readonly safeNames?: string[];
  readonly error?: string;
}

const index = JSON.parse(readFileSync(`${DIR}index.json`, 'utf8')) as Expected[];

describe('pinned metainfo vectors', () => {
  it.each(index.map((v) => [v.file, v] as const))('%s', async (_file, v) => {
    const bytes = new Uint8Array(readFileSync(DIR + v.file));
    if (v.error) {
      const e = await parseTorrent(bytes, subtleHasher).catch((err: unknown) => err);
      expect(e).toBeInstanceOf(EngineError);
      expect((e as EngineError).code).toBe(v.error);
      return;
    }
    const m = await parseTorrent(bytes, subtleHasher);
    expect(m.infoHashHex).toBe(v.infoHash);
    expect(m.name).toBe(v.name);
    expect(m.length).toBe(v.length);
    expect(m.pieceCount).toBe(v.pieceCount);
    expect(m.hybrid).toBe(v.hybrid ?? false);
    expect(m.files.map((f) => [f.name, f.length, f.offset, f.pad])).toEqual(v.files);
    if (v.safeNames) expect(m.files.map((f) => f.safePath.join('/'))).toEqual(v.safeNames);
  });
});

// ---- Recipes (run only with REGEN_VECTORS=1) ----

function makeWithCreateTorrent(input: Parameters<typeof createTorrentJs>[0], opts: Parameters<typeof createTorrentJs>[1]) {
  return new Promise<Uint8Array>((resolve, reject) => createTorrentJs(input, opts, (e, t) => (e ? reject(e) : resolve(t))));
}

async function recipes(): Promise<{ file: string; about: string; bytes: Uint8Array; error?: string; safeNames?: boolean }[]> {
  const named = (d: Uint8Array, fullPath: string) => Object.assign(Buffer.from(d), { fullPath });
  const pieceLength = 16384;
  const hybridFiles = [
    { path: ['a.bin'], length: 20000 },
    { path: ['.pad', '12768'], length: 12768, attr: 'p' },
    { path: ['sub', 'b.txt'], length: 5000 },
  ];
  const fileTree = {
    'a.bin': { '': { length: 20000, 'pieces root': new Uint8Array(32).fill(1) } },
    sub: { 'b.txt': { '': { length: 5000, 'pieces root': new Uint8Array(32).fill(2) } } },
  };
  const unsortedInfo = new Uint8Array([
    ...te.encode('d4:name8:unsorted6:lengthi10e12:piece lengthi16384e6:pieces20:'),
    ...pieceHashes(new Uint8Array(10), pieceLength),
    0x65,
  ]);
  return [
    {
      file: 'webtorrent-multi-file.torrent',
      about: 'made by create-torrent 6: three files in nested folders, two tracker tiers, a web seed',
      bytes: await makeWithCreateTorrent(
        [named(content(20000, 1), 'album/cover.jpg'), named(content(5, 2), 'album/notes/readme.txt'), named(content(70000, 3), 'album/track 01.flac')],
        {
          creationDate: new Date(1700000000 * 1000),
          pieceLength,
          announceList: [['wss://a.example'], ['wss://b.example']],
          urlList: ['https://seed.example/'],
          createdBy: 'WebTorrent/create-torrent',
        },
      ),
    },
    {
      file: 'webtorrent-single-file.torrent',
      about: 'made by create-torrent 6: one file, default piece length',
      bytes: await makeWithCreateTorrent(Object.assign(Buffer.from(content(100001, 4)), { name: 'video.webm' }), {
        name: 'video.webm',
        creationDate: new Date(1700000000 * 1000),
        announceList: [['wss://tracker.example']],
      }),
    },
    {
      file: 'hybrid-libtorrent-layout.torrent',
      about: 'BEP 52 hybrid laid out as libtorrent does: .pad/<n> files with attr p, meta version 2, file tree, piece layers',
      bytes: encode({
        announce: 'wss://t',
        info: buildInfo({ name: 'hybrid', files: hybridFiles, pieceLength, info: { 'meta version': 2, 'file tree': fileTree } }),
        'piece layers': new Map([['\x01'.repeat(32), new Uint8Array(64)]]),
      }),
    },
    {
      file: 'unsorted-info-keys.torrent',
      about: 'info keys out of order: the info hash must cover the raw bytes, not a re-encoding',
      bytes: rawTorrent(unsortedInfo, '8:announce7:wss://t'),
    },
    {
      file: 'path-traversal-names.torrent',
      about: 'a torrent named ".." (libtorrent 2.0.8: "missing name in torrent file") holding hostile paths',
      error: 'METAINFO_BAD_FIELD',
      bytes: buildTorrent({
        name: '..',
        files: [
          { path: ['..', '..', 'etc', 'passwd'], length: 10 },
          { path: ['<img src=x onerror=alert(1)>.html'], length: 10 },
          { path: ['C:\\Windows', 'aux.txt'], length: 10 },
        ],
      }),
    },
    {
      file: 'path-traversal-components.torrent',
      about: 'hostile names: ../ components, separators, markup, a Windows device name, paths colliding after sanitising',
      bytes: buildTorrent({
        name: 'hostile',
        files: [
          { path: ['..', '..', 'etc', 'passwd'], length: 10 },
          { path: ['<img src=x onerror=alert(1)>.html'], length: 10 },
          { path: ['C:\\Windows', 'aux.txt'], length: 10 },
          { path: ['a/b'], length: 10 },
          { path: ['a_b'], length: 10 },
          { path: ['_'], length: 10 },
          { path: ['_', 'x'], length: 10 },
        ],
      }),
      safeNames: true,
    },
    { file: 'v2-only.torrent', about: 'BEP 52 v2-only: no pieces', error: 'METAINFO_V2_ONLY', bytes: encode({ info: { name: 'v2', 'piece length': pieceLength, 'meta version': 2, 'file tree': fileTree }, 'piece layers': {} }) },
    { file: 'bad-pieces-length.torrent', about: 'pieces 12 bytes short', error: 'METAINFO_BAD_PIECES', bytes: buildTorrent({ length: 40000, info: { pieces: new Uint8Array(48) } }) },
    { file: 'bad-empty-path-component.torrent', about: 'a file path with an empty component', error: 'METAINFO_BAD_PATH', bytes: buildTorrent({ info: { files: [{ length: 1, path: ['a', ''] }] } }) },
    { file: 'bad-piece-length-zero.torrent', about: 'piece length 0', error: 'METAINFO_BAD_FIELD', bytes: buildTorrent({ info: { 'piece length': 0 } }) },
    { file: 'bad-truncated.torrent', about: 'cut off mid-way', error: 'BENCODE_UNEXPECTED_END', bytes: buildTorrent().subarray(0, 80) },
    { file: 'bad-duplicate-key.torrent', about: 'the info key twice', error: 'BENCODE_DUPLICATE_KEY', bytes: te.encode('d4:infod4:name1:xe4:infod4:name1:yee') },
  ];
}

describe.skipIf(!process.env['REGEN_VECTORS'])('regenerate vectors', () => {
  it('writes the vector files and index.json', async () => {
    const out: Expected[] = [];
    for (const r of await recipes()) {
      writeFileSync(DIR + r.file, r.bytes);
      if (r.error) {
        out.push({ file: r.file, about: r.about, error: r.error });
        continue;
      }
      // Expected values come from our parser but the info hash is cross-checked against parse-torrent.
      const m = await parseTorrent(r.bytes, subtleHasher);
      const theirs = await parseTorrentJs(r.bytes).catch(() => null);
      if (theirs && r.file !== 'unsorted-info-keys.torrent') expect(theirs.infoHash).toBe(m.infoHashHex);
      out.push({
        file: r.file,
        about: r.about,
        infoHash: m.infoHashHex,
        name: m.name,
        length: m.length,
        pieceCount: m.pieceCount,
        hybrid: m.hybrid,
        files: m.files.map((f) => [f.name, f.length, f.offset, f.pad]),
        ...(r.safeNames ? { safeNames: m.files.map((f) => f.safePath.join('/')) } : {}),
      });
    }
    // One line per file tuple keeps the table readable.
    const json = JSON.stringify(out, null, 2).replace(/\[\n\s+("[^"]*"),\n\s+(\d+),\n\s+(\d+),\n\s+(true|false)\n\s+\]/g, '[$1, $2, $3, $4]');
    writeFileSync(`${DIR}index.json`, `${json}\n`);
  });
});

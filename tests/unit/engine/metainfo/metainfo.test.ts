import { describe, expect, it } from 'vitest';
import { decode, encode } from '../../../../src/engine/bencode/index.ts';
import type { BEncodable } from '../../../../src/engine/bencode/index.ts';
import { toHex } from '../../../../src/engine/bytes.ts';
import { EngineError } from '../../../../src/engine/errors.ts';
import type { EngineErrorCode } from '../../../../src/engine/errors.ts';
import { MAX_TORRENT_BYTES, metainfoFromInfo, parseTorrent } from '../../../../src/engine/metainfo/metainfo.ts';
import { subtleHasher } from '../../../../src/platform/subtle-hasher.ts';
import { buildInfo, buildTorrent, layoutData, pieceHashes, rawTorrent, sha1, te } from './fixtures.ts';

async function errorOf(p: Promise<unknown>): Promise<EngineError> {
  try {
    await p;
  } catch (e) {
    if (e instanceof EngineError) return e;
    throw new Error(`expected an EngineError, got ${String(e)}`);
  }
  throw new Error('expected an error, got none');
}

const parse = (bytes: Uint8Array) => parseTorrent(bytes, subtleHasher);

describe('parseTorrent: single file', () => {
  it('reads name, length, pieces and the info hash of the exact info bytes', async () => {
    const info = buildInfo({ name: 'movie.mkv', length: 40000, pieceLength: 16384 });
    const m = await parse(buildTorrent({ name: 'movie.mkv', length: 40000, pieceLength: 16384 }));
    expect(m.name).toBe('movie.mkv');
    expect(m.length).toBe(40000);
    expect(m.pieceLength).toBe(16384);
    expect(m.pieceCount).toBe(3);
    expect(m.pieceHashes).toEqual(info['pieces']);
    expect(m.multiFile).toBe(false);
    expect(m.hybrid).toBe(false);
    expect(m.private).toBe(false);
    expect(m.infoBytes).toEqual(encode(info));
    expect(m.infoHashHex).toBe(toHex(sha1(encode(info))));
    expect(m.infoHash).toEqual(sha1(encode(info)));
    expect(m.files).toEqual([
      { path: ['movie.mkv'], safePath: ['movie.mkv'], name: 'movie.mkv', length: 40000, offset: 0, pad: false, attr: '' },
    ]);
  });

  it('hashes the info bytes as found, even with unsorted keys that re-encoding would reorder', async () => {
    const pieces = pieceHashes(new Uint8Array(10), 16384);
    const unsorted = new Uint8Array([
      ...te.encode('d4:name1:x6:lengthi10e12:piece lengthi16384e6:pieces20:'),
      ...pieces,
      0x65,
    ]);
    const m = await parse(rawTorrent(unsorted));
    expect(m.infoHash).toEqual(sha1(unsorted));
    expect(m.infoHash).not.toEqual(sha1(encode(decode(unsorted) as BEncodable)));
    expect(m.infoBytes).toEqual(unsorted);
  });

  it('copies infoBytes and pieceHashes so later changes to the input do not leak in', async () => {
    const bytes = buildTorrent();
    const m = await parse(bytes);
    const before = m.pieceHashes.slice();
    bytes.fill(0);
    expect(m.pieceHashes).toEqual(before);
    expect(m.infoBytes[0]).toBe(0x64);
  });

  it('accepts a last piece of 1 byte', async () => {
    const m = await parse(buildTorrent({ length: 16385, pieceLength: 16384 }));
    expect(m.pieceCount).toBe(2);
    expect(m.pieceHashes.length).toBe(40);
  });
});

describe('parseTorrent: multi file', () => {
  const files = [
    { path: ['a.txt'], length: 100 },
    { path: ['docs', 'deep', 'b.md'], length: 16284 },
    { path: ['empty'], length: 0 },
    { path: ['docs', 'c.bin'], length: 1 },
  ];

  it('computes offsets in v1 order with the torrent name as the first path component', async () => {
    const m = await parse(buildTorrent({ name: 'album', files, pieceLength: 16384 }));
    expect(m.multiFile).toBe(true);
    expect(m.length).toBe(16385);
    expect(m.pieceCount).toBe(2);
    expect(m.files.map((f) => [f.name, f.offset, f.length])).toEqual([
      ['album/a.txt', 0, 100],
      ['album/docs/deep/b.md', 100, 16284],
      ['album/empty', 16384, 0],
      ['album/docs/c.bin', 16384, 1],
    ]);
    expect(m.files[1]!.path).toEqual(['album', 'docs', 'deep', 'b.md']);
    expect(m.files[1]!.safePath).toEqual(['album', 'docs', 'deep', 'b.md']);
  });

  it('treats a files list of one entry as a folder', async () => {
    const m = await parse(buildTorrent({ name: 'one', files: [{ path: ['x'], length: 5 }] }));
    expect(m.multiFile).toBe(true);
    expect(m.files[0]!.path).toEqual(['one', 'x']);
  });

  it('prefers name.utf-8 and path.utf-8 over the legacy fields', async () => {
    const m = await parse(
      buildTorrent({
        name: 'legacy',
        files: [{ path: ['l.txt'], length: 10 }],
        info: {
          'name.utf-8': 'Ünïcødé',
          files: [{ length: 10, path: ['l.txt'], 'path.utf-8': ['фото', '写真.jpg'] }],
        },
      }),
    );
    expect(m.name).toBe('Ünïcødé');
    expect(m.files[0]!.path).toEqual(['Ünïcødé', 'фото', '写真.jpg']);
    expect(m.files[0]!.name).toBe('Ünïcødé/фото/写真.jpg');
  });

  it('falls back to path when path.utf-8 is malformed', async () => {
    const m = await parse(
      buildTorrent({ files: [{ path: ['ok'], length: 10 }], info: { files: [{ length: 10, path: ['ok'], 'path.utf-8': [''] }] } }),
    );
    expect(m.files[0]!.path).toEqual(['test', 'ok']);
  });

  it('keeps hostile names for display and neutralises them in safePath', async () => {
    const m = await parse(
      buildTorrent({
        name: '../../etc',
        files: [
          { path: ['..', '<script>alert(1)</script>.html'], length: 5 },
          { path: ['a/b\\c', 'CON'], length: 5 },
          { path: ['bad\u0000name\n.txt '], length: 5 },
        ],
      }),
    );
    expect(m.files[0]!.path).toEqual(['../../etc', '..', '<script>alert(1)</script>.html']);
    expect(m.files[0]!.safePath).toEqual(['.._.._etc', '_', '_script_alert(1)__script_.html']);
    expect(m.files[1]!.safePath).toEqual(['.._.._etc', 'a_b_c', '_CON']);
    expect(m.files[2]!.safePath).toEqual(['.._.._etc', 'bad_name_.txt']);
    for (const f of m.files) for (const c of f.safePath) expect(c).not.toMatch(/^\.\.?$|[/\\\u0000-\u001f<>]/);
  });
});

describe('parseTorrent: trackers and web seeds', () => {
  const tiersOf = async (root: Record<string, BEncodable | undefined>) => (await parse(buildTorrent({ root }))).announce;

  it('reads announce-list tiers in order, deduplicated across tiers', async () => {
    expect(
      await tiersOf({
        'announce-list': [
          ['wss://a', 'wss://b'],
          ['wss://a', 'wss://c'],
          ['wss://b'],
        ],
      }),
    ).toEqual([['wss://a', 'wss://b'], ['wss://c']]);
  });

  it('ignores non-string junk and empty entries in announce-list', async () => {
    expect(
      await tiersOf({
        'announce-list': [['wss://a', 5, ['wss://x'], '', '  '], 'wss://notatier', [], [' wss://b ']] as BEncodable,
      }),
    ).toEqual([['wss://a'], ['wss://b']]);
  });

  it('uses announce alone as one tier, and only when announce-list has nothing usable', async () => {
    expect(await tiersOf({})).toEqual([['wss://tracker.example/announce']]);
    expect(await tiersOf({ 'announce-list': [] })).toEqual([['wss://tracker.example/announce']]);
    expect(await tiersOf({ 'announce-list': [['wss://z']] })).toEqual([['wss://z']]);
    expect(await tiersOf({ announce: undefined })).toEqual([]);
    expect(await tiersOf({ announce: 42 })).toEqual([]);
  });

  const urlVectors: [string, BEncodable | undefined, string[]][] = [
    ['absent', undefined, []],
    ['a single string', 'https://seed/a', ['https://seed/a']],
    ['an empty string', '', []],
    ['a list', ['https://a/', 'https://b/', 'https://a/'], ['https://a/', 'https://b/']],
    ['a list with junk', ['https://a/', 7, '', ['x']], ['https://a/']],
    ['an integer', 3, []],
  ];
  it.each(urlVectors)('reads url-list given as %s', async (_name, value, expected) => {
    expect((await parse(buildTorrent({ root: { 'url-list': value } }))).urlList).toEqual(expected);
  });
});

describe('parseTorrent: optional fields', () => {
  it('reads private, comment, created by and creation date', async () => {
    const m = await parse(
      buildTorrent({
        info: { private: 1 },
        root: { comment: 'hi', 'created by': 'Rivulet 0.1', 'creation date': 1700000000 },
      }),
    );
    expect(m.private).toBe(true);
    expect(m.comment).toBe('hi');
    expect(m.createdBy).toBe('Rivulet 0.1');
    expect(m.creationDate).toBe(1700000000);
  });

  // BEP 27 says private=1; libtorrent 2.0.8 reads -1 and 2 as private too, the issue 12 review asked for 1 only.
  it.each([0, -1, 2, 10])('does not read private=%i as private', async (value) => {
    expect((await parse(buildTorrent({ info: { private: value } }))).private).toBe(false);
  });

  it('does not read a private string as private', async () => {
    expect((await parse(buildTorrent({ info: { private: '1' } }))).private).toBe(false);
  });

  it('treats private 0 and junk optional fields as absent', async () => {
    const m = await parse(buildTorrent({ info: { private: 0 }, root: { comment: 5, 'creation date': 'soon' } }));
    expect(m.private).toBe(false);
    expect(m.comment).toBeUndefined();
    expect(m.creationDate).toBeUndefined();
  });

  it('prefers comment.utf-8', async () => {
    expect((await parse(buildTorrent({ root: { comment: 'x', 'comment.utf-8': 'ü' } }))).comment).toBe('ü');
  });
});

describe('parseTorrent: BEP 47 pad files', () => {
  it('flags files with attr p and legacy _____padding_file_ names', async () => {
    const files = [
      { path: ['a'], length: 100, attr: 'x' },
      { path: ['.pad', '16284'], length: 16284, attr: 'p' },
      { path: ['b'], length: 100 },
      { path: ['_____padding_file_0_if you see this file, please update to BitComet 0.85 or above____'], length: 16284 },
      { path: ['c'], length: 10, attr: 'h' },
    ];
    const m = await parse(buildTorrent({ files }));
    expect(m.files.map((f) => [f.pad, f.attr])).toEqual([
      [false, 'x'],
      [true, 'p'],
      [false, ''],
      [true, ''],
      [false, 'h'],
    ]);
    expect(m.files[2]!.offset).toBe(16384);
    expect(m.length).toBe(32778);
  });
});

describe('parseTorrent: BEP 52 hybrid and v2-only', () => {
  // Laid out as libtorrent writes hybrids: every file but the last is followed by a `.pad/<n>` file (attr p)
  // so the next file starts on a piece boundary; v2 fields sit beside the v1 ones.
  const pieceLength = 16384;
  const v1Files = [
    { path: ['a.bin'], length: 20000 },
    { path: ['.pad', String(2 * pieceLength - 20000)], length: 2 * pieceLength - 20000, attr: 'p' },
    { path: ['sub', 'b.txt'], length: 5000 },
  ];
  const root32 = (fill: number) => new Uint8Array(32).fill(fill);
  const fileTree = {
    'a.bin': { '': { length: 20000, 'pieces root': root32(1) } },
    sub: { 'b.txt': { '': { length: 5000, 'pieces root': root32(2) } } },
  };

  it('loads a hybrid by its v1 info hash, flagging the pad files', async () => {
    const info = buildInfo({ name: 'hy', files: v1Files, pieceLength, info: { 'meta version': 2, 'file tree': fileTree } });
    const bytes = encode({
      announce: 'wss://t',
      info,
      'piece layers': new Map<string, BEncodable>([['\x01'.repeat(32), new Uint8Array(64)]]),
    });
    const m = await parse(bytes);
    expect(m.hybrid).toBe(true);
    expect(m.infoHash).toEqual(sha1(encode(info)));
    expect(m.length).toBe(2 * pieceLength + 5000);
    expect(m.pieceCount).toBe(3);
    expect(m.files.map((f) => [f.name, f.offset, f.pad])).toEqual([
      ['hy/a.bin', 0, false],
      ['hy/.pad/12768', 20000, true],
      ['hy/sub/b.txt', 32768, false],
    ]);
    expect(m.pieceHashes).toEqual(pieceHashes(layoutData(v1Files), pieceLength));
  });

  it('rejects a v2-only torrent with METAINFO_V2_ONLY and a clear sentence', async () => {
    const info = { name: 'v2', 'piece length': pieceLength, 'meta version': 2, 'file tree': fileTree };
    const e = await errorOf(parse(encode({ info, 'piece layers': {} })));
    expect(e.code).toBe('METAINFO_V2_ONLY');
    expect(e.message).toMatch(/v2-only torrent.*not supported/);
  });
});

describe('parseTorrent: damaged files', () => {
  const bad: [string, Uint8Array, EngineErrorCode, RegExp][] = [
    ['a list instead of a dict', te.encode('li1ee'), 'METAINFO_NOT_A_DICT', /not a torrent file/],
    ['truncated bencode', buildTorrent().subarray(0, 50), 'BENCODE_UNEXPECTED_END', /^This torrent file is damaged: it is not valid bencode: /],
    ['no info', encode({ announce: 'x' }), 'METAINFO_MISSING_INFO', /no info dictionary/],
    ['an info that is a list', encode({ info: [] }), 'METAINFO_MISSING_INFO', /no info dictionary/],
    ['no pieces', buildTorrent({ info: { pieces: undefined } }), 'METAINFO_BAD_PIECES', /piece hashes are missing/],
    ['pieces as an integer', buildTorrent({ info: { pieces: 5 } }), 'METAINFO_BAD_PIECES', /missing/],
    ['pieces 12 bytes short', buildTorrent({ length: 40000, info: { pieces: new Uint8Array(48) } }), 'METAINFO_BAD_PIECES', /the piece hashes are 12 bytes short/],
    ['pieces 20 bytes too long', buildTorrent({ length: 40000, info: { pieces: new Uint8Array(80) } }), 'METAINFO_BAD_PIECES', /20 bytes too long/],
    ['no piece length', buildTorrent({ info: { 'piece length': undefined } }), 'METAINFO_BAD_FIELD', /piece length/],
    ['a zero piece length', buildTorrent({ info: { 'piece length': 0 } }), 'METAINFO_BAD_FIELD', /piece length/],
    ['a negative piece length', buildTorrent({ info: { 'piece length': -16384 } }), 'METAINFO_BAD_FIELD', /piece length/],
    ['a string piece length', buildTorrent({ info: { 'piece length': '16384' } }), 'METAINFO_BAD_FIELD', /piece length/],
    ['a 256 MiB piece length', buildTorrent({ info: { 'piece length': 256 * 1048576 } }), 'METAINFO_BAD_FIELD', /256 MiB each/],
    ['no name', buildTorrent({ info: { name: undefined } }), 'METAINFO_BAD_FIELD', /no name/],
    // libtorrent 2.0.8 refuses these three: "missing name in torrent file".
    ['an empty name', buildTorrent({ name: '' }), 'METAINFO_BAD_FIELD', /its name is empty/],
    ['the name "."', buildTorrent({ name: '.' }), 'METAINFO_BAD_FIELD', /its name is "\.", which cannot name a file or folder/],
    ['the name ".."', buildTorrent({ name: '..' }), 'METAINFO_BAD_FIELD', /its name is "\.\.", which cannot name/],
    ['the folder name ".."', buildTorrent({ name: '..', files: [{ path: ['a'], length: 10 }] }), 'METAINFO_BAD_FIELD', /"\.\."/],
    ['a name.utf-8 of ".."', buildTorrent({ info: { 'name.utf-8': '..' } }), 'METAINFO_BAD_FIELD', /"\.\."/],
    ['a piece length that is not a power of two', buildTorrent({ pieceLength: 3 * 16384 }), 'METAINFO_BAD_FIELD', /piece length of 49152 bytes is not a power of two of at least 16 KiB/],
    ['a piece length under 16 KiB', buildTorrent({ pieceLength: 8192 }), 'METAINFO_BAD_FIELD', /piece length of 8192 bytes/],
    ['a piece length of 1', buildTorrent({ pieceLength: 1, length: 10 }), 'METAINFO_BAD_FIELD', /piece length of 1 bytes/],
    ['no length and no files', buildTorrent({ info: { length: undefined } }), 'METAINFO_BAD_FIELD', /neither a file length nor a file list/],
    ['a negative length', buildTorrent({ info: { length: -1 } }), 'METAINFO_BAD_FIELD', /file length/],
    ['an empty files list', buildTorrent({ info: { files: [], length: undefined } }), 'METAINFO_BAD_FIELD', /file list is empty/],
    ['a file entry that is not a dict', buildTorrent({ info: { files: [5] } }), 'METAINFO_BAD_FIELD', /file 1 is not a dictionary/],
    ['a file without a length', buildTorrent({ info: { files: [{ path: ['a'] }] } }), 'METAINFO_BAD_FIELD', /file 1 has no valid length/],
    ['a file with no path', buildTorrent({ info: { files: [{ length: 1 }] } }), 'METAINFO_BAD_PATH', /file 1 has no path/],
    ['a file with an empty path', buildTorrent({ info: { files: [{ length: 1, path: [] }] } }), 'METAINFO_BAD_PATH', /no path/],
    ['an empty path component', buildTorrent({ info: { files: [{ length: 1, path: ['a', ''] }] } }), 'METAINFO_BAD_PATH', /empty or invalid/],
    ['an integer path component', buildTorrent({ info: { files: [{ length: 1, path: [7] }] } }), 'METAINFO_BAD_PATH', /empty or invalid/],
    ['only empty files', buildTorrent({ files: [{ path: ['a'], length: 0 }, { path: ['b'], length: 0 }] }), 'METAINFO_BAD_FIELD', /contains no data/],
    ['a zero-length single file', buildTorrent({ length: 0 }), 'METAINFO_BAD_FIELD', /contains no data/],
  ];
  it.each(bad)('rejects %s', async (_name, bytes, code, message) => {
    const e = await errorOf(parse(bytes));
    expect(e.code).toBe(code);
    expect(e.message).toMatch(message);
    expect(e.message).toMatch(/\.$/);
  });

  it('puts both piece-hash numbers in the details', async () => {
    const e = await errorOf(parse(buildTorrent({ length: 40000, info: { pieces: new Uint8Array(48) } })));
    expect(e.details).toMatchObject({ expected: 60, actual: 48, pieceCount: 3 });
  });

  it('rejects files larger than the cap before decoding them', async () => {
    const e = await errorOf(parse(new Uint8Array(MAX_TORRENT_BYTES + 1)));
    expect(e.code).toBe('METAINFO_TOO_LARGE');
    expect(e.details['size']).toBe(MAX_TORRENT_BYTES + 1);
  });
});

describe('metainfoFromInfo', () => {
  it('gives the same info hash and files as the whole torrent, plus the trackers it is told', async () => {
    const info = buildInfo({ name: 'x', files: [{ path: ['a'], length: 30000 }] });
    const infoBytes = encode(info);
    const fromFile = await parse(rawTorrent(infoBytes));
    const m = await metainfoFromInfo(infoBytes, subtleHasher, {
      announce: ['wss://a', 'wss://b', 'wss://a', ''],
      urlList: ['https://s/', 'https://s/'],
    });
    expect(m.infoHashHex).toBe(fromFile.infoHashHex);
    expect(m.files).toEqual(fromFile.files);
    expect(m.announce).toEqual([['wss://a'], ['wss://b']]);
    expect(m.urlList).toEqual(['https://s/']);
    expect(m.comment).toBeUndefined();
  });

  it('accepts announce tiers', async () => {
    const m = await metainfoFromInfo(encode(buildInfo({})), subtleHasher, { announce: [['wss://a', 'wss://b'], ['wss://c']] });
    expect(m.announce).toEqual([['wss://a', 'wss://b'], ['wss://c']]);
  });

  it('blames the peers in its messages', async () => {
    const e = await errorOf(metainfoFromInfo(te.encode('d4:name'), subtleHasher));
    expect(e.code).toBe('BENCODE_UNEXPECTED_END');
    expect(e.message).toMatch(/^The torrent metadata received from peers is damaged/);
    expect((await errorOf(metainfoFromInfo(te.encode('i1e'), subtleHasher))).code).toBe('METAINFO_NOT_A_DICT');
  });
});

describe('parseTorrent: colliding paths get distinct safe paths', () => {
  const safe = async (files: { path: string[]; length: number; attr?: string }[]): Promise<string[]> =>
    (await parse(buildTorrent({ name: 'd', files }))).files.map((f) => f.safePath.join('/'));

  // Each expectation is libtorrent 2.0.8's file_path() for the same torrent (resolve_duplicate_filenames).
  it('renames a duplicate path', async () => {
    expect(await safe([{ path: ['a'], length: 10 }, { path: ['a'], length: 10 }])).toEqual(['d/a', 'd/a.1']);
  });

  it('renames a file named like a folder, before or after the folder', async () => {
    expect(await safe([{ path: ['a'], length: 10 }, { path: ['a', 'b'], length: 10 }])).toEqual(['d/a.1', 'd/a/b']);
    expect(await safe([{ path: ['a', 'b'], length: 10 }, { path: ['a'], length: 10 }])).toEqual(['d/a/b', 'd/a.1']);
  });

  it('keeps counting past names already taken', async () => {
    const files = [{ path: ['x.txt'], length: 1 }, { path: ['x.txt'], length: 1 }, { path: ['x.1.txt'], length: 1 }];
    expect(await safe(files)).toEqual(['d/x.txt', 'd/x.1.txt', 'd/x.1.1.txt']);
  });

  it('renames names that only differ in case (as libtorrent does)', async () => {
    expect(await safe([{ path: ['A'], length: 10 }, { path: ['a'], length: 10 }])).toEqual(['d/A', 'd/a.1']);
  });

  it('renames paths that collide only after sanitising', async () => {
    const files = [{ path: ['a/b'], length: 1 }, { path: ['a_b'], length: 1 }, { path: ['..'], length: 1 }, { path: ['.'], length: 1 }, { path: ['_'], length: 1 }];
    expect(await safe(files)).toEqual(['d/a_b', 'd/a_b.1', 'd/_', 'd/_.1', 'd/_.2']);
  });

  it('renames names that differ only in Unicode normalisation', async () => {
    expect(await safe([{ path: ['\u00e9'], length: 1 }, { path: ['e\u0301'], length: 1 }])).toEqual(['d/\u00e9', 'd/e\u0301.1']);
  });

  it('leaves pad files, which share names by design and are never stored, as they are', async () => {
    const files = [
      { path: ['a'], length: 100 },
      { path: ['.pad', '16284'], length: 16284, attr: 'p' },
      { path: ['b'], length: 100 },
      { path: ['.pad', '16284'], length: 16284, attr: 'p' },
      { path: ['c'], length: 100 },
    ];
    expect(await safe(files)).toEqual(['d/a', 'd/.pad/16284', 'd/b', 'd/.pad/16284', 'd/c']);
  });

  it('keeps the displayed path as the torrent gives it', async () => {
    const m = await parse(buildTorrent({ name: 'd', files: [{ path: ['a'], length: 1 }, { path: ['a'], length: 1 }] }));
    expect(m.files.map((f) => f.name)).toEqual(['d/a', 'd/a']);
  });

  it('stays fast with thousands of copies of one name', async () => {
    const files = Array.from({ length: 5000 }, () => ({ path: ['same.bin'], length: 1 }));
    const paths = await safe(files);
    expect(new Set(paths).size).toBe(5000);
    expect(paths[4999]).toBe('d/same.4999.bin');
  });
});

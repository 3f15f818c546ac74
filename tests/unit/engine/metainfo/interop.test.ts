// Interop with WebTorrent's own libraries: create-torrent, parse-torrent and magnet-uri.

import createTorrentJs from 'create-torrent';
import { decode as decodeMagnetJs, encode as encodeMagnetJs } from 'magnet-uri';
import parseTorrentJs from 'parse-torrent';
import { describe, expect, it } from 'vitest';
import { rawDictValue } from '../../../../src/engine/bencode/index.ts';
import { toHex } from '../../../../src/engine/bytes.ts';
import { createTorrent } from '../../../../src/engine/metainfo/create.ts';
import { parseMagnet, toMagnet } from '../../../../src/engine/metainfo/magnet.ts';
import { parseTorrent } from '../../../../src/engine/metainfo/metainfo.ts';
import { subtleHasher } from '../../../../src/platform/subtle-hasher.ts';
import { content, pieceHashes, sha1 } from './fixtures.ts';

function makeWithCreateTorrent(
  input: Parameters<typeof createTorrentJs>[0],
  opts: Parameters<typeof createTorrentJs>[1],
): Promise<Uint8Array> {
  return new Promise((resolve, reject) => createTorrentJs(input, opts, (err, t) => (err ? reject(err) : resolve(t))));
}

const named = (data: Uint8Array, fullPath: string) => Object.assign(Buffer.from(data), { fullPath });

describe('torrents made by create-torrent parse in ours', () => {
  it('a multi-file torrent gives the same info hash, files and piece hashes', async () => {
    const datas = [content(20000, 1), content(5, 2), content(70000, 3)];
    const bytes = await makeWithCreateTorrent(
      [named(datas[0]!, 'album/cover.jpg'), named(datas[1]!, 'album/notes/readme.txt'), named(datas[2]!, 'album/track 01.flac')],
      {
        creationDate: new Date(1700000000 * 1000),
        pieceLength: 16384,
        announceList: [['wss://a.example'], ['wss://b.example']],
        urlList: ['https://seed.example/'],
        comment: 'made by create-torrent',
      },
    );
    const ours = await parseTorrent(bytes, subtleHasher);
    const theirs = await parseTorrentJs(bytes);
    expect(ours.infoHashHex).toBe(theirs.infoHash);
    expect(ours.infoHash).toEqual(sha1(rawDictValue(bytes, 'info')!));
    expect(ours.name).toBe('album');
    expect(ours.files.map((f) => [f.name, f.length, f.offset])).toEqual(
      theirs.files!.map((f) => [f.path, f.length, f.offset]),
    );
    expect(ours.files.map((f) => f.name)).toEqual(['album/cover.jpg', 'album/notes/readme.txt', 'album/track 01.flac']);
    expect(toHex(ours.pieceHashes)).toBe(theirs.pieces!.join(''));
    expect(ours.pieceHashes).toEqual(pieceHashes(Buffer.concat(datas), 16384));
    expect(ours.announce).toEqual([['wss://a.example'], ['wss://b.example']]);
    expect(ours.urlList).toEqual(['https://seed.example/']);
    expect(ours.comment).toBe('made by create-torrent');
    expect(ours.creationDate).toBe(1700000000);
  });

  it('a single-file torrent gives the same info hash and length', async () => {
    const data = content(100000, 7);
    const bytes = await makeWithCreateTorrent(Object.assign(Buffer.from(data), { name: 'video.webm' }), {
      name: 'video.webm',
      announceList: [],
    });
    const ours = await parseTorrent(bytes, subtleHasher);
    const theirs = await parseTorrentJs(bytes);
    expect(ours.infoHashHex).toBe(theirs.infoHash);
    expect(ours.multiFile).toBe(false);
    expect(ours.length).toBe(100000);
    expect(ours.pieceLength).toBe(theirs.pieceLength);
    expect(toHex(ours.pieceHashes)).toBe(theirs.pieces!.join(''));
  });
});

describe('torrents made by ours parse in parse-torrent', () => {
  it('a multi-file torrent gives the same info hash, files and trackers', async () => {
    const datas = [content(30000, 1), content(0, 2), content(1, 3)];
    const { torrentBytes, metainfo } = await createTorrent(
      {
        name: 'Ünïcødé folder',
        files: datas.map((d, i) => ({
          path: i === 0 ? ['sub', 'файл.bin'] : [`f${i}`],
          length: d.length,
          read: async (o: number, n: number) => d.slice(o, o + n),
        })),
        pieceLength: 16384,
        announce: [['wss://a.example', 'wss://b.example']],
        urlList: ['https://seed.example/'],
        private: true,
        creationDate: 1700000000,
      },
      subtleHasher,
    );
    const theirs = await parseTorrentJs(torrentBytes);
    expect(theirs.infoHash).toBe(metainfo.infoHashHex);
    expect(theirs.name).toBe('Ünïcødé folder');
    expect(theirs.files!.map((f) => [f.path, f.length, f.offset])).toEqual(metainfo.files.map((f) => [f.name, f.length, f.offset]));
    expect(theirs.pieces!.join('')).toBe(toHex(metainfo.pieceHashes));
    expect(theirs.length).toBe(30001);
    expect(theirs.announce).toEqual(['wss://a.example', 'wss://b.example']);
    expect(theirs.urlList).toEqual(['https://seed.example/']);
    expect(theirs.private).toBe(true);
  });

  it('a single-file torrent gives the same info hash', async () => {
    const d = content(50000, 4);
    const { torrentBytes, metainfo } = await createTorrent(
      { name: 'x.bin', files: [{ path: ['x.bin'], length: d.length, read: async (o, n) => d.slice(o, o + n) }] },
      subtleHasher,
    );
    const theirs = await parseTorrentJs(torrentBytes);
    expect(theirs.infoHash).toBe(metainfo.infoHashHex);
    expect(theirs.files!.map((f) => [f.path, f.length])).toEqual([['x.bin', 50000]]);
  });
});

describe('magnet links interoperate with magnet-uri', () => {
  const HEX = 'dd8255ecdc7ca55fb0bbf81323d87062db1f6d1c';

  it('ours parse in magnet-uri', () => {
    const uri = toMagnet({
      infoHashHex: HEX,
      name: 'Big Buck Bunny',
      trackers: ['wss://tracker.btorrent.xyz', 'udp://explodie.org:6969'],
      webSeeds: ['https://webtorrent.io/torrents/'],
      selectOnly: [0, 2, 4, 5, 6],
      length: 276134947,
    });
    const theirs = decodeMagnetJs(uri);
    expect(theirs.infoHash).toBe(HEX);
    expect(theirs.name).toBe('Big Buck Bunny');
    expect(theirs.announce).toEqual(['wss://tracker.btorrent.xyz', 'udp://explodie.org:6969']);
    expect(theirs.urlList).toEqual(['https://webtorrent.io/torrents/']);
    expect(theirs.so).toEqual([0, 2, 4, 5, 6]);
    expect(theirs.xl).toBe('276134947');
  });

  it('theirs parse in ours', () => {
    const uri = encodeMagnetJs({
      infoHash: HEX,
      name: 'Sintel & friends (été)',
      announce: ['wss://tracker.webtorrent.dev', 'wss://tracker.openwebtorrent.com'],
      urlList: ['https://example.com/seed/'],
      so: [1, 2, 3, 8],
      peerAddresses: ['1.2.3.4:6881'],
    });
    const ours = parseMagnet(uri);
    expect(ours.infoHashHex).toBe(HEX);
    expect(ours.name).toBe('Sintel & friends (été)');
    expect(ours.trackers).toEqual(['wss://tracker.webtorrent.dev', 'wss://tracker.openwebtorrent.com']);
    expect(ours.webSeeds).toEqual(['https://example.com/seed/']);
    expect(ours.selectOnly).toEqual([1, 2, 3, 8]);
    expect(ours.peers).toEqual(['1.2.3.4:6881']);
  });

  it('a real-world WebTorrent magnet parses the same in both', () => {
    const uri =
      'magnet:?xt=urn:btih:08ada5a7a6183aae1e09d831df6748d566095a10&dn=Sintel&tr=udp%3A%2F%2Fexplodie.org%3A6969' +
      '&tr=wss%3A%2F%2Ftracker.btorrent.xyz&ws=https%3A%2F%2Fwebtorrent.io%2Ftorrents%2F' +
      '&xs=https%3A%2F%2Fwebtorrent.io%2Ftorrents%2Fsintel.torrent';
    const ours = parseMagnet(uri);
    const theirs = decodeMagnetJs(uri);
    expect(ours.infoHashHex).toBe(theirs.infoHash);
    expect(ours.name).toBe(theirs.name);
    expect(ours.trackers).toEqual(theirs.announce);
    expect(ours.webSeeds).toEqual(theirs.urlList);
  });
});

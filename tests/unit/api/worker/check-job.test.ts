import { describe, expect, it } from 'vitest';
import { recheckStored, readGivenPiece, type CheckTarget } from '../../../../src/api/worker/check-job.ts';
import type { EngineEvent, SeedInput } from '../../../../src/api/protocol.ts';
import { Bitfield } from '../../../../src/engine/bitfield.ts';
import { encode, type BEncodable } from '../../../../src/engine/bencode/index.ts';
import { createTorrent } from '../../../../src/engine/metainfo/create.ts';
import { parseTorrent } from '../../../../src/engine/metainfo/metainfo.ts';
import { subtleHasher } from '../../../../src/platform/subtle-hasher.ts';
import { started, type Harness } from './host-harness.ts';

const PIECE = 16 * 1024;
/** Bytes that differ per file and per position, so a piece read from the wrong place fails its hash. */
const bytes = (n: number, seed: number) => Uint8Array.from({ length: n }, (_, i) => (i * 7 + seed * 13) & 0xff);
const concat = (...parts: Uint8Array[]) => {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let o = 0;
  for (const p of parts) (out.set(p, o), (o += p.length));
  return out;
};

/** Three files over 5 pieces: a.txt ends inside piece 1, sub/b.bin spans pieces 1..4, an empty file last. */
async function multi() {
  const data = [bytes(20_000, 1), bytes(50_000, 2), new Uint8Array(0)];
  const files = [['a.txt'], ['sub', 'b.bin'], ['empty']].map((path, i) => ({
    path,
    length: data[i]!.length,
    read: async (o: number, l: number) => data[i]!.subarray(o, o + l),
  }));
  const { torrentBytes, metainfo } = await createTorrent({ name: 'three', files, pieceLength: PIECE }, subtleHasher);
  return { torrentBytes, metainfo, data };
}

/** A BEP 47 torrent: a.bin, a pad file up to the piece boundary, b.bin (as libtorrent lays out hybrids). */
async function padded() {
  const a = bytes(10_000, 3);
  const b = bytes(20_000, 4);
  const padLength = PIECE - a.length;
  const whole = concat(a, new Uint8Array(padLength), b);
  const hashes: Uint8Array[] = [];
  for (let o = 0; o < whole.length; o += PIECE) hashes.push(await subtleHasher.sha1(whole.subarray(o, o + PIECE)));
  const info: BEncodable = {
    name: 'padded',
    'piece length': PIECE,
    pieces: concat(...hashes),
    files: [
      { length: a.length, path: ['a.bin'] },
      { length: padLength, path: ['.pad', String(padLength)], attr: 'p' },
      { length: b.length, path: ['b.bin'] },
    ],
  };
  const torrentBytes = encode({ info });
  return { torrentBytes, metainfo: await parseTorrent(torrentBytes, subtleHasher), a, b };
}

const file = (data: Uint8Array, ...path: string[]): SeedInput => ({ file: new File([data.slice()], path[path.length - 1]!), path });

async function checkDone(h: Harness, infoHashHex: string): Promise<Extract<EngineEvent, { type: 'check-done' }>> {
  for (let i = 0; i < 500; i++) {
    const e = h.events.find((x): x is Extract<EngineEvent, { type: 'check-done' }> => x.type === 'check-done' && x.infoHashHex === infoHashHex);
    if (e) return e;
    await new Promise((r) => setTimeout(r, 5));
  }
  throw new Error('no check-done event within 2.5 s');
}

async function readAll(h: Harness, infoHashHex: string, fileIndex: number, length: number): Promise<Uint8Array> {
  return h.call({ type: 'read', infoHashHex, fileIndex, offset: 0, length });
}

describe('add-torrent-file with the user’s own files', () => {
  it('checks every piece, keeps them all and seeds at once under the torrent’s own info hash', async () => {
    const h = await started();
    const { torrentBytes, metainfo, data } = await multi();
    const existing = [file(data[0]!, 'My folder', 'a.txt'), file(data[1]!, 'My folder', 'sub', 'b.bin'), file(data[2]!, 'My folder', 'empty')];
    const { infoHashHex } = await h.call({ type: 'add-torrent-file', bytes: torrentBytes, existing });
    expect(infoHashHex).toBe(metainfo.infoHashHex);
    expect(h.latest(infoHashHex)?.state).toBe('checking');
    const done = await checkDone(h, infoHashHex);
    expect(done.summary).toEqual({ pieces: 5, verified: 5, failed: 0, filesMatched: 3, filesUnused: 0 });
    const snap = h.latest(infoHashHex)!;
    expect(snap).toMatchObject({ state: 'seeding', progress: 1 });
    expect(snap.checkProgress).toBeUndefined();
    expect(await readAll(h, infoHashHex, 1, data[1]!.length)).toEqual(data[1]);
    expect(h.events.some((e) => e.type === 'announce' && e.infoHashHex === infoHashHex)).toBe(true);
  });

  it('keeps the pieces that match, drops a corrupted one and the ones of a missing file, and downloads the rest', async () => {
    const h = await started();
    const { torrentBytes, metainfo, data } = await multi();
    const corrupt = data[1]!.slice();
    corrupt[3 * PIECE - 20_000 + 5]! ^= 0xff; // a byte of piece 3
    const { infoHashHex } = await h.call({ type: 'add-torrent-file', bytes: torrentBytes, existing: [file(corrupt, 'sub', 'b.bin')] });
    const done = await checkDone(h, infoHashHex);
    // Piece 0 is all a.txt (not given), piece 1 needs a.txt too; pieces 2 and 4 are good, 3 is corrupt.
    expect(done.summary).toMatchObject({ pieces: 5, verified: 2, failed: 1, filesMatched: 1 });
    const detail = await h.call({ type: 'detail', infoHashHex });
    expect(new Bitfield(metainfo.pieceCount, detail.pieces).get(2)).toBe(true);
    expect(new Bitfield(metainfo.pieceCount, detail.pieces).get(3)).toBe(false);
    expect(h.latest(infoHashHex)?.state).toBe('downloading');
  });

  it('reads across a pad file as zeros and never asks the user for it', async () => {
    const h = await started();
    const { torrentBytes, metainfo, a, b } = await padded();
    expect(metainfo.files.map((f) => f.pad)).toEqual([false, true, false]);
    const { infoHashHex } = await h.call({ type: 'add-torrent-file', bytes: torrentBytes, existing: [file(a, 'padded', 'a.bin'), file(b, 'padded', 'b.bin')] });
    expect((await checkDone(h, infoHashHex)).summary).toMatchObject({ pieces: 3, verified: 3, failed: 0, filesMatched: 2 });
    expect(h.latest(infoHashHex)?.state).toBe('seeding');
  });

  it('checks the files into a torrent already in the list instead of refusing it', async () => {
    const h = await started();
    const { torrentBytes, data } = await multi();
    const { infoHashHex } = await h.call({ type: 'add-torrent-file', bytes: torrentBytes });
    expect(h.latest(infoHashHex)?.state).toBe('downloading');
    await h.call({ type: 'add-torrent-file', bytes: torrentBytes, existing: [file(data[0]!, 'a.txt'), file(data[1]!, 'sub', 'b.bin')] });
    expect((await checkDone(h, infoHashHex)).summary.verified).toBe(5);
    expect(h.latest(infoHashHex)?.state).toBe('seeding');
  });

  it('keeps a magnet’s files until its metadata says what to check them against', async () => {
    const h = await started();
    const { metainfo, data } = await multi();
    const uri = `magnet:?xt=urn:btih:${metainfo.infoHashHex}`;
    const { infoHashHex } = await h.call({ type: 'add-magnet', uri, existing: [file(data[1]!, 'three', 'sub', 'b.bin')] });
    expect(h.latest(infoHashHex)?.state).toBe('metadata');
  });
});

describe('recheck', () => {
  it('rechecks a complete torrent, drops a piece corrupted on disk, and resumes downloading', async () => {
    const h = await started();
    const { torrentBytes, metainfo, data } = await multi();
    const { infoHashHex } = await h.call({ type: 'add-torrent-file', bytes: torrentBytes, existing: [file(data[0]!, 'a.txt'), file(data[1]!, 'sub', 'b.bin')] });
    await checkDone(h, infoHashHex);
    h.events.length = 0;
    // Another write over the stored piece 2, as a disk error or another program would leave it.
    const store = await h.storage.open({ infoHashHex, pieceLength: PIECE, pieceCount: 5, length: metainfo.length, files: metainfo.files });
    await store.writePiece(2, new Uint8Array(PIECE).fill(9));
    await h.call({ type: 'recheck', infoHashHex });
    expect(h.latest(infoHashHex)?.state).toBe('checking');
    expect((await checkDone(h, infoHashHex)).summary).toMatchObject({ pieces: 5, verified: 4, failed: 1 });
    expect(h.latest(infoHashHex)).toMatchObject({ state: 'downloading' });
    expect(h.latest(infoHashHex)!.verified).toBe(metainfo.length - PIECE);
  });

  it('leaves a paused torrent paused, and refuses a torrent without metadata', async () => {
    const h = await started();
    const { torrentBytes, data, metainfo } = await multi();
    const { infoHashHex } = await h.call({ type: 'add-torrent-file', bytes: torrentBytes, existing: [file(data[0]!, 'a.txt'), file(data[1]!, 'sub', 'b.bin')] });
    await checkDone(h, infoHashHex);
    await h.call({ type: 'pause', infoHashHex });
    h.events.length = 0;
    await h.call({ type: 'recheck', infoHashHex });
    expect((await checkDone(h, infoHashHex)).summary.verified).toBe(5);
    expect(h.latest(infoHashHex)?.state).toBe('paused');
    const magnet = await h.call({ type: 'add-magnet', uri: `magnet:?xt=urn:btih:${'ab'.repeat(20)}` });
    expect((await h.failure({ type: 'recheck', infoHashHex: magnet.infoHashHex })).code).toBe('COMMAND_INVALID');
    expect(metainfo.pieceCount).toBe(5);
  });
});

describe('readGivenPiece and recheckStored with byte vectors', () => {
  it('assembles a piece across file boundaries and gives null when a byte has no source or the file is short', async () => {
    const { metainfo, data } = await multi();
    const src = (d: Uint8Array) => async (o: number, l: number) => d.subarray(o, o + l);
    const all = concat(data[0]!, data[1]!);
    const piece1 = await readGivenPiece(metainfo, 1, [src(data[0]!), src(data[1]!), null], [20_000, 50_000, 0]);
    expect(piece1).toEqual(all.subarray(PIECE, 2 * PIECE));
    expect(await readGivenPiece(metainfo, 1, [null, src(data[1]!), null], [0, 50_000, 0])).toBeNull();
    expect(await readGivenPiece(metainfo, 4, [null, src(data[1]!), null], [0, 40_000, 0])).toBeNull();
    expect(await readGivenPiece(metainfo, 4, [null, src(data[1]!), null], [0, 50_000, 0])).toEqual(all.subarray(4 * PIECE));
  });

  it('drops exactly the stored pieces whose bytes fail, and stops when aborted', async () => {
    const { metainfo, data } = await multi();
    const disk = concat(data[0]!, data[1]!);
    disk[PIECE + 1]! ^= 1;
    const have = new Bitfield(5);
    for (const i of [0, 1, 3]) have.set(i);
    const dropped: number[] = [];
    const target: CheckTarget = {
      metainfo,
      haveBitfield: have,
      read: async (o, l) => disk.slice(o, o + l),
      adoptPiece: async () => {},
      dropPiece: async (i) => void dropped.push(i),
    };
    const progress: number[] = [];
    const r = await recheckStored(target, { hasher: subtleHasher, signal: { aborted: false }, onProgress: (d) => progress.push(d) });
    expect(dropped).toEqual([1]);
    expect(r.failed).toBe(1);
    expect(progress[progress.length - 1]).toBe(5);
    dropped.length = 0;
    await recheckStored(target, { hasher: subtleHasher, signal: { aborted: true }, onProgress: () => {} });
    expect(dropped).toEqual([]);
  });
});

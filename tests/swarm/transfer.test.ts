// Engines in Node over in-memory pipes: whole torrents move bit-identical between sessions.

import { afterEach, describe, expect, it } from 'vitest';
import { toMagnet } from '../../src/engine/metainfo/magnet.ts';
import type { Session } from '../../src/engine/session.ts';
import { connect, content, newSession, readFiles, seed, until, type SeedFile } from './harness.ts';

const sessions: Session[] = [];
afterEach(async () => {
  await Promise.all(sessions.splice(0).map((s) => s.close()));
});

function track<T extends { session: Session }>(x: T): T {
  sessions.push(x.session);
  return x;
}

// Nested folders, a zero-length file, files smaller and larger than a piece, and a total whose last piece is 1 byte.
const PIECE = 32 * 1024;
const MULTI: SeedFile[] = [
  { path: ['a.bin'], data: content(50_000, 1) },
  { path: ['empty.txt'], data: new Uint8Array(0) },
  { path: ['dir', 'sub', 'b.bin'], data: content(3 * PIECE + 123, 2) },
  { path: ['dir', 'c.bin'], data: content(777, 3) },
];
const total = MULTI.reduce((n, f) => n + f.data.length, 0);
MULTI.push({ path: ['z', 'last.bin'], data: content(PIECE - (total % PIECE) + 1, 4) });

describe('two engines over a pipe', () => {
  it('downloads a multi-file torrent bit-identical, including a zero-length file and a 1-byte last piece', async () => {
    const a = track(newSession());
    const b = track(newSession());
    const { meta } = await seed(a.session, a.store, 'multi', MULTI, PIECE);
    expect(meta.length % PIECE).toBe(1);
    const leech = await b.session.addMetainfo(meta);
    connect(a.session, b.session, meta.infoHashHex);
    await until([a.session, b.session], () => leech.complete, 'the download');
    const files = await readFiles(leech);
    expect(files.map((f) => f.length)).toEqual(MULTI.map((f) => f.data.length));
    files.forEach((f, i) => expect(Buffer.from(f).equals(Buffer.from(MULTI[i]!.data))).toBe(true));
    expect(leech.status).toBe('seeding');
  });

  it('downloads from a magnet link alone, fetching the info dictionary from the peer (BEP 9)', async () => {
    const a = track(newSession());
    const b = track(newSession());
    const { meta } = await seed(a.session, a.store, 'multi', MULTI, PIECE);
    const leech = await b.session.addMagnet(toMagnet({ infoHash: meta.infoHash, name: 'multi' }));
    expect(leech.metainfo).toBeNull();
    connect(a.session, b.session, meta.infoHashHex);
    await until([a.session, b.session], () => leech.complete, 'metadata and download');
    expect(leech.metainfo!.infoHashHex).toBe(meta.infoHashHex);
    const files = await readFiles(leech);
    files.forEach((f, i) => expect(Buffer.from(f).equals(Buffer.from(MULTI[i]!.data))).toBe(true));
  });

  it('spreads one download across three seeds and serves two leechers from one seed', async () => {
    const data: SeedFile[] = [{ path: ['big.bin'], data: content(2 * 1024 * 1024, 9) }];
    const seeds = [track(newSession()), track(newSession()), track(newSession())];
    const leech = track(newSession());
    let meta;
    for (const s of seeds) meta = (await seed(s.session, s.store, 'big.bin', data, 64 * 1024)).meta;
    const t = await leech.session.addMetainfo(meta!);
    for (const s of seeds) connect(s.session, leech.session, meta!.infoHashHex);
    await until([...seeds.map((s) => s.session), leech.session], () => t.complete, 'download from three seeds');
    const [got] = await readFiles(t);
    expect(Buffer.from(got!).equals(Buffer.from(data[0]!.data))).toBe(true);
    // Every seed served something (rarest-first with a random start spreads the requests).
    const served = seeds.map((s) => s.session.get(meta!.infoHashHex)!.uploaded);
    expect(served.filter((n) => n > 0).length).toBeGreaterThan(1);
  });
});

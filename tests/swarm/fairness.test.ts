// Swarms of several engines: one seed serving many leechers fairly, a late joiner, and file priorities that keep a
// skipped file's pieces off the wire. Every picker is checked on each tick (harness `until`).

import { afterEach, describe, expect, it } from 'vitest';
import { fileSpans } from '../../src/engine/metainfo/file-map.ts';
import type { Metainfo } from '../../src/engine/metainfo/types.ts';
import { piecePriorities } from '../../src/engine/picker/priorities.ts';
import type { Session } from '../../src/engine/session.ts';
import type { Torrent } from '../../src/engine/torrent.ts';
import { WireDecoder, isHandshake } from '../../src/engine/wire/decoder.ts';
import type { Channel } from './harness.ts';
import { checkInvariants, connect, content, newSession, readFiles, seed, until, type SeedFile } from './harness.ts';

const sessions: Session[] = [];
afterEach(async () => {
  await Promise.all(sessions.splice(0).map((s) => s.close()));
});

function track<T extends { session: Session }>(x: T): T {
  sessions.push(x.session);
  return x;
}

async function expectIdentical(t: Torrent, files: readonly SeedFile[]): Promise<void> {
  const got = await readFiles(t);
  expect(got.map((f) => f.length)).toEqual(files.map((f) => f.data.length));
  got.forEach((f, i) => expect(Buffer.from(f).equals(Buffer.from(files[i]!.data)), `file ${i}`).toBe(true));
}

/** Decodes what `channel`'s owner sends from now on (its handshake went out in connect()) and records requests. */
function recordRequests(channel: Channel): Set<number> {
  const pieces = new Set<number>();
  const decoder = new WireDecoder({ handshake: false });
  const send = channel.send.bind(channel);
  channel.send = (data: Uint8Array): void => {
    decoder.push(data.slice());
    for (let m = decoder.next(); m; m = decoder.next()) if (!isHandshake(m) && m.type === 'request') pieces.add(m.index);
    send(data);
  };
  return pieces;
}

describe('fairness in a swarm', () => {
  it('one seed serves three leechers at once: all complete bit-identical, each with a real share from the seed', async () => {
    const files: SeedFile[] = [{ path: ['shared.bin'], data: content(3 * 1024 * 1024, 21) }];
    const s = track(newSession());
    const leechers = [track(newSession()), track(newSession()), track(newSession())];
    const { meta, torrent: seedTorrent } = await seed(s.session, s.store, 'shared.bin', files, 32 * 1024);
    const torrents = await Promise.all(leechers.map((l) => l.session.addMetainfo(meta)));
    // The seed's end of each pipe counts what it sent that leecher (peers that finish are closed: 'both seeds').
    const seedEnds = leechers.map((l) => connect(s.session, l.session, meta.infoHashHex)[0]);
    // The leechers also trade with each other, so the seed's share is its choice, not the only way in.
    connect(leechers[0]!.session, leechers[1]!.session, meta.infoHashHex);
    connect(leechers[1]!.session, leechers[2]!.session, meta.infoHashHex);
    connect(leechers[0]!.session, leechers[2]!.session, meta.infoHashHex);
    const all = [s.session, ...leechers.map((l) => l.session)];
    await until(all, () => torrents.every((t) => t.complete), 'three leechers to complete');
    for (const t of torrents) await expectIdentical(t, files);
    const shares = seedEnds.map((end) => end.sentBytes / meta.length);
    for (const share of shares) expect(share).toBeGreaterThan(0.1);
    // Nothing was served twice over: the seed sent at most one copy per leecher, plus endgame duplicates.
    expect(seedTorrent.uploaded).toBeLessThan(3.2 * meta.length);
  });

  it('a leecher that joins late, when the others are done, still completes', async () => {
    const files: SeedFile[] = [{ path: ['late.bin'], data: content(1024 * 1024 + 4321, 22) }];
    const s = track(newSession());
    const early = [track(newSession()), track(newSession())];
    const { meta } = await seed(s.session, s.store, 'late.bin', files, 16 * 1024);
    const earlyTorrents = await Promise.all(early.map((l) => l.session.addMetainfo(meta)));
    for (const l of early) connect(s.session, l.session, meta.infoHashHex);
    await until([s.session, ...early.map((l) => l.session)], () => earlyTorrents[0]!.complete, 'the first leecher');

    const late = track(newSession());
    const lateTorrent = await late.session.addMetainfo(meta);
    for (const other of [s, ...early]) connect(other.session, late.session, meta.infoHashHex);
    const all = [s.session, ...early.map((l) => l.session), late.session];
    await until(all, () => lateTorrent.complete && earlyTorrents.every((t) => t.complete), 'the late leecher');
    await expectIdentical(lateTorrent, files);
    for (const t of earlyTorrents) await expectIdentical(t, files);
    checkInvariants(all);
  });

  it('never requests a skipped file’s pieces, except those it shares with a wanted file', async () => {
    const PIECE = 16 * 1024;
    // a: pieces 0-2, b (skipped): pieces 2-8, c: pieces 8-10. Pieces 2 and 8 hold both a wanted and the skipped file.
    const files: SeedFile[] = [
      { path: ['a.bin'], data: content(40_000, 31) },
      { path: ['b.bin'], data: content(100_000, 32) },
      { path: ['c.bin'], data: content(30_000, 33) },
    ];
    const s = track(newSession());
    const l = track(newSession());
    const { meta } = await seed(s.session, s.store, 'prio', files, PIECE);
    const t = await l.session.addMetainfo(meta, { filePriorities: [4, 0, 4] });
    const [, leecherEnd] = connect(s.session, l.session, meta.infoHashHex);
    const requested = recordRequests(leecherEnd);
    await until([s.session, l.session], () => t.complete, 'the wanted files');

    const wanted = wantedPieces(meta, [4, 0, 4]);
    expect(wanted).toEqual([0, 1, 2, 8, 9, 10]);
    expect([...requested].sort((x, y) => x - y)).toEqual(wanted);
    // Each wanted piece was accepted exactly once.
    expect(t.downloaded).toBe(wanted.reduce((n, i) => n + Math.min(PIECE, meta.length - i * PIECE), 0));
    expect(t.status).toBe('seeding');

    const [a, b, c] = await readFiles(t);
    expect(Buffer.from(a!).equals(Buffer.from(files[0]!.data))).toBe(true);
    expect(Buffer.from(c!).equals(Buffer.from(files[2]!.data))).toBe(true);
    // b.bin: its bytes inside pieces 2 and 8 arrived with a and c; the rest was never fetched and reads as zeros.
    const bStart = meta.files[1]!.offset;
    const sharedHead = 3 * PIECE - bStart;
    const sharedTail = bStart + 100_000 - 8 * PIECE;
    expect(Buffer.from(b!.subarray(0, sharedHead)).equals(Buffer.from(files[1]!.data.subarray(0, sharedHead)))).toBe(true);
    expect(Buffer.from(b!.subarray(100_000 - sharedTail)).equals(Buffer.from(files[1]!.data.subarray(100_000 - sharedTail)))).toBe(true);
    expect(b!.subarray(sharedHead, 100_000 - sharedTail).every((x) => x === 0)).toBe(true);
    expect(t.progress()).toEqual({ length: 70_000, verified: 70_000 });
  });
});

/** Pieces holding any byte of a file with a non-zero priority, ascending (cross-checked against piecePriorities). */
function wantedPieces(meta: Metainfo, priorities: readonly number[]): number[] {
  const out: number[] = [];
  for (let i = 0; i < meta.pieceCount; i++) {
    const spans = fileSpans(meta.files, i * meta.pieceLength, Math.min(meta.pieceLength, meta.length - i * meta.pieceLength));
    if (spans.some((s) => !s.pad && (priorities[s.fileIndex] ?? 4) > 0)) out.push(i);
  }
  const fromModule = piecePriorities(meta.files, priorities, meta.pieceLength, meta.pieceCount);
  expect(out).toEqual([...fromModule.keys()].filter((i) => fromModule[i]! > 0));
  return out;
}

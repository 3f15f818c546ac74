// Partial pieces survive a restart: blocks received before the engine stopped are kept by the store and taken back
// at start-up, so the restarted download fetches only what never arrived (libtorrent keeps partial pieces too).

import { afterEach, describe, expect, it } from 'vitest';
import type { Session } from '../../src/engine/session.ts';
import { Session as EngineSession } from '../../src/engine/session.ts';
import { subtleHasher } from '../../src/platform/subtle-hasher.ts';
import { connect, content, newSession, readFiles, realClock, seed, until } from './harness.ts';

const sessions: Session[] = [];
afterEach(async () => {
  await Promise.all(sessions.splice(0).map((s) => s.close()));
});

describe('kept blocks across a restart', () => {
  it('a restart re-downloads none of the blocks that had arrived, and the file is bit-identical', async () => {
    const PIECE = 256 * 1024;
    const data = content(4 * 1024 * 1024 + 5000, 33);
    const a = newSession();
    const b = newSession();
    sessions.push(a.session, b.session);
    const { meta } = await seed(a.session, a.store, 'kept.bin', [{ path: ['kept.bin'], data }], PIECE);

    const first = await b.session.addMetainfo(meta);
    connect(a.session, b.session, meta.infoHashHex);
    // Stop while pieces are half there: more arrived than is verified.
    await until([a.session, b.session], () => first.downloaded > 1.5 * 1024 * 1024 && first.downloaded - first.progress().verified >= 64 * 1024, 'a partial download');
    const arrived = first.downloaded;
    const verifiedBefore = first.progress().verified;
    expect(arrived - verifiedBefore).toBeGreaterThan(0);
    await b.session.close();
    sessions.splice(sessions.indexOf(b.session), 1);

    // The same "disk", a new engine.
    const again = new EngineSession({ hasher: subtleHasher, storeFactory: b.store, clock: realClock });
    sessions.push(again);
    const second = await again.addMetainfo(meta);
    connect(a.session, again, meta.infoHashHex);
    await until([a.session, again], () => second.complete, 'the rest of the download');
    // One peer, no endgame duplicates: every block came exactly once over both sessions.
    expect(arrived + second.downloaded).toBe(data.length);
    const [file] = await readFiles(second);
    expect(Buffer.from(file!).equals(Buffer.from(data))).toBe(true);
  });

  it('a corrupt kept block fails its piece, which is fetched again', async () => {
    const PIECE = 64 * 1024;
    const data = content(512 * 1024, 7);
    const a = newSession();
    const b = newSession();
    sessions.push(a.session, b.session);
    const { meta } = await seed(a.session, a.store, 'bad.bin', [{ path: ['bad.bin'], data }], PIECE);
    // The disk holds three blocks of piece 2, one of them wrong (a torn write, a bad sector).
    const store = await b.store.open({ infoHashHex: meta.infoHashHex, pieceLength: meta.pieceLength, pieceCount: meta.pieceCount, length: meta.length, files: meta.files });
    await store.writeBlock!(2, 0, data.subarray(2 * PIECE, 2 * PIECE + 16384));
    await store.writeBlock!(2, 16384, new Uint8Array(16384).fill(1));
    await store.writeBlock!(2, 32768, data.subarray(2 * PIECE + 32768, 2 * PIECE + 49152));
    await store.close();

    const t = await b.session.addMetainfo(meta);
    connect(a.session, b.session, meta.infoHashHex);
    await until([a.session, b.session], () => t.complete, 'the download');
    const [file] = await readFiles(t);
    expect(Buffer.from(file!).equals(Buffer.from(data))).toBe(true);
    // Piece 2 failed with its kept blocks and came again whole: at least everything but the three kept blocks,
    // plus piece 2's missing block fetched before the hash failed.
    expect(t.downloaded).toBeGreaterThanOrEqual(data.length - 3 * 16384 + 16384);
  });
});

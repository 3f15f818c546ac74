// The IndexedDB store keeps partial pieces across a restart too (batched block writes, idb-kept-blocks.ts): the
// restarted download fetches only what never arrived.

import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { Session } from '../../src/engine/session.ts';
import { subtleHasher } from '../../src/platform/subtle-hasher.ts';
import { IdbStoreFactory } from '../../src/storage/idb-store.ts';
import { connect, content, newSession, readFiles, realClock, seed, until } from './harness.ts';

const sessions: Session[] = [];
afterEach(async () => {
  await Promise.all(sessions.splice(0).map((s) => s.close()));
});

describe('kept blocks across a restart, IndexedDB store', () => {
  it('a restart re-downloads none of the blocks that had arrived, and the file is bit-identical', async () => {
    const PIECE = 256 * 1024;
    const data = content(4 * 1024 * 1024 + 5000, 34);
    const a = newSession();
    sessions.push(a.session);
    const { meta } = await seed(a.session, a.store, 'kept.bin', [{ path: ['kept.bin'], data }], PIECE);
    const disk = new IdbStoreFactory('rivulet-pieces-kept-restart');
    const b = new Session({ hasher: subtleHasher, storeFactory: disk, clock: realClock });
    sessions.push(b);

    const first = await b.addMetainfo(meta);
    connect(a.session, b, meta.infoHashHex);
    await until([a.session, b], () => first.downloaded > 1.5 * 1024 * 1024 && first.downloaded - first.progress().verified >= 64 * 1024, 'a partial download');
    const arrived = first.downloaded;
    expect(arrived - first.progress().verified).toBeGreaterThan(0);
    await b.close();
    sessions.splice(sessions.indexOf(b), 1);

    const again = new Session({ hasher: subtleHasher, storeFactory: disk, clock: realClock });
    sessions.push(again);
    const second = await again.addMetainfo(meta);
    connect(a.session, again, meta.infoHashHex);
    await until([a.session, again], () => second.complete, 'the rest of the download');
    // One peer, no endgame duplicates: every block came exactly once over both sessions.
    expect(arrived + second.downloaded).toBe(data.length);
    const [file] = await readFiles(second);
    expect(Buffer.from(file!).equals(Buffer.from(data))).toBe(true);
    await disk.closeDb();
  });
});

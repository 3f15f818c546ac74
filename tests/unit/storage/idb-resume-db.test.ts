// What only the IndexedDB resume store does: a database written by version 1 (bytes inside each record) is read as
// it was, and its bytes move to their own store at the next save; a counters-only save writes no bytes.

import 'fake-indexeddb/auto';
import { openDB } from 'idb';
import { afterEach, describe, expect, it } from 'vitest';
import type { ResumeRecord } from '../../../src/engine/ports.ts';
import { IdbResumeDb } from '../../../src/storage/idb-resume-db.ts';

let n = 0;
const handles: IdbResumeDb[] = [];
afterEach(async () => {
  await Promise.all(handles.splice(0).map((h) => h.close()));
});

function record(infoBytes: Uint8Array): ResumeRecord {
  return { infoHashHex: 'ab'.repeat(20), infoBytes, name: 'v1', trackers: [], webSeeds: [], paused: false, addedAt: 1, uploaded: 10, downloaded: 20 };
}

async function rawStores(name: string): Promise<{ torrents: ResumeRecord[]; bytes: unknown[] }> {
  const db = await openDB(name);
  const out = { torrents: (await db.getAll('torrents')) as ResumeRecord[], bytes: db.objectStoreNames.contains('bytes') ? await db.getAll('bytes') : [] };
  db.close();
  return out;
}

describe('IdbResumeDb', () => {
  it('reads a version 1 database, and moves the bytes out of the record at the next save', async () => {
    const name = `resume-v1-${++n}`;
    const v1 = await openDB(name, 1, { upgrade: (db) => void db.createObjectStore('torrents', { keyPath: 'infoHashHex' }) });
    const info = new Uint8Array([1, 2, 3, 4]);
    await v1.put('torrents', record(info));
    v1.close();

    const db = new IdbResumeDb(name);
    handles.push(db);
    const [listed] = await db.list();
    expect(listed?.infoBytes).toEqual(info);
    await db.put({ ...listed!, uploaded: 11 });
    await db.close();

    const raw = await rawStores(name);
    expect(raw.torrents[0]?.infoBytes).toBeUndefined();
    expect(raw.torrents[0]?.uploaded).toBe(11);
    expect(raw.bytes).toEqual([{ infoBytes: info }]);
  });

  it('a save with the same byte arrays writes only the record', async () => {
    const name = `resume-same-${++n}`;
    const db = new IdbResumeDb(name);
    handles.push(db);
    const info = new Uint8Array([9, 9, 9]);
    await db.put(record(info));
    // Changed behind the store's back: a save with the same arrays must not write them again.
    const other = await openDB(name);
    await other.put('bytes', { infoBytes: new Uint8Array([7]) }, 'ab'.repeat(20));
    other.close();
    await db.put({ ...record(info), uploaded: 99 });
    const [listed] = await db.list();
    expect(listed?.uploaded).toBe(99);
    expect(listed?.infoBytes).toEqual(new Uint8Array([7]));
  });
});

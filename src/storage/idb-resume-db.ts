// The resume database: one IndexedDB record per torrent (trackers, priorities, counters), and the torrent's bytes
// (its info dictionary, its .torrent file) in a store of their own. Counters change every second while a torrent
// moves data; the bytes never do, so a save rewrites only the small record (a torrent's bytes are tens of KiB:
// rewritten each second, that was ~3.5 GB a day of disk writes for one torrent moving data all day).

import { openDB, type DBSchema, type IDBPDatabase } from 'idb';
import type { ResumeDb, ResumeRecord } from '../engine/ports.ts';
import { toStorageError } from './storage-errors.ts';

export const IDB_RESUME_DB = 'rivulet';

/** The parts of a record kept apart: written when they change, never with every counter. */
type RecordBytes = Pick<ResumeRecord, 'infoBytes' | 'torrentBytes'>;

interface ResumeSchema extends DBSchema {
  /** keyPath infoHashHex; Uint8Arrays are stored as they are (structured clone). Records written by version 1 may
   * still hold their bytes here: they are read as they are, and the next save moves them out. */
  torrents: { key: string; value: ResumeRecord };
  /** Keyed by info hash (out-of-line keys). */
  bytes: { key: string; value: RecordBytes };
}

/** Version 1 had only `torrents`; 2 adds `bytes`. A module adding stores to this database must bump the version here. */
const VERSION = 2;

export class IdbResumeDb implements ResumeDb {
  private db: Promise<IDBPDatabase<ResumeSchema>> | null = null;
  /**
   * Per torrent, the byte arrays this instance last wrote. The engine never changes these arrays in place, so the
   * same arrays again mean the same bytes, already stored.
   */
  private readonly written = new Map<string, RecordBytes>();

  /** `dbName` lets tests use a database of their own. */
  constructor(private readonly dbName = IDB_RESUME_DB) {}

  async list(): Promise<ResumeRecord[]> {
    try {
      const tx = (await this.connect()).transaction(['torrents', 'bytes']);
      const bytes = tx.objectStore('bytes');
      const [records, keys, values] = await Promise.all([tx.objectStore('torrents').getAll(), bytes.getAllKeys(), bytes.getAll()]);
      const byHash = new Map(keys.map((k, i) => [k, values[i]!]));
      return records.map((r) => {
        const b = byHash.get(r.infoHashHex);
        return b ? { ...r, ...b } : r;
      });
    } catch (e) {
      throw toStorageError(e, { op: 'list saved torrents' });
    }
  }

  async put(record: ResumeRecord): Promise<void> {
    const { infoBytes, torrentBytes, ...rest } = record;
    const hash = record.infoHashHex;
    const last = this.written.get(hash);
    const same = last !== undefined && last.infoBytes === infoBytes && last.torrentBytes === torrentBytes;
    try {
      const db = await this.connect();
      if (same) {
        await db.put('torrents', rest);
        return;
      }
      const tx = db.transaction(['torrents', 'bytes'], 'readwrite');
      const bytes: RecordBytes = { ...(infoBytes ? { infoBytes } : {}), ...(torrentBytes ? { torrentBytes } : {}) };
      await Promise.all([
        tx.objectStore('torrents').put(rest),
        infoBytes || torrentBytes ? tx.objectStore('bytes').put(bytes, hash) : tx.objectStore('bytes').delete(hash),
        tx.done,
      ]);
      this.written.set(hash, { infoBytes, torrentBytes });
    } catch (e) {
      throw toStorageError(e, { op: 'save a torrent', details: { infoHash: hash } });
    }
  }

  async delete(infoHashHex: string): Promise<void> {
    this.written.delete(infoHashHex);
    try {
      const tx = (await this.connect()).transaction(['torrents', 'bytes'], 'readwrite');
      await Promise.all([tx.objectStore('torrents').delete(infoHashHex), tx.objectStore('bytes').delete(infoHashHex), tx.done]);
    } catch (e) {
      throw toStorageError(e, { op: 'delete a saved torrent', details: { infoHash: infoHashHex } });
    }
  }

  /** Closes the connection (tests, or before deleting the database); the next call reopens it. */
  async close(): Promise<void> {
    const db = this.db;
    this.db = null;
    if (db) (await db).close();
  }

  private connect(): Promise<IDBPDatabase<ResumeSchema>> {
    if (this.db) return this.db;
    const drop = (): void => {
      if (this.db !== p) return;
      this.db = null;
      void p.then((db) => db.close(), () => undefined);
    };
    const p = openDB<ResumeSchema>(this.dbName, VERSION, {
      upgrade(db, oldVersion) {
        if (oldVersion < 1) db.createObjectStore('torrents', { keyPath: 'infoHashHex' });
        if (oldVersion < 2) db.createObjectStore('bytes');
      },
      // Another tab wants a newer schema or to delete the database: step aside and reconnect on next use.
      blocking: drop,
      terminated: drop,
    });
    this.db = p;
    p.catch(() => {
      if (this.db === p) this.db = null;
    });
    return p;
  }
}

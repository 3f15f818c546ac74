// The resume database: one IndexedDB record per torrent (metainfo, trackers, priorities, counters).

import { openDB, type DBSchema, type IDBPDatabase } from 'idb';
import type { ResumeDb, ResumeRecord } from '../engine/ports.ts';
import { toStorageError } from './storage-errors.ts';

export const IDB_RESUME_DB = 'rivulet';

interface ResumeSchema extends DBSchema {
  /** keyPath infoHashHex; Uint8Arrays are stored as they are (structured clone). */
  torrents: { key: string; value: ResumeRecord };
}

/** Version 1 has only `torrents`; a module adding stores to this database must bump the version here. */
const VERSION = 1;

export class IdbResumeDb implements ResumeDb {
  private db: Promise<IDBPDatabase<ResumeSchema>> | null = null;

  /** `dbName` lets tests use a database of their own. */
  constructor(private readonly dbName = IDB_RESUME_DB) {}

  async list(): Promise<ResumeRecord[]> {
    try {
      return await (await this.connect()).getAll('torrents');
    } catch (e) {
      throw toStorageError(e, { op: 'list saved torrents' });
    }
  }

  async put(record: ResumeRecord): Promise<void> {
    try {
      await (await this.connect()).put('torrents', record);
    } catch (e) {
      throw toStorageError(e, { op: 'save a torrent', details: { infoHash: record.infoHashHex } });
    }
  }

  async delete(infoHashHex: string): Promise<void> {
    try {
      await (await this.connect()).delete('torrents', infoHashHex);
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
      upgrade(db) {
        db.createObjectStore('torrents', { keyPath: 'infoHashHex' });
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

// The fallback PieceStore when OPFS is missing: whole pieces as IndexedDB records, bitfield in the same transaction.

import { openDB, type DBSchema, type IDBPDatabase } from 'idb';
import { Bitfield } from '../engine/bitfield.ts';
import type { PieceStore, StoreFactory, StoreLayout } from '../engine/ports.ts';
import { checkPieceIndex, checkPieceWrite, checkRead, closedError, zeroPadRanges } from './layout.ts';
import { toStorageError } from './storage-errors.ts';

export const IDB_PIECES_DB = 'rivulet-pieces';

interface PiecesSchema extends DBSchema {
  /** Key [infoHashHex, pieceIndex]; the value is the whole piece as written (pad bytes included). */
  pieces: { key: [string, number]; value: Uint8Array };
  /** Key infoHashHex; BEP 3 bit order. Only ever changed in the transaction that changes its pieces. */
  bitfields: { key: string; value: Uint8Array };
}

type PiecesDb = IDBPDatabase<PiecesSchema>;

export class IdbStoreFactory implements StoreFactory {
  readonly kind = 'idb';
  private db: Promise<PiecesDb> | null = null;

  /** `dbName` lets tests use a database of their own. */
  constructor(private readonly dbName = IDB_PIECES_DB) {}

  async open(layout: StoreLayout): Promise<PieceStore> {
    try {
      const db = await this.connect();
      const stored = await db.get('bitfields', layout.infoHashHex);
      return new IdbPieceStore(layout, () => this.connect(), new Bitfield(layout.pieceCount, stored), () =>
        this.remove(layout.infoHashHex),
      );
    } catch (e) {
      throw toStorageError(e, { op: 'open the torrent storage', details: { infoHash: layout.infoHashHex } });
    }
  }

  async remove(infoHashHex: string): Promise<void> {
    try {
      const db = await this.connect();
      const tx = db.transaction(['pieces', 'bitfields'], 'readwrite');
      await Promise.all([
        tx.objectStore('pieces').delete(IDBKeyRange.bound([infoHashHex, 0], [infoHashHex, Infinity])),
        tx.objectStore('bitfields').delete(infoHashHex),
        tx.done,
      ]);
    } catch (e) {
      throw toStorageError(e, { op: 'delete the torrent data', details: { infoHash: infoHashHex } });
    }
  }

  /** Closes the shared connection (tests, or before deleting the database); the next call reopens it. */
  async closeDb(): Promise<void> {
    const db = this.db;
    this.db = null;
    if (db) (await db).close();
  }

  private connect(): Promise<PiecesDb> {
    if (this.db) return this.db;
    const p = openDB<PiecesSchema>(this.dbName, 1, {
      upgrade(db) {
        db.createObjectStore('pieces');
        db.createObjectStore('bitfields');
      },
      // Another tab wants a newer schema or to delete the database: step aside and reconnect on next use.
      blocking: () => this.dropConnection(p),
      terminated: () => this.dropConnection(p),
    });
    this.db = p;
    p.catch(() => {
      if (this.db === p) this.db = null;
    });
    return p;
  }

  private dropConnection(p: Promise<PiecesDb>): void {
    if (this.db !== p) return;
    this.db = null;
    void p.then((db) => db.close(), () => undefined);
  }
}

class IdbPieceStore implements PieceStore {
  private closed = false;
  /**
   * The last piece read: serving a peer reads a piece 16 KiB at a time, and each IDB get returns the whole
   * piece. Stored pieces are immutable until rewritten or forgotten, which drop it.
   */
  private lastRead: { index: number; bytes: Uint8Array } | null = null;
  /** Bumped by every write and forget: a read that overlapped one must not cache what it fetched (maybe stale). */
  private generation = 0;

  constructor(
    private readonly layout: StoreLayout,
    private readonly db: () => Promise<PiecesDb>,
    private readonly bits: Bitfield,
    private readonly removeAll: () => Promise<void>,
  ) {}

  verifiedPieces(): Uint8Array {
    return this.bits.copyBytes();
  }

  async writePiece(index: number, data: Uint8Array): Promise<void> {
    if (this.closed) throw closedError(this.layout, 'write a piece');
    checkPieceWrite(this.layout, index, data);
    // Structured clone copies a view's whole ArrayBuffer: store exactly the piece, not the buffer around it.
    const value = data.byteOffset === 0 && data.byteLength === data.buffer.byteLength ? data : data.slice();
    this.generation++;
    if (this.lastRead?.index === index) this.lastRead = null;
    const ih = this.layout.infoHashHex;
    try {
      const tx = (await this.db()).transaction(['pieces', 'bitfields'], 'readwrite');
      const bitfields = tx.objectStore('bitfields');
      // Read-modify-write inside the transaction: overlapping writePiece calls serialize on it, and a piece
      // whose transaction aborts (quota) never has its bit persisted by another's.
      const updateBits = async (): Promise<void> => {
        const bits = new Bitfield(this.layout.pieceCount, await bitfields.get(ih));
        bits.set(index);
        await bitfields.put(bits.bytes, ih);
      };
      await Promise.all([tx.objectStore('pieces').put(value, [ih, index]), updateBits(), tx.done]);
    } catch (e) {
      throw toStorageError(e, { op: 'write a piece', details: { piece: index, needed: data.length } });
    }
    this.bits.set(index);
  }

  async read(offset: number, length: number): Promise<Uint8Array> {
    if (this.closed) throw closedError(this.layout, 'read');
    checkRead(this.layout, offset, length);
    const out = new Uint8Array(length);
    if (length === 0) return out;
    const pl = this.layout.pieceLength;
    const first = Math.floor(offset / pl);
    const last = Math.floor((offset + length - 1) / pl);
    const pieces: (Uint8Array | undefined)[] = [];
    try {
      if (first === last && this.lastRead?.index === first) {
        pieces.push(this.lastRead.bytes);
      } else {
        const generation = this.generation;
        const tx = (await this.db()).transaction('pieces', 'readonly');
        const gets: Promise<Uint8Array | undefined>[] = [];
        for (let p = first; p <= last; p++) gets.push(tx.store.get([this.layout.infoHashHex, p]));
        const [got] = await Promise.all([Promise.all(gets), tx.done]);
        pieces.push(...got);
        const lastPiece = pieces[pieces.length - 1];
        if (lastPiece && generation === this.generation) this.lastRead = { index: last, bytes: lastPiece };
      }
    } catch (e) {
      throw toStorageError(e, { op: 'read', details: { offset, length } });
    }
    for (let k = 0; k < pieces.length; k++) {
      const piece = pieces[k];
      if (!piece) continue; // never written: zeros
      const p = first + k;
      const start = Math.max(offset, p * pl);
      const stop = Math.min(offset + length, p * pl + piece.length);
      out.set(piece.subarray(start - p * pl, stop - p * pl), start - offset);
    }
    // Pieces are stored with their pad bytes; the port promises pad ranges read as zeros whatever was sent.
    zeroPadRanges(this.layout, out, offset);
    return out;
  }

  async forgetPiece(index: number): Promise<void> {
    if (this.closed) throw closedError(this.layout, 'forget a piece');
    checkPieceIndex(this.layout, index);
    this.generation++;
    if (this.lastRead?.index === index) this.lastRead = null;
    const ih = this.layout.infoHashHex;
    try {
      const tx = (await this.db()).transaction(['pieces', 'bitfields'], 'readwrite');
      const bitfields = tx.objectStore('bitfields');
      const updateBits = async (): Promise<void> => {
        const bits = new Bitfield(this.layout.pieceCount, await bitfields.get(ih));
        if (bits.clear(index)) await bitfields.put(bits.bytes, ih);
      };
      // The bytes go too: a corrupt piece is worth nothing, and this frees its space.
      await Promise.all([tx.objectStore('pieces').delete([ih, index]), updateBits(), tx.done]);
    } catch (e) {
      throw toStorageError(e, { op: 'forget a piece', details: { piece: index } });
    }
    this.bits.clear(index);
  }

  async close(): Promise<void> {
    this.closed = true;
    this.lastRead = null;
  }

  async destroy(): Promise<void> {
    await this.close();
    await this.removeAll();
  }
}

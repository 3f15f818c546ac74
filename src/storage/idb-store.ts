// The fallback PieceStore when OPFS is missing: whole pieces as IndexedDB records, bitfield in the same transaction,
// and the received blocks of pieces not verified yet (idb-kept-blocks.ts) so a restart costs only blocks in flight.

import { openDB } from 'idb';
import { Bitfield } from '../engine/bitfield.ts';
import type { PieceStore, StoreFactory, StoreLayout } from '../engine/ports.ts';
import { IdbKeptBlocks } from './idb-kept-blocks.ts';
import { blockRange, IDB_PIECES_DB, IDB_PIECES_VERSION, ownBytes, upgradePieces, type PiecesDb, type PiecesSchema } from './idb-pieces-schema.ts';
import { checkPieceIndex, checkPieceWrite, checkRead, closedError, zeroPadRanges } from './layout.ts';
import { toStorageError } from './storage-errors.ts';

export { IDB_PIECES_DB } from './idb-pieces-schema.ts';

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
      const tx = db.transaction(['pieces', 'bitfields', 'blocks'], 'readwrite');
      await Promise.all([
        tx.objectStore('pieces').delete(IDBKeyRange.bound([infoHashHex, 0], [infoHashHex, Infinity])),
        tx.objectStore('bitfields').delete(infoHashHex),
        tx.objectStore('blocks').delete(blockRange(infoHashHex)),
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
    const p = openDB<PiecesSchema>(this.dbName, IDB_PIECES_VERSION, {
      upgrade: (db, oldVersion) => upgradePieces(db, oldVersion),
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
  private readonly kept: IdbKeptBlocks;
  /** Pieces whose writePiece is under way: their blocks are not kept any more. */
  private readonly writing = new Set<number>();

  constructor(
    private readonly layout: StoreLayout,
    private readonly db: () => Promise<PiecesDb>,
    private readonly bits: Bitfield,
    private readonly removeAll: () => Promise<void>,
  ) {
    this.kept = new IdbKeptBlocks(db, layout.infoHashHex);
  }

  verifiedPieces(): Uint8Array {
    return this.bits.copyBytes();
  }

  async writePiece(index: number, data: Uint8Array): Promise<void> {
    if (this.closed) throw closedError(this.layout, 'write a piece');
    checkPieceWrite(this.layout, index, data);
    const value = ownBytes(data);
    this.generation++;
    if (this.lastRead?.index === index) this.lastRead = null;
    const ih = this.layout.infoHashHex;
    this.writing.add(index);
    this.kept.dropPending(index);
    try {
      // Its kept blocks go in the same transaction: they are part of a verified piece now. A batch of blocks
      // started earlier commits first (IndexedDB runs overlapping read-write transactions in order).
      const tx = (await this.db()).transaction(['pieces', 'bitfields', 'blocks'], 'readwrite');
      const bitfields = tx.objectStore('bitfields');
      // Read-modify-write inside the transaction: overlapping writePiece calls serialize on it, and a piece
      // whose transaction aborts (quota) never has its bit persisted by another's.
      const updateBits = async (): Promise<void> => {
        const bits = new Bitfield(this.layout.pieceCount, await bitfields.get(ih));
        bits.set(index);
        await bitfields.put(bits.bytes, ih);
      };
      const blocks = tx.objectStore('blocks').delete(blockRange(ih, index));
      await Promise.all([tx.objectStore('pieces').put(value, [ih, index]), updateBits(), blocks, tx.done]);
    } catch (e) {
      throw toStorageError(e, { op: 'write a piece', details: { piece: index, needed: data.length } });
    } finally {
      this.writing.delete(index);
    }
    this.bits.set(index);
  }

  async writeBlock(index: number, begin: number, data: Uint8Array): Promise<void> {
    if (this.closed) throw closedError(this.layout, 'keep a block');
    checkPieceIndex(this.layout, index);
    if (this.bits.get(index) || this.writing.has(index)) return;
    try {
      await this.kept.write(index, begin, data);
    } catch (e) {
      throw toStorageError(e, { op: 'keep a block', details: { piece: index, begin } });
    }
  }

  async keptBlocks(): Promise<ReadonlyMap<number, readonly number[]>> {
    try {
      return await this.kept.list(this.bits);
    } catch (e) {
      throw toStorageError(e, { op: 'list kept blocks', details: {} });
    }
  }

  async keptPiece(index: number, size: number): Promise<Uint8Array> {
    checkPieceIndex(this.layout, index);
    try {
      return await this.kept.piece(index, size);
    } catch (e) {
      throw toStorageError(e, { op: 'read kept blocks', details: { piece: index } });
    }
  }

  async forgetBlocks(index: number): Promise<void> {
    if (this.closed) return;
    checkPieceIndex(this.layout, index);
    try {
      await this.kept.forget(index);
    } catch (e) {
      throw toStorageError(e, { op: 'forget kept blocks', details: { piece: index } });
    }
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
    // Blocks queued before the close are still worth keeping for the next session.
    await this.kept.drain();
  }

  async destroy(): Promise<void> {
    await this.close();
    await this.removeAll();
  }
}

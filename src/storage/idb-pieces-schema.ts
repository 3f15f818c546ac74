// The IndexedDB pieces database: its stores, its version, and how an older database is upgraded.

import type { DBSchema, IDBPDatabase } from 'idb';

export const IDB_PIECES_DB = 'rivulet-pieces';

/** 1: pieces and bitfields. 2: blocks (kept blocks of pieces not verified yet). */
export const IDB_PIECES_VERSION = 2;

export interface PiecesSchema extends DBSchema {
  /** Key [infoHashHex, pieceIndex]; the value is the whole piece as written (pad bytes included). */
  pieces: { key: [string, number]; value: Uint8Array };
  /** Key infoHashHex; BEP 3 bit order. Only ever changed in the transaction that changes its pieces. */
  bitfields: { key: string; value: Uint8Array };
  /** Key [infoHashHex, pieceIndex, begin]: a received block of a piece not verified yet (PieceStore.writeBlock). */
  blocks: { key: [string, number, number]; value: Uint8Array };
}

export type PiecesDb = IDBPDatabase<PiecesSchema>;

export function upgradePieces(db: PiecesDb, oldVersion: number): void {
  if (oldVersion < 1) {
    db.createObjectStore('pieces');
    db.createObjectStore('bitfields');
  }
  if (oldVersion < 2) db.createObjectStore('blocks');
}

/** Every block key of one piece, or of the whole torrent (`index` omitted). */
export function blockRange(infoHashHex: string, index?: number): IDBKeyRange {
  return index === undefined
    ? IDBKeyRange.bound([infoHashHex, 0, 0], [infoHashHex, Infinity, Infinity])
    : IDBKeyRange.bound([infoHashHex, index, 0], [infoHashHex, index, Infinity]);
}

/** A view's own bytes: structured clone copies a view's whole ArrayBuffer, so store exactly the view. */
export function ownBytes(data: Uint8Array): Uint8Array {
  return data.byteOffset === 0 && data.byteLength === data.buffer.byteLength ? data : data.slice();
}

// In-memory PieceStore for tests and the engine's Node runs: pieces kept per index, data survives close/reopen.

import { Bitfield } from '../engine/bitfield.ts';
import type { PieceStore, StoreFactory, StoreLayout } from '../engine/ports.ts';
import { checkPieceIndex, checkPieceWrite, checkRead, closedError, zeroPadRanges } from './layout.ts';

/** What one torrent leaves "on disk": whole verified pieces (pad ranges already zeroed) and the verified bits. */
interface MemoryTorrent {
  readonly pieces: Map<number, Uint8Array>;
  verified: Uint8Array;
  /** Blocks kept from pieces not verified yet: piece -> begin -> bytes. */
  readonly kept: Map<number, Map<number, Uint8Array>>;
}

/**
 * One factory is one client's disk: opening the same info hash again (after close, as a reload would) sees the
 * same bytes and bits until destroy()/remove(). Two clients in one test each need their own factory.
 */
export class MemoryStoreFactory implements StoreFactory {
  readonly kind = 'memory';
  private readonly torrents = new Map<string, MemoryTorrent>();

  async open(layout: StoreLayout): Promise<PieceStore> {
    let t = this.torrents.get(layout.infoHashHex);
    if (!t) {
      t = { pieces: new Map(), verified: new Uint8Array(0), kept: new Map() };
      this.torrents.set(layout.infoHashHex, t);
    }
    return new MemoryPieceStore(layout, t, () => this.torrents.delete(layout.infoHashHex));
  }

  async remove(infoHashHex: string): Promise<void> {
    this.torrents.delete(infoHashHex);
  }

  /** Bytes held across all torrents (for leak checks in tests). */
  get storedBytes(): number {
    let n = 0;
    for (const t of this.torrents.values()) for (const p of t.pieces.values()) n += p.length;
    return n;
  }
}

class MemoryPieceStore implements PieceStore {
  private readonly bits: Bitfield;
  private closed = false;

  constructor(
    private readonly layout: StoreLayout,
    private readonly torrent: MemoryTorrent,
    private readonly drop: () => void,
  ) {
    this.bits = new Bitfield(layout.pieceCount, torrent.verified);
  }

  verifiedPieces(): Uint8Array {
    return this.bits.copyBytes();
  }

  async writePiece(index: number, data: Uint8Array): Promise<void> {
    if (this.closed) throw closedError(this.layout, 'write a piece');
    checkPieceWrite(this.layout, index, data);
    // A copy: the caller may reuse its buffer, and pad ranges are dropped as a real store would drop them.
    const copy = data.slice();
    zeroPadRanges(this.layout, copy, index * this.layout.pieceLength);
    this.torrent.pieces.set(index, copy);
    this.bits.set(index);
    this.torrent.verified = this.bits.copyBytes();
    this.torrent.kept.delete(index);
  }

  async writeBlock(index: number, begin: number, data: Uint8Array): Promise<void> {
    if (this.closed) throw closedError(this.layout, 'keep a block');
    checkPieceIndex(this.layout, index);
    if (this.bits.get(index)) return;
    let blocks = this.torrent.kept.get(index);
    if (!blocks) this.torrent.kept.set(index, (blocks = new Map()));
    blocks.set(begin, data.slice());
  }

  async keptBlocks(): Promise<ReadonlyMap<number, readonly number[]>> {
    const out = new Map<number, number[]>();
    for (const [index, blocks] of this.torrent.kept) if (!this.bits.get(index)) out.set(index, [...blocks.keys()]);
    return out;
  }

  async keptPiece(index: number, size: number): Promise<Uint8Array> {
    const out = new Uint8Array(size);
    for (const [begin, data] of this.torrent.kept.get(index) ?? []) if (begin + data.length <= size) out.set(data, begin);
    return out;
  }

  async forgetBlocks(index: number): Promise<void> {
    this.torrent.kept.delete(index);
  }

  async read(offset: number, length: number): Promise<Uint8Array> {
    if (this.closed) throw closedError(this.layout, 'read');
    checkRead(this.layout, offset, length);
    const out = new Uint8Array(length);
    const pl = this.layout.pieceLength;
    const end = offset + length;
    for (let p = Math.floor(offset / pl); p * pl < end; p++) {
      const piece = this.torrent.pieces.get(p);
      if (!piece) continue;
      const start = Math.max(offset, p * pl);
      const stop = Math.min(end, p * pl + piece.length);
      out.set(piece.subarray(start - p * pl, stop - p * pl), start - offset);
    }
    return out;
  }

  async forgetPiece(index: number): Promise<void> {
    if (this.closed) throw closedError(this.layout, 'forget a piece');
    checkPieceIndex(this.layout, index);
    this.torrent.pieces.delete(index);
    this.bits.clear(index);
    this.torrent.verified = this.bits.copyBytes();
  }

  async close(): Promise<void> {
    this.closed = true;
  }

  async destroy(): Promise<void> {
    this.closed = true;
    this.drop();
  }
}

// The browser's default PieceStore: OPFS files written through sync access handles (dedicated worker only).

import { Bitfield } from '../engine/bitfield.ts';
import { EngineError } from '../engine/errors.ts';
import { fileSpans } from '../engine/metainfo/file-map.ts';
import type { PieceStore, StoreFactory, StoreLayout } from '../engine/ports.ts';
import { checkInfoHashHex, checkPieceIndex, checkPieceWrite, checkRead, closedError } from './layout.ts';
import { KeptBlocks } from './kept-blocks.ts';
import { fileName, OpfsFileHandles } from './opfs-file-handles.ts';
import { openTorrentFolder, PreparedFolders, type TorrentFolder } from './opfs-torrent-folder.ts';
import { VerifiedBits } from './opfs-verified-bits.ts';
import { isNotFound, toStorageError } from './storage-errors.ts';

/** Folder under the OPFS root that holds one folder per info hash. */
export const OPFS_ROOT = 'rivulet';

/**
 * True when this realm can run OpfsStoreFactory: OPFS exists and sync access handles work (dedicated workers only;
 * a window, Firefox private browsing or an insecure origin answer false). Creates and deletes a probe file.
 */
export async function opfsAvailable(): Promise<boolean> {
  if (typeof navigator === 'undefined' || typeof navigator.storage?.getDirectory !== 'function') return false;
  if (typeof FileSystemFileHandle === 'undefined' || !('createSyncAccessHandle' in FileSystemFileHandle.prototype)) {
    return false;
  }
  // A unique name, so two tabs probing at once do not lock each other out.
  const probe = `.probe-${Math.random().toString(36).slice(2)}`;
  try {
    const root = await navigator.storage.getDirectory();
    const fh = await root.getFileHandle(probe, { create: true });
    (await fh.createSyncAccessHandle()).close();
    await root.removeEntry(probe);
    return true;
  } catch {
    // Any failure (SecurityError in private modes, missing API) means "use the fallback"; nothing to report.
    return false;
  }
}

/**
 * A `File` snapshot of a stored torrent file, for saving/exporting, or null if it was never written. Chromium 156
 * allows this while the torrent's store holds a sync access handle on the file (tests/browser/storage checks it);
 * a browser that refuses (NoModificationAllowedError) gets STORAGE_UNAVAILABLE: close the store and retry. The File
 * is a snapshot: once the file is written again, reading it fails (NotReadableError). Bytes past the last written
 * piece are absent, not zero, so the File can be shorter than the torrent file; export complete files only.
 */
export async function opfsStoredFile(infoHashHex: string, fileIndex: number, rootName = OPFS_ROOT): Promise<File | null> {
  checkInfoHashHex(infoHashHex);
  try {
    const root = await navigator.storage.getDirectory();
    const dir = await (await root.getDirectoryHandle(rootName)).getDirectoryHandle(infoHashHex);
    return await (await dir.getFileHandle(fileName(fileIndex))).getFile();
  } catch (e) {
    if (isNotFound(e)) return null;
    throw toStorageError(e, { op: 'get a stored file', details: { infoHash: infoHashHex, file: fileIndex } });
  }
}

/** OPFS root -> `rivulet/<infohash>/f<fileIndex>` and `rivulet/<infohash>/verified.bits`. */
export class OpfsStoreFactory implements StoreFactory {
  readonly kind = 'opfs';
  /** Info hashes with a live store in this worker: a second store would collide on the sync handle locks. */
  private readonly live = new Map<string, OpfsPieceStore | 'opening'>();
  private rootDir: Promise<FileSystemDirectoryHandle> | null = null;
  private readonly prepared = new PreparedFolders(() => this.root());

  /** `rootName` lets tests use a folder of their own. */
  constructor(private readonly rootName = OPFS_ROOT) {}

  async open(layout: StoreLayout): Promise<PieceStore> {
    const ih = layout.infoHashHex;
    checkInfoHashHex(ih);
    if (this.live.has(ih)) {
      throw new EngineError('STORAGE_UNAVAILABLE', 'This torrent is already open in this worker; close it first.', {
        infoHash: ih,
      });
    }
    this.live.set(ih, 'opening');
    let folder: TorrentFolder | null = null;
    try {
      const root = await this.root();
      folder = (await this.prepared.take(ih)) ?? (await openTorrentFolder(root, ih));
      const { dir, bits, kept: keptHandle } = folder;
      const byteLength = Math.ceil(layout.pieceCount / 8);
      const bytes = new Uint8Array(byteLength);
      bits.read(bytes, { at: 0 });
      // Full size up front, so setting a bit later never grows the file (and never hits the quota).
      if (bits.getSize() < byteLength) bits.truncate(byteLength);
      const keptBytes = new Uint8Array(KeptBlocks.byteLength(layout));
      if (keptHandle.getSize() === keptBytes.length) keptHandle.read(keptBytes, { at: 0 });
      else keptHandle.truncate(keptBytes.length); // new, or from another layout: nothing kept
      const kept = { handle: keptHandle, blocks: new KeptBlocks(layout, keptBytes) };
      const store = new OpfsPieceStore(layout, root, dir, bits, new Bitfield(layout.pieceCount, bytes), kept, () =>
        this.live.delete(ih),
      );
      this.live.set(ih, store);
      return store;
    } catch (e) {
      folder?.bits.close();
      folder?.kept.close();
      this.live.delete(ih);
      throw toStorageError(e, { op: 'open the torrent storage', details: { infoHash: ih } });
    }
  }

  /** A magnet is fetching its metadata: its folder and lock files are opened now, so open() is quick when it comes. */
  prepare(infoHashHex: string): void {
    try {
      checkInfoHashHex(infoHashHex);
    } catch {
      return; // open() says what is wrong with it
    }
    if (!this.live.has(infoHashHex)) this.prepared.prepare(infoHashHex);
  }

  /** The torrent left before its metadata: what prepare() opened is closed (and its folder removed if it made it). */
  release(infoHashHex: string): Promise<void> {
    return this.prepared.release(infoHashHex);
  }

  async remove(infoHashHex: string): Promise<void> {
    checkInfoHashHex(infoHashHex);
    const store = this.live.get(infoHashHex);
    if (store instanceof OpfsPieceStore) return store.destroy();
    await this.prepared.release(infoHashHex);
    await removeFolder(await this.root(), infoHashHex);
  }

  private root(): Promise<FileSystemDirectoryHandle> {
    this.rootDir ??= navigator.storage.getDirectory().then((d) => d.getDirectoryHandle(this.rootName, { create: true }));
    const p = this.rootDir;
    p.catch(() => {
      if (this.rootDir === p) this.rootDir = null; // retry next time (e.g. storage was briefly unavailable)
    });
    return p;
  }
}
async function removeFolder(root: FileSystemDirectoryHandle, name: string): Promise<void> {
  try {
    await root.removeEntry(name, { recursive: true });
  } catch (e) {
    if (!isNotFound(e)) throw toStorageError(e, { op: 'delete the torrent folder', details: { infoHash: name } });
  }
}

type SyncHandle = FileSystemSyncAccessHandle;

/** base::File::FILE_ERROR_NO_SPACE: what Chromium 156's write() returns, as an unsigned 32-bit count, when over quota. */
const CHROMIUM_NO_SPACE = -8;

/**
 * A write() that did not write every byte. Chromium does not throw QuotaExceededError from a sync handle over
 * quota: it returns its internal error code wrapped to uint32 (4294967288 = -8). A genuinely short count also
 * means the space ran out. Any other code is an I/O failure.
 */
export function shortWrite(piece: number, file: number, written: number, expected: number, needed: number): EngineError {
  const signed = written | 0;
  if (signed === CHROMIUM_NO_SPACE || (written >= 0 && written < expected)) {
    return new EngineError('STORAGE_QUOTA_EXCEEDED', 'Out of storage space while trying to write a piece.', {
      piece,
      needed,
      file,
      written: Math.max(signed, 0),
    });
  }
  return new EngineError('STORAGE_IO', 'An OPFS write failed', { piece, file, errorCode: signed, expected });
}

class OpfsPieceStore implements PieceStore {
  /** The torrent's files (opfs-file-handles.ts). */
  private readonly files: OpfsFileHandles;
  private readonly inflight = new Set<Promise<unknown>>();
  private closed = false;
  /** `verified.bits` (opfs-verified-bits.ts). */
  private readonly verified: VerifiedBits;

  constructor(
    private readonly layout: StoreLayout,
    private readonly root: FileSystemDirectoryHandle,
    dir: FileSystemDirectoryHandle,
    bitsHandle: SyncHandle,
    private readonly bits: Bitfield,
    private readonly kept: { readonly handle: SyncHandle; readonly blocks: KeptBlocks },
    private readonly release: () => void,
  ) {
    this.files = new OpfsFileHandles(dir);
    this.verified = new VerifiedBits(bitsHandle, bits, () => this.closed);
  }

  verifiedPieces(): Uint8Array {
    return this.bits.copyBytes();
  }

  async writePiece(index: number, data: Uint8Array): Promise<void> {
    if (this.closed) throw closedError(this.layout, 'write a piece');
    checkPieceWrite(this.layout, index, data);
    return this.track(this.doWrite(index, data));
  }

  private async doWrite(index: number, data: Uint8Array): Promise<void> {
    const spans = fileSpans(this.layout.files, index * this.layout.pieceLength, data.length).filter((s) => !s.pad);
    try {
      const hs = await Promise.all(spans.map((s) => this.files.handle(s.fileIndex, true)));
      // From here on everything is synchronous: nothing can interleave between the data and its bit.
      for (let k = 0; k < spans.length; k++) {
        const s = spans[k]!;
        const written = hs[k]!.write(data.subarray(s.rangeOffset, s.rangeOffset + s.length), { at: s.fileOffset });
        if (written !== s.length) throw shortWrite(index, s.fileIndex, written, s.length, data.length);
      }
      // The bit goes down only after the bytes (a reload in between loses this piece, never marks a hole), with the
      // bits of other pieces written meanwhile (flushVerified).
      if (this.bits.set(index)) this.verified.markDirty(index);
      // Its kept blocks are part of a verified piece now. Failing to unmark them is harmless (kept bits of verified
      // pieces are ignored), so it must not fail the piece.
      try {
        this.writeKept(this.kept.blocks.forget(index));
      } catch (e) {
        console.warn('Could not unmark the kept blocks of a verified piece', index, e);
      }
    } catch (e) {
      throw toStorageError(e, { op: 'write a piece', details: { piece: index, needed: data.length } });
    }
  }

  async writeBlock(index: number, begin: number, data: Uint8Array): Promise<void> {
    if (this.closed) throw closedError(this.layout, 'keep a block');
    checkPieceIndex(this.layout, index);
    return this.track(this.doWriteBlock(index, begin, data));
  }

  private async doWriteBlock(index: number, begin: number, data: Uint8Array): Promise<void> {
    if (this.bits.get(index)) return;
    const spans = fileSpans(this.layout.files, index * this.layout.pieceLength + begin, data.length).filter((s) => !s.pad);
    try {
      const hs = await Promise.all(spans.map((s) => this.files.handle(s.fileIndex, true)));
      // Synchronous from here: the block's bit goes down only after its bytes, and never for a verified piece.
      if (this.closed || this.bits.get(index)) return;
      for (let k = 0; k < spans.length; k++) {
        const s = spans[k]!;
        const written = hs[k]!.write(data.subarray(s.rangeOffset, s.rangeOffset + s.length), { at: s.fileOffset });
        if (written !== s.length) throw shortWrite(index, s.fileIndex, written, s.length, data.length);
      }
      const byte = this.kept.blocks.mark(index, begin);
      if (byte >= 0) this.writeKept([byte, byte + 1]);
    } catch (e) {
      throw toStorageError(e, { op: 'keep a block', details: { piece: index, begin } });
    }
  }

  async keptBlocks(): Promise<ReadonlyMap<number, readonly number[]>> {
    return this.kept.blocks.list(this.bits);
  }

  keptPiece(index: number, size: number): Promise<Uint8Array> {
    return this.read(index * this.layout.pieceLength, size);
  }

  async forgetBlocks(index: number): Promise<void> {
    if (this.closed) return;
    checkPieceIndex(this.layout, index);
    try {
      this.writeKept(this.kept.blocks.forget(index));
    } catch (e) {
      throw toStorageError(e, { op: 'forget kept blocks', details: { piece: index } });
    }
  }

  private writeKept([from, to]: [number, number]): void {
    if (to > from) this.kept.handle.write(this.kept.blocks.bits.bytes.subarray(from, to), { at: from });
  }

  async read(offset: number, length: number, into?: Uint8Array): Promise<Uint8Array> {
    if (this.closed) throw closedError(this.layout, 'read');
    checkRead(this.layout, offset, length);
    // A reused buffer holds older bytes: every range not read from a file is zeroed below.
    const reused = into !== undefined && into.length === length;
    const out = reused ? into : new Uint8Array(length);
    const spans = fileSpans(this.layout.files, offset, length);
    try {
      const hs = await this.track(Promise.all(spans.map((s) => (s.pad ? null : this.files.handle(s.fileIndex, false)))));
      for (let k = 0; k < spans.length; k++) {
        const s = spans[k]!;
        const range = out.subarray(s.rangeOffset, s.rangeOffset + s.length);
        // A pad file, a missing file, or bytes past a file's end were never written: they read as zeros.
        const got = hs[k]?.read(range, { at: s.fileOffset }) ?? 0;
        if (reused && got < s.length) range.fill(0, Math.max(got, 0));
      }
    } catch (e) {
      throw toStorageError(e, { op: 'read', details: { offset, length } });
    }
    return out;
  }

  async forgetPiece(index: number): Promise<void> {
    if (this.closed) throw closedError(this.layout, 'forget a piece');
    checkPieceIndex(this.layout, index);
    if (!this.bits.clear(index)) return;
    try {
      this.verified.writeBitByte(index);
    } catch (e) {
      throw toStorageError(e, { op: 'forget a piece', details: { piece: index } });
    }
  }

  flushVerified(): void {
    this.verified.flush();
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await Promise.allSettled([...this.inflight]);
    this.flushVerified();
    const all: SyncHandle[] = [this.verified.handle, this.kept.handle, ...(await this.files.takeAll())];
    let failure: unknown;
    for (const h of all) {
      try {
        h.flush();
        h.close();
      } catch (e) {
        failure ??= e; // close the others anyway; report the first failure
      }
    }
    this.release();
    if (failure !== undefined) throw toStorageError(failure, { op: 'close the torrent files' });
  }

  async destroy(): Promise<void> {
    try {
      await this.close();
    } finally {
      await removeFolder(this.root, this.layout.infoHashHex);
    }
  }

  private track<T>(p: Promise<T>): Promise<T> {
    this.inflight.add(p);
    const done = (): void => void this.inflight.delete(p);
    p.then(done, done);
    return p;
  }
}

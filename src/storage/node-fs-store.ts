// PieceStore on the Node file system (the Node seeder/CLI and tests): one file per torrent file, plus verified.bits
// and kept.bits (blocks of pieces not verified yet, written in place: kept-blocks.ts).

import { constants } from 'node:fs';
import { mkdir, open, readFile, rm, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import { Bitfield } from '../engine/bitfield.ts';
import { fileSpans } from '../engine/metainfo/file-map.ts';
import type { PieceStore, StoreFactory, StoreLayout } from '../engine/ports.ts';
import { KeptBlocks } from './kept-blocks.ts';
import { checkInfoHashHex, checkPieceIndex, checkPieceWrite, checkRead, closedError } from './layout.ts';
import { isNotFound, toStorageError } from './storage-errors.ts';

const RW_CREATE = constants.O_RDWR | constants.O_CREAT;

/**
 * Layout: `<root>/<infohash>/files/<fileIndex>` (names from the torrent are never used as paths, so a hostile
 * torrent cannot escape the root), `<root>/<infohash>/verified.bits` (BEP 3 bit order) and `kept.bits`.
 */
export class NodeFsStoreFactory implements StoreFactory {
  readonly kind = 'fs';

  constructor(readonly rootDir: string) {}

  async open(layout: StoreLayout): Promise<PieceStore> {
    checkInfoHashHex(layout.infoHashHex);
    const dir = join(this.rootDir, layout.infoHashHex);
    let bits: Uint8Array | undefined;
    let kept: Uint8Array | undefined;
    try {
      await mkdir(join(dir, 'files'), { recursive: true });
      [bits, kept] = await Promise.all([readOptional(join(dir, 'verified.bits')), readOptional(join(dir, 'kept.bits'))]);
    } catch (e) {
      throw toStorageError(e, { op: 'open the torrent folder', details: { dir } });
    }
    // A kept.bits of another length (another layout) is ignored: nothing kept.
    return new NodeFsPieceStore(layout, dir, new Bitfield(layout.pieceCount, bits), new KeptBlocks(layout, kept));
  }

  async remove(infoHashHex: string): Promise<void> {
    checkInfoHashHex(infoHashHex);
    const dir = join(this.rootDir, infoHashHex);
    try {
      await rm(dir, { recursive: true, force: true });
    } catch (e) {
      throw toStorageError(e, { op: 'delete the torrent folder', details: { dir } });
    }
  }
}

class NodeFsPieceStore implements PieceStore {
  /** Handles opened lazily and kept open; a promise so concurrent writes share one open(). */
  private readonly handles = new Map<number, Promise<FileHandle>>();
  private bitsHandle: Promise<FileHandle> | null = null;
  /** Bitfield writes run one at a time, each writing the byte's value at that moment, so the last write wins. */
  private bitsChain: Promise<void> = Promise.resolve();
  private keptHandle: Promise<FileHandle> | null = null;
  /** kept.bits writes, one at a time like bitsChain. */
  private keptChain: Promise<void> = Promise.resolve();
  private readonly inflight = new Set<Promise<unknown>>();
  private closed = false;

  constructor(
    private readonly layout: StoreLayout,
    private readonly dir: string,
    private readonly bits: Bitfield,
    private readonly kept: KeptBlocks,
  ) {}

  verifiedPieces(): Uint8Array {
    return this.bits.copyBytes();
  }

  async writePiece(index: number, data: Uint8Array): Promise<void> {
    if (this.closed) throw closedError(this.layout, 'write a piece');
    checkPieceWrite(this.layout, index, data);
    return this.track(this.doWrite(index, data));
  }

  private async doWrite(index: number, data: Uint8Array): Promise<void> {
    const base = index * this.layout.pieceLength;
    try {
      await Promise.all(
        fileSpans(this.layout.files, base, data.length)
          .filter((s) => !s.pad)
          .map(async (s) => {
            const fh = await this.handle(s.fileIndex, true);
            await writeFully(fh, data.subarray(s.rangeOffset, s.rangeOffset + s.length), s.fileOffset);
          }),
      );
    } catch (e) {
      throw toStorageError(e, { op: 'write a piece', details: { piece: index, needed: data.length } });
    }
    // Only after every byte landed: a crash in between leaves the piece unmarked, never marked with a hole.
    if (this.bits.set(index)) {
      try {
        await this.persistBit(index);
      } catch (e) {
        this.bits.clear(index); // memory must not claim what the disk does not
        throw e;
      }
    }
    // Its kept blocks are part of a verified piece now (kept bits of verified pieces are ignored anyway).
    const [from, to] = this.kept.forget(index);
    if (from < to) await this.persistKept(from, to).catch((e: unknown) => console.warn('Could not unmark the kept blocks of a verified piece', index, e));
  }

  async writeBlock(index: number, begin: number, data: Uint8Array): Promise<void> {
    if (this.closed) throw closedError(this.layout, 'keep a block');
    checkPieceIndex(this.layout, index);
    if (this.bits.get(index)) return;
    return this.track(this.doWriteBlock(index, begin, data));
  }

  private async doWriteBlock(index: number, begin: number, data: Uint8Array): Promise<void> {
    try {
      await Promise.all(
        fileSpans(this.layout.files, index * this.layout.pieceLength + begin, data.length)
          .filter((s) => !s.pad)
          .map(async (s) => writeFully(await this.handle(s.fileIndex, true), data.subarray(s.rangeOffset, s.rangeOffset + s.length), s.fileOffset)),
      );
    } catch (e) {
      throw toStorageError(e, { op: 'keep a block', details: { piece: index, begin } });
    }
    // The block's bit goes down only after its bytes, and never for a piece verified meanwhile.
    if (this.bits.get(index)) return;
    const byte = this.kept.mark(index, begin);
    if (byte >= 0) await this.persistKept(byte, byte + 1);
  }

  async keptBlocks(): Promise<ReadonlyMap<number, readonly number[]>> {
    return this.kept.list(this.bits);
  }

  keptPiece(index: number, size: number): Promise<Uint8Array> {
    return this.read(index * this.layout.pieceLength, size);
  }

  async forgetBlocks(index: number): Promise<void> {
    if (this.closed) return;
    checkPieceIndex(this.layout, index);
    const [from, to] = this.kept.forget(index);
    if (from < to) await this.track(this.persistKept(from, to));
  }

  async read(offset: number, length: number): Promise<Uint8Array> {
    if (this.closed) throw closedError(this.layout, 'read');
    checkRead(this.layout, offset, length);
    const out = new Uint8Array(length);
    await this.track(
      Promise.all(
        fileSpans(this.layout.files, offset, length)
          .filter((s) => !s.pad)
          .map(async (s) => {
            try {
              const fh = await this.handle(s.fileIndex, false);
              // A missing file, or bytes past its end, were never written: the zeros of `out` stand.
              if (fh) await readFully(fh, out.subarray(s.rangeOffset, s.rangeOffset + s.length), s.fileOffset);
            } catch (e) {
              throw toStorageError(e, { op: 'read', details: { offset, length, file: s.fileIndex } });
            }
          }),
      ),
    );
    return out;
  }

  async forgetPiece(index: number): Promise<void> {
    if (this.closed) throw closedError(this.layout, 'forget a piece');
    checkPieceIndex(this.layout, index);
    if (!this.bits.clear(index)) return;
    return this.track(this.persistBit(index));
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await Promise.allSettled([...this.inflight]);
    const all = [...this.handles.values()];
    if (this.bitsHandle) all.push(this.bitsHandle);
    if (this.keptHandle) all.push(this.keptHandle);
    this.handles.clear();
    this.bitsHandle = null;
    this.keptHandle = null;
    await Promise.allSettled(all.map(async (p) => (await p).close()));
  }

  async destroy(): Promise<void> {
    await this.close();
    try {
      await rm(this.dir, { recursive: true, force: true });
    } catch (e) {
      throw toStorageError(e, { op: 'delete the torrent folder', details: { dir: this.dir } });
    }
  }

  /** The open handle of a file; with `create` false, null when the file does not exist yet (and nothing is cached). */
  private handle(fileIndex: number, create: true): Promise<FileHandle>;
  private handle(fileIndex: number, create: false): Promise<FileHandle | null>;
  private async handle(fileIndex: number, create: boolean): Promise<FileHandle | null> {
    const cached = this.handles.get(fileIndex);
    if (cached) return cached;
    const path = join(this.dir, 'files', String(fileIndex));
    if (!create) {
      let fh: FileHandle;
      try {
        fh = await open(path, constants.O_RDWR);
      } catch (e) {
        if (isNotFound(e)) return null;
        throw e;
      }
      // A writer may have opened the file meanwhile: keep one handle per file.
      const raced = this.handles.get(fileIndex);
      if (raced) {
        await fh.close();
        return raced;
      }
      this.handles.set(fileIndex, Promise.resolve(fh));
      return fh;
    }
    const p = open(path, RW_CREATE);
    this.handles.set(fileIndex, p);
    try {
      return await p;
    } catch (e) {
      if (this.handles.get(fileIndex) === p) this.handles.delete(fileIndex);
      throw e;
    }
  }

  private persistBit(index: number): Promise<void> {
    const byteIndex = index >> 3;
    const next = this.bitsChain.then(async () => {
      const opening = (this.bitsHandle ??= open(join(this.dir, 'verified.bits'), RW_CREATE));
      let fh: FileHandle;
      try {
        fh = await opening;
      } catch (e) {
        if (this.bitsHandle === opening) this.bitsHandle = null; // let the next write try again
        throw e;
      }
      // The byte's current value, read when the write runs, so the chain's last write reflects every change.
      await writeFully(fh, this.bits.bytes.slice(byteIndex, byteIndex + 1), byteIndex);
    });
    // A failed bit write must not wedge later ones; the caller still sees its own failure.
    this.bitsChain = next.catch(() => undefined);
    return next.catch((e: unknown) => {
      throw toStorageError(e, { op: 'record a verified piece', details: { piece: index } });
    });
  }

  /** Writes bytes [from, to) of kept.bits as they are when the write runs. */
  private persistKept(from: number, to: number): Promise<void> {
    const next = this.keptChain.then(async () => {
      const opening = (this.keptHandle ??= open(join(this.dir, 'kept.bits'), RW_CREATE));
      let fh: FileHandle;
      try {
        fh = await opening;
      } catch (e) {
        if (this.keptHandle === opening) this.keptHandle = null;
        throw e;
      }
      const bytes = this.kept.bits.bytes;
      // The whole file once (it may be new), then only the bytes that changed.
      if ((await fh.stat()).size !== bytes.length) await writeFully(fh, bytes.slice(), 0);
      else await writeFully(fh, bytes.slice(from, to), from);
    });
    this.keptChain = next.catch(() => undefined);
    return next.catch((e: unknown) => {
      throw toStorageError(e, { op: 'record a kept block', details: { from, to } });
    });
  }

  private track<T>(p: Promise<T>): Promise<T> {
    this.inflight.add(p);
    const done = (): void => void this.inflight.delete(p);
    p.then(done, done);
    return p;
  }
}

async function readOptional(path: string): Promise<Uint8Array | undefined> {
  try {
    return await readFile(path);
  } catch (e) {
    if (isNotFound(e)) return undefined;
    throw e;
  }
}

async function writeFully(fh: FileHandle, bytes: Uint8Array, position: number): Promise<void> {
  let done = 0;
  while (done < bytes.length) {
    const { bytesWritten } = await fh.write(bytes, done, bytes.length - done, position + done);
    done += bytesWritten;
  }
}

async function readFully(fh: FileHandle, into: Uint8Array, position: number): Promise<void> {
  let done = 0;
  while (done < into.length) {
    const { bytesRead } = await fh.read(into, done, into.length - done, position + done);
    if (bytesRead === 0) return; // end of file: the rest was never written
    done += bytesRead;
  }
}

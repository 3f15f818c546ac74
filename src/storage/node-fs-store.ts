// PieceStore on the Node file system (the Node seeder/CLI and tests): one file per torrent file, plus verified.bits.

import { constants } from 'node:fs';
import { mkdir, open, readFile, rm, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import { Bitfield } from '../engine/bitfield.ts';
import { fileSpans } from '../engine/metainfo/file-map.ts';
import type { PieceStore, StoreFactory, StoreLayout } from '../engine/ports.ts';
import { checkInfoHashHex, checkPieceIndex, checkPieceWrite, checkRead, closedError } from './layout.ts';
import { isNotFound, toStorageError } from './storage-errors.ts';

const RW_CREATE = constants.O_RDWR | constants.O_CREAT;

/**
 * Layout: `<root>/<infohash>/files/<fileIndex>` (names from the torrent are never used as paths, so a hostile
 * torrent cannot escape the root) and `<root>/<infohash>/verified.bits` (BEP 3 bit order).
 */
export class NodeFsStoreFactory implements StoreFactory {
  readonly kind = 'fs';

  constructor(readonly rootDir: string) {}

  async open(layout: StoreLayout): Promise<PieceStore> {
    checkInfoHashHex(layout.infoHashHex);
    const dir = join(this.rootDir, layout.infoHashHex);
    let bits: Uint8Array | undefined;
    try {
      await mkdir(join(dir, 'files'), { recursive: true });
      bits = await readFile(join(dir, 'verified.bits'));
    } catch (e) {
      if (!isNotFound(e)) throw toStorageError(e, { op: 'open the torrent folder', details: { dir } });
    }
    return new NodeFsPieceStore(layout, dir, new Bitfield(layout.pieceCount, bits));
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
  private readonly inflight = new Set<Promise<unknown>>();
  private closed = false;

  constructor(
    private readonly layout: StoreLayout,
    private readonly dir: string,
    private readonly bits: Bitfield,
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
    this.handles.clear();
    this.bitsHandle = null;
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

  private track<T>(p: Promise<T>): Promise<T> {
    this.inflight.add(p);
    const done = (): void => void this.inflight.delete(p);
    p.then(done, done);
    return p;
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

// The sync access handles of a torrent's files in its OPFS folder: one per file, opened on first use and kept open.

import { lockedHandle } from './opfs-locked-handle.ts';
import { isNotFound } from './storage-errors.ts';

/** File names come from the file index, never from the torrent's paths (a hostile torrent cannot pick names). */
export const fileName = (fileIndex: number): string => `f${fileIndex}`;

type SyncHandle = FileSystemSyncAccessHandle;

export class OpfsFileHandles {
  /**
   * One sync handle per file, opened on first use and kept open (reopening per write is slow). A memo of the
   * opening, so concurrent callers never race two createSyncAccessHandle() calls on one file (the second fails).
   * Resolves to null when a read found no file; that memo is dropped at once so a writer can create it.
   */
  private readonly handles = new Map<number, Promise<SyncHandle | null>>();

  constructor(private readonly dir: FileSystemDirectoryHandle) {}

  /** Every handle opened so far, for closing; the memo is emptied. */
  async takeAll(): Promise<SyncHandle[]> {
    const opened = await Promise.allSettled([...this.handles.values()]);
    this.handles.clear();
    const all: SyncHandle[] = [];
    for (const r of opened) if (r.status === 'fulfilled' && r.value) all.push(r.value);
    return all;
  }

  /** The file's handle, created when `create`; null when reading a file never written. */
  async handle(fileIndex: number, create: boolean): Promise<SyncHandle | null> {
    for (;;) {
      const pending = this.handles.get(fileIndex);
      if (!pending) break;
      const h = await pending;
      if (h || !create) return h;
      // That lookup found no file and its memo is gone by now: look again, creating this time.
    }
    const p = this.openHandle(fileIndex, create);
    this.handles.set(fileIndex, p);
    // Registered before any other awaiter's continuation, so they see the memo gone when it holds nothing.
    const forget = (): void => {
      if (this.handles.get(fileIndex) === p) this.handles.delete(fileIndex);
    };
    p.then((h) => h || forget(), forget);
    return p;
  }

  private async openHandle(fileIndex: number, create: boolean): Promise<SyncHandle | null> {
    let fh: FileSystemFileHandle;
    try {
      fh = await this.dir.getFileHandle(fileName(fileIndex), { create });
    } catch (e) {
      if (!create && isNotFound(e)) return null;
      throw e;
    }
    return lockedHandle(fh);
  }
}

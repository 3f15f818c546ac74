// A torrent's OPFS folder with its two lock files open (verified.bits, kept.bits): the slow part of opening a store,
// a few round trips to the browser (tens of ms). None of it depends on the metadata, so for a magnet it is done
// while the metadata is fetched (`prepare`), and the store opens at once when it arrives.

import { lockedHandle } from './opfs-locked-handle.ts';
import { BITS_FILE } from './opfs-verified-bits.ts';
import { isNotFound } from './storage-errors.ts';

/** One bit per 16 KiB block kept from pieces not verified yet (kept-blocks.ts). */
const KEPT_FILE = 'kept.bits';

export interface TorrentFolder {
  readonly dir: FileSystemDirectoryHandle;
  /** Holding these also locks the torrent against a second tab: its open fails there, not mid-download. */
  readonly bits: FileSystemSyncAccessHandle;
  readonly kept: FileSystemSyncAccessHandle;
  /** The folder did not exist before: a prepared folder never used is removed again. */
  readonly created: boolean;
}

/** Opens (creating if needed) `root/<infoHashHex>` and both lock files, at once; nothing is left open on failure. */
export async function openTorrentFolder(root: FileSystemDirectoryHandle, infoHashHex: string, notice = false): Promise<TorrentFolder> {
  // `notice`: find out whether the folder is new (one more round trip, worth it only off the critical path).
  let created = false;
  let dir: FileSystemDirectoryHandle;
  try {
    dir = await root.getDirectoryHandle(infoHashHex, { create: !notice });
  } catch (e) {
    if (!notice || !isNotFound(e)) throw e;
    dir = await root.getDirectoryHandle(infoHashHex, { create: true });
    created = true;
  }
  const [bits, kept] = await Promise.allSettled([openLocked(dir, BITS_FILE), openLocked(dir, KEPT_FILE)]);
  if (bits.status === 'rejected' || kept.status === 'rejected') {
    if (bits.status === 'fulfilled') bits.value.close();
    if (kept.status === 'fulfilled') kept.value.close();
    throw bits.status === 'rejected' ? bits.reason : (kept as PromiseRejectedResult).reason;
  }
  return { dir, bits: bits.value, kept: kept.value, created };
}

async function openLocked(dir: FileSystemDirectoryHandle, name: string): Promise<FileSystemSyncAccessHandle> {
  return lockedHandle(await dir.getFileHandle(name, { create: true }));
}

/** Folders opened ahead of their store, by info hash. */
export class PreparedFolders {
  private readonly folders = new Map<string, Promise<TorrentFolder | null>>();

  constructor(private readonly root: () => Promise<FileSystemDirectoryHandle>) {}

  /** Starts opening; a failure is forgotten here (the store's own open meets it again and reports it). */
  prepare(infoHashHex: string): void {
    if (this.folders.has(infoHashHex)) return;
    this.folders.set(
      infoHashHex,
      this.root().then(
        (root) => openTorrentFolder(root, infoHashHex, true).catch(() => null),
        () => null,
      ),
    );
  }

  /** The prepared folder (now the caller's), or null when none was prepared or preparing failed. */
  take(infoHashHex: string): Promise<TorrentFolder | null> {
    const p = this.folders.get(infoHashHex);
    this.folders.delete(infoHashHex);
    return p ?? Promise.resolve(null);
  }

  /** Lets go of a prepared folder never used: its files closed, and the folder removed if preparing made it. */
  async release(infoHashHex: string): Promise<void> {
    const f = await this.take(infoHashHex);
    if (!f) return;
    f.bits.close();
    f.kept.close();
    if (!f.created) return;
    try {
      await (await this.root()).removeEntry(infoHashHex, { recursive: true });
    } catch (e) {
      // Tidying only: at worst an empty folder stays (say, the torrent was added again meanwhile and holds it).
      if (!isNotFound(e)) console.warn(`Could not remove the unused folder of ${infoHashHex}`, e);
    }
  }
}

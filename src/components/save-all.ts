// "Save all" / "Save folder": writes a torrent's files into a folder the user picks (File System Access), with the
// torrent's tree and sanitised names (FileSnapshot.safePath), read from the engine a chunk at a time (never a whole
// file in memory). Where folders cannot be written, one .zip streamed by the service worker (zip-route.ts).

import type { EngineClient } from '../api/client.ts';
import type { FileSnapshot } from '../api/protocol.ts';
import { zipPath } from '../api/file-stream.ts';
import { streamingAvailable } from '../api/stream-bridge.ts';
import { directoryPickerAvailable, pickDirectory } from './pick-files.ts';
import { clickDownload, readChunks } from './save-file.ts';

export interface SaveAllProgress {
  readonly done: number;
  readonly total: number;
}

export type SaveAllResult =
  | { readonly kind: 'folder'; readonly saved: number; readonly skipped: number }
  | { readonly kind: 'zip'; readonly saved: number; readonly skipped: number }
  | { readonly kind: 'cancelled' }
  | { readonly kind: 'unsupported' };

/** The files worth saving: complete ones (a partial file would be holes of zeros); `prefix` limits to a folder. */
export function filesToSave(files: readonly FileSnapshot[], prefix: readonly string[] = []): { save: FileSnapshot[]; skipped: number } {
  const inFolder = files.filter((f) => prefix.every((c, i) => f.safePath[i] === c) && f.safePath.length > prefix.length);
  const save = inFolder.filter((f) => f.verified === f.length);
  return { save, skipped: inFolder.length - save.length };
}

/** Writes `files` under `dir`, creating their folders; each file through one writable, chunk by chunk. */
export async function writeTree(
  client: EngineClient,
  infoHashHex: string,
  files: readonly FileSnapshot[],
  dir: FileSystemDirectoryHandle,
  onProgress?: (p: SaveAllProgress) => void,
): Promise<void> {
  const total = files.reduce((n, f) => n + f.length, 0);
  let before = 0;
  onProgress?.({ done: 0, total });
  const folders = new Map<string, FileSystemDirectoryHandle>([['', dir]]);
  for (const file of files) {
    let parent = dir;
    for (let i = 0; i < file.safePath.length - 1; i++) {
      const key = file.safePath.slice(0, i + 1).join('/');
      let next = folders.get(key);
      if (!next) {
        next = await parent.getDirectoryHandle(file.safePath[i]!, { create: true });
        folders.set(key, next);
      }
      parent = next;
    }
    const handle = await parent.getFileHandle(file.safePath[file.safePath.length - 1]!, { create: true });
    const writable = await handle.createWritable();
    try {
      await readChunks(client, infoHashHex, file, async (chunk) => writable.write(chunk as Uint8Array<ArrayBuffer>), (done) =>
        onProgress?.({ done: before + done, total }),
      );
      await writable.close();
    } catch (e) {
      await writable.abort(e).catch(() => {});
      throw e;
    }
    before += file.length;
  }
}

/**
 * Saves the torrent's complete files (or those under `prefix`): into a picked folder where the browser can, else
 * as one .zip the service worker streams to the downloads.
 */
export async function saveAll(
  client: EngineClient,
  infoHashHex: string,
  files: readonly FileSnapshot[],
  archiveName: string,
  onProgress?: (p: SaveAllProgress) => void,
  prefix: readonly string[] = [],
): Promise<SaveAllResult> {
  const { save, skipped } = filesToSave(files, prefix);
  if (directoryPickerAvailable()) {
    const dir = await pickDirectory('readwrite', 'rivulet-save');
    if (!dir) return { kind: 'cancelled' };
    await writeTree(client, infoHashHex, save, dir, onProgress);
    return { kind: 'folder', saved: save.length, skipped };
  }
  if (!streamingAvailable(globalThis.navigator?.serviceWorker)) return { kind: 'unsupported' };
  clickDownload(zipPath(infoHashHex, archiveName, save.map((f) => f.index)));
  return { kind: 'zip', saved: save.length, skipped };
}

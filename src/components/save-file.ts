// Saves one file of a torrent to the user's disk: into a file the user picks (File System Access, read from the
// engine in chunks), else as a download streamed by the service worker, else (no service worker) through a Blob.

import type { EngineClient } from '../api/client.ts';
import type { FileSnapshot } from '../api/protocol.ts';
import { streamPath } from '../api/file-stream.ts';
import { streamingAvailable } from '../api/stream-bridge.ts';
import { readFileRange } from './actions.ts';

/** Bytes per read: large enough to keep the worker round trips few, small enough to bound memory per step. */
export const SAVE_CHUNK_BYTES = 4 * 1024 * 1024;
/** The fallback's object URL must outlive the click that starts the download; revoking at once can cancel it. */
const REVOKE_AFTER_MS = 60_000;

export type SaveResult = 'saved' | 'cancelled';

interface SaveFilePickerWindow {
  showSaveFilePicker?(options: { suggestedName?: string }): Promise<FileSystemFileHandle>;
}

/** The file's own name, already made safe by the engine; never the untrusted display name. */
export function suggestedName(file: FileSnapshot): string {
  return file.safePath[file.safePath.length - 1] ?? '_';
}

export async function saveFile(
  client: EngineClient,
  infoHashHex: string,
  file: FileSnapshot,
  onProgress?: (done: number, total: number) => void,
): Promise<SaveResult> {
  const picker = (window as SaveFilePickerWindow).showSaveFilePicker;
  if (!picker) {
    // The service worker streams it to the browser's downloads: no copy of the file in this page's memory.
    // No download attribute there: Chromium sends <a download> requests past the service worker.
    if (streamingAvailable(globalThis.navigator?.serviceWorker)) clickDownload(streamPath(infoHashHex, file.index, suggestedName(file), true));
    else await saveViaBlob(client, infoHashHex, file, onProgress);
    return 'saved';
  }
  let handle: FileSystemFileHandle;
  try {
    handle = await picker.call(window, { suggestedName: suggestedName(file) });
  } catch (e) {
    if (e instanceof DOMException && e.name === 'AbortError') return 'cancelled'; // the user closed the picker
    throw e;
  }
  const writable = await handle.createWritable();
  try {
    await readChunks(client, infoHashHex, file, async (chunk) => writable.write(chunk as Uint8Array<ArrayBuffer>), onProgress);
    await writable.close();
  } catch (e) {
    await writable.abort(e);
    throw e;
  }
  return 'saved';
}

/** Without a service worker: Chromium keeps large Blobs on disk, so this works for big files too, at one extra copy. */
async function saveViaBlob(
  client: EngineClient,
  infoHashHex: string,
  file: FileSnapshot,
  onProgress?: (done: number, total: number) => void,
): Promise<void> {
  const parts: BlobPart[] = [];
  // Replies arrive by structured clone, so each chunk owns a plain ArrayBuffer (never a SharedArrayBuffer).
  await readChunks(client, infoHashHex, file, (chunk) => void parts.push(chunk as Uint8Array<ArrayBuffer>), onProgress);
  const url = URL.createObjectURL(new Blob(parts, { type: 'application/octet-stream' }));
  clickDownload(url, suggestedName(file));
  setTimeout(() => URL.revokeObjectURL(url), REVOKE_AFTER_MS);
}

/** Clicks a hidden link; `name` sets the download attribute (a Blob URL needs it; the stream route must not have it). */
export function clickDownload(href: string, name?: string): void {
  const a = document.createElement('a');
  a.href = href;
  if (name !== undefined) a.download = name;
  a.rel = 'noopener';
  a.style.display = 'none';
  document.body.append(a);
  a.click();
  a.remove();
}

export async function readChunks(
  client: EngineClient,
  infoHashHex: string,
  file: FileSnapshot,
  sink: (chunk: Uint8Array) => Promise<void> | void,
  onProgress?: (done: number, total: number) => void,
): Promise<void> {
  let offset = 0;
  onProgress?.(0, file.length);
  while (offset < file.length) {
    const length = Math.min(SAVE_CHUNK_BYTES, file.length - offset);
    const chunk = await readFileRange(client, infoHashHex, file.index, offset, length);
    // An empty reply would loop forever; the engine must return what it was asked for.
    if (chunk.length === 0 || chunk.length > length) {
      throw new RangeError(`read returned ${chunk.length} bytes for ${length} at offset ${offset} of file ${file.index}`);
    }
    await sink(chunk);
    offset += chunk.length;
    onProgress?.(offset, file.length);
  }
}

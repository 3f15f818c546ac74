// Picking a folder the user already has: the File System Access directory picker where the browser has one, walked
// into SeedInputs whose paths start with the folder's name (as <input webkitdirectory> and a dropped folder give).

import type { SeedInput } from '../api/protocol.ts';
import { MAX_DROPPED_FILES } from './drop-files.ts';

interface DirectoryPickerWindow {
  showDirectoryPicker?(options?: { mode?: 'read' | 'readwrite'; id?: string }): Promise<FileSystemDirectoryHandle>;
}

/** The directory handle's entries (the async iterator is not in every TypeScript DOM lib yet). */
type IterableDirectory = FileSystemDirectoryHandle & { values(): AsyncIterable<FileSystemHandle> };

export function directoryPickerAvailable(): boolean {
  return typeof (window as DirectoryPickerWindow).showDirectoryPicker === 'function';
}

/** Opens the browser's folder picker; null when the user closes it. */
export async function pickDirectory(mode: 'read' | 'readwrite', id: string): Promise<FileSystemDirectoryHandle | null> {
  try {
    return await (window as DirectoryPickerWindow).showDirectoryPicker!.call(window, { mode, id });
  } catch (e) {
    if (e instanceof DOMException && e.name === 'AbortError') return null;
    throw e;
  }
}

/** Every file under `dir`, with paths starting with its name; bounded like a drop. */
export async function inputsFromDirectory(dir: FileSystemDirectoryHandle): Promise<SeedInput[]> {
  const out: SeedInput[] = [];
  const stack: { dir: FileSystemDirectoryHandle; path: string[] }[] = [{ dir, path: [dir.name] }];
  while (stack.length > 0) {
    const { dir: d, path } = stack.pop()!;
    for await (const entry of (d as IterableDirectory).values()) {
      if (entry.kind === 'directory') stack.push({ dir: entry as FileSystemDirectoryHandle, path: [...path, entry.name] });
      else {
        if (out.length >= MAX_DROPPED_FILES) throw new RangeError(`More than ${MAX_DROPPED_FILES} files in the folder`);
        out.push({ file: await (entry as FileSystemFileHandle).getFile(), path: [...path, entry.name] });
      }
    }
  }
  return out;
}

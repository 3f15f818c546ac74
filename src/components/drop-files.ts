// Turns dropped or picked files (and whole folders, via the File and Directory Entries API) into SeedInputs.

import { msg, str } from '@lit/localize';
import type { SeedInput } from '../api/protocol.ts';

/** Stops a drop of something like a home folder from walking (and holding File handles for) the whole disk. */
export const MAX_DROPPED_FILES = 50_000;

const TORRENT_NAME = /\.torrent$/i;

/** Files split into .torrent files to add (only ones dropped or picked on their own) and files to seed. */
export interface SortedFiles {
  readonly torrentFiles: File[];
  readonly seed: SeedInput[];
}

/** Top-level *.torrent files become downloads; files inside a dropped folder are always content to share. */
export function sortDropped(inputs: readonly SeedInput[]): SortedFiles {
  const torrentFiles: File[] = [];
  const seed: SeedInput[] = [];
  for (const input of inputs) {
    if (input.path.length === 1 && TORRENT_NAME.test(input.file.name)) torrentFiles.push(input.file);
    else seed.push(input);
  }
  return { torrentFiles, seed };
}

/** Path components of one picked file: its folder-relative path when a folder was picked, else its name. */
export function pathOf(file: File): string[] {
  const rel = file.webkitRelativePath;
  const parts = rel ? rel.split('/').filter((p) => p !== '') : [];
  return parts.length > 0 ? parts : [file.name];
}

/** Files from an <input type=file> (with or without webkitdirectory). */
export function inputsFromFileList(files: Iterable<File>): SeedInput[] {
  const out: SeedInput[] = [];
  for (const file of files) {
    if (out.length >= MAX_DROPPED_FILES) throw tooMany();
    out.push({ file, path: pathOf(file) });
  }
  return out;
}

function tooMany(): RangeError {
  return new RangeError(msg(str`Too many files: at most ${MAX_DROPPED_FILES} can be shared at once.`));
}

/**
 * Every file in a drop, folders walked recursively. The items are read before the first await, as the spec
 * requires: a DataTransfer is emptied once its drop event returns.
 */
export function inputsFromDataTransfer(dt: DataTransfer): Promise<SeedInput[]> {
  const entries: FileSystemEntry[] = [];
  const loose: File[] = [];
  for (const item of Array.from(dt.items)) {
    if (item.kind !== 'file') continue;
    // Synthetic DataTransfers (and some browsers) give no entry: fall back to the plain file.
    const entry = typeof item.webkitGetAsEntry === 'function' ? item.webkitGetAsEntry() : null;
    if (entry) entries.push(entry);
    else {
      const file = item.getAsFile();
      if (file) loose.push(file);
    }
  }
  if (entries.length === 0 && loose.length === 0) loose.push(...Array.from(dt.files));
  return walk(entries, loose);
}

async function walk(entries: readonly FileSystemEntry[], loose: readonly File[]): Promise<SeedInput[]> {
  const out: SeedInput[] = loose.map((file) => ({ file, path: [file.name] }));
  const stack = [...entries];
  while (stack.length > 0) {
    const entry = stack.pop()!;
    if (isFile(entry)) {
      if (out.length >= MAX_DROPPED_FILES) throw tooMany();
      out.push({ file: await fileOf(entry), path: entryPath(entry) });
    } else if (isDirectory(entry)) {
      stack.push(...(await readAll(entry)));
    }
  }
  // Deterministic order (the stack walks backwards), so the same folder gives the same torrent.
  out.sort((a, b) => comparePaths(a.path, b.path));
  return out;
}

function comparePaths(a: readonly string[], b: readonly string[]): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a[i]!;
    const y = b[i]!;
    if (x !== y) return x < y ? -1 : 1;
  }
  return a.length - b.length;
}

function isFile(e: FileSystemEntry): e is FileSystemFileEntry {
  return e.isFile;
}

function isDirectory(e: FileSystemEntry): e is FileSystemDirectoryEntry {
  return e.isDirectory;
}

/** "/folder/sub/a.txt" -> ["folder", "sub", "a.txt"]. */
export function entryPath(entry: { readonly fullPath: string; readonly name: string }): string[] {
  const parts = entry.fullPath.split('/').filter((p) => p !== '');
  return parts.length > 0 ? parts : [entry.name];
}

function fileOf(entry: FileSystemFileEntry): Promise<File> {
  return new Promise((resolve, reject) => entry.file(resolve, reject));
}

/** readEntries returns at most ~100 entries per call (Chromium); keep calling until it returns none. */
async function readAll(dir: FileSystemDirectoryEntry): Promise<FileSystemEntry[]> {
  const reader = dir.createReader();
  const all: FileSystemEntry[] = [];
  for (;;) {
    const batch = await new Promise<FileSystemEntry[]>((resolve, reject) => reader.readEntries(resolve, reject));
    if (batch.length === 0) return all;
    all.push(...batch);
    if (all.length > MAX_DROPPED_FILES) throw tooMany();
  }
}

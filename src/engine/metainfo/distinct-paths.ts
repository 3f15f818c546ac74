// Gives every stored file of a torrent its own safe path: no two files, and no file and folder, on one name.
// Follows libtorrent's torrent_info::resolve_duplicate_filenames_slow: folders are taken first, then each file in
// order keeps its path or, when taken, becomes "name.1.ext", "name.2.ext"... (libtorrent 2.0.8 turns
// [a, a, a/b] into [a, a.1, a.2 … ] the same way). Names are compared as a case-insensitive, normalising file
// system would (NTFS, APFS), so "A.txt" and "a.txt" also get distinct names.

import { MAX_COMPONENT_BYTES, MAX_KEPT_EXTENSION, truncateUtf8Name } from './safe-path.ts';

const encoder = new TextEncoder();

/** How two names are compared: what Windows and macOS treat as the same file. */
function fold(s: string): string {
  return s.normalize('NFC').toLowerCase();
}

/**
 * `safePaths[i]` for every file, with the later of any colliding files renamed. Files where `skip(i)` is true
 * (BEP 47 pad files, which are never stored and share names like ".pad/16384" by design) are left as they are.
 */
export function distinctSafePaths(
  safePaths: readonly (readonly string[])[],
  skip: (index: number) => boolean,
): (readonly string[])[] {
  const taken = new Set<string>();
  // Every folder first, so a file named like a folder is the one renamed, wherever it comes in the list.
  for (let i = 0; i < safePaths.length; i++) {
    if (skip(i)) continue;
    const p = safePaths[i]!;
    let key = '';
    for (let j = 0; j < p.length - 1; j++) {
      key += (j === 0 ? '' : '/') + fold(p[j]!);
      taken.add(key);
    }
  }
  const out: (readonly string[])[] = [];
  // Next counter to try per renamed path: a thousand copies of one name cost a thousand tries, not a million.
  const nextCounter = new Map<string, number>();
  for (let i = 0; i < safePaths.length; i++) {
    const p = safePaths[i]!;
    if (skip(i)) {
      out.push(p);
      continue;
    }
    const key = p.map(fold).join('/');
    if (!taken.has(key)) {
      taken.add(key);
      out.push(p);
      continue;
    }
    const folder = p.slice(0, -1);
    const folderKey = folder.map(fold).join('/');
    const last = p[p.length - 1]!;
    let n = nextCounter.get(key) ?? 1;
    let renamed: string;
    let renamedKey: string;
    do {
      renamed = withCounter(last, n++);
      renamedKey = (folderKey === '' ? '' : `${folderKey}/`) + fold(renamed);
    } while (taken.has(renamedKey));
    nextCounter.set(key, n);
    taken.add(renamedKey);
    out.push([...folder, renamed]);
  }
  return out;
}

/** "movie.mkv", 2 -> "movie.2.mkv" (libtorrent's form), still within the file system's name length. */
export function withCounter(name: string, n: number): string {
  const dot = name.lastIndexOf('.');
  // A long "extension" is no extension: the counter goes at the end, as it must fit beside the stem.
  const hasExt = dot > 0 && name.length - dot <= MAX_KEPT_EXTENSION;
  const ext = hasExt ? name.slice(dot) : '';
  const stem = hasExt ? name.slice(0, dot) : name;
  const tail = `.${n}${ext}`;
  const full = stem + tail;
  if (encoder.encode(full).length <= MAX_COMPONENT_BYTES) return full;
  // Too long: shorten the stem, never the counter that makes the name distinct.
  return truncateUtf8Name(stem, MAX_COMPONENT_BYTES - encoder.encode(tail).length) + tail;
}

// Bring your own data: which of the user's files is which file of the torrent. Paths from a folder picker carry the
// folder's own name first, which may differ from the torrent's name or be absent (files picked one by one).

import type { Metainfo } from '../../engine/metainfo/types.ts';

/** A user-given file as the matcher sees it: its path (folder picker order, top folder first) and size. */
export interface GivenFile {
  readonly path: readonly string[];
  readonly size: number;
}

export interface FileMatch {
  /** `byFile[fileIndex]` = index into the given files, or -1 (pad files and files not given are -1). */
  readonly byFile: readonly number[];
  /** Given files that matched no file of the torrent (extra files in the folder, a wrong pick). */
  readonly unused: readonly number[];
}

/** Unicode-normalised, so a name typed on macOS (NFD) finds the same name from a torrent made elsewhere (NFC). */
function key(path: readonly string[]): string {
  return path.map((c) => c.normalize('NFC')).join('/');
}

/**
 * Matches by relative path. For each way of dropping leading folders from the given paths (none: files picked
 * inside the torrent's folder; one: the torrent's folder under any name; more: a folder holding it), the one that
 * matches the most files wins (fewest dropped on a tie). A torrent path matches by its name as written or by its
 * sanitised form (what a save wrote to disk). A single-file torrent matches by name, or by size when exactly one
 * file was given.
 */
export function matchFiles(meta: Pick<Metainfo, 'files' | 'multiFile'>, given: readonly GivenFile[]): FileMatch {
  const byFile = new Array<number>(meta.files.length).fill(-1);
  const wanted = new Map<string, number>();
  meta.files.forEach((f, i) => {
    if (f.pad) return;
    // Paths start with the torrent's name (a multi-file torrent's folder, a single file's own name): the folder's
    // name is not evidence, the path inside it is.
    const inside = (p: readonly string[]) => (meta.multiFile ? p.slice(1) : p);
    const paths = [inside(f.path), inside(f.safePath)];
    for (const p of paths) if (!wanted.has(key(p))) wanted.set(key(p), i);
  });

  const maxDrop = given.reduce((m, g) => Math.max(m, g.path.length - 1), 0);
  let best: { drop: number; pairs: [number, number][] } = { drop: 0, pairs: [] };
  for (let drop = 0; drop <= maxDrop; drop++) {
    const pairs: [number, number][] = [];
    const taken = new Set<number>();
    given.forEach((g, gi) => {
      if (g.path.length <= drop) return;
      const fileIndex = wanted.get(key(g.path.slice(drop)));
      if (fileIndex === undefined || taken.has(fileIndex)) return;
      taken.add(fileIndex);
      pairs.push([fileIndex, gi]);
    });
    if (pairs.length > best.pairs.length) best = { drop, pairs };
  }
  for (const [fileIndex, gi] of best.pairs) byFile[fileIndex] = gi;

  const realFiles = meta.files.map((f, i) => ({ f, i })).filter(({ f }) => !f.pad);
  if (best.pairs.length === 0 && given.length === 1 && realFiles.length === 1 && given[0]!.size === realFiles[0]!.f.length) {
    // One file given for a torrent of one file under another name: the size is the evidence (the check decides).
    byFile[realFiles[0]!.i] = 0;
  }
  const used = new Set(byFile.filter((g) => g >= 0));
  return { byFile, unused: given.map((_, gi) => gi).filter((gi) => !used.has(gi)) };
}

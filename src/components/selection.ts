// The choose-files dialog's data: what it shows (a .torrent read with parse-torrent, or a held magnet's files from
// detail), and the ticked files as the per-file priority list the engine takes. Pure.

import type { FilePriority } from '../api/protocol.ts';

export interface SelectableFile {
  /** File index in the torrent (pad files skipped, so indexes can have gaps). */
  readonly index: number;
  /** Untrusted: text only. */
  readonly name: string;
  readonly length: number;
  /** Present for a held torrent whose priorities were already set (e.g. from another tab). */
  readonly priority?: FilePriority;
}

export interface SelectRequest {
  /** Identifies the request in the app's queue. */
  readonly key: string;
  /** 'torrent': a .torrent not yet added; 'held': a magnet waiting in the engine for this choice. */
  readonly kind: 'torrent' | 'held';
  readonly infoHashHex: string;
  readonly name: string;
  readonly files: readonly SelectableFile[];
  readonly comment?: string;
}

/** Files ticked at first: all, or those with a non-zero priority when the engine already holds some. */
export function initiallySelected(files: readonly SelectableFile[]): Set<number> {
  return new Set(files.filter((f) => f.priority === undefined || f.priority > 0).map((f) => f.index));
}

/** `priorities[fileIndex]`: a ticked file keeps its priority (normal by default), an unticked one is skipped. */
export function selectionPriorities(files: readonly SelectableFile[], selected: ReadonlySet<number>): FilePriority[] {
  const size = files.reduce((m, f) => Math.max(m, f.index + 1), 0);
  // Indexes not listed (pad files) stay normal: the engine never stores or requests pads on their own.
  const out = new Array<FilePriority>(size).fill(4);
  for (const f of files) out[f.index] = selected.has(f.index) ? (f.priority && f.priority > 0 ? f.priority : 4) : 0;
  return out;
}

export function selectedBytes(files: readonly SelectableFile[], selected: ReadonlySet<number>): number {
  let n = 0;
  for (const f of files) if (selected.has(f.index)) n += f.length;
  return n;
}

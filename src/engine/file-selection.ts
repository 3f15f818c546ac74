// Which files a torrent downloads: the per-file priorities, a BEP 53 `so=` selection, and the hold while the user
// picks files first (TorrentInit.selectFirst; engine/STATE.md, "The file-selection hold").

import type { TorrentFile } from './metainfo/types.ts';
import { prioritiesFromSelection } from './picker/priorities.ts';
import { selectionHolds } from './torrent-rules.ts';

export interface SelectionInit {
  readonly filePriorities?: readonly number[];
  readonly selectOnly?: readonly number[];
  readonly selectFirst?: boolean;
}

export class FileSelection {
  /** Priority per file index (0 = skip), libtorrent's 0..7 scale. */
  priorities: number[] = [];
  private readonly selectOnly: readonly number[] | undefined;
  /** A file selection is still to come: set until confirm or a 1-file load. */
  private pending: boolean;
  /** The metadata is here and the download waits for the selection: the picker wants nothing meanwhile. */
  private holding = false;

  constructor(init: SelectionInit) {
    this.selectOnly = init.selectOnly;
    this.pending = init.selectFirst === true && init.selectOnly === undefined;
    if (init.filePriorities) this.priorities = [...init.filePriorities];
  }

  get held(): boolean {
    return this.holding;
  }

  /** A hold is pending or active (persisted, so a reload keeps asking). */
  get selectFirst(): boolean {
    return this.pending;
  }

  /** The metadata is known: fills in the priorities and decides the hold; returns what the picker starts with. */
  load(files: readonly TorrentFile[]): readonly number[] {
    if (this.priorities.length !== files.length) this.priorities = prioritiesFromSelection(files.length, this.selectOnly);
    this.holding = selectionHolds(this.pending, files);
    this.pending = this.holding;
    // While held the picker sees every file skipped.
    return this.holding ? new Array<number>(files.length).fill(0) : this.priorities;
  }

  /** Records a priority for these files (of `fileCount`); true when the picker should follow now (not held). */
  set(indexes: readonly number[], priority: number, fileCount: number): boolean {
    for (const i of indexes) if (i >= 0 && i < fileCount) this.priorities[i] = priority;
    return !this.holding;
  }

  /** Sets every file's priority at once (missing entries keep theirs) and ends the hold. */
  confirm(priorities: readonly number[], fileCount: number): void {
    for (let i = 0; i < fileCount && i < priorities.length; i++) this.priorities[i] = priorities[i]!;
    this.pending = false;
    this.holding = false;
  }
}

// The torrent list's rows, filtered and sorted, worked out again only when the list, the filter, the sort or the
// trackers' reports changed (idle seeds send no snapshots: snapshot-patch.ts), or every few seconds as a backstop;
// sorting 1,000 rows on every render (each scroll step renders) was most of the page's cost.

import type { TorrentSnapshot } from '../api/protocol.ts';
import type { TrackerReport } from './services.ts';
import { swarmCounts, tableRow, visibleRows, type Filter, type SortSpec, type TableRow } from './torrent-table.ts';

/** Tracker swarm counts ("2 (15)") are read again at least this often while the list itself stands still. */
export const SWARM_REFRESH_MS = 5000;

export class ShownRows {
  private memo: { torrents: readonly TorrentSnapshot[]; filter: Filter; sort: SortSpec; bucket: number; reports: number; shown: readonly TableRow[] } | null = null;
  /** The ids of the rows shown, top to bottom (for selection ranges and keys). */
  order: readonly string[] = [];

  /** `reportsVersion` changes when trackers answered (TrackerReportController). */
  rows(
    torrents: readonly TorrentSnapshot[],
    view: { readonly filter: Filter; readonly sort: SortSpec },
    now: number,
    reports: (infoHashHex: string) => readonly TrackerReport[],
    reportsVersion = 0,
  ): readonly TableRow[] {
    const bucket = Math.floor(now / SWARM_REFRESH_MS);
    const m = this.memo;
    if (m && m.torrents === torrents && m.filter === view.filter && m.sort === view.sort && m.bucket === bucket && m.reports === reportsVersion) return m.shown;
    const shown = visibleRows(torrents.map((t) => tableRow(t, swarmCounts(reports(t.infoHashHex)))), view.filter, view.sort);
    this.memo = { torrents, filter: view.filter, sort: view.sort, bucket, reports: reportsVersion, shown };
    this.order = shown.map((r) => r.t.infoHashHex);
    return shown;
  }
}

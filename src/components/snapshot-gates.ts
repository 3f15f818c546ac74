// Whether a new snapshot changes what a view shows. Snapshots arrive a few times a second; re-rendering a view whose
// output is the same still costs the page's main thread (template work, then style, layout and paint of whatever
// text was rewritten), and a downloading page should do next to nothing there (bench/PROFILE.md). Unchanged torrents
// keep their objects across snapshot patches (api/snapshot-patch.ts), so identity tells what changed.

import type { TorrentSnapshot } from '../api/protocol.ts';
import type { FilterCounts } from './torrent-table.ts';

type Torrents = readonly TorrentSnapshot[];

/**
 * <rv-app>'s own template reads the list only for: which torrents exist (a removed selection closes its panel),
 * their labels (the detail panel's suggestions), the selected torrent (its panel), and stored bytes while the
 * settings dialog is open. Rates, progress and peers of unselected torrents are the list's and status bar's business.
 */
export function appSeesChange(prev: Torrents, next: Torrents, selected: string | null, settingsOpen: boolean): boolean {
  if (prev === next) return false;
  if (settingsOpen || prev.length !== next.length) return true;
  for (let i = 0; i < next.length; i++) {
    const a = prev[i]!;
    const b = next[i]!;
    if (a === b) continue;
    if (a.infoHashHex !== b.infoHashHex || a.labels !== b.labels) return true;
    if (b.infoHashHex === selected) return true;
  }
  return false;
}

/** Values compared field by field: a view re-renders only when one of them differs from what it last showed. */
export function sameValues<T extends object>(a: T | null, b: T): boolean {
  if (a === null) return false;
  for (const k in b) if (!Object.is(a[k], b[k])) return false;
  return true;
}

/** The sidebar's numbers as one comparable string. */
export function countsKey(c: FilterCounts): string {
  return JSON.stringify([c.states, [...c.labels], [...c.trackers]]);
}

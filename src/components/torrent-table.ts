// The torrent list as a table: the state a row shows, its ratio and swarm counts, sorting by any column, and
// filtering by state, text and label. Pure (no DOM), so every rule is unit-tested.

import type { TorrentSnapshot } from '../api/protocol.ts';
import { byNewest } from './torrent-order.ts';

/** What a row shows as its state: the engine's, or "choose files" while a magnet waits for a selection. */
export type DisplayState = TorrentSnapshot['state'] | 'select';

export const DISPLAY_STATES: readonly DisplayState[] = ['downloading', 'stalled', 'metadata', 'select', 'queued', 'checking', 'seeding', 'finished', 'paused', 'error'];

export type SortKey = 'name' | 'size' | 'progress' | 'state' | 'down' | 'up' | 'eta' | 'seeds' | 'peers' | 'ratio' | 'added';
export const SORT_KEYS: readonly SortKey[] = ['name', 'size', 'progress', 'state', 'down', 'up', 'eta', 'seeds', 'peers', 'ratio', 'added'];
export type SortDir = 'asc' | 'desc';

export interface SortSpec {
  readonly key: SortKey;
  readonly dir: SortDir;
}

export const DEFAULT_SORT: SortSpec = { key: 'added', dir: 'desc' };

/** Seeders and leechers the trackers report (the largest report wins), null when none reported. */
export interface SwarmCounts {
  readonly seeders: number | null;
  readonly leechers: number | null;
}

export interface TableRow {
  readonly t: TorrentSnapshot;
  readonly state: DisplayState;
  readonly ratio: number | null;
  readonly swarm: SwarmCounts;
}

/** The sidebar's state filters (qBittorrent's), plus the engine's own states that have no group of their own. */
export type StateFilter =
  | 'all'
  | 'downloading'
  | 'seeding'
  | 'completed'
  | 'paused'
  | 'active'
  | 'inactive'
  | 'stalled'
  | 'errored'
  | 'queued'
  | 'checking';

export const STATE_FILTERS: readonly StateFilter[] = ['all', 'downloading', 'seeding', 'completed', 'paused', 'active', 'inactive', 'stalled', 'errored', 'queued', 'checking'];

export interface Filter {
  readonly state: StateFilter;
  readonly text: string;
  /** null: any; '': torrents without a label; else that label (case-insensitive). */
  readonly label: string | null;
  /** null: any; '': torrents without a tracker; else a tracker host. */
  readonly tracker: string | null;
}

export const NO_FILTER: Filter = { state: 'all', text: '', label: null, tracker: null };

const hosts = new Map<string, string>();
const MAX_HOSTS = 4096;

/** A tracker URL's host ("tracker.example:443" keeps a non-default port), or the URL itself when it does not parse. */
export function trackerHost(url: string): string {
  let host = hosts.get(url);
  if (host === undefined) {
    try {
      host = new URL(url).host || url;
    } catch {
      host = url;
    }
    // Every snapshot counts every torrent's trackers (the sidebar): parsing 1,000 URLs each time cost ~1 ms.
    if (hosts.size >= MAX_HOSTS) hosts.clear();
    hosts.set(url, host);
  }
  return host;
}

/** Whether a row belongs to a state group. Active: moving bytes now; stalled: meant to move them, and not. */
export function inStateGroup(row: TableRow, group: StateFilter): boolean {
  const t = row.t;
  const s = row.state;
  const moving = t.downloadRate > 0 || t.uploadRate > 0;
  switch (group) {
    case 'all':
      return true;
    case 'downloading':
      return s === 'downloading' || s === 'metadata' || s === 'select';
    case 'seeding':
      return s === 'seeding';
    case 'completed':
      return t.hasMetadata && t.progress >= 1;
    case 'paused':
      return s === 'paused';
    case 'active':
      return moving;
    case 'inactive':
      return !moving;
    case 'stalled':
      return !moving && (s === 'downloading' || s === 'metadata' || s === 'seeding');
    case 'errored':
      return s === 'error' || t.error !== undefined;
    case 'queued':
      return s === 'queued';
    case 'checking':
      return s === 'checking';
  }
}

export interface FilterCounts {
  readonly states: Readonly<Record<StateFilter, number>>;
  /** Label (first spelling) → torrents with it; '' → torrents without one. */
  readonly labels: ReadonlyMap<string, number>;
  /** Tracker host → torrents announcing there; '' → torrents without a tracker. */
  readonly trackers: ReadonlyMap<string, number>;
}

/** How many torrents each sidebar filter would show on its own. */
export function filterCounts(rows: readonly TableRow[]): FilterCounts {
  const states = Object.fromEntries(STATE_FILTERS.map((g) => [g, 0])) as Record<StateFilter, number>;
  for (const r of rows) for (const g of STATE_FILTERS) if (inStateGroup(r, g)) states[g]++;
  const labels = new Map<string, number>([['', 0]]);
  for (const l of allLabels(rows.map((r) => r.t))) labels.set(l, 0);
  const folded = new Map([...labels.keys()].map((l) => [fold(l), l]));
  const trackers = new Map<string, number>([['', 0]]);
  for (const r of rows) {
    if (r.t.labels.length === 0) labels.set('', labels.get('')! + 1);
    for (const l of new Set(r.t.labels.map(fold))) {
      const key = folded.get(l)!;
      labels.set(key, labels.get(key)! + 1);
    }
    const hosts = new Set(r.t.trackers.map(trackerHost));
    if (hosts.size === 0) trackers.set('', trackers.get('')! + 1);
    for (const h of hosts) trackers.set(h, (trackers.get(h) ?? 0) + 1);
  }
  return { states, labels, trackers };
}

export function displayState(t: Pick<TorrentSnapshot, 'state' | 'awaitingSelection'>): DisplayState {
  if (t.awaitingSelection && t.state !== 'paused' && t.state !== 'error' && t.state !== 'queued') return 'select';
  return t.state;
}

/** Uploaded over downloaded; Infinity for a torrent that uploaded without downloading (made here); null for nothing. */
export function ratioOf(t: Pick<TorrentSnapshot, 'uploaded' | 'downloaded'>): number | null {
  if (t.downloaded > 0) return t.uploaded / t.downloaded;
  return t.uploaded > 0 ? Infinity : null;
}

export function swarmCounts(reports: readonly { readonly seeders?: number; readonly leechers?: number }[]): SwarmCounts {
  let seeders: number | null = null;
  let leechers: number | null = null;
  for (const r of reports) {
    if (typeof r.seeders === 'number' && r.seeders >= 0) seeders = Math.max(seeders ?? 0, r.seeders);
    if (typeof r.leechers === 'number' && r.leechers >= 0) leechers = Math.max(leechers ?? 0, r.leechers);
  }
  return { seeders, leechers };
}

export function tableRow(t: TorrentSnapshot, swarm: SwarmCounts = { seeders: null, leechers: null }): TableRow {
  return { t, state: displayState(t), ratio: ratioOf(t), swarm };
}

const collator = new Intl.Collator(undefined, { numeric: true, sensitivity: 'base' });
const STATE_RANK: Record<DisplayState, number> = { downloading: 0, stalled: 1, metadata: 2, select: 3, queued: 4, checking: 5, seeding: 6, finished: 7, paused: 8, error: 9 };

/** Unknown values (no ETA, no ratio) sort after every known one in ascending order. */
function known(v: number | null): number {
  return v === null || Number.isNaN(v) ? Number.POSITIVE_INFINITY : v;
}

function compareKey(key: SortKey, a: TableRow, b: TableRow): number {
  switch (key) {
    case 'name':
      return collator.compare(a.t.displayName || a.t.name || a.t.infoHashHex, b.t.displayName || b.t.name || b.t.infoHashHex);
    case 'size':
      return a.t.length - b.t.length;
    case 'progress':
      return a.t.progress - b.t.progress;
    case 'state':
      return STATE_RANK[a.state] - STATE_RANK[b.state];
    case 'down':
      return a.t.downloadRate - b.t.downloadRate;
    case 'up':
      return a.t.uploadRate - b.t.uploadRate;
    case 'eta':
      return cmp(known(a.t.eta), known(b.t.eta));
    case 'seeds':
      return a.t.seeds - b.t.seeds || (a.swarm.seeders ?? -1) - (b.swarm.seeders ?? -1);
    case 'peers':
      return a.t.peers - b.t.peers || (a.swarm.leechers ?? -1) - (b.swarm.leechers ?? -1);
    case 'ratio':
      return cmp(a.ratio ?? -1, b.ratio ?? -1);
    case 'added':
      return a.t.addedAt - b.t.addedAt;
  }
}

/** Handles Infinity - Infinity (NaN) as equal. */
function cmp(x: number, y: number): number {
  return x < y ? -1 : x > y ? 1 : 0;
}

/** A comparator for `spec`; ties fall back to newest first, then the info hash, so rows never swap between snapshots. */
export function comparator(spec: SortSpec): (a: TableRow, b: TableRow) => number {
  const sign = spec.dir === 'asc' ? 1 : -1;
  return (a, b) => sign * compareKey(spec.key, a, b) || byNewest(a.t, b.t);
}

/** Clicking a header: a new column starts in its natural direction; the same column flips. */
export function nextSort(current: SortSpec, key: SortKey): SortSpec {
  if (current.key === key) return { key, dir: current.dir === 'asc' ? 'desc' : 'asc' };
  // Names read A to Z; for numbers and dates the biggest, fastest and newest come first.
  return { key, dir: key === 'name' || key === 'state' || key === 'eta' ? 'asc' : 'desc' };
}

function fold(s: string): string {
  return s.normalize('NFKC').toLocaleLowerCase();
}

export function matchesFilter(row: TableRow, filter: Filter): boolean {
  // "Downloading" includes the steps before bytes flow: fetching metadata and choosing files.
  if (!inStateGroup(row, filter.state)) return false;
  if (filter.tracker !== null) {
    const hosts = row.t.trackers.map(trackerHost);
    if (filter.tracker === '' ? hosts.length > 0 : !hosts.includes(filter.tracker)) return false;
  }
  if (filter.label !== null) {
    if (filter.label === '') {
      if (row.t.labels.length > 0) return false;
    } else {
      const want = fold(filter.label);
      if (!row.t.labels.some((l) => fold(l) === want)) return false;
    }
  }
  const text = fold(filter.text.trim());
  if (text === '') return true;
  if (fold(row.t.name).includes(text) || fold(row.t.displayName ?? '').includes(text)) return true;
  if (row.t.infoHashHex.startsWith(text)) return true;
  return row.t.labels.some((l) => fold(l).includes(text));
}

/** The rows to show, filtered then sorted. */
export function visibleRows(rows: readonly TableRow[], filter: Filter, sort: SortSpec): TableRow[] {
  return rows.filter((r) => matchesFilter(r, filter)).sort(comparator(sort));
}

/** Every label in use, once each (first spelling wins), sorted for a menu. */
export function allLabels(torrents: readonly Pick<TorrentSnapshot, 'labels'>[]): string[] {
  const seen = new Map<string, string>();
  for (const t of torrents) for (const l of t.labels) if (!seen.has(fold(l))) seen.set(fold(l), l);
  return [...seen.values()].sort(collator.compare);
}

/** Sort and filter choices as saved between visits; anything unknown falls back to the defaults. */
export function parseListPrefs(json: string | null): { sort: SortSpec; filter: Filter } {
  let raw: unknown = null;
  try {
    raw = json ? JSON.parse(json) : null;
  } catch {
    raw = null; // damaged: defaults
  }
  const o = (raw && typeof raw === 'object' ? raw : {}) as Record<string, unknown>;
  const sortRaw = (o['sort'] && typeof o['sort'] === 'object' ? o['sort'] : {}) as Record<string, unknown>;
  const key = SORT_KEYS.includes(sortRaw['key'] as SortKey) ? (sortRaw['key'] as SortKey) : DEFAULT_SORT.key;
  const dir = sortRaw['dir'] === 'asc' || sortRaw['dir'] === 'desc' ? sortRaw['dir'] : DEFAULT_SORT.dir;
  const state = STATE_FILTERS.includes(o['state'] as StateFilter) ? (o['state'] as StateFilter) : 'all';
  return { sort: { key, dir }, filter: { ...NO_FILTER, state } };
}

export function serializeListPrefs(sort: SortSpec, filter: Filter): string {
  return JSON.stringify({ sort, state: filter.state });
}

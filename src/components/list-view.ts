// What the list shows, shared by the sidebar (filters), the list (sort, columns, selection), the context menu and
// the status bar: one object, owned by <rv-app>, that tells its subscribers when anything changes. Sort, filter and
// columns are saved between visits (localStorage); the selection lasts for the visit.

import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { DEFAULT_COLUMNS, parseColumnPrefs, serializeColumnPrefs, type ColumnPrefs } from './list-columns.ts';
import { parseListPrefs, serializeListPrefs, type Filter, type SortSpec } from './torrent-table.ts';

const PREFS_KEY = 'rivulet.list';
const COLUMNS_KEY = 'rivulet.columns';

function load(key: string): string | null {
  try {
    return localStorage.getItem(key);
  } catch (e) {
    console.debug('list preferences unavailable', e); // storage refused (privacy mode): defaults
    return null;
  }
}

function save(key: string, value: string): void {
  try {
    localStorage.setItem(key, value);
  } catch (e) {
    console.debug('could not save list preferences', e); // a private window: they last for this visit only
  }
}

export class ListView extends EventTarget {
  sort: SortSpec;
  filter: Filter;
  columns: ColumnPrefs = DEFAULT_COLUMNS;
  /** Selected info hashes. */
  selection: ReadonlySet<string> = new Set();
  /** Where a Shift-click range starts. */
  anchor: string | null = null;

  constructor() {
    super();
    const prefs = parseListPrefs(load(PREFS_KEY));
    this.sort = prefs.sort;
    this.filter = prefs.filter;
    this.columns = parseColumnPrefs(load(COLUMNS_KEY));
  }

  setSort(sort: SortSpec): void {
    this.sort = sort;
    save(PREFS_KEY, serializeListPrefs(this.sort, this.filter));
    this.changed();
  }

  setFilter(patch: Partial<Filter>): void {
    this.filter = { ...this.filter, ...patch };
    save(PREFS_KEY, serializeListPrefs(this.sort, this.filter));
    this.changed();
  }

  setColumns(columns: ColumnPrefs, persist = true): void {
    this.columns = columns;
    if (persist) save(COLUMNS_KEY, serializeColumnPrefs(columns));
    this.changed();
  }

  select(selection: Iterable<string>, anchor: string | null = this.anchor): void {
    this.selection = new Set(selection);
    this.anchor = anchor;
    this.changed();
  }

  /** Drops selected torrents that are gone (removed here or in another tab). */
  keepOnly(present: ReadonlySet<string>): void {
    if ([...this.selection].every((h) => present.has(h))) return;
    this.selection = new Set([...this.selection].filter((h) => present.has(h)));
    if (this.anchor && !present.has(this.anchor)) this.anchor = null;
    this.changed();
  }

  private changed(): void {
    this.dispatchEvent(new Event('change'));
  }
}

/** Re-renders its host whenever the list view changes. */
export class ListViewController implements ReactiveController {
  private subscribed: ListView | undefined;
  private readonly onChange = (): void => this.host.requestUpdate();

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly view: () => ListView | undefined,
  ) {
    host.addController(this);
  }

  hostConnected(): void {
    this.sync();
  }

  hostUpdate(): void {
    this.sync(); // the view may have been set after connection
  }

  hostDisconnected(): void {
    this.subscribed?.removeEventListener('change', this.onChange);
    this.subscribed = undefined;
  }

  private sync(): void {
    const v = this.view();
    if (v === this.subscribed) return;
    this.subscribed?.removeEventListener('change', this.onChange);
    v?.addEventListener('change', this.onChange);
    this.subscribed = v;
  }
}

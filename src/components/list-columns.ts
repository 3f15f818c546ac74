// The torrent table's columns as the user arranged them: which are shown, in what order, how wide (the Name column
// takes whatever width is left), saved between visits; and which of them fit the list's width right now. Pure.

export type ColumnId = 'name' | 'size' | 'progress' | 'state' | 'down' | 'up' | 'eta' | 'seeds' | 'peers' | 'ratio' | 'added';

/** Every column in its default order; Name is always shown and always first. */
export const COLUMN_IDS: readonly ColumnId[] = ['name', 'size', 'progress', 'state', 'down', 'up', 'eta', 'seeds', 'peers', 'ratio', 'added'];

/** Default widths in px; Name has none (it takes the free width, at least NAME_MIN). */
export const DEFAULT_WIDTHS: Readonly<Record<Exclude<ColumnId, 'name'>, number>> = {
  size: 76,
  progress: 96,
  state: 116,
  down: 80,
  up: 80,
  eta: 64,
  seeds: 64,
  peers: 64,
  ratio: 56,
  added: 136,
};
/** Below this the Name column would cut most names short: other columns make way first. */
export const NAME_MIN = 220;
export const MIN_WIDTH = 48;
export const MAX_WIDTH = 480;
/** The actions column (pause/resume, files, remove, more): fixed, never dropped. */
export const ACTIONS_WIDTH = 136;
/** Column gap and the row's side padding (px), as the styles draw them. */
export const GAP = 8;
export const ROW_PADDING = 24;

/** When the list is too narrow for every chosen column, these go first (last in this list drops first). */
const KEEP_ORDER: readonly ColumnId[] = ['name', 'progress', 'state', 'down', 'up', 'size', 'seeds', 'peers', 'eta', 'ratio', 'added'];

export interface ColumnPrefs {
  /** Shown columns in display order (always starts with 'name'). */
  readonly order: readonly ColumnId[];
  /** Hidden by choice. */
  readonly hidden: readonly ColumnId[];
  readonly widths: Readonly<Partial<Record<ColumnId, number>>>;
}

export const DEFAULT_COLUMNS: ColumnPrefs = { order: COLUMN_IDS, hidden: ['ratio', 'added'], widths: {} };

function isColumn(v: unknown): v is ColumnId {
  return typeof v === 'string' && (COLUMN_IDS as readonly string[]).includes(v);
}

export function clampWidth(px: number): number {
  return Math.round(Math.min(MAX_WIDTH, Math.max(MIN_WIDTH, px)));
}

export function widthOf(prefs: ColumnPrefs, id: Exclude<ColumnId, 'name'>): number {
  return prefs.widths[id] ?? DEFAULT_WIDTHS[id];
}

/** Saved preferences, repaired: unknown ids dropped, every column present once, Name first, widths in range. */
export function parseColumnPrefs(json: string | null): ColumnPrefs {
  let raw: unknown = null;
  try {
    raw = json ? JSON.parse(json) : null;
  } catch {
    raw = null; // damaged: defaults
  }
  if (!raw || typeof raw !== 'object') return DEFAULT_COLUMNS;
  const o = raw as Record<string, unknown>;
  const order = Array.isArray(o['order']) ? [...new Set(o['order'].filter(isColumn))] : [...COLUMN_IDS];
  for (const id of COLUMN_IDS) if (!order.includes(id)) order.push(id); // columns added in a later version
  const withNameFirst: ColumnId[] = ['name', ...order.filter((c) => c !== 'name')];
  const hidden = Array.isArray(o['hidden']) ? [...new Set(o['hidden'].filter(isColumn))].filter((c) => c !== 'name') : [...DEFAULT_COLUMNS.hidden];
  const widths: Partial<Record<ColumnId, number>> = {};
  const w = o['widths'] && typeof o['widths'] === 'object' ? (o['widths'] as Record<string, unknown>) : {};
  for (const id of COLUMN_IDS) {
    const v = w[id];
    if (id !== 'name' && typeof v === 'number' && Number.isFinite(v)) widths[id] = clampWidth(v);
  }
  return { order: withNameFirst, hidden, widths };
}

export function serializeColumnPrefs(prefs: ColumnPrefs): string {
  return JSON.stringify(prefs);
}

export function setHidden(prefs: ColumnPrefs, id: ColumnId, hidden: boolean): ColumnPrefs {
  if (id === 'name') return prefs;
  const rest = prefs.hidden.filter((c) => c !== id);
  return { ...prefs, hidden: hidden ? [...rest, id] : rest };
}

export function setWidth(prefs: ColumnPrefs, id: ColumnId, px: number): ColumnPrefs {
  if (id === 'name') return prefs;
  return { ...prefs, widths: { ...prefs.widths, [id]: clampWidth(px) } };
}

/** Moves `id` to stand before `before` (or to the end with null). Name stays first. */
export function moveColumn(prefs: ColumnPrefs, id: ColumnId, before: ColumnId | null): ColumnPrefs {
  if (id === 'name' || id === before) return prefs;
  const rest = prefs.order.filter((c) => c !== id);
  const at = before === null ? rest.length : Math.max(1, rest.indexOf(before));
  rest.splice(at < 0 ? rest.length : at, 0, id);
  return { ...prefs, order: rest };
}

/** Moves `id` one place left (-1) or right (+1) among the columns, Name staying first. */
export function shiftColumn(prefs: ColumnPrefs, id: ColumnId, by: -1 | 1): ColumnPrefs {
  const i = prefs.order.indexOf(id);
  const j = i + by;
  if (id === 'name' || i < 0 || j < 1 || j >= prefs.order.length) return prefs;
  const order = [...prefs.order];
  [order[i], order[j]] = [order[j]!, order[i]!];
  return { ...prefs, order };
}

/**
 * The columns to draw in a list `available` px wide: the chosen ones in the chosen order, minus those that do not
 * fit beside a Name column of at least NAME_MIN (dropped least important first). Never the page's problem: the list
 * stays within its width.
 */
export function fitColumns(prefs: ColumnPrefs, available: number): ColumnId[] {
  const chosen = prefs.order.filter((c) => !prefs.hidden.includes(c));
  const shown = new Set(chosen);
  const need = (): number => {
    let sum = NAME_MIN + ACTIONS_WIDTH + ROW_PADDING + GAP * shown.size;
    for (const c of shown) if (c !== 'name') sum += widthOf(prefs, c);
    return sum;
  };
  for (let i = KEEP_ORDER.length - 1; i > 0 && need() > available; i--) shown.delete(KEEP_ORDER[i]!);
  return chosen.filter((c) => shown.has(c));
}

/** The CSS grid-template-columns for `columns` followed by the actions column. */
export function gridTemplate(prefs: ColumnPrefs, columns: readonly ColumnId[]): string {
  const parts = columns.map((c) => (c === 'name' ? `minmax(${NAME_MIN}px, 1fr)` : `${widthOf(prefs, c)}px`));
  return [...parts, `${ACTIONS_WIDTH}px`].join(' ');
}

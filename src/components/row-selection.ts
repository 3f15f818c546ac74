// Selecting rows as file managers and qBittorrent do: a click selects one, Ctrl/Cmd-click toggles one, Shift-click
// selects the range from the anchor (Ctrl+Shift adds it), arrows move (Shift extends). Pure: ids in display order.

export interface RowSelection {
  readonly selection: ReadonlySet<string>;
  readonly anchor: string | null;
}

export interface Modifiers {
  /** Ctrl or Cmd, or a checkbox (touch): toggle without clearing the rest. */
  readonly toggle?: boolean;
  readonly range?: boolean;
}

function rangeOf(order: readonly string[], from: string, to: string): string[] {
  const a = order.indexOf(from);
  const b = order.indexOf(to);
  if (a < 0 || b < 0) return [to];
  return order.slice(Math.min(a, b), Math.max(a, b) + 1);
}

export function clickRow(current: RowSelection, order: readonly string[], id: string, mods: Modifiers): RowSelection {
  if (mods.range && current.anchor !== null && order.includes(current.anchor)) {
    const range = rangeOf(order, current.anchor, id);
    const base = mods.toggle ? [...current.selection] : [];
    return { selection: new Set([...base, ...range]), anchor: current.anchor };
  }
  if (mods.toggle) {
    const next = new Set(current.selection);
    if (next.has(id)) next.delete(id);
    else next.add(id);
    return { selection: next, anchor: id };
  }
  return { selection: new Set([id]), anchor: id };
}

export function selectAll(order: readonly string[], current: RowSelection): RowSelection {
  return { selection: new Set(order), anchor: current.anchor ?? order[0] ?? null };
}

/** The row `by` places from `from` (clamped); the first or last row when nothing is focused. */
export function stepRow(order: readonly string[], from: string | null, by: number): string | null {
  if (order.length === 0) return null;
  const i = from === null ? -1 : order.indexOf(from);
  if (i < 0) return by >= 0 ? order[0]! : order[order.length - 1]!;
  return order[Math.min(order.length - 1, Math.max(0, i + by))]!;
}

/** The selected ids in display order (what bulk actions act on, top to bottom). */
export function selectedInOrder(order: readonly string[], selection: ReadonlySet<string>): string[] {
  return order.filter((id) => selection.has(id));
}

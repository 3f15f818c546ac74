// Keys on the torrent table, as qBittorrent and file managers have them: arrows, Home and End move (Shift extends),
// Space pauses or resumes, Delete (Cmd+Backspace) removes, Enter opens the detail, Ctrl/Cmd+A selects all, the menu
// key (Shift+F10) opens the context menu. Pure: the key and the list's order in, what to do out.

import { stepRow } from './row-selection.ts';

export interface ListKey {
  readonly key: string;
  readonly shiftKey: boolean;
  readonly ctrlKey: boolean;
  readonly metaKey: boolean;
  /** The key went to a button (Enter presses it rather than opening the detail). */
  readonly onButton: boolean;
  /** The key went to an input such as a row's checkbox (Space toggles it rather than pausing). */
  readonly onInput: boolean;
}

export type ListKeyCommand =
  | { readonly kind: 'move'; readonly to: string; readonly extend: boolean }
  | { readonly kind: 'pause-or-resume'; readonly targets: readonly string[] }
  | { readonly kind: 'remove'; readonly targets: readonly string[] }
  | { readonly kind: 'open'; readonly id: string }
  | { readonly kind: 'select-all' }
  | { readonly kind: 'menu'; readonly id: string | null };

/** What a key on a row does; null: not ours (the browser's default stands). `current`: the focused row. */
export function listKeyCommand(k: ListKey, order: readonly string[], current: string | null, selected: readonly string[]): ListKeyCommand | null {
  const targets = selected.length > 0 ? selected : current ? [current] : [];
  switch (k.key) {
    case 'ArrowDown':
    case 'ArrowUp':
    case 'Home':
    case 'End': {
      const by = k.key === 'ArrowDown' ? 1 : k.key === 'ArrowUp' ? -1 : k.key === 'Home' ? -order.length : order.length;
      const to = stepRow(order, current, by);
      return to ? { kind: 'move', to, extend: k.shiftKey } : null;
    }
    case ' ':
      return k.onInput ? null : { kind: 'pause-or-resume', targets };
    case 'Delete':
      return { kind: 'remove', targets };
    case 'Backspace':
      return k.metaKey ? { kind: 'remove', targets } : null;
    case 'Enter':
      return current && !k.onButton ? { kind: 'open', id: current } : null;
    case 'a':
    case 'A':
      return k.ctrlKey || k.metaKey ? { kind: 'select-all' } : null;
    case 'ContextMenu':
      return { kind: 'menu', id: current };
    case 'F10':
      return k.shiftKey ? { kind: 'menu', id: current } : null;
    default:
      return null;
  }
}

/** The key went to a text field (its own editing keys win). */
export function isTyping(e: KeyboardEvent): boolean {
  const t = e.composedPath()[0];
  if (t instanceof HTMLTextAreaElement || t instanceof HTMLSelectElement) return true;
  if (t instanceof HTMLInputElement) return !['checkbox', 'radio', 'button'].includes(t.type);
  return t instanceof HTMLElement && t.isContentEditable;
}

// The torrent list's toolbar (text filter, the selection's actions, the column chooser or, on cards, a sort menu,
// counts), drawn by <rv-torrent-list> and acting through the list view and the callbacks it passes.

import { html, nothing } from 'lit';
import { msg, str } from '@lit/localize';
import { setHidden, shiftColumn, type ColumnId, type ColumnPrefs } from './list-columns.ts';
import type { ListView } from './list-view.ts';
import { columnName } from './rv-list-header.ts';
import { SORT_KEYS, type SortKey, type SortSpec } from './torrent-table.ts';
import { icons } from './icons.ts';

export interface ToolbarInput {
  readonly view: ListView;
  readonly total: number;
  readonly shown: number;
  readonly picked: number;
  readonly cards: boolean;
  act(action: 'resume' | 'pause'): void;
  remove(): void;
  more(e: MouseEvent): void;
}

export function listToolbar(input: ToolbarInput) {
  const { view, total, shown, picked } = input;
  const none = picked === 0;
  return html`<div class="toolbar" role="toolbar" aria-label=${msg('Torrent list')}>
    <input class="text filter" type="search" data-testid="filter-text" .value=${view.filter.text} placeholder=${msg('Filter by name, label or hash')}
      aria-label=${msg('Filter by name, label or hash')} aria-keyshortcuts="/"
      @input=${(e: Event) => view.setFilter({ text: (e.target as HTMLInputElement).value })} />
    <div class="bulk" role="group" aria-label=${msg('Selected torrents')}>
      <button class="btn small" type="button" data-testid="bulk-resume" ?disabled=${none} @click=${() => input.act('resume')}>${icons.play}<span class="lbl">${msg('Resume')}</span></button>
      <button class="btn small" type="button" data-testid="bulk-pause" ?disabled=${none} @click=${() => input.act('pause')}>${icons.pause}<span class="lbl">${msg('Pause')}</span></button>
      <button class="btn small danger" type="button" data-testid="bulk-remove" ?disabled=${none} @click=${() => input.remove()}>${icons.trash}<span class="lbl">${msg('Remove')}</span></button>
      <button class="btn small" type="button" data-testid="bulk-more" aria-haspopup="menu" ?disabled=${none} @click=${(e: MouseEvent) => input.more(e)}>⋯<span class="lbl">${msg('More')}</span></button>
    </div>
    ${input.cards ? sortSelect(view) : columnChooser(view)}
    <span class="count muted" aria-live="polite">${picked > 0 ? html`<span data-testid="selected-count">${msg(str`${picked} selected`)}</span> · ` : nothing}<span
      data-testid="filter-count">${msg(str`${shown} of ${total}`)}</span></span>
  </div>`;
}

function sortSelect(view: ListView) {
  const sort: SortSpec = view.sort;
  return html`<label class="field">${msg('Sort')}
    <select class="text" data-testid="sort-select" @change=${(e: Event) => {
      const [key, dir] = (e.target as HTMLSelectElement).value.split(':') as [SortKey, 'asc' | 'desc'];
      view.setSort({ key, dir });
    }}>
      ${SORT_KEYS.flatMap((k) => (['asc', 'desc'] as const).map((dir) => html`<option value=${`${k}:${dir}`}
        ?selected=${sort.key === k && sort.dir === dir}>${columnName(k)} ${dir === 'asc' ? '↑' : '↓'}</option>`))}
    </select>
  </label>`;
}

function columnChooser(view: ListView) {
  const prefs: ColumnPrefs = view.columns;
  return html`<details class="columns-menu" data-testid="columns-menu">
    <summary class="btn small">${msg('Columns')}</summary>
    <ul class="pop" aria-label=${msg('Columns')}>
      ${prefs.order.map((c: ColumnId, i) => html`<li>
        <label><input type="checkbox" data-testid=${`column-${c}`} .checked=${!prefs.hidden.includes(c)} ?disabled=${c === 'name'}
          @change=${(e: Event) => view.setColumns(setHidden(prefs, c, !(e.target as HTMLInputElement).checked))} />${columnName(c)}</label>
        ${c === 'name'
          ? nothing
          : html`<button class="btn icon ghost" type="button" aria-label=${msg(str`Move ${columnName(c)} left`)} ?disabled=${i <= 1}
              @click=${() => view.setColumns(shiftColumn(prefs, c, -1))}>${icons.up}</button>
            <button class="btn icon ghost" type="button" aria-label=${msg(str`Move ${columnName(c)} right`)} ?disabled=${i >= prefs.order.length - 1}
              @click=${() => view.setColumns(shiftColumn(prefs, c, 1))}>${icons.down}</button>`}
      </li>`)}
    </ul>
  </details>`;
}

// <rv-torrent-list>: every torrent as a sortable, filterable table (cards on phones): a filter bar (text, state,
// label, sort for narrow widths), column headers that sort on click or Enter/Space, and one row per torrent.

import { LitElement, css, html, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { repeat } from 'lit/directives/repeat.js';
import { msg, str } from '@lit/localize';
import type { EngineClient } from '../api/client.ts';
import { SnapshotController } from './controllers/snapshot-controller.ts';
import { displayStateLabel } from './labels.ts';
import type { AppServices } from './services.ts';
import {
  allLabels,
  DISPLAY_STATES,
  nextSort,
  parseListPrefs,
  serializeListPrefs,
  SORT_KEYS,
  swarmCounts,
  tableRow,
  visibleRows,
  type Filter,
  type SortKey,
  type SortSpec,
} from './torrent-table.ts';
import { icons } from './icons.ts';
import { base, iconButtonStyles } from './styles.ts';
import { columnStyles } from './table-columns.styles.ts';
import './rv-torrent-row.ts';

const PREFS_KEY = 'rivulet.list';

function columnName(key: SortKey): string {
  switch (key) {
    case 'name':
      return msg('Name');
    case 'size':
      return msg('Size');
    case 'progress':
      return msg('Progress');
    case 'state':
      return msg('State');
    case 'down':
      return msg('Down');
    case 'up':
      return msg('Up');
    case 'eta':
      return msg('ETA');
    case 'seeds':
      return msg('Seeds');
    case 'peers':
      return msg('Peers');
    case 'ratio':
      return msg('Ratio');
    case 'added':
      return msg('Added');
  }
}

function loadPrefs(): ReturnType<typeof parseListPrefs> {
  try {
    return parseListPrefs(localStorage.getItem(PREFS_KEY));
  } catch (e) {
    // Storage refused (privacy mode): the defaults are fine, note why.
    console.debug('list preferences unavailable', e);
    return parseListPrefs(null);
  }
}

@customElement('rv-torrent-list')
export class RvTorrentList extends LitElement {
  static override styles = [
    base,
    iconButtonStyles,
    columnStyles,
    css`
      :host {
        display: block;
      }
      .filters {
        display: flex;
        flex-wrap: wrap;
        align-items: center;
        gap: 0.5rem;
        margin-bottom: 0.6rem;
        container-type: inline-size;
      }
      .filters input.text {
        flex: 1 1 12rem;
        min-width: 0;
        min-height: 2.25rem;
      }
      .filters label.field {
        display: inline-flex;
        align-items: center;
        gap: 0.35rem;
        font-size: 0.8125rem;
      }
      .count {
        margin-left: auto;
        font-size: 0.8125rem;
      }
      .sort-field {
        display: none !important;
      }
      .table {
        border: 1px solid var(--rv-border);
        border-radius: var(--rv-radius);
        background: var(--rv-surface);
        box-shadow: var(--rv-shadow);
        container-type: inline-size;
      }
      .head {
        padding: 0.35rem 0.75rem;
        border-bottom: 1px solid var(--rv-border);
        font-size: 0.75rem;
        color: var(--rv-muted);
      }
      .head [role='columnheader'] {
        min-width: 0;
      }
      .head .num {
        text-align: right;
      }
      .sort {
        display: inline-flex;
        align-items: center;
        gap: 0.15rem;
        max-width: 100%;
        min-height: 2rem;
        padding: 0.15rem 0.25rem;
        border: 0;
        border-radius: 6px;
        background: none;
        color: inherit;
        font: inherit;
        font-weight: 600;
        cursor: pointer;
      }
      .sort:hover {
        color: var(--rv-text);
      }
      .sort .arrow {
        width: 0.9em;
        height: 0.9em;
        display: inline-flex;
      }
      .sort .arrow svg {
        width: 100%;
        height: 100%;
      }
      rv-torrent-row + rv-torrent-row {
        border-top: 1px solid var(--rv-border);
      }
      .none {
        padding: 1.5rem;
        text-align: center;
        font-size: 0.875rem;
      }
      .empty {
        display: grid;
        justify-items: center;
        gap: 0.5rem;
        padding: 3rem 1.5rem;
        border: 2px dashed var(--rv-border);
        border-radius: var(--rv-radius);
        text-align: center;
      }
      .empty svg {
        width: 2.5rem;
        height: 2.5rem;
        color: var(--rv-accent);
      }
      .empty h2 {
        margin: 0;
        font-size: 1.0625rem;
      }
      .empty p {
        margin: 0;
        max-width: 34rem;
        font-size: 0.875rem;
      }
      @container (max-width: 879.98px) {
        .sort-field {
          display: inline-flex !important;
        }
      }
      @container (max-width: 639.98px) {
        .head {
          display: none;
        }
        .table {
          border: 0;
          background: none;
          box-shadow: none;
          display: grid;
          gap: 0.6rem;
        }
        rv-torrent-row,
        rv-torrent-row + rv-torrent-row {
          border: 1px solid var(--rv-border);
          border-radius: var(--rv-radius);
          background: var(--rv-surface);
          box-shadow: var(--rv-shadow);
          overflow: hidden;
        }
      }
    `,
  ];

  @property({ attribute: false }) client?: EngineClient;
  @property({ attribute: false }) services?: AppServices;
  /** The torrent shown in the detail panel. */
  @property({ attribute: false }) selected: string | null = null;
  @state() private sort: SortSpec;
  @state() private filter: Filter;
  private readonly snapshots = new SnapshotController(this, () => this.client);

  constructor() {
    super();
    const prefs = loadPrefs();
    this.sort = prefs.sort;
    this.filter = prefs.filter;
  }

  override render() {
    const torrents = this.snapshots.torrents;
    if (torrents.length === 0) {
      return html`<div class="empty" data-testid="empty-state">
        ${icons.drop}
        <h2>${msg('Drop files to share them, or paste a magnet link')}</h2>
        <p class="muted">
          ${msg('Files you share are hashed here and sent straight to other browsers. Nothing is uploaded to a server.')}
        </p>
      </div>`;
    }
    const rows = torrents.map((t) => tableRow(t, swarmCounts(this.services?.trackerStatus?.(t.infoHashHex) ?? [])));
    const shown = visibleRows(rows, this.filter, this.sort);
    return html`
      <h2 id="list-title" class="visually-hidden">${msg('Torrents')}</h2>
      ${this.renderBar(torrents.map((t) => t), shown.length)}
      <div class="table" role="table" aria-labelledby="list-title" aria-rowcount=${shown.length + 1} data-testid="torrent-list">
        <div role="rowgroup">
          <div class="head cols" role="row">${SORT_KEYS.map((k) => this.renderHeader(k))}
            <div role="columnheader" data-col="actions"><span class="visually-hidden">${msg('Actions')}</span></div>
          </div>
        </div>
        <div role="rowgroup">
          ${repeat(shown, (r) => r.t.infoHashHex, (r) => html`<rv-torrent-row .torrent=${r.t} .client=${this.client}
            .swarm=${r.swarm} aria-current=${r.t.infoHashHex === this.selected ? 'true' : 'false'}></rv-torrent-row>`)}
        </div>
      </div>
      ${shown.length === 0
        ? html`<p class="none muted" role="status" data-testid="no-match">${msg('No torrent matches these filters.')}</p>`
        : nothing}
    `;
  }

  private renderBar(torrents: readonly { labels: readonly string[] }[], shown: number) {
    const labels = allLabels(torrents);
    const f = this.filter;
    return html`<div class="filters" role="search" aria-label=${msg('Filter torrents')}>
      <input class="text" type="search" data-testid="filter-text" .value=${f.text} placeholder=${msg('Filter by name, label or hash')}
        aria-label=${msg('Filter by name, label or hash')} @input=${(e: Event) => this.setFilter({ text: (e.target as HTMLInputElement).value })} />
      <label class="field">${msg('State')}
        <select class="text" data-testid="filter-state" @change=${(e: Event) => this.setFilter({ state: (e.target as HTMLSelectElement).value as Filter['state'] })}>
          <option value="all" ?selected=${f.state === 'all'}>${msg('All')}</option>
          ${DISPLAY_STATES.map((s) => html`<option value=${s} ?selected=${f.state === s}>${displayStateLabel(s)}</option>`)}
        </select>
      </label>
      <label class="field">${msg('Label')}
        <select class="text" data-testid="filter-label" @change=${this.onLabelChange}>
          <option value="*" ?selected=${f.label === null}>${msg('Any')}</option>
          <option value="" ?selected=${f.label === ''}>${msg('No label')}</option>
          ${labels.map((l) => html`<option .value=${`=${l}`} ?selected=${f.label === l}>${l}</option>`)}
        </select>
      </label>
      <label class="field sort-field">${msg('Sort')}
        <select class="text" data-testid="sort-select" @change=${this.onSortSelect}>
          ${SORT_KEYS.flatMap((k) => (['asc', 'desc'] as const).map((dir) => html`<option value=${`${k}:${dir}`}
            ?selected=${this.sort.key === k && this.sort.dir === dir}>${columnName(k)} ${dir === 'asc' ? '↑' : '↓'}</option>`))}
        </select>
      </label>
      <span class="count muted" data-testid="filter-count" aria-live="polite">${msg(str`${shown} of ${torrents.length}`)}</span>
    </div>`;
  }

  private renderHeader(key: SortKey) {
    const active = this.sort.key === key;
    const ariaSort = active ? (this.sort.dir === 'asc' ? 'ascending' : 'descending') : 'none';
    const numeric = key !== 'name' && key !== 'state' && key !== 'progress';
    return html`<div role="columnheader" data-col=${key} class=${numeric ? 'num' : ''} aria-sort=${ariaSort}>
      <button class="sort" type="button" data-testid=${`sort-${key}`} @click=${() => this.setSort(nextSort(this.sort, key))}>
        ${columnName(key)}<span class="arrow" aria-hidden="true">${active ? (this.sort.dir === 'asc' ? icons.up : icons.down) : nothing}</span>
      </button>
    </div>`;
  }

  private onLabelChange(e: Event): void {
    const v = (e.target as HTMLSelectElement).value;
    this.setFilter({ label: v === '*' ? null : v === '' ? '' : v.slice(1) });
  }

  private onSortSelect(e: Event): void {
    const [key, dir] = (e.target as HTMLSelectElement).value.split(':') as [SortKey, 'asc' | 'desc'];
    this.setSort({ key, dir });
  }

  private setSort(sort: SortSpec): void {
    this.sort = sort;
    this.savePrefs();
  }

  private setFilter(patch: Partial<Filter>): void {
    this.filter = { ...this.filter, ...patch };
    this.savePrefs();
  }

  private savePrefs(): void {
    try {
      localStorage.setItem(PREFS_KEY, serializeListPrefs(this.sort, this.filter));
    } catch (e) {
      console.debug('could not save list preferences', e); // a private window: they last for this visit only
    }
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'rv-torrent-list': RvTorrentList;
  }
}

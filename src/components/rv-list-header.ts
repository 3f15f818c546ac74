// <rv-list-header>: the torrent table's header row: each column sorts on click (Enter/Space), is dragged to a new
// place, and is resized by dragging its right edge (or with arrow keys on that edge); a checkbox selects every row
// shown. It reports changes; the list keeps them (ListView) and saves them.

import { LitElement, css, html, nothing } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { msg, str } from '@lit/localize';
import { moveColumn, setWidth, widthOf, type ColumnId, type ColumnPrefs } from './list-columns.ts';
import { nextSort, type SortKey, type SortSpec } from './torrent-table.ts';
import { icons } from './icons.ts';
import { base } from './styles.ts';
import { columnStyles } from './table-columns.styles.ts';

/** Keyboard resize step (px); with Shift, four times that. */
const KEY_STEP = 16;

export function columnName(key: ColumnId): string {
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

@customElement('rv-list-header')
export class RvListHeader extends LitElement {
  static override styles = [
    base,
    columnStyles,
    css`
      :host {
        display: block;
        border-bottom: 1px solid var(--rv-border);
        font-size: 0.75rem;
        color: var(--rv-muted);
      }
      .head {
        padding: 0.25rem 0.75rem;
      }
      [role='columnheader'] {
        position: relative;
        display: flex;
        align-items: center;
        min-width: 0;
      }
      [role='columnheader'].num {
        justify-content: flex-end;
      }
      [role='columnheader'].drop-before {
        box-shadow: inset 3px 0 0 var(--rv-accent);
      }
      .all {
        width: 1.1rem;
        height: 1.1rem;
        margin: 0 0.4rem 0 0;
        accent-color: var(--rv-accent);
      }
      .sort {
        display: inline-flex;
        align-items: center;
        gap: 0.15rem;
        min-width: 0;
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
      .sort .label {
        overflow: hidden;
        text-overflow: ellipsis;
        white-space: nowrap;
      }
      .sort:hover {
        color: var(--rv-text);
      }
      .arrow {
        flex: none;
        width: 0.9em;
        height: 0.9em;
        display: inline-flex;
      }
      .arrow svg {
        width: 100%;
        height: 100%;
      }
      .grip {
        position: absolute;
        top: 0.2rem;
        bottom: 0.2rem;
        right: -0.3rem;
        width: 0.6rem;
        cursor: col-resize;
        touch-action: none;
        z-index: 1;
      }
      .grip::after {
        content: '';
        position: absolute;
        top: 15%;
        bottom: 15%;
        left: calc(50% - 1px);
        width: 2px;
        background: var(--rv-border);
      }
      .grip:hover::after,
      .grip:focus-visible::after {
        background: var(--rv-accent);
      }
      .grip:focus-visible {
        outline: none;
      }
    `,
  ];

  @property({ attribute: false }) prefs!: ColumnPrefs;
  @property({ attribute: false }) columns: readonly ColumnId[] = [];
  @property({ attribute: false }) sort!: SortSpec;
  /** 'none' | 'some' | 'all' of the shown rows are selected. */
  @property() picked: 'none' | 'some' | 'all' = 'none';
  private dragging: ColumnId | null = null;
  /** A resize in progress: the header under the grip must not start a column drag. */
  private resizing = false;

  override connectedCallback(): void {
    super.connectedCallback();
    this.setAttribute('role', 'row');
  }

  override render() {
    return html`<div class="head cols" role="none">
      ${this.columns.map((c) => this.header(c))}
      <div role="columnheader" data-col="actions"><span class="visually-hidden">${msg('Actions')}</span></div>
    </div>`;
  }

  private header(key: ColumnId) {
    const active = this.sort.key === key;
    const ariaSort = active ? (this.sort.dir === 'asc' ? 'ascending' : 'descending') : 'none';
    const numeric = key !== 'name' && key !== 'state' && key !== 'progress';
    const name = columnName(key);
    return html`<div role="columnheader" data-col=${key} class=${numeric ? 'num' : ''} aria-sort=${ariaSort}
      draggable=${key === 'name' ? 'false' : 'true'} @dragstart=${(e: DragEvent) => this.onDragStart(e, key)}
      @dragover=${(e: DragEvent) => this.onDragOver(e, key)} @dragleave=${this.onDragLeave} @drop=${(e: DragEvent) => this.onDrop(e, key)}
      @dragend=${this.onDragEnd}>
      ${key === 'name'
        ? html`<input type="checkbox" class="all" data-testid="select-all" aria-label=${msg('Select every torrent shown')}
            .checked=${this.picked === 'all'} .indeterminate=${this.picked === 'some'} @change=${this.onAll} />`
        : nothing}
      <button class="sort" type="button" data-testid=${`sort-${key}`} @click=${() => this.emitSort(nextSort(this.sort, key as SortKey))}>
        <span class="label">${name}</span><span class="arrow" aria-hidden="true">${active ? (this.sort.dir === 'asc' ? icons.up : icons.down) : nothing}</span>
      </button>
      ${key === 'name'
        ? nothing
        : html`<span class="grip" role="separator" tabindex="0" aria-orientation="vertical" data-testid=${`resize-${key}`}
            aria-label=${msg(str`Width of ${name}`)} aria-valuenow=${widthOf(this.prefs, key)} aria-valuemin="48" aria-valuemax="480"
            @pointerdown=${(e: PointerEvent) => this.onGripDown(e, key)} @keydown=${(e: KeyboardEvent) => this.onGripKey(e, key)}
            @click=${(e: Event) => e.stopPropagation()}></span>`}
    </div>`;
  }

  private emitSort(sort: SortSpec): void {
    this.dispatchEvent(new CustomEvent('sort', { detail: sort }));
  }

  private emitColumns(prefs: ColumnPrefs, persist = true): void {
    this.dispatchEvent(new CustomEvent('columns', { detail: { prefs, persist } }));
  }

  private onAll(e: Event): void {
    this.dispatchEvent(new CustomEvent('select-all', { detail: (e.target as HTMLInputElement).checked }));
  }

  private onGripDown(e: PointerEvent, key: Exclude<ColumnId, 'name'>): void {
    e.preventDefault();
    this.resizing = true;
    const grip = e.currentTarget as HTMLElement;
    grip.setPointerCapture(e.pointerId);
    const startX = e.clientX;
    const startW = widthOf(this.prefs, key);
    // Columns after the name grow to the left edge's right; in a right-to-left page the other way.
    const dir = getComputedStyle(this).direction === 'rtl' ? -1 : 1;
    const move = (m: PointerEvent): void => this.emitColumns(setWidth(this.prefs, key, startW + dir * (m.clientX - startX)), false);
    const up = (): void => {
      this.resizing = false;
      grip.removeEventListener('pointermove', move);
      this.emitColumns(this.prefs); // saved once, at the end of the drag
    };
    grip.addEventListener('pointermove', move);
    grip.addEventListener('pointerup', up, { once: true });
    grip.addEventListener('pointercancel', up, { once: true });
  }

  private onGripKey(e: KeyboardEvent, key: Exclude<ColumnId, 'name'>): void {
    const step = e.shiftKey ? KEY_STEP * 4 : KEY_STEP;
    const by = e.key === 'ArrowRight' ? step : e.key === 'ArrowLeft' ? -step : 0;
    if (by === 0) return;
    e.preventDefault();
    e.stopPropagation();
    this.emitColumns(setWidth(this.prefs, key, widthOf(this.prefs, key) + by));
  }

  private onDragStart(e: DragEvent, key: ColumnId): void {
    if (key === 'name' || this.resizing) {
      e.preventDefault();
      return;
    }
    this.dragging = key;
    e.dataTransfer?.setData('text/x-rivulet-column', key);
    if (e.dataTransfer) e.dataTransfer.effectAllowed = 'move';
  }

  private onDragOver(e: DragEvent, key: ColumnId): void {
    if (!this.dragging || key === this.dragging) return;
    e.preventDefault();
    (e.currentTarget as HTMLElement).classList.add('drop-before');
  }

  private onDragLeave(e: DragEvent): void {
    (e.currentTarget as HTMLElement).classList.remove('drop-before');
  }

  private onDrop(e: DragEvent, key: ColumnId): void {
    e.preventDefault();
    (e.currentTarget as HTMLElement).classList.remove('drop-before');
    const moving = this.dragging;
    this.dragging = null;
    if (moving) this.emitColumns(moveColumn(this.prefs, moving, key === 'name' ? (this.prefs.order[1] ?? null) : key));
  }

  private onDragEnd(): void {
    this.dragging = null;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'rv-list-header': RvListHeader;
  }
}

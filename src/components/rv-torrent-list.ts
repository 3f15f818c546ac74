// <rv-torrent-list>: every torrent as a table (cards on phones) in the columns the user chose, fitted to the list's
// width; a toolbar with the text filter, the selection's actions and the column chooser; selection by mouse,
// keyboard and touch (checkboxes, long press); one remove confirmation for the whole selection; the context menu.

import { LitElement, html, nothing, type PropertyValues } from 'lit';
import { styleProps } from './style-props.ts';
import { customElement, property, query, state } from 'lit/decorators.js';
import { repeat } from 'lit/directives/repeat.js';
import { msg, str } from '@lit/localize';
import type { EngineClient } from '../api/client.ts';
import { SnapshotController } from './controllers/snapshot-controller.ts';
import { TrackerReportController } from './controllers/tracker-report-controller.ts';
import { emit } from './events.ts';
import { COLUMN_IDS, fitColumns, gridTemplate, type ColumnId, type ColumnPrefs } from './list-columns.ts';
import { ListViewController, type ListView } from './list-view.ts';
import type { AppServices, TrackerReport } from './services.ts';
import type { TorrentSnapshot } from '../api/protocol.ts';
import { clickRow, selectAll, selectedInOrder } from './row-selection.ts';
import { isTyping, listKeyCommand } from './list-keys.ts';
import { labelDialog, removeDialog } from './rv-torrent-list-dialogs.ts';
import type { SortSpec } from './torrent-table.ts';
import { ShownRows } from './list-rows.ts';
import { jobRow } from './list-job-row.ts';
import { runAction, selectionMenu, type ActionHost } from './selection-actions.ts';
import { listToolbar } from './rv-torrent-list-toolbar.ts';
import { ListWindow } from './rv-torrent-list-window.ts';
import type { RowPointDetail } from './rv-torrent-row.ts';
import type { ShareJob } from './share-job.ts';
import { torrentReason } from './stall-text.ts';
import { icons } from './icons.ts';
import { base, dialogStyles, iconButtonStyles } from './styles.ts';
import { columnStyles } from './table-columns.styles.ts';
import { listStyles } from './rv-torrent-list.styles.ts';
import './rv-context-menu.ts';
import './rv-list-header.ts';
import './rv-torrent-row.ts';

/** Below this list width rows are cards (every fact, no header). */
const CARD_MAX = 640;

@customElement('rv-torrent-list')
export class RvTorrentList extends LitElement implements ActionHost {
  static override styles = [base, iconButtonStyles, dialogStyles, columnStyles, listStyles];

  @property({ attribute: false }) client?: EngineClient;
  @property({ attribute: false }) services?: AppServices;

  get reannounce(): ((infoHashHex: string) => void) | undefined {
    const services = this.services;
    return services?.reannounce ? (h) => services.reannounce!(h) : undefined;
  }
  @property({ attribute: false }) view?: ListView;
  /** The torrent shown in the detail panel. */
  @property({ attribute: false }) selected: string | null = null;
  /** Shares still hashing: shown as rows at the top at once, before the engine lists the torrent. */
  @property({ attribute: false }) jobs: readonly ShareJob[] = [];
  @state() private width = 0;
  @state() private menu: { x: number; y: number } | null = null;
  @state() private removing: readonly string[] = [];
  @state() private labelling: readonly string[] = [];
  @query('dialog.remove') private removeDlg?: HTMLDialogElement;
  @query('dialog.label') private labelDlg?: HTMLDialogElement;
  private readonly snapshots = new SnapshotController(this, () => this.client);
  private readonly trackerReports = new TrackerReportController(this, () => this.services);
  private readonly views = new ListViewController(this, () => this.view);
  private readonly resize = new ResizeObserver((entries) => {
    const w = Math.floor(entries[0]?.contentRect.width ?? 0);
    if (w !== this.width) this.width = w;
  });
  /** The row keyboard focus is on (for arrows and Shift ranges). */
  private focused: string | null = null;
  private order: readonly string[] = [];
  private observed: Element | null = null;
  private readonly shownRows = new ShownRows();
  private keptFor: readonly TorrentSnapshot[] | null = null;
  private fit: { prefs: ColumnPrefs | null; width: number; columns: readonly ColumnId[] } | null = null;
  private readonly rowsWindow = new ListWindow(
    this,
    () => this.renderRoot.querySelector<HTMLElement>('.rows'),
    () => this.renderRoot.querySelector<HTMLElement>('.table'),
  );

  override connectedCallback(): void {
    super.connectedCallback();
    window.addEventListener('keydown', this.onGlobalKey);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    window.removeEventListener('keydown', this.onGlobalKey);
    this.resize.disconnect();
    this.observed = null;
  }

  protected override willUpdate(_changed: PropertyValues): void {
    const torrents = this.snapshots.torrents;
    if (this.view && this.snapshots.received && torrents !== this.keptFor) {
      this.keptFor = torrents;
      this.view.keepOnly(new Set(torrents.map((t) => t.infoHashHex)));
    }
  }

  protected override updated(): void {
    // The host's width, not the table's: a scrollbar coming and going must not change the columns (and back).
    if (this.observed !== this) {
      this.resize.observe(this);
      this.observed = this;
    }
    if (this.removing.length > 0 && this.removeDlg && !this.removeDlg.open) this.removeDlg.showModal();
    if (this.labelling.length > 0 && this.labelDlg && !this.labelDlg.open) this.labelDlg.showModal();
  }

  override render() {
    const view = this.view;
    const torrents = this.snapshots.torrents;
    if (!view) return nothing;
    if (torrents.length === 0 && this.jobs.length === 0) {
      return html`<div class="empty" data-testid="empty-state">
        ${icons.drop}
        <h2>${msg('Drop files to share them, or paste a magnet link')}</h2>
        <p class="muted">
          ${msg('Files you share are hashed here and sent straight to other browsers. Nothing is uploaded to a server.')}
        </p>
      </div>`;
    }
    const now = Date.now();
    const shown = this.shownRows.rows(torrents, view, now, (h) => this.reports(h), this.trackerReports.version);
    this.order = this.shownRows.order;
    const cards = this.width > 0 && this.width < CARD_MAX;
    // Less the table's border and its (always reserved) scrollbar gutter.
    const columns = this.fitted(cards ? null : view.columns, (this.width || 1024) - 20);
    const picked = selectedInOrder(this.order, view.selection);
    const all = picked.length === 0 ? 'none' : picked.length === this.order.length ? 'all' : 'some';
    // Long lists render only the rows in view (rv-torrent-list-window.ts); aria-rowindex tells where each one is.
    const win = this.rowsWindow.window(this.order, cards ? `cards:${this.width}` : 'table');
    const first = this.jobs.length + 2;
    return html`
      <h2 id="list-title" class="visually-hidden">${msg('Torrents')}</h2>
      ${listToolbar({
        view, total: torrents.length, shown: shown.length, picked: picked.length, cards,
        act: (a) => void runAction(this, a, this.targets()),
        remove: () => this.askRemove(this.targets()),
        more: (e) => this.openBarMenu(e),
      })}
      <div class="table ${cards ? 'cards' : ''}" role="table" aria-labelledby="list-title" aria-rowcount=${shown.length + this.jobs.length + 1}
        data-testid="torrent-list" data-window=${`${win.start}-${win.end}`} style=${styleProps({ '--rv-cols': gridTemplate(view.columns, columns) })}
        @scroll=${this.onTableScroll}
        @rv-row-click=${this.onRowClick} @rv-row-menu=${this.onRowMenu} @rv-row-remove=${this.onRowRemove} @keydown=${this.onKey}>
        <div role="rowgroup" class="headgroup">
          <rv-list-header aria-rowindex="1" .prefs=${view.columns} .columns=${columns} .sort=${view.sort} .picked=${all}
            @sort=${(e: CustomEvent<SortSpec>) => view.setSort(e.detail)}
            @columns=${(e: CustomEvent<{ prefs: ColumnPrefs; persist: boolean }>) => view.setColumns(e.detail.prefs, e.detail.persist)}
            @select-all=${(e: CustomEvent<boolean>) => view.select(e.detail ? this.order : [], null)}></rv-list-header>
        </div>
        ${this.jobs.length > 0
          ? html`<div role="rowgroup" class="jobs">${repeat(this.jobs, (j) => j.id, (j, i) => jobRow(j, i + 2, () => emit(this, 'rv-cancel-job', { id: j.id })))}</div>`
          : nothing}
        <div role="rowgroup" class="rows" style=${styleProps({ 'padding-top': px(win.padTop), 'padding-bottom': px(win.padBottom) })}>
          ${repeat(shown.slice(win.start, win.end), (r) => r.t.infoHashHex, (r, i) => html`<rv-torrent-row .torrent=${r.t} .client=${this.client} .swarm=${r.swarm}
            .reason=${torrentReason(r.t, this.reports(r.t.infoHashHex), now)} aria-rowindex=${first + win.start + i}
            .columns=${columns} ?selected=${view.selection.has(r.t.infoHashHex)}
            aria-current=${r.t.infoHashHex === this.selected ? 'true' : 'false'}></rv-torrent-row>`)}
        </div>
      </div>
      ${shown.length === 0
        ? html`<p class="none muted" role="status" data-testid="no-match">${msg('No torrent matches these filters.')}</p>`
        : nothing}
      ${this.renderRemoveDialog()} ${this.renderLabelDialog()}
      ${this.menu
        ? html`<rv-context-menu .items=${selectionMenu(this.targets())} .x=${this.menu.x} .y=${this.menu.y}
            label=${msg('Torrent actions')} heading=${this.menuHeading()}
            @pick=${(e: CustomEvent<string>) => void runAction(this, e.detail, this.targets())}
            @close=${() => (this.menu = null)}></rv-context-menu>`
        : nothing}
    `;
  }

  /** The columns that fit, the same array while nothing changed (so rows given them have nothing to redo). */
  private fitted(prefs: ColumnPrefs | null, width: number): readonly ColumnId[] {
    const f = this.fit;
    if (f && f.prefs === prefs && f.width === width) return f.columns;
    const columns = prefs ? fitColumns(prefs, width) : COLUMN_IDS;
    this.fit = { prefs, width, columns };
    return columns;
  }

  private reports(infoHashHex: string): readonly TrackerReport[] {
    return this.services?.trackerStatus?.(infoHashHex) ?? [];
  }

  private renderRemoveDialog() {
    const names = this.removing.map((h) => this.snapshots.find(h)?.name || h);
    return removeDialog(names, () => this.onRemoveClose());
  }

  private renderLabelDialog() {
    const known = [...new Set(this.snapshots.torrents.flatMap((t) => t.labels))];
    return labelDialog(this.labelling.length, known, () => this.onLabelClose());
  }

  // ActionHost: what selection-actions.ts needs from the list.
  torrentsFor(hashes: readonly string[]) {
    return hashes.map((h) => this.snapshots.find(h)).filter((t) => t !== undefined);
  }

  askRemove(hashes: readonly string[]): void {
    if (hashes.length > 0) this.removing = hashes;
  }

  askLabel(hashes: readonly string[]): void {
    if (hashes.length > 0) this.labelling = hashes;
  }

  /** What the toolbar, the menu and the keys act on: the selection, top to bottom. */
  private targets(): string[] {
    return this.view ? selectedInOrder(this.order, this.view.selection) : [];
  }

  private menuHeading(): string {
    const t = this.targets();
    if (t.length === 1) {
      const s = this.snapshots.find(t[0]!);
      return s?.name || t[0]!;
    }
    return msg(str`${t.length} torrents`);
  }

  private onRemoveClose(): void {
    const v = this.removeDlg?.returnValue;
    const hashes = this.removing;
    this.removing = [];
    if (v === 'keep' || v === 'delete') emit(this, 'rv-remove-torrents', { infoHashHexes: hashes, deleteData: v === 'delete' });
  }

  private onLabelClose(): void {
    const dlg = this.labelDlg;
    const input = dlg?.querySelector('input');
    const hashes = this.labelling;
    this.labelling = [];
    const label = input?.value.trim() ?? '';
    if (input) input.value = '';
    if (dlg?.returnValue === 'ok' && label) void runAction(this, 'label-add', hashes, label);
  }

  private onRowClick(e: CustomEvent<RowPointDetail>): void {
    const view = this.view;
    if (!view) return;
    const d = e.detail;
    const next = clickRow(view, this.order, d.infoHashHex, { toggle: d.toggle, range: d.range });
    view.select(next.selection, next.anchor);
    this.focused = d.infoHashHex;
    // A plain click also shows the torrent in the detail panel (as qBittorrent's properties follow the selection).
    if (!d.toggle && !d.range) emit(this, 'rv-select-torrent', { infoHashHex: d.infoHashHex });
  }

  private onRowMenu(e: CustomEvent<RowPointDetail>): void {
    const view = this.view;
    if (!view) return;
    if (!view.selection.has(e.detail.infoHashHex)) view.select([e.detail.infoHashHex], e.detail.infoHashHex);
    this.focused = e.detail.infoHashHex;
    this.menu = { x: e.detail.x, y: e.detail.y };
  }

  /** The row's own trash button removes that row only, whatever else is selected. */
  private onRowRemove(e: CustomEvent<RowPointDetail>): void {
    this.askRemove([e.detail.infoHashHex]);
  }

  private openBarMenu(e: MouseEvent): void {
    const r = (e.currentTarget as HTMLElement).getBoundingClientRect();
    this.menu = { x: r.left, y: r.bottom + 4 };
  }

  /** Moves keyboard focus to a row, scrolling it into view (and into the DOM, when the list is windowed). */
  private async focusRow(id: string): Promise<void> {
    this.focused = id;
    const row = await this.rowsWindow.reveal(this.order.indexOf(id));
    if (this.focused !== id) return; // another key came first
    row?.shadowRoot?.querySelector<HTMLElement>('[data-testid="open-detail"]')?.focus();
    row?.scrollIntoView({ block: 'nearest' });
  }

  private onTableScroll(): void {
    this.rowsWindow.scrolled();
  }

  /** Keys on the table (list-keys.ts decides what they do). */
  private onKey(e: KeyboardEvent): void {
    const view = this.view;
    if (!view || isTyping(e)) return;
    const inRows = e.composedPath().some((n) => n instanceof HTMLElement && n.localName === 'rv-torrent-row');
    if (!inRows) return;
    const current = this.focusedRowId(e) ?? this.focused;
    const key = {
      key: e.key, shiftKey: e.shiftKey, ctrlKey: e.ctrlKey, metaKey: e.metaKey,
      onButton: e.composedPath()[0] instanceof HTMLButtonElement, onInput: e.target instanceof HTMLInputElement,
    };
    const cmd = listKeyCommand(key, this.order, current, this.targets());
    if (!cmd) return;
    e.preventDefault();
    switch (cmd.kind) {
      case 'move': {
        const sel = clickRow(view, this.order, cmd.to, { range: cmd.extend });
        view.select(sel.selection, cmd.extend ? sel.anchor : cmd.to);
        void this.focusRow(cmd.to);
        break;
      }
      case 'pause-or-resume': {
        const allPaused = this.torrentsFor(cmd.targets).every((t) => t.state === 'paused' || t.state === 'error');
        void runAction(this, allPaused ? 'resume' : 'pause', cmd.targets);
        break;
      }
      case 'remove':
        this.askRemove(cmd.targets);
        break;
      case 'open':
        emit(this, 'rv-select-torrent', { infoHashHex: cmd.id });
        break;
      case 'select-all': {
        const sel = selectAll(this.order, view);
        view.select(sel.selection, sel.anchor);
        break;
      }
      case 'menu': {
        if (cmd.id && !view.selection.has(cmd.id)) view.select([cmd.id], cmd.id);
        const r = (e.composedPath()[0] as HTMLElement).getBoundingClientRect();
        this.menu = { x: r.left, y: r.bottom };
        break;
      }
    }
  }

  private focusedRowId(e: Event): string | null {
    const row = e.composedPath().find((n): n is HTMLElement => n instanceof HTMLElement && n.localName === 'rv-torrent-row');
    return row ? (row as HTMLElement & { torrent: { infoHashHex: string } }).torrent.infoHashHex : null;
  }

  /** `/` anywhere (not while typing) jumps to the filter; Ctrl+A outside a text field selects every row shown. */
  private readonly onGlobalKey = (e: KeyboardEvent): void => {
    if (isTyping(e) || e.defaultPrevented || document.querySelector('dialog[open]')) return;
    if (e.key === '/' && !e.ctrlKey && !e.metaKey && !e.altKey) {
      const input = this.renderRoot.querySelector<HTMLInputElement>('[data-testid="filter-text"]');
      if (input && input.offsetParent !== null) {
        e.preventDefault();
        input.focus();
        input.select();
      }
    }
  };
}

function px(n: number): string | null {
  return n > 0 ? `${n}px` : null;
}

declare global {
  interface HTMLElementTagNameMap {
    'rv-torrent-list': RvTorrentList;
  }
}

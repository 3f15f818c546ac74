// <rv-torrent-row>: one torrent as a table row (a card on narrow lists), its cells in the columns the list chose:
// name and labels, size, progress, state, speeds, ETA, seeds and peers (connected, and in brackets what the
// trackers report), ratio, added date; a selection checkbox; actions (pause/resume, files, remove, more).
// Clicks, right clicks and long presses are reported to the list, which owns the selection.

import { LitElement, html, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { msg, str } from '@lit/localize';
import type { EngineClient } from '../api/client.ts';
import type { TorrentSnapshot } from '../api/protocol.ts';
import { pauseTorrent, resumeTorrent } from './actions.ts';
import { emit, notifyError } from './events.ts';
import { UNKNOWN, formatBytes, formatDateTime, formatEta, formatPercent, formatRate, formatRatio } from './format.ts';
import { displayStateLabel, errorText } from './labels.ts';
import { COLUMN_IDS, type ColumnId } from './list-columns.ts';
import { torrentErrorSummary } from './torrent-error.ts';
import { progressBar } from './progress-bar.ts';
import { displayState, ratioOf, type SwarmCounts } from './torrent-table.ts';
import { displayText, untrusted } from './untrusted-text.ts';
import { icons } from './icons.ts';
import { base, iconButtonStyles } from './styles.ts';
import { columnStyles } from './table-columns.styles.ts';
import { rowStyles } from './rv-torrent-row.styles.ts';

const NO_SWARM: SwarmCounts = { seeders: null, leechers: null };
/** A touch held this long opens the context menu (as on Android and iOS). */
const LONG_PRESS_MS = 500;

/** "2", or "2 (15)" when the trackers report a swarm count. */
function withSwarm(connected: number, reported: number | null): string {
  return reported === null ? String(connected) : `${connected} (${reported})`;
}

/** What the row tells the list about a click on it. */
export interface RowPointDetail {
  readonly infoHashHex: string;
  readonly toggle: boolean;
  readonly range: boolean;
  /** Where a context menu should open (viewport px). */
  readonly x: number;
  readonly y: number;
}

@customElement('rv-torrent-row')
export class RvTorrentRow extends LitElement {
  static override styles = [base, iconButtonStyles, columnStyles, rowStyles];

  @property({ attribute: false }) torrent!: TorrentSnapshot;
  @property({ attribute: false }) client?: EngineClient;
  @property({ attribute: false }) swarm: SwarmCounts = NO_SWARM;
  /** Why nothing happens (stall-text.ts), after 10 s without a peer; null while all is well. */
  @property({ attribute: false }) reason: string | null = null;
  /** The columns to draw, in order (the list fits them to its width). */
  @property({ attribute: false }) columns: readonly ColumnId[] = COLUMN_IDS;
  @property({ type: Boolean, reflect: true }) selected = false;
  @state() private busy = false;
  private pressTimer: ReturnType<typeof setTimeout> | undefined;

  override connectedCallback(): void {
    super.connectedCallback();
    // A row of the list's role=table; its cells live in this shadow root (the accessibility tree is the flat tree).
    this.setAttribute('role', 'row');
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    clearTimeout(this.pressTimer);
  }

  override render() {
    const t = this.torrent;
    const shown = displayState(t);
    const name = displayText(t.displayName || t.name || t.infoHashHex);
    return html`
      <div class="row cols" role="none" data-testid="torrent-row" data-infohash=${t.infoHashHex} data-state=${shown}
        data-selected=${this.selected ? 'true' : 'false'} @click=${this.onRowClick} @contextmenu=${this.onContextMenu}
        @pointerdown=${this.onPointerDown} @pointerup=${this.cancelPress} @pointercancel=${this.cancelPress} @pointermove=${this.onPointerMove}>
        ${this.columns.map((c) => this.cell(c, t, name))}
        <div role="cell" data-col="actions" class="actions">${this.renderActions(t, name)}</div>
      </div>
    `;
  }

  private cell(col: ColumnId, t: TorrentSnapshot, name: string) {
    switch (col) {
      case 'name':
        return html`<div role="cell" data-col="name" class="name-cell">
          <input type="checkbox" class="pick" data-testid="row-select" .checked=${this.selected}
            aria-label=${msg(str`Select ${name}`)} @click=${this.onCheckbox} />
          <div class="name-box">
            <button class="name-btn" type="button" data-testid="open-detail" aria-label=${msg(str`Details of ${name}`)}
              @click=${this.onNameClick}><span class="name" data-testid="torrent-name">${untrusted(t.displayName || t.name || t.infoHashHex)}</span></button>
            ${t.labels.length > 0
              ? html`<span class="labels">${t.labels.map((l) => html`<span class="chip" data-testid="row-label" title=${displayText(l)}>${untrusted(l, 'chip-text')}</span>`)}</span>`
              : nothing}
            ${t.error ? html`<span class="err" data-testid="torrent-error">${torrentErrorSummary(t.error)}</span>` : nothing}
          </div>
        </div>`;
      case 'size':
        return html`<div role="cell" data-col="size" class="num"><span class="k">${msg('Size')}</span>
          <span data-testid="torrent-size">${t.hasMetadata ? formatBytes(t.length) : UNKNOWN}</span></div>`;
      case 'progress':
        return html`<div role="cell" data-col="progress" class="progress">
          ${progressBar({ progress: t.progress, label: msg(str`Progress of ${name}`), testid: 'progress', verified: t.verified })}
          <span class="pct muted" data-testid="percent">${formatPercent(t.progress)}</span>
        </div>`;
      case 'state': {
        const shown = displayState(t);
        return html`<div role="cell" data-col="state">
          <span class="state state-${shown}" data-testid="state" title=${this.reason ?? nothing}>${displayStateLabel(shown, t.checkProgress)}</span>
          ${this.reason ? html`<span class="reason muted" data-testid="row-reason" title=${this.reason}>${this.reason}</span>` : nothing}
          ${shown === 'select'
            ? html`<button class="btn small choose" type="button" data-testid="choose-files"
                @click=${() => emit(this, 'rv-choose-files', { infoHashHex: t.infoHashHex })}>${msg('Choose…')}</button>`
            : nothing}
        </div>`;
      }
      case 'down':
        return html`<div role="cell" data-col="down" class="num" data-testid="rate-down"><span class="k">${icons.down}<span
          class="visually-hidden">${msg('Download speed')}</span></span>${formatRate(t.downloadRate)}</div>`;
      case 'up':
        return html`<div role="cell" data-col="up" class="num" data-testid="rate-up"><span class="k">${icons.up}<span
          class="visually-hidden">${msg('Upload speed')}</span></span>${formatRate(t.uploadRate)}</div>`;
      case 'eta': {
        const active = t.state === 'downloading' || t.state === 'metadata';
        return html`<div role="cell" data-col="eta" class="num" data-testid="eta"><span class="k">${msg('ETA')}</span>
          ${active && t.eta !== null ? formatEta(t.eta) : UNKNOWN}</div>`;
      }
      case 'seeds':
        return html`<div role="cell" data-col="seeds" class="num" data-testid="seeds" data-count=${t.seeds}
          title=${msg('Connected seeds (seeds the trackers know of)')}><span class="k">${msg('Seeds')}</span>
          ${withSwarm(t.seeds, this.swarm.seeders)}</div>`;
      case 'peers':
        return html`<div role="cell" data-col="peers" class="num" data-testid="peers" data-count=${t.peers}
          title=${msg('Connected peers (leechers the trackers know of)')}><span class="k">${msg('Peers')}</span>
          ${withSwarm(t.peers, this.swarm.leechers)}</div>`;
      case 'ratio':
        return html`<div role="cell" data-col="ratio" class="num" data-testid="ratio"><span class="k">${msg('Ratio')}</span>${formatRatio(ratioOf(t))}</div>`;
      case 'added':
        return html`<div role="cell" data-col="added" class="num" data-testid="added">${formatDateTime(t.addedAt)}</div>`;
    }
  }

  private renderActions(t: TorrentSnapshot, name: string) {
    const paused = t.state === 'paused' || t.state === 'error' || t.state === 'finished';
    return html`
      <button class="btn icon ghost" type="button" data-testid="pause-resume" aria-disabled=${this.busy ? 'true' : 'false'}
        aria-label=${paused ? msg(str`Resume ${name}`) : msg(str`Pause ${name}`)} title=${paused ? msg('Resume') : msg('Pause')}
        @click=${() => this.togglePause(paused)}>${paused ? icons.play : icons.pause}</button>
      <button class="btn icon ghost" type="button" data-testid="files-toggle" ?disabled=${!t.hasMetadata}
        aria-label=${msg(str`Files of ${name}`)} title=${msg('Files')}
        @click=${() => emit(this, 'rv-select-torrent', { infoHashHex: t.infoHashHex, tab: 'files' })}>${icons.folder}</button>
      <button class="btn icon ghost danger" type="button" data-testid="remove" aria-label=${msg(str`Remove ${name}`)}
        title=${msg('Remove')} @click=${this.onRemove}>${icons.trash}</button>
      <button class="btn icon ghost more" type="button" data-testid="row-more" aria-haspopup="menu"
        aria-label=${msg(str`More actions for ${name}`)} title=${msg('More actions')} @click=${this.onMore}>⋯</button>
    `;
  }

  private point(e: MouseEvent | PointerEvent, toggle: boolean, range: boolean): RowPointDetail {
    return { infoHashHex: this.torrent.infoHashHex, toggle, range, x: e.clientX, y: e.clientY };
  }

  private fire(name: 'rv-row-click' | 'rv-row-menu' | 'rv-row-remove', detail: RowPointDetail): void {
    this.dispatchEvent(new CustomEvent(name, { detail, bubbles: true, composed: true }));
  }

  /** A click anywhere on the row that is not on a control: the same as a click on its name. */
  private onRowClick(e: MouseEvent): void {
    const onControl = e.composedPath().some((n) => n instanceof HTMLElement && (n.tagName === 'BUTTON' || n.tagName === 'A' || n.tagName === 'INPUT'));
    if (!onControl) this.fire('rv-row-click', this.point(e, e.ctrlKey || e.metaKey, e.shiftKey));
  }

  private onNameClick(e: MouseEvent): void {
    e.stopPropagation();
    this.fire('rv-row-click', this.point(e, e.ctrlKey || e.metaKey, e.shiftKey));
  }

  /** The checkbox toggles this row in the selection (touch users' Ctrl-click); Shift still extends a range. */
  private onCheckbox(e: MouseEvent): void {
    e.stopPropagation();
    this.fire('rv-row-click', this.point(e, true, e.shiftKey));
  }

  private onContextMenu(e: MouseEvent): void {
    e.preventDefault();
    this.fire('rv-row-menu', this.point(e, false, false));
  }

  private onMore(e: MouseEvent): void {
    const r = (e.currentTarget as HTMLElement).getBoundingClientRect();
    this.fire('rv-row-menu', { infoHashHex: this.torrent.infoHashHex, toggle: false, range: false, x: r.right, y: r.bottom });
  }

  private onRemove(e: MouseEvent): void {
    this.fire('rv-row-remove', this.point(e, false, false));
  }

  private startX = 0;
  private startY = 0;

  private onPointerDown(e: PointerEvent): void {
    if (e.pointerType !== 'touch') return;
    this.startX = e.clientX;
    this.startY = e.clientY;
    clearTimeout(this.pressTimer);
    this.pressTimer = setTimeout(() => this.fire('rv-row-menu', this.point(e, false, false)), LONG_PRESS_MS);
  }

  /** A finger that moves is scrolling, not pressing. */
  private onPointerMove(e: PointerEvent): void {
    if (this.pressTimer !== undefined && Math.hypot(e.clientX - this.startX, e.clientY - this.startY) > 10) this.cancelPress();
  }

  private cancelPress(): void {
    clearTimeout(this.pressTimer);
    this.pressTimer = undefined;
  }

  private async togglePause(paused: boolean): Promise<void> {
    // Not `disabled`: that would drop keyboard focus while the engine answers.
    if (!this.client || this.busy) return;
    this.busy = true;
    try {
      await (paused ? resumeTorrent : pauseTorrent)(this.client, this.torrent.infoHashHex);
    } catch (e) {
      notifyError(this, errorText(e));
    } finally {
      this.busy = false;
    }
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'rv-torrent-row': RvTorrentRow;
  }
}

// <rv-torrent-row>: one torrent as a table row (a card on narrow lists): name and labels, size, progress, state,
// speeds, ETA, seeds and peers (connected, and in brackets what the trackers report), ratio, added date, actions.

import { LitElement, html, nothing } from 'lit';
import { customElement, property, query, state } from 'lit/decorators.js';
import { msg, str } from '@lit/localize';
import type { EngineClient } from '../api/client.ts';
import type { TorrentSnapshot } from '../api/protocol.ts';
import { pauseTorrent, resumeTorrent } from './actions.ts';
import { emit, notifyError } from './events.ts';
import { UNKNOWN, formatBytes, formatDateTime, formatEta, formatPercent, formatRate, formatRatio } from './format.ts';
import { displayStateLabel, errorText } from './labels.ts';
import { torrentErrorSummary } from './torrent-error.ts';
import { progressBar } from './progress-bar.ts';
import { removeChoice, removeDialog } from './remove-dialog.ts';
import { displayState, ratioOf, type SwarmCounts } from './torrent-table.ts';
import { icons } from './icons.ts';
import { base, dialogStyles, iconButtonStyles } from './styles.ts';
import { columnStyles } from './table-columns.styles.ts';
import { rowStyles } from './rv-torrent-row.styles.ts';

const NO_SWARM: SwarmCounts = { seeders: null, leechers: null };

/** "2", or "2 (15)" when the trackers report a swarm count. */
function withSwarm(connected: number, reported: number | null): string {
  return reported === null ? String(connected) : `${connected} (${reported})`;
}

@customElement('rv-torrent-row')
export class RvTorrentRow extends LitElement {
  static override styles = [base, iconButtonStyles, dialogStyles, columnStyles, rowStyles];

  @property({ attribute: false }) torrent!: TorrentSnapshot;
  @property({ attribute: false }) client?: EngineClient;
  @property({ attribute: false }) swarm: SwarmCounts = NO_SWARM;
  @state() private busy = false;
  @query('dialog') private dialog!: HTMLDialogElement;

  override connectedCallback(): void {
    super.connectedCallback();
    // A row of the list's role=table; its cells live in this shadow root (the accessibility tree is the flat tree).
    this.setAttribute('role', 'row');
  }

  override render() {
    const t = this.torrent;
    const shown = displayState(t);
    const paused = t.state === 'paused' || t.state === 'error' || t.state === 'finished';
    const active = t.state === 'downloading' || t.state === 'metadata';
    const name = t.displayName || t.name || t.infoHashHex;
    const ratio = ratioOf(t);
    return html`
      <div class="row cols" role="none" data-testid="torrent-row" data-infohash=${t.infoHashHex} data-state=${shown} @click=${this.onRowClick}>
        <div role="cell" data-col="name">
          <button class="name-btn" type="button" data-testid="open-detail" title=${name}
            aria-label=${msg(str`Details of ${name}`)} @click=${() => this.select()}>
            <span class="name" data-testid="torrent-name">${name}</span>
          </button>
          ${t.labels.length > 0
            ? html`<span class="labels">${t.labels.map((l) => html`<span class="chip" data-testid="row-label">${l}</span>`)}</span>`
            : nothing}
          ${t.error ? html`<span class="err" data-testid="torrent-error">${torrentErrorSummary(t.error)}</span>` : nothing}
        </div>
        <div role="cell" data-col="size" class="num"><span class="k">${msg('Size')}</span>
          <span data-testid="torrent-size">${t.hasMetadata ? formatBytes(t.length) : UNKNOWN}</span></div>
        <div role="cell" data-col="progress" class="progress">
          ${progressBar({ progress: t.progress, label: msg(str`Progress of ${name}`), testid: 'progress', verified: t.verified })}
          <span class="pct muted" data-testid="percent">${formatPercent(t.progress)}</span>
        </div>
        <div role="cell" data-col="state">
          <span class="state state-${shown}" data-testid="state">${displayStateLabel(shown, t.checkProgress)}</span>
          ${shown === 'select'
            ? html`<button class="btn small choose" type="button" data-testid="choose-files"
                @click=${() => emit(this, 'rv-choose-files', { infoHashHex: t.infoHashHex })}>${msg('Choose…')}</button>`
            : nothing}
        </div>
        <div role="cell" data-col="down" class="num" data-testid="rate-down"><span class="k">${icons.down}<span
          class="visually-hidden">${msg('Download speed')}</span></span>${formatRate(t.downloadRate)}</div>
        <div role="cell" data-col="up" class="num" data-testid="rate-up"><span class="k">${icons.up}<span
          class="visually-hidden">${msg('Upload speed')}</span></span>${formatRate(t.uploadRate)}</div>
        <div role="cell" data-col="eta" class="num" data-testid="eta"><span class="k">${msg('ETA')}</span>
          ${active && t.eta !== null ? formatEta(t.eta) : UNKNOWN}</div>
        <div role="cell" data-col="seeds" class="num" data-testid="seeds" data-count=${t.seeds}
          title=${msg('Connected seeds (seeds the trackers know of)')}><span class="k">${msg('Seeds')}</span>
          ${withSwarm(t.seeds, this.swarm.seeders)}</div>
        <div role="cell" data-col="peers" class="num" data-testid="peers" data-count=${t.peers}
          title=${msg('Connected peers (leechers the trackers know of)')}><span class="k">${msg('Peers')}</span>
          ${withSwarm(t.peers, this.swarm.leechers)}</div>
        <div role="cell" data-col="ratio" class="num" data-testid="ratio"><span class="k">${msg('Ratio')}</span>${formatRatio(ratio)}</div>
        <div role="cell" data-col="added" class="num" data-testid="added">${formatDateTime(t.addedAt)}</div>
        <div role="cell" data-col="actions" class="actions">
          <button class="btn icon ghost" type="button" data-testid="pause-resume" aria-disabled=${this.busy ? 'true' : 'false'}
            aria-label=${paused ? msg(str`Resume ${name}`) : msg(str`Pause ${name}`)} title=${paused ? msg('Resume') : msg('Pause')}
            @click=${() => this.togglePause(paused)}>${paused ? icons.play : icons.pause}</button>
          <button class="btn icon ghost" type="button" data-testid="files-toggle" ?disabled=${!t.hasMetadata}
            aria-label=${msg(str`Files of ${name}`)} title=${msg('Files')}
            @click=${() => this.select('files')}>${icons.folder}</button>
          <button class="btn icon ghost danger" type="button" data-testid="remove" aria-label=${msg(str`Remove ${name}`)}
            title=${msg('Remove')} @click=${this.askRemove}>${icons.trash}</button>
          ${this.renderDialog(name)}
        </div>
      </div>
    `;
  }

  private renderDialog(name: string) {
    return removeDialog(name, () => this.onDialogClose());
  }

  /** A click anywhere on the row that is not on a control selects it (touch and mouse); keyboard uses the name. */
  private onRowClick(e: MouseEvent): void {
    const onControl = e.composedPath().some((n) => n instanceof HTMLElement && (n.tagName === 'BUTTON' || n.tagName === 'A' || n.tagName === 'DIALOG'));
    if (!onControl) this.select();
  }

  private select(tab?: 'files'): void {
    emit(this, 'rv-select-torrent', { infoHashHex: this.torrent.infoHashHex, ...(tab ? { tab } : {}) });
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

  /** Opens the remove dialog (also used by the detail panel's Remove button). */
  readonly askRemove = (): void => {
    this.dialog.returnValue = '';
    this.dialog.showModal();
  };

  private onDialogClose(): void {
    const choice = removeChoice(this.dialog);
    if (!choice) return;
    const t = this.torrent;
    emit(this, 'rv-remove-torrent', { infoHashHex: t.infoHashHex, name: t.name || t.infoHashHex, deleteData: choice === 'delete' });
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'rv-torrent-row': RvTorrentRow;
  }
}

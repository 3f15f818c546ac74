// <rv-torrent-row>: one torrent: name, size, progress, state, rates, peers, ETA, and its actions.

import { LitElement, css, html, nothing } from 'lit';
import { customElement, property, query, state } from 'lit/decorators.js';
import { msg, str } from '@lit/localize';
import type { EngineClient } from '../api/client.ts';
import type { TorrentSnapshot } from '../api/protocol.ts';
import { pauseTorrent, resumeTorrent } from './actions.ts';
import { copyText } from './clipboard.ts';
import { emit, notifyError, notifyInfo } from './events.ts';
import { UNKNOWN, formatBytes, formatEta, formatPercent, formatRate } from './format.ts';
import { errorText, peersLabel, stateLabel } from './labels.ts';
import { progressBar } from './progress-bar.ts';
import { icons } from './icons.ts';
import { base } from './styles.ts';
import { rowStyles } from './rv-torrent-row.styles.ts';
import './rv-file-list.ts';

@customElement('rv-torrent-row')
export class RvTorrentRow extends LitElement {
  static override styles = [base, rowStyles];

  @property({ attribute: false }) torrent!: TorrentSnapshot;
  @property({ attribute: false }) client?: EngineClient;
  @state() private filesOpen = false;
  @state() private busy = false;
  @query('dialog') private dialog!: HTMLDialogElement;

  override render() {
    const t = this.torrent;
    const paused = t.state === 'paused' || t.state === 'error';
    const active = t.state === 'downloading' || t.state === 'metadata';
    const name = t.name || t.infoHashHex;
    return html`
      <article class="row" data-testid="torrent-row" data-infohash=${t.infoHashHex} data-state=${t.state}
        aria-label=${name}>
        <div class="main">
          <h3 class="name" data-testid="torrent-name" title=${name}>${name}</h3>
          <p class="sub muted">
            <span class="state state-${t.state}" data-testid="state">${stateLabel(t.state)}</span>
            <span aria-hidden="true">·</span>
            <span data-testid="torrent-size">${t.hasMetadata ? formatBytes(t.length) : UNKNOWN}</span>
          </p>
          ${t.error ? html`<p class="err" data-testid="torrent-error">${t.error.message}</p>` : nothing}
        </div>
        <div class="actions">
          <button class="btn small" type="button" data-testid="pause-resume" aria-disabled=${this.busy ? 'true' : 'false'}
            @click=${() => this.togglePause(paused)}>
            ${paused ? icons.play : icons.pause}${paused ? msg('Resume') : msg('Pause')}
          </button>
          ${t.hasMetadata
            ? html`<button class="btn small" type="button" data-testid="files-toggle"
                aria-expanded=${this.filesOpen ? 'true' : 'false'} aria-controls="files"
                @click=${() => (this.filesOpen = !this.filesOpen)}>
                <span class="chev ${this.filesOpen ? 'open' : ''}">${icons.chevron}</span>${msg('Files')}
              </button>`
            : nothing}
          <button class="btn small" type="button" data-testid="copy-row-magnet" @click=${this.copyMagnet}>
            ${icons.copy}${msg('Copy magnet')}
          </button>
          <button class="btn small danger" type="button" data-testid="remove" @click=${this.askRemove}>
            ${icons.trash}${msg('Remove')}
          </button>
        </div>
        <div class="progress">
          ${progressBar({ progress: t.progress, label: msg('Progress'), testid: 'progress', verified: t.verified })}
          <span class="pct" data-testid="percent">${formatPercent(t.progress)}</span>
        </div>
        <div class="stats muted">
          <span data-testid="rate-down" title=${msg('Download speed')}>${icons.down}<span class="visually-hidden"
            >${msg('Download speed')}</span>${formatRate(t.downloadRate)}</span>
          <span data-testid="rate-up" title=${msg('Upload speed')}>${icons.up}<span class="visually-hidden"
            >${msg('Upload speed')}</span>${formatRate(t.uploadRate)}</span>
          <span data-testid="peers" data-count=${t.peers}>${peersLabel(t.peers)}</span>
          ${active && t.eta !== null
            ? html`<span data-testid="eta">${msg(str`${formatEta(t.eta)} left`)}</span>`
            : nothing}
        </div>
        ${this.filesOpen
          ? html`<rv-file-list id="files" class="files" .client=${this.client} .infoHashHex=${t.infoHashHex}
              .verified=${t.verified}></rv-file-list>`
          : nothing}
      </article>
      ${this.renderDialog(t)}
    `;
  }

  private renderDialog(t: TorrentSnapshot) {
    return html`
      <dialog data-testid="remove-dialog" aria-labelledby="dlg-title" aria-describedby="dlg-body"
        @close=${this.onDialogClose}>
        <form method="dialog">
          <h2 id="dlg-title">${msg('Remove this torrent?')}</h2>
          <p id="dlg-body" class="dlg-name">${t.name || t.infoHashHex}</p>
          <p class="muted">
            ${msg('Keep the data to save files later, or delete it to free the space it uses in this browser.')}
          </p>
          <div class="dlg-actions">
            <button class="btn" value="cancel" autofocus data-testid="remove-cancel">${msg('Cancel')}</button>
            <button class="btn" value="keep" data-testid="remove-keep">${msg('Remove, keep data')}</button>
            <button class="btn danger solid" value="delete" data-testid="remove-delete">
              ${msg('Remove and delete data')}
            </button>
          </div>
        </form>
      </dialog>
    `;
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

  private readonly copyMagnet = async (): Promise<void> => {
    if (await copyText(this.torrent.magnet)) notifyInfo(this, msg('Magnet link copied.'));
    else notifyError(this, msg('Could not copy to the clipboard.'));
  };

  private readonly askRemove = (): void => {
    this.dialog.returnValue = '';
    this.dialog.showModal();
  };

  private onDialogClose(): void {
    const choice = this.dialog.returnValue;
    if (choice !== 'keep' && choice !== 'delete') return;
    const t = this.torrent;
    emit(this, 'rv-remove-torrent', { infoHashHex: t.infoHashHex, name: t.name || t.infoHashHex, deleteData: choice === 'delete' });
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'rv-torrent-row': RvTorrentRow;
  }
}

// <rv-detail-panel>: the selected torrent: its actions (pause, copy magnet, share, QR code, export .torrent,
// remove), labels, facts, and tabs for files, peers, trackers, the piece map and the speed graph.

import { LitElement, html, nothing, type PropertyValues } from 'lit';
import { customElement, property, query, state } from 'lit/decorators.js';
import { msg, str } from '@lit/localize';
import type { EngineClient } from '../api/client.ts';
import type { TorrentSnapshot } from '../api/protocol.ts';
import { pauseTorrent, resumeTorrent } from './actions.ts';
import { copyText } from './clipboard.ts';
import { DetailController } from './controllers/detail-controller.ts';
import { emit, notifyError, notifyInfo, type DetailTab } from './events.ts';
import { downloadTorrentFile, shareTorrent } from './export-torrent.ts';
import { UNKNOWN, formatBytes, formatDateTime, formatRatio } from './format.ts';
import { displayStateLabel, errorText } from './labels.ts';
import { torrentErrorText } from './torrent-error.ts';
import { removeChoice, removeDialog } from './remove-dialog.ts';
import type { AppServices } from './services.ts';
import type { SpeedHistory } from './speed-history.ts';
import { displayState, ratioOf } from './torrent-table.ts';
import { icons } from './icons.ts';
import { base, dialogStyles, iconButtonStyles } from './styles.ts';
import { panelStyles } from './rv-detail-panel.styles.ts';
import './rv-data-actions.ts';
import { displayText, untrusted } from './untrusted-text.ts';
import './rv-file-list.ts';
import './rv-labels-editor.ts';
import './rv-peers-table.ts';
import './rv-piece-map.ts';
import './rv-qr-code.ts';
import './rv-speed-graph.ts';
import './rv-trackers-tab.ts';
import './rv-torrent-options.ts';
import './rv-torrent-limits.ts';
import './rv-torrent-info.ts';
import './rv-rename.ts';

export const DETAIL_TABS: readonly DetailTab[] = ['files', 'peers', 'trackers', 'pieces', 'speed', 'options'];

function tabName(tab: DetailTab): string {
  switch (tab) {
    case 'files':
      return msg('Files');
    case 'peers':
      return msg('Peers');
    case 'trackers':
      return msg('Trackers');
    case 'pieces':
      return msg('Pieces');
    case 'speed':
      return msg('Speed');
    case 'options':
      return msg('Options');
  }
}

@customElement('rv-detail-panel')
export class RvDetailPanel extends LitElement {
  static override styles = [base, iconButtonStyles, dialogStyles, panelStyles];

  @property({ attribute: false }) client?: EngineClient;
  @property({ attribute: false }) services?: AppServices;
  @property({ attribute: false }) torrent!: TorrentSnapshot;
  @property({ attribute: false }) tab: DetailTab = 'files';
  @property({ attribute: false }) history?: SpeedHistory;
  /** Bumped by the app on every speed sample. */
  @property({ attribute: false }) historyVersion = 0;
  /** Labels in use across all torrents (suggestions). */
  @property({ attribute: false }) knownLabels: readonly string[] = [];
  @state() private qrOpen = false;
  @state() private busy = false;
  @query('dialog') private dialog!: HTMLDialogElement;
  @query('h2') private heading!: HTMLHeadingElement;
  private readonly details = new DetailController(this, () => ({ client: this.client, infoHashHex: this.torrent?.infoHashHex ?? null }));

  override updated(changed: PropertyValues<this>): void {
    // A newly shown torrent: move focus to its heading so keyboard and screen reader users land in the panel.
    const before = changed.get('torrent') as TorrentSnapshot | undefined;
    if (changed.has('torrent') && before?.infoHashHex !== this.torrent.infoHashHex) {
      this.heading?.focus();
      this.qrOpen = false;
    }
  }

  override render() {
    const t = this.torrent;
    const name = t.displayName || t.name || t.infoHashHex;
    const paused = t.state === 'paused' || t.state === 'error' || t.state === 'finished';
    return html`<section class="panel" aria-labelledby="detail-title" data-testid="detail-panel" data-infohash=${t.infoHashHex}
      @keydown=${this.onKeydown}>
      <header class="head">
        <button class="btn icon ghost" type="button" data-testid="detail-close" aria-label=${msg('Close details')}
          title=${msg('Close details')} @click=${this.close}>${icons.close}</button>
        <h2 id="detail-title" tabindex="-1" data-testid="detail-name">${untrusted(name)}</h2>
      </header>
      <div class="actions">
        <button class="btn small" type="button" data-testid="detail-pause-resume" aria-disabled=${this.busy ? 'true' : 'false'}
          @click=${() => this.togglePause(paused)}>${paused ? icons.play : icons.pause}${paused ? msg('Resume') : msg('Pause')}</button>
        <button class="btn small" type="button" data-testid="detail-copy-magnet" @click=${this.copyMagnet}>${icons.copy}${msg('Copy magnet')}</button>
        <button class="btn small" type="button" data-testid="detail-share" @click=${this.share}>${icons.link}${msg('Share')}</button>
        <button class="btn small" type="button" data-testid="detail-qr" aria-expanded=${this.qrOpen ? 'true' : 'false'}
          aria-controls="qr" @click=${() => (this.qrOpen = !this.qrOpen)}>${icons.qr}${msg('QR code')}</button>
        <button class="btn small" type="button" data-testid="detail-export" ?disabled=${!t.hasMetadata}
          title=${t.hasMetadata ? msg('Save the .torrent file') : msg('Available once the metadata is known')}
          @click=${this.exportTorrent}>${icons.save}${msg('Export .torrent')}</button>
        <rv-data-actions .client=${this.client} .torrent=${t}></rv-data-actions>
        <rv-rename .client=${this.client} .infoHashHex=${t.infoHashHex} .name=${name}></rv-rename>
        <button class="btn small danger" type="button" data-testid="detail-remove" @click=${this.askRemove}>${icons.trash}${msg('Remove')}</button>
      </div>
      <div id="qr" class="qr" ?hidden=${!this.qrOpen}>
        ${this.qrOpen ? html`<rv-qr-code .text=${t.magnet} .label=${msg(str`QR code of the magnet link of ${displayText(name)}`)}></rv-qr-code>
          <p class="muted">${msg('Scan to open the magnet link on another device.')}</p>` : nothing}
      </div>
      <rv-labels-editor class="labels" .client=${this.client} .infoHashHex=${t.infoHashHex} .labels=${t.labels} .known=${this.knownLabels}></rv-labels-editor>
      ${this.renderFacts(t)}
      <rv-torrent-info .torrent=${t} .services=${this.services}></rv-torrent-info>
      ${this.renderTabs()}
      ${removeDialog(name, () => this.onRemoveClose(), 'detail-rm')}
    </section>`;
  }

  private renderFacts(t: TorrentSnapshot) {
    return html`<dl class="facts" data-testid="detail-facts">
      <div><dt>${msg('State')}</dt><dd data-testid="detail-state">${displayStateLabel(displayState(t), t.checkProgress)}</dd></div>
      <div><dt>${msg('Size')}</dt><dd>${t.hasMetadata ? formatBytes(t.length) : UNKNOWN}</dd></div>
      <div><dt>${msg('Pieces')}</dt><dd>${t.pieceCount > 0 ? `${t.pieceCount} × ${formatBytes(t.pieceLength)}` : UNKNOWN}</dd></div>
      <div><dt>${msg('Ratio')}</dt><dd>${formatRatio(ratioOf(t))}</dd></div>
      <div><dt>${msg('Downloaded')}</dt><dd>${formatBytes(t.downloaded)}</dd></div>
      <div><dt>${msg('Uploaded')}</dt><dd>${formatBytes(t.uploaded)}</dd></div>
      <div><dt>${msg('Added')}</dt><dd>${formatDateTime(t.addedAt)}</dd></div>
      ${t.completedAt ? html`<div><dt>${msg('Completed')}</dt><dd>${formatDateTime(t.completedAt)}</dd></div>` : nothing}
      <div class="wide"><dt>${msg('Info hash')}</dt><dd class="mono" data-testid="detail-hash">${t.infoHashHex}</dd></div>
      ${t.comment ? html`<div class="wide"><dt>${msg('Comment')}</dt><dd data-testid="detail-comment">${untrusted(t.comment)}</dd></div>` : nothing}
      ${t.private ? html`<div><dt>${msg('Private')}</dt><dd>${msg('Yes')}</dd></div>` : nothing}
      ${t.error ? html`<div class="wide"><dt>${msg('Error')}</dt><dd class="err" data-testid="detail-error">${torrentErrorText(t.error)}</dd></div>` : nothing}
    </dl>`;
  }

  private renderTabs() {
    return html`<div class="tabs" role="tablist" aria-label=${msg('Torrent details')} @keydown=${this.onTabKey}>
        ${DETAIL_TABS.map((tab) => html`<button role="tab" type="button" id=${`tab-${tab}`} data-testid=${`tab-${tab}`}
          aria-selected=${tab === this.tab ? 'true' : 'false'} aria-controls=${`tabpanel-${tab}`} tabindex=${tab === this.tab ? 0 : -1}
          @click=${() => (this.tab = tab)}>${tabName(tab)}</button>`)}
      </div>
      <div class="tabpanel" role="tabpanel" id=${`tabpanel-${this.tab}`} aria-labelledby=${`tab-${this.tab}`} data-testid="tabpanel">
        ${this.renderTab()}
      </div>`;
  }

  private renderTab() {
    const t = this.torrent;
    const detail = this.details.detail;
    switch (this.tab) {
      case 'files':
        return t.hasMetadata
          ? html`<rv-file-list .client=${this.client} .infoHashHex=${t.infoHashHex} .verified=${t.verified}></rv-file-list>`
          : html`<p class="note muted">${msg('The file list appears once the metadata arrives from a peer.')}</p>`;
      case 'peers':
        return html`<rv-peers-table .peers=${detail?.peers ?? null}></rv-peers-table>`;
      case 'trackers':
        return html`<rv-trackers-tab .client=${this.client} .services=${this.services} .torrent=${t}></rv-trackers-tab>`;
      case 'pieces':
        return t.pieceCount > 0
          ? html`<rv-piece-map .pieces=${detail?.pieces ?? new Uint8Array(0)} .pieceCount=${t.pieceCount}></rv-piece-map>`
          : html`<p class="note muted">${msg('The piece map appears once the metadata arrives from a peer.')}</p>`;
      case 'speed':
        return html`<rv-speed-graph .ring=${this.history?.of(t.infoHashHex)} .version=${this.historyVersion}></rv-speed-graph>
          <rv-torrent-limits .client=${this.client} .infoHashes=${[t.infoHashHex]}></rv-torrent-limits>`;
      case 'options':
        return html`<rv-torrent-options .client=${this.client} .torrent=${t}></rv-torrent-options>`;
    }
  }

  /** Arrow keys, Home and End move between tabs (WAI-ARIA tabs pattern, automatic activation). */
  private onTabKey(e: KeyboardEvent): void {
    const i = DETAIL_TABS.indexOf(this.tab);
    const next =
      e.key === 'ArrowRight' ? (i + 1) % DETAIL_TABS.length
      : e.key === 'ArrowLeft' ? (i - 1 + DETAIL_TABS.length) % DETAIL_TABS.length
      : e.key === 'Home' ? 0
      : e.key === 'End' ? DETAIL_TABS.length - 1
      : -1;
    if (next < 0) return;
    e.preventDefault();
    this.tab = DETAIL_TABS[next]!;
    void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLButtonElement>(`#tab-${this.tab}`)?.focus());
  }

  private onKeydown(e: KeyboardEvent): void {
    if (e.key === 'Escape' && !this.dialog.open) this.close();
  }

  private readonly close = (): void => emit(this, 'rv-select-torrent', { infoHashHex: null });

  private async togglePause(paused: boolean): Promise<void> {
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

  private readonly share = async (): Promise<void> => {
    const t = this.torrent;
    const url = this.services?.shareUrl(t.magnet) ?? t.magnet;
    const outcome = await shareTorrent(t.name || t.infoHashHex, url);
    if (outcome === 'copied') notifyInfo(this, msg('Share link copied.'));
    else if (outcome === 'failed') notifyError(this, msg('Could not share or copy the link.'));
  };

  private readonly exportTorrent = async (): Promise<void> => {
    if (!this.client) return;
    const t = this.torrent;
    try {
      const file = await downloadTorrentFile(this.client, t.infoHashHex, t.name || t.infoHashHex);
      notifyInfo(this, msg(str`Saved ${file}.`));
    } catch (e) {
      notifyError(this, errorText(e));
    }
  };

  private readonly askRemove = (): void => {
    this.dialog.returnValue = '';
    this.dialog.showModal();
  };

  private onRemoveClose(): void {
    const choice = removeChoice(this.dialog);
    if (!choice) return;
    const t = this.torrent;
    emit(this, 'rv-remove-torrent', { infoHashHex: t.infoHashHex, name: t.name || t.infoHashHex, deleteData: choice === 'delete' });
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'rv-detail-panel': RvDetailPanel;
  }
}

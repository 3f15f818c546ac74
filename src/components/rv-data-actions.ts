// <rv-data-actions>: a torrent's data actions: "I have the files…" (check the user's own copy into it), "Force
// recheck", and getting the files out ("Save all…": into a folder, or one .zip where folders cannot be written).

import { LitElement, css, html, nothing } from 'lit';
import { customElement, property, query, state } from 'lit/decorators.js';
import { msg, str } from '@lit/localize';
import type { EngineClient } from '../api/client.ts';
import type { SeedInput, TorrentSnapshot } from '../api/protocol.ts';
import { checkExistingFiles, recheckTorrent } from './actions.ts';
import { notifyError, notifyInfo } from './events.ts';
import { icons } from './icons.ts';
import { errorText } from './labels.ts';
import './rv-existing-files.ts';
import { base, dialogStyles } from './styles.ts';
import { untrusted } from './untrusted-text.ts';

@customElement('rv-data-actions')
export class RvDataActions extends LitElement {
  static override styles = [
    base,
    dialogStyles,
    css`
      :host {
        display: contents;
      }
    `,
  ];

  @property({ attribute: false }) client?: EngineClient;
  @property({ attribute: false }) torrent!: TorrentSnapshot;
  @state() private existing: readonly SeedInput[] = [];
  @query('dialog') private dialog!: HTMLDialogElement;

  override render() {
    const t = this.torrent;
    const checking = t.state === 'checking';
    const canCheck = t.hasMetadata && !checking;
    return html`<button class="btn small" type="button" data-testid="detail-have-files" ?disabled=${!canCheck}
        @click=${this.openHaveFiles}>${icons.folder}${msg('I have the files…')}</button>
      <button class="btn small" type="button" data-testid="detail-recheck" ?disabled=${!canCheck}
        title=${msg('Check every stored piece again; pieces that fail are downloaded again')}
        @click=${this.recheck}>${icons.check}${msg('Force recheck')}</button>
      <dialog data-testid="have-files-dialog" aria-labelledby="hf-title">
        <form method="dialog" @submit=${this.onSubmit}>
          <h2 id="hf-title">${msg('Check my files')}</h2>
          <p class="dlg-name">${untrusted(t.name || t.infoHashHex)}</p>
          <rv-existing-files .files=${this.existing}
            @rv-existing-change=${(e: CustomEvent<readonly SeedInput[]>) => (this.existing = e.detail)}></rv-existing-files>
          <div class="dlg-actions">
            <button class="btn" type="button" data-testid="have-files-cancel" @click=${() => this.dialog.close()}>${msg('Cancel')}</button>
            <button class="btn primary" type="submit" data-testid="have-files-check" ?disabled=${this.existing.length === 0}>${msg('Check')}</button>
          </div>
        </form>
      </dialog>
      ${nothing}`;
  }

  private readonly openHaveFiles = (): void => {
    this.existing = [];
    this.dialog.showModal();
  };

  private async onSubmit(e: SubmitEvent): Promise<void> {
    e.preventDefault();
    const existing = this.existing;
    if (!this.client || existing.length === 0) return;
    this.dialog.close();
    this.existing = [];
    try {
      await checkExistingFiles(this.client, this.torrent.magnet, existing);
    } catch (err) {
      notifyError(this, errorText(err));
    }
  }

  private readonly recheck = async (): Promise<void> => {
    if (!this.client) return;
    try {
      await recheckTorrent(this.client, this.torrent.infoHashHex);
      notifyInfo(this, msg(str`Checking ${this.torrent.name || this.torrent.infoHashHex}.`));
    } catch (err) {
      notifyError(this, errorText(err));
    }
  };
}

declare global {
  interface HTMLElementTagNameMap {
    'rv-data-actions': RvDataActions;
  }
}

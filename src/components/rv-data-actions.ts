// <rv-data-actions>: a torrent's data actions: "I have the files…" (check the user's own copy into it), "Force
// recheck", and getting the files out ("Save all…": into a folder, or one .zip where folders cannot be written).

import { LitElement, css, html, nothing } from 'lit';
import { customElement, property, query, state } from 'lit/decorators.js';
import { msg, str } from '@lit/localize';
import type { EngineClient } from '../api/client.ts';
import type { SeedInput, TorrentSnapshot } from '../api/protocol.ts';
import { checkExistingFiles, getDetail, recheckTorrent } from './actions.ts';
import { notifyError, notifyInfo } from './events.ts';
import { icons } from './icons.ts';
import { errorText } from './labels.ts';
import { progressBar } from './progress-bar.ts';
import { saveAll, type SaveAllProgress, type SaveAllResult } from './save-all.ts';
import type { RvExistingFiles } from './rv-existing-files.ts';
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
      .saving {
        display: inline-flex;
        align-items: center;
        gap: 0.4rem;
        min-width: 8rem;
        font-size: 0.8125rem;
      }
      .saving .bar {
        flex: 1 1 6rem;
      }
    `,
  ];

  @property({ attribute: false }) client?: EngineClient;
  @property({ attribute: false }) torrent!: TorrentSnapshot;
  @state() private existing: readonly SeedInput[] = [];
  @state() private saving: SaveAllProgress | null = null;
  @query('dialog') private dialog!: HTMLDialogElement;
  @query('rv-existing-files') private existingFiles?: RvExistingFiles;

  override render() {
    const t = this.torrent;
    const checking = t.state === 'checking';
    const canCheck = t.hasMetadata && !checking;
    return html`<button class="btn small" type="button" data-testid="detail-have-files" ?disabled=${!canCheck}
        @click=${this.openHaveFiles}>${icons.folder}${msg('I have the files…')}</button>
      <button class="btn small" type="button" data-testid="detail-recheck" ?disabled=${!canCheck}
        title=${msg('Check every stored piece again; pieces that fail are downloaded again')}
        @click=${this.recheck}>${icons.check}${msg('Force recheck')}</button>
      <button class="btn small" type="button" data-testid="detail-save-all" ?disabled=${!t.hasMetadata || t.verified === 0 || this.saving !== null}
        title=${msg('Save every complete file into a folder (or one .zip download)')}
        @click=${this.saveAll}>${icons.save}${msg('Save all…')}</button>
      ${this.saving
        ? html`<span class="saving">${progressBar({ progress: this.saving.total ? this.saving.done / this.saving.total : 0, label: msg('Saving files'), testid: 'save-all-progress' })}</span>`
        : nothing}
      <dialog data-testid="have-files-dialog" aria-labelledby="hf-title"
        @dragover=${(e: DragEvent) => this.existingFiles?.acceptDrag(e)} @drop=${(e: DragEvent) => this.existingFiles?.takeDrop(e)}>
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

  private readonly saveAll = async (): Promise<void> => {
    if (!this.client || this.saving) return;
    const t = this.torrent;
    this.saving = { done: 0, total: 0 };
    try {
      const { files } = await getDetail(this.client, t.infoHashHex);
      // The archive is named after the torrent's sanitised folder (or file) name, never its raw name.
      const result = await saveAll(this.client, t.infoHashHex, files, files[0]?.safePath[0] ?? t.infoHashHex, (p) => (this.saving = p));
      const text = savedText(result);
      if (result.kind === 'unsupported') notifyError(this, text);
      else if (text) notifyInfo(this, text);
    } catch (err) {
      notifyError(this, errorText(err));
    } finally {
      this.saving = null;
    }
  };

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

function savedText(r: SaveAllResult): string {
  switch (r.kind) {
    case 'cancelled':
      return '';
    case 'unsupported':
      return msg('This browser cannot save a whole torrent at once: save its files one by one from the Files tab.');
    case 'folder':
      return r.skipped > 0
        ? msg(str`Saved ${r.saved} files into the folder; ${r.skipped} not complete yet were left out.`)
        : msg(str`Saved ${r.saved} files into the folder.`);
    case 'zip':
      return r.skipped > 0
        ? msg(str`Downloading ${r.saved} files as one .zip; ${r.skipped} not complete yet were left out.`)
        : msg(str`Downloading ${r.saved} files as one .zip.`);
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'rv-data-actions': RvDataActions;
  }
}

// <rv-create-dialog>: "Create a torrent" from picked or dropped files or a folder, with options (piece size,
// trackers, web seeds, comment, private); hashes in the engine worker with a progress bar, then seeds it and
// offers the .torrent file. Raises `close` when dismissed.

import { LitElement, css, html, nothing, type PropertyValues } from 'lit';
import { customElement, property, query, state } from 'lit/decorators.js';
import { live } from 'lit/directives/live.js';
import { msg, str } from '@lit/localize';
import type { EngineClient } from '../api/client.ts';
import type { SeedInput } from '../api/protocol.ts';
import { seedFiles } from './actions.ts';
import { copyText } from './clipboard.ts';
import { createOptionsFrom, PIECE_SIZES, type CreateFormProblem } from './create-options.ts';
import { inputsFromFileList } from './drop-files.ts';
import { notifyError, notifyInfo } from './events.ts';
import { downloadTorrentFile } from './export-torrent.ts';
import { formatBytes, percentValue } from './format.ts';
import { describeInputs, editProblemText, errorText } from './labels.ts';
import { progressBar } from './progress-bar.ts';
import { icons } from './icons.ts';
import { base, dialogStyles, iconButtonStyles } from './styles.ts';

type Phase = { kind: 'form' } | { kind: 'hashing'; done: number; total: number } | { kind: 'done'; infoHashHex: string; magnet: string; name: string };

function problemText(p: CreateFormProblem): string {
  if (p.field === 'pieceLength') return msg('Choose a piece size from the list.');
  const where = p.field === 'trackers' ? msg('Trackers') : p.field === 'webSeeds' ? msg('Web seeds') : msg('Comment');
  return `${where}: ${editProblemText(p.problem)}`;
}

@customElement('rv-create-dialog')
export class RvCreateDialog extends LitElement {
  static override styles = [
    base,
    dialogStyles,
    iconButtonStyles,
    css`
      @media (min-width: 481px) {
        dialog {
          width: min(40rem, calc(100vw - 1.5rem));
        }
      }
      .pick {
        display: flex;
        flex-wrap: wrap;
        align-items: center;
        gap: 0.5rem;
        padding: 0.75rem;
        border: 2px dashed var(--rv-border);
        border-radius: 8px;
        font-size: 0.8125rem;
      }
      .chosen {
        flex-basis: 100%;
        margin: 0;
        font-weight: 600;
        overflow-wrap: anywhere;
      }
      .grid {
        display: grid;
        grid-template-columns: 1fr 1fr;
        gap: 0.75rem;
        margin-top: 0.75rem;
      }
      .field {
        display: grid;
        gap: 0.25rem;
        font-size: 0.8125rem;
        font-weight: 600;
      }
      .field.wide {
        grid-column: 1 / -1;
      }
      .field input.text,
      .field select,
      .field textarea {
        width: 100%;
        font-weight: 400;
      }
      textarea {
        min-height: 3.5rem;
        resize: vertical;
        font-family: var(--rv-mono);
        font-size: 0.8125rem;
      }
      .check {
        display: flex;
        align-items: center;
        gap: 0.5rem;
        font-size: 0.875rem;
      }
      .problem {
        margin: 0.75rem 0 0;
        color: var(--rv-danger);
        font-size: 0.875rem;
      }
      .out {
        display: grid;
        gap: 0.4rem;
        margin-top: 0.5rem;
      }
      .out input {
        width: 100%;
        font-family: var(--rv-mono);
        font-size: 0.8125rem;
      }
      @media (max-width: 520px) {
        .grid {
          grid-template-columns: 1fr;
        }
      }
    `,
  ];

  @property({ attribute: false }) client?: EngineClient;
  @property({ type: Boolean }) open = false;
  /** Prefilled into the trackers field (the app's settings). */
  @property({ attribute: false }) defaultTrackers: readonly string[] = [];
  @state() private inputs: readonly SeedInput[] = [];
  @state() private phase: Phase = { kind: 'form' };
  @state() private problem: string | null = null;
  @query('dialog') private dialog!: HTMLDialogElement;
  @query('form') private form?: HTMLFormElement;
  @query('#cr-files') private filesInput!: HTMLInputElement;
  @query('#cr-folder') private folderInput!: HTMLInputElement;
  private abort: AbortController | null = null;

  /** Files dropped on the page while the dialog is open come here. */
  addInputs(inputs: readonly SeedInput[]): void {
    if (this.phase.kind !== 'form' || inputs.length === 0) return;
    this.inputs = inputs;
    this.problem = null;
  }

  override updated(changed: PropertyValues<this>): void {
    if (!changed.has('open')) return;
    if (this.open && !this.dialog.open) {
      this.reset();
      this.dialog.showModal();
    } else if (!this.open && this.dialog.open) this.dialog.close();
  }

  override render() {
    return html`<dialog data-testid="create-dialog" aria-labelledby="cr-title" @close=${this.onClose}>
      <h2 id="cr-title">${msg('Create a torrent')}</h2>
      ${this.phase.kind === 'form' ? this.renderForm() : this.phase.kind === 'hashing' ? this.renderHashing(this.phase) : this.renderDone(this.phase)}
    </dialog>`;
  }

  private renderForm() {
    const bytes = this.inputs.reduce((n, i) => n + i.file.size, 0);
    return html`<form @submit=${this.onSubmit} novalidate>
      <div class="pick">
        <button class="btn" type="button" data-testid="create-pick-files" @click=${() => this.filesInput.click()}>${icons.upload}${msg('Choose files')}</button>
        <button class="btn" type="button" data-testid="create-pick-folder" @click=${() => this.folderInput.click()}>${icons.folder}${msg('Choose a folder')}</button>
        <span class="muted">${msg('or drop them on this page')}</span>
        ${this.inputs.length > 0
          ? html`<p class="chosen" data-testid="create-chosen">${msg(str`${describeInputs(this.inputs)}: ${this.inputs.length} files, ${formatBytes(bytes)}`)}</p>`
          : nothing}
      </div>
      <input id="cr-files" class="visually-hidden" type="file" multiple tabindex="-1" aria-hidden="true" data-testid="create-file-input" @change=${this.onPick} />
      <input id="cr-folder" class="visually-hidden" type="file" webkitdirectory tabindex="-1" aria-hidden="true" data-testid="create-folder-input" @change=${this.onPick} />
      <div class="grid">
        <label class="field">${msg('Name')}
          <input class="text" name="name" data-testid="create-name" autocomplete="off" placeholder=${this.inputs.length ? describeInputs(this.inputs) : ''} />
        </label>
        <label class="field">${msg('Piece size')}
          <select class="text" name="pieceLength" data-testid="create-piece-size">
            ${PIECE_SIZES.map((p) => html`<option value=${p}>${p === 0 ? msg('Automatic') : formatBytes(p)}</option>`)}
          </select>
        </label>
        <label class="field wide">${msg('Trackers (one per line)')}
          <textarea class="text" name="trackers" data-testid="create-trackers" spellcheck="false" .value=${live(this.defaultTrackers.join('\n'))}></textarea>
        </label>
        <label class="field wide">${msg('Web seeds (one URL per line)')}
          <textarea class="text" name="webSeeds" data-testid="create-web-seeds" spellcheck="false"></textarea>
        </label>
        <label class="field wide">${msg('Comment')}
          <textarea class="text" name="comment" data-testid="create-comment"></textarea>
        </label>
        <label class="check"><input type="checkbox" name="private" data-testid="create-private" />${msg('Private torrent (peers only from its trackers)')}</label>
      </div>
      ${this.problem ? html`<p class="problem" role="alert" data-testid="create-problem">${this.problem}</p>` : nothing}
      <div class="dlg-actions">
        <button class="btn" type="button" data-testid="create-cancel" @click=${() => this.dialog.close()}>${msg('Cancel')}</button>
        <button class="btn primary" type="submit" data-testid="create-submit">${msg('Create and seed')}</button>
      </div>
    </form>`;
  }

  private renderHashing(p: { done: number; total: number }) {
    const progress = p.total > 0 ? p.done / p.total : 0;
    return html`<p class="muted" aria-live="polite">${msg(str`Hashing… ${Math.floor(percentValue(progress) / 10) * 10}%`)}</p>
      ${progressBar({ progress, label: msg('Hashing progress'), testid: 'create-progress' })}
      <div class="dlg-actions">
        <button class="btn" type="button" data-testid="create-abort" @click=${() => this.abort?.abort()}>${msg('Cancel')}</button>
      </div>`;
  }

  private renderDone(p: { infoHashHex: string; magnet: string; name: string }) {
    return html`<p role="status" data-testid="create-done">${msg('Done: the torrent is seeding from this browser. Keep this tab open while others download.')}</p>
      <div class="out">
        <label class="field">${msg('Magnet link')}
          <input class="text" readonly data-testid="create-magnet" .value=${p.magnet} @focus=${(e: FocusEvent) => (e.target as HTMLInputElement).select()} />
        </label>
      </div>
      <div class="dlg-actions">
        <button class="btn" type="button" data-testid="create-copy" @click=${() => this.copy(p.magnet)}>${icons.copy}${msg('Copy magnet')}</button>
        <button class="btn" type="button" data-testid="create-export" @click=${() => this.exportFile(p)}>${icons.save}${msg('Export .torrent')}</button>
        <button class="btn primary" type="button" data-testid="create-close" @click=${() => this.dialog.close()}>${msg('Close')}</button>
      </div>`;
  }

  private onPick(e: Event): void {
    const input = e.target as HTMLInputElement;
    try {
      this.addInputs(inputsFromFileList(input.files ?? []));
    } catch (err) {
      this.problem = errorText(err);
    } finally {
      input.value = '';
    }
  }

  private async onSubmit(e: SubmitEvent): Promise<void> {
    e.preventDefault();
    if (!this.client) return;
    if (this.inputs.length === 0) {
      this.problem = msg('Choose the files or the folder to share first.');
      return;
    }
    const data = new FormData(this.form!);
    const parsed = createOptionsFrom({
      name: String(data.get('name') ?? ''),
      pieceLength: Number(data.get('pieceLength') ?? 0),
      trackers: String(data.get('trackers') ?? ''),
      webSeeds: String(data.get('webSeeds') ?? ''),
      comment: String(data.get('comment') ?? ''),
      private: data.get('private') !== null,
    });
    if (!parsed.ok) {
      this.problem = problemText(parsed.problem);
      return;
    }
    const name = parsed.options.name ?? describeInputs(this.inputs);
    this.problem = null;
    this.phase = { kind: 'hashing', done: 0, total: 0 };
    const abort = (this.abort = new AbortController());
    try {
      const reply = await seedFiles(this.client, this.inputs, parsed.options, (done, total) => {
        if (this.phase.kind === 'hashing') this.phase = { kind: 'hashing', done, total };
      }, abort.signal);
      this.phase = { kind: 'done', infoHashHex: reply.infoHashHex, magnet: reply.magnet, name };
    } catch (err) {
      this.phase = { kind: 'form' };
      this.problem = abort.signal.aborted ? msg('Cancelled.') : errorText(err);
    } finally {
      this.abort = null;
    }
  }

  private async copy(text: string): Promise<void> {
    if (await copyText(text)) notifyInfo(this, msg('Magnet link copied.'));
    else notifyError(this, msg('Could not copy to the clipboard.'));
  }

  private async exportFile(p: { infoHashHex: string; name: string }): Promise<void> {
    if (!this.client) return;
    try {
      const file = await downloadTorrentFile(this.client, p.infoHashHex, p.name);
      notifyInfo(this, msg(str`Saved ${file}.`));
    } catch (err) {
      notifyError(this, errorText(err));
    }
  }

  private reset(): void {
    this.inputs = [];
    this.phase = { kind: 'form' };
    this.problem = null;
    this.form?.reset();
  }

  /** Closing while hashing cancels the job. */
  private onClose(): void {
    this.abort?.abort();
    this.dispatchEvent(new CustomEvent('close'));
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'rv-create-dialog': RvCreateDialog;
  }
}

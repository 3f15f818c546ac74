// <rv-existing-files>: "I already have the files": the user picks a folder (directory picker, or <input
// webkitdirectory>), files, or drops them here; raises `rv-existing-change` with the picked files. The engine then
// checks them against the torrent's pieces, keeps what matches and downloads the rest.

import { LitElement, css, html, nothing } from 'lit';
import { customElement, property, query, state } from 'lit/decorators.js';
import { msg, str } from '@lit/localize';
import type { SeedInput } from '../api/protocol.ts';
import { inputsFromDataTransfer, inputsFromFileList } from './drop-files.ts';
import { formatBytes } from './format.ts';
import { errorText } from './labels.ts';
import { directoryPickerAvailable, inputsFromDirectory, pickDirectory } from './pick-files.ts';
import { base } from './styles.ts';
import { untrusted } from './untrusted-text.ts';

@customElement('rv-existing-files')
export class RvExistingFiles extends LitElement {
  static override styles = [
    base,
    css`
      fieldset {
        margin: 0.75rem 0 0;
        padding: 0.6rem 0.75rem 0.75rem;
        border: 1px dashed var(--rv-border);
        border-radius: 8px;
      }
      fieldset.over {
        border-color: var(--rv-accent);
        background: var(--rv-accent-soft);
      }
      legend {
        padding: 0 0.3rem;
        font-size: 0.875rem;
        font-weight: 600;
      }
      p {
        margin: 0 0 0.5rem;
        font-size: 0.8125rem;
      }
      .row {
        display: flex;
        flex-wrap: wrap;
        align-items: center;
        gap: 0.5rem;
        font-size: 0.8125rem;
      }
      .picked {
        min-width: 0;
        overflow-wrap: anywhere;
      }
      .problem {
        color: var(--rv-danger);
      }
      input[type='file'] {
        display: none;
      }
    `,
  ];

  /** The files picked so far (the host keeps them; this element only shows and replaces them). */
  @property({ attribute: false }) files: readonly SeedInput[] = [];
  @state() private over = false;
  @state() private problem = '';
  @query('[data-testid=existing-folder-input]') private folderInput!: HTMLInputElement;
  @query('[data-testid=existing-files-input]') private filesInput!: HTMLInputElement;

  override render() {
    const bytes = this.files.reduce((n, i) => n + i.file.size, 0);
    const top = this.files[0]?.path[0];
    return html`<fieldset class=${this.over ? 'over' : ''} data-testid="existing-drop"
        @dragenter=${this.onDragOver} @dragover=${this.onDragOver} @dragleave=${() => (this.over = false)} @drop=${this.onDrop}>
      <legend>${msg('I already have the files')}</legend>
      <p class="muted">${msg('Pick the folder or the files you already have, or drop them here. Every piece is checked against the torrent: what matches is kept, only the rest is downloaded.')}</p>
      <div class="row">
        <button class="btn small" type="button" data-testid="existing-folder" @click=${this.chooseFolder}>${msg('Choose folder…')}</button>
        <button class="btn small" type="button" data-testid="existing-files" @click=${() => this.filesInput.click()}>${msg('Choose files…')}</button>
        ${this.files.length > 0
          ? html`<span class="picked" data-testid="existing-summary" aria-live="polite">${this.files.length === 1
              ? html`${untrusted(this.files[0]!.path.join('/'))}, ${formatBytes(bytes)}`
              : this.files.length > 1 && top !== undefined && this.files.every((f) => f.path.length > 1 && f.path[0] === top)
              ? msg(html`${untrusted(top)}: ${this.files.length} files, ${formatBytes(bytes)}`)
              : msg(str`${this.files.length} files, ${formatBytes(bytes)}`)}</span>
            <button class="btn small" type="button" data-testid="existing-clear" @click=${() => this.set([])}>${msg('Clear')}</button>`
          : nothing}
      </div>
      ${this.problem ? html`<p class="problem" role="alert">${this.problem}</p>` : nothing}
      <input type="file" webkitdirectory data-testid="existing-folder-input" aria-label=${msg('Folder with the files')}
        @change=${(e: Event) => this.fromInput(e.target as HTMLInputElement)} />
      <input type="file" multiple data-testid="existing-files-input" aria-label=${msg('The files')}
        @change=${(e: Event) => this.fromInput(e.target as HTMLInputElement)} />
    </fieldset>`;
  }

  private readonly chooseFolder = async (): Promise<void> => {
    if (!directoryPickerAvailable()) {
      this.folderInput.click();
      return;
    }
    try {
      const dir = await pickDirectory('read', 'rivulet-existing');
      if (dir) this.set(await inputsFromDirectory(dir));
    } catch (e) {
      this.problem = errorText(e);
    }
  };

  private fromInput(input: HTMLInputElement): void {
    try {
      this.set(inputsFromFileList(Array.from(input.files ?? [])));
    } catch (e) {
      this.problem = errorText(e);
    }
    input.value = '';
  }

  private readonly onDragOver = (e: DragEvent): void => {
    if (!e.dataTransfer?.types.includes('Files')) return;
    e.preventDefault();
    e.stopPropagation();
    e.dataTransfer.dropEffect = 'copy';
    this.over = true;
  };

  private readonly onDrop = (e: DragEvent): void => this.takeDrop(e);

  /**
   * A drop on this element, or anywhere on the dialog holding it: it is the user's data for this torrent, not files
   * to share, so the window's drop handler never sees it.
   */
  takeDrop(e: DragEvent): void {
    if (!e.dataTransfer?.types.includes('Files')) return;
    e.preventDefault();
    e.stopPropagation();
    this.over = false;
    inputsFromDataTransfer(e.dataTransfer).then(
      (inputs) => this.set(inputs),
      (err: unknown) => (this.problem = errorText(err)),
    );
  }

  /** dragover on the dialog holding this element: the drop is allowed and is ours (see takeDrop). */
  acceptDrag(e: DragEvent): void {
    this.onDragOver(e);
  }

  private set(files: readonly SeedInput[]): void {
    this.problem = '';
    this.files = files;
    this.dispatchEvent(new CustomEvent<readonly SeedInput[]>('rv-existing-change', { detail: files, bubbles: true, composed: true }));
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'rv-existing-files': RvExistingFiles;
  }
}

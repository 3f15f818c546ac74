// <rv-add-bar>: paste a magnet link or info hash, or pick files, a folder or .torrent files; raises intents for rv-app.

import { LitElement, css, html, nothing } from 'lit';
import { customElement, query, state } from 'lit/decorators.js';
import { msg } from '@lit/localize';
import { parseAddInput } from './magnet-input.ts';
import { torrentUrlFrom } from './torrent-url.ts';
import { inputsFromFileList } from './drop-files.ts';
import { emit, notifyError } from './events.ts';
import { errorText } from './labels.ts';
import { icons } from './icons.ts';
import { base } from './styles.ts';

@customElement('rv-add-bar')
export class RvAddBar extends LitElement {
  static override styles = [
    base,
    css`
      :host {
        display: block;
      }
      form {
        display: flex;
        gap: 0.5rem;
      }
      form input.text {
        flex: 1;
        min-width: 0;
        font-family: var(--rv-mono);
        font-size: 0.875rem;
      }
      .error {
        margin: 0.4rem 0 0;
        color: var(--rv-danger);
        font-size: 0.8125rem;
      }
      input.text[aria-invalid='true'] {
        border-color: var(--rv-danger);
      }
      .secondary {
        display: flex;
        flex-wrap: wrap;
        align-items: center;
        gap: 0.5rem;
        margin-top: 0.75rem;
      }
      .hint {
        font-size: 0.8125rem;
      }
      @media (max-width: 480px) {
        .hint {
          flex-basis: 100%;
        }
      }
      /* Wide screens: one line, so the list keeps the height. */
      @media (min-width: 1200px) {
        :host {
          display: flex;
          flex-wrap: wrap;
          align-items: center;
          gap: 0.5rem;
        }
        form {
          flex: 1 1 20rem;
          min-width: 0;
        }
        .error {
          order: 1;
          flex-basis: 100%;
        }
        .secondary {
          margin-top: 0;
        }
        .hint {
          display: none;
        }
      }
    `,
  ];

  @state() private error: string | null = null;
  @query('#magnet') private magnetInput!: HTMLInputElement;
  @query('#files') private filesInput!: HTMLInputElement;
  @query('#folder') private folderInput!: HTMLInputElement;
  @query('#torrents') private torrentsInput!: HTMLInputElement;

  override render() {
    return html`
      <form @submit=${this.onSubmit} novalidate>
        <label class="visually-hidden" for="magnet">${msg('Magnet link, info hash or .torrent URL')}</label>
        <input
          id="magnet"
          class="text"
          type="text"
          inputmode="url"
          autocomplete="off"
          autocapitalize="off"
          spellcheck="false"
          placeholder=${msg('Magnet link, info hash or .torrent URL')}
          aria-invalid=${this.error ? 'true' : 'false'}
          aria-describedby=${this.error ? 'magnet-error' : nothing}
          data-testid="magnet-input"
          @input=${this.clearError}
        />
        <button class="btn primary" type="submit" data-testid="magnet-submit">${icons.plus}${msg('Add')}</button>
      </form>
      ${this.error ? html`<p id="magnet-error" class="error" role="alert">${this.error}</p>` : nothing}
      <div class="secondary">
        <button class="btn" type="button" data-testid="share-files" @click=${() => this.filesInput.click()}>
          ${icons.upload}${msg('Share files')}
        </button>
        <button class="btn" type="button" data-testid="share-folder" @click=${() => this.folderInput.click()}>
          ${icons.folder}${msg('Share a folder')}
        </button>
        <button class="btn" type="button" data-testid="open-torrent" @click=${() => this.torrentsInput.click()}>
          ${icons.file}${msg('Open .torrent')}
        </button>
        <button class="btn" type="button" data-testid="create-torrent" @click=${() => emit(this, 'rv-open-create', {})}>
          ${icons.create}${msg('Create torrent…')}
        </button>
        <span class="hint muted">${msg('or drop files anywhere on this page')}</span>
      </div>
      <input id="files" class="visually-hidden" type="file" multiple tabindex="-1" aria-hidden="true"
        data-testid="file-input" @change=${this.onFiles} />
      <input id="folder" class="visually-hidden" type="file" webkitdirectory tabindex="-1" aria-hidden="true"
        data-testid="folder-input" @change=${this.onFiles} />
      <input id="torrents" class="visually-hidden" type="file" multiple accept=".torrent,application/x-bittorrent"
        tabindex="-1" aria-hidden="true" data-testid="torrent-file-input" @change=${this.onTorrentFiles} />
    `;
  }

  private clearError(): void {
    this.error = null;
  }

  private onSubmit(e: SubmitEvent): void {
    e.preventDefault();
    const parsed = parseAddInput(this.magnetInput.value);
    const url = parsed.ok ? null : torrentUrlFrom(this.magnetInput.value);
    if (url) {
      this.error = null;
      this.magnetInput.value = '';
      emit(this, 'rv-add-torrent-url', { url });
      return;
    }
    if (!parsed.ok) {
      this.error =
        parsed.reason === 'empty'
          ? msg('Paste a magnet link or a 40-character info hash first.')
          : msg('That is not a magnet link, an info hash or an http(s) link to a .torrent file.');
      this.magnetInput.focus();
      return;
    }
    this.error = null;
    this.magnetInput.value = '';
    // Typed or pasted: the user picks files once the metadata is here.
    emit(this, 'rv-add-magnet', { uri: parsed.uri, selectFirst: true });
  }

  /** Files picked to share are always seeded, .torrent or not: the user chose "share". */
  private onFiles(e: Event): void {
    const input = e.target as HTMLInputElement;
    try {
      const inputs = inputsFromFileList(input.files ?? []);
      if (inputs.length > 0) emit(this, 'rv-seed-files', { inputs });
    } catch (err) {
      notifyError(this, errorText(err));
    } finally {
      input.value = ''; // picking the same files again must fire change again
    }
  }

  private onTorrentFiles(e: Event): void {
    const input = e.target as HTMLInputElement;
    // The picker's filter is only a hint; whatever was picked here is tried as a torrent and the engine says no.
    const files = Array.from(input.files ?? []);
    input.value = '';
    if (files.length > 0) emit(this, 'rv-add-torrent-files', { files });
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'rv-add-bar': RvAddBar;
  }
}

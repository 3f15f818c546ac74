// <rv-file-list>: a torrent's files (from the `detail` command) with per-file progress, Play/View (an in-place
// player reading through the service worker while the file downloads) and Save (a download through it).

import { LitElement, css, html, nothing, type PropertyValues } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { repeat } from 'lit/directives/repeat.js';
import { msg, str } from '@lit/localize';
import type { EngineClient } from '../api/client.ts';
import type { FilePriority, FileSnapshot } from '../api/protocol.ts';
import { streamPath, viewerKindFor } from '../api/file-stream.ts';
import { getDetail, setFilePriority } from './actions.ts';
import { prioritySelect, priorityStyles, wantedCheckbox } from './file-priority.ts';
import { notifyError } from './events.ts';
import { formatBytes, formatPercent, percentValue } from './format.ts';
import { errorText } from './labels.ts';
import { progressBar } from './progress-bar.ts';
import { saveFile, suggestedName } from './save-file.ts';
import { StreamingController } from './controllers/streaming-controller.ts';
import { icons } from './icons.ts';
import { base } from './styles.ts';
import { displayText, untrusted } from './untrusted-text.ts';
import './rv-player.ts';

@customElement('rv-file-list')
export class RvFileList extends LitElement {
  static override styles = [
    base,
    priorityStyles,
    css`
      :host {
        display: block;
        border-radius: 8px;
        background: var(--rv-surface-2);
        container-type: inline-size;
      }
      ul {
        margin: 0;
        padding: 0.25rem 0;
        list-style: none;
      }
      /* Narrow (the side panel, a phone): name and size on the first line, progress and actions below it. */
      li {
        display: grid;
        grid-template-columns: auto minmax(0, 1fr) auto auto;
        grid-template-areas: 'want name name size' '. bar acts acts';
        align-items: center;
        gap: 0.3rem 0.6rem;
        padding: 0.45rem 0.75rem;
        font-size: 0.8125rem;
      }
      li + li {
        border-top: 1px solid var(--rv-border);
      }
      li .want {
        grid-area: want;
      }
      .fname {
        grid-area: name;
        min-width: 0;
        overflow: hidden;
        white-space: nowrap;
        text-overflow: ellipsis;
      }
      /* The whole name while the row holds focus (hover shows it as a tooltip). */
      li:focus-within .fname {
        white-space: normal;
        overflow-wrap: anywhere;
      }
      li .bar {
        grid-area: bar;
        min-width: 4rem;
      }
      .size {
        grid-area: size;
        text-align: right;
        white-space: nowrap;
        font-variant-numeric: tabular-nums;
      }
      .acts {
        grid-area: acts;
        display: flex;
        flex-wrap: wrap;
        gap: 0.4rem;
        justify-content: flex-end;
      }
      /* Wide enough for one line per file. */
      @container (min-width: 46rem) {
        li {
          grid-template-columns: auto minmax(12rem, 1fr) 7rem 5.5rem auto;
          grid-template-areas: 'want name bar size acts';
        }
      }
      a.btn {
        text-decoration: none;
        white-space: nowrap;
      }
      .btn {
        white-space: nowrap;
      }
      li.viewer {
        display: block;
        border-top: none;
        padding-top: 0;
      }
      .note {
        margin: 0;
        padding: 0.75rem;
        font-size: 0.8125rem;
      }
    `,
  ];

  @property({ attribute: false }) client?: EngineClient;
  @property({ attribute: false }) infoHashHex = '';
  /** The torrent's verified bytes: a change means some file progressed, so the list is fetched again. */
  @property({ attribute: false }) verified = 0;
  @state() private files: readonly FileSnapshot[] | null = null;
  @state() private loadError: string | null = null;
  /** fileIndex -> 0..1 while that file is being saved. */
  @state() private saving = new Map<number, number>();
  /** The file open in the player, if any. */
  @state() private viewing: number | null = null;
  private readonly streaming = new StreamingController(this);
  private loading = false;
  private stale = false;
  /** Priorities set here that the engine has not shown back yet, so the controls never flick back meanwhile. */
  @state() private pending = new Map<number, FilePriority>();
  /** Detail replies apply in request order only: a reply from before a priority change must not undo it. */
  private fetchSeq = 0;
  private appliedSeq = 0;

  override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('infoHashHex') || changed.has('client') || changed.has('verified')) void this.load();
  }

  /** One detail call at a time; snapshots arrive faster than that only while the torrent is busy anyway. */
  private async load(): Promise<void> {
    if (!this.client || !this.infoHashHex) return;
    if (this.loading) {
      this.stale = true;
      return;
    }
    this.loading = true;
    try {
      do {
        this.stale = false;
        await this.fetchFiles();
      } while (this.stale && this.isConnected);
    } catch (e) {
      this.loadError = errorText(e);
    } finally {
      this.loading = false;
    }
  }

  private async fetchFiles(): Promise<void> {
    if (!this.client) return;
    const seq = ++this.fetchSeq;
    const detail = await getDetail(this.client, this.infoHashHex);
    if (seq < this.appliedSeq) return;
    this.appliedSeq = seq;
    this.files = detail.files;
    this.loadError = null;
  }

  override render() {
    if (this.loadError) return html`<p class="note" role="alert">${this.loadError}</p>`;
    if (!this.files) return html`<p class="note muted" role="status">${msg('Loading files…')}</p>`;
    if (this.files.length === 0) return html`<p class="note muted">${msg('No files.')}</p>`;
    return html`<ul aria-label=${msg('Files')}>
      ${repeat(this.files, (f) => f.index, (f) => html`${this.renderFile(f)}${this.viewing === f.index ? this.renderViewer(f) : nothing}`)}
    </ul>`;
  }

  private renderFile(f: FileSnapshot) {
    const progress = f.length > 0 ? f.verified / f.length : 1;
    const complete = f.verified >= f.length;
    const saving = this.saving.get(f.index);
    const wanted = this.pending.get(f.index) ?? f.priority;
    const shown = wanted === f.priority ? f : { ...f, priority: wanted };
    return html`<li data-testid="file-row" data-index=${f.index} data-verified=${f.verified} data-priority=${f.priority}>
      ${wantedCheckbox(shown, (p) => this.setPriority(f, p))}
      <span class="fname" data-testid="file-name">${untrusted(f.name)}</span>
      ${progressBar({ progress, label: msg(str`Progress of ${displayText(f.name)}`) })}
      <span class="size muted">${formatBytes(f.length)}</span>
      <span class="acts">
        ${prioritySelect(shown, (p) => this.setPriority(f, p))}
        ${this.renderOpen(f)}
        ${this.streaming.available
          ? // No download attribute: Chromium sends <a download> requests past the service worker; a plain link
            // to an attachment response is a download that stays on this page.
            html`<a class="btn small" data-testid="download-file" href=${streamPath(this.infoHashHex, f.index, suggestedName(f), true)}
              title=${complete ? msg('Save this file to your device') : msg('Save this file as it downloads')}>
              ${icons.save}${msg('Save')}</a>`
          : html`<button class="btn small" type="button" data-testid="save-file" ?disabled=${!complete || saving !== undefined}
              title=${complete ? msg('Save this file to your device') : msg('Available once the file is complete')}
              @click=${() => this.save(f)}>
              ${icons.save}${saving === undefined ? msg('Save') : msg(str`Saving ${formatPercent(saving)}`)}
            </button>`}
      </span>
      ${saving !== undefined
        ? html`<span class="visually-hidden" aria-live="polite">${msg(str`Saving ${Math.floor(percentValue(saving) / 10) * 10}%`)}</span>`
        : nothing}
    </li>`;
  }

  /** Play (audio, video) or View (images, text) while the file downloads; only through the service worker. */
  private renderOpen(f: FileSnapshot) {
    const kind = viewerKindFor(f.name);
    if (kind === 'none' || !this.streaming.available) return nothing;
    const media = kind === 'video' || kind === 'audio';
    const open = this.viewing === f.index;
    return html`<button class="btn small" type="button" data-testid=${media ? 'play-file' : 'view-file'}
      aria-expanded=${open ? 'true' : 'false'} @click=${() => (this.viewing = open ? null : f.index)}>
      ${media ? icons.play : icons.file}${media ? msg('Play') : msg('View')}
    </button>`;
  }

  private renderViewer(f: FileSnapshot) {
    return html`<li class="viewer" data-testid="file-viewer">
      <rv-player .file=${f} .infoHashHex=${this.infoHashHex} @close=${() => (this.viewing = null)}></rv-player>
    </li>`;
  }

  /** Tick, untick or reprioritise a file at any time; the list is fetched again to show what the engine holds. */
  private async setPriority(f: FileSnapshot, priority: FilePriority): Promise<void> {
    if (!this.client) return;
    this.pending = new Map(this.pending).set(f.index, priority);
    try {
      await setFilePriority(this.client, this.infoHashHex, [f.index], priority);
      await this.fetchFiles();
    } catch (e) {
      notifyError(this, errorText(e));
    } finally {
      const next = new Map(this.pending);
      next.delete(f.index);
      this.pending = next;
    }
  }

  private async save(f: FileSnapshot): Promise<void> {
    if (!this.client) return;
    const setSaving = (p: number | undefined): void => {
      const next = new Map(this.saving);
      if (p === undefined) next.delete(f.index);
      else next.set(f.index, p);
      this.saving = next;
    };
    setSaving(0);
    try {
      await saveFile(this.client, this.infoHashHex, f, (done, total) => setSaving(total > 0 ? done / total : 1));
    } catch (e) {
      notifyError(this, errorText(e));
    } finally {
      setSaving(undefined);
    }
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'rv-file-list': RvFileList;
  }
}

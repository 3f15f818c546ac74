// <rv-file-list>: a torrent's files (from the `detail` command) with per-file progress and Save buttons.

import { LitElement, css, html, nothing, type PropertyValues } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { repeat } from 'lit/directives/repeat.js';
import { msg, str } from '@lit/localize';
import type { EngineClient } from '../api/client.ts';
import type { FileSnapshot } from '../api/protocol.ts';
import { getDetail } from './actions.ts';
import { notifyError } from './events.ts';
import { formatBytes, formatPercent, percentValue } from './format.ts';
import { errorText } from './labels.ts';
import { progressBar } from './progress-bar.ts';
import { saveFile } from './save-file.ts';
import { icons } from './icons.ts';
import { base } from './styles.ts';

@customElement('rv-file-list')
export class RvFileList extends LitElement {
  static override styles = [
    base,
    css`
      :host {
        display: block;
        border-radius: 8px;
        background: var(--rv-surface-2);
      }
      ul {
        margin: 0;
        padding: 0.25rem 0;
        list-style: none;
      }
      li {
        display: grid;
        grid-template-columns: minmax(0, 1fr) 7rem 5.5rem auto;
        align-items: center;
        gap: 0.75rem;
        padding: 0.45rem 0.75rem;
        font-size: 0.8125rem;
      }
      li + li {
        border-top: 1px solid var(--rv-border);
      }
      .fname {
        overflow-wrap: anywhere;
      }
      .size {
        text-align: right;
        font-variant-numeric: tabular-nums;
      }
      .note {
        margin: 0;
        padding: 0.75rem;
        font-size: 0.8125rem;
      }
      @media (max-width: 600px) {
        li {
          grid-template-columns: minmax(0, 1fr) auto;
          grid-template-areas: 'name save' 'size save' 'bar bar';
          gap: 0.25rem 0.75rem;
        }
        .fname {
          grid-area: name;
        }
        .size {
          grid-area: size;
          text-align: left;
        }
        li .bar {
          grid-area: bar;
        }
        li .btn {
          grid-area: save;
        }
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
  private loading = false;
  private stale = false;

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
        const detail = await getDetail(this.client, this.infoHashHex);
        this.files = detail.files;
        this.loadError = null;
      } while (this.stale && this.isConnected);
    } catch (e) {
      this.loadError = errorText(e);
    } finally {
      this.loading = false;
    }
  }

  override render() {
    if (this.loadError) return html`<p class="note" role="alert">${this.loadError}</p>`;
    if (!this.files) return html`<p class="note muted" role="status">${msg('Loading files…')}</p>`;
    if (this.files.length === 0) return html`<p class="note muted">${msg('No files.')}</p>`;
    return html`<ul aria-label=${msg('Files')}>
      ${repeat(this.files, (f) => f.index, (f) => this.renderFile(f))}
    </ul>`;
  }

  private renderFile(f: FileSnapshot) {
    const progress = f.length > 0 ? f.verified / f.length : 1;
    const complete = f.verified >= f.length;
    const saving = this.saving.get(f.index);
    return html`<li data-testid="file-row" data-index=${f.index} data-verified=${f.verified}>
      <span class="fname">${f.name}</span>
      ${progressBar({ progress, label: msg(str`Progress of ${f.name}`) })}
      <span class="size muted">${formatBytes(f.length)}</span>
      <button class="btn small" type="button" data-testid="save-file" ?disabled=${!complete || saving !== undefined}
        title=${complete ? msg('Save this file to your device') : msg('Available once the file is complete')}
        @click=${() => this.save(f)}>
        ${icons.save}${saving === undefined ? msg('Save') : msg(str`Saving ${formatPercent(saving)}`)}
      </button>
      ${saving !== undefined
        ? html`<span class="visually-hidden" aria-live="polite">${msg(str`Saving ${Math.floor(percentValue(saving) / 10) * 10}%`)}</span>`
        : nothing}
    </li>`;
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

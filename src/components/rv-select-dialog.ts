// <rv-select-dialog>: before a download starts, the torrent's files with checkboxes (all ticked at first); raises
// `confirm` with per-file priorities (and the files the user already has, to check first), or `cancel`. Names are
// untrusted and shown as text.

import { LitElement, css, html, nothing, type PropertyValues } from 'lit';
import { customElement, property, query, state } from 'lit/decorators.js';
import { repeat } from 'lit/directives/repeat.js';
import { live } from 'lit/directives/live.js';
import { msg, str } from '@lit/localize';
import type { FilePriority, SeedInput } from '../api/protocol.ts';
import type { RvExistingFiles } from './rv-existing-files.ts';
import './rv-existing-files.ts';
import { formatBytes } from './format.ts';
import { initiallySelected, selectedBytes, selectionPriorities, type SelectRequest } from './selection.ts';
import { base, dialogStyles } from './styles.ts';

export interface SelectConfirmDetail {
  readonly key: string;
  readonly priorities: readonly FilePriority[];
  /** "I already have the files": checked against the torrent first; empty when none were picked. */
  readonly existing: readonly SeedInput[];
}

export interface SelectCancelDetail {
  readonly key: string;
  /** True from the Cancel button (remove a held magnet), false from Escape (decide later). */
  readonly remove: boolean;
}

@customElement('rv-select-dialog')
export class RvSelectDialog extends LitElement {
  static override styles = [
    base,
    dialogStyles,
    css`
      @media (min-width: 481px) {
        dialog {
          width: min(44rem, calc(100vw - 1.5rem));
        }
      }
      form {
        display: flex;
        flex-direction: column;
        max-height: calc(100dvh - 4.5rem);
      }
      .tools {
        display: flex;
        flex-wrap: wrap;
        align-items: center;
        gap: 0.5rem;
        margin-bottom: 0.5rem;
        font-size: 0.8125rem;
      }
      .tools .sum {
        margin-left: auto;
      }
      ul {
        flex: 1 1 auto;
        min-height: 4rem;
        margin: 0;
        padding: 0;
        overflow: auto;
        list-style: none;
        border: 1px solid var(--rv-border);
        border-radius: 8px;
      }
      li + li {
        border-top: 1px solid var(--rv-border);
      }
      label.file {
        display: grid;
        grid-template-columns: auto minmax(0, 1fr) auto;
        align-items: center;
        gap: 0.6rem;
        min-height: 2.5rem;
        padding: 0.35rem 0.75rem;
        font-size: 0.8125rem;
        cursor: pointer;
      }
      label.file input {
        width: 1.15rem;
        height: 1.15rem;
        margin: 0;
        accent-color: var(--rv-accent);
      }
      .fname {
        overflow-wrap: anywhere;
      }
      .size {
        font-variant-numeric: tabular-nums;
        color: var(--rv-muted);
      }
      .comment {
        white-space: pre-wrap;
        overflow-wrap: anywhere;
      }
      .problem {
        color: var(--rv-danger);
      }
    `,
  ];

  @property({ attribute: false }) request: SelectRequest | null = null;
  @state() private selected = new Set<number>();
  @state() private existing: readonly SeedInput[] = [];
  @query('dialog') private dialog!: HTMLDialogElement;
  @query('rv-existing-files') private existingFiles?: RvExistingFiles;
  /** Set when the dialog closes through its own buttons, so the close event is not read as a cancel too. */
  private settled = false;

  override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('request') && this.request) {
      this.selected = initiallySelected(this.request.files);
      this.existing = [];
      this.settled = false;
    }
  }

  override updated(changed: PropertyValues<this>): void {
    if (!changed.has('request')) return;
    if (this.request && !this.dialog.open) this.dialog.showModal();
    if (!this.request && this.dialog.open) this.dialog.close();
  }

  override render() {
    const r = this.request;
    const total = r ? r.files.reduce((n, f) => n + f.length, 0) : 0;
    const chosen = r ? selectedBytes(r.files, this.selected) : 0;
    return html`<dialog data-testid="select-dialog" aria-labelledby="sel-title" aria-describedby="sel-name" @close=${this.onClose}
      @dragover=${(e: DragEvent) => this.existingFiles?.acceptDrag(e)} @drop=${(e: DragEvent) => this.existingFiles?.takeDrop(e)}>
      ${r
        ? html`<form method="dialog" @submit=${this.onSubmit}>
            <h2 id="sel-title">${msg('Choose the files to download')}</h2>
            <p id="sel-name" class="dlg-name" data-testid="select-name">${r.name}</p>
            ${r.comment ? html`<p class="muted comment">${r.comment}</p>` : nothing}
            <div class="tools">
              <button class="btn small" type="button" data-testid="select-all" @click=${() => this.setAll(true)}>${msg('Select all')}</button>
              <button class="btn small" type="button" data-testid="select-none" @click=${() => this.setAll(false)}>${msg('Select none')}</button>
              <span class="sum muted" data-testid="select-summary" aria-live="polite">${msg(str`${this.selected.size} of ${r.files.length} files, ${formatBytes(chosen)} of ${formatBytes(total)}`)}</span>
            </div>
            <ul aria-label=${msg('Files')}>
              ${repeat(r.files, (f) => f.index, (f) => html`<li><label class="file">
                <input type="checkbox" data-testid="select-file" data-index=${f.index} .checked=${live(this.selected.has(f.index))}
                  @change=${(e: Event) => this.toggle(f.index, (e.target as HTMLInputElement).checked)} />
                <span class="fname">${f.name}</span><span class="size">${formatBytes(f.length)}</span>
              </label></li>`)}
            </ul>
            <rv-existing-files .files=${this.existing}
              @rv-existing-change=${(e: CustomEvent<readonly SeedInput[]>) => (this.existing = e.detail)}></rv-existing-files>
            ${this.selected.size === 0 ? html`<p class="problem" role="status">${msg('Tick at least one file to download.')}</p>` : nothing}
            <div class="dlg-actions">
              <button class="btn" type="button" data-testid="select-cancel" @click=${this.cancel}>${r.kind === 'held' ? msg('Cancel and remove') : msg('Cancel')}</button>
              <button class="btn primary" type="submit" data-testid="select-confirm" ?disabled=${this.selected.size === 0}>${this.existing.length > 0 ? msg('Check and download') : msg('Download')}</button>
            </div>
          </form>`
        : nothing}
    </dialog>`;
  }

  private toggle(index: number, on: boolean): void {
    const next = new Set(this.selected);
    if (on) next.add(index);
    else next.delete(index);
    this.selected = next;
  }

  private setAll(on: boolean): void {
    this.selected = on && this.request ? new Set(this.request.files.map((f) => f.index)) : new Set();
  }

  private onSubmit(e: SubmitEvent): void {
    e.preventDefault();
    const r = this.request;
    if (!r || this.selected.size === 0) return;
    this.settled = true;
    this.dialog.close();
    const detail: SelectConfirmDetail = { key: r.key, priorities: selectionPriorities(r.files, this.selected), existing: this.existing };
    this.dispatchEvent(new CustomEvent('confirm', { detail }));
  }

  /** The Cancel button: the .torrent is not added, a held magnet is removed. */
  private readonly cancel = (): void => {
    if (!this.request) return;
    this.settled = true;
    this.dialog.close();
    const detail: SelectCancelDetail = { key: this.request.key, remove: true };
    this.dispatchEvent(new CustomEvent('cancel', { detail }));
  };

  /** Escape (or a programmatic close): not now. A held magnet stays held; its row offers the choice again. */
  private onClose(): void {
    // The close event comes a task after close(): by then the next request may already have reopened the dialog.
    if (this.settled || !this.request || this.dialog.open) return;
    this.settled = true;
    const detail: SelectCancelDetail = { key: this.request.key, remove: false };
    this.dispatchEvent(new CustomEvent('cancel', { detail }));
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'rv-select-dialog': RvSelectDialog;
  }
}

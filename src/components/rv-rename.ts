// <rv-rename>: "Rename" in the detail panel's actions: a display name for the torrent (`rename`), kept across
// restarts; its own name stays for saving files. An empty name goes back to the torrent's own.

import { LitElement, css, html, nothing } from 'lit';
import { customElement, property, query, state } from 'lit/decorators.js';
import { msg } from '@lit/localize';
import type { EngineClient } from '../api/client.ts';
import { notifyError, notifyInfo } from './events.ts';
import { errorText } from './labels.ts';
import { base } from './styles.ts';

@customElement('rv-rename')
export class RvRename extends LitElement {
  static override styles = [
    base,
    css`
      :host {
        display: contents;
      }
      form {
        display: flex;
        flex-wrap: wrap;
        gap: 0.4rem;
        flex-basis: 100%;
      }
      input {
        flex: 1 1 12rem;
        min-width: 0;
      }
    `,
  ];

  @property({ attribute: false }) client?: EngineClient;
  @property({ attribute: false }) infoHashHex = '';
  /** The name shown now (display name or the torrent's own). */
  @property({ attribute: false }) name = '';
  @state() private open = false;
  @state() private busy = false;
  @query('input') private input?: HTMLInputElement;

  override render() {
    if (!this.open) {
      return html`<button class="btn small" type="button" data-testid="detail-rename" aria-expanded="false"
        @click=${this.start}>${msg('Rename')}</button>`;
    }
    return html`<form data-testid="rename-form" @submit=${this.save} @keydown=${this.onKey}>
      <label class="visually-hidden" for="rename-input">${msg('New name')}</label>
      <input id="rename-input" class="text" type="text" autocomplete="off" spellcheck="false" maxlength="255"
        data-testid="rename-input" .value=${this.name} />
      <button class="btn small primary" type="submit" data-testid="rename-save" aria-disabled=${this.busy ? 'true' : 'false'}>${msg('Save name')}</button>
      <button class="btn small" type="button" @click=${() => (this.open = false)}>${msg('Cancel')}</button>
    </form>${nothing}`;
  }

  private readonly start = async (): Promise<void> => {
    this.open = true;
    await this.updateComplete;
    this.input?.focus();
    this.input?.select();
  };

  private onKey(e: KeyboardEvent): void {
    if (e.key !== 'Escape') return;
    e.stopPropagation(); // Esc closes the form, not the whole panel
    this.open = false;
  }

  private readonly save = async (e: SubmitEvent): Promise<void> => {
    e.preventDefault();
    if (!this.client || this.busy || !this.input) return;
    this.busy = true;
    try {
      await this.client.call({ type: 'rename', infoHashHex: this.infoHashHex, name: this.input.value });
      this.open = false;
      notifyInfo(this, msg('Renamed.'));
    } catch (err) {
      notifyError(this, errorText(err));
    } finally {
      this.busy = false;
    }
  };
}

declare global {
  interface HTMLElementTagNameMap {
    'rv-rename': RvRename;
  }
}

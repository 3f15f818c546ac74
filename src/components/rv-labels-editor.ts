// <rv-labels-editor>: a torrent's labels as removable chips plus a field (suggesting labels already in use) to
// add one; saved through set-labels. Labels are the user's text, shown as text.

import { LitElement, css, html, nothing } from 'lit';
import { customElement, property, query, state } from 'lit/decorators.js';
import { msg, str } from '@lit/localize';
import type { EngineClient } from '../api/client.ts';
import { normalizeLabels } from '../api/torrent-edits.ts';
import { setLabels } from './actions.ts';
import { editProblemText, errorText } from './labels.ts';
import { icons } from './icons.ts';
import { base, iconButtonStyles } from './styles.ts';

@customElement('rv-labels-editor')
export class RvLabelsEditor extends LitElement {
  static override styles = [
    base,
    iconButtonStyles,
    css`
      :host {
        display: block;
      }
      .chips {
        display: flex;
        flex-wrap: wrap;
        align-items: center;
        gap: 0.35rem;
      }
      .chip {
        padding-right: 0.15rem;
      }
      .chip button {
        display: inline-grid;
        place-items: center;
        width: 1.5rem;
        height: 1.5rem;
        padding: 0;
        border: 0;
        border-radius: 50%;
        background: none;
        color: inherit;
        cursor: pointer;
      }
      .chip button svg {
        width: 0.85rem;
        height: 0.85rem;
      }
      form {
        display: inline-flex;
        gap: 0.35rem;
      }
      form input {
        width: 9rem;
        min-height: 2rem;
        padding: 0.25rem 0.5rem;
        font-size: 0.8125rem;
      }
      .problem {
        margin: 0.35rem 0 0;
        color: var(--rv-danger);
        font-size: 0.8125rem;
      }
    `,
  ];

  @property({ attribute: false }) client?: EngineClient;
  @property({ attribute: false }) infoHashHex = '';
  @property({ attribute: false }) labels: readonly string[] = [];
  /** Labels used by any torrent, offered as suggestions. */
  @property({ attribute: false }) known: readonly string[] = [];
  @state() private problem: string | null = null;
  @query('#label-input') private input!: HTMLInputElement;

  override render() {
    return html`<div class="chips" role="group" aria-label=${msg('Labels')}>
        ${this.labels.map((l) => html`<span class="chip" data-testid="label-chip">${l}<button type="button"
          data-testid="label-remove" aria-label=${msg(str`Remove label ${l}`)} title=${msg('Remove label')}
          @click=${() => this.save(this.labels.filter((x) => x !== l))}>${icons.close}</button></span>`)}
        <form @submit=${this.onAdd} novalidate>
          <label class="visually-hidden" for="label-input">${msg('New label')}</label>
          <input id="label-input" class="text" list="known-labels" autocomplete="off" placeholder=${msg('Add label')}
            data-testid="label-input" aria-describedby=${this.problem ? 'label-problem' : nothing} @input=${() => (this.problem = null)} />
          <datalist id="known-labels">${this.known.filter((k) => !this.labels.includes(k)).map((k) => html`<option .value=${k}></option>`)}</datalist>
          <button class="btn small" type="submit" data-testid="label-add">${icons.plus}<span class="visually-hidden">${msg('Add label')}</span></button>
        </form>
      </div>
      ${this.problem ? html`<p id="label-problem" class="problem" role="alert">${this.problem}</p>` : nothing}`;
  }

  private async onAdd(e: SubmitEvent): Promise<void> {
    e.preventDefault();
    const value = this.input.value;
    if (value.trim() === '') return;
    if (await this.save([...this.labels, value])) this.input.value = '';
  }

  private async save(labels: readonly string[]): Promise<boolean> {
    if (!this.client) return false;
    const checked = normalizeLabels(labels);
    if (!checked.ok) {
      this.problem = editProblemText(checked.problem);
      return false;
    }
    try {
      await setLabels(this.client, this.infoHashHex, checked.value);
      this.problem = null;
      return true;
    } catch (err) {
      this.problem = errorText(err);
      return false;
    }
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'rv-labels-editor': RvLabelsEditor;
  }
}

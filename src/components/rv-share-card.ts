// <rv-share-card>: one seed job: hashing progress, then the magnet and share link with copy buttons.

import { LitElement, css, html, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { msg, str } from '@lit/localize';
import { copyText } from './clipboard.ts';
import { formatBytes, percentValue } from './format.ts';
import { progressBar } from './progress-bar.ts';
import { jobProgress, type ShareJob } from './share-job.ts';
import { notifyError } from './events.ts';
import { icons } from './icons.ts';
import { base } from './styles.ts';
import { displayText, untrusted } from './untrusted-text.ts';
import './rv-qr-code.ts';

/** Screen readers hear hashing progress in steps this big, not on every event. */
const ANNOUNCE_STEP_PERCENT = 10;
const COPIED_FEEDBACK_MS = 2000;

@customElement('rv-share-card')
export class RvShareCard extends LitElement {
  static override styles = [
    base,
    css`
      :host {
        display: block;
      }
      .card {
        padding: 1rem;
        border: 1px solid var(--rv-border);
        border-radius: var(--rv-radius);
        background: var(--rv-surface);
        box-shadow: var(--rv-shadow);
      }
      header {
        display: flex;
        align-items: flex-start;
        gap: 0.75rem;
      }
      .heading {
        flex: 1;
        min-width: 0;
      }
      h3 {
        margin: 0;
        font-size: 0.9375rem;
        font-weight: 600;
        overflow-wrap: anywhere;
      }
      .meta {
        margin: 0.15rem 0 0;
        font-size: 0.8125rem;
      }
      .status {
        margin: 0.75rem 0 0.4rem;
        font-size: 0.8125rem;
      }
      .field {
        display: grid;
        grid-template-columns: minmax(0, 1fr) auto;
        gap: 0.5rem;
        margin-top: 0.6rem;
      }
      .field label {
        grid-column: 1 / -1;
        font-size: 0.75rem;
        font-weight: 600;
        color: var(--rv-muted);
        text-transform: uppercase;
        letter-spacing: 0.04em;
      }
      .field input {
        width: 100%;
        font-family: var(--rv-mono);
        font-size: 0.8125rem;
        background: var(--rv-surface-2);
        text-overflow: ellipsis;
      }
      .qr-toggle {
        margin-top: 0.6rem;
      }
      .qr {
        display: block;
        max-width: 14rem;
        margin: 0.5rem auto 0;
      }
      .error {
        margin: 0.75rem 0 0;
        color: var(--rv-danger);
        font-size: 0.875rem;
      }
      .icon-btn {
        padding: 0.25rem;
        min-height: 2rem;
        min-width: 2rem;
        border-color: transparent;
        background: transparent;
      }
    `,
  ];

  @property({ attribute: false }) job!: ShareJob;
  @property({ attribute: false }) shareUrl: (magnet: string) => string = (m) => m;
  @state() private copied: 'magnet' | 'link' | null = null;
  @state() private qr = false;
  private copiedTimer: ReturnType<typeof setTimeout> | undefined;

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    clearTimeout(this.copiedTimer);
  }

  override render() {
    const job = this.job;
    return html`
      <section class="card" data-testid="share-card" data-status=${job.status} aria-labelledby="title">
        <header>
          <div class="heading">
            <h3 id="title">${untrusted(job.label)}</h3>
            <p class="meta muted">${formatBytes(job.bytes)}</p>
          </div>
          <button class="btn icon-btn" type="button" data-testid="share-dismiss"
            aria-label=${job.status === 'hashing' ? msg('Cancel sharing') : msg('Close')}
            title=${job.status === 'hashing' ? msg('Cancel sharing') : msg('Close')}
            @click=${() => this.dispatchEvent(new CustomEvent('dismiss'))}>${icons.close}</button>
        </header>
        ${job.status === 'hashing' ? this.renderHashing(job) : nothing}
        ${job.status === 'ready' && job.magnet ? this.renderReady(job.magnet) : nothing}
        ${job.status === 'error' ? html`<p class="error" role="alert">${job.error}</p>` : nothing}
      </section>
    `;
  }

  private renderHashing(job: ShareJob) {
    const progress = jobProgress(job);
    const pct = percentValue(progress);
    const announced = Math.floor(pct / ANNOUNCE_STEP_PERCENT) * ANNOUNCE_STEP_PERCENT;
    return html`
      <p class="status muted" aria-live="polite">${msg(str`Preparing to share… ${announced}%`)}</p>
      ${progressBar({ progress, label: msg('Hashing progress'), testid: 'hash-progress' })}
    `;
  }

  private renderReady(magnet: string) {
    const link = this.shareUrl(magnet);
    return html`
      <p class="status" role="status">${msg('Ready. Keep this tab open while others download.')}</p>
      <div class="field">
        <label for="link">${msg('Share link')}</label>
        <input id="link" class="text" readonly .value=${link} data-testid="share-link" @focus=${selectAll} />
        <button class="btn primary" type="button" data-testid="copy-share-link" @click=${() => this.copy('link', link)}>
          ${this.copied === 'link' ? icons.check : icons.link}${this.copied === 'link' ? msg('Copied') : msg('Copy link')}
        </button>
      </div>
      <button class="btn small qr-toggle" type="button" data-testid="share-qr" aria-expanded=${this.qr ? 'true' : 'false'}
        @click=${() => (this.qr = !this.qr)}>${icons.qr}${this.qr ? msg('Hide QR code') : msg('QR code')}</button>
      ${this.qr ? html`<rv-qr-code class="qr" .text=${link} .label=${msg(str`QR code of the share link of ${displayText(this.job.label)}`)}></rv-qr-code>` : nothing}
      <div class="field">
        <label for="magnet">${msg('Magnet link')}</label>
        <input id="magnet" class="text" readonly .value=${magnet} data-testid="share-magnet" @focus=${selectAll} />
        <button class="btn" type="button" data-testid="copy-magnet" @click=${() => this.copy('magnet', magnet)}>
          ${this.copied === 'magnet' ? icons.check : icons.copy}${this.copied === 'magnet' ? msg('Copied') : msg('Copy')}
        </button>
      </div>
    `;
  }

  private async copy(which: 'magnet' | 'link', text: string): Promise<void> {
    if (!(await copyText(text))) {
      notifyError(this, msg('Could not copy to the clipboard; select the text and copy it instead.'));
      return;
    }
    this.copied = which;
    clearTimeout(this.copiedTimer);
    this.copiedTimer = setTimeout(() => (this.copied = null), COPIED_FEEDBACK_MS);
  }
}

function selectAll(e: FocusEvent): void {
  (e.target as HTMLInputElement).select();
}

declare global {
  interface HTMLElementTagNameMap {
    'rv-share-card': RvShareCard;
  }
}

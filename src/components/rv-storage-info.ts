// <rv-storage-info>: what the torrents store, what this site uses of what the browser allows
// (navigator.storage.estimate), and the request for persistent storage.

import { LitElement, css, html, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { msg, str } from '@lit/localize';
import { formatBytes, formatPercent } from './format.ts';
import { notifyError } from './events.ts';
import { errorText } from './labels.ts';
import { requestPersistence, storageUse, type StorageUse } from './platform.ts';
import { progressBar } from './progress-bar.ts';
import { base } from './styles.ts';

/** Above this share of the quota the bar and text warn (a download may stop soon). */
const NEARLY_FULL = 0.9;

@customElement('rv-storage-info')
export class RvStorageInfo extends LitElement {
  static override styles = [
    base,
    css`
      :host {
        display: grid;
        gap: 0.5rem;
        font-size: 0.875rem;
      }
      p {
        margin: 0;
      }
      .warn {
        color: var(--rv-danger);
        font-weight: 600;
      }
      .row {
        display: flex;
        flex-wrap: wrap;
        align-items: center;
        gap: 0.5rem;
      }
    `,
  ];

  /** Verified bytes of every torrent (what the torrents store). */
  @property({ type: Number }) torrentBytes = 0;
  @state() private use: StorageUse | null | undefined = undefined;
  @state() private asking = false;
  /** The answer to the last persist() request: false shows why and what helps. */
  @state() private asked: boolean | null = null;

  override connectedCallback(): void {
    super.connectedCallback();
    void this.refresh();
  }

  async refresh(): Promise<void> {
    try {
      this.use = await storageUse();
    } catch (e) {
      this.use = null;
      notifyError(this, errorText(e));
    }
  }

  override render() {
    const use = this.use;
    if (use === undefined) return html`<p class="muted">${msg('Measuring storage…')}</p>`;
    const torrents = html`<p data-testid="storage-torrents">${msg(str`Torrent data: ${formatBytes(this.torrentBytes)}`)}</p>`;
    if (use === null) return html`${torrents}<p class="muted">${msg('This browser does not say how much storage it allows.')}</p>`;
    const share = use.quota > 0 ? use.usage / use.quota : 0;
    return html`${torrents}
      <p data-testid="storage-usage" data-usage=${use.usage} data-quota=${use.quota}>
        ${msg(str`This site uses ${formatBytes(use.usage)} of the ${formatBytes(use.quota)} the browser allows (${formatPercent(share)}).`)}
      </p>
      ${progressBar({ progress: share, label: msg('Storage used'), testid: 'storage-bar' })}
      ${share >= NEARLY_FULL ? html`<p class="warn" role="alert">${msg('Storage is nearly full: downloads will stop when it is. Remove torrents you no longer need.')}</p>` : nothing}
      <div class="row">
        <span data-testid="storage-persisted" data-persisted=${String(use.persisted)}>${
          use.persisted === true
            ? msg('Persistent: the browser will not clear this data to make room.')
            : use.persisted === false
              ? msg('Not persistent: the browser may clear this data when the device runs low on space.')
              : msg('The browser does not say whether this data is kept.')
        }</span>
        ${use.persisted === false
          ? html`<button class="btn small" type="button" data-testid="storage-persist" aria-disabled=${this.asking ? 'true' : 'false'}
              @click=${this.persist}>${msg('Keep my data')}</button>`
          : nothing}
      </div>
      ${this.asked === false ? html`<p class="muted" role="status" data-testid="storage-persist-declined">${msg('The browser declined for now. Browsers grant it to sites you use often or have installed: install Rivulet as an app, or bookmark it, and try again.')}</p>` : nothing}`;
  }

  private readonly persist = async (): Promise<void> => {
    if (this.asking) return;
    this.asking = true;
    try {
      const granted = await requestPersistence();
      this.asked = granted === 'unsupported' ? false : granted;
      await this.refresh();
    } catch (e) {
      notifyError(this, errorText(e));
    } finally {
      this.asking = false;
    }
  };
}

declare global {
  interface HTMLElementTagNameMap {
    'rv-storage-info': RvStorageInfo;
  }
}

// <rv-torrent-limits>: a torrent's own download and upload limits (KiB/s; empty = unlimited), for the detail panel's
// options and for a multi-selection (`infoHashes` takes several; each gets the same limits). The session's limits
// apply on top of these.

import { LitElement, css, html } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { msg, str } from '@lit/localize';
import type { EngineClient } from '../api/client.ts';
import type { TorrentSnapshot } from '../api/protocol.ts';
import { EngineEventController } from './controllers/engine-event-controller.ts';
import { notifyInfo } from './events.ts';
import { errorText } from './labels.ts';
import { limitInputValue, parseLimitInput } from './speed-limits.ts';
import { base } from './styles.ts';

@customElement('rv-torrent-limits')
export class RvTorrentLimits extends LitElement {
  static override styles = [
    base,
    css`
      :host {
        display: block;
        margin-top: 0.75rem;
      }
      form {
        display: flex;
        flex-wrap: wrap;
        align-items: flex-end;
        gap: 0.5rem 0.75rem;
      }
      label {
        display: grid;
        gap: 0.15rem;
        font-size: 0.8125rem;
      }
      input {
        width: 8rem;
        min-height: 2.25rem;
        padding: 0.3rem 0.5rem;
        border: 1px solid var(--rv-border);
        border-radius: 8px;
        background: var(--rv-surface);
        color: inherit;
        font: inherit;
      }
      input:focus-visible,
      button:focus-visible {
        outline: none;
        box-shadow: var(--rv-focus);
      }
      .hint {
        margin: 0.35rem 0 0;
        color: var(--rv-muted);
        font-size: 0.75rem;
      }
      .problem {
        margin: 0.35rem 0 0;
        color: var(--rv-danger);
        font-size: 0.8125rem;
      }
    `,
  ];

  @property({ attribute: false }) client?: EngineClient;
  /** The torrents to limit: one (the detail panel) or a selection. */
  @property({ attribute: false }) infoHashes: readonly string[] = [];
  @state() private torrents: readonly TorrentSnapshot[] = [];
  @state() private problem: string | null = null;
  @state() private busy = false;
  /** The field values, taken from the torrents when the selection changes (not on every snapshot, so typing stays). */
  @state() private down = '';
  @state() private up = '';
  private shownFor = '';

  private readonly snapshots = new EngineEventController(this, () => this.client, 'snapshot', (e) => {
    this.torrents = e.torrents;
  });

  override willUpdate(): void {
    const key = this.infoHashes.join(',');
    if (key !== this.shownFor) {
      const selected = this.torrents.filter((t) => this.infoHashes.includes(t.infoHashHex));
      if (selected.length === 0) return;
      this.shownFor = key;
      this.down = common(selected.map((t) => limitInputValue(t.downloadLimit)));
      this.up = common(selected.map((t) => limitInputValue(t.uploadLimit)));
      this.problem = null;
    }
  }

  override render() {
    const many = this.infoHashes.length > 1;
    return html`<form data-testid="torrent-limits" @submit=${this.onSubmit} novalidate>
        <label>${msg('Download limit (KiB/s)')}
          <input name="down" type="text" inputmode="decimal" autocomplete="off" data-testid="torrent-limit-down"
            placeholder=${msg('Unlimited')} .value=${this.down} @input=${(e: Event) => (this.down = (e.target as HTMLInputElement).value)} />
        </label>
        <label>${msg('Upload limit (KiB/s)')}
          <input name="up" type="text" inputmode="decimal" autocomplete="off" data-testid="torrent-limit-up"
            placeholder=${msg('Unlimited')} .value=${this.up} @input=${(e: Event) => (this.up = (e.target as HTMLInputElement).value)} />
        </label>
        <button class="btn small" type="submit" data-testid="torrent-limits-apply" aria-disabled=${this.busy ? 'true' : 'false'}>
          ${many ? msg(str`Apply to ${this.infoHashes.length} torrents`) : msg('Apply')}</button>
      </form>
      ${this.problem
        ? html`<p class="problem" role="alert" data-testid="torrent-limits-problem">${this.problem}</p>`
        : html`<p class="hint">${msg('Empty: no limit of its own. The global limits apply as well.')}</p>`}`;
  }

  private async onSubmit(e: SubmitEvent): Promise<void> {
    e.preventDefault();
    if (this.busy || !this.client) return;
    const down = parseLimitInput(this.down, msg('Download limit'));
    const up = parseLimitInput(this.up, msg('Upload limit'));
    if (!down.ok || !up.ok) {
      this.problem = !down.ok ? down.text : !up.ok ? up.text : null;
      return;
    }
    this.busy = true;
    this.problem = null;
    try {
      for (const infoHashHex of this.infoHashes) {
        await this.client.call({ type: 'set-torrent-limits', infoHashHex, download: down.value, upload: up.value });
      }
      notifyInfo(this, msg('Speed limits saved.'));
    } catch (err) {
      this.problem = errorText(err);
    } finally {
      this.busy = false;
    }
  }
}

/** The value all share, or '' when they differ (shown as the "Unlimited" placeholder; saving sets them all). */
function common(values: readonly string[]): string {
  return values.every((v) => v === values[0]) ? (values[0] ?? '') : '';
}

declare global {
  interface HTMLElementTagNameMap {
    'rv-torrent-limits': RvTorrentLimits;
  }
}

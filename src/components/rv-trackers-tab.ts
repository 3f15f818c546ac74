// <rv-trackers-tab>: a torrent's trackers with what each reports (state, seeders, leechers, last error, next
// announce), read from the network layer every second; trackers can be added and removed (set-trackers).

import { LitElement, css, html, nothing } from 'lit';
import { customElement, property, query, state } from 'lit/decorators.js';
import { repeat } from 'lit/directives/repeat.js';
import { msg, str } from '@lit/localize';
import type { EngineClient } from '../api/client.ts';
import type { TorrentSnapshot } from '../api/protocol.ts';
import { checkTrackerUrl } from '../api/torrent-edits.ts';
import { setTrackers } from './actions.ts';
import { ClockController } from './controllers/clock-controller.ts';
import { notifyInfo } from './events.ts';
import { UNKNOWN, formatCountdown } from './format.ts';
import { editProblemText, errorText } from './labels.ts';
import type { AppServices, TrackerReport } from './services.ts';
import { icons } from './icons.ts';
import { base, iconButtonStyles } from './styles.ts';
import { displayText, untrusted } from './untrusted-text.ts';
import { trackerProblemText } from './stall-text.ts';

function stateText(r: TrackerReport | undefined, paused: boolean): string {
  if (!r) return paused ? msg('Not announcing (paused)') : msg('Not contacted yet');
  switch (r.state) {
    case 'online':
      return msg('Working');
    case 'connecting':
      return msg('Connecting');
    case 'error':
      return msg('Error');
    case 'offline':
      return msg('Offline');
  }
}

@customElement('rv-trackers-tab')
export class RvTrackersTab extends LitElement {
  static override styles = [
    base,
    iconButtonStyles,
    css`
      :host {
        display: block;
      }
      /* Columns keep their content's width; a panel narrower than the table scrolls it sideways. */
      .scroll {
        max-width: 100%;
        overflow-x: auto;
        overscroll-behavior-x: contain;
        /* Its content's width never reaches the page's layout (which would widen the page on a phone). */
        contain: inline-size;
        /* Holds the visually hidden (absolutely placed) caption and labels, which would otherwise widen the page. */
        position: relative;
      }
      .scroll:focus-visible {
        outline: 2px solid var(--rv-accent);
        outline-offset: 2px;
      }
      table {
        width: 100%;
        min-width: max-content;
        border-collapse: collapse;
        font-size: 0.8125rem;
      }
      th,
      td {
        padding: 0.35rem 0.5rem;
        border-bottom: 1px solid var(--rv-border);
        text-align: left;
        vertical-align: top;
      }
      th {
        font-size: 0.75rem;
        color: var(--rv-muted);
        white-space: nowrap;
      }
      .url {
        max-width: 16rem;
        overflow: hidden;
        white-space: nowrap;
        text-overflow: ellipsis;
        font-family: var(--rv-mono);
      }
      tr:focus-within .url {
        white-space: normal;
        overflow-wrap: anywhere;
      }
      .state {
        white-space: nowrap;
      }
      .num {
        text-align: right;
        font-variant-numeric: tabular-nums;
        white-space: nowrap;
      }
      /* A sentence: wraps at words inside a column wide enough to read. */
      .err {
        min-width: 14rem;
        max-width: 22rem;
        white-space: normal;
        color: var(--rv-danger);
        overflow-wrap: anywhere;
      }
      p.re {
        display: flex;
        flex-wrap: wrap;
        align-items: center;
        gap: 0.5rem;
        margin: 0.75rem 0 0;
        font-size: 0.8125rem;
      }
      form {
        display: flex;
        gap: 0.5rem;
        margin-top: 0.75rem;
      }
      form input {
        flex: 1;
        min-width: 0;
        font-family: var(--rv-mono);
        font-size: 0.8125rem;
      }
      .problem {
        margin: 0.4rem 0 0;
        color: var(--rv-danger);
        font-size: 0.8125rem;
      }
      p.none {
        margin: 0;
        padding: 0.5rem 0;
        font-size: 0.875rem;
      }
    `,
  ];

  @property({ attribute: false }) client?: EngineClient;
  @property({ attribute: false }) services?: AppServices;
  @property({ attribute: false }) torrent!: TorrentSnapshot;
  @state() private problem: string | null = null;
  @state() private busy = false;
  @query('#tracker-url') private input!: HTMLInputElement;
  private readonly clock = new ClockController(this);

  override render() {
    const t = this.torrent;
    const reports = new Map((this.services?.trackerStatus?.(t.infoHashHex) ?? []).map((r) => [r.url, r] as const));
    const paused = t.state === 'paused';
    return html`
      ${t.trackers.length === 0
        ? html`<p class="none muted" data-testid="no-trackers">${msg('No trackers: peers can only find this torrent through others.')}</p>`
        : html`<div class="scroll" tabindex="0" role="region" aria-label=${msg('Trackers')}><table data-testid="trackers-table">
            <caption class="visually-hidden">${msg('Trackers')}</caption>
            <thead><tr>
              <th scope="col">${msg('URL')}</th><th scope="col">${msg('Status')}</th>
              <th scope="col" class="num">${msg('Seeders')}</th><th scope="col" class="num">${msg('Leechers')}</th>
              <th scope="col">${msg('Last error')}</th><th scope="col" class="num">${msg('Next announce')}</th>
              <th scope="col"><span class="visually-hidden">${msg('Actions')}</span></th>
            </tr></thead>
            <tbody>${repeat(t.trackers, (u) => u, (url) => this.renderTracker(url, reports.get(url), paused))}</tbody>
          </table></div>`}
      ${t.trackers.length > 0 && this.services?.reannounce && !paused
        ? html`<p class="re"><button class="btn small" type="button" data-testid="tracker-reannounce" @click=${this.reannounce}>
            ${icons.upload}${msg('Reannounce now')}</button>
            <span class="muted">${this.nextAnnounceText(reports)}</span></p>`
        : nothing}
      <form @submit=${this.onAdd} novalidate>
        <label class="visually-hidden" for="tracker-url">${msg('Tracker URL to add')}</label>
        <input id="tracker-url" class="text" type="url" inputmode="url" autocomplete="off" spellcheck="false"
          placeholder="wss://tracker.example/announce" data-testid="tracker-input"
          aria-invalid=${this.problem ? 'true' : 'false'} aria-describedby=${this.problem ? 'tracker-problem' : nothing}
          @input=${() => (this.problem = null)} />
        <button class="btn" type="submit" data-testid="tracker-add" aria-disabled=${this.busy ? 'true' : 'false'}>${icons.plus}${msg('Add tracker')}</button>
      </form>
      ${this.problem ? html`<p id="tracker-problem" class="problem" role="alert">${this.problem}</p>` : nothing}
    `;
  }

  private renderTracker(url: string, r: TrackerReport | undefined, paused: boolean) {
    // The failure in words when the network layer says what it was; else its text (a tracker's warning: untrusted).
    const error = r?.problem ? trackerProblemText(r.problem) : (r?.lastError ?? (r?.warning !== undefined ? msg(str`Tracker warning: ${r.warning}`) : undefined));
    return html`<tr data-testid="tracker-row" data-url=${url} data-state=${r?.state ?? (paused ? 'paused' : 'none')}>
      <td class="url">${untrusted(url)}</td>
      <td class="state" data-testid="tracker-state">${stateText(r, paused)}</td>
      <td class="num" data-testid="tracker-seeders">${r?.seeders ?? UNKNOWN}</td>
      <td class="num" data-testid="tracker-leechers">${r?.leechers ?? UNKNOWN}</td>
      <td class="err" data-testid="tracker-error">${error ? untrusted(error) : ''}</td>
      <td class="num">${r?.nextAnnounceAt !== undefined ? formatCountdown(r.nextAnnounceAt, this.clock.now) : UNKNOWN}</td>
      <td><button class="btn icon ghost danger" type="button" data-testid="tracker-remove" aria-label=${msg(str`Remove tracker ${displayText(url)}`)}
        title=${msg('Remove tracker')} @click=${() => this.removeTracker(url)}>${icons.trash}</button></td>
    </tr>`;
  }

  private readonly reannounce = (): void => {
    this.services?.reannounce?.(this.torrent.infoHashHex);
    notifyInfo(this, msg('Announcing to the trackers now.'));
  };

  /** "Next announce in 1m 40s": the soonest of its trackers. */
  private nextAnnounceText(reports: ReadonlyMap<string, TrackerReport>): string {
    const next = Math.min(...[...reports.values()].map((r) => r.nextAnnounceAt ?? Number.POSITIVE_INFINITY));
    return Number.isFinite(next) ? msg(str`Next announce in ${formatCountdown(next, this.clock.now)}`) : '';
  }

  private async onAdd(e: SubmitEvent): Promise<void> {
    e.preventDefault();
    const checked = checkTrackerUrl(this.input.value);
    if (!checked.ok) {
      this.problem = editProblemText(checked.problem);
      this.input.focus();
      return;
    }
    if (this.torrent.trackers.includes(checked.value)) {
      this.problem = msg('This tracker is already in the list.');
      return;
    }
    if (await this.save([...this.torrent.trackers, checked.value])) {
      this.input.value = '';
      notifyInfo(this, msg('Tracker added.'));
    }
  }

  private async removeTracker(url: string): Promise<void> {
    if (await this.save(this.torrent.trackers.filter((u) => u !== url))) notifyInfo(this, msg('Tracker removed.'));
  }

  private async save(trackers: readonly string[]): Promise<boolean> {
    if (!this.client || this.busy) return false;
    this.busy = true;
    try {
      await setTrackers(this.client, this.torrent.infoHashHex, trackers);
      this.problem = null;
      return true;
    } catch (err) {
      this.problem = errorText(err);
      return false;
    } finally {
      this.busy = false;
    }
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'rv-trackers-tab': RvTrackersTab;
  }
}

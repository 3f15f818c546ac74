// <rv-torrent-info>: the detail panel's "why nothing happens" sentence and the facts a torrent user looks for
// (time active, seeding time, wasted, connected/known seeds and peers, availability, last activity); a fact shows
// only when it is known.

import { LitElement, css, html, nothing } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { msg, str } from '@lit/localize';
import type { TorrentSnapshot } from '../api/protocol.ts';
import { activeSecondsOf, seedingSecondsOf } from './elapsed.ts';
import { ClockController } from './controllers/clock-controller.ts';
import { formatBytes, formatDateTime, formatEta } from './format.ts';
import type { AppServices, TrackerReport } from './services.ts';
import { torrentReason } from './stall-text.ts';
import { base } from './styles.ts';
import { untrusted } from './untrusted-text.ts';

/** The most any one tracker knows of (trackers share swarms, so adding them up would count peers twice). */
function known(reports: readonly TrackerReport[], key: 'seeders' | 'leechers'): number | undefined {
  const values = reports.map((r) => r[key]).filter((v): v is number => v !== undefined);
  return values.length > 0 ? Math.max(...values) : undefined;
}

@customElement('rv-torrent-info')
export class RvTorrentInfo extends LitElement {
  static override styles = [
    base,
    css`
      :host {
        display: block;
      }
      .reason {
        margin: 0 0 0.6rem;
        padding: 0.5rem 0.7rem;
        border-left: 3px solid var(--rv-warning, var(--rv-accent));
        border-radius: 6px;
        background: var(--rv-surface-2);
        font-size: 0.8125rem;
        line-height: 1.4;
      }
      dl {
        display: grid;
        grid-template-columns: repeat(auto-fill, minmax(7rem, 1fr));
        gap: 0.35rem 0.75rem;
        margin: 0;
        font-size: 0.8125rem;
        line-height: 1.3;
      }
      dt {
        color: var(--rv-muted);
        font-size: 0.75rem;
      }
      .wide {
        grid-column: 1 / -1;
      }
      dd {
        margin: 0;
        overflow-wrap: anywhere;
      }
    `,
  ];

  @property({ attribute: false }) torrent!: TorrentSnapshot;
  @property({ attribute: false }) services?: AppServices;
  private readonly clock = new ClockController(this);

  override render() {
    const t = this.torrent;
    const reports = this.services?.trackerStatus?.(t.infoHashHex) ?? [];
    const reason = torrentReason(t, reports, this.clock.now);
    const seedsKnown = known(reports, 'seeders');
    const peersKnown = known(reports, 'leechers');
    const active = activeSecondsOf(t, this.clock.now);
    const seeding = seedingSecondsOf(t, this.clock.now);
    const fact = (label: string, value: string, testid: string) => html`<div><dt>${label}</dt><dd data-testid=${testid}>${value}</dd></div>`;
    return html`${reason ? html`<p class="reason" role="status" data-testid="stall-reason">${reason}</p>` : nothing}
      <dl data-testid="torrent-info">
        ${t.displayName ? html`<div class="wide"><dt>${msg('Original name')}</dt><dd data-testid="info-original-name">${untrusted(t.name)}</dd></div>` : nothing}
        ${fact(msg('Seeds'), seedsKnown !== undefined ? msg(str`${t.seeds} of ${seedsKnown}`) : String(t.seeds), 'info-seeds')}
        ${fact(msg('Peers'), peersKnown !== undefined ? msg(str`${Math.max(0, t.peers - t.seeds)} of ${peersKnown}`) : String(Math.max(0, t.peers - t.seeds)), 'info-peers')}
        ${t.availability !== undefined ? fact(msg('Availability'), t.availability.toFixed(2), 'info-availability') : nothing}
        ${active !== undefined ? fact(msg('Time active'), formatEta(active), 'info-active') : nothing}
        ${seeding !== undefined ? fact(msg('Seeding time'), formatEta(seeding), 'info-seeding') : nothing}
        ${t.wasted !== undefined ? fact(msg('Wasted'), formatBytes(t.wasted), 'info-wasted') : nothing}
        ${t.lastActivityAt !== undefined ? fact(msg('Last activity'), formatDateTime(t.lastActivityAt), 'info-activity') : nothing}
      </dl>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'rv-torrent-info': RvTorrentInfo;
  }
}

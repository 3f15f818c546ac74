// <rv-sidebar>: the list's filters with live counts, as in qBittorrent's WebUI: by state, by label, by tracker host.
// They combine (state × label × tracker × the list's text filter). On a phone the app shows it folded behind a button.

import { LitElement, css, html, nothing } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { msg } from '@lit/localize';
import type { EngineClient } from '../api/client.ts';
import type { TorrentSnapshot } from '../api/protocol.ts';
import { SnapshotController } from './controllers/snapshot-controller.ts';
import { ListViewController, type ListView } from './list-view.ts';
import { filterCounts, STATE_FILTERS, tableRow, type Filter, type FilterCounts, type StateFilter } from './torrent-table.ts';
import { countsKey } from './snapshot-gates.ts';
import { untrusted } from './untrusted-text.ts';
import { base } from './styles.ts';

export function stateFilterLabel(s: StateFilter): string {
  switch (s) {
    case 'all':
      return msg('All');
    case 'downloading':
      return msg('Downloading');
    case 'seeding':
      return msg('Seeding');
    case 'completed':
      return msg('Completed');
    case 'paused':
      return msg('Paused');
    case 'active':
      return msg('Active');
    case 'inactive':
      return msg('Inactive');
    case 'stalled':
      return msg('Stalled');
    case 'errored':
      return msg('Errored');
    case 'queued':
      return msg('Queued');
    case 'checking':
      return msg('Checking');
  }
}

@customElement('rv-sidebar')
export class RvSidebar extends LitElement {
  static override styles = [
    base,
    css`
      :host {
        display: block;
        min-width: 0;
        font-size: 0.8125rem;
      }
      nav {
        display: grid;
        grid-template-columns: minmax(0, 1fr);
        gap: 0.75rem;
      }
      h2 {
        margin: 0 0 0.2rem;
        padding: 0 0.5rem;
        color: var(--rv-muted);
        font-size: 0.6875rem;
        font-weight: 700;
        letter-spacing: 0.06em;
        text-transform: uppercase;
      }
      ul {
        margin: 0;
        padding: 0;
        list-style: none;
      }
      button {
        display: flex;
        align-items: center;
        gap: 0.5rem;
        width: 100%;
        min-height: 2rem;
        padding: 0.2rem 0.5rem;
        border: 0;
        border-radius: 6px;
        background: none;
        color: inherit;
        font: inherit;
        text-align: left;
        cursor: pointer;
      }
      button:hover {
        background: color-mix(in srgb, var(--rv-accent-soft) 60%, transparent);
      }
      button[aria-pressed='true'] {
        background: var(--rv-accent-soft);
        font-weight: 600;
      }
      .name {
        flex: 1;
        min-width: 0;
        overflow: hidden;
        text-overflow: ellipsis;
        white-space: nowrap;
      }
      .n {
        flex: none;
        color: var(--rv-muted);
        font-variant-numeric: tabular-nums;
      }
    `,
  ];

  @property({ attribute: false }) client?: EngineClient;
  @property({ attribute: false }) view?: ListView;
  /** Updated only when a count changed: rates and progress of a downloading torrent rarely move one. */
  private readonly snapshots = new SnapshotController(this, () => this.client, (_, next) => countsKey(this.countsOf(next)) !== this.shownKey);
  private readonly views = new ListViewController(this, () => this.view);
  private counted: { list: readonly TorrentSnapshot[]; counts: FilterCounts } | null = null;
  private shownKey = '';

  private countsOf(list: readonly TorrentSnapshot[]): FilterCounts {
    if (this.counted?.list !== list) this.counted = { list, counts: filterCounts(list.map((t) => tableRow(t))) };
    return this.counted.counts;
  }

  override render() {
    const view = this.view;
    if (!view) return nothing;
    const counts = this.countsOf(this.snapshots.torrents);
    this.shownKey = countsKey(counts);
    const f = view.filter;
    const states = STATE_FILTERS.filter((s) => s !== 'queued' && s !== 'checking' || counts.states[s] > 0 || f.state === s);
    const labels = [...counts.labels].filter(([l, n]) => l !== '' || n > 0);
    const trackers = [...counts.trackers].filter(([h, n]) => h !== '' || n > 0).sort((a, b) => a[0].localeCompare(b[0]));
    return html`<nav aria-label=${msg('Filters')} data-testid="sidebar">
      <section>
        <h2 id="f-state">${msg('Status')}</h2>
        <ul aria-labelledby="f-state">
          ${states.map((s) => this.item(`state-${s}`, stateFilterLabel(s), counts.states[s], f.state === s, { state: s }))}
        </ul>
      </section>
      <section>
        <h2 id="f-label">${msg('Labels')}</h2>
        <ul aria-labelledby="f-label">
          ${this.item('label-any', msg('All'), counts.states.all, f.label === null, { label: null })}
          ${labels.map(([l, n]) => this.item(l === '' ? 'label-none' : `label=${l}`, l === '' ? msg('No label') : untrusted(l, 'name'), n,
            f.label !== null && f.label.toLocaleLowerCase() === l.toLocaleLowerCase(), { label: l }))}
        </ul>
      </section>
      <section>
        <h2 id="f-tracker">${msg('Trackers')}</h2>
        <ul aria-labelledby="f-tracker">
          ${this.item('tracker-any', msg('All'), counts.states.all, f.tracker === null, { tracker: null })}
          ${trackers.map(([h, n]) => this.item(h === '' ? 'tracker-none' : `tracker=${h}`, h === '' ? msg('No tracker') : untrusted(h, 'name'), n,
            f.tracker === h, { tracker: h }))}
        </ul>
      </section>
    </nav>`;
  }

  private item(id: string, label: unknown, count: number, on: boolean, patch: Partial<Filter>) {
    return html`<li><button type="button" data-testid=${`filter-${id}`} data-count=${count} aria-pressed=${on ? 'true' : 'false'}
      @click=${() => this.view?.setFilter(patch)}><span class="name">${label}</span><span class="n">${count}</span></button></li>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'rv-sidebar': RvSidebar;
  }
}

// <rv-status-bar>: the whole client at a glance, as at the foot of qBittorrent: download and upload speed, this
// session's totals, connected peers, storage used and free, how many trackers answer; and the speed control
// (<rv-speed-control>, built elsewhere) when it is registered.

import { LitElement, css, html, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { msg, str } from '@lit/localize';
import type { EngineClient } from '../api/client.ts';
import type { TorrentSnapshot } from '../api/protocol.ts';
import { SnapshotController } from './controllers/snapshot-controller.ts';
import { TrackerReportController } from './controllers/tracker-report-controller.ts';
import { sameValues } from './snapshot-gates.ts';
import { formatBytes, formatRate } from './format.ts';
import { storageUse, type StorageUse } from './platform.ts';
import type { AppServices, ConnectionBudgetReport, TrackerReport } from './services.ts';
import { icons } from './icons.ts';
import { base } from './styles.ts';

/** Storage use changes slowly; asking the browser more often costs for nothing. */
const STORAGE_REFRESH_MS = 30_000;

/** Distinct trackers over all torrents and how many of them answered (any torrent's report "online" counts). */
export function trackerReach(reports: readonly (readonly TrackerReport[])[]): { reachable: number; total: number } {
  const best = new Map<string, boolean>();
  for (const list of reports) for (const r of list) best.set(r.url, (best.get(r.url) ?? false) || r.state === 'online');
  return { reachable: [...best.values()].filter(Boolean).length, total: best.size };
}

@customElement('rv-status-bar')
export class RvStatusBar extends LitElement {
  static override styles = [
    base,
    css`
      :host {
        display: block;
        min-width: 0;
        border-top: 1px solid var(--rv-border);
        background: var(--rv-surface);
        font-size: 0.75rem;
        color: var(--rv-muted);
      }
      .status {
        display: flex;
        flex-wrap: wrap;
        align-items: center;
        gap: 0.15rem 1.1rem;
        padding: 0.3rem 1rem;
        min-height: 2rem;
      }
      .item {
        display: inline-flex;
        align-items: center;
        gap: 0.3rem;
        white-space: nowrap;
        font-variant-numeric: tabular-nums;
      }
      .item strong {
        color: var(--rv-text);
        font-weight: 600;
      }
      svg {
        width: 1em;
        height: 1em;
      }
      .bad {
        color: var(--rv-danger);
      }
      /* A sentence, not a figure: it wraps rather than run off a phone's screen. */
      .item.sentence {
        white-space: normal;
        min-width: 0;
      }
      .slot {
        margin-left: auto;
      }
    `,
  ];

  @property({ attribute: false }) client?: EngineClient;
  @property({ attribute: false }) services?: AppServices;
  @state() private storage: StorageUse | null = null;
  /** All torrents, all time, removed ones included (the engine keeps it across reloads). */
  @state() private allTime: { downloaded: number; uploaded: number; wasted: number } | null = null;
  /** Updated only when a number it shows changed (formatted: a rate moving in its third digit is not a change). */
  private readonly snapshots = new SnapshotController(this, () => this.client, (_, next) => !sameValues(this.shown, this.values(next)));
  /** How many trackers answer moves with their answers, not with snapshots. */
  private readonly trackerReports = new TrackerReportController(this, () => this.services, () => !sameValues(this.shown, this.values(this.snapshots.torrents)));
  private shown: StatusValues | null = null;
  /** Uploaded bytes per torrent when this page first saw it: the session's upload is what came after. */
  private readonly uploadBase = new Map<string, number>();
  private timer: ReturnType<typeof setInterval> | undefined;

  override connectedCallback(): void {
    super.connectedCallback();
    void this.refreshSlow();
    this.timer = setInterval(() => void this.refreshSlow(), STORAGE_REFRESH_MS);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    clearInterval(this.timer);
  }

  /** What changes slowly or costs a round trip: storage use, and the all-time totals shown on hover. */
  private async refreshSlow(): Promise<void> {
    await Promise.all([this.refreshStorage(), this.refreshAllTime()]);
  }

  override updated(): void {
    // The engine connects after the bar: ask once as soon as it can answer, then with the slow refresh.
    if (!this.askedAllTime && this.client?.connected) {
      this.askedAllTime = true;
      void this.refreshAllTime();
    }
  }

  private askedAllTime = false;

  private async refreshAllTime(): Promise<void> {
    if (!this.client?.connected) return;
    try {
      this.allTime = (await this.client.call({ type: 'traffic-history' })).allTime ?? null;
    } catch (e) {
      console.debug('all-time totals not available', e); // the tooltip then just leaves them out
    }
  }

  private async refreshStorage(): Promise<void> {
    try {
      this.storage = await storageUse();
    } catch (e) {
      console.debug('storage estimate refused', e); // the item then just says nothing about storage
      this.storage = null;
    }
  }

  private values(ts: readonly TorrentSnapshot[]): StatusValues {
    let down = 0;
    let up = 0;
    let peers = 0;
    let got = 0;
    let sent = 0;
    for (const t of ts) {
      down += t.downloadRate;
      up += t.uploadRate;
      peers += t.peers;
      got += t.receivedThisSession;
      if (!this.uploadBase.has(t.infoHashHex)) this.uploadBase.set(t.infoHashHex, t.uploaded);
      sent += Math.max(0, t.uploaded - this.uploadBase.get(t.infoHashHex)!);
    }
    const reach = trackerReach(ts.map((t) => this.services?.trackerStatus?.(t.infoHashHex) ?? []));
    const budget = this.services?.connectionBudget?.() ?? null;
    return {
      down: formatRate(down),
      up: formatRate(up),
      peers,
      got: formatBytes(got),
      sent: formatBytes(sent),
      reachable: reach.reachable,
      trackers: reach.total,
      budget: budget && budget.state !== 'ok' ? `${budget.state} ${budget.connections} ${budget.limit}` : '',
    };
  }

  override render() {
    const v = (this.shown = this.values(this.snapshots.torrents));
    const { peers } = v;
    const reach = { reachable: v.reachable, total: v.trackers };
    const s = this.storage;
    return html`<div class="status" role="status" aria-label=${msg('Status')} data-testid="status-bar">
      <span class="item" data-testid="status-down" title=${msg('Download speed, all torrents')}>${icons.down}<strong>${v.down}</strong></span>
      <span class="item" data-testid="status-up" title=${msg('Upload speed, all torrents')}>${icons.up}<strong>${v.up}</strong></span>
      <span class="item" data-testid="status-session"
        title=${this.allTime ? msg(str`All time: ${formatBytes(this.allTime.downloaded)} down, ${formatBytes(this.allTime.uploaded)} up, ${formatBytes(this.allTime.wasted)} wasted`) : nothing}
        >${msg(str`Session: ${v.got} down, ${v.sent} up`)}</span>
      <span class="item" data-testid="status-peers">${peers === 1 ? msg('1 peer connected') : msg(str`${peers} peers connected`)}</span>
      ${s
        ? html`<span class="item" data-testid="status-storage">${msg(str`Storage: ${formatBytes(s.usage)} used, ${formatBytes(Math.max(0, s.quota - s.usage))} free`)}</span>`
        : nothing}
      ${reach.total > 0
        ? html`<span class="item ${reach.reachable < reach.total ? 'bad' : ''}" data-testid="status-trackers" data-reachable=${reach.reachable}
            data-total=${reach.total}>${msg(str`${reach.reachable} of ${reach.total} trackers reachable`)}</span>`
        : nothing}
      ${budgetItem(this.services?.connectionBudget?.() ?? null)}
      ${customElements.get('rv-speed-control')
        ? html`<span class="slot"><rv-speed-control .client=${this.client} .services=${this.services}></rv-speed-control></span>`
        : nothing}
    </div>`;
  }
}

/** What the bar shows from snapshots (and the services' tracker and connection reports), as compared. */
interface StatusValues {
  readonly down: string;
  readonly up: string;
  readonly peers: number;
  readonly got: string;
  readonly sent: string;
  readonly reachable: number;
  readonly trackers: number;
  readonly budget: string;
}

/** Said only when it matters: new peers cannot connect until others leave. */
function budgetItem(b: ConnectionBudgetReport | null) {
  if (!b || b.state === 'ok') return nothing;
  const text = b.state === 'full'
    ? msg(str`Connection limit reached (${b.connections} of ${b.limit}): new peers wait until others leave`)
    : msg(str`The browser refuses more connections (${b.connections} open): new peers wait until others leave`);
  return html`<span class="item bad sentence" data-testid="status-connection-limit" data-state=${b.state}>${text}</span>`;
}

declare global {
  interface HTMLElementTagNameMap {
    'rv-status-bar': RvStatusBar;
  }
}

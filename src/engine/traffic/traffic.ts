// Traffic per torrent and for the whole session: per-second history (traffic-history.ts) and totals, taken from the
// torrents' payload counters on every tick (the counters themselves are persisted with each torrent).

import { TrafficHistory, type TrafficSamples } from './traffic-history.ts';

export interface CountedTorrent {
  readonly infoHashHex: string;
  readonly downloaded: number;
  readonly uploaded: number;
  readonly wasted: number;
}

export interface TrafficTotals {
  readonly downloaded: number;
  readonly uploaded: number;
  readonly wasted: number;
}

interface Seen {
  downloaded: number;
  uploaded: number;
  wasted: number;
  readonly history: TrafficHistory;
}

export class Traffic {
  private readonly seen = new Map<string, Seen>();
  private readonly global = new TrafficHistory();
  private session = { downloaded: 0, uploaded: 0, wasted: 0 };
  /** What removed torrents had moved: kept (and persisted) so all-time totals do not shrink when one goes. */
  private retired = { downloaded: 0, uploaded: 0, wasted: 0 };

  /** Counts what every torrent moved since the last tick; `nowMs` is the engine clock. */
  tick(torrents: Iterable<CountedTorrent>, nowMs: number): void {
    const second = Math.floor(nowMs / 1000);
    let down = 0;
    let up = 0;
    for (const t of torrents) {
      let s = this.seen.get(t.infoHashHex);
      if (!s) {
        // First sight (added or restored): its counters so far happened before, not in this second.
        this.seen.set(t.infoHashHex, { downloaded: t.downloaded, uploaded: t.uploaded, wasted: t.wasted, history: new TrafficHistory() });
        continue;
      }
      const d = Math.max(0, t.downloaded - s.downloaded);
      const u = Math.max(0, t.uploaded - s.uploaded);
      const w = Math.max(0, t.wasted - s.wasted);
      s.downloaded = t.downloaded;
      s.uploaded = t.uploaded;
      s.wasted = t.wasted;
      s.history.record(second, d, u);
      down += d;
      up += u;
      this.session.wasted += w;
    }
    this.session.downloaded += down;
    this.session.uploaded += up;
    this.global.record(second, down, up);
  }

  /** A torrent is removed: its history goes, its counters move into the retired totals. */
  retire(t: CountedTorrent): void {
    this.seen.delete(t.infoHashHex);
    this.retired.downloaded += t.downloaded;
    this.retired.uploaded += t.uploaded;
    this.retired.wasted += t.wasted;
  }

  /** The retired totals saved by an earlier run (added to, so a removal during start-up is not lost). */
  restoreRetired(totals: TrafficTotals): void {
    this.retired.downloaded += totals.downloaded;
    this.retired.uploaded += totals.uploaded;
    this.retired.wasted += totals.wasted;
  }

  /** What removed torrents moved, all time (persist this after a removal). */
  retiredTotals(): TrafficTotals {
    return { ...this.retired };
  }

  /** Payload moved all time: the torrents still here, and every torrent removed. */
  allTime(torrents: Iterable<CountedTorrent>): TrafficTotals {
    const sum = { ...this.retired };
    for (const t of torrents) {
      sum.downloaded += t.downloaded;
      sum.uploaded += t.uploaded;
      sum.wasted += t.wasted;
    }
    return sum;
  }

  /** One torrent's last minutes, or every torrent's together (no id); null for a torrent not seen yet. */
  history(nowMs: number, infoHashHex?: string): TrafficSamples | null {
    const second = Math.floor(nowMs / 1000);
    if (infoHashHex === undefined) return this.global.samples(second);
    return this.seen.get(infoHashHex)?.history.samples(second) ?? null;
  }

  /** Payload moved since the session started (torrents removed since included). */
  sessionTotals(): TrafficTotals {
    return { ...this.session };
  }
}

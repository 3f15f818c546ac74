// The download queue: with a limit on active downloads, the oldest-added downloads run and the rest wait as
// "queued" (paused in the engine, unannounced) until a slot frees up. planQueue decides (pure); DownloadQueue
// applies its plan to the session's torrents for the host.

import type { Torrent } from '../../engine/torrent.ts';
import type { TorrentExtras } from './persistence.ts';

export interface QueueEntry {
  readonly infoHashHex: string;
  readonly addedAt: number;
  /** Still has wanted data to fetch and the user has not paused it (queued entries count as wanting). */
  readonly wants: boolean;
  readonly queued: boolean;
  /** Started ahead of the queue (Play pressed): never queued, takes no slot. */
  readonly forced?: boolean;
}

export interface QueuePlan {
  /** Queued torrents to start now. */
  readonly start: readonly string[];
  /** Running downloads to queue (paused by the queue, not by the user). */
  readonly queue: readonly string[];
}

/**
 * The first `maxActive` wanting downloads, oldest added first, run; every later one waits. `maxActive` <= 0 means
 * no limit. FIFO by design: a download the user resumes keeps its place in the order of adding.
 */
export function planQueue(entries: readonly QueueEntry[], maxActive: number): QueuePlan {
  const wanting = entries.filter((e) => e.wants && !e.forced).sort((a, b) => a.addedAt - b.addedAt || (a.infoHashHex < b.infoHashHex ? -1 : 1));
  const limit = maxActive > 0 ? maxActive : Number.POSITIVE_INFINITY;
  const start: string[] = [];
  const queue: string[] = [];
  wanting.forEach((e, i) => {
    if (i < limit && e.queued) start.push(e.infoHashHex);
    if (i >= limit && !e.queued) queue.push(e.infoHashHex);
  });
  // Queued entries that no longer want anything (completed, say) are released too.
  for (const e of entries) if (!e.wants && e.queued) start.push(e.infoHashHex);
  return { start, queue };
}

export interface QueueEffects {
  /** Per-torrent extras (the `queued` flag lives there and is persisted as "not paused"). */
  readonly extras: Map<string, TorrentExtras>;
  save(t: Torrent): void;
  announce(t: Torrent): void;
  unannounce(infoHashHex: string): void;
}

export class DownloadQueue {
  /** EngineSettings.maxActiveDownloads (0: no limit). */
  maxActive = 0;

  /** Still has wanted data to fetch and is not paused by the user (a torrent waiting for a file choice is not). */
  private wants(t: Torrent, queued: boolean): boolean {
    if (queued) return !t.complete;
    return (t.status === 'downloading' || t.status === 'metadata') && !t.awaitingSelection;
  }

  /**
   * Play pressed on a paused or queued download: it runs now, ahead of the queue (qBittorrent's "force start") and
   * outside its slots, until the user pauses it (which clears `forced`).
   */
  forceStart(t: Torrent, extras: Map<string, TorrentExtras>): void {
    const x = extras.get(t.infoHashHex) ?? { addedAt: Date.now(), labels: [] };
    x.queued = false;
    x.forced = true;
    extras.set(t.infoHashHex, x);
    t.resume();
  }

  /** Pauses and unannounces what must wait; resumes and announces what may start. */
  apply(torrents: Iterable<Torrent>, fx: QueueEffects): void {
    const all = new Map<string, Torrent>();
    for (const t of torrents) all.set(t.infoHashHex, t);
    const plan = planQueue(
      [...all.values()].map((t) => {
        const x = fx.extras.get(t.infoHashHex);
        const queued = x?.queued === true;
        return { infoHashHex: t.infoHashHex, addedAt: x?.addedAt ?? Date.now(), wants: this.wants(t, queued), queued, forced: x?.forced === true };
      }),
      this.maxActive,
    );
    for (const infoHashHex of plan.queue) {
      const t = all.get(infoHashHex)!;
      const x = fx.extras.get(infoHashHex);
      if (x) x.queued = true;
      else fx.extras.set(infoHashHex, { addedAt: Date.now(), labels: [], queued: true });
      t.pause();
      fx.save(t);
      fx.unannounce(infoHashHex);
    }
    for (const infoHashHex of plan.start) {
      const t = all.get(infoHashHex)!;
      const x = fx.extras.get(infoHashHex);
      if (x) x.queued = false;
      t.resume();
      fx.save(t);
      if (t.status !== 'paused') fx.announce(t);
    }
  }
}

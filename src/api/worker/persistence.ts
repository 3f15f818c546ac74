// Keeps each torrent's resume record current (debounced) and turns records back into torrents at start-up.

import { metainfoFromInfo, parseTorrent } from '../../engine/metainfo/metainfo.ts';
import type { ResumeDb, ResumeRecord } from '../../engine/ports.ts';
import type { Session } from '../../engine/session.ts';
import type { Torrent } from '../../engine/torrent.ts';
import { toMagnet } from '../../engine/metainfo/magnet.ts';
import { fromHex } from '../../engine/bytes.ts';

/** Counters (uploaded/downloaded) are saved at most this often; state changes go out at once. */
const COUNTER_SAVE_MS = 10_000;

/** What the engine does not hold itself but the record does. */
export interface TorrentExtras {
  addedAt: number;
  completedAt?: number;
  labels: string[];
  /** The user's name for the torrent (`rename`). */
  displayName?: string;
  torrentBytes?: Uint8Array;
  storageId?: string;
  /** Paused by the download queue: saved as not paused, so the queue decides again at start-up. */
  queued?: boolean;
  /** Started by a stream ahead of the queue: runs whatever the limit and takes no slot. Not saved. */
  forced?: boolean;
}

export class Persistence {
  readonly extras = new Map<string, TorrentExtras>();
  private readonly dirty = new Set<string>();
  /** Writes run one after another, so a delete can never be overtaken by an older put. */
  private chain: Promise<void> = Promise.resolve();
  private lastCounterSave = 0;

  constructor(private readonly db: ResumeDb) {}

  record(t: Torrent): ResumeRecord {
    const x = this.extras.get(t.infoHashHex) ?? { addedAt: Date.now(), labels: [] };
    const meta = t.metainfo;
    return {
      infoHashHex: t.infoHashHex,
      ...(meta ? { infoBytes: meta.infoBytes } : {}),
      ...(x.torrentBytes ? { torrentBytes: x.torrentBytes } : {}),
      magnet: toMagnet({ infoHash: t.infoHash, name: t.name, trackers: t.trackers, webSeeds: t.webSeeds }),
      name: t.name,
      trackers: t.trackers,
      webSeeds: t.webSeeds,
      ...(meta ? { filePriorities: t.filePriorities } : {}),
      paused: t.status === 'paused' && !x.queued,
      addedAt: x.addedAt,
      ...(x.completedAt !== undefined ? { completedAt: x.completedAt } : {}),
      uploaded: t.uploaded,
      downloaded: t.downloaded,
      labels: x.labels,
      ...(x.displayName ? { displayName: x.displayName } : {}),
      ...(x.storageId ? { storageId: x.storageId } : {}),
      ...(t.selectFirst ? { selectFirst: true } : {}),
    };
  }

  /** Saves a torrent's record (after any writes already queued). */
  save(t: Torrent): void {
    this.dirty.add(t.infoHashHex);
    this.flush([t]);
  }

  /** Saves counters of every torrent, at most every COUNTER_SAVE_MS (called from the tick). */
  saveCounters(session: Session, now: number): void {
    if (now - this.lastCounterSave < COUNTER_SAVE_MS) return;
    this.lastCounterSave = now;
    for (const t of session.torrents.values()) this.dirty.add(t.infoHashHex);
    this.flush([...session.torrents.values()]);
  }

  private flush(torrents: readonly Torrent[]): void {
    this.chain = this.chain
      .then(async () => {
        // The record is built when the write runs, so it carries the latest state.
        const batch = torrents.filter((t) => this.dirty.delete(t.infoHashHex));
        await Promise.all(batch.map((t) => this.db.put(this.record(t))));
      })
      .catch((e: unknown) => console.warn('Saving torrent state failed', e));
  }

  /** Resolves when every queued write has finished. */
  settled(): Promise<void> {
    return this.chain;
  }

  forget(infoHashHex: string): Promise<void> {
    this.extras.delete(infoHashHex);
    this.dirty.delete(infoHashHex);
    this.chain = this.chain.then(() => this.db.delete(infoHashHex)).catch((e: unknown) => console.warn('Forgetting a torrent failed', e));
    return this.chain;
  }

  /** Re-adds every saved torrent; a record that no longer parses is reported and skipped, never fatal. */
  async restore(session: Session, onError: (infoHashHex: string, e: unknown) => void): Promise<Torrent[]> {
    const restored: Torrent[] = [];
    for (const r of await this.db.list()) {
      try {
        this.extras.set(r.infoHashHex, {
          addedAt: r.addedAt,
          ...(r.completedAt !== undefined ? { completedAt: r.completedAt } : {}),
          labels: [...(r.labels ?? [])],
          ...(r.displayName ? { displayName: r.displayName } : {}),
          ...(r.torrentBytes ? { torrentBytes: r.torrentBytes } : {}),
          ...(r.storageId ? { storageId: r.storageId } : {}),
        });
        const common = {
          trackers: r.trackers,
          webSeeds: r.webSeeds,
          ...(r.filePriorities ? { filePriorities: r.filePriorities } : {}),
          paused: r.paused,
          uploaded: r.uploaded,
          downloaded: r.downloaded,
          ...(r.storageId ? { storageId: r.storageId } : {}),
          ...(r.selectFirst ? { selectFirst: true } : {}),
        };
        const hasher = session.hasher;
        let t: Torrent;
        if (r.torrentBytes) t = await session.addMetainfo(await parseTorrent(r.torrentBytes, hasher), common);
        else if (r.infoBytes) t = await session.addMetainfo(await metainfoFromInfo(r.infoBytes, hasher, { announce: [[...r.trackers]] }), common);
        else t = await session.add({ ...common, infoHash: fromHex(r.infoHashHex)!, name: r.name });
        restored.push(t);
      } catch (e) {
        onError(r.infoHashHex, e);
      }
    }
    return restored;
  }
}

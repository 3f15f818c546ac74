// Keeps each torrent's resume record current (debounced) and turns records back into torrents at start-up.

import { metainfoFromInfo, parseTorrent } from '../../engine/metainfo/metainfo.ts';
import type { ResumeDb, ResumeRecord } from '../../engine/ports.ts';
import type { Session } from '../../engine/session.ts';
import type { Torrent } from '../../engine/torrent.ts';
import { toMagnet } from '../../engine/metainfo/magnet.ts';
import { fromHex } from '../../engine/bytes.ts';
import type { LifecycleRecord } from '../../engine/lifecycle/states.ts';
import { limitFields } from './snapshot.ts';
import { retiredTrafficOf, retiredTrafficRecord } from './retired-traffic.ts';
import { carriedClocks, heartbeatOf, heartbeatRecord, isHeartbeat } from './clock-heartbeat.ts';
import type { TrafficTotals } from '../../engine/traffic/traffic.ts';

/**
 * Counters (uploaded, downloaded, and any other number in the record) are saved at most this often, and only for
 * torrents whose numbers changed; state changes go out at once. Running clocks alone do not make a record due: one
 * heartbeat carries them (clock-heartbeat.ts). A worker killed at any moment loses at most this much counting (the
 * page also asks for a `persist` when it is hidden or closed).
 */
export const COUNTER_SAVE_MS = 1000;

/**
 * Whether the counters are due for a save at `now`. The tick (every ~250 ms) that lands a little early must not
 * wait for the next one, or saves would come every 1.25 s; half a tick of slack keeps them at ~1 s.
 */
export function counterSaveDue(now: number, lastSave: number, tickMs = 250): boolean {
  return now - lastSave >= COUNTER_SAVE_MS - tickMs / 2;
}

/** What the engine does not hold itself but the record does. */
export interface TorrentExtras {
  addedAt: number;
  completedAt?: number;
  labels: string[];
  /** The user's name for the torrent (`rename`). */
  displayName?: string;
  torrentBytes?: Uint8Array;
  storageId?: string;
}

/** An engine clock time as epoch ms (`now`: the engine clock now). */
function epochOf(monotonic: number, now: number): number {
  return Math.round(Date.now() - (now - monotonic));
}

export class Persistence {
  readonly extras = new Map<string, TorrentExtras>();
  /** Info hash -> storage id of torrents removed with their data kept under a storage id of their own. */
  readonly kept = new Map<string, string>();
  private readonly dirty = new Set<string>();
  /** Writes run one after another, so a delete can never be overtaken by an older put. */
  private chain: Promise<void> = Promise.resolve();
  private lastCounterSave = -Infinity;
  /** Per torrent, the numbers of the record last written (see countersOf). */
  private readonly savedCounters = new Map<string, string>();

  constructor(
    private readonly db: ResumeDb,
    /** The torrent's lifecycle fields (engine/lifecycle: paused by the user, forced, finished, queue place, options). */
    private readonly lifecycleOf: (t: Torrent) => LifecycleRecord,
    private readonly known: (t: Torrent) => boolean = () => true,
  ) {}

  record(t: Torrent): ResumeRecord {
    const x = this.extras.get(t.infoHashHex) ?? { addedAt: Date.now(), labels: [] };
    const meta = t.metainfo;
    const life = this.lifecycleOf(t);
    return {
      infoHashHex: t.infoHashHex,
      ...(meta ? { infoBytes: meta.infoBytes } : {}),
      ...(x.torrentBytes ? { torrentBytes: x.torrentBytes } : {}),
      magnet: toMagnet({ infoHash: t.infoHash, name: t.name, trackers: t.trackers, webSeeds: t.webSeeds }),
      name: t.name,
      trackers: t.trackers,
      webSeeds: t.webSeeds,
      ...(meta ? { filePriorities: t.filePriorities } : {}),
      paused: life.paused,
      ...(life.forced ? { forced: true } : {}),
      ...(life.finished ? { finished: true } : {}),
      queuePosition: life.queuePosition,
      ...(life.options?.seedGoal ? { seedGoal: life.options.seedGoal } : {}),
      ...(life.options?.sequential ? { sequential: true } : {}),
      wasted: t.wasted,
      activeSeconds: life.activeSeconds,
      seedingSeconds: life.seedingSeconds,
      ...(life.lastActivityAt !== undefined ? { lastActivityAt: epochOf(life.lastActivityAt, t.now()) } : {}),
      ...(life.counting ? { counting: life.counting } : {}),
      clockAt: Date.now(),
      addedAt: x.addedAt,
      ...(x.completedAt !== undefined ? { completedAt: x.completedAt } : {}),
      uploaded: t.uploaded,
      downloaded: t.downloaded,
      labels: x.labels,
      ...(x.displayName ? { displayName: x.displayName } : {}),
      ...(x.storageId ? { storageId: x.storageId } : {}),
      ...(t.selectFirst ? { selectFirst: true } : {}),
      ...limitFields(t),
    };
  }

  /** Saves a torrent's record (after any writes already queued). */
  save(t: Torrent): void {
    this.dirty.add(t.infoHashHex);
    this.flush([t]);
  }

  /**
   * Saves the records whose counters changed since their last write, at most every COUNTER_SAVE_MS (called from
   * the tick). Generic over the record: any number in it counts, so new counters need nothing here.
   */
  saveCounters(session: Session, now: number): void {
    if (!counterSaveDue(now, this.lastCounterSave)) return;
    this.lastCounterSave = now;
    const changed: Torrent[] = [];
    let counting = false;
    for (const t of session.torrents.values()) {
      // A torrent still being added has no lifecycle record yet (record() would throw): its add saves it.
      if (!this.known(t)) continue;
      const record = this.record(t);
      counting ||= record.counting !== undefined;
      if (this.savedCounters.get(t.infoHashHex) !== countersOf(record)) changed.push(t);
    }
    for (const t of changed) this.dirty.add(t.infoHashHex);
    if (changed.length > 0) this.flush(changed);
    if (counting) this.beat();
  }

  /** The heartbeat that carries running clocks forward (after the records queued before it). */
  private beat(): void {
    this.chain = this.chain.then(() => this.db.put(heartbeatRecord(Date.now()))).catch((e: unknown) => console.warn('Saving the engine heartbeat failed', e));
  }

  /** Saves every torrent's record now (the page is going away, or another tab takes over); resolves when written. */
  saveAll(torrents: Iterable<Torrent>): Promise<void> {
    const all = [...torrents];
    for (const t of all) {
      this.dirty.add(t.infoHashHex);
      t.flushVerified(); // the verified marks the store still holds, with the record
    }
    this.flush(all);
    this.beat();
    return this.chain;
  }

  private flush(torrents: readonly Torrent[]): void {
    this.chain = this.chain
      .then(async () => {
        // The record is built when the write runs, so it carries the latest state.
        const batch = torrents.filter((t) => this.known(t) && this.dirty.delete(t.infoHashHex));
        await Promise.all(
          batch.map(async (t) => {
            const record = this.record(t);
            await this.db.put(record);
            // A torrent forgotten meanwhile keeps no entry.
            if (this.extras.has(t.infoHashHex)) this.savedCounters.set(t.infoHashHex, countersOf(record));
          }),
        );
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
    this.savedCounters.delete(infoHashHex);
    this.chain = this.chain.then(() => this.db.delete(infoHashHex)).catch((e: unknown) => console.warn('Forgetting a torrent failed', e));
    return this.chain;
  }

  /** Removed, data kept under its own storage id: only that is remembered, so adding it again finds the data. */
  keep(infoHashHex: string, storageId: string, name: string): Promise<void> {
    this.extras.delete(infoHashHex);
    this.dirty.delete(infoHashHex);
    this.kept.set(infoHashHex, storageId);
    const record: ResumeRecord = { infoHashHex, name, trackers: [], webSeeds: [], paused: true, addedAt: Date.now(), uploaded: 0, downloaded: 0, storageId, keptOnly: true };
    this.chain = this.chain.then(() => this.db.put(record)).catch((e: unknown) => console.warn('Keeping a torrent\'s data failed', e));
    return this.chain;
  }

  /** Saves what removed torrents moved (after a removal), so all-time totals keep it. */
  saveRetiredTraffic(totals: TrafficTotals): Promise<void> {
    const record = retiredTrafficRecord(totals);
    this.chain = this.chain.then(() => this.db.put(record)).catch((e: unknown) => console.warn('Saving removed torrents\' traffic failed', e));
    return this.chain;
  }

  /** Re-adds every saved torrent; a record that no longer parses is reported and skipped, never fatal. */
  async restore(session: Session, onError: (infoHashHex: string, e: unknown) => void): Promise<Torrent[]> {
    const restored: Torrent[] = [];
    // In the saved queue order (records from before there was one: oldest added first, after the others).
    const records = (await this.db.list()).sort((a, b) => (a.queuePosition ?? Infinity) - (b.queuePosition ?? Infinity) || a.addedAt - b.addedAt);
    const heartbeat = records.map(heartbeatOf).find((at) => at !== null) ?? null;
    for (const r of records) {
      if (isHeartbeat(r)) continue;
      const retired = retiredTrafficOf(r);
      if (retired) {
        session.traffic.restoreRetired(retired);
        continue;
      }
      if (r.keptOnly) {
        if (r.storageId) this.kept.set(r.infoHashHex, r.storageId);
        continue;
      }
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
          uploaded: r.uploaded,
          downloaded: r.downloaded,
          ...(r.wasted !== undefined ? { wasted: r.wasted } : {}),
          ...(r.storageId ? { storageId: r.storageId } : {}),
          ...(r.selectFirst ? { selectFirst: true } : {}),
          ...(r.downloadLimit !== undefined ? { downloadLimit: r.downloadLimit } : {}),
          ...(r.uploadLimit !== undefined ? { uploadLimit: r.uploadLimit } : {}),
        };
        const life = {
          paused: r.paused,
          ...(r.forced ? { forced: true } : {}),
          ...(r.finished ? { finished: true } : {}),
          options: { ...(r.seedGoal ? { seedGoal: r.seedGoal } : {}), ...(r.sequential ? { sequential: true } : {}) },
          ...carriedClocks(r, heartbeat),
          ...(r.lastActivityAt !== undefined ? { lastActivityAt: r.lastActivityAt - Date.now() + session.now() } : {}),
        };
        const hasher = session.hasher;
        let t: Torrent;
        if (r.torrentBytes) t = await session.addMetainfo(await parseTorrent(r.torrentBytes, hasher), common, life);
        else if (r.infoBytes) t = await session.addMetainfo(await metainfoFromInfo(r.infoBytes, hasher, { announce: [[...r.trackers]] }), common, life);
        else t = await session.add({ ...common, infoHash: fromHex(r.infoHashHex)!, name: r.name }, life);
        restored.push(t);
      } catch (e) {
        onError(r.infoHashHex, e);
      }
    }
    return restored;
  }
}

/**
 * Numbers that do not make a record due: running clocks (the heartbeat carries them) and the last activity, which
 * moves only with the traffic counters (and whose epoch form can differ by a millisecond from one call to the next).
 */
const CLOCK_FIELDS: ReadonlySet<string> = new Set(['activeSeconds', 'seedingSeconds', 'clockAt', 'lastActivityAt']);

/** The record's numbers (counters, dates) but its running clocks, and which clocks run, as one comparable string. */
export function countersOf(record: ResumeRecord): string {
  let out = `counting=${record.counting ?? ''};`;
  for (const [key, value] of Object.entries(record)) if (typeof value === 'number' && !CLOCK_FIELDS.has(key)) out += `${key}=${value};`;
  return out;
}

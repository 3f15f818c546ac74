// Running and seeding time without rewriting every torrent every second. A torrent's record keeps its clocks as of
// when it was written and which of them were running then (`counting`, at `clockAt`); one heartbeat record, written
// every second while any clock runs, says until when the engine was alive. At start-up the running clocks of each
// record are carried forward to the heartbeat, so a kill still loses at most about a second of time, while 1,000 idle
// seeds cost one small write a second instead of 1,000 (each with its info dictionary).

import type { ResumeRecord } from '../../engine/ports.ts';

/** Not an info hash (those are 40 hex digits), so it never meets a torrent's record. */
export const HEARTBEAT_ID = 'engine-heartbeat';

/** The heartbeat: the engine was running at `at` (epoch ms). */
export function heartbeatRecord(at: number): ResumeRecord {
  return { infoHashHex: HEARTBEAT_ID, name: '', trackers: [], webSeeds: [], paused: true, addedAt: 0, downloaded: 0, uploaded: 0, heartbeatAt: at };
}

/** The heartbeat record (well formed or not), never a torrent's. */
export function isHeartbeat(record: ResumeRecord): boolean {
  return record.infoHashHex === HEARTBEAT_ID;
}

/** The time a heartbeat record holds; null for any other record, or one without a usable time. */
export function heartbeatOf(record: ResumeRecord): number | null {
  if (!isHeartbeat(record)) return null;
  const at = record.heartbeatAt;
  return typeof at === 'number' && Number.isFinite(at) ? at : null;
}

/**
 * A record's clocks carried forward to the last heartbeat (epoch ms), for those that were running when it was
 * written. Never backwards (a record written after the last heartbeat, or a clock set back, adds nothing), and never
 * more than the time between them.
 */
export function carriedClocks(r: ResumeRecord, heartbeat: number | null): { activeSeconds?: number; seedingSeconds?: number } {
  const out: { activeSeconds?: number; seedingSeconds?: number } = {};
  if (r.activeSeconds !== undefined) out.activeSeconds = r.activeSeconds;
  if (r.seedingSeconds !== undefined) out.seedingSeconds = r.seedingSeconds;
  if (!r.counting || heartbeat === null || typeof r.clockAt !== 'number' || !Number.isFinite(r.clockAt)) return out;
  const gone = Math.max(0, heartbeat - r.clockAt) / 1000;
  out.activeSeconds = (out.activeSeconds ?? 0) + gone;
  if (r.counting === 'seeding') out.seedingSeconds = (out.seedingSeconds ?? 0) + gone;
  return out;
}

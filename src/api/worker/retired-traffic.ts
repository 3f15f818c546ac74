// The traffic of removed torrents, kept in the resume store as one record of its own, so all-time totals (downloaded,
// uploaded, wasted) do not shrink when a torrent is removed, across reloads too.

import type { ResumeRecord } from '../../engine/ports.ts';
import type { TrafficTotals } from '../../engine/traffic/traffic.ts';

/** Not an info hash (those are 40 hex digits), so it never meets a torrent's record. */
export const RETIRED_TRAFFIC_ID = 'traffic-of-removed-torrents';

export function retiredTrafficRecord(totals: TrafficTotals): ResumeRecord {
  return {
    infoHashHex: RETIRED_TRAFFIC_ID,
    name: '',
    trackers: [],
    webSeeds: [],
    paused: true,
    addedAt: 0,
    downloaded: totals.downloaded,
    uploaded: totals.uploaded,
    wasted: totals.wasted,
    retiredTraffic: true,
  };
}

/** The totals a retired-traffic record holds; null for any other record. Bad numbers count as 0. */
export function retiredTrafficOf(record: ResumeRecord): TrafficTotals | null {
  if (!record.retiredTraffic && record.infoHashHex !== RETIRED_TRAFFIC_ID) return null;
  const n = (x: number | undefined): number => (typeof x === 'number' && Number.isFinite(x) && x > 0 ? x : 0);
  return { downloaded: n(record.downloaded), uploaded: n(record.uploaded), wasted: n(record.wasted) };
}

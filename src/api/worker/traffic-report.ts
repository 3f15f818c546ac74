// The worker's answer to `traffic-history`: the session's per-second traffic (engine/traffic) with epoch times and
// totals, for one torrent or for all.

import type { Session } from '../../engine/session.ts';
import type { CommandOf, TrafficReport } from '../protocol.ts';

export function trafficReport(session: Session, { infoHashHex }: CommandOf<'traffic-history'>): TrafficReport {
  const now = session.now();
  // The end of the current second, in epoch ms.
  const endsAt = Math.round(Date.now() + (1000 - (now % 1000)));
  if (infoHashHex !== undefined) {
    const t = session.require(infoHashHex);
    const samples = session.traffic.history(now, t.infoHashHex);
    return {
      down: samples?.down ?? [],
      up: samples?.up ?? [],
      endsAt,
      totals: { downloaded: t.downloaded, uploaded: t.uploaded, wasted: t.wasted },
    };
  }
  const samples = session.traffic.history(now)!;
  const allTime = session.traffic.allTime(session.torrents.values());
  return { down: samples.down, up: samples.up, endsAt, totals: session.traffic.sessionTotals(), allTime };
}

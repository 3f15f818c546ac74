// Seconds active and seeding from a snapshot: sent as a start time while the count grows (`activeSince`,
// `seedingSince`, epoch ms; the worker and the page share the wall clock), as seconds while it stands still.

import type { TorrentSnapshot } from '../api/protocol.ts';

function elapsed(seconds: number | undefined, since: number | undefined, now: number): number | undefined {
  if (since !== undefined) return Math.max(0, Math.floor((now - since) / 1000));
  return seconds;
}

export function activeSecondsOf(t: TorrentSnapshot, now: number): number | undefined {
  return elapsed(t.activeSeconds, t.activeSince, now);
}

export function seedingSecondsOf(t: TorrentSnapshot, now: number): number | undefined {
  return elapsed(t.seedingSeconds, t.seedingSince, now);
}

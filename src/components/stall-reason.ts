// Why a torrent finds no peer, as data built from what is known (tracker reports, peer count, how long it has
// looked): the input of the sentence the row and the detail panel show (stall-text.ts words it). Pure.

import type { TorrentState } from '../api/protocol.ts';
import type { TrackerProblem, TrackerReport } from './services.ts';

/** How long a torrent may look for peers before it says why it has none. */
export const STALL_AFTER_MS = 10_000;

export interface StallInput {
  readonly state: TorrentState;
  readonly hasMetadata: boolean;
  /** Connected peers now. */
  readonly peers: number;
  /** How long it has been looking without a peer (ms). */
  readonly peerlessMs: number;
  /** The torrent's tracker URLs. */
  readonly trackers: readonly string[];
  /** What the network layer reports for them (a tracker without a report has not been tried yet). */
  readonly reports: readonly TrackerReport[];
}

export interface UnreachableTracker {
  readonly url: string;
  readonly problem: TrackerProblem;
}

export interface StallReason {
  /** A magnet still waiting for the info dictionary: it says "Fetching metadata" with the reason. */
  readonly fetchingMetadata: boolean;
  readonly trackerCount: number;
  /** Trackers that answered our announce. */
  readonly answered: number;
  /** Seeds and leechers the answering trackers know of (absent when none said). */
  readonly seeds?: number;
  readonly leechers?: number;
  readonly unreachable: readonly UnreachableTracker[];
  /** Trackers still connecting (or not tried yet). */
  readonly pending: number;
}

/** States in which a torrent looks for peers, and so can be stuck without one. */
const LOOKING: ReadonlySet<TorrentState> = new Set(['metadata', 'downloading']);

/** Null while the torrent has a peer, is not looking for one (paused, seeding, queued, error), or looked < 10 s. */
export function stallReason(input: StallInput): StallReason | null {
  if (!LOOKING.has(input.state) || input.peers > 0 || input.peerlessMs < STALL_AFTER_MS) return null;
  const byUrl = new Map(input.reports.map((r) => [r.url, r] as const));
  let answered = 0;
  let seeds: number | undefined;
  let leechers: number | undefined;
  let pending = 0;
  const unreachable: UnreachableTracker[] = [];
  for (const url of input.trackers) {
    const r = byUrl.get(url);
    if (r?.problem) unreachable.push({ url, problem: r.problem });
    else if (r?.state === 'online' && (r.seeders !== undefined || r.leechers !== undefined)) {
      answered++;
      if (r.seeders !== undefined) seeds = (seeds ?? 0) + r.seeders;
      if (r.leechers !== undefined) leechers = (leechers ?? 0) + r.leechers;
    } else if (r?.state === 'error' || r?.state === 'offline') {
      unreachable.push({ url, problem: { kind: 'unreachable', code: 1006 } });
    } else pending++;
  }
  return {
    fetchingMetadata: input.state === 'metadata' || !input.hasMetadata,
    trackerCount: input.trackers.length,
    answered,
    ...(seeds !== undefined && { seeds }),
    ...(leechers !== undefined && { leechers }),
    unreachable,
    pending,
  };
}

/**
 * Since when each torrent has had no peer while looking for one (epoch ms), kept across renders and shared by
 * every view, so the row and the panel agree and a panel opened late does not start counting again.
 */
export class PeerlessClock {
  private readonly since = new Map<string, number>();

  /** Milliseconds `infoHashHex` has gone without a peer while looking, as of `now` (0 when it has one). */
  peerlessMs(t: { readonly infoHashHex: string; readonly state: TorrentState; readonly peers: number }, now: number): number {
    if (!LOOKING.has(t.state) || t.peers > 0) {
      this.since.delete(t.infoHashHex);
      return 0;
    }
    const since = this.since.get(t.infoHashHex) ?? now;
    this.since.set(t.infoHashHex, since);
    return now - since;
  }
}

/** The app's one clock (module state: every view reads the same one). */
export const peerlessClock = new PeerlessClock();

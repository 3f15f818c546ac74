// Dirty tracking for the periodic snapshot (issue 13, scale): with 1,000 idle seeding torrents, building 1,000
// snapshot objects twice a second and diffing them field by field only to find nothing changed was the worker's whole
// cost per snapshot. A torrent's snapshot is built again only when something can have moved it:
// - the host marked it (`mark`: a command, a lifecycle transition, metadata, an error, a completion), or asked for
//   everything (`markAll`: settings and the like, which touch every torrent);
// - it has peers, or had them when last built (rates, counters, availability move with peers), or is being checked;
// - one of the counters that move without peers changed (web seeds, a late write), or its state or queue place;
// - its turn in the sweep came: every build rebuilds a slice of the clean ones as well, so anything no mark covers
//   shows within SWEEP_SLICES snapshots at worst.
// A clean torrent keeps the same snapshot object: the patch encoder (snapshot-patch.ts) skips it by identity.

import type { Lifecycle } from '../../engine/lifecycle/lifecycle.ts';
import type { Torrent } from '../../engine/torrent.ts';
import type { TorrentSnapshot } from '../protocol.ts';
import { torrentSnapshot, type SnapshotExtras } from './snapshot.ts';

/** Clean torrents are all rebuilt over this many snapshots (4 s at two snapshots a second). */
export const SWEEP_SLICES = 8;

interface Built {
  readonly t: Torrent;
  readonly snap: TorrentSnapshot;
  readonly peers: number;
  readonly downloaded: number;
  readonly uploaded: number;
  readonly wasted: number;
  readonly state: string;
  readonly queuePosition: number | undefined;
}

export interface BuildInputs {
  readonly torrents: Iterable<Torrent>;
  readonly lifecycle: Lifecycle<Torrent>;
  readonly extrasOf: (t: Torrent) => SnapshotExtras;
  /** A running check's progress (0..1), else undefined. */
  readonly checkProgress: (infoHashHex: string) => number | undefined;
}

export class SnapshotBuilder {
  private built = new Map<string, Built>();
  private readonly dirty = new Set<string>();
  private everything = true;
  private sweep = 0;
  /** Snapshots built by the last `build` (the rest were reused): for tests and the bench. */
  lastBuilt = 0;

  /** This torrent's snapshot is built again next time. */
  mark(infoHashHex: string): void {
    this.dirty.add(infoHashHex);
  }

  /** Every snapshot is built again next time (a change that touches all torrents). */
  markAll(): void {
    this.everything = true;
  }

  /** The snapshots of the torrents the lifecycle knows, in the session's order. */
  build(inputs: BuildInputs): TorrentSnapshot[] {
    const { lifecycle } = inputs;
    const next = new Map<string, Built>();
    const out: TorrentSnapshot[] = [];
    const count = this.built.size;
    const slice = Math.max(1, Math.ceil(count / SWEEP_SLICES));
    const from = this.sweep;
    let index = 0;
    let fresh = 0;
    for (const t of inputs.torrents) {
      if (!lifecycle.has(t)) continue; // its store is still opening: it joins when it joins the lifecycle
      const id = t.infoHashHex;
      const inSweep = count > 0 && (index - from + count) % count < slice;
      index++;
      const check = inputs.checkProgress(id);
      const before = this.built.get(id);
      const state = lifecycle.state(t);
      const queuePosition = lifecycle.queuePosition(t);
      const peers = t.peers.size;
      if (
        before !== undefined && !this.everything && !inSweep && check === undefined && before.t === t &&
        peers === 0 && before.peers === 0 && !this.dirty.has(id) && before.snap.checkProgress === undefined &&
        before.downloaded === t.downloaded && before.uploaded === t.uploaded && before.wasted === t.wasted &&
        before.state === state && before.queuePosition === queuePosition
      ) {
        next.set(id, before);
        out.push(before.snap);
        continue;
      }
      fresh++;
      const base = torrentSnapshot(t, inputs.extrasOf(t), lifecycle);
      const snap = check === undefined ? base : { ...base, checkProgress: check };
      next.set(id, { t, snap, peers, downloaded: t.downloaded, uploaded: t.uploaded, wasted: t.wasted, state, queuePosition });
      out.push(snap);
    }
    this.sweep = count > 0 ? (from + slice) % Math.max(1, index) : 0;
    this.built = next;
    this.dirty.clear();
    this.everything = false;
    this.lastBuilt = fresh;
    return out;
  }
}

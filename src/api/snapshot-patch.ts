// Snapshots cross from the engine worker to the page as patches: the first in full, then only the fields that
// changed, per torrent. With 1,000 idle seeding torrents a snapshot is mostly the same 30 fields again, and cloning
// them for postMessage cost the worker more than building them (bench/node/snapshot-cost.measure.ts). The worker's
// entry encodes (app/engine.worker.ts), EngineClient decodes, so everything else still sees whole snapshots.

import type { SnapshotPatch, SpeedStatus, TorrentPatch, TorrentSnapshot } from './protocol.ts';

type Field = keyof TorrentSnapshot;

/** Structural equality for snapshot values: primitives, arrays and plain objects (trackers, labels, error, goal). */
function same(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!same(a[i], b[i])) return false;
    return true;
  }
  if (Array.isArray(b)) return false;
  const ka = Object.keys(a);
  if (ka.length !== Object.keys(b).length) return false;
  for (const k of ka) if (!same((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k])) return false;
  return true;
}

interface Sent {
  readonly snap: TorrentSnapshot;
  readonly fields: number;
}

/** Worker side: remembers what the page was last sent. Runs for every torrent a few times a second: kept lean. */
export class SnapshotEncoder {
  private prev = new Map<string, Sent>();
  private prevOrder: readonly string[] = [];
  private sentOnce = false;
  private sentSpeed: SpeedStatus | undefined;

  encode(torrents: readonly TorrentSnapshot[], speed?: SpeedStatus): SnapshotPatch {
    const next = new Map<string, Sent>();
    const changed: TorrentPatch[] = [];
    let orderChanged = !this.sentOnce || torrents.length !== this.prevOrder.length;
    for (let i = 0; i < torrents.length; i++) {
      const t = torrents[i]!;
      const id = t.infoHashHex;
      if (!orderChanged && this.prevOrder[i] !== id) orderChanged = true;
      const sent = this.prev.get(id);
      // The same object as last time (snapshot-builder.ts reused it: nothing could have moved it): nothing to compare.
      if (sent !== undefined && sent.snap === t) {
        next.set(id, sent);
        continue;
      }
      let fields = 0;
      let set: Record<string, unknown> | null = null;
      if (!sent) {
        for (const _ in t) fields++;
        next.set(id, { snap: t, fields });
        changed.push({ id, set: t });
        continue;
      }
      const before = sent.snap as unknown as Record<string, unknown>;
      // Fields of `before` that `t` also has: fewer than `before` had means some optional field is gone.
      let kept = 0;
      for (const k in t) {
        fields++;
        const v = (t as unknown as Record<string, unknown>)[k];
        const b = before[k];
        if (b !== undefined) kept++;
        if (v !== b && (typeof v !== 'object' || !same(v, b))) (set ??= {})[k] = v;
      }
      let unset: Field[] | null = null;
      if (kept < sent.fields) for (const k in before) if (!(k in t)) (unset ??= []).push(k as Field);
      next.set(id, { snap: t, fields });
      if (set || unset) changed.push({ id, set: (set ?? {}) as Partial<TorrentSnapshot>, ...(unset ? { unset } : {}) });
    }
    const full = !this.sentOnce;
    this.prev = next;
    this.sentOnce = true;
    if (orderChanged) this.prevOrder = torrents.map((t) => t.infoHashHex);
    // The speed status goes only when it changed (the page keeps the last one).
    const speedChanged = speed !== undefined && (full || !same(speed, this.sentSpeed));
    if (speed !== undefined) this.sentSpeed = speed;
    return {
      ...(orderChanged ? { order: this.prevOrder } : {}),
      changed,
      ...(speedChanged ? { speed } : {}),
      ...(full ? { full: true as const } : {}),
    };
  }
}

/** A patch that says nothing (idle seeds, same speed status): the worker does not post it at all. */
export function isEmptyPatch(patch: SnapshotPatch): boolean {
  return !patch.full && !patch.order && patch.changed.length === 0 && !patch.speed;
}

/**
 * Page side: the whole list after `patch`, given the list it was based on. Unchanged torrents keep their objects
 * (views can skip them by identity); changed ones are new objects; a patch that changes nothing returns `base`.
 */
export function applySnapshotPatch(base: readonly TorrentSnapshot[], patch: SnapshotPatch): readonly TorrentSnapshot[] {
  // Nothing changed (idle seeds): the same list, so views can tell by identity that there is nothing to redo.
  if (!patch.full && !patch.order && patch.changed.length === 0) return base;
  const byId = new Map<string, TorrentSnapshot>();
  if (!patch.full) for (const t of base) byId.set(t.infoHashHex, t);
  for (const { id, set, unset } of patch.changed) {
    const before = byId.get(id);
    const merged: Record<string, unknown> = before ? { ...before, ...set } : { ...set };
    if (unset) for (const k of unset) delete merged[k];
    byId.set(id, merged as unknown as TorrentSnapshot);
  }
  const order = patch.order ?? base.map((t) => t.infoHashHex);
  const out: TorrentSnapshot[] = [];
  for (const id of order) {
    const t = byId.get(id);
    if (t) out.push(t);
  }
  return out;
}

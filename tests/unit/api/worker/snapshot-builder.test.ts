// Dirty tracking for snapshots: idle seeds keep their snapshot objects (the encoder then skips them by identity),
// a marked torrent, one whose state or counters moved, one with peers, and everything after markAll are built again;
// the sweep rebuilds every clean torrent within SWEEP_SLICES builds, so a change nobody marked still shows; and what
// is reused always equals what a fresh build would give.

import { afterEach, describe, expect, it } from 'vitest';
import type { TorrentSnapshot } from '../../../../src/api/protocol.ts';
import { SWEEP_SLICES, SnapshotBuilder } from '../../../../src/api/worker/snapshot-builder.ts';
import { torrentSnapshot, type SnapshotExtras } from '../../../../src/api/worker/snapshot.ts';
import type { Session } from '../../../../src/engine/session.ts';
import type { Torrent } from '../../../../src/engine/torrent.ts';
import { content, newSession, pipe, seed, until } from '../../../swarm/harness.ts';

const sessions: Session[] = [];
afterEach(async () => {
  for (const s of sessions.splice(0)) await s.close();
});

async function seeds(n: number) {
  const s = newSession();
  sessions.push(s.session);
  const torrents: Torrent[] = [];
  for (let i = 0; i < n; i++) {
    const { torrent } = await seed(s.session, s.store, `t${i}.bin`, [{ path: [`t${i}.bin`], data: content(3000 + i, i + 1) }], 16 * 1024);
    torrents.push(torrent);
  }
  const extras = new Map<string, { addedAt: number; labels: string[] }>(torrents.map((t) => [t.infoHashHex, { addedAt: 1, labels: [] }]));
  const builder = new SnapshotBuilder();
  const checks = new Map<string, number>();
  const build = (): TorrentSnapshot[] =>
    builder.build({
      torrents: s.session.torrents.values(),
      lifecycle: s.session.lifecycle,
      extrasOf: (t) => extras.get(t.infoHashHex)! as SnapshotExtras,
      checkProgress: (id) => checks.get(id),
    });
  const fresh = (t: Torrent): TorrentSnapshot => torrentSnapshot(t, extras.get(t.infoHashHex)!, s.session.lifecycle);
  return { ...s, torrents, extras, builder, checks, build, fresh };
}

describe('SnapshotBuilder', () => {
  it('reuses idle seeds, rebuilds a sweep slice, and what it reuses equals a fresh build', async () => {
    const x = await seeds(12);
    const first = x.build();
    expect(first).toHaveLength(12);
    expect(x.builder.lastBuilt).toBe(12);
    const second = x.build();
    const slice = Math.ceil(12 / SWEEP_SLICES);
    expect(x.builder.lastBuilt).toBe(slice);
    expect(second.filter((s, i) => s === first[i])).toHaveLength(12 - slice);
    expect(second).toEqual(x.torrents.map(x.fresh));
    // Over SWEEP_SLICES builds every torrent was built again once.
    const seen = new Set<number>();
    let prev = second;
    for (let r = 0; r < SWEEP_SLICES; r++) {
      const next = x.build();
      next.forEach((s, i) => s !== prev[i] && seen.add(i));
      prev = next;
    }
    expect(seen.size).toBe(12);
  });

  it('rebuilds a marked torrent, one paused by the lifecycle, one being checked, and all after markAll', async () => {
    const x = await seeds(SWEEP_SLICES * 10);
    const all = x.build();
    x.build(); // the sweep moves on: slice 2 of 4
    const [a, b, c] = [x.torrents[30]!, x.torrents[31]!, x.torrents[32]!]; // outside the next slices 2 and 3
    x.extras.get(a.infoHashHex)!.labels = ['films'];
    x.builder.mark(a.infoHashHex);
    x.session.lifecycle.pause(b); // no mark: its state moved
    x.checks.set(c.infoHashHex, 0.5);
    const next = x.build();
    expect(next[30]).not.toBe(all[30]);
    expect(next[30]!.labels).toEqual(['films']);
    expect(next[31]!.state).toBe('paused');
    expect(next[32]!.checkProgress).toBe(0.5);
    x.checks.delete(c.infoHashHex);
    expect(x.build()[32]).not.toHaveProperty('checkProgress');
    x.builder.markAll();
    x.build();
    expect(x.builder.lastBuilt).toBe(SWEEP_SLICES * 10);
  });

  it('a change nobody marked shows within SWEEP_SLICES builds', async () => {
    const x = await seeds(20);
    x.build();
    x.extras.get(x.torrents[7]!.infoHashHex)!.labels = ['quiet'];
    let shown = false;
    for (let r = 0; r < SWEEP_SLICES && !shown; r++) shown = x.build()[7]!.labels.includes('quiet');
    expect(shown).toBe(true);
  });

  it('rebuilds a torrent every time while it has peers, and once more after they leave', async () => {
    const x = await seeds(3);
    const t = x.torrents[0]!;
    const first = x.build();
    // A peer that never answers the handshake: it is in the torrent's peer set all the same, which is what counts.
    const [here] = pipe();
    x.session.attachPeer(t.infoHashHex, here, 'pipe');
    expect(t.peers.size).toBe(1);
    const withPeer = x.build();
    expect(withPeer[0]).not.toBe(first[0]);
    expect(x.build()[0]).not.toBe(withPeer[0]); // built again while a peer is there
    here.close();
    await until([x.session], () => t.peers.size === 0, 'the peer leaves');
    const after = x.build();
    expect(after[0]).toEqual(x.fresh(t));
    expect(x.build()[0]).toEqual(after[0]);
  });
});

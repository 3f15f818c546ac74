// What one snapshot costs the engine worker with 1,000 small seeding torrents (issue 13: < 2 ms): building the
// TorrentSnapshot objects (api/worker/snapshot.ts, as the host does) and structured-cloning the message (what
// postMessage does to it). Prints min / median / max over many rounds; no timing is asserted (the machine is shared).

import { describe, expect, it } from 'vitest';
import type { TorrentSnapshot } from '../../src/api/protocol.ts';
import { SnapshotEncoder, applySnapshotPatch, isEmptyPatch } from '../../src/api/snapshot-patch.ts';
import { SnapshotBuilder } from '../../src/api/worker/snapshot-builder.ts';
import { torrentSnapshot } from '../../src/api/worker/snapshot.ts';
import type { Torrent } from '../../src/engine/torrent.ts';
import { content, newSession, seed } from '../../tests/swarm/harness.ts';

const TORRENTS = 1000;
const ROUNDS = 300;

function stats(samples: number[]): string {
  const s = [...samples].sort((a, b) => a - b);
  const f = (x: number): string => x.toFixed(3);
  return `${f(s[0]!)} / ${f(s[Math.floor(s.length / 2)]!)} / ${f(s[s.length - 1]!)} ms`;
}

describe('snapshot cost', () => {
  it(`builds and clones snapshots of ${TORRENTS} seeding torrents`, async () => {
    const { session, store } = newSession();
    const torrents: Torrent[] = [];
    for (let i = 0; i < TORRENTS; i++) {
      const data = content(16 * 1024 + i, i + 1);
      const name = `torrent ${i} — ünïcode ${'x'.repeat(i % 40)}.bin`;
      const { torrent } = await seed(session, store, name, [{ path: [name], data }], 16 * 1024);
      torrents.push(torrent);
    }
    const { lifecycle } = session;
    const extras = new Map(torrents.map((t) => [t.infoHashHex, { addedAt: Date.now(), labels: [] as string[] }]));
    const build = (): unknown[] => torrents.filter((t) => lifecycle.has(t)).map((t) => torrentSnapshot(t, extras.get(t.infoHashHex)!, lifecycle));

    for (let i = 0; i < 20; i++) structuredClone({ type: 'snapshot', torrents: build() }); // warm up the JIT
    // CPU time of this process (process.cpuUsage) as well as wall time: on a shared, loaded machine the wall clock
    // mostly measures waiting for a core; the CPU time is what the snapshot costs.
    const cpuMs = (u: NodeJS.CpuUsage): number => (u.user + u.system) / 1000;
    const built: number[] = [];
    const cloned: number[] = [];
    const builtCpu: number[] = [];
    const clonedCpu: number[] = [];
    for (let r = 0; r < ROUNDS; r++) {
      const c0 = process.cpuUsage();
      const t0 = performance.now();
      const list = build();
      const t1 = performance.now();
      builtCpu.push(cpuMs(process.cpuUsage(c0)));
      const c1 = process.cpuUsage();
      const t2 = performance.now();
      structuredClone({ type: 'snapshot', torrents: list });
      const t3 = performance.now();
      clonedCpu.push(cpuMs(process.cpuUsage(c1)));
      built.push(t1 - t0);
      cloned.push(t3 - t2);
    }
    // What the worker posts now: a patch of the fields that changed (api/snapshot-patch.ts). The lifecycle ticks
    // before every round as it does once a second: idle seeds send start times (`seedingSince`), not counters, so
    // their snapshots stay the same. Two cases: all idle, and one torrent in ten moving bytes (two fields change).
    const patchRun = (activeEvery: number): { text: string; changed: number } => {
      const enc = new SnapshotEncoder();
      let page: readonly TorrentSnapshot[] = applySnapshotPatch([], structuredClone(enc.encode(build() as TorrentSnapshot[])));
      const worker: number[] = [];
      const pageSide: number[] = [];
      let changed = 0;
      let list: TorrentSnapshot[] = [];
      for (let r = 0; r < ROUNDS; r++) {
        lifecycle.tick();
        const c0 = process.cpuUsage();
        list = build() as TorrentSnapshot[];
        if (activeEvery > 0) list = list.map((t, i) => (i % activeEvery === 0 ? { ...t, uploaded: t.uploaded + r + 1, uploadRate: r + 1 } : t));
        const patch = structuredClone(enc.encode(list));
        worker.push(cpuMs(process.cpuUsage(c0)));
        changed += patch.changed.length;
        const c1 = process.cpuUsage();
        page = applySnapshotPatch(page, patch);
        pageSide.push(cpuMs(process.cpuUsage(c1)));
      }
      expect(page).toEqual(list);
      return { text: `worker builds, encodes and clones: CPU ${stats(worker)}; page applies it: CPU ${stats(pageSide)}; ${(changed / ROUNDS).toFixed(1)} torrents in a patch`, changed };
    };
    // What the worker does now (snapshot-builder.ts): idle seeds are not built again (a sweep slice is), the encoder
    // skips them by identity, and an empty patch is not posted (nor cloned).
    const builderRun = (): string => {
      const builder = new SnapshotBuilder();
      const enc = new SnapshotEncoder();
      const inputs = { torrents: torrents as Iterable<Torrent>, lifecycle, extrasOf: (t: Torrent) => extras.get(t.infoHashHex)!, checkProgress: () => undefined };
      enc.encode(builder.build(inputs));
      const cpu: number[] = [];
      let posted = 0;
      let built = 0;
      for (let r = 0; r < ROUNDS; r++) {
        lifecycle.tick();
        const c0 = process.cpuUsage();
        const patch = enc.encode(builder.build(inputs));
        if (!isEmptyPatch(patch)) {
          structuredClone(patch);
          posted++;
        }
        cpu.push(cpuMs(process.cpuUsage(c0)));
        built += builder.lastBuilt;
      }
      return `dirty tracking, all idle: CPU ${stats(cpu)}; ${(built / ROUNDS).toFixed(0)} snapshots built a round (the sweep), ${posted} of ${ROUNDS} patches posted`;
    };
    console.log(builderRun());
    const idle = patchRun(0);
    const tenth = patchRun(10);
    // Idle seeds: nothing to send (start times, not seconds; epoch conversions do not jitter).
    expect(idle.changed).toBe(0);
    const list = build();
    console.log(`patches, per round: all idle: ${idle.text}\n  one in ten active: ${tenth.text}`);
    console.log(`snapshot of ${list.length} torrents, min / median / max of ${ROUNDS}:\n  build: wall ${stats(built)}, CPU ${stats(builtCpu)}\n  structured clone: wall ${stats(cloned)}, CPU ${stats(clonedCpu)}\n  ${JSON.stringify(list).length} bytes as JSON`);
    expect(list).toHaveLength(TORRENTS);
    await session.close();
  });
});

// The engine's JavaScript cost per MiB on the byte path, without the browser: two sessions in one Node process
// over an in-memory pipe (tests/swarm/harness.ts), memory stores, the same hasher (crypto.subtle). Process CPU
// time (user + system) from first request to done, divided by the MiB moved: both sides together. CPU time, not
// wall time, so it holds up on a loaded machine far better than a rate. Prints; asserts nothing about timing.

import { afterEach, expect, it } from 'vitest';
import type { Session } from '../../src/engine/session.ts';
import { connect, content, newSession, seed, until } from '../../tests/swarm/harness.ts';

const MiB = 1024 * 1024;
const SIZE = Number(process.env['PROFILE_MIB'] ?? 64) * MiB;
const RUNS = Number(process.env['PROFILE_RUNS'] ?? 3);

const sessions: Session[] = [];
afterEach(async () => {
  await Promise.all(sessions.splice(0).map((s) => s.close()));
});

it(`engine CPU per MiB, ${SIZE / MiB} MiB over a pipe (both sides)`, async () => {
  const data = content(SIZE, 5);
  const figures: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const a = newSession();
    const b = newSession();
    sessions.push(a.session, b.session);
    const { meta } = await seed(a.session, a.store, `p${i}.bin`, [{ path: [`p${i}.bin`], data }], 256 * 1024);
    const leech = await b.session.addMetainfo(meta);
    const t0 = process.cpuUsage();
    const w0 = performance.now();
    connect(a.session, b.session, meta.infoHashHex);
    await until([a.session, b.session], () => leech.complete, 'the download', 600_000);
    const cpu = process.cpuUsage(t0);
    const ms = (cpu.user + cpu.system) / 1000;
    figures.push(ms / (SIZE / MiB));
    console.log(`run ${i + 1}: ${(ms / (SIZE / MiB)).toFixed(2)} ms CPU per MiB (wall ${((performance.now() - w0) / 1000).toFixed(1)} s)`);
    await Promise.all(sessions.splice(0).map((s) => s.close()));
  }
  const s = [...figures].sort((x, y) => x - y);
  console.log(`engine CPU per MiB, min / median / max: ${s[0]!.toFixed(2)} / ${s[Math.floor(s.length / 2)]!.toFixed(2)} / ${s[s.length - 1]!.toFixed(2)}`);
  expect(figures).toHaveLength(RUNS);
});

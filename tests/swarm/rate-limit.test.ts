// Rate limits between two engines over in-memory pipes, on a fake clock: the pipes are infinitely fast, so every
// byte's pace comes from the limiter alone. Download limits work by not requesting; upload limits by not sending.

import { afterEach, describe, expect, it } from 'vitest';
import { SpeedControl } from '../../src/api/worker/speed-control.ts';
import type { Session } from '../../src/engine/session.ts';
import { connect, content, newSession, seed, type Channel } from './harness.ts';

const MiB = 1024 * 1024;
const STEP_MS = 50;

const sessions: Session[] = [];
afterEach(async () => {
  await Promise.all(sessions.splice(0).map((s) => s.close()));
});

function fakeClock() {
  const clock = { t: 0, now: () => clock.t };
  return clock;
}

/**
 * Runs the swarm for `seconds` of fake time the way the worker host does (tick every 250 ms, the limiter's wake-up
 * every 50 ms) and returns the bytes `channel` sent in each fake second. `at` runs at whole seconds.
 */
async function run(clock: { t: number }, all: readonly Session[], channel: Channel, seconds: number, at: (second: number) => void = () => {}): Promise<number[]> {
  const perSecond: number[] = [];
  let last = channel.sentBytes;
  for (let step = 1; step <= (seconds * 1000) / STEP_MS; step++) {
    clock.t += STEP_MS;
    for (const s of all) {
      if (clock.t % 250 === 0) s.tick();
      s.serveLimited();
    }
    for (let i = 0; i < 6; i++) await new Promise((r) => setImmediate(r));
    if (clock.t % 1000 === 0) {
      perSecond.push(channel.sentBytes - last);
      last = channel.sentBytes;
      at(clock.t / 1000);
    }
  }
  return perSecond;
}

/** Sums over every window of `n` consecutive seconds. */
function windows(perSecond: readonly number[], n: number): number[] {
  const out: number[] = [];
  for (let i = 0; i + n <= perSecond.length; i++) out.push(perSecond.slice(i, i + n).reduce((a, b) => a + b, 0));
  return out;
}

async function pair(options: { leecher?: Parameters<typeof newSession>[0]; seeder?: Parameters<typeof newSession>[0]; size?: number } = {}) {
  const clock = fakeClock();
  const a = newSession({ clock, ...options.seeder });
  const b = newSession({ clock, ...options.leecher });
  sessions.push(a.session, b.session);
  const { meta, torrent: seedTorrent } = await seed(a.session, a.store, 'limited.bin', [{ path: ['limited.bin'], data: content(options.size ?? 24 * MiB, 5) }], 256 * 1024);
  const leech = await b.session.addMetainfo(meta);
  const [seedEnd, leechEnd] = connect(a.session, b.session, meta.infoHashHex);
  return { clock, a: a.session, b: b.session, meta, seedTorrent, leech, seedEnd, leechEnd };
}

describe('rate limits between two engines (fake clock)', () => {
  it('a download limit holds the wire rate within 10% over every 10 s window, with no idle second', async () => {
    const { clock, a, b, seedEnd } = await pair({ leecher: { limits: { download: MiB, upload: null } } });
    const perSecond = await run(clock, [a, b], seedEnd, 16);
    for (const w of windows(perSecond.slice(1), 10)) expect(Math.abs(w / (10 * MiB) - 1)).toBeLessThan(0.1);
    // No saw-tooth: every second after the first moves close to the limit.
    for (const s of perSecond.slice(1)) expect(Math.abs(s / MiB - 1)).toBeLessThan(0.25);
  });

  it('a per-torrent download limit, raised mid-transfer, is followed within a second', async () => {
    const { clock, a, b, seedEnd, leech } = await pair();
    leech.setLimits({ download: MiB, upload: null });
    const perSecond = await run(clock, [a, b], seedEnd, 8, (second) => {
      if (second === 4) leech.setLimits({ download: 3 * MiB, upload: null });
    });
    expect(Math.abs(perSecond[2]! / MiB - 1)).toBeLessThan(0.15);
    expect(Math.abs(perSecond[3]! / MiB - 1)).toBeLessThan(0.15);
    // The second after the change already runs at the new limit.
    for (const s of perSecond.slice(5)) expect(Math.abs(s / (3 * MiB) - 1)).toBeLessThan(0.15);
  });

  it('an upload limit on the seeder paces what it sends; lifting it lets the transfer run free', async () => {
    const { clock, a, b, seedEnd, seedTorrent } = await pair({ seeder: { limits: { download: null, upload: 2 * MiB } } });
    const perSecond = await run(clock, [a, b], seedEnd, 12, (second) => {
      if (second === 10) a.setGlobalLimits({ download: null, upload: null });
    });
    for (const w of windows(perSecond.slice(1, 10), 8)) expect(Math.abs(w / (16 * MiB) - 1)).toBeLessThan(0.1);
    // Free, the rest (3.8 MiB) goes in the next second: well above the old limit.
    expect(perSecond[10]!).toBeGreaterThan(3 * MiB);
    expect(seedTorrent.limits).toEqual({ download: null, upload: null });
  });

  it('the tighter of the torrent and session limits applies', async () => {
    const { clock, a, b, seedEnd, leech } = await pair({ leecher: { limits: { download: 2 * MiB, upload: null } } });
    leech.setLimits({ download: 4 * MiB, upload: null });
    const perSecond = await run(clock, [a, b], seedEnd, 6);
    for (const s of perSecond.slice(1)) expect(Math.abs(s / (2 * MiB) - 1)).toBeLessThan(0.15);
  });

  it('alternative speed switching on by schedule lowers a running transfer’s rate within a second', async () => {
    const { clock, a, b, seedEnd } = await pair();
    const wall = { t: Date.UTC(2026, 11, 7, 21, 59, 57), now: () => wall.t, offset: () => 0 };
    const control = new SpeedControl(b, wall);
    const night = { enabled: true, days: [1], from: 22 * 60, to: 6 * 60 };
    control.configure({ storage: 'memory', maxPeersPerTorrent: 10, uploadSlots: 4, downloadLimit: 3 * MiB, altDownloadLimit: MiB, altSpeedSchedule: night });
    const perSecond = await run(clock, [a, b], seedEnd, 8, () => {
      wall.t += 1000;
      control.tick(); // the host does this every 250 ms
    });
    expect(control.status().altSpeed).toBe(true);
    expect(Math.abs(perSecond[1]! / (3 * MiB) - 1)).toBeLessThan(0.15); // 21:59:58
    for (const s of perSecond.slice(4)) expect(Math.abs(s / MiB - 1)).toBeLessThan(0.15); // from 22:00:01
  });
});

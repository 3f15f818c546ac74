// The worker's speed commands: per-torrent limits (validated, persisted, in snapshots), global and alternative
// limits from the settings, the turtle, and refusing invalid settings whole.

import { describe, expect, it } from 'vitest';
import type { EngineEvent, SpeedStatus } from '../../../../src/api/protocol.ts';
import { toMagnet } from '../../../../src/engine/metainfo/magnet.ts';
import { MemoryResumeDb } from '../../../../src/storage/memory-resume-db.ts';
import { SpeedControl } from '../../../../src/api/worker/speed-control.ts';
import { Session } from '../../../../src/engine/session.ts';
import { subtleHasher } from '../../../../src/platform/subtle-hasher.ts';
import { MemoryStoreFactory } from '../../../../src/storage/memory-store.ts';
import { SETTINGS, started, type Harness } from './host-harness.ts';

const IH = 'ab'.repeat(20);
const MAGNET = toMagnet({ infoHash: Uint8Array.from(Buffer.from(IH, 'hex')), name: 'x' });

function lastSpeed(h: Harness): SpeedStatus | undefined {
  const snaps = h.events.filter((e): e is Extract<EngineEvent, { type: 'snapshot' }> => e.type === 'snapshot');
  return snaps.at(-1)?.speed;
}

describe('speed limits through the worker API', () => {
  it('sets a torrent’s limits, shows them in the snapshot, and keeps them across a restart', async () => {
    const db = new MemoryResumeDb();
    const h = await started(db);
    await h.call({ type: 'add-magnet', uri: MAGNET });
    expect(await h.call({ type: 'set-torrent-limits', infoHashHex: IH, download: 2_000_000, upload: null })).toEqual({ download: 2_000_000, upload: null });
    expect(h.latest(IH)?.downloadLimit).toBe(2_000_000);
    expect(h.latest(IH)?.uploadLimit).toBeUndefined();
    await h.host.close();

    const again = await started(db);
    expect(again.latest(IH)?.downloadLimit).toBe(2_000_000);
    await again.call({ type: 'set-torrent-limits', infoHashHex: IH, download: null, upload: 500_000 });
    expect(again.latest(IH)).toMatchObject({ uploadLimit: 500_000 });
    expect(again.latest(IH)?.downloadLimit).toBeUndefined();
  });

  it('refuses a limit of 0 or below with COMMAND_INVALID and keeps the old one', async () => {
    const h = await started();
    await h.call({ type: 'add-magnet', uri: MAGNET });
    await h.call({ type: 'set-torrent-limits', infoHashHex: IH, download: 1000, upload: null });
    for (const bad of [0, -1, Number.NaN]) {
      const f = await h.failure({ type: 'set-torrent-limits', infoHashHex: IH, download: bad, upload: null });
      expect(f).toMatchObject({ code: 'COMMAND_INVALID', details: { problem: 'limit-not-positive', field: 'download' } });
    }
    expect(h.latest(IH)?.downloadLimit).toBe(1000);
  });

  it('applies global limits from the settings and switches to the alternative ones with the turtle', async () => {
    const h = await started(undefined, { ...SETTINGS, downloadLimit: 5e6, uploadLimit: 1e6, altDownloadLimit: 1e5, altUploadLimit: 5e4 });
    expect(lastSpeed(h)).toEqual({ downloadLimit: 5e6, uploadLimit: 1e6, altSpeed: false, scheduled: false });
    expect(await h.call({ type: 'set-alt-speed', enabled: true })).toEqual({ downloadLimit: 1e5, uploadLimit: 5e4, altSpeed: true, scheduled: false });
    expect(lastSpeed(h)?.altSpeed).toBe(true);
    // A settings change that does not touch the turtle leaves it where the click put it.
    await h.call({ type: 'set-settings', settings: { ...SETTINGS, downloadLimit: 5e6, altDownloadLimit: 2e5 } });
    expect(lastSpeed(h)).toMatchObject({ altSpeed: true, downloadLimit: 2e5, uploadLimit: null });
  });

  it('refuses settings with a zero limit or an empty schedule window, changing nothing', async () => {
    const h = await started(undefined, { ...SETTINGS, downloadLimit: 5e6 });
    const zero = await h.failure({ type: 'set-settings', settings: { ...SETTINGS, downloadLimit: 0, maxPeersPerTorrent: 3 } });
    expect(zero).toMatchObject({ code: 'COMMAND_INVALID', details: { problem: 'limit-not-positive', field: 'downloadLimit' } });
    const schedule = { enabled: true, days: [1], from: 600, to: 600 };
    const empty = await h.failure({ type: 'set-settings', settings: { ...SETTINGS, altSpeedSchedule: schedule } });
    expect(empty).toMatchObject({ code: 'COMMAND_INVALID', details: { problem: 'schedule-empty', minute: 600 } });
    await h.call({ type: 'set-alt-speed', enabled: false });
    expect(lastSpeed(h)).toMatchObject({ downloadLimit: 5e6, scheduled: false });
  });
});

describe('SpeedControl', () => {
  it('switches the session to the alternative limits when the scheduled window begins, and back when it ends', () => {
    const clock = { t: Date.UTC(2026, 11, 7, 21, 59), now: () => clock.t, offset: () => 0 }; // a Monday
    const session = new Session({ hasher: subtleHasher, storeFactory: new MemoryStoreFactory(), clock: { now: () => 0 } });
    const control = new SpeedControl(session, clock);
    control.configure({ ...SETTINGS, downloadLimit: 4e6, altDownloadLimit: 1e6, altSpeedSchedule: { enabled: true, days: [1], from: 22 * 60, to: 6 * 60 } });
    expect(session.globalLimits.limits.download).toBe(4e6);
    expect(control.tick()).toBe(false);
    clock.t = Date.UTC(2026, 11, 7, 22, 0);
    expect(control.tick()).toBe(true);
    expect(session.globalLimits.limits.download).toBe(1e6);
    expect(control.status()).toEqual({ downloadLimit: 1e6, uploadLimit: null, altSpeed: true, scheduled: true });
    clock.t = Date.UTC(2026, 11, 8, 6, 0); // Tuesday 06:00: the window that began on Monday ends
    expect(control.tick()).toBe(true);
    expect(session.globalLimits.limits.download).toBe(4e6);
  });
});

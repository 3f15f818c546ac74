import { describe, expect, it } from 'vitest';
import { HEARTBEAT_ID } from '../../../../src/api/worker/clock-heartbeat.ts';
import type { ResumeRecord } from '../../../../src/engine/ports.ts';
import { RETIRED_TRAFFIC_ID, retiredTrafficOf, retiredTrafficRecord } from '../../../../src/api/worker/retired-traffic.ts';
import { MemoryResumeDb } from '../../../../src/storage/memory-resume-db.ts';
import { started } from './host-harness.ts';

/** A saved magnet-only torrent that has moved some bytes before (counters as a reload restores them). */
function saved(hex: string, downloaded: number, uploaded: number, wasted: number): ResumeRecord {
  return { infoHashHex: hex, name: hex.slice(0, 6), trackers: [], webSeeds: [], paused: true, addedAt: 1, downloaded, uploaded, wasted };
}

describe('all-time traffic totals', () => {
  it('keep what a removed torrent moved, across a reload, with or without its data', async () => {
    const db = new MemoryResumeDb();
    const a = 'aa'.repeat(20);
    const b = 'bb'.repeat(20);
    await db.put(saved(a, 1000, 300, 20));
    await db.put(saved(b, 50, 4000, 0));
    const h = await started(db);
    expect((await h.call({ type: 'traffic-history' })).allTime).toEqual({ downloaded: 1050, uploaded: 4300, wasted: 20 });

    await h.call({ type: 'remove', infoHashHex: a, deleteData: true });
    expect((await h.call({ type: 'traffic-history' })).allTime).toEqual({ downloaded: 1050, uploaded: 4300, wasted: 20 });
    await h.host.close();

    const again = await started(db);
    expect(again.latest(a)).toBeUndefined(); // the retired record is no torrent
    expect((await again.call({ type: 'traffic-history' })).allTime).toEqual({ downloaded: 1050, uploaded: 4300, wasted: 20 });
    await again.call({ type: 'remove', infoHashHex: b, deleteData: false });
    await again.host.close();

    const third = await started(db);
    expect((await third.call({ type: 'traffic-history' })).allTime).toEqual({ downloaded: 1050, uploaded: 4300, wasted: 20 });
    expect((await db.list()).map((r) => r.infoHashHex).filter((id) => id !== HEARTBEAT_ID)).toEqual([RETIRED_TRAFFIC_ID]);
  });

  it('a damaged retired record counts as zero, never as a torrent', () => {
    const r = { ...retiredTrafficRecord({ downloaded: 5, uploaded: 6, wasted: 7 }), downloaded: Number.NaN, uploaded: -3 };
    expect(retiredTrafficOf(r)).toEqual({ downloaded: 0, uploaded: 0, wasted: 7 });
    expect(retiredTrafficOf({ infoHashHex: 'cc'.repeat(20), name: 'x', trackers: [], webSeeds: [], paused: false, addedAt: 0, downloaded: 1, uploaded: 1 })).toBeNull();
  });
});

import { describe, expect, it } from 'vitest';
import { toMagnet } from '../../../../src/engine/metainfo/magnet.ts';
import { MemoryResumeDb } from '../../../../src/storage/memory-resume-db.ts';
import { SETTINGS, started, type Harness } from './host-harness.ts';

const LIMIT_1 = { ...SETTINGS, maxActiveDownloads: 1 };

async function add(h: Harness, n: number): Promise<string> {
  const ih = n.toString(16).padStart(40, '0');
  await h.call({ type: 'add-magnet', uri: toMagnet({ infoHash: Uint8Array.from(Buffer.from(ih, 'hex')) }) });
  return ih;
}

const view = (h: Harness, ...ihs: string[]) => ihs.map((ih) => `${h.latest(ih)?.state}@${h.latest(ih)?.queuePosition ?? '-'}`).join(' ');

describe('lifecycle commands through the host', () => {
  it('queue-move changes which download runs, and the order survives a restart', async () => {
    const db = new MemoryResumeDb();
    const h = await started(db, LIMIT_1);
    const a = await add(h, 1);
    const b = await add(h, 2);
    const c = await add(h, 3);
    expect(view(h, a, b, c)).toBe('metadata@1 queued@2 queued@3');
    await h.call({ type: 'queue-move', infoHashHexes: [c], to: 'top' });
    expect(view(h, a, b, c)).toBe('queued@2 queued@3 metadata@1');
    expect(h.events).toContainEqual({ type: 'unannounce', infoHashHex: a });
    await h.call({ type: 'queue-move', infoHashHexes: [b], to: 'up' });
    expect(view(h, a, b, c)).toBe('queued@3 queued@2 metadata@1');
    await h.host.close();
    const again = await started(db, LIMIT_1);
    expect(view(again, a, b, c)).toBe('queued@3 queued@2 metadata@1');
  });

  it('refuses an unknown move and an unknown torrent', async () => {
    const h = await started();
    const a = await add(h, 1);
    expect((await h.failure({ type: 'queue-move', infoHashHexes: [a], to: 'sideways' as 'up' })).code).toBe('COMMAND_INVALID');
    expect((await h.failure({ type: 'queue-move', infoHashHexes: ['f'.repeat(40)], to: 'up' })).code).toBe('TORRENT_NOT_FOUND');
  });

  it('force-start runs a queued download past the limit, is saved, and pause ends it', async () => {
    const db = new MemoryResumeDb();
    const h = await started(db, LIMIT_1);
    const a = await add(h, 1);
    const b = await add(h, 2);
    await h.call({ type: 'force-start', infoHashHex: b });
    expect(view(h, a, b)).toBe('metadata@1 metadata@2');
    expect(h.latest(b)?.forced).toBe(true);
    await h.host.close();
    const again = await started(db, LIMIT_1);
    expect(view(again, a, b)).toBe('metadata@1 metadata@2');
    await again.call({ type: 'pause', infoHashHex: b });
    expect(again.latest(b)?.forced).toBeUndefined();
    expect(view(again, a, b)).toBe('metadata@1 paused@2');
  });

  it('set-torrent-options keeps a seeding goal and sequential order, and refuses a ratio below 0', async () => {
    const db = new MemoryResumeDb();
    const h = await started(db);
    const a = await add(h, 1);
    const bad = await h.failure({ type: 'set-torrent-options', infoHashHex: a, seedGoal: { ratio: -1, action: 'pause' } });
    expect(bad).toMatchObject({ code: 'COMMAND_INVALID', details: { field: 'ratio' } });
    await h.call({ type: 'set-torrent-options', infoHashHex: a, seedGoal: { ratio: 1.5, action: 'low-priority' }, sequential: true });
    expect(h.latest(a)).toMatchObject({ seedGoal: { ratio: 1.5, action: 'low-priority' }, sequential: true });
    await h.host.close();
    const again = await started(db);
    expect(again.latest(a)).toMatchObject({ seedGoal: { ratio: 1.5, action: 'low-priority' }, sequential: true });
    await again.call({ type: 'set-torrent-options', infoHashHex: a, seedGoal: null });
    expect(again.latest(a)?.seedGoal).toBeUndefined();
    expect(again.latest(a)?.sequential).toBe(true);
  });

  it('refuses settings with a negative limit or a bad default goal, and changes nothing', async () => {
    const h = await started(undefined, LIMIT_1);
    const a = await add(h, 1);
    const b = await add(h, 2);
    expect((await h.failure({ type: 'set-settings', settings: { ...SETTINGS, maxActiveDownloads: -1 } })).code).toBe('COMMAND_INVALID');
    expect((await h.failure({ type: 'set-settings', settings: { ...SETTINGS, seedGoal: { ratio: -0.5, action: 'pause' } } })).code).toBe('COMMAND_INVALID');
    expect(view(h, a, b)).toBe('metadata@1 queued@2');
  });
});

describe('traffic totals through the host', () => {
  it('restores wasted bytes, running and seeding seconds and the last activity from the record', async () => {
    const db = new MemoryResumeDb();
    const ih = 'ab'.repeat(20);
    const lastActivityAt = Date.now() - 60_000;
    await db.put({ infoHashHex: ih, name: 'x', trackers: [], webSeeds: [], paused: true, addedAt: 1, uploaded: 10, downloaded: 20, wasted: 5, activeSeconds: 42, seedingSeconds: 7, lastActivityAt });
    const h = await started(db);
    const s = h.latest(ih)!;
    expect([s.wasted, s.activeSeconds, s.seedingSeconds]).toEqual([5, 42, 7]);
    expect(Math.abs(s.lastActivityAt! - lastActivityAt)).toBeLessThan(1000);
    await h.host.close();
    const saved = (await db.list())[0]!;
    expect([saved.wasted, saved.activeSeconds, saved.seedingSeconds]).toEqual([5, 42, 7]);
    expect(Math.abs(saved.lastActivityAt! - lastActivityAt)).toBeLessThan(1000);
  });

  it('answers traffic-history for one torrent and for all, five minutes at one-second resolution', async () => {
    const h = await started();
    const a = await add(h, 1);
    const all = await h.call({ type: 'traffic-history' });
    expect(all.down).toHaveLength(300);
    expect(all.totals).toEqual({ downloaded: 0, uploaded: 0, wasted: 0 });
    expect(all.allTime).toEqual({ downloaded: 0, uploaded: 0, wasted: 0 });
    expect(Math.abs(all.endsAt - Date.now())).toBeLessThanOrEqual(1000);
    const one = await h.call({ type: 'traffic-history', infoHashHex: a });
    expect(one.totals).toEqual({ downloaded: 0, uploaded: 0, wasted: 0 });
    expect((await h.failure({ type: 'traffic-history', infoHashHex: 'f'.repeat(40) })).code).toBe('TORRENT_NOT_FOUND');
  });
});

import { describe, expect, it } from 'vitest';
import { HEARTBEAT_ID } from '../../../../src/api/worker/clock-heartbeat.ts';
import { createTorrent } from '../../../../src/engine/metainfo/create.ts';
import { toMagnet } from '../../../../src/engine/metainfo/magnet.ts';
import { subtleHasher } from '../../../../src/platform/subtle-hasher.ts';
import { MemoryResumeDb } from '../../../../src/storage/memory-resume-db.ts';
import { SETTINGS, started, type Harness } from './host-harness.ts';

const LIMIT_1 = { ...SETTINGS, maxActiveDownloads: 1 };

/** A magnet for a made-up info hash (it stays "fetching metadata": a download that wants a slot). */
function magnet(n: number): { uri: string; ih: string } {
  const ih = n.toString(16).padStart(40, '0');
  return { uri: toMagnet({ infoHash: Uint8Array.from(Buffer.from(ih, 'hex')) }), ih };
}

async function add(h: Harness, n: number): Promise<string> {
  const m = magnet(n);
  await h.call({ type: 'add-magnet', uri: m.uri });
  return m.ih;
}

const state = (h: Harness, ih: string) => h.latest(ih)?.state;
const announced = (h: Harness, ih: string) => h.events.some((e) => e.type === 'announce' && e.infoHashHex === ih);

describe('the download queue', () => {
  it('queues downloads past the limit, unannounced, and starts the next when a slot frees', async () => {
    const h = await started(undefined, LIMIT_1);
    const a = await add(h, 1);
    const b = await add(h, 2);
    const c = await add(h, 3);
    expect([state(h, a), state(h, b), state(h, c)]).toEqual(['metadata', 'queued', 'queued']);
    expect([announced(h, a), announced(h, b), announced(h, c)]).toEqual([true, false, false]);

    h.events.length = 0;
    await h.call({ type: 'remove', infoHashHex: a, deleteData: true });
    expect([state(h, b), state(h, c)]).toEqual(['metadata', 'queued']);
    expect(announced(h, b)).toBe(true);
  });

  it('a queued download the user pauses stays paused; resuming it waits for a slot', async () => {
    const h = await started(undefined, LIMIT_1);
    const a = await add(h, 1);
    const b = await add(h, 2);
    await h.call({ type: 'pause', infoHashHex: b });
    expect(state(h, b)).toBe('paused');
    await h.call({ type: 'resume', infoHashHex: b });
    expect(state(h, b)).toBe('queued');
    await h.call({ type: 'pause', infoHashHex: a });
    expect([state(h, a), state(h, b)]).toEqual(['paused', 'metadata']);
  });

  it('an older download the user resumes takes its slot back (first added, first served)', async () => {
    const h = await started(undefined, LIMIT_1);
    const a = await add(h, 1);
    await h.call({ type: 'pause', infoHashHex: a });
    const b = await add(h, 2);
    expect(state(h, b)).toBe('metadata');
    await h.call({ type: 'resume', infoHashHex: a });
    expect([state(h, a), state(h, b)]).toEqual(['metadata', 'queued']);
    expect(h.events).toContainEqual({ type: 'unannounce', infoHashHex: b });
  });

  it('seeding torrents take no slot', async () => {
    const h = await started(undefined, LIMIT_1);
    const files = [1, 2].map((i) => ({ path: [`f${i}`], length: 20_000, read: async (o: number, l: number) => new Uint8Array(l).fill(i) }));
    const { torrentBytes, metainfo } = await createTorrent({ name: 'two', files, pieceLength: 16_384 }, subtleHasher);
    // Nothing wanted: complete at once, so seeding.
    await h.call({ type: 'add-torrent-file', bytes: torrentBytes, filePriorities: [0, 0] });
    expect(state(h, metainfo.infoHashHex)).toBe('seeding');
    const a = await add(h, 1);
    expect(state(h, a)).toBe('metadata');
  });

  it('a download waiting for its file choice takes a slot only once the choice is made', async () => {
    const files = [1, 2].map((i) => ({ path: [`f${i}`], length: 20_000, read: async (o: number, l: number) => new Uint8Array(l).fill(i) }));
    const { torrentBytes, metainfo } = await createTorrent({ name: 'held', files, pieceLength: 16_384 }, subtleHasher);
    const db = new MemoryResumeDb();
    await db.put({ infoHashHex: metainfo.infoHashHex, torrentBytes, name: 'held', trackers: [], webSeeds: [], filePriorities: [4, 4], paused: false, addedAt: 1, uploaded: 0, downloaded: 0, selectFirst: true });
    const h = await started(db, LIMIT_1);
    expect(h.latest(metainfo.infoHashHex)?.awaitingSelection).toBe(true);
    const a = await add(h, 1);
    expect(state(h, a)).toBe('metadata');
    await h.call({ type: 'select-files', infoHashHex: metainfo.infoHashHex, priorities: [4, 4] });
    // Added first, so it runs; the magnet waits.
    expect([state(h, metainfo.infoHashHex), state(h, a)]).toEqual(['downloading', 'queued']);
  });

  it('lifting the limit starts every queued download', async () => {
    const h = await started(undefined, LIMIT_1);
    await add(h, 1);
    const b = await add(h, 2);
    const c = await add(h, 3);
    await h.call({ type: 'set-settings', settings: { ...SETTINGS, maxActiveDownloads: 0 } });
    expect([state(h, b), state(h, c)]).toEqual(['metadata', 'metadata']);
    expect([announced(h, b), announced(h, c)]).toEqual([true, true]);
  });

  it('saves queued downloads as not paused and queues the same ones after a restart', async () => {
    const db = new MemoryResumeDb();
    const h = await started(db, LIMIT_1);
    const a = await add(h, 1);
    const b = await add(h, 2);
    await h.host.close();
    expect((await db.list()).filter((r) => r.infoHashHex !== HEARTBEAT_ID).map((r) => [r.infoHashHex, r.paused]).sort()).toEqual([
      [a, false],
      [b, false],
    ]);
    const again = await started(db, LIMIT_1);
    expect([state(again, a), state(again, b)]).toEqual(['metadata', 'queued']);
    expect([announced(again, a), announced(again, b)]).toEqual([true, false]);
  });
});

import { describe, expect, it } from 'vitest';
import { createTorrent } from '../../../../src/engine/metainfo/create.ts';
import { toMagnet } from '../../../../src/engine/metainfo/magnet.ts';
import { subtleHasher } from '../../../../src/platform/subtle-hasher.ts';
import { MemoryResumeDb } from '../../../../src/storage/memory-resume-db.ts';
import { started } from './host-harness.ts';

async function threeFiles(extra: { comment?: string; private?: boolean } = {}) {
  const data = (n: number, v: number) => new Uint8Array(n).fill(v);
  const files = [
    { path: ['a.txt'], length: 20_000 },
    { path: ['sub', 'b.bin'], length: 40_000 },
    { path: ['c.bin'], length: 10_000 },
  ].map((f, i) => ({ ...f, read: async (o: number, l: number) => data(f.length, i + 1).subarray(o, o + l) }));
  return createTorrent({ name: 'three', files, pieceLength: 16 * 1024, announce: ['wss://t.example/announce'], ...extra }, subtleHasher);
}

describe('parse-torrent', () => {
  it('returns the name, non-pad files with their indexes and sizes, trackers and comment, without adding', async () => {
    const h = await started();
    const { torrentBytes, metainfo } = await threeFiles({ comment: 'hello', private: true });
    const info = await h.call({ type: 'parse-torrent', bytes: torrentBytes });
    expect(info).toMatchObject({
      infoHashHex: metainfo.infoHashHex,
      name: 'three',
      length: 70_000,
      pieceLength: 16 * 1024,
      files: [
        { index: 0, name: 'three/a.txt', length: 20_000 },
        { index: 1, name: 'three/sub/b.bin', length: 40_000 },
        { index: 2, name: 'three/c.bin', length: 10_000 },
      ],
      trackers: ['wss://t.example/announce'],
      comment: 'hello',
      private: true,
      exists: false,
    });
    expect(h.latest(metainfo.infoHashHex)).toBeUndefined();
    await h.call({ type: 'add-torrent-file', bytes: torrentBytes });
    expect((await h.call({ type: 'parse-torrent', bytes: torrentBytes })).exists).toBe(true);
  });

  it('refuses bytes that are not a torrent with the parser error code', async () => {
    const h = await started();
    expect((await h.failure({ type: 'parse-torrent', bytes: new TextEncoder().encode('hello') })).code).toMatch(/^BENCODE_|^METAINFO_/);
  });
});

describe('add-torrent-file with priorities', () => {
  it('adds with the given priorities (missing ones normal) and counts only wanted bytes', async () => {
    const h = await started();
    const { torrentBytes, metainfo } = await threeFiles();
    await h.call({ type: 'add-torrent-file', bytes: torrentBytes, filePriorities: [4, 0] });
    const records = await h.db.list();
    expect(records[0]?.filePriorities).toEqual([4, 0, 4]);
    const detail = await h.call({ type: 'detail', infoHashHex: metainfo.infoHashHex });
    expect(detail.files.map((f) => f.priority)).toEqual([4, 0, 4]);
    expect(h.latest(metainfo.infoHashHex)?.length).toBe(30_000);
  });

  it.each([[[4, 5]], [[4, 4, 4, 4]]])('refuses the priority list %j', async (priorities) => {
    const h = await started();
    const { torrentBytes } = await threeFiles();
    expect((await h.failure({ type: 'add-torrent-file', bytes: torrentBytes, filePriorities: priorities as never })).code).toBe('COMMAND_INVALID');
  });
});

describe('set-labels', () => {
  it('normalises, snapshots and persists labels, and restores them after a restart', async () => {
    const db = new MemoryResumeDb();
    const h = await started(db);
    const { torrentBytes, metainfo } = await threeFiles();
    await h.call({ type: 'add-torrent-file', bytes: torrentBytes });
    const reply = await h.call({ type: 'set-labels', infoHashHex: metainfo.infoHashHex, labels: ['  Films ', 'films', 'to  watch', ''] });
    expect(reply.labels).toEqual(['Films', 'to watch']);
    expect(h.latest(metainfo.infoHashHex)?.labels).toEqual(['Films', 'to watch']);
    await h.host.close();
    expect((await db.list())[0]?.labels).toEqual(['Films', 'to watch']);

    const again = await started(db);
    expect(again.latest(metainfo.infoHashHex)?.labels).toEqual(['Films', 'to watch']);
  });

  it('refuses a label over the length limit with COMMAND_INVALID', async () => {
    const h = await started();
    const { torrentBytes, metainfo } = await threeFiles();
    await h.call({ type: 'add-torrent-file', bytes: torrentBytes });
    const f = await h.failure({ type: 'set-labels', infoHashHex: metainfo.infoHashHex, labels: ['x'.repeat(41)] });
    expect(f).toMatchObject({ code: 'COMMAND_INVALID', details: { problem: 'too-long', max: 40 } });
  });

  it('answers TORRENT_NOT_FOUND for an unknown torrent', async () => {
    const h = await started();
    expect((await h.failure({ type: 'set-labels', infoHashHex: 'ab'.repeat(20), labels: [] })).code).toBe('TORRENT_NOT_FOUND');
  });
});

describe('rename', () => {
  it('shows a display name, persists it across a restart, keeps the torrent`s own name, and clears with ""', async () => {
    const db = new MemoryResumeDb();
    const h = await started(db);
    const { torrentBytes, metainfo } = await threeFiles();
    await h.call({ type: 'add-torrent-file', bytes: torrentBytes });
    const own = h.latest(metainfo.infoHashHex)?.name;
    expect((await h.call({ type: 'rename', infoHashHex: metainfo.infoHashHex, name: '  Urlaub – 日本 ' })).displayName).toBe('Urlaub – 日本');
    expect(h.latest(metainfo.infoHashHex)).toMatchObject({ name: own, displayName: 'Urlaub – 日本' });
    await h.host.close();
    expect((await db.list())[0]).toMatchObject({ name: own, displayName: 'Urlaub – 日本' });

    const again = await started(db);
    expect(again.latest(metainfo.infoHashHex)?.displayName).toBe('Urlaub – 日本');
    expect((await again.call({ type: 'rename', infoHashHex: metainfo.infoHashHex, name: '' })).displayName).toBeNull();
    expect(again.latest(metainfo.infoHashHex)?.displayName).toBeUndefined();
  });

  it('answers TORRENT_NOT_FOUND for an unknown torrent', async () => {
    const h = await started();
    expect((await h.failure({ type: 'rename', infoHashHex: 'ab'.repeat(20), name: 'x' })).code).toBe('TORRENT_NOT_FOUND');
  });
});

describe('set-trackers', () => {
  it('replaces the list, persists it, and tells the network layer with an announce event', async () => {
    const h = await started();
    const { torrentBytes, metainfo } = await threeFiles();
    await h.call({ type: 'add-torrent-file', bytes: torrentBytes });
    h.events.length = 0;
    const reply = await h.call({ type: 'set-trackers', infoHashHex: metainfo.infoHashHex, trackers: ['wss://one.example/', ' ws://two.example ', 'wss://one.example'] });
    expect(reply.trackers).toEqual(['wss://one.example', 'ws://two.example']);
    expect(h.events).toContainEqual({ type: 'announce', infoHashHex: metainfo.infoHashHex, trackers: ['wss://one.example', 'ws://two.example'] });
    expect(h.latest(metainfo.infoHashHex)?.trackers).toEqual(['wss://one.example', 'ws://two.example']);
    expect(h.latest(metainfo.infoHashHex)?.magnet).toContain('tr=ws%3A%2F%2Ftwo.example');
    await h.host.close();
    expect((await h.db.list())[0]?.trackers).toEqual(['wss://one.example', 'ws://two.example']);
  });

  it('does not announce a paused torrent; it takes the new list when resumed', async () => {
    const h = await started();
    const { torrentBytes, metainfo } = await threeFiles();
    await h.call({ type: 'add-torrent-file', bytes: torrentBytes });
    await h.call({ type: 'pause', infoHashHex: metainfo.infoHashHex });
    h.events.length = 0;
    await h.call({ type: 'set-trackers', infoHashHex: metainfo.infoHashHex, trackers: ['wss://new.example'] });
    expect(h.events.filter((e) => e.type === 'announce')).toEqual([]);
    await h.call({ type: 'resume', infoHashHex: metainfo.infoHashHex });
    expect(h.events).toContainEqual({ type: 'announce', infoHashHex: metainfo.infoHashHex, trackers: ['wss://new.example'] });
  });

  it.each([
    ['https://tracker.example/announce', 'not-websocket'],
    ['udp://tracker.example:80', 'not-websocket'],
    ['not a url', 'invalid-url'],
  ])('refuses %s (%s)', async (url, problem) => {
    const h = await started();
    const { torrentBytes, metainfo } = await threeFiles();
    await h.call({ type: 'add-torrent-file', bytes: torrentBytes });
    const f = await h.failure({ type: 'set-trackers', infoHashHex: metainfo.infoHashHex, trackers: ['wss://ok.example', url] });
    expect(f).toMatchObject({ code: 'COMMAND_INVALID', details: { problem } });
    expect(h.latest(metainfo.infoHashHex)?.trackers).toEqual(['wss://t.example/announce']);
  });
});

describe('select files first', () => {
  it('persists the hold of a magnet added with selectFirst, and restores it', async () => {
    const db = new MemoryResumeDb();
    const h = await started(db);
    const { metainfo } = await threeFiles();
    await h.call({ type: 'add-magnet', uri: toMagnet({ infoHash: metainfo.infoHash, name: 'three' }), selectFirst: true });
    await h.host.close();
    expect((await db.list())[0]).toMatchObject({ infoHashHex: metainfo.infoHashHex, selectFirst: true });
    const again = await started(db);
    await again.host.close();
    expect((await db.list())[0]?.selectFirst).toBe(true);
  });

  it('holds a .torrent restored with the flag, reports awaitingSelection, and select-files releases it', async () => {
    const db = new MemoryResumeDb();
    const { torrentBytes, metainfo } = await threeFiles();
    await db.put({
      infoHashHex: metainfo.infoHashHex,
      torrentBytes,
      name: 'three',
      trackers: [],
      webSeeds: [],
      filePriorities: [4, 4, 4],
      paused: false,
      addedAt: 1,
      uploaded: 0,
      downloaded: 0,
      selectFirst: true,
    });
    const h = await started(db);
    expect(h.latest(metainfo.infoHashHex)?.awaitingSelection).toBe(true);
    await h.call({ type: 'select-files', infoHashHex: metainfo.infoHashHex, priorities: [0, 7, 4] });
    const snap = h.latest(metainfo.infoHashHex)!;
    expect(snap.awaitingSelection).toBeUndefined();
    expect(snap.length).toBe(50_000);
    await h.host.close();
    const record = (await db.list())[0]!;
    expect(record.selectFirst).toBeUndefined();
    expect(record.filePriorities).toEqual([0, 7, 4]);
  });

  it('refuses select-files before the metadata is known', async () => {
    const h = await started();
    const { metainfo } = await threeFiles();
    await h.call({ type: 'add-magnet', uri: toMagnet({ infoHash: metainfo.infoHash }), selectFirst: true });
    expect((await h.failure({ type: 'select-files', infoHashHex: metainfo.infoHashHex, priorities: [4] })).code).toBe('COMMAND_INVALID');
  });
});

// The file commands through the worker host: priorities persisted and shown, reads bounded by the file, a file
// choice refused before the metadata.

import { describe, expect, it } from 'vitest';
import { createTorrent } from '../../../../src/engine/metainfo/create.ts';
import { toMagnet } from '../../../../src/engine/metainfo/magnet.ts';
import { subtleHasher } from '../../../../src/platform/subtle-hasher.ts';
import { started } from './host-harness.ts';

async function twoFiles() {
  const files = [
    { path: ['a.txt'], length: 20_000 },
    { path: ['b.bin'], length: 10_000 },
  ].map((f) => ({ ...f, read: async (o: number, l: number) => new Uint8Array(f.length).fill(7).subarray(o, o + l) }));
  return createTorrent({ name: 'two', files, pieceLength: 16 * 1024 }, subtleHasher);
}

describe('file commands', () => {
  it('sets a file priority: persisted, shown in the detail, wanted bytes follow', async () => {
    const h = await started();
    const { torrentBytes, metainfo } = await twoFiles();
    await h.call({ type: 'add-torrent-file', bytes: torrentBytes });
    await h.call({ type: 'set-file-priority', infoHashHex: metainfo.infoHashHex, fileIndexes: [1], priority: 0 });
    expect((await h.db.list())[0]?.filePriorities).toEqual([4, 0]);
    const detail = await h.call({ type: 'detail', infoHashHex: metainfo.infoHashHex });
    expect(detail.files.map((f) => f.priority)).toEqual([4, 0]);
    expect(h.latest(metainfo.infoHashHex)?.length).toBe(20_000);
  });

  it('refuses a read outside the file with the numbers', async () => {
    const h = await started();
    const { torrentBytes, metainfo } = await twoFiles();
    await h.call({ type: 'add-torrent-file', bytes: torrentBytes });
    const f = await h.failure({ type: 'read', infoHashHex: metainfo.infoHashHex, fileIndex: 1, offset: 9_000, length: 2_000 });
    expect(f).toMatchObject({ code: 'STORAGE_OUT_OF_RANGE', details: { fileIndex: 1, offset: 9_000, length: 2_000, fileLength: 10_000 } });
    expect((await h.failure({ type: 'read', infoHashHex: metainfo.infoHashHex, fileIndex: 5, offset: 0, length: 1 })).code).toBe('STORAGE_OUT_OF_RANGE');
  });

  it('refuses a file choice before the metadata is known', async () => {
    const h = await started();
    const { metainfo } = await twoFiles();
    await h.call({ type: 'add-magnet', uri: toMagnet({ infoHash: metainfo.infoHash }) });
    expect((await h.failure({ type: 'select-files', infoHashHex: metainfo.infoHashHex, priorities: [4, 4] })).code).toBe('COMMAND_INVALID');
  });
});

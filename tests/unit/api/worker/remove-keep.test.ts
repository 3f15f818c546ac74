import { describe, expect, it } from 'vitest';
import type { SeedInput } from '../../../../src/api/protocol.ts';
import { MemoryResumeDb } from '../../../../src/storage/memory-resume-db.ts';
import { MemoryStoreFactory } from '../../../../src/storage/memory-store.ts';
import { started } from './host-harness.ts';

const input = (bytes: number, seed: number, ...path: string[]): SeedInput => ({
  file: new File([Uint8Array.from({ length: bytes }, (_, i) => (i * seed) & 0xff)], path[path.length - 1]!),
  path,
});
const files = [input(40_000, 3, 'Shared', 'a.bin'), input(30_000, 5, 'Shared', 'b', 'c.bin')];

describe('remove, keep data: adding the torrent again picks the data up', () => {
  it('for a torrent created here (data under its own storage id), by .torrent or by magnet, across a restart', async () => {
    const db = new MemoryResumeDb();
    const storage = new MemoryStoreFactory();
    const h = await started(db, undefined, storage);
    const { infoHashHex, magnet } = await h.call({ type: 'seed', jobId: 'j', inputs: files, options: {} });
    const torrent = await h.call({ type: 'torrent-file', infoHashHex });
    await h.call({ type: 'remove', infoHashHex, deleteData: false });
    expect(h.latest(infoHashHex)).toBeUndefined();
    await h.host.close();

    // A fresh engine on the same storage (a reload) still knows where the kept data is.
    const again = await started(db, undefined, storage);
    expect(again.latest(infoHashHex)).toBeUndefined();
    await again.call({ type: 'add-torrent-file', bytes: torrent });
    expect(again.latest(infoHashHex)).toMatchObject({ state: 'seeding', progress: 1 });
    await again.call({ type: 'remove', infoHashHex, deleteData: false });
    const byMagnet = await again.call({ type: 'add-magnet', uri: magnet });
    expect(byMagnet.infoHashHex).toBe(infoHashHex);
    // A magnet learns the files from peers first; the kept data is where it will look.
    await again.host.close(); // its writes are queued; closing saves and waits for them
    expect((await db.list()).find((r) => r.infoHashHex === infoHashHex)?.storageId).toBeDefined();
    expect((await db.list()).find((r) => r.infoHashHex === infoHashHex)?.keptOnly).toBeUndefined();
  });

  it('for a torrent added from a .torrent (data under its info hash)', async () => {
    const h = await started();
    const { infoHashHex } = await h.call({ type: 'seed', jobId: 'j', inputs: files, options: {} });
    const torrent = await h.call({ type: 'torrent-file', infoHashHex });
    await h.call({ type: 'remove', infoHashHex, deleteData: true });
    // Added from the .torrent with the user's files: stored under the info hash.
    await h.call({ type: 'add-torrent-file', bytes: torrent.slice(), existing: files });
    await expect.poll(() => h.latest(infoHashHex)?.state, { timeout: 2000 }).toBe('seeding');
    await h.call({ type: 'remove', infoHashHex, deleteData: false });
    await h.call({ type: 'add-torrent-file', bytes: torrent.slice() });
    expect(h.latest(infoHashHex)).toMatchObject({ state: 'seeding', progress: 1 });
  });

  it('deleting the data forgets it: added again, the torrent starts from nothing', async () => {
    const h = await started();
    const { infoHashHex } = await h.call({ type: 'seed', jobId: 'j', inputs: files, options: {} });
    const torrent = await h.call({ type: 'torrent-file', infoHashHex });
    await h.call({ type: 'remove', infoHashHex, deleteData: true });
    await h.call({ type: 'add-torrent-file', bytes: torrent });
    expect(h.latest(infoHashHex)).toMatchObject({ state: 'downloading', verified: 0 });
  });
});

import { describe, expect, it } from 'vitest';
import {
  MAX_TORRENT_FILE_BYTES,
  addMagnet,
  addTorrentFile,
  removeTorrent,
  seedFiles,
} from '../../../src/components/actions.ts';
import { EngineCallError } from '../../../src/api/client.ts';
import type { SeedInput } from '../../../src/api/protocol.ts';
import { FakeEngine } from './fake-engine.ts';

const HASH = 'c9e15763f722f23e98a29decdfae341b98d53056';
const MAGNET = `magnet:?xt=urn:btih:${HASH}`;

describe('addMagnet', () => {
  it('sends add-magnet with the default trackers and returns the info hash', async () => {
    const engine = new FakeEngine();
    engine.respond = () => ({ value: { infoHashHex: HASH } });
    await expect(addMagnet(engine.client, MAGNET, ['wss://t.example'])).resolves.toBe(HASH);
    expect(engine.commandsOf('add-magnet')).toEqual([{ type: 'add-magnet', uri: MAGNET, trackers: ['wss://t.example'] }]);
  });

  it('leaves trackers out when there are none', async () => {
    const engine = new FakeEngine();
    engine.respond = () => ({ value: { infoHashHex: HASH } });
    await addMagnet(engine.client, MAGNET, []);
    expect(engine.commandsOf('add-magnet')[0]).not.toHaveProperty('trackers');
  });

  it('rejects with the engine error code', async () => {
    const engine = new FakeEngine();
    engine.respond = () => ({ error: { code: 'MAGNET_INVALID', message: 'bad magnet' } });
    const err = await addMagnet(engine.client, 'magnet:?', []).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(EngineCallError);
    expect((err as EngineCallError).code).toBe('MAGNET_INVALID');
  });
});

describe('addTorrentFile', () => {
  it('sends the file bytes and transfers their buffer', async () => {
    const engine = new FakeEngine();
    engine.respond = () => ({ value: { infoHashHex: HASH } });
    const file = new File([new Uint8Array([100, 101, 101])], 'a.torrent');
    await expect(addTorrentFile(engine.client, file)).resolves.toBe(HASH);
    const [sent] = engine.sent;
    expect(sent?.command).toMatchObject({ type: 'add-torrent-file' });
    const bytes = (sent?.command as { bytes: Uint8Array }).bytes;
    expect(Array.from(bytes)).toEqual([100, 101, 101]);
    expect(sent?.transfer).toEqual([bytes.buffer]);
  });

  it('refuses a file over the size limit without reading it or asking the engine', async () => {
    const engine = new FakeEngine();
    const huge = { size: MAX_TORRENT_FILE_BYTES + 1, arrayBuffer: () => Promise.reject(new Error('must not read')) } as Blob;
    await expect(addTorrentFile(engine.client, huge)).rejects.toThrow(String(MAX_TORRENT_FILE_BYTES + 1));
    expect(engine.sent).toHaveLength(0);
  });
});

describe('seedFiles', () => {
  const inputs: SeedInput[] = [{ file: new File(['x'], 'x.txt'), path: ['x.txt'] }];

  it('forwards job-progress for its own job only and stops listening once the reply arrives', async () => {
    const engine = new FakeEngine();
    engine.respond = () => undefined; // answered by hand below
    const progress: [number, number][] = [];
    const done = seedFiles(engine.client, inputs, { trackers: ['wss://t'] }, (d, t) => progress.push([d, t]));
    const seed = engine.commandsOf('seed')[0]!;
    expect(seed).toMatchObject({ type: 'seed', inputs, options: { trackers: ['wss://t'] } });
    expect(seed.jobId).toMatch(/^[0-9a-f-]{36}$/);

    engine.emit({ type: 'job-progress', jobId: seed.jobId, done: 1, total: 4 });
    engine.emit({ type: 'job-progress', jobId: 'another-job', done: 3, total: 4 });
    engine.emit({ type: 'job-progress', jobId: seed.jobId, done: 4, total: 4 });
    engine.reply(engine.sent[0]!.id, { infoHashHex: HASH, magnet: MAGNET });
    await expect(done).resolves.toEqual({ infoHashHex: HASH, magnet: MAGNET });

    engine.emit({ type: 'job-progress', jobId: seed.jobId, done: 9, total: 9 });
    expect(progress).toEqual([
      [1, 4],
      [4, 4],
    ]);
  });

  it('gives every job its own id', async () => {
    const engine = new FakeEngine();
    engine.respond = (c) => (c.type === 'seed' ? { value: { infoHashHex: HASH, magnet: MAGNET } } : undefined);
    await Promise.all([seedFiles(engine.client, inputs, {}), seedFiles(engine.client, inputs, {})]);
    const [a, b] = engine.commandsOf('seed');
    expect(a?.jobId).not.toBe(b?.jobId);
  });

  it('sends cancel-job for its job when aborted, and rejects with the engine error', async () => {
    const engine = new FakeEngine();
    engine.respond = () => undefined;
    const abort = new AbortController();
    const done = seedFiles(engine.client, inputs, {}, undefined, abort.signal);
    const seedId = engine.sent[0]!.id;
    const jobId = engine.commandsOf('seed')[0]!.jobId;
    abort.abort();
    expect(engine.commandsOf('cancel-job')).toEqual([{ type: 'cancel-job', jobId }]);
    engine.fail(seedId, { code: 'JOB_CANCELLED', message: 'cancelled' });
    await expect(done).rejects.toThrow('cancelled');
  });

  it('does not send cancel-job after the job has finished', async () => {
    const engine = new FakeEngine();
    engine.respond = (c) => (c.type === 'seed' ? { value: { infoHashHex: HASH, magnet: MAGNET } } : undefined);
    const abort = new AbortController();
    await seedFiles(engine.client, inputs, {}, undefined, abort.signal);
    abort.abort();
    expect(engine.commandsOf('cancel-job')).toHaveLength(0);
  });
});

describe('removeTorrent', () => {
  it.each([true, false])('passes deleteData=%s through', async (deleteData) => {
    const engine = new FakeEngine();
    await removeTorrent(engine.client, HASH, deleteData);
    expect(engine.commandsOf('remove')).toEqual([{ type: 'remove', infoHashHex: HASH, deleteData }]);
  });
});

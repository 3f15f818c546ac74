import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isEngineError } from '../../../src/engine/errors.ts';
import { NodeFsStoreFactory } from '../../../src/storage/node-fs-store.ts';
import { makeLayout, seededBytes } from '../../contracts/contract-helpers.ts';

let root = '';
beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'rivulet-fs-'));
});
afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

const hash = 'ab'.repeat(20);
// 100 + pad 28 + 100 bytes, pieces of 64: the pad file must get no file on disk.
const layout = makeLayout(
  64,
  [
    { path: '../../etc/passwd', length: 100 },
    { path: '.pad/28', length: 28, pad: true },
    { path: 'C:\\evil/..', length: 100 },
  ],
  hash,
);

describe('NodeFsStoreFactory', () => {
  it('names files by index under <root>/<infohash>/files, never by the torrent paths, and skips pad files', async () => {
    const store = await new NodeFsStoreFactory(root).open(layout);
    const data = seededBytes(layout.length, 1);
    for (let p = 0; p < layout.pieceCount; p++) await store.writePiece(p, data.subarray(p * 64, Math.min(layout.length, p * 64 + 64)));
    await store.close();
    expect((await readdir(join(root, hash, 'files'))).sort()).toEqual(['0', '2']);
    expect(await readFile(join(root, hash, 'files', '0'))).toEqual(Buffer.from(data.subarray(0, 100)));
    expect(await readFile(join(root, hash, 'files', '2'))).toEqual(Buffer.from(data.subarray(128, 228)));
    expect((await readdir(root)).sort()).toEqual([hash]);
  });

  it('keeps verified.bits in BEP 3 bit order, one byte per 8 pieces', async () => {
    const store = await new NodeFsStoreFactory(root).open(layout);
    const data = seededBytes(64, 2);
    await store.writePiece(1, data);
    await store.writePiece(2, data);
    expect([...(await readFile(join(root, hash, 'verified.bits')))]).toEqual([0b0110_0000]);
    await store.forgetPiece(1);
    expect([...(await readFile(join(root, hash, 'verified.bits')))]).toEqual([0b0010_0000]);
    await store.close();
  });

  it('does not create a file for a read of never-written data', async () => {
    const store = await new NodeFsStoreFactory(root).open(layout);
    expect(await store.read(0, layout.length)).toEqual(new Uint8Array(layout.length));
    expect(await readdir(join(root, hash, 'files'))).toEqual([]);
    await store.destroy();
    expect(await readdir(root)).toEqual([]);
  });

  it('refuses an info hash that is not lower-case hex, since it becomes a folder name', async () => {
    const factory = new NodeFsStoreFactory(root);
    await expect(factory.open({ ...layout, infoHashHex: '../x' })).rejects.toSatisfy((e) => isEngineError(e, 'STORAGE_IO'));
    await expect(factory.remove('..')).rejects.toSatisfy((e) => isEngineError(e, 'STORAGE_IO'));
  });
});

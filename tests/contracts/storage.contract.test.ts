// Runs the storage and resume-db contracts against every backend that runs in Node (memory, fs, fake IndexedDB).

import 'fake-indexeddb/auto';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, it } from 'vitest';
import type { StoreFactory } from '../../src/engine/ports.ts';
import { IdbResumeDb } from '../../src/storage/idb-resume-db.ts';
import { IdbStoreFactory } from '../../src/storage/idb-store.ts';
import { MemoryResumeDb } from '../../src/storage/memory-resume-db.ts';
import { MemoryStoreFactory } from '../../src/storage/memory-store.ts';
import { NodeFsStoreFactory } from '../../src/storage/node-fs-store.ts';
import { resumeDbChecks } from './resume-db.contract.ts';
import { storageChecks } from './storage.contract.ts';

let root = '';
let dbCounter = 0;

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'rivulet-store-'));
});

afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

const backends: { name: string; make(): StoreFactory }[] = [
  { name: 'MemoryStoreFactory', make: () => new MemoryStoreFactory() },
  { name: 'NodeFsStoreFactory', make: () => new NodeFsStoreFactory(root) },
  { name: 'IdbStoreFactory (fake-indexeddb)', make: () => new IdbStoreFactory(`rivulet-pieces-test-${++dbCounter}`) },
];

for (const backend of backends) {
  describe(`storage contract: ${backend.name}`, () => {
    for (const check of storageChecks) {
      it(check.name, async () => {
        await check.run(backend.make());
      });
    }
  });
}

describe('storage contract leaves nothing behind', () => {
  it('every check destroyed its torrent folders on the file system', async () => {
    const factory = new NodeFsStoreFactory(root);
    for (const check of storageChecks) await check.run(factory);
    const left = await readdir(root);
    if (left.length) throw new Error(`left behind in ${root}: ${left.join(', ')}`);
  });

  it('every check released its pieces in memory', async () => {
    const factory = new MemoryStoreFactory();
    for (const check of storageChecks) await check.run(factory);
    if (factory.storedBytes !== 0) throw new Error(`${factory.storedBytes} bytes still stored`);
  });
});

describe('resume-db contract: MemoryResumeDb', () => {
  for (const check of resumeDbChecks) {
    it(check.name, async () => {
      const db = new MemoryResumeDb();
      await check.run(() => db);
    });
  }
});

describe('resume-db contract: IdbResumeDb (fake-indexeddb)', () => {
  for (const check of resumeDbChecks) {
    it(check.name, async () => {
      const name = `rivulet-test-${++dbCounter}`;
      const handles: IdbResumeDb[] = [];
      try {
        await check.run(() => {
          const db = new IdbResumeDb(name);
          handles.push(db);
          return db;
        });
      } finally {
        await Promise.all(handles.map((h) => h.close()));
      }
    });
  }
});

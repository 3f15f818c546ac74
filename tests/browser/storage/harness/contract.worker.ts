// The harness worker: runs the storage contract and the OPFS-only checks in a dedicated worker (sync handles).

import { EngineError } from '../../../../src/engine/errors.ts';
import type { PieceStore, StoreFactory } from '../../../../src/engine/ports.ts';
import { IdbStoreFactory } from '../../../../src/storage/idb-store.ts';
import { OpfsStoreFactory, opfsAvailable, opfsStoredFile } from '../../../../src/storage/opfs-store.ts';
import { chooseStoreFactory } from '../../../../src/storage/select-store.ts';
import { makeLayout, seededBytes } from '../../../contracts/contract-helpers.ts';
import { storageChecks } from '../../../contracts/storage.contract.ts';
import type { Backend, CheckResult, HarnessReply, HarnessRequest, PlainError } from './protocol.ts';

/** A folder of its own under the OPFS root, so the leftovers check sees only what the contract made. */
const TEST_ROOT = 'rivulet-contract';
const TEST_DB = 'rivulet-pieces-contract';

let held: PieceStore | null = null;

function plain(e: unknown): PlainError {
  if (e instanceof EngineError) return { name: e.name, code: e.code, message: e.message, details: { ...e.details } };
  if (e instanceof Error) return { name: e.name, message: e.message };
  return { name: 'unknown', message: String(e) };
}

function factoryFor(backend: Backend): StoreFactory {
  return backend === 'opfs' ? new OpfsStoreFactory(TEST_ROOT) : new IdbStoreFactory(TEST_DB);
}

async function opfsLeftovers(): Promise<string[]> {
  const root = await navigator.storage.getDirectory();
  let dir: FileSystemDirectoryHandle;
  try {
    dir = await root.getDirectoryHandle(TEST_ROOT);
  } catch {
    return [];
  }
  const names: string[] = [];
  // The DOM lib types lack the async iterator of directory handles; the worker realm has it.
  const entries = (dir as unknown as { keys(): AsyncIterable<string> }).keys();
  for await (const name of entries) names.push(name);
  return names;
}

async function runContract(backend: Backend): Promise<HarnessReply> {
  const factory = factoryFor(backend);
  const results: CheckResult[] = [];
  for (const check of storageChecks) {
    const t0 = performance.now();
    try {
      await check.run(factory);
      results.push({ name: check.name, ok: true, ms: Math.round(performance.now() - t0) });
    } catch (e) {
      const err = plain(e);
      const text = `${err.code ?? err.name}: ${err.message}${err.details ? ' ' + JSON.stringify(err.details) : ''}`;
      results.push({ name: check.name, ok: false, error: text, ms: Math.round(performance.now() - t0) });
    }
  }
  const leftovers = backend === 'opfs' ? await opfsLeftovers() : [];
  if (backend === 'idb') await (factory as IdbStoreFactory).closeDb();
  return { op: 'contract', results, leftovers };
}

const smallLayout = (infoHash: string) => makeLayout(1024, [{ path: 'x.bin', length: 3000 }], infoHash);

async function quota(backend: Backend, pieceLength: number, pieces: number): Promise<HarnessReply> {
  const layout = makeLayout(pieceLength, [{ path: 'big.bin', length: pieceLength * pieces }]);
  const factory = factoryFor(backend);
  let store = await factory.open(layout);
  const data = seededBytes(pieceLength, 5);
  let written = 0;
  let error: PlainError | undefined;
  try {
    for (let p = 0; p < pieces; p++) {
      await store.writePiece(p, data);
      written++;
    }
  } catch (e) {
    error = plain(e);
  }
  // The failed piece must not be marked, in memory or on disk.
  const countBits = (b: Uint8Array): number => b.reduce((n, x) => n + x.toString(2).replaceAll('0', '').length, 0);
  const marked = countBits(store.verifiedPieces());
  await store.close();
  store = await factory.open(layout);
  const markedAfterReopen = countBits(store.verifiedPieces());
  await store.destroy();
  return error ? { op: 'quota', written, marked, markedAfterReopen, error } : { op: 'quota', written, marked, markedAfterReopen };
}

async function exportFile(): Promise<HarnessReply> {
  const factory = new OpfsStoreFactory(TEST_ROOT);
  const layout = smallLayout('e'.repeat(40));
  const store = await factory.open(layout);
  const data = seededBytes(1024, 9);
  await store.writePiece(1, data);
  const describe = async (): Promise<string> => {
    try {
      const f = await opfsStoredFile(layout.infoHashHex, 0, TEST_ROOT);
      if (!f) return 'null';
      const bytes = new Uint8Array(await f.arrayBuffer());
      const same = bytes.length === 2048 && bytes.subarray(1024).every((b, i) => b === data[i]);
      return `file of ${bytes.length} bytes, ${same ? 'piece 1 intact' : 'CONTENT MISMATCH'}`;
    } catch (e) {
      const err = plain(e);
      return `${err.code ?? err.name}: ${err.message}`;
    }
  };
  const whileOpen = await describe();
  await store.close();
  const afterClose = await describe();
  await factory.remove(layout.infoHashHex);
  const missing = await describe();
  return { op: 'export', whileOpen, afterClose, missing };
}

async function handle(req: HarnessRequest): Promise<HarnessReply> {
  switch (req.op) {
    case 'contract':
      return runContract(req.backend);
    case 'probe':
      return {
        op: 'probe',
        opfsAvailable: await opfsAvailable(),
        chosen: (await chooseStoreFactory()).kind,
        chosenWithIdbPreference: (await chooseStoreFactory('idb')).kind,
      };
    case 'hold':
      try {
        held = await new OpfsStoreFactory(TEST_ROOT).open(smallLayout(req.infoHash));
        await held.writePiece(0, seededBytes(1024, 1));
        return { op: 'hold' };
      } catch (e) {
        return { op: 'hold', error: plain(e) };
      }
    case 'open':
      try {
        await (await new OpfsStoreFactory(TEST_ROOT).open(smallLayout(req.infoHash))).close();
        return { op: 'open' };
      } catch (e) {
        return { op: 'open', error: plain(e) };
      }
    case 'release':
      try {
        await held?.destroy();
        held = null;
        return { op: 'release' };
      } catch (e) {
        return { op: 'release', error: plain(e) };
      }
    case 'quota':
      return quota(req.backend, req.pieceLength, req.pieces);
    case 'export':
      return exportFile();
  }
}

self.onmessage = (ev: MessageEvent<HarnessRequest>) => {
  handle(ev.data).then(
    (reply) => self.postMessage(reply),
    (e: unknown) => self.postMessage({ op: 'failed', error: plain(e) } satisfies HarnessReply),
  );
};

// The one suite every ResumeDb passes (memory, IndexedDB): framework-agnostic checks that throw.

import type { ResumeDb, ResumeRecord } from '../../src/engine/ports.ts';
import { assertEqual, assertEqualBytes, fail, randomInfoHash, seededBytes } from './contract-helpers.ts';

export interface ResumeDbCheck {
  readonly name: string;
  /**
   * `open()` returns a handle on one backing store that is empty when the check starts; calling it again
   * returns a new handle on the same data, as a page reload would (memory: the same instance).
   */
  run(open: () => ResumeDb): Promise<void>;
}

function fullRecord(seed: number): ResumeRecord {
  return {
    infoHashHex: randomInfoHash(),
    infoBytes: seededBytes(333, seed),
    torrentBytes: seededBytes(1000, seed + 1),
    magnet: 'magnet:?xt=urn:btih:' + 'ab'.repeat(20),
    name: `Torrent ${seed} — ünïcode`,
    trackers: ['wss://tracker.example/announce', 'wss://other.example'],
    webSeeds: ['https://seed.example/files/'],
    filePriorities: [4, 0, 7, 1],
    paused: seed % 2 === 0,
    addedAt: 1_700_000_000_000 + seed,
    completedAt: 1_700_000_500_000 + seed,
    uploaded: 2 ** 40 + seed,
    downloaded: 123_456_789,
    labels: ['linux', 'iso'],
  };
}

function minimalRecord(): ResumeRecord {
  return { infoHashHex: randomInfoHash(), name: 'magnet only', trackers: [], webSeeds: [], paused: false, addedAt: 1, uploaded: 0, downloaded: 0 };
}

/** Field-by-field equality; Uint8Arrays by content, and present-vs-absent optional fields count. */
export function assertSameRecord(actual: ResumeRecord | undefined, expected: ResumeRecord, what: string): void {
  if (!actual) fail(`${what}: record ${expected.infoHashHex} is missing`);
  const keys = new Set([...Object.keys(actual), ...Object.keys(expected)]);
  for (const k of keys) {
    const a: unknown = (actual as unknown as Record<string, unknown>)[k];
    const e: unknown = (expected as unknown as Record<string, unknown>)[k];
    if (e instanceof Uint8Array) {
      if (!(a instanceof Uint8Array)) fail(`${what}: ${k} is ${Object.prototype.toString.call(a)}, expected a Uint8Array`);
      assertEqualBytes(a, e, `${what}: ${k}`);
    } else {
      assertEqual(JSON.stringify(a), JSON.stringify(e), `${what}: ${k}`);
    }
  }
}

const byHash = (list: ResumeRecord[]): Map<string, ResumeRecord> => new Map(list.map((r) => [r.infoHashHex, r]));

export const resumeDbChecks: readonly ResumeDbCheck[] = [
  {
    name: 'an empty database lists nothing',
    async run(open) {
      assertEqual((await open().list()).length, 0, 'records');
    },
  },
  {
    name: 'put records round-trip with their bytes, and survive a reopen',
    async run(open) {
      const db = open();
      const records = [fullRecord(1), fullRecord(2), minimalRecord()];
      for (const r of records) await db.put(r);
      for (const handle of [db, open()]) {
        const got = byHash(await handle.list());
        assertEqual(got.size, 3, 'record count');
        for (const r of records) assertSameRecord(got.get(r.infoHashHex), r, 'listed record');
      }
    },
  },
  {
    name: 'put of an existing info hash replaces the record',
    async run(open) {
      const db = open();
      const first = fullRecord(3);
      await db.put(first);
      // Without completedAt: a field the new record lacks must not survive from the old one.
      const { completedAt: _dropped, ...rest } = first;
      const second: ResumeRecord = { ...rest, paused: !first.paused, uploaded: 99, labels: [] };
      await db.put(second);
      const list = await open().list();
      assertEqual(list.length, 1, 'record count');
      assertSameRecord(list[0], second, 'replaced record');
    },
  },
  {
    name: 'delete removes one record, and deleting an unknown hash is a no-op',
    async run(open) {
      const db = open();
      const a = fullRecord(4);
      const b = fullRecord(5);
      await db.put(a);
      await db.put(b);
      await db.delete(a.infoHashHex);
      await db.delete(randomInfoHash());
      const list = await open().list();
      assertEqual(list.length, 1, 'record count');
      assertSameRecord(list[0], b, 'the remaining record');
    },
  },
  {
    name: 'a record is saved by value: changing the caller object or a listed copy later changes nothing',
    async run(open) {
      const db = open();
      const r = fullRecord(6);
      await db.put(r);
      const snapshot = { ...r, infoBytes: r.infoBytes!.slice(), trackers: [...r.trackers] };
      r.infoBytes!.fill(0);
      (r.trackers as string[]).push('wss://late.example');
      const listed = (await db.list())[0]!;
      listed.torrentBytes!.fill(0);
      assertSameRecord((await open().list())[0], snapshot, 'the stored record');
    },
  },
  {
    name: 'saving again with the same bytes keeps them; new bytes replace them; a record without bytes has none',
    async run(open) {
      const db = open();
      const r = fullRecord(7);
      await db.put(r);
      const counters: ResumeRecord = { ...r, uploaded: 5, downloaded: 6 };
      await db.put(counters);
      assertSameRecord((await open().list())[0], counters, 'after a counters-only save');
      const rebuilt: ResumeRecord = { ...counters, infoBytes: seededBytes(333, 70), torrentBytes: seededBytes(1000, 71) };
      await db.put(rebuilt);
      assertSameRecord((await open().list())[0], rebuilt, 'after new bytes');
      const { infoBytes: _i, torrentBytes: _t, ...bare } = rebuilt;
      await db.put(bare);
      assertSameRecord((await open().list())[0], bare, 'after a save without bytes');
    },
  },
  {
    name: 'a deleted record leaves no bytes behind for a later record of the same info hash',
    async run(open) {
      const db = open();
      const r = fullRecord(8);
      await db.put(r);
      await db.delete(r.infoHashHex);
      const again: ResumeRecord = { ...minimalRecord(), infoHashHex: r.infoHashHex };
      await open().put(again);
      assertSameRecord((await open().list())[0], again, 'the new record');
    },
  },
];

import { describe, expect, it } from 'vitest';
import { COUNTER_SAVE_MS, Persistence, countersOf } from '../../../../src/api/worker/persistence.ts';
import type { ResumeRecord } from '../../../../src/engine/ports.ts';
import { Session } from '../../../../src/engine/session.ts';
import { subtleHasher } from '../../../../src/platform/subtle-hasher.ts';
import { MemoryResumeDb } from '../../../../src/storage/memory-resume-db.ts';
import { MemoryStoreFactory } from '../../../../src/storage/memory-store.ts';

class CountingDb extends MemoryResumeDb {
  readonly puts: ResumeRecord[] = [];
  override async put(record: ResumeRecord): Promise<void> {
    this.puts.push(record);
    await super.put(record);
  }
}

async function setup() {
  const db = new CountingDb();
  const session = new Session({ peerId: new Uint8Array(20), hasher: subtleHasher, storeFactory: new MemoryStoreFactory(), clock: { now: () => 0 } });
  const p = new Persistence(db, (t) => session.lifecycle.record(t), (t) => session.lifecycle.has(t));
  const t = await session.addMagnet(`magnet:?xt=urn:btih:${'ab'.repeat(20)}&dn=counted`);
  p.extras.set(t.infoHashHex, { addedAt: 1, labels: [] });
  return { db, p, session, t };
}

describe('Persistence counters', () => {
  it('saves changed counters within COUNTER_SAVE_MS (1 s), and nothing when nothing changed', async () => {
    expect(COUNTER_SAVE_MS).toBeLessThanOrEqual(1000);
    const { db, p, session, t } = await setup();
    p.saveCounters(session, 0);
    await p.settled();
    expect(db.puts).toHaveLength(1);
    // Unchanged: no write, however often the tick asks.
    for (let now = 250; now <= 5000; now += 250) p.saveCounters(session, now);
    await p.settled();
    expect(db.puts).toHaveLength(1);
    // A change is written by the first check a second after the previous one: within a second of the change.
    t.downloaded += 16384;
    p.saveCounters(session, 5250);
    p.saveCounters(session, 5750);
    await p.settled();
    expect(db.puts).toHaveLength(1);
    p.saveCounters(session, 6000);
    await p.settled();
    expect(db.puts).toHaveLength(2);
    expect(db.puts.at(-1)!.downloaded).toBe(16384);
    await session.close();
  });

  it('saveAll writes every record now (pagehide, handing over to another tab)', async () => {
    const { db, p, session, t } = await setup();
    t.uploaded = 777;
    await p.saveAll(session.torrents.values());
    expect(db.puts.at(-1)!.uploaded).toBe(777);
    expect((await db.list())[0]!.uploaded).toBe(777);
    await session.close();
  });

  it('compares every number of the record, so counters added later need nothing here', () => {
    const base = { infoHashHex: 'x', name: 'n', trackers: [], webSeeds: [], paused: false, addedAt: 1, uploaded: 2, downloaded: 3 };
    expect(countersOf(base)).not.toBe(countersOf({ ...base, wasted: 5 } as ResumeRecord));
    expect(countersOf(base)).toBe(countersOf({ ...base, name: 'other' }));
  });
});

import { describe, expect, it, vi } from 'vitest';
import { HEARTBEAT_ID, carriedClocks } from '../../../../src/api/worker/clock-heartbeat.ts';
import { COUNTER_SAVE_MS, Persistence, countersOf } from '../../../../src/api/worker/persistence.ts';
import type { ResumeRecord } from '../../../../src/engine/ports.ts';
import { Session } from '../../../../src/engine/session.ts';
import { subtleHasher } from '../../../../src/platform/subtle-hasher.ts';
import { MemoryResumeDb } from '../../../../src/storage/memory-resume-db.ts';
import { MemoryStoreFactory } from '../../../../src/storage/memory-store.ts';

/** Counts the torrents' records written (the heartbeat apart). */
class CountingDb extends MemoryResumeDb {
  readonly puts: ResumeRecord[] = [];
  beats = 0;
  override async put(record: ResumeRecord): Promise<void> {
    if (record.infoHashHex === HEARTBEAT_ID) this.beats++;
    else this.puts.push(record);
    await super.put(record);
  }
}

async function setup(db = new CountingDb(), clock = { now: 0 }) {
  const session = new Session({ peerId: new Uint8Array(20), hasher: subtleHasher, storeFactory: new MemoryStoreFactory(), clock: { now: () => clock.now } });
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

  it('compares every number of the record but the running clocks, so counters added later need nothing here', () => {
    const base = { infoHashHex: 'x', name: 'n', trackers: [], webSeeds: [], paused: false, addedAt: 1, uploaded: 2, downloaded: 3 };
    expect(countersOf(base)).not.toBe(countersOf({ ...base, wasted: 5 } as ResumeRecord));
    expect(countersOf(base)).toBe(countersOf({ ...base, name: 'other' }));
    expect(countersOf(base)).toBe(countersOf({ ...base, activeSeconds: 9, seedingSeconds: 9, clockAt: 9, lastActivityAt: 9 }));
    // Clocks starting or stopping (paused, seeding) do make it due.
    expect(countersOf(base)).not.toBe(countersOf({ ...base, counting: 'active' }));
    expect(countersOf({ ...base, counting: 'active' })).not.toBe(countersOf({ ...base, counting: 'seeding' }));
  });

  it('running clocks cost one heartbeat a second, not a write of each record, and come back within a second', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    try {
      vi.setSystemTime(1_000_000);
      const clock = { now: 0 };
      const { db, p, session } = await setup(new CountingDb(), clock);
      expect(session.lifecycle.record([...session.torrents.values()][0]!).counting).toBe('active');
      p.saveCounters(session, 0);
      await p.settled();
      expect(db.puts).toHaveLength(1);
      // Ten seconds running with no traffic: the record is not written again; the heartbeat is, every second.
      for (let ms = 250; ms <= 10_000; ms += 250) {
        clock.now = ms;
        vi.setSystemTime(1_000_000 + ms);
        session.lifecycle.tick();
        p.saveCounters(session, ms);
      }
      await p.settled();
      expect(db.puts).toHaveLength(1);
      expect(db.beats).toBeGreaterThanOrEqual(9);
      await session.close();
      // Killed without a last save: the next start carries the clock to the heartbeat.
      const next = new Session({ peerId: new Uint8Array(20), hasher: subtleHasher, storeFactory: new MemoryStoreFactory(), clock: { now: () => 0 } });
      const restored = new Persistence(db, (t) => next.lifecycle.record(t));
      const [t] = await restored.restore(next, (id, e) => expect.fail(`${id}: ${String(e)}`));
      expect(next.lifecycle.record(t!).activeSeconds).toBeGreaterThanOrEqual(9);
      expect(next.lifecycle.record(t!).activeSeconds).toBeLessThanOrEqual(10);
      await next.close();
    } finally {
      vi.useRealTimers();
    }
  });

  it('carries forward only the clocks that were running, never backwards', () => {
    const r = { infoHashHex: 'x', name: 'n', trackers: [], webSeeds: [], paused: false, addedAt: 1, uploaded: 0, downloaded: 0, activeSeconds: 5, seedingSeconds: 2, clockAt: 10_000 };
    expect(carriedClocks({ ...r, counting: 'seeding' }, 13_000)).toEqual({ activeSeconds: 8, seedingSeconds: 5 });
    expect(carriedClocks({ ...r, counting: 'active' }, 13_000)).toEqual({ activeSeconds: 8, seedingSeconds: 2 });
    expect(carriedClocks(r, 13_000)).toEqual({ activeSeconds: 5, seedingSeconds: 2 });
    expect(carriedClocks({ ...r, counting: 'active' }, 9_000)).toEqual({ activeSeconds: 5, seedingSeconds: 2 });
    expect(carriedClocks({ ...r, counting: 'active' }, null)).toEqual({ activeSeconds: 5, seedingSeconds: 2 });
  });
});

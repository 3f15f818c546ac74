// A swarm that spreads: one seed and four leechers, every pair connected on equal rate-limited links (as pages of
// one browser). All four finish bit-identical and trade among themselves. The seed's upload / size is printed: the
// issue 13 target is <= 1.2x; today it is ~1.9-2.1x here (the 1-s request pipeline lets several leechers ask the
// seed for the same piece before any of them announces it), so the target is not asserted yet.

import { afterEach, describe, expect, it } from 'vitest';
import type { Session } from '../../src/engine/session.ts';
import { connect, content, newSession, readFiles, seed, until, type SeedFile } from './harness.ts';

const sessions: Session[] = [];
afterEach(async () => {
  await Promise.all(sessions.splice(0).map((s) => s.close()));
});

function track<T extends { session: Session }>(x: T): T {
  sessions.push(x.session);
  return x;
}

const LINK_RATE = 4_000_000; // bytes/s each way on every link

describe('a swarm that spreads', () => {
  it('one seed and four leechers on equal links: all finish bit-identical, trading pieces among themselves', async () => {
    const files: SeedFile[] = [{ path: ['spread.bin'], data: content(8 * 1024 * 1024, 41) }];
    const s = track(newSession());
    const leechers = [0, 1, 2, 3].map(() => track(newSession()));
    const { meta, torrent: seedTorrent } = await seed(s.session, s.store, 'spread.bin', files, 32 * 1024);
    const torrents = await Promise.all(leechers.map((l) => l.session.addMetainfo(meta)));
    const all = [s.session, ...leechers.map((l) => l.session)];
    for (let i = 0; i < all.length; i++) for (let j = i + 1; j < all.length; j++) connect(all[i]!, all[j]!, meta.infoHashHex, LINK_RATE);
    const started = performance.now();
    await until(all, () => torrents.every((t) => t.complete), 'four leechers to complete', 60_000);
    const ratio = seedTorrent.uploaded / meta.length;
    const traded = torrents.reduce((n, t) => n + t.uploaded, 0) / meta.length;
    console.log(`spread: seed uploaded ${ratio.toFixed(2)}x the size, leechers ${traded.toFixed(2)}x; last finish after ${((performance.now() - started) / 1000).toFixed(1)} s`);
    for (const t of torrents) {
      const [got] = await readFiles(t);
      expect(Buffer.from(got!).equals(Buffer.from(files[0]!.data))).toBe(true);
    }
    // Four copies went out in all; the leechers carried a real part of them (not a star around the seed).
    expect(ratio + traded).toBeGreaterThanOrEqual(4);
    expect(traded).toBeGreaterThan(1);
  }, 90_000);
});

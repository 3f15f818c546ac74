// The snapshot caches each torrent's magnet link (the costliest field to build): it must still follow every change
// of what the link is made of, whether the tracker list is replaced or edited in place.

import { afterEach, describe, expect, it } from 'vitest';
import { torrentSnapshot } from '../../../../src/api/worker/snapshot.ts';
import { toMagnet } from '../../../../src/engine/metainfo/magnet.ts';
import type { Session } from '../../../../src/engine/session.ts';
import { content, newSession, seed } from '../../../swarm/harness.ts';

let session: Session | null = null;
afterEach(async () => {
  await session?.close();
  session = null;
});

describe('torrentSnapshot', () => {
  it('keeps the magnet in step with the trackers and web seeds', async () => {
    const s = newSession();
    session = s.session;
    const { torrent: t } = await seed(s.session, s.store, 'a.bin', [{ path: ['a.bin'], data: content(20_000, 5) }], 16 * 1024);
    const extras = { addedAt: 1, labels: [] };
    const snap = () => torrentSnapshot(t, extras, s.session.lifecycle);
    const expected = () => toMagnet({ infoHash: t.infoHash, name: t.name, trackers: t.trackers, webSeeds: t.webSeeds });

    const first = snap();
    expect(first.magnet).toBe(expected());
    expect(snap().magnet).toBe(first.magnet);
    t.trackers = ['wss://one.example'];
    expect(snap().magnet).toBe(expected());
    expect(snap().magnet).toContain('tr=wss%3A%2F%2Fone.example');
    (t.trackers as string[]).push('wss://two.example');
    expect(snap().magnet).toContain('tr=wss%3A%2F%2Ftwo.example');
    (t.webSeeds as string[]).push('https://seed.example/a.bin');
    expect(snap().magnet).toBe(expected());
    expect(snap()).toMatchObject({ infoHashHex: t.infoHashHex, state: 'seeding', progress: 1, addedAt: 1, trackers: t.trackers });
    expect(snap()).not.toHaveProperty('error');
  });
});

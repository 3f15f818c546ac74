// The torrent's streaming hooks in a real two-engine swarm (memory stores, in-memory pipes): waiting for a piece,
// and urgent pieces arriving first.

import { afterEach, describe, expect, it } from 'vitest';
import { isEngineError } from '../../../../src/engine/errors.ts';
import type { PieceIndex } from '../../../../src/engine/metainfo/geometry.ts';
import type { Session } from '../../../../src/engine/session.ts';
import { connect, content, newSession, seed, until } from '../../../swarm/harness.ts';

const sessions: Session[] = [];
afterEach(async () => {
  await Promise.all(sessions.splice(0).map((s) => s.close()));
});

const PIECE = 16 * 1024;

async function swarm(pieces = 64) {
  const verified: number[] = [];
  const a = newSession();
  const b = newSession({ events: { pieceVerified: (_t, index) => void verified.push(index) } });
  sessions.push(a.session, b.session);
  const data = content(pieces * PIECE - 100, 5);
  const { meta } = await seed(a.session, a.store, 'clip.webm', [{ path: ['clip.webm'], data }], PIECE);
  const leech = await b.session.addMetainfo(meta);
  return { a, b, meta, leech, verified, data };
}

describe('Torrent.whenVerified', () => {
  it('resolves at once for a piece we have, and when a missing piece arrives', async () => {
    const { a, b, meta, leech } = await swarm();
    const seeder = a.session.get(meta.infoHashHex)!;
    await expect(seeder.whenVerified(3)).resolves.toBeUndefined();
    const waiting = leech.whenVerified(40);
    connect(a.session, b.session, meta.infoHashHex);
    let done = false;
    void waiting.then(() => (done = true));
    await until([a.session, b.session], () => done, 'piece 40');
    expect(leech.haveBitfield!.get(40)).toBe(true);
  });

  it('rejects waiting readers with TORRENT_PAUSED when the torrent is paused, and at once while paused', async () => {
    const { leech } = await swarm();
    const waiting = leech.whenVerified(10);
    leech.pause();
    await expect(waiting).rejects.toSatisfy((e) => isEngineError(e, 'TORRENT_PAUSED'));
    await expect(leech.whenVerified(11)).rejects.toSatisfy((e) => isEngineError(e, 'TORRENT_PAUSED'));
  });

  it('rejects waiting readers with TORRENT_NOT_FOUND when the torrent is removed', async () => {
    const { b, leech, meta } = await swarm();
    const waiting = leech.whenVerified(10);
    await b.session.remove(meta.infoHashHex, true);
    await expect(waiting).rejects.toSatisfy((e) => isEngineError(e, 'TORRENT_NOT_FOUND'));
    await expect(leech.whenVerified(10)).rejects.toSatisfy((e) => isEngineError(e, 'TORRENT_NOT_FOUND'));
  });

  it('rejects an index outside the torrent', async () => {
    const { leech } = await swarm(8);
    await expect(leech.whenVerified(8)).rejects.toSatisfy((e) => isEngineError(e, 'STORAGE_OUT_OF_RANGE'));
    await expect(leech.whenVerified(-1)).rejects.toSatisfy((e) => isEngineError(e, 'STORAGE_OUT_OF_RANGE'));
  });
});

describe('Torrent.setUrgent', () => {
  it('fetches urgent pieces first, in order, then the rest', async () => {
    const { a, b, meta, leech, verified } = await swarm(64);
    leech.setUrgent([50, 51, 52, 7] as PieceIndex[]);
    connect(a.session, b.session, meta.infoHashHex);
    await until([a.session, b.session], () => leech.complete, 'the download');
    // Requested in this order; hashing is asynchronous, so they may verify in another order, but before any other.
    expect(verified.slice(0, 4).sort((x, y) => x - y)).toEqual([7, 50, 51, 52]);
    expect(verified.length).toBe(64);
  });

  it('after a jump, cancels other requests so the new position comes next, and stays friends with the peer', async () => {
    const { a, b, meta, leech, verified } = await swarm(512);
    leech.setUrgent([0, 1, 2, 3] as PieceIndex[]);
    connect(a.session, b.session, meta.infoHashHex);
    await until([a.session, b.session], () => verified.length >= 4, 'the first pieces');
    const peer = [...leech.peers][0]!;
    expect(peer.outstanding.size).toBeGreaterThan(16); // a pipeline of background requests is under way
    for (const target of [400, 200, 450]) {
      const seekAt = verified.length;
      leech.setUrgent([target, target + 1] as PieceIndex[], true);
      // Everything requested before was cancelled; the pipeline now starts with the target (one block per piece).
      expect([...peer.outstanding.keys()].slice(0, 2)).toEqual([target, target + 1]);
      await until([a.session, b.session], () => verified.includes(target) && verified.includes(target + 1), `seek to ${target}`);
      // Blocks the seeder had already sent may still verify first, but not a pipeline's worth.
      expect(verified.indexOf(target) - seekAt).toBeLessThan(16);
    }
    // Late answers to the cancels were not taken for flooding: the seeder is still connected.
    expect(leech.connectedPeers()).toBe(1);
    await until([a.session, b.session], () => leech.complete, 'the rest');
  });

  it('without a jump, leaves requests already sent alone', async () => {
    const { a, b, meta, leech, verified } = await swarm(256);
    connect(a.session, b.session, meta.infoHashHex);
    await until([a.session, b.session], () => verified.length >= 4, 'the first pieces');
    const peer = [...leech.peers][0]!;
    const before = [...peer.outstanding.keys()];
    leech.setUrgent([250] as PieceIndex[]);
    for (const key of before) if (!peer.outstanding.has(key)) expect(verified.length).toBeGreaterThan(4); // only answered ones left
    await until([a.session, b.session], () => leech.complete, 'the download');
  });
});

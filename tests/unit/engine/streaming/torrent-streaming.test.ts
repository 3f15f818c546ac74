// The torrent's streaming hooks in a real two-engine swarm (memory stores, in-memory pipes): waiting for a piece,
// and urgent pieces arriving first.

import { afterEach, describe, expect, it } from 'vitest';
import { isEngineError } from '../../../../src/engine/errors.ts';
import type { PieceIndex } from '../../../../src/engine/metainfo/geometry.ts';
import type { Session } from '../../../../src/engine/session.ts';
import type { Hasher, PeerChannel, PeerChannelEvents } from '../../../../src/engine/ports.ts';
import { subtleHasher } from '../../../../src/platform/subtle-hasher.ts';
import { connect, content, newSession, pipe, seed, until } from '../../../swarm/harness.ts';

const sessions: Session[] = [];
afterEach(async () => {
  await Promise.all(sessions.splice(0).map((s) => s.close()));
});

const PIECE = 16 * 1024;
const MiB = 1024 * 1024;

/**
 * SHA-1s that complete in the order they were asked for: crypto.subtle runs digests on a thread pool, so pieces that
 * arrived in order could otherwise be verified out of order, and the order of `verified` would be luck.
 */
function inOrderHasher(): Hasher {
  let last: Promise<unknown> = Promise.resolve();
  return {
    sha1(data) {
      const digest = last.then(() => subtleHasher.sha1(data));
      last = digest.catch(() => {});
      return digest;
    },
  };
}

async function swarm(pieces = 64) {
  const verified: number[] = [];
  const a = newSession();
  const b = newSession({ hasher: inOrderHasher(), events: { pieceVerified: (_t, index) => void verified.push(index) } });
  sessions.push(a.session, b.session);
  const data = content(pieces * PIECE - 100, 5);
  const { meta } = await seed(a.session, a.store, 'clip.webm', [{ path: ['clip.webm'], data }], PIECE);
  const leech = await b.session.addMetainfo(meta);
  return { a, b, meta, leech, verified, data };
}

/**
 * The seeder's end of a link of `bytesPerSecond`: what it sends waits in a queue (counted in bufferedAmount, so its
 * uploader stops at its high-water mark, as on a real channel) and trickles out on a timer.
 */
function throttled(inner: PeerChannel, bytesPerSecond: number): PeerChannel {
  const queue: Uint8Array[] = [];
  let queued = 0;
  let events: PeerChannelEvents | null = null;
  const timer = setInterval(() => {
    let budget = bytesPerSecond / 100;
    while (queue.length > 0 && budget > 0) {
      const chunk = queue.shift()!;
      queued -= chunk.length;
      budget -= chunk.length;
      inner.send(chunk);
    }
    if (queued < 256 * 1024) events?.drain();
  }, 10);
  return {
    send: (data) => {
      queue.push(data);
      queued += data.length;
    },
    get bufferedAmount() {
      return queued + inner.bufferedAmount;
    },
    open: (e) => {
      events = e;
      inner.open({ data: e.data, drain: () => {}, close: (reason) => (clearInterval(timer), e.close(reason)) });
    },
    close: () => {
      clearInterval(timer);
      inner.close();
    },
  };
}

/** Seeder and leecher over a link of 16 MB/s (so a pipeline of about a second is 16 MiB in flight). */
async function throttledSwarm(pieces: number) {
  const s = await swarm(pieces);
  const [x, y] = pipe();
  s.a.session.attachPeer(s.meta.infoHashHex, throttled(x, 16 * MiB), 'pipe', s.b.session.peerIdHex);
  s.b.session.attachPeer(s.meta.infoHashHex, y, 'pipe', s.a.session.peerIdHex);
  return s;
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
    // Requested first, in this order; SHA-1s complete in order here, but pieces may arrive in another order.
    expect(verified.slice(0, 4).sort((x, y) => x - y)).toEqual([7, 50, 51, 52]);
    expect(verified.length).toBe(64);
  });

  it('after a jump, cancels other requests so the new position comes next, and keeps the peer', async () => {
    const { a, b, meta, leech, verified } = await throttledSwarm(4096);
    const seeder = () => [...a.session.get(meta.infoHashHex)!.peers][0]!;
    for (const [target, warm] of [[3000, 300], [100, 800], [2000, 1300]] as const) {
      await until([a.session, b.session], () => verified.length >= warm, 'some pieces');
      const peer = [...leech.peers][0]!;
      const pipeline = peer.outstanding.size;
      const receivedAt = leech.receivedThisSession;
      const wanted = [target, target + 1].filter((p) => !leech.haveBitfield!.get(p)) as PieceIndex[];
      leech.setUrgent(wanted, true);
      await until([a.session, b.session], () => wanted.every((p) => verified.includes(p)), `seek to ${target}`);
      // What the seeder had already sent (its send buffer, sendHighWater) lands first; the rest of the old
      // pipeline does not.
      expect(pipeline * PIECE).toBeGreaterThan(6 * MiB);
      expect(leech.receivedThisSession - receivedAt).toBeLessThan(3 * MiB);
      // The seeder never holds more requests than we count (it would drop us for flooding).
      expect(seeder().requests.length).toBeLessThanOrEqual(peer.outstanding.size);
    }
    // Late answers to the cancels were not taken for flooding: the seeder is still connected.
    expect(leech.connectedPeers()).toBe(1);
    await until([a.session, b.session], () => leech.complete, 'the rest');
  });

  it('without a jump, waits behind the pipeline already requested', async () => {
    const { a, b, leech, verified } = await throttledSwarm(4096);
    await until([a.session, b.session], () => verified.length >= 300, 'some pieces');
    const peer = [...leech.peers][0]!;
    const pipeline = peer.outstanding.size;
    const receivedAt = leech.receivedThisSession;
    // A piece nobody has asked for yet (one block per piece: its key is its index).
    let target = 4095;
    while (leech.haveBitfield!.get(target) || peer.outstanding.has(target)) target--;
    leech.setUrgent([target] as PieceIndex[]);
    await until([a.session, b.session], () => verified.includes(target), `piece ${target}`);
    expect(pipeline * PIECE).toBeGreaterThan(6 * MiB);
    expect(leech.receivedThisSession - receivedAt).toBeGreaterThan(3 * MiB); // most of the pipeline came first
  });
});

// Uploader: serves a peer's requests in order from whole cached pieces, stops at the channel's high-water mark, and
// resumes after a drain or a storage read.

import { describe, expect, it } from 'vitest';
import { Bitfield } from '../../../../src/engine/bitfield.ts';
import { Geometry } from '../../../../src/engine/metainfo/geometry.ts';
import { ReadCache } from '../../../../src/engine/transfer/read-cache.ts';
import { MAX_SEND_HIGH_WATER, MIN_SEND_HIGH_WATER, sendHighWater, Uploader } from '../../../../src/engine/transfer/uploader.ts';
import * as wire from '../../../../src/engine/wire/encoder.ts';
import { decodeMessages, startPeer } from '../peer/fakes.ts';
import { FakeStore, settle } from './fake-store.ts';

const PIECE = 32 * 1024;
const geometry = new Geometry(4 * PIECE, PIECE);

function setup(havePieces = [0, 1, 2, 3]) {
  const store = new FakeStore(geometry.length);
  const have = new Bitfield(4);
  for (const i of havePieces) have.set(i);
  const cache = new ReadCache(geometry, store);
  const sent: number[] = [];
  const errors: unknown[] = [];
  const { channel, peer, host } = startPeer({ geometry });
  const uploader = new Uploader(have, cache, { now: () => host.now(), sent: (n) => sent.push(n), readError: (e) => errors.push(e) });
  peer.setChoking(false);
  channel.clearSent();
  return { store, cache, uploader, channel, peer, host, sent, errors };
}

/** The piece messages sent, as [index, begin, length]. */
function served(sent: readonly Uint8Array[]): number[][] {
  return decodeMessages(sent).flatMap((m) => (m.type === 'piece' ? [[m.index, m.begin, m.block.length]] : []));
}

describe('sendHighWater', () => {
  it('queues about 50 ms of the upload rate, within its bounds', () => {
    expect(sendHighWater(0)).toBe(MIN_SEND_HIGH_WATER);
    expect(sendHighWater(Number.NaN)).toBe(MIN_SEND_HIGH_WATER);
    expect(sendHighWater(40e6)).toBe(2e6);
    expect(sendHighWater(1e9)).toBe(MAX_SEND_HIGH_WATER);
  });
});

describe('Uploader', () => {
  it('serves queued requests in order with the stored bytes, after one read per piece', async () => {
    const { store, cache, uploader, channel, peer, sent } = setup();
    channel.receive(wire.request(1, 16384, 16384), wire.request(0, 0, 100), wire.request(1, 0, 16384));
    for (const i of [0, 1]) await cache.load(i as never);
    uploader.serve(peer);
    expect(served(channel.sent)).toEqual([
      [1, 16384, 16384],
      [0, 0, 100],
      [1, 0, 16384],
    ]);
    const first = decodeMessages(channel.sent)[0]!;
    expect(first.type === 'piece' && first.block).toEqual(store.data.subarray(PIECE + 16384, 2 * PIECE));
    expect(sent).toEqual([16384, 100, 16384]);
    expect(peer.requests).toEqual([]);
    expect(store.reads).toHaveLength(2);
  });

  it('reads a piece that is not cached, then resumes by itself', async () => {
    const { store, uploader, channel, peer } = setup();
    store.hold = true;
    channel.receive(wire.request(2, 0, 16384), wire.request(2, 16384, 16384));
    uploader.serve(peer);
    expect(served(channel.sent)).toEqual([]);
    expect(store.reads).toEqual([{ offset: 2 * PIECE, length: PIECE }]);
    store.release();
    await settle();
    expect(served(channel.sent)).toEqual([
      [2, 0, 16384],
      [2, 16384, 16384],
    ]);
  });

  it('drops requests for pieces we do not have (BEP 3 lets us ignore them) and serves the rest', async () => {
    const { cache, uploader, channel, peer } = setup([3]);
    await cache.load(3 as never);
    channel.receive(wire.request(0, 0, 16384), wire.request(3, 0, 16384), wire.request(1, 0, 16384));
    uploader.serve(peer);
    expect(served(channel.sent)).toEqual([[3, 0, 16384]]);
    expect(peer.requests).toEqual([]);
  });

  it('stops at the high-water mark and resumes once the channel drains', async () => {
    const { cache, uploader, channel, peer } = setup();
    await cache.load(0 as never);
    const count = 200;
    const one = wire.request(0, 0, 16384);
    for (let i = 0; i < count; i++) channel.receive(one);
    channel.congest = true;
    uploader.serve(peer);
    const first = served(channel.sent).length;
    // Sending stops at the first message that takes the queue to the mark (the floor: no rate measured yet).
    expect(first).toBe(Math.ceil(MIN_SEND_HIGH_WATER / (16384 + 13)));
    expect(channel.bufferedAmount).toBeGreaterThanOrEqual(MIN_SEND_HIGH_WATER);
    expect(peer.requests).toHaveLength(count - first);
    uploader.serve(peer); // still full: nothing more
    expect(served(channel.sent)).toHaveLength(first);
    channel.bufferedAmount = 0; // the transport drained
    uploader.serve(peer);
    expect(served(channel.sent)).toHaveLength(2 * first); // one more high-water's worth per drain
    for (let drains = 0; drains < count && peer.requests.length > 0; drains++) {
      channel.bufferedAmount = 0;
      uploader.serve(peer);
    }
    expect(served(channel.sent)).toHaveLength(count);
  });

  it('serves nothing to a peer we choke, and stops when it closes while a read is pending', async () => {
    const { store, uploader, channel, peer } = setup();
    store.hold = true;
    channel.receive(wire.request(1, 0, 16384));
    uploader.serve(peer);
    peer.destroy('gone');
    store.release();
    await settle();
    expect(served(channel.sent)).toEqual([]);

    const other = setup();
    other.peer.setChoking(true);
    other.peer.requests.push({ index: 0 as never, begin: 0, length: 16384 });
    other.uploader.serve(other.peer);
    expect(served(other.channel.sent)).toEqual([]);
    expect(other.store.reads).toEqual([]);
  });

  it('reports a failed read through its hook and sends nothing', async () => {
    const { store, uploader, channel, peer, errors } = setup();
    store.failNext = new Error('read failed');
    channel.receive(wire.request(1, 0, 16384));
    uploader.serve(peer);
    await settle();
    expect(errors).toEqual([new Error('read failed')]);
    expect(served(channel.sent)).toEqual([]);
  });

  it('leaves requests the serving policy holds queued in place, serves the ones behind them, and reports each piece sent', async () => {
    const store = new FakeStore(geometry.length);
    const have = new Bitfield(4);
    for (const i of [0, 1, 2, 3]) have.set(i);
    const cache = new ReadCache(geometry, store);
    const { channel, peer, host } = startPeer({ geometry });
    let held = new Set([1]);
    const servedPieces: number[] = [];
    const uploader = new Uploader(have, cache, {
      now: () => host.now(),
      sent: () => {},
      readError: () => {},
      holdsFor: () => (index) => held.has(index),
      servedPiece: (_peer, index) => servedPieces.push(index),
    });
    peer.setChoking(false);
    channel.clearSent();
    channel.receive(wire.request(1, 0, 100), wire.request(2, 0, 100), wire.request(1, 100, 100), wire.request(3, 0, 100));
    for (const i of [1, 2, 3]) await cache.load(i as never);
    uploader.serve(peer);
    expect(served(channel.sent)).toEqual([
      [2, 0, 100],
      [3, 0, 100],
    ]);
    expect(peer.requests.map((r) => [r.index, r.begin])).toEqual([
      [1, 0],
      [1, 100],
    ]);
    held = new Set();
    uploader.serve(peer);
    expect(served(channel.sent).slice(2)).toEqual([
      [1, 0, 100],
      [1, 100, 100],
    ]);
    expect(servedPieces).toEqual([2, 3, 1, 1]);
  });
});

describe('Uploader batching', () => {
  for (const copies of [false, true]) {
    it(`sends up to three 16 KiB blocks per channel message, each intact (channel ${copies ? 'copies' : 'keeps the buffer'})`, async () => {
      const { store, cache, uploader, channel, peer, sent } = setup();
      (channel as { copiesOnSend?: boolean }).copiesOnSend = copies;
      const asked = [
        [0, 0],
        [0, 16384],
        [1, 0],
        [1, 16384],
        [2, 0],
      ] as const;
      channel.receive(...asked.map(([i, b]) => wire.request(i, b, 16384)));
      for (const i of [0, 1, 2]) await cache.load(i as never);
      uploader.serve(peer);
      expect(channel.sent.map((s) => s.length)).toEqual([3 * (16384 + 13), 2 * (16384 + 13)]);
      const pieces = decodeMessages(channel.sent).filter((m) => m.type === 'piece');
      expect(pieces.map((m) => m.type === 'piece' && [m.index, m.begin])).toEqual(asked.map(([i, b]) => [i, b]));
      for (const m of pieces) {
        if (m.type !== 'piece') continue;
        const at = m.index * PIECE + m.begin;
        expect(m.block).toEqual(store.data.subarray(at, at + 16384));
      }
      expect(sent).toEqual([16384, 16384, 16384, 16384, 16384]);
    });
  }

  it('counts the batch against the high-water mark before it is sent', async () => {
    const { cache, uploader, channel, peer } = setup();
    channel.bufferedAmount = MIN_SEND_HIGH_WATER - 20_000; // room for two blocks, not three
    channel.receive(wire.request(0, 0, 16384), wire.request(0, 16384, 16384), wire.request(1, 0, 16384));
    await cache.load(0 as never);
    await cache.load(1 as never);
    uploader.serve(peer);
    expect(served(channel.sent)).toEqual([
      [0, 0, 16384],
      [0, 16384, 16384],
    ]);
    expect(peer.requests).toHaveLength(1);
  });
});

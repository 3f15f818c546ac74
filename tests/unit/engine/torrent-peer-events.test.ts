import { describe, expect, it } from 'vitest';
import { isEngineError, type EngineError } from '../../../src/engine/errors.ts';
import { Peer } from '../../../src/engine/peer/peer.ts';
import { BucketPair, TorrentLimiter } from '../../../src/engine/rate/transfer-limiter.ts';
import { TorrentPeerEvents, type PeerEventsTorrent } from '../../../src/engine/torrent-peer-events.ts';
import { ChokeSchedule } from '../../../src/engine/transfer/choking.ts';
import * as wire from '../../../src/engine/wire/encoder.ts';
import { FakeChannel, INFO_HASH, OUR_ID, REMOTE_ID, remoteHandshake } from './peer/fakes.ts';

const unlimited = () => new BucketPair({ download: null, upload: null }, 0);

/** A limiter that also counts the wire bytes it is told about. */
class CountingLimiter extends TorrentLimiter {
  wireSent = 0;
  wireReceived = 0;
  override sent(bytes: number): void {
    this.wireSent += bytes;
    super.sent(bytes);
  }
  override received(bytes: number): void {
    this.wireReceived += bytes;
    super.received(bytes);
  }
}

/** A torrent without metadata (a magnet before its fetcher runs), seen through what the peer events use. */
function magnetTorrent(accept = true) {
  const closed: { id: string; reason: EngineError | string }[] = [];
  const peers = new Set<Peer>();
  const limiter = new CountingLimiter(unlimited(), unlimited(), () => 0);
  const view: PeerEventsTorrent = {
    infoHash: INFO_HASH,
    peerId: OUR_ID,
    peers,
    limiter,
    choking: new ChokeSchedule({ round: 10_000, optimistic: 30_000 }, () => 0.5),
    now: () => 1_000,
    parts: () => null,
    fetcher: () => null,
    accepts: () => accept,
    uploadSlots: () => 4,
    received: () => undefined,
    peerClosed: (id, reason) => void closed.push({ id, reason }),
  };
  const events = new TorrentPeerEvents(view);
  const channel = new FakeChannel();
  const peer = new Peer(events, channel, 'pipe', '');
  peers.add(peer);
  peer.start();
  return { peers, limiter, events, channel, peer, closed };
}

const REMOTE_HEX = [...REMOTE_ID].map((b) => b.toString(16).padStart(2, '0')).join('');

describe('TorrentPeerEvents', () => {
  it('answers for a torrent without metadata: no geometry, no bitfield, its ids', () => {
    const { events } = magnetTorrent();
    expect(events.geometry).toBeNull();
    expect(events.ourBitfield()).toBeNull();
    expect(events.infoHash).toBe(INFO_HASH);
    expect(events.peerId).toBe(OUR_ID);
    expect(events.now()).toBe(1_000);
    expect(events.extendedHandshake().m.ut_metadata).toBeGreaterThan(0);
  });

  it('lets the torrent refuse a handshake, and reports the closed peer by its id once it is gone', () => {
    const { peers, channel, peer, closed } = magnetTorrent(false);
    channel.receive(remoteHandshake());
    expect(channel.closed).toBe(true);
    expect(peers.has(peer)).toBe(false);
    expect(closed.map((c) => c.id)).toEqual([REMOTE_HEX]);
  });

  it('counts wire bytes both ways in the limiter, and a choke without metadata forgets all requests', () => {
    const { peers, limiter, channel, peer, closed } = magnetTorrent();
    const handshake = remoteHandshake();
    channel.receive(handshake);
    expect(channel.closed).toBe(false);
    const sent = channel.sent.reduce((n, c) => n + c.length, 0);
    expect(limiter.wireSent).toBe(sent);
    expect(limiter.wireReceived).toBe(handshake.length);
    channel.receive(wire.unchoke());
    peer.book.sent(7, 1_000);
    channel.receive(wire.choke());
    expect(peer.book.outstanding.size).toBe(0);
    peer.destroy('test over');
    expect(peers.size).toBe(0);
    expect(closed.map((c) => [c.id, isEngineError(c.reason) ? c.reason.code : c.reason])).toEqual([[REMOTE_HEX, 'test over']]);
  });
});

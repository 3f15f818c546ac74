// Peer as a specification: the handshake, BEP 3 ordering and flags, validation of every message against the
// torrent's geometry, request flooding, and what a magnet peer told us before the metadata arrived.

import { describe, expect, it } from 'vitest';
import { Geometry, MAX_BLOCK_SIZE, type PieceIndex } from '../../../../src/engine/metainfo/geometry.ts';
import { MAX_PEER_REQUESTS } from '../../../../src/engine/peer/peer.ts';
import * as wire from '../../../../src/engine/wire/encoder.ts';
import { ourReserved } from '../../../../src/engine/wire/handshake.ts';
import {
  FakeHost,
  INFO_HASH,
  OUR_ID,
  REMOTE_ID,
  bitsOf,
  closeCode,
  decodeMessages,
  remoteExtendedHandshake,
  remoteHandshake,
  startPeer,
} from './fakes.ts';

const PIECE = 32 * 1024;
/** 10 pieces of 32 KiB, the last one 1000 bytes. */
const geometry = new Geometry(9 * PIECE + 1000, PIECE);

function ready(host?: FakeHost) {
  return startPeer({ geometry, ...(host ? { host } : {}) });
}

function concat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

describe('Peer: the handshake', () => {
  it('sends our handshake (info hash, our peer id, the BEP 10 bit) as soon as it starts, and nothing more', () => {
    const { channel, host } = startPeer({ geometry, handshake: false });
    expect(channel.messages()).toEqual([{ reserved: ourReserved(), infoHash: INFO_HASH, peerId: OUR_ID }]);
    expect(host.log).toEqual([]);
  });

  it('answers a valid handshake with our bitfield first, then the extension handshake, then reports ready', () => {
    const host = new FakeHost(geometry);
    host.bitfield = bitsOf('1010000000');
    const { channel, peer } = ready(host);
    expect(channel.types()).toEqual(['bitfield', 'extended 0']);
    expect(channel.messages()[1]).toEqual({ type: 'bitfield', bits: bitsOf('1010000000') });
    expect(host.log).toEqual(['handshake', 'ready']);
    expect(peer.ready).toBe(true);
    expect(peer.remotePeerId).toEqual(REMOTE_ID);
    expect(peer.client).toBe('qBittorrent 4.6.3');
    expect(peer.supportsExtended).toBe(true);
  });

  it('sends no bitfield while we have no piece', () => {
    const host = new FakeHost(geometry);
    host.bitfield = new Uint8Array(2);
    expect(ready(host).channel.types()).toEqual(['extended 0']);
  });

  it('sends no extension handshake to a peer without the BEP 10 bit', () => {
    const { channel, peer } = startPeer({ geometry, handshake: false });
    channel.receive(remoteHandshake({ extensions: false }));
    expect(peer.ready).toBe(true);
    expect(peer.supportsExtended).toBe(false);
    expect(channel.types()).toEqual([]);
  });

  it('accepts the handshake and first messages split at any byte', () => {
    const stream = concat(remoteHandshake(), wire.bitfield(bitsOf('0110000000')), wire.have(9), wire.unchoke());
    for (let at = 0; at <= stream.length; at++) {
      const { channel, host, peer } = startPeer({ geometry, handshake: false });
      channel.receive(stream.slice(0, at), stream.slice(at));
      expect(host.log).toEqual(['handshake', 'ready', 'have -1', 'have 9', 'unchoke']);
      expect(peer.has!.bytes).toEqual(bitsOf('0110000001'));
    }
  });

  it.each([
    { name: 'names another torrent', bytes: () => remoteHandshake({ infoHash: new Uint8Array(20).fill(7) }), code: 'WIRE_WRONG_INFO_HASH' },
    { name: 'carries our own peer id (a connection to ourselves)', bytes: () => remoteHandshake({ peerId: OUR_ID }), code: 'PEER_SELF_CONNECTION' },
    { name: 'is not BitTorrent at all', bytes: () => new TextEncoder().encode('GET / HTTP/1.1\r\n\r\n'), code: 'WIRE_BAD_HANDSHAKE' },
    { name: 'is followed by a message in place of a handshake', bytes: () => wire.unchoke(), code: 'WIRE_BAD_HANDSHAKE' },
  ])('drops a peer whose handshake $name ($code)', ({ bytes, code }) => {
    const { channel, host, peer } = startPeer({ geometry, handshake: false });
    channel.receive(bytes());
    expect(closeCode(host)).toBe(code);
    expect(channel.closed).toBe(true);
    expect(peer.ready).toBe(false);
    expect(host.log).not.toContain('ready');
    expect(channel.types()).toEqual([]);
  });

  it('drops a peer the host refuses (PEER_DUPLICATE) before sending it anything more', () => {
    const host = new FakeHost(geometry);
    host.accept = false;
    host.bitfield = bitsOf('1111111111');
    const { channel, peer } = ready(host);
    expect(closeCode(host)).toBe('PEER_DUPLICATE');
    expect(peer.ready).toBe(false);
    expect(channel.types()).toEqual([]);
  });

  it('takes the client name from the extension handshake over the one in the peer id', () => {
    const { channel, host, peer } = ready();
    channel.receive(remoteExtendedHandshake({ m: { ut_metadata: 2 }, v: 'WebTorrent 2.5.1', reqq: 500 }));
    expect(peer.client).toBe('WebTorrent 2.5.1');
    expect(peer.remoteReqq).toBe(500);
    expect(host.log).toContain('extended handshake');
  });

  it('assumes a request queue of 250 until the peer says otherwise', () => {
    expect(ready().peer.remoteReqq).toBe(250);
  });
});

describe('Peer: what the remote has', () => {
  it('takes a bitfield as the peer’s pieces and tells the host once', () => {
    const { channel, host, peer } = ready();
    channel.receive(wire.bitfield(bitsOf('1100000001')));
    expect(peer.has!.bytes).toEqual(bitsOf('1100000001'));
    expect(host.log.filter((l) => l.startsWith('have'))).toEqual(['have -1']);
  });

  it.each([
    { name: 'one byte short', bits: new Uint8Array(1) },
    { name: 'one byte long', bits: new Uint8Array(3) },
    { name: 'spare bits set past the last piece', bits: Uint8Array.of(0, 0b0010_0000) },
  ])('drops a bitfield that is $name (WIRE_BAD_BITFIELD)', ({ bits }) => {
    const { channel, host } = ready();
    channel.receive(wire.bitfield(bits));
    expect(closeCode(host)).toBe('WIRE_BAD_BITFIELD');
  });

  it('drops a bitfield sent after have messages (BEP 3: the bitfield comes first)', () => {
    const { channel, host } = ready();
    channel.receive(wire.have(1), wire.bitfield(bitsOf('1000000000')));
    expect(closeCode(host)).toBe('WIRE_BAD_BITFIELD');
  });

  it('drops a second bitfield', () => {
    const { channel, host } = ready();
    channel.receive(wire.bitfield(bitsOf('1000000000')), wire.bitfield(bitsOf('1100000000')));
    expect(closeCode(host)).toBe('WIRE_BAD_BITFIELD');
  });

  it('records a have and tells the host; a repeated have is ignored', () => {
    const { channel, host, peer } = ready();
    channel.receive(wire.have(3), wire.have(3), wire.have(0));
    expect(host.log.filter((l) => l.startsWith('have'))).toEqual(['have 3', 'have 0']);
    expect(peer.has!.bytes).toEqual(bitsOf('1001000000'));
  });

  it.each([10, 11, 0xffffffff])('drops a have for piece %i of 10 (WIRE_BAD_PIECE_INDEX)', (index) => {
    const { channel, host } = ready();
    channel.receive(wire.have(index));
    expect(closeCode(host)).toBe('WIRE_BAD_PIECE_INDEX');
  });

  it('does not report haves of a peer it already counts as a seed', () => {
    const { channel, host, peer } = ready();
    channel.receive(wire.have(1));
    peer.markSeed();
    channel.receive(wire.have(2));
    expect(host.log.filter((l) => l.startsWith('have'))).toEqual(['have 1']);
  });
});

describe('Peer: requests from the remote', () => {
  it('ignores requests while we choke it (BEP 3)', () => {
    const { channel, host, peer } = ready();
    channel.receive(wire.request(0, 0, 16384));
    expect(peer.requests).toEqual([]);
    expect(host.log).not.toContain('request');
    expect(closeCode(host)).toBeNull();
  });

  it('queues valid requests in order once unchoked and tells the host of each', () => {
    const { channel, host, peer } = ready();
    peer.setChoking(false);
    channel.receive(wire.request(2, 16384, 16384), wire.request(9, 0, 1000), wire.request(0, 0, MAX_BLOCK_SIZE / 4));
    expect(peer.requests).toEqual([
      { index: 2, begin: 16384, length: 16384 },
      { index: 9, begin: 0, length: 1000 },
      { index: 0, begin: 0, length: 32768 },
    ]);
    expect(host.log.filter((l) => l === 'request')).toHaveLength(3);
  });

  it.each([
    { name: 'past the end of a piece', args: [0, 16384, 16385] as const, code: 'WIRE_BAD_BLOCK' },
    { name: 'past the end of the short last piece', args: [9, 0, 1001] as const, code: 'WIRE_BAD_BLOCK' },
    { name: 'of zero length', args: [0, 0, 0] as const, code: 'WIRE_BAD_BLOCK' },
    { name: 'longer than the largest block we serve', args: [0, 0, MAX_BLOCK_SIZE + 1] as const, code: 'WIRE_BAD_BLOCK' },
    { name: 'for a piece that does not exist', args: [10, 0, 16384] as const, code: 'WIRE_BAD_PIECE_INDEX' },
  ])('drops a request $name ($code), choked or not', ({ args, code }) => {
    for (const choked of [true, false]) {
      const { channel, host, peer } = ready();
      peer.setChoking(choked);
      channel.receive(wire.request(args[0], args[1], args[2]));
      expect(closeCode(host)).toBe(code);
    }
  });

  it(`drops a peer queueing more than ${MAX_PEER_REQUESTS} requests (PEER_FLOODING)`, () => {
    const { channel, host, peer } = ready();
    peer.setChoking(false);
    const one = wire.request(1, 0, 16384);
    const flood = new Uint8Array(one.length * MAX_PEER_REQUESTS);
    for (let i = 0; i < MAX_PEER_REQUESTS; i++) flood.set(one, i * one.length);
    channel.receive(flood);
    expect(peer.requests).toHaveLength(MAX_PEER_REQUESTS);
    expect(closeCode(host)).toBeNull();
    channel.receive(one);
    expect(closeCode(host)).toBe('PEER_FLOODING');
  });

  it('removes exactly the cancelled request from the queue', () => {
    const { channel, peer } = ready();
    peer.setChoking(false);
    channel.receive(wire.request(1, 0, 16384), wire.request(1, 16384, 16384), wire.cancel(1, 0, 16384), wire.cancel(5, 0, 16384));
    expect(peer.requests).toEqual([{ index: 1, begin: 16384, length: 16384 }]);
  });

  it('discards the queued requests when we choke it, and sends choke once', () => {
    const { channel, peer } = ready();
    peer.setChoking(false);
    channel.receive(wire.request(1, 0, 16384));
    channel.clearSent();
    peer.setChoking(true);
    peer.setChoking(true);
    expect(peer.requests).toEqual([]);
    expect(decodeMessages(channel.sent).map((m) => m.type)).toEqual(['choke']);
  });

  it('ignores requests before the metadata is known', () => {
    const { channel, host, peer } = startPeer({ geometry: null });
    peer.setChoking(false);
    channel.receive(wire.request(1, 0, 16384));
    expect(peer.requests).toEqual([]);
    expect(closeCode(host)).toBeNull();
  });
});

describe('Peer: blocks from the remote', () => {
  it('hands a valid block to the host and counts it in the download rate', () => {
    const { channel, host, peer } = ready();
    host.time = 5_000;
    channel.receive(wire.pieceMessage(9, 0, new Uint8Array(1000).fill(3)));
    expect(host.blocks).toEqual([{ index: 9 as PieceIndex, begin: 0, block: new Uint8Array(1000).fill(3) }]);
    expect(peer.download.total).toBe(1000);
    expect(peer.lastBlockAt).toBe(5_000);
  });

  it.each([
    { name: 'runs past the piece', msg: () => wire.pieceMessage(9, 500, new Uint8Array(501)), code: 'WIRE_BAD_BLOCK' },
    { name: 'is empty', msg: () => wire.pieceMessage(0, 0, new Uint8Array(0)), code: 'WIRE_BAD_BLOCK' },
    { name: 'names a piece that does not exist', msg: () => wire.pieceMessage(10, 0, new Uint8Array(1)), code: 'WIRE_BAD_PIECE_INDEX' },
  ])('drops a block that $name ($code)', ({ msg, code }) => {
    const { channel, host } = ready();
    channel.receive(msg());
    expect(closeCode(host)).toBe(code);
    expect(host.blocks).toEqual([]);
  });

  it('drops a peer sending piece data before the metadata is known', () => {
    const { channel, host } = startPeer({ geometry: null });
    channel.receive(wire.pieceMessage(0, 0, new Uint8Array(16)));
    expect(closeCode(host)).toBe('WIRE_BAD_PIECE_INDEX');
  });
});

describe('Peer: BEP 3 flags', () => {
  it('reports each change of the remote’s choke and interest once', () => {
    const { channel, host, peer } = ready();
    channel.receive(wire.choke(), wire.unchoke(), wire.unchoke(), wire.interested(), wire.interested(), wire.notInterested(), wire.choke());
    expect(host.log.slice(2)).toEqual(['unchoke', 'interested', 'not interested', 'choke']);
    expect(peer.peerChoking).toBe(true);
    expect(peer.peerInterested).toBe(false);
  });

  it('ignores keep-alives, port and unknown messages', () => {
    const { channel, host } = ready();
    channel.receive(wire.keepAlive(), wire.port(6881), Uint8Array.of(0, 0, 0, 3, 13, 1, 2));
    expect(host.log).toEqual(['handshake', 'ready']);
    expect(closeCode(host)).toBeNull();
  });

  it('sends interested and choke changes once each, and stamps when it was (un)choked', () => {
    const host = new FakeHost(geometry);
    const { channel, peer } = ready(host);
    channel.clearSent();
    host.time = 2_000;
    peer.setInterested(true);
    peer.setInterested(true);
    peer.setChoking(false);
    expect(peer.unchokedSince).toBe(2_000);
    host.time = 3_000;
    peer.setChoking(true);
    peer.setInterested(false);
    expect(peer.unchokedSince).toBe(-1);
    expect(peer.chokedSince).toBe(3_000);
    expect(decodeMessages(channel.sent).map((m) => m.type)).toEqual(['interested', 'unchoke', 'choke', 'not-interested']);
  });
});

describe('Peer: sending', () => {
  it('writes a batch of requests in one send and records each as outstanding', () => {
    const host = new FakeHost(geometry);
    const { channel, peer } = ready(host);
    channel.clearSent();
    host.time = 7_000;
    peer.sendRequests([
      { index: 1, begin: 0, length: 16384, key: 2 },
      { index: 9, begin: 0, length: 1000, key: 18 },
    ]);
    expect(channel.sent).toHaveLength(1);
    expect(decodeMessages(channel.sent)).toEqual([
      { type: 'request', index: 1, begin: 0, length: 16384 },
      { type: 'request', index: 9, begin: 0, length: 1000 },
    ]);
    expect([...peer.outstanding]).toEqual([
      [2, 7_000],
      [18, 7_000],
    ]);
  });

  it('cancels only what is outstanding', () => {
    const { channel, peer } = ready();
    peer.sendRequests([{ index: 1, begin: 0, length: 16384, key: 2 }]);
    channel.clearSent();
    peer.sendCancel(1, 0, 16384, 2);
    peer.sendCancel(1, 0, 16384, 2);
    peer.sendCancel(3, 0, 16384, 6);
    expect(decodeMessages(channel.sent)).toEqual([{ type: 'cancel', index: 1, begin: 0, length: 16384 }]);
    expect(peer.outstanding.size).toBe(0);
  });

  it('sends an extended message only on the id the peer asked for', () => {
    const { channel, peer } = ready();
    expect(peer.sendExtended('ut_metadata', Uint8Array.of(1))).toBe(false);
    channel.receive(remoteExtendedHandshake({ m: { ut_metadata: 9, ut_pex: 0 } }));
    channel.clearSent();
    expect(peer.sendExtended('ut_pex', Uint8Array.of(1))).toBe(false);
    expect(peer.sendExtended('ut_metadata', Uint8Array.of(1))).toBe(true);
    expect(decodeMessages(channel.sent)).toEqual([{ type: 'extended', id: 9, payload: Uint8Array.of(1) }]);
  });

  it('sends no have before the handshake', () => {
    const { channel, peer } = startPeer({ geometry, handshake: false });
    peer.sendHave(1);
    expect(channel.types()).toEqual([]);
  });

  it('counts served bytes in the upload rate', () => {
    const { peer } = ready();
    peer.sendPiece(0, 0, new Uint8Array(16384));
    expect(peer.upload.total).toBe(16384);
  });
});

describe('Peer: before the metadata (magnet links)', () => {
  it('holds an early bitfield and haves, then validates and applies them in setGeometry', () => {
    const { channel, host, peer } = startPeer({ geometry: null });
    channel.receive(wire.bitfield(bitsOf('1000000000')), wire.have(9), wire.have(4));
    expect(peer.has).toBeNull();
    expect(host.log.filter((l) => l.startsWith('have'))).toEqual([]);
    peer.setGeometry(geometry);
    expect(peer.has!.bytes).toEqual(bitsOf('1000100001'));
    expect(closeCode(host)).toBeNull();
  });

  it('gives a peer that told us nothing an empty piece set', () => {
    const { peer } = startPeer({ geometry: null });
    peer.setGeometry(geometry);
    expect(peer.has!.count).toBe(0);
  });

  it.each([
    { name: 'a bitfield of the wrong size', early: () => wire.bitfield(new Uint8Array(5)), code: 'WIRE_BAD_BITFIELD' },
    { name: 'a bitfield with spare bits set', early: () => wire.bitfield(Uint8Array.of(0, 1)), code: 'WIRE_BAD_BITFIELD' },
    { name: 'a have past the last piece', early: () => wire.have(10), code: 'WIRE_BAD_PIECE_INDEX' },
  ])('drops a peer whose early $name turns out invalid ($code)', ({ early, code }) => {
    const { channel, host, peer } = startPeer({ geometry: null });
    channel.receive(early());
    expect(closeCode(host)).toBeNull();
    peer.setGeometry(geometry);
    expect(closeCode(host)).toBe(code);
    expect(channel.closed).toBe(true);
  });

  it('drops a peer sending more than 100,000 haves before the metadata (PEER_FLOODING)', () => {
    const { channel, host } = startPeer({ geometry: null });
    const one = wire.have(1);
    const many = new Uint8Array(one.length * 100_000);
    for (let i = 0; i < 100_000; i++) many.set(one, i * one.length);
    channel.receive(many);
    expect(closeCode(host)).toBeNull();
    channel.receive(one);
    expect(closeCode(host)).toBe('PEER_FLOODING');
  });
});

describe('Peer: closing', () => {
  it('closes the channel and tells the host once, whatever closes it', () => {
    const { channel, host, peer } = ready();
    peer.destroy('bye');
    peer.destroy('again');
    channel.events!.close('closed by remote');
    expect(channel.closed).toBe(true);
    expect(host.log.filter((l) => l.startsWith('close'))).toEqual(['close bye']);
    expect(peer.isClosed).toBe(true);
    expect(peer.ready).toBe(false);
  });

  it('reports a channel closing under it with the channel’s reason', () => {
    const { channel, host } = ready();
    channel.events!.close('closed by remote');
    expect(closeCode(host)).toBe('closed by remote');
  });

  it('sends nothing and ignores incoming bytes and drains after closing', () => {
    const { channel, host, peer } = ready();
    peer.destroy('done');
    channel.clearSent();
    peer.setInterested(true);
    peer.sendHave(1);
    channel.receive(wire.unchoke());
    channel.events!.drain();
    expect(channel.sent).toEqual([]);
    expect(host.log).toEqual(['handshake', 'ready', 'close done']);
  });

  it('passes a drain to the host while open', () => {
    const { channel, host } = ready();
    channel.events!.drain();
    expect(host.log).toContain('drain');
  });
});

describe('Peer: large torrents', () => {
  it('accepts a bitfield longer than the default message limit when the torrent has that many pieces', () => {
    const pieces = 1_100_000; // a 137,500-byte bitfield: more than one 128 KiB block message
    const big = new Geometry(pieces * 16384, 16384);
    const { channel, host, peer } = startPeer({ geometry: big });
    const bits = new Uint8Array(Math.ceil(pieces / 8)).fill(0xff);
    bits[bits.length - 1] = 0xff << (bits.length * 8 - pieces);
    channel.receive(wire.bitfield(bits));
    expect(closeCode(host)).toBeNull();
    expect(peer.has!.complete).toBe(true);
  });
});

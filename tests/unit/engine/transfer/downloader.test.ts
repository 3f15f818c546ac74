// Downloader: real Peers on fake channels, a real picker and assembler, SHA-1 checked pieces. Covers interest after
// a failed hash, punishing a lone liar, unrequested data, and seed conversion.

import { describe, expect, it } from 'vitest';
import { Bitfield } from '../../../../src/engine/bitfield.ts';
import { Geometry } from '../../../../src/engine/metainfo/geometry.ts';
import type { Metainfo } from '../../../../src/engine/metainfo/types.ts';
import type { Peer } from '../../../../src/engine/peer/peer.ts';
import { PiecePicker } from '../../../../src/engine/picker/piece-picker.ts';
import type { Hasher } from '../../../../src/engine/ports.ts';
import { Downloader } from '../../../../src/engine/transfer/downloader.ts';
import { PieceAssembler } from '../../../../src/engine/transfer/piece-assembler.ts';
import { ReadCache } from '../../../../src/engine/transfer/read-cache.ts';
import * as wire from '../../../../src/engine/wire/encoder.ts';
import { subtleHasher } from '../../../../src/platform/subtle-hasher.ts';
import { FakeChannel, FakeHost, bitsOf, closeCode, decodeMessages, eventually, startPeer } from '../peer/fakes.ts';
import { FakeStore, settle } from './fake-store.ts';

const PIECE = 32 * 1024;
const BLOCK = 16 * 1024;

/** A torrent of `pieces` pieces (2 blocks each), a Downloader over it, and a host routing peer events to it. */
async function setup(pieces: number, havePicture: string) {
  const geometry = new Geometry(pieces * PIECE, PIECE);
  const store = new FakeStore(geometry.length);
  const hashes = new Uint8Array(20 * pieces);
  for (let i = 0; i < pieces; i++) hashes.set(await subtleHasher.sha1(store.data.subarray(i * PIECE, (i + 1) * PIECE)), 20 * i);
  const meta = { pieceHashes: hashes, pieceCount: pieces, pieceLength: PIECE, length: geometry.length } as unknown as Metainfo;
  const have = new Bitfield(pieces);
  for (let i = 0; i < pieces; i++) if (havePicture[i] === '1') have.set(i);
  const picker = new PiecePicker(geometry, have, new Uint8Array(pieces).fill(4), () => 0.5);
  // Hashing waits for `gate` (open by default) so a test can act while a piece is verifying.
  const gate = { open: Promise.resolve() as Promise<void>, release: () => {} };
  const hasher: Hasher = { sha1: async (d) => (await gate.open, subtleHasher.sha1(d)) };
  const peers = new Set<Peer>();
  const verified: number[] = [];
  const wasted = { bytes: 0 };
  const downloader = new Downloader(
    { meta, geometry, store, have, picker, assembler: new PieceAssembler(), cache: new ReadCache(geometry, store), hasher },
    {
      now: () => host.time,
      peers: () => peers,
      active: () => true,
      removed: () => false,
      received: () => {},
      wasted: (n) => void (wasted.bytes += n),
      verified: (i) => verified.push(i),
      storageFailed: (e) => {
        throw e;
      },
    },
  );
  const host = new FakeHost(geometry);
  host.hooks = {
    onHave: (p, i) => downloader.peerHas(p, i),
    onUnchoke: (p) => downloader.refill(p),
    onChoke: (p) => downloader.releaseRequests(p),
    onBlock: (p, i, b, block) => downloader.onBlock(p, i, b, block),
    onClose: (p) => {
      peers.delete(p);
      downloader.peerGone(p);
    },
  };
  const connect = (bits: string): { peer: Peer; channel: FakeChannel } => {
    const { peer, channel } = startPeer({ host });
    peers.add(peer);
    channel.receive(wire.bitfield(bitsOf(bits)));
    return { peer, channel };
  };
  const hold = (): void => {
    gate.open = new Promise((r) => (gate.release = r));
  };
  /** The requests a peer has sent us so far, as "piece.block". */
  const requested = (channel: FakeChannel): string[] =>
    decodeMessages(channel.sent.slice(1)).flatMap((m) => (m.type === 'request' ? [`${m.index}.${m.begin / BLOCK}`] : []));
  const block = (i: number, b: number): Uint8Array => store.data.slice(i * PIECE + b * BLOCK, i * PIECE + (b + 1) * BLOCK);
  return { geometry, store, picker, downloader, host, peers, verified, wasted, connect, hold, gate, requested, block };
}

describe('Downloader', () => {
  it('asks again for a piece whose hash failed, even from peers it had lost interest in meanwhile', async () => {
    const t = await setup(2, '01');
    const a = t.connect('10');
    const b = t.connect('10');
    a.channel.receive(wire.unchoke());
    b.channel.receive(wire.unchoke());
    expect(t.requested(a.channel)).toEqual(['0.0', '0.1']);
    expect(t.requested(b.channel)).toEqual(['0.0', '0.1']); // endgame: the only wanted piece has started
    t.hold();
    const bad = t.block(0, 0).fill(0xee);
    a.channel.receive(wire.pieceMessage(0, 0, bad)); // a lies about block 0 ...
    b.channel.receive(wire.pieceMessage(0, BLOCK, t.block(0, 1))); // ... b completes the piece
    // While the piece verifies nobody has anything for us: a tick's refill drops interest in both.
    for (const p of t.peers) t.downloader.refill(p);
    expect([a.peer.amInterested, b.peer.amInterested]).toEqual([false, false]);
    t.gate.release();
    await eventually(() => t.picker.isWanted(0), 'the hash check to fail');
    // Two contributors: one strike each, nobody dropped; the piece is asked for again.
    expect([a.peer.strikes, b.peer.strikes]).toEqual([1, 1]);
    expect(t.wasted.bytes).toBe(PIECE); // the failed piece counts as wasted
    expect(a.peer.amInterested || b.peer.amInterested).toBe(true);
    expect(a.peer.outstanding.size + b.peer.outstanding.size).toBeGreaterThan(0);
  });

  it('verifies, stores and announces a piece, then stops wanting from a peer with nothing more', async () => {
    const t = await setup(2, '01');
    const a = t.connect('10');
    const other = t.connect('01'); // lacks piece 0: told with a have once we verify it
    a.channel.receive(wire.unchoke());
    a.channel.receive(wire.pieceMessage(0, 0, t.block(0, 0)), wire.pieceMessage(0, BLOCK, t.block(0, 1)));
    await eventually(() => t.verified.length > 0, 'the piece to verify');
    expect(t.verified).toEqual([0]);
    expect(t.store.written).toEqual([0]);
    expect(t.picker.remaining).toBe(0);
    expect(decodeMessages(other.channel.sent.slice(1)).filter((m) => m.type === 'have')).toEqual([{ type: 'have', index: 0 }]);
    expect(decodeMessages(a.channel.sent.slice(1)).filter((m) => m.type === 'have')).toEqual([]);
  });

  it('puts the verified marks on disk at once when the last piece completes the torrent, not before', async () => {
    const t = await setup(3, '001');
    const a = t.connect('110');
    a.channel.receive(wire.unchoke());
    a.channel.receive(wire.pieceMessage(0, 0, t.block(0, 0)), wire.pieceMessage(0, BLOCK, t.block(0, 1)));
    await eventually(() => t.verified.length === 1, 'the first piece to verify');
    expect(t.store.flushes).toEqual([]); // marks may wait for the host's next snapshot
    a.channel.receive(wire.pieceMessage(1, 0, t.block(1, 0)), wire.pieceMessage(1, BLOCK, t.block(1, 1)));
    await eventually(() => t.verified.length === 2, 'the last piece to verify');
    expect(t.store.flushes).toEqual([2]);
  });

  it('drops a peer that alone supplied a piece failing its hash (PEER_BAD_DATA)', async () => {
    const t = await setup(2, '01');
    const a = t.connect('10');
    a.channel.receive(wire.unchoke());
    a.channel.receive(wire.pieceMessage(0, 0, new Uint8Array(BLOCK)), wire.pieceMessage(0, BLOCK, new Uint8Array(BLOCK)));
    await eventually(() => closeCode(t.host) !== null, 'the liar to be dropped');
    expect(closeCode(t.host)).toBe('PEER_BAD_DATA');
    expect(t.picker.isWanted(0)).toBe(true);
  });

  it('drops a block whose length differs from the request (WIRE_BAD_BLOCK)', async () => {
    const t = await setup(2, '01');
    const a = t.connect('10');
    a.channel.receive(wire.unchoke());
    a.channel.receive(wire.pieceMessage(0, 0, new Uint8Array(100)));
    expect(closeCode(t.host)).toBe('WIRE_BAD_BLOCK');
    expect(t.picker.isWanted(0)).toBe(true);
  });

  it('tolerates late blocks after a cancel, but drops a peer sending more than 4 MiB we never asked for', async () => {
    const t = await setup(2, '01');
    const a = t.connect('11');
    a.channel.receive(wire.pieceMessage(0, 0, t.block(0, 0)));
    expect(closeCode(t.host)).toBeNull();
    expect(t.host.blocks).toHaveLength(1);
    for (let i = 0; i < 256 && closeCode(t.host) === null; i++) a.channel.receive(wire.pieceMessage(0, 0, t.block(0, 0)));
    expect(closeCode(t.host)).toBe('PEER_FLOODING');
    expect(a.peer.unrequestedBytes).toBeGreaterThan(4 * 1024 * 1024);
    expect(t.wasted.bytes).toBe(a.peer.unrequestedBytes); // every unasked block was thrown away
  });

  it('counts a peer whose haves complete its set once, as a seed, and undoes that when it leaves', async () => {
    const t = await setup(3, '000');
    const a = t.connect('110');
    expect([0, 1, 2].map((i) => t.picker.availabilityOf(i))).toEqual([1, 1, 0]);
    a.channel.receive(wire.have(2));
    expect(a.peer.isSeed).toBe(true);
    expect([0, 1, 2].map((i) => t.picker.availabilityOf(i))).toEqual([1, 1, 1]);
    a.peer.destroy('bye');
    expect([0, 1, 2].map((i) => t.picker.availabilityOf(i))).toEqual([0, 0, 0]);
    await settle();
  });

  it('gives a leaving peer’s requests to the others', async () => {
    const t = await setup(4, '0000');
    const a = t.connect('1111');
    a.channel.receive(wire.unchoke());
    expect(t.requested(a.channel)).toHaveLength(8);
    a.peer.destroy('gone');
    const b = t.connect('1111');
    b.channel.receive(wire.unchoke());
    expect(t.requested(b.channel).sort()).toEqual(['0.0', '0.1', '1.0', '1.1', '2.0', '2.1', '3.0', '3.1']);
  });

  it('cancels requests it gives up on after a timeout, so a later identical request is not a duplicate', async () => {
    const t = await setup(2, '00');
    const a = t.connect('11');
    a.channel.receive(wire.unchoke());
    expect(t.requested(a.channel)).toHaveLength(4);
    t.downloader.releaseRequests(a.peer, true);
    const cancels = decodeMessages(a.channel.sent.slice(1)).filter((m) => m.type === 'cancel');
    expect(cancels.map((m) => (m.type === 'cancel' ? `${m.index}.${m.begin / BLOCK}` : '')).sort()).toEqual(['0.0', '0.1', '1.0', '1.1']);
    expect(a.peer.outstanding.size).toBe(0);
    // Every block is free again, asked for anew (here of the same peer, which forgot the old requests).
    t.downloader.refill(a.peer);
    expect(t.requested(a.channel)).toHaveLength(8);
  });

  it('takes late answers to requests it cancelled after a timeout without counting them as unrequested', async () => {
    const t = await setup(2, '00');
    const a = t.connect('11');
    a.channel.receive(wire.unchoke());
    t.downloader.releaseRequests(a.peer, true);
    a.channel.receive(wire.pieceMessage(0, 0, t.block(0, 0))); // sent before our cancel reached the peer
    expect(a.peer.unrequestedBytes).toBe(0);
    expect(a.peer.isClosed).toBe(false);
  });

  it('does not cancel requests a choke already discarded', async () => {
    const t = await setup(2, '00');
    const a = t.connect('11');
    a.channel.receive(wire.unchoke());
    a.channel.receive(wire.choke());
    expect(decodeMessages(a.channel.sent.slice(1)).some((m) => m.type === 'cancel')).toBe(false);
    expect(a.peer.outstanding.size).toBe(0);
  });
});

// MetadataFetcher (BEP 9) with real Peers on fake channels: every piece asked at once, rejects, timeouts, peers
// lying about the size or the content.

import { describe, expect, it } from 'vitest';
import { isEngineError, type EngineError } from '../../../../src/engine/errors.ts';
import { onMetadataPayload } from '../../../../src/engine/metadata/metadata-exchange.ts';
import { MetadataFetcher } from '../../../../src/engine/metadata/metadata-fetcher.ts';
import { Peer } from '../../../../src/engine/peer/peer.ts';
import * as wire from '../../../../src/engine/wire/encoder.ts';
import type { MetadataMessage } from '../../../../src/engine/wire/messages.ts';
import { METADATA_PIECE_SIZE, decodeMetadataMessage, encodeMetadataMessage } from '../../../../src/engine/wire/ut-metadata.ts';
import { subtleHasher } from '../../../../src/platform/subtle-hasher.ts';
import { FakeChannel, FakeHost, REMOTE_ID, decodeMessages, eventually, remoteExtendedHandshake, remoteHandshake } from '../peer/fakes.ts';

/** The remote's id for ut_metadata: what our requests go out on. */
const THEIR_ID = 7;
/** Our id for ut_metadata (OUR_UT_METADATA_ID): what their answers come in on. */
const OUR_ID = 3;
const INFO = Uint8Array.from({ length: 2 * METADATA_PIECE_SIZE + 5000 }, (_, i) => (i * 31 + 7) & 0xff); // 3 pieces

async function setup(info = INFO) {
  const infoHash = await subtleHasher.sha1(info);
  const host = new FakeHost(null);
  const got: Uint8Array[] = [];
  const dropped: { peer: Peer; code: string }[] = [];
  let digests = 0;
  let waited = 0;
  let asking = 0;
  const fetcher = new MetadataFetcher({
    infoHash,
    hasher: { sha1: async (d) => subtleHasher.sha1(d).finally(() => void digests++) },
    now: () => host.time,
    onMetadata: (bytes) => got.push(bytes),
    asking: () => void asking++,
    dropPeer: (peer: Peer, e: EngineError) => {
      dropped.push({ peer, code: e.code });
      peer.destroy(e);
    },
  });
  const peers: Peer[] = [];
  const channels = new Map<Peer, FakeChannel>();
  host.hooks = {
    onMetadataMessage: (peer, payload) => onMetadataPayload(peer, payload, null, fetcher),
    onClose: (peer) => fetcher.peerClosed(peer),
  };
  let n = 0;
  /** A peer announcing ut_metadata with `size` (or without ut_metadata when size is null). */
  const connect = (size: number | null): Peer => {
    const channel = new FakeChannel();
    const peer = new Peer(host, channel, 'pipe', '');
    peer.start();
    const id = REMOTE_ID.slice();
    id[19] = 0x30 + n++;
    channel.receive(remoteHandshake({ peerId: id }));
    channel.receive(remoteExtendedHandshake(size === null ? { m: {} } : { m: { ut_metadata: THEIR_ID }, metadataSize: size }));
    peers.push(peer);
    channels.set(peer, channel);
    fetcher.addPeer(peer);
    return peer;
  };
  /** The ut_metadata pieces requested of `peer` so far, in order. */
  const asked = (peer: Peer): number[] =>
    decodeMessages(channels.get(peer)!.sent.slice(1)).flatMap((m) => {
      if (m.type !== 'extended' || m.id !== THEIR_ID) return [];
      const msg = decodeMetadataMessage(m.payload);
      return msg?.type === 'request' ? [msg.piece] : [];
    });
  const send = (peer: Peer, msg: MetadataMessage): void => channels.get(peer)!.receive(wire.extended(OUR_ID, encodeMetadataMessage(msg)));
  /** `peer` answers piece `piece` with the real bytes (or `data`). */
  const answer = (peer: Peer, piece: number, data?: Uint8Array): void => {
    const real = info.subarray(piece * METADATA_PIECE_SIZE, (piece + 1) * METADATA_PIECE_SIZE);
    send(peer, { type: 'data', piece, totalSize: info.length, data: data ?? real });
  };
  /** Waits for the next SHA-1 check of assembled metadata (and what the fetcher does with its result). */
  const hashed = (): Promise<void> => eventually(() => digests > waited, 'the metadata hash check').then(() => void waited++);
  return { host, fetcher, got, dropped, peers, connect, asked, send, answer, info, hashed, asking: () => asking };
}

describe('MetadataFetcher', () => {
  it('tells its host once requests are out (the torrent readies its storage), not for a peer without ut_metadata', async () => {
    const t = await setup();
    t.connect(null);
    expect(t.asking()).toBe(0);
    const a = t.connect(INFO.length);
    expect(t.asked(a)).toEqual([0, 1, 2]);
    expect(t.asking()).toBeGreaterThan(0);
  });

  it('asks the first peer for every piece at once, and a second peer for none of the same', async () => {
    const t = await setup();
    const a = t.connect(INFO.length);
    const b = t.connect(INFO.length);
    t.fetcher.tick(t.peers);
    expect(t.asked(a)).toEqual([0, 1, 2]);
    expect(t.asked(b)).toEqual([]);
  });

  it('assembles pieces from several peers and hands over bytes that hash to the info hash', async () => {
    const t = await setup();
    const a = t.connect(INFO.length);
    const b = t.connect(INFO.length);
    t.answer(a, 0);
    t.answer(a, 2);
    a.destroy('gone'); // piece 1 was still a's: it goes to b
    t.fetcher.tick(t.peers);
    expect(t.asked(b)).toEqual([1]);
    t.answer(b, 1);
    await t.hashed();
    expect(t.got).toEqual([INFO]);
    expect(t.dropped).toEqual([]);
  });

  it('asks nothing of a peer without ut_metadata', async () => {
    const t = await setup();
    const a = t.connect(null);
    t.fetcher.tick(t.peers);
    expect(t.asked(a)).toEqual([]);
  });

  it('after a reject asks that peer nothing more and gives every piece it held to another', async () => {
    const t = await setup();
    const a = t.connect(INFO.length);
    const b = t.connect(INFO.length);
    t.send(a, { type: 'reject', piece: 0 });
    t.fetcher.tick(t.peers);
    expect(t.asked(a)).toEqual([0, 1, 2]);
    expect(t.asked(b)).toEqual([0, 1, 2]);
  });

  it('asks again for a piece unanswered after 10 s, and still takes a late answer', async () => {
    const t = await setup(INFO.subarray(0, 1000));
    const a = t.connect(1000);
    t.host.time += 9_000;
    t.fetcher.tick(t.peers);
    expect(t.asked(a)).toEqual([0]);
    t.host.time += 1_001;
    t.fetcher.tick(t.peers);
    expect(t.asked(a)).toEqual([0, 0]);
    t.answer(a, 0);
    await t.hashed();
    expect(t.got).toHaveLength(1);
  });

  it('stops asking a peer that let two requests time out while another peer offers the size', async () => {
    const t = await setup();
    const silent = t.connect(INFO.length);
    expect(t.asked(silent)).toEqual([0, 1, 2]);
    t.host.time += 10_001;
    t.fetcher.tick(t.peers); // first timeout (one for the three pieces): asked again, it is the only peer
    expect(t.asked(silent)).toEqual([0, 1, 2, 0, 1, 2]);
    const b = t.connect(INFO.length);
    expect(t.asked(b)).toEqual([]);
    t.host.time += 10_001;
    t.fetcher.tick(t.peers); // second timeout: b is asked, silent is left alone from now on
    expect(t.asked(b)).toEqual([0, 1, 2]);
    for (const piece of [0, 1, 2]) t.answer(b, piece);
    t.fetcher.tick(t.peers);
    expect(t.asked(silent).slice(6)).toEqual([]);
    await t.hashed();
    expect(t.got).toEqual([INFO]);
  });

  it('keeps asking a silent peer when it is the only one offering the size', async () => {
    const t = await setup(INFO.subarray(0, 1000));
    const a = t.connect(1000);
    for (let i = 0; i < 3; i++) {
      t.host.time += 10_001;
      t.fetcher.tick(t.peers);
    }
    expect(t.asked(a)).toEqual([0, 0, 0, 0]);
  });

  it('does not ask a peer announcing another size while one size is being fetched', async () => {
    const t = await setup();
    t.connect(INFO.length);
    const other = t.connect(INFO.length + 5);
    t.fetcher.tick(t.peers);
    expect(t.asked(other)).toEqual([]);
  });

  it('takes the size afresh from the next peer when the last peer announcing the adopted size leaves', async () => {
    const t = await setup();
    const liar = t.connect(100);
    const honest = t.connect(INFO.length);
    expect(t.asked(honest)).toEqual([]);
    liar.destroy('gone');
    t.fetcher.tick(t.peers);
    expect(t.asked(honest)).toEqual([0, 1, 2]);
    for (const piece of [0, 1, 2]) t.answer(honest, piece);
    await t.hashed();
    expect(t.got).toEqual([INFO]);
  });

  it('takes the size afresh when every peer announcing the adopted size has rejected us', async () => {
    const t = await setup();
    const liar = t.connect(100);
    const honest = t.connect(INFO.length);
    t.send(liar, { type: 'reject', piece: 0 });
    t.fetcher.tick(t.peers);
    expect(t.asked(honest)).toEqual([0, 1, 2]);
    for (const piece of [0, 1, 2]) t.answer(honest, piece);
    await t.hashed();
    expect(t.got).toEqual([INFO]);
  });

  it('drops the one peer that supplied metadata failing the hash check, and starts over', async () => {
    const t = await setup();
    const liar = t.connect(INFO.length);
    for (const piece of [0, 1, 2]) t.answer(liar, piece, INFO.subarray(piece * METADATA_PIECE_SIZE, (piece + 1) * METADATA_PIECE_SIZE).map((x) => x ^ 1));
    await t.hashed();
    expect(t.dropped.map((d) => d.code)).toEqual(['METADATA_HASH_MISMATCH']);
    expect(t.got).toEqual([]);
    const honest = t.connect(INFO.length);
    expect(t.asked(honest)).toEqual([0, 1, 2]);
  });

  it('drops nobody when several peers supplied bad metadata (the liar is unknown), and fetches it all again', async () => {
    const t = await setup();
    const a = t.connect(INFO.length);
    const b = t.connect(INFO.length);
    t.answer(a, 0, new Uint8Array(METADATA_PIECE_SIZE));
    t.answer(b, 1);
    t.answer(a, 2);
    await t.hashed();
    expect(t.dropped).toEqual([]);
    t.fetcher.tick(t.peers);
    expect([...t.asked(a), ...t.asked(b)].length).toBeGreaterThan(3);
  });

  it.each([
    { name: 'a piece of the wrong length', msg: { type: 'data', piece: 0, totalSize: INFO.length, data: new Uint8Array(10) } as const },
    { name: 'another total size', msg: { type: 'data', piece: 0, totalSize: INFO.length + 1, data: INFO.subarray(0, METADATA_PIECE_SIZE) } as const },
    { name: 'a piece past the end', msg: { type: 'data', piece: 3, totalSize: INFO.length, data: new Uint8Array(0) } as const },
  ])('drops a peer sending $name (METADATA_SIZE_MISMATCH)', async ({ msg }) => {
    const t = await setup();
    const a = t.connect(INFO.length);
    t.send(a, msg);
    expect(t.dropped.map((d) => d.code)).toEqual(['METADATA_SIZE_MISMATCH']);
    expect(a.isClosed).toBe(true);
  });

  it('drops a peer sending metadata we never asked anyone for (WIRE_UNREQUESTED_METADATA)', async () => {
    const t = await setup();
    const a = t.connect(null);
    t.answer(a, 0);
    expect(t.dropped.map((d) => d.code)).toEqual(['WIRE_UNREQUESTED_METADATA']);
  });

  it('refuses a size above the cap before allocating anything (METADATA_TOO_LARGE)', async () => {
    const t = await setup();
    t.connect(2 ** 40);
    expect(t.dropped.map((d) => d.code)).toEqual(['METADATA_TOO_LARGE']);
    const honest = t.connect(INFO.length);
    expect(t.asked(honest)).toEqual([0, 1, 2]);
  });

  it('stops asking once the metadata is verified', async () => {
    const t = await setup(INFO.subarray(0, 100));
    const a = t.connect(100);
    t.answer(a, 0);
    await t.hashed();
    const b = t.connect(100);
    t.fetcher.tick(t.peers);
    expect(t.got).toHaveLength(1);
    expect(t.asked(b)).toEqual([]);
    expect(isEngineError(t.host.closeReason)).toBe(false);
  });
});

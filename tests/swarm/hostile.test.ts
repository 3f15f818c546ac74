// Hostile peers are dropped with a typed reason, and the download still completes bit-identical from honest ones.

import { afterEach, describe, expect, it } from 'vitest';
import { fromHex } from '../../src/engine/bytes.ts';
import type { EngineError } from '../../src/engine/errors.ts';
import { toMagnet } from '../../src/engine/metainfo/magnet.ts';
import type { Session } from '../../src/engine/session.ts';
import * as wire from '../../src/engine/wire/encoder.ts';
import { encodeMetadataMessage } from '../../src/engine/wire/ut-metadata.ts';
import { redundantHaveLimit } from '../../src/engine/peer/peer.ts';
import { connect, content, newSession, pipe, readFiles, seed, until, type SeedFile } from './harness.ts';
import { RawPeer, rawPeerId } from './hostile.ts';

const sessions: Session[] = [];
afterEach(async () => {
  await Promise.all(sessions.splice(0).map((s) => s.close()));
});

const FILES: SeedFile[] = [
  { path: ['x.bin'], data: content(300_000, 5) },
  { path: ['y', 'z.bin'], data: content(70_001, 6) },
];
const PIECE = 16 * 1024;

/** A leecher whose closed-peer reasons are recorded, an honest seed, and the torrent. */
async function setup(fromMagnet = false) {
  const closed: { peer: string; code: string }[] = [];
  const honest = newSession();
  const leecher = newSession({
    events: { peerClosed: (_t, peer, reason) => closed.push({ peer, code: typeof reason === 'string' ? reason : (reason as EngineError).code }) },
  });
  sessions.push(honest.session, leecher.session);
  const { meta } = await seed(honest.session, honest.store, 'h', FILES, PIECE);
  const torrent = fromMagnet ? await leecher.session.addMagnet(toMagnet({ infoHash: meta.infoHash })) : await leecher.session.addMetainfo(meta);
  return { closed, honest, leecher, meta, torrent };
}

/** Attaches a raw peer to the leecher; returns it once the leecher's handshake has arrived. */
function attachRaw(leecher: Session, infoHashHex: string, tag: string, onMessage?: ConstructorParameters<typeof RawPeer>[3]): RawPeer {
  const [ours, theirs] = pipe();
  const raw = new RawPeer(theirs, fromHex(infoHashHex)!, rawPeerId(tag), onMessage);
  leecher.attachPeer(infoHashHex, ours, 'pipe');
  raw.handshake();
  return raw;
}

async function expectIntact(torrent: Awaited<ReturnType<typeof setup>>['torrent']): Promise<void> {
  const files = await readFiles(torrent);
  files.forEach((f, i) => expect(Buffer.from(f).equals(Buffer.from(FILES[i]!.data))).toBe(true));
}

describe('hostile peers', () => {
  it('drops a peer announcing a 4 GiB message, without buffering it', async () => {
    const { closed, honest, leecher, meta, torrent } = await setup();
    const raw = attachRaw(leecher.session, meta.infoHashHex, 'huge');
    raw.send(new Uint8Array([0xff, 0xff, 0xff, 0xff, 7]));
    connect(honest.session, leecher.session, meta.infoHashHex);
    await until([honest.session, leecher.session], () => torrent.complete && raw.closed, 'download and drop');
    expect(closed.find((c) => c.code === 'WIRE_MESSAGE_TOO_LONG')).toBeDefined();
    await expectIntact(torrent);
  });

  it('drops a peer sending have for a piece that does not exist', async () => {
    const { closed, honest, leecher, meta, torrent } = await setup();
    const raw = attachRaw(leecher.session, meta.infoHashHex, 'badidx');
    raw.send(wire.have(meta.pieceCount + 5));
    connect(honest.session, leecher.session, meta.infoHashHex);
    await until([honest.session, leecher.session], () => torrent.complete && raw.closed, 'download and drop');
    expect(closed.find((c) => c.code === 'WIRE_BAD_PIECE_INDEX')).toBeDefined();
    await expectIntact(torrent);
  });

  it('drops a peer flooding have messages for a piece it already announced (before and after the metadata)', async () => {
    for (const fromMagnet of [false, true]) {
      const { closed, honest, leecher, meta, torrent } = await setup(fromMagnet);
      const raw = attachRaw(leecher.session, meta.infoHashHex, 'haves');
      const have = wire.have(0);
      const flood = new Uint8Array(have.length * (redundantHaveLimit(meta.pieceCount) + 2));
      for (let i = 0; i < flood.length; i += have.length) flood.set(have, i);
      raw.send(flood);
      connect(honest.session, leecher.session, meta.infoHashHex);
      await until([honest.session, leecher.session], () => torrent.complete && raw.closed, 'download and drop');
      expect(closed.find((c) => c.code === 'PEER_FLOODING'), fromMagnet ? 'from a magnet' : 'with the metadata').toBeDefined();
      await expectIntact(torrent);
    }
  });

  it('drops a seed that answers requests with wrong data, and re-fetches those pieces elsewhere', async () => {
    const { closed, honest, leecher, meta, torrent } = await setup();
    let lies = 0;
    const raw = attachRaw(leecher.session, meta.infoHashHex, 'liar', (m, self) => {
      if (m.type === 'interested') self.send(wire.unchoke());
      if (m.type === 'request') {
        lies++;
        self.send(wire.pieceMessage(m.index, m.begin, new Uint8Array(m.length).fill(0xab)));
      }
    });
    const all = new Uint8Array(Math.ceil(meta.pieceCount / 8)).fill(0xff);
    all[all.length - 1] = (0xff << (all.length * 8 - meta.pieceCount)) & 0xff;
    raw.send(wire.bitfield(all));
    // Let the liar serve alone for a moment so it certainly supplies whole pieces, then bring the honest seed.
    await until([leecher.session], () => lies > 0 && raw.closed, 'the liar to be caught', 10_000);
    connect(honest.session, leecher.session, meta.infoHashHex);
    await until([honest.session, leecher.session], () => torrent.complete, 'download');
    expect(closed.find((c) => c.code === 'PEER_BAD_DATA')).toBeDefined();
    await expectIntact(torrent);
  });

  it('drops a peer whose metadata is bigger than it announced, and gets the real metadata elsewhere', async () => {
    const { closed, honest, leecher, meta, torrent } = await setup(true);
    const announced = 100;
    const raw = attachRaw(leecher.session, meta.infoHashHex, 'metabomb', (m, self) => {
      if (m.type === 'extended' && m.id === 7) {
        self.send(wire.extended(3, encodeMetadataMessage({ type: 'data', piece: 0, totalSize: 50_000_000, data: new Uint8Array(16384) })));
      }
    });
    raw.extendedHandshake({ m: { ut_metadata: 7 }, metadataSize: announced });
    await until([leecher.session], () => raw.closed, 'the metadata liar to be dropped', 10_000);
    expect(closed.find((c) => c.code === 'METADATA_SIZE_MISMATCH')).toBeDefined();
    connect(honest.session, leecher.session, meta.infoHashHex);
    await until([honest.session, leecher.session], () => torrent.complete, 'metadata and download');
    await expectIntact(torrent);
  });

  it('refuses a peer announcing a metadata size past the cap (a metadata bomb) before allocating it', async () => {
    const { closed, leecher, meta } = await setup(true);
    const raw = attachRaw(leecher.session, meta.infoHashHex, 'bomb');
    raw.extendedHandshake({ m: { ut_metadata: 7 }, metadataSize: 2 ** 40 });
    await until([leecher.session], () => raw.closed, 'the bomb to be refused', 10_000);
    expect(closed.find((c) => c.code === 'METADATA_TOO_LARGE')).toBeDefined();
  });

  it('drops a peer whose metadata does not hash to the info hash', async () => {
    const { closed, honest, leecher, meta, torrent } = await setup(true);
    const size = meta.infoBytes.length;
    const raw = attachRaw(leecher.session, meta.infoHashHex, 'fakemeta', (m, self) => {
      if (m.type === 'extended' && m.id === 7) {
        const fake = meta.infoBytes.slice();
        fake[fake.length - 2]! ^= 1;
        self.send(wire.extended(3, encodeMetadataMessage({ type: 'data', piece: 0, totalSize: size, data: fake.subarray(0, 16384) })));
      }
    });
    raw.extendedHandshake({ m: { ut_metadata: 7 }, metadataSize: size });
    await until([leecher.session], () => raw.closed, 'the fake metadata to be rejected', 10_000);
    expect(closed.find((c) => c.code === 'METADATA_HASH_MISMATCH')).toBeDefined();
    connect(honest.session, leecher.session, meta.infoHashHex);
    await until([honest.session, leecher.session], () => torrent.complete, 'download');
    await expectIntact(torrent);
  });
});

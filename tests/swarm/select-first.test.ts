// A magnet added with "select files first": once the metadata arrives the engine requests no piece until the user
// confirms a selection, then fetches only the chosen files (plus the pieces they share with unchosen ones).

import { afterEach, describe, expect, it } from 'vitest';
import { toMagnet } from '../../src/engine/metainfo/magnet.ts';
import type { Session } from '../../src/engine/session.ts';
import { isHandshake, WireDecoder } from '../../src/engine/wire/decoder.ts';
import { content, newSession, pipe, readFiles, seed, until, type SeedFile } from './harness.ts';

const sessions: Session[] = [];
afterEach(async () => {
  await Promise.all(sessions.splice(0).map((s) => s.close()));
});

function track<T extends { session: Session }>(x: T): T {
  sessions.push(x.session);
  return x;
}

const PIECE = 32 * 1024;
// a: pieces 0-1, b: pieces 1-4 (shares 1 with a and 4 with c), c: pieces 4-5.
const FILES: SeedFile[] = [
  { path: ['a.bin'], data: content(50_000, 1) },
  { path: ['b.bin'], data: content(100_000, 2) },
  { path: ['c.bin'], data: content(40_000, 3) },
];

/** Connects seed -> leech and records every piece index the leech requests. */
function connectCounting(seedSession: Session, leechSession: Session, infoHashHex: string): number[] {
  const [x, y] = pipe();
  const requested: number[] = [];
  const decoder = new WireDecoder({ handshake: true });
  const send = y.send.bind(y);
  y.send = (data: Uint8Array) => {
    decoder.push(data.slice());
    for (let m = decoder.next(); m; m = decoder.next()) if (!isHandshake(m) && m.type === 'request') requested.push(m.index);
    send(data);
  };
  seedSession.attachPeer(infoHashHex, x, 'pipe', leechSession.peerIdHex);
  leechSession.attachPeer(infoHashHex, y, 'pipe', seedSession.peerIdHex);
  return requested;
}

async function idle(sessions: readonly Session[], ms: number): Promise<void> {
  const end = performance.now() + ms;
  while (performance.now() < end) {
    for (const s of sessions) s.tick();
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('select files first', () => {
  it('holds a magnet once the metadata arrives: no piece requested, nothing uploaded, not complete', async () => {
    const a = track(newSession());
    const b = track(newSession());
    const { meta } = await seed(a.session, a.store, 'three', FILES, PIECE);
    const leech = await b.session.addMagnet(toMagnet({ infoHash: meta.infoHash, name: 'three' }), { selectFirst: true });
    expect(leech.selectFirst).toBe(true);
    expect(leech.awaitingSelection).toBe(false); // no metadata yet
    const requested = connectCounting(a.session, b.session, meta.infoHashHex);
    await until([a.session, b.session], () => leech.awaitingSelection, 'the metadata');
    await idle([a.session, b.session], 600);

    expect(requested).toEqual([]);
    expect(a.session.get(meta.infoHashHex)!.uploaded).toBe(0);
    expect(leech.downloaded).toBe(0);
    expect(leech.complete).toBe(false);
    expect(leech.status).toBe('downloading');
    for (const p of leech.peers) {
      expect(p.outstanding.size).toBe(0);
      expect(p.amInterested).toBe(false);
    }
  });

  it('after the selection fetches only the chosen files and their boundary pieces', async () => {
    const a = track(newSession());
    const b = track(newSession());
    const { meta } = await seed(a.session, a.store, 'three', FILES, PIECE);
    const leech = await b.session.addMagnet(toMagnet({ infoHash: meta.infoHash, name: 'three' }), { selectFirst: true });
    const requested = connectCounting(a.session, b.session, meta.infoHashHex);
    await until([a.session, b.session], () => leech.awaitingSelection, 'the metadata');

    leech.confirmSelection([4, 0, 4]);
    expect(leech.awaitingSelection).toBe(false);
    expect(leech.selectFirst).toBe(false);
    await until([a.session, b.session], () => leech.complete, 'the chosen files');

    expect(new Set(requested)).toEqual(new Set([0, 1, 4, 5]));
    const [fa, , fc] = await readFiles(leech);
    expect(Buffer.from(fa!).equals(Buffer.from(FILES[0]!.data))).toBe(true);
    expect(Buffer.from(fc!).equals(Buffer.from(FILES[2]!.data))).toBe(true);
    // b.bin holds only the bytes of the two pieces it shares with a.bin and c.bin.
    const shared = 2 * PIECE - 50_000 + (150_000 - 4 * PIECE);
    expect(leech.fileVerified()[1]).toBe(shared);
    expect(leech.filePriorities).toEqual([4, 0, 4]);
    expect(leech.status).toBe('seeding');
  });

  it('records priority changes made while held and applies them only when confirmed', async () => {
    const a = track(newSession());
    const b = track(newSession());
    const { meta } = await seed(a.session, a.store, 'three', FILES, PIECE);
    const leech = await b.session.addMagnet(toMagnet({ infoHash: meta.infoHash }), { selectFirst: true });
    const requested = connectCounting(a.session, b.session, meta.infoHashHex);
    await until([a.session, b.session], () => leech.awaitingSelection, 'the metadata');
    leech.setFilePriorities([0, 1], 0);
    await idle([a.session, b.session], 300);
    expect(requested).toEqual([]);
    expect(leech.filePriorities).toEqual([0, 0, 4]);

    leech.confirmSelection([]);
    await until([a.session, b.session], () => leech.complete, 'c.bin');
    expect(new Set(requested)).toEqual(new Set([4, 5]));
  });

  it('does not hold a single-file torrent (there is nothing to choose)', async () => {
    const a = track(newSession());
    const b = track(newSession());
    const one: SeedFile[] = [{ path: ['one.bin'], data: content(70_000, 5) }];
    const { meta } = await seed(a.session, a.store, 'one.bin', one, PIECE);
    const leech = await b.session.addMagnet(toMagnet({ infoHash: meta.infoHash }), { selectFirst: true });
    connectCounting(a.session, b.session, meta.infoHashHex);
    await until([a.session, b.session], () => leech.complete, 'the download');
    expect(leech.awaitingSelection).toBe(false);
    expect(leech.selectFirst).toBe(false);
  });

  it('does not hold a magnet whose so= already chose the files (BEP 53)', async () => {
    const a = track(newSession());
    const b = track(newSession());
    const { meta } = await seed(a.session, a.store, 'three', FILES, PIECE);
    const uri = `${toMagnet({ infoHash: meta.infoHash })}&so=2`;
    const leech = await b.session.addMagnet(uri, { selectFirst: true });
    expect(leech.selectFirst).toBe(false);
    const requested = connectCounting(a.session, b.session, meta.infoHashHex);
    await until([a.session, b.session], () => leech.complete, 'the so= file');
    expect(new Set(requested)).toEqual(new Set([4, 5]));
    expect(leech.filePriorities).toEqual([0, 0, 4]);
  });

  it('holds again after a restart when the record says the selection is still pending', async () => {
    const a = track(newSession());
    const b = track(newSession());
    const { meta } = await seed(a.session, a.store, 'three', FILES, PIECE);
    // What persistence restores: the info dictionary is known and the hold flag was saved.
    const leech = await b.session.addMetainfo(meta, { selectFirst: true, filePriorities: [4, 4, 4] });
    expect(leech.awaitingSelection).toBe(true);
    const requested = connectCounting(a.session, b.session, meta.infoHashHex);
    await idle([a.session, b.session], 400);
    expect(requested).toEqual([]);
    leech.confirmSelection([0, 0, 7]);
    await until([a.session, b.session], () => leech.complete, 'c.bin');
    expect(new Set(requested)).toEqual(new Set([4, 5]));
  });
});

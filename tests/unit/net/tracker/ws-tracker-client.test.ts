import { createServer } from 'node:net';
import type { AddressInfo, Server as NetServer } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket, { WebSocketServer } from 'ws';
import { startTracker } from '../../server/server-api.ts';
import type { RunningServer } from '../../server/server-api.ts';
import { randomBytes, toBinaryString, toHex } from '../../../../src/engine/bytes.ts';
import type { OfferToSend, Signaling } from '../../../../src/net/signaling.ts';
import type { SessionDescription } from '../../../../src/net/tracker/ws-protocol.ts';
import { WsTrackerClient } from '../../../../src/net/tracker/ws-tracker-client.ts';
import type { TrackedTorrent, TrackerStatus } from '../../../../src/net/tracker/ws-tracker-client.ts';
import { waitFor } from './wait-for.ts';


/** Stands in for the WebRTC connector: SDPs are labelled strings, so we can see who answered what. */
class StubSignaling implements Signaling {
  readonly made: { infoHashHex: string; offerIdHex: string }[] = [];
  readonly discarded: string[] = [];
  readonly answered: { infoHashHex: string; from: string; offer: SessionDescription }[] = [];
  readonly accepted: { infoHashHex: string; from: string; offerIdHex: string; answer: SessionDescription }[] = [];
  constructor(readonly name: string) {}

  async createOffers(infoHashHex: string, count: number): Promise<readonly OfferToSend[]> {
    return Array.from({ length: count }, () => {
      const offerIdHex = toHex(randomBytes(20));
      this.made.push({ infoHashHex, offerIdHex });
      return { offerIdHex, offer: { type: 'offer' as const, sdp: `v=0 offer ${this.name} ${offerIdHex}` } };
    });
  }
  discardOffers(_infoHashHex: string, ids: readonly string[]): void {
    this.discarded.push(...ids);
  }
  async answerOffer(infoHashHex: string, from: string, offer: SessionDescription): Promise<SessionDescription | null> {
    this.answered.push({ infoHashHex, from, offer });
    return { type: 'answer', sdp: `v=0 answer ${this.name} to [${offer.sdp}]` };
  }
  acceptAnswer(infoHashHex: string, from: string, offerIdHex: string, answer: SessionDescription): void {
    this.accepted.push({ infoHashHex, from, offerIdHex, answer });
  }
}

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

function client(name: string, extra: Partial<ConstructorParameters<typeof WsTrackerClient>[0]> = {}) {
  const peerId = randomBytes(20);
  const signaling = new StubSignaling(name);
  const warnings: string[] = [];
  const c = new WsTrackerClient({
    peerId,
    signaling,
    WebSocketImpl: WebSocket,
    onWarning: (url, m) => warnings.push(`${url}: ${m}`),
    ...extra,
  });
  cleanups.push(() => c.destroy());
  return { c, peerId, peerIdHex: toHex(peerId), signaling, warnings };
}

function torrent(infoHash: Uint8Array, wanted = 5, left: number | null = 1000): TrackedTorrent {
  return { infoHash, stats: () => ({ uploaded: 0, downloaded: 0, left }), peersWanted: () => wanted };
}

async function tracker(): Promise<RunningServer> {
  const t = await startTracker();
  cleanups.push(() => t.close());
  return t;
}


const statusOf = (c: WsTrackerClient, hex: string, url: string): TrackerStatus | undefined => c.status(hex).find((s) => s.url === url);

/** A port nothing listens on (bound, then released). */
async function closedPort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const { port } = s.address() as AddressInfo;
  await new Promise((r) => s.close(r));
  return port;
}

/** A tracker, client A announced to it (alone in the swarm of `ih`), and client B not yet added. */
async function aloneInSwarm() {
  const t = await tracker();
  const ih = randomBytes(20);
  const hex = toHex(ih);
  const a = client('A');
  const b = client('B');
  a.c.add(torrent(ih), [t.trackerUrl]);
  await waitFor('A`s announce reply', () => statusOf(a.c, hex, t.trackerUrl)?.leechers === 1);
  return { t, ih, hex, a, b };
}

describe('WsTrackerClient against the real bittorrent-tracker server', () => {
  it('relays B`s offer to A and A`s answer back to B`s pending offer', async () => {
    const { t, ih, hex, a, b } = await aloneInSwarm();
    expect(statusOf(a.c, hex, t.trackerUrl)?.state).toBe('online');

    b.c.add(torrent(ih), [t.trackerUrl]);
    const accepted = await waitFor('B to receive an answer', () => b.signaling.accepted[0]);
    expect(a.signaling.answered).toHaveLength(1);
    const relayed = a.signaling.answered[0]!;
    expect(relayed.from).toBe(b.peerIdHex);
    expect(relayed.infoHashHex).toBe(hex);
    // B offered 5; the tracker relays one per other peer, so exactly one reached A.
    expect(b.signaling.made).toHaveLength(5);
    const offerIds = b.signaling.made.map((m) => m.offerIdHex);
    expect(offerIds).toContain(accepted.offerIdHex);
    expect(relayed.offer.sdp).toBe(`v=0 offer B ${accepted.offerIdHex}`);
    expect(accepted.from).toBe(a.peerIdHex);
    expect(accepted.answer).toEqual({ type: 'answer', sdp: `v=0 answer A to [${relayed.offer.sdp}]` });
    expect(statusOf(b.c, hex, t.trackerUrl)).toMatchObject({ state: 'online', leechers: 2, seeders: 0, peersReceived: 1 });
    expect(statusOf(a.c, hex, t.trackerUrl)?.peersReceived).toBe(1);
    expect(a.signaling.accepted).toHaveLength(0); // A's own offers went out while it was alone
  });

  it('shares one socket per tracker URL across torrents, and `stopped` removes the peer from the swarm', async () => {
    const t = await tracker();
    const ih1 = randomBytes(20);
    const ih2 = randomBytes(20);
    const a = client('A');
    a.c.add(torrent(ih1), [t.trackerUrl]);
    a.c.add(torrent(ih2), [`${t.trackerUrl}/`]); // same tracker once the trailing slash is dropped
    await waitFor('A registered for both', () => statusOf(a.c, toHex(ih1), t.trackerUrl)?.leechers === 1 && statusOf(a.c, toHex(ih2), t.trackerUrl)?.leechers === 1);

    const b = client('B');
    b.c.add(torrent(ih1), [t.trackerUrl]);
    await waitFor('B sees A and itself', () => statusOf(b.c, toHex(ih1), t.trackerUrl)?.leechers === 2);

    a.c.remove(toHex(ih1)); // A keeps its socket for ih2, so only `stopped` can take it out of ih1's swarm
    expect(a.c.status(toHex(ih1))).toEqual([]);
    const c = client('C');
    c.c.add(torrent(ih1), [t.trackerUrl]);
    const cs = await waitFor('C`s reply', () => statusOf(c.c, toHex(ih1), t.trackerUrl)?.leechers !== undefined && statusOf(c.c, toHex(ih1), t.trackerUrl));
    expect(cs.leechers).toBe(2); // B and C; without `stopped` A would still count
    await waitFor('B to answer C', () => c.signaling.accepted.length === 1);
    expect(c.signaling.accepted[0]?.from).toBe(b.peerIdHex);
    expect(a.signaling.answered.map((x) => x.from)).toEqual([b.peerIdHex]); // B's join reached A; C's did not
  });

  it('reannounce announces at once instead of at the next interval', async () => {
    const t = await tracker();
    const ih = randomBytes(20);
    const hex = toHex(ih);
    const a = client('A');
    a.c.add(torrent(ih, 0), [t.trackerUrl]);
    const first = await waitFor('the first reply', () => statusOf(a.c, hex, t.trackerUrl)?.leechers === 1 && statusOf(a.c, hex, t.trackerUrl));
    expect(first.nextAnnounceAt).toBeGreaterThan(Date.now() + 10_000);
    a.c.reannounce(hex);
    // The announce just sent moves the next regular one later than it was.
    await waitFor('a new announce', () => (statusOf(a.c, hex, t.trackerUrl)?.nextAnnounceAt ?? 0) > first.nextAnnounceAt!);
  });

  it('reports a seeder with left = 0 and a leecher with unknown size', async () => {
    const t = await tracker();
    const ih = randomBytes(20);
    const a = client('A');
    a.c.add(torrent(ih, 0, 0), [t.trackerUrl]);
    await waitFor('seeder counted', () => statusOf(a.c, toHex(ih), t.trackerUrl)?.seeders === 1);
    const b = client('B');
    b.c.add(torrent(ih, 3, null), [t.trackerUrl]);
    const s = await waitFor('leecher counted', () => statusOf(b.c, toHex(ih), t.trackerUrl)?.leechers === 1 && statusOf(b.c, toHex(ih), t.trackerUrl));
    expect(s.seeders).toBe(1);
    expect(b.signaling.made).toHaveLength(3); // min(peersWanted, 10)
    expect(a.signaling.made).toHaveLength(0); // a seeder that wants nobody makes no offers
  });

  it('announces `completed` once when the download finishes', async () => {
    const t = await tracker();
    const ih = randomBytes(20);
    const a = client('A');
    let left = 1000;
    a.c.add({ infoHash: ih, stats: () => ({ uploaded: 0, downloaded: 1000 - left, left }), peersWanted: () => 1 }, [t.trackerUrl]);
    await waitFor('leeching', () => statusOf(a.c, toHex(ih), t.trackerUrl)?.leechers === 1);
    left = 0;
    a.c.completed(toHex(ih));
    const s = await waitFor('seeding', () => statusOf(a.c, toHex(ih), t.trackerUrl)?.seeders === 1 && statusOf(a.c, toHex(ih), t.trackerUrl));
    expect(s.leechers).toBe(0);
  });
});

describe('WsTrackerClient: offers made while the socket connects', () => {
  it('makes the first tracker`s offers at once, before its socket opens, and announces exactly those', async () => {
    const { t, ih, hex, a, b } = await aloneInSwarm();
    b.c.add(torrent(ih), [t.trackerUrl]);
    expect(statusOf(b.c, hex, t.trackerUrl)?.state).toBe('connecting');
    expect(b.signaling.made).toHaveLength(5); // asked for in add(), not after the handshake
    const relayed = await waitFor('B`s offer at A', () => a.signaling.answered[0]);
    const ids = b.signaling.made.map((m) => m.offerIdHex);
    expect(ids.some((id) => relayed.offer.sdp.endsWith(id))).toBe(true);
    await waitFor('B`s answer', () => b.signaling.accepted[0]);
    expect(b.signaling.made).toHaveLength(5); // the early ones served the `started` announce: none made twice
    expect(b.signaling.discarded).toHaveLength(0);
  });

  it('asks only the first tracker for early offers, and releases them when it cannot connect', async () => {
    const t = await tracker();
    const dead = `ws://127.0.0.1:${await closedPort()}/announce`;
    const ih = randomBytes(20);
    const hex = toHex(ih);
    const a = client('A');
    a.c.add(torrent(ih), [dead, t.trackerUrl]);
    expect(a.signaling.made).toHaveLength(5); // the dead (first) tracker's; the live one waits for its socket
    const early = a.signaling.made.map((m) => m.offerIdHex);
    await waitFor('the dead tracker marked', () => statusOf(a.c, hex, dead)?.state === 'error');
    await waitFor('the early offers released', () => early.every((id) => a.signaling.discarded.includes(id)));
    await waitFor('the live tracker`s reply', () => statusOf(a.c, hex, t.trackerUrl)?.leechers === 1);
    expect(a.signaling.made).toHaveLength(10);
  });

  it('releases early offers of a torrent removed before the socket opened', async () => {
    const t = await tracker();
    const ih = randomBytes(20);
    const a = client('A');
    a.c.add(torrent(ih), [t.trackerUrl]);
    a.c.remove(toHex(ih));
    const early = a.signaling.made.map((m) => m.offerIdHex);
    expect(early).toHaveLength(5);
    await waitFor('the early offers released', () => early.every((id) => a.signaling.discarded.includes(id)));
  });
});

describe('WsTrackerClient: unreachable, slow and hostile trackers', () => {
  it('fails fast on a closed port without delaying a working tracker', async () => {
    const t = await tracker();
    const dead = `ws://127.0.0.1:${await closedPort()}/announce`;
    const ih = randomBytes(20);
    const hex = toHex(ih);
    const a = client('A');
    const started = Date.now();
    a.c.add(torrent(ih), [dead, t.trackerUrl]);
    await waitFor('the live tracker`s reply', () => statusOf(a.c, hex, t.trackerUrl)?.leechers === 1);
    expect(Date.now() - started).toBeLessThan(2000);
    const d = await waitFor('the dead one to be marked', () => statusOf(a.c, hex, dead)?.state === 'error' && statusOf(a.c, hex, dead));
    expect(d.lastError).toMatch(/cannot connect/);
    expect(d.problem).toMatchObject({ kind: 'unreachable' });
    expect(d.nextAnnounceAt).toBeGreaterThan(Date.now());
    expect(a.warnings.some((w) => w.startsWith(dead))).toBe(true);
  });

  it('gives up on a tracker that accepts TCP but never answers the upgrade, after the connect timeout', async () => {
    const sockets: import('node:net').Socket[] = [];
    const silent: NetServer = createServer((s) => sockets.push(s)); // accepts, then says nothing
    await new Promise<void>((r) => silent.listen(0, '127.0.0.1', r));
    cleanups.push(() => {
      for (const s of sockets) s.destroy();
      return new Promise((r) => silent.close(r));
    });
    const url = `ws://127.0.0.1:${(silent.address() as AddressInfo).port}/announce`;
    const ih = randomBytes(20);
    const a = client('A', { connectTimeoutMs: 300 });
    a.c.add(torrent(ih), [url]);
    expect(statusOf(a.c, toHex(ih), url)?.state).toBe('connecting');
    const s = await waitFor('the timeout', () => statusOf(a.c, toHex(ih), url)?.state === 'error' && statusOf(a.c, toHex(ih), url), 3000);
    expect(s.lastError).toBe('no connection after 300 ms');
    expect(s.problem).toEqual({ kind: 'connect-timeout', ms: 300 });
  });

  it('reconnects with backoff after the tracker restarts, and announces `started` again', async () => {
    const first = await startTracker();
    const port = first.port;
    const ih = randomBytes(20);
    const hex = toHex(ih);
    const a = client('A', { backoff: { baseMs: 100, maxMs: 400 } });
    a.c.add(torrent(ih), [first.trackerUrl]);
    await waitFor('first registration', () => statusOf(a.c, hex, first.trackerUrl)?.leechers === 1);
    await first.close();
    await waitFor('the loss to be noticed', () => statusOf(a.c, hex, first.trackerUrl)?.state === 'error');
    const second = await startTracker({ port });
    cleanups.push(() => second.close());
    await waitFor('A back online', () => statusOf(a.c, hex, first.trackerUrl)?.state === 'online', 5000);
    const b = client('B');
    b.c.add(torrent(ih), [second.trackerUrl]);
    // The new server never saw A: they can only meet if A announced again after reconnecting.
    await waitFor('A and B to meet through the new tracker', () =>
      b.signaling.accepted.some((x) => x.from === a.peerIdHex) || a.signaling.accepted.some((x) => x.from === b.peerIdHex),
    );
    expect(statusOf(a.c, hex, first.trackerUrl)?.state).toBe('online');
  });

  it('retryNow skips the backoff once the tracker is reachable again', async () => {
    const port = await closedPort();
    const url = `ws://127.0.0.1:${port}/announce`;
    const ih = randomBytes(20);
    const a = client('A', { backoff: { baseMs: 60_000, maxMs: 60_000 } });
    a.c.add(torrent(ih), [url]);
    await waitFor('the failure', () => statusOf(a.c, toHex(ih), url)?.state === 'error');
    expect(statusOf(a.c, toHex(ih), url)?.nextAnnounceAt).toBeGreaterThan(Date.now() + 25_000);
    const t = await startTracker({ port });
    cleanups.push(() => t.close());
    a.c.retryNow();
    await waitFor('the announce reply', () => statusOf(a.c, toHex(ih), url)?.leechers === 1);
  });

  it('sends `started` again on each new socket, since the tracker forgets peers whose socket closed', async () => {
    const wss = new WebSocketServer({ port: 0, host: '127.0.0.1' });
    cleanups.push(() => new Promise((r) => wss.close(r)));
    await new Promise((r) => wss.once('listening', r));
    const url = `ws://127.0.0.1:${(wss.address() as AddressInfo).port}/announce`;
    const events: string[] = [];
    let connections = 0;
    wss.on('connection', (ws) => {
      const n = ++connections;
      ws.on('message', (data) => {
        const msg = JSON.parse(String(data)) as { event?: string; info_hash: string };
        events.push(`${n}:${msg.event ?? 'update'}`);
        if (n === 1) ws.terminate(); // drop the first connection right after its first announce
        else ws.send(JSON.stringify({ action: 'announce', info_hash: msg.info_hash, interval: 120, complete: 0, incomplete: 1 }));
      });
    });
    const ih = randomBytes(20);
    const a = client('A', { backoff: { baseMs: 50, maxMs: 100 } });
    a.c.add(torrent(ih, 0), [url]);
    await waitFor('the second connection`s reply', () => statusOf(a.c, toHex(ih), url)?.leechers === 1);
    expect(events).toEqual(['1:started', '2:started']);
  });

  it('ignores malformed frames, foreign hashes and its own echoed offers, and keeps working', async () => {
    const wss = new WebSocketServer({ port: 0, host: '127.0.0.1' });
    cleanups.push(() => new Promise((r) => wss.close(r)));
    await new Promise((r) => wss.once('listening', r));
    const url = `ws://127.0.0.1:${(wss.address() as AddressInfo).port}/announce`;
    const ih = randomBytes(20);
    const a = client('A');
    const sdp = { type: 'offer', sdp: 'v=0 hostile' };
    wss.on('connection', (ws) => {
      ws.once('message', () => {
        const frames: (string | Buffer)[] = [
          'not json',
          Buffer.from([1, 2, 3]),
          JSON.stringify({ action: 'announce', info_hash: 'short' }),
          JSON.stringify({ action: 'announce', info_hash: toBinaryString(randomBytes(20)), offer: sdp, offer_id: toBinaryString(randomBytes(20)), peer_id: toBinaryString(randomBytes(20)) }),
          JSON.stringify({ action: 'announce', info_hash: toBinaryString(ih), offer: sdp, offer_id: toBinaryString(randomBytes(20)), peer_id: toBinaryString(a.peerId) }),
          JSON.stringify({ action: 'announce', info_hash: toBinaryString(ih), interval: 'soon', complete: 4, incomplete: 2 }),
        ];
        for (const f of frames) ws.send(f);
      });
    });
    a.c.add(torrent(ih), [url]);
    const s = await waitFor('the valid reply', () => statusOf(a.c, toHex(ih), url)?.seeders === 4 && statusOf(a.c, toHex(ih), url));
    expect(s).toMatchObject({ state: 'online', leechers: 2, peersReceived: 0 });
    expect(a.signaling.answered).toHaveLength(0);
    expect(a.warnings.filter((w) => w.includes('ignored a message'))).toHaveLength(3);
  });

  it('marks URLs it can never use without trying them', () => {
    const a = client('A');
    const ih = randomBytes(20);
    a.c.add(torrent(ih), ['http://127.0.0.1:1/announce', 'not a url', ' ']);
    expect(a.c.status(toHex(ih))).toEqual([
      { url: 'http://127.0.0.1:1/announce', state: 'error', lastError: 'unsupported protocol http:', problem: { kind: 'invalid-url' }, peersReceived: 0 },
      { url: 'not a url', state: 'error', lastError: 'not a valid URL', problem: { kind: 'invalid-url' }, peersReceived: 0 },
    ]);
  });
});

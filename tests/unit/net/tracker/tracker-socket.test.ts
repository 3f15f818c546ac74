// TrackerSocket against the real bittorrent-tracker server: a socket opened ahead of any torrent, ready-made offers
// in the first announce and a top-up after the tracker counted the swarm, no offers once every member is connected.

import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { startTracker } from '../../server/server-api.ts';
import { randomBytes, toHex } from '../../../../src/engine/bytes.ts';
import type { OfferToSend, Signaling } from '../../../../src/net/signaling.ts';
import type { SessionDescription } from '../../../../src/net/tracker/ws-protocol.ts';
import { WsTrackerClient } from '../../../../src/net/tracker/ws-tracker-client.ts';
import type { TrackedTorrent, TrackerStatus } from '../../../../src/net/tracker/ws-tracker-client.ts';
import { waitFor } from './wait-for.ts';

/** Stands in for the WebRTC connector, with `ready` offers made ahead of time. */
class Stub implements Signaling {
  readonly fresh: string[] = [];
  readonly taken: string[] = [];
  readonly answered: string[] = [];
  constructor(private ready: number) {}
  readyOffers(_infoHashHex: string, count: number): readonly OfferToSend[] {
    const n = Math.min(count, this.ready);
    this.ready -= n;
    return Array.from({ length: n }, () => this.offer(this.taken));
  }
  async createOffers(_infoHashHex: string, count: number): Promise<readonly OfferToSend[]> {
    return Array.from({ length: count }, () => this.offer(this.fresh));
  }
  discardOffers(): void {}
  async answerOffer(_infoHashHex: string, from: string): Promise<SessionDescription | null> {
    this.answered.push(from);
    return null; // nobody connects here: only the offers matter
  }
  acceptAnswer(): void {}
  private offer(into: string[]): OfferToSend {
    const offerIdHex = toHex(randomBytes(20));
    into.push(offerIdHex);
    return { offerIdHex, offer: { type: 'offer', sdp: `v=0 ${offerIdHex}` } };
  }
}

/** The `ws` client, recording every announce it sends (how many offers each carried) and every socket opened. */
function recordingSocket() {
  const announces: { event?: string; offers: number }[] = [];
  const opened: string[] = [];
  class Recording extends WebSocket {
    constructor(url: string) {
      super(url);
      this.on('open', () => opened.push(url));
    }
    override send(data: string): void {
      const m = JSON.parse(data) as { action: string; event?: string; offers?: unknown[] };
      if (m.action === 'announce') announces.push({ ...(m.event !== undefined && { event: m.event }), offers: m.offers?.length ?? 0 });
      super.send(data);
    }
  }
  return { Recording, announces, opened };
}

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

function client(ready = 0) {
  const signaling = new Stub(ready);
  const rec = recordingSocket();
  const c = new WsTrackerClient({ peerId: randomBytes(20), signaling, WebSocketImpl: rec.Recording as never, maxOffersPerAnnounce: 5 });
  cleanups.push(() => c.destroy());
  return { c, signaling, ...rec };
}

function torrent(infoHash: Uint8Array, connected = () => 0): TrackedTorrent {
  return { infoHash, stats: () => ({ uploaded: 0, downloaded: 0, left: null }), peersWanted: () => 40, peersConnected: connected };
}


async function tracker() {
  const t = await startTracker();
  cleanups.push(() => t.close());
  return t;
}

const statusOf = (c: WsTrackerClient, hex: string): TrackerStatus | undefined => c.status(hex)[0];

/** `n` clients announced alone in the swarm of `ih`, each wanting no peers (so they make no offers). */
async function swarmOf(url: string, ih: Uint8Array, n: number): Promise<void> {
  for (let i = 0; i < n; i++) {
    const other = client();
    other.c.add({ infoHash: ih, stats: () => ({ uploaded: 0, downloaded: 0, left: 0 }), peersWanted: () => 0 }, [url]);
    await waitFor('a member registered', () => statusOf(other.c, toHex(ih))?.seeders === i + 1);
  }
}

describe('TrackerSocket: announcing sooner', () => {
  it('preconnects with no torrent, and a torrent added later announces at once with the ready-made offers', async () => {
    const t = await tracker();
    const ih = randomBytes(20);
    const b = client(2);
    b.c.preconnect([t.trackerUrl]);
    await waitFor('the socket open', () => b.opened.length === 1);
    b.c.add(torrent(ih), [t.trackerUrl]);
    expect(statusOf(b.c, toHex(ih))?.state).toBe('online');
    await waitFor('the first announce', () => b.announces[0]);
    expect(b.announces[0]).toEqual({ event: 'started', offers: 2 });
    expect(b.signaling.taken).toHaveLength(2);
    // Alone in the swarm: the tracker's reply says nobody else could take more offers, so none follow.
    await waitFor('the reply', () => statusOf(b.c, toHex(ih))?.leechers === 1);
    expect(b.signaling.fresh).toEqual([]);
    expect(b.announces).toHaveLength(1);
    expect(b.opened).toHaveLength(1);
  });

  it('leaves the ready-made offers to downloads: a seeder makes fresh ones', async () => {
    const t = await tracker();
    const ih = randomBytes(20);
    const b = client(2);
    b.c.add({ infoHash: ih, stats: () => ({ uploaded: 0, downloaded: 0, left: 0 }), peersWanted: () => 3 }, [t.trackerUrl]);
    await waitFor('the first announce', () => b.announces[0]);
    expect(b.announces[0]).toEqual({ event: 'started', offers: 3 });
    expect(b.signaling.taken).toEqual([]);
    expect(b.signaling.fresh).toHaveLength(3);
  });

  it('keeps a preconnected socket open when its last torrent leaves', async () => {
    const t = await tracker();
    const ih = randomBytes(20);
    const b = client();
    b.c.preconnect([t.trackerUrl]);
    b.c.add(torrent(ih), [t.trackerUrl]);
    await waitFor('registered', () => statusOf(b.c, toHex(ih))?.leechers === 1);
    b.c.remove(toHex(ih));
    b.c.add(torrent(randomBytes(20)), [t.trackerUrl]);
    await waitFor('a second torrent announced', () => b.announces.filter((a) => a.event === 'started').length === 2);
    expect(b.opened).toHaveLength(1);
  });

  it('follows a few ready-made offers with fresh ones for every other member when some could not be reached, once the tracker counted them', async () => {
    const t = await tracker();
    const ih = randomBytes(20);
    await swarmOf(t.trackerUrl, ih, 3);
    const b = client(2);
    b.c.add(torrent(ih), [t.trackerUrl]);
    await waitFor('the top-up announce', () => b.announces[1]);
    expect(b.announces[0]).toEqual({ event: 'started', offers: 2 });
    // Four in the swarm with us: three others, two reached by the ready-made offers; the tracker hands offers to
    // random members, so the fresh ones go to all three (the third is reached for sure).
    expect(b.announces[1]).toEqual({ offers: 3 }); // an 'update' names no event
    expect(b.signaling.fresh).toHaveLength(3);
  });

  it('puts no offers in an announce once every other member of the swarm is connected', async () => {
    const t = await tracker();
    const ih = randomBytes(20);
    const hex = toHex(ih);
    await swarmOf(t.trackerUrl, ih, 1);
    let connected = 0;
    const b = client();
    b.c.add(torrent(ih, () => connected), [t.trackerUrl]);
    await waitFor('registered', () => statusOf(b.c, hex)?.seeders === 1 && statusOf(b.c, hex)?.leechers === 1);
    expect(b.announces[0]).toEqual({ event: 'started', offers: 5 }); // the swarm was not counted yet
    connected = 1;
    b.c.reannounce(hex);
    await waitFor('the second announce', () => b.announces[1]);
    expect(b.announces[1]).toEqual({ offers: 0 });
    connected = 0; // that peer left: offers again, one for the one other member
    b.c.reannounce(hex);
    await waitFor('the third announce', () => b.announces[2]);
    expect(b.announces[2]).toEqual({ offers: 1 });
  });
});

describe('TrackerSocket: telling the UI', () => {
  it('reports each answer about a torrent, so a view of idle seeds (which get no snapshots) shows the new counts', async () => {
    const t = await tracker();
    const ih = randomBytes(20);
    const hex = toHex(ih);
    const reported: string[] = [];
    const c = new WsTrackerClient({ peerId: randomBytes(20), signaling: new Stub(0), WebSocketImpl: WebSocket as never, onReport: (h) => reported.push(h) });
    cleanups.push(() => c.destroy());
    c.add({ infoHash: ih, stats: () => ({ uploaded: 0, downloaded: 0, left: 0 }), peersWanted: () => 0 }, [t.trackerUrl]);
    await waitFor('the reply', () => reported.length > 0);
    expect(reported).toEqual([hex]);
    expect(statusOf(c, hex)?.seeders).toBe(1); // what the report announced is there to read
    c.reannounce(hex);
    await waitFor('the second reply', () => reported.length > 1);
    expect(reported).toEqual([hex, hex]);
  });
});

import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { DROPPED_LINGER_MS, WebRtcConnector } from '../../../../src/net/webrtc/connector.ts';
import type { ChannelEvent, ConnectorOptions } from '../../../../src/net/webrtc/connector.ts';

// Node has no RTCPeerConnection: this fake does just what the connector touches, plus knobs for the tests.
class FakeChannel {
  readyState = 'connecting';
  constructor(readonly label: string) {}
  close(): void {
    this.readyState = 'closed';
  }
}

let gatherMs: number | null = 0; // null: ICE gathering never completes
let nextPcId = 1;

class FakePC {
  static all: FakePC[] = [];
  /** Makes the constructor throw, as Chromium does past its per-page connection cap. */
  static refuse = false;
  /** Offers carry a (loopback) candidate line, as gathered ones do. */
  static candidates = false;
  readonly id = nextPcId++;
  connectionState = 'new';
  iceGatheringState = 'new';
  localDescription: { type: string; sdp: string } | null = null;
  remoteDescription: { type: string; sdp: string } | null = null;
  onconnectionstatechange: (() => void) | null = null;
  ondatachannel: ((ev: { channel: FakeChannel }) => void) | null = null;
  closed = false;
  readonly channels: FakeChannel[] = [];
  private readonly listeners = new Set<() => void>();

  constructor(readonly config: unknown) {
    if (FakePC.refuse) throw new DOMException('Cannot create so many PeerConnections', 'UnknownError');
    FakePC.all.push(this);
  }
  createDataChannel(label: string): FakeChannel {
    const ch = new FakeChannel(label);
    this.channels.push(ch);
    return ch;
  }
  async createOffer() {
    return { type: 'offer', sdp: `offer-sdp-${this.id}${FakePC.candidates ? '\r\na=candidate:1 1 udp 2122260223 127.0.0.1 50000 typ host' : ''}` };
  }
  async createAnswer() {
    if (!this.remoteDescription) throw new Error('no remote description');
    return { type: 'answer', sdp: `answer-sdp-${this.id}` };
  }
  async setLocalDescription(d: { type: string; sdp: string }) {
    this.localDescription = d;
    this.iceGatheringState = 'gathering';
    if (gatherMs !== null) {
      setTimeout(() => {
        this.iceGatheringState = 'complete';
        for (const l of this.listeners) l();
      }, gatherMs);
    }
  }
  async setRemoteDescription(d: { type: string; sdp: string }) {
    if (d.sdp === 'garbage') throw new Error('Failed to parse SessionDescription');
    this.remoteDescription = d;
  }
  addEventListener(_type: string, l: () => void) {
    this.listeners.add(l);
  }
  removeEventListener(_type: string, l: () => void) {
    this.listeners.delete(l);
  }
  close() {
    this.closed = true;
    this.connectionState = 'closed'; // a local close() fires no statechange event, as in browsers
    for (const ch of this.channels) ch.close();
  }
  // test knobs
  setState(state: string) {
    this.connectionState = state;
    this.onconnectionstatechange?.();
  }
  remoteOpensChannel(label = 'remote'): FakeChannel {
    const ch = new FakeChannel(label);
    this.channels.push(ch);
    this.ondatachannel?.({ channel: ch });
    return ch;
  }
}

const SELF = 'a'.repeat(40);
const LOW = '0'.repeat(40); // sorts below SELF
const HIGH = 'f'.repeat(40); // sorts above SELF
const T1 = '1'.repeat(40);
const T2 = '2'.repeat(40);
const OFFER = { type: 'offer' as const, sdp: 'remote-offer' };
const ANSWER = { type: 'answer' as const, sdp: 'remote-answer' };

let channels: ChannelEvent[];
let gone: [string, number, string][];
let warnings: string[];

function connector(extra: Partial<ConnectorOptions> = {}): WebRtcConnector {
  return new WebRtcConnector({
    peerIdHex: SELF,
    rtcConfig: { iceServers: [] },
    onChannel: (ev) => channels.push(ev),
    onPeerGone: (...a) => gone.push(a),
    onWarning: (m) => warnings.push(m),
    RTCPeerConnectionImpl: FakePC as unknown as typeof RTCPeerConnection,
    iceGatheringTimeoutMs: 100,
    ...extra,
  });
}

beforeEach(() => {
  FakePC.all = [];
  FakePC.refuse = false;
  FakePC.candidates = false;
  gatherMs = 0;
  channels = [];
  gone = [];
  warnings = [];
});
afterEach(() => {
  vi.useRealTimers();
});

describe('WebRtcConnector: offers', () => {
  it('hands each offered channel over before the first await, then resolves the gathered offers', async () => {
    const c = connector();
    const pending = c.createOffers(T1, 3);
    // Synchronously: three connections, three channels already delivered (transfer happens in this task).
    expect(FakePC.all).toHaveLength(3);
    expect(channels.map((e) => [e.infoHashHex, e.remotePeerIdHex, e.initiator])).toEqual([
      [T1, null, true],
      [T1, null, true],
      [T1, null, true],
    ]);
    expect(FakePC.all[0]?.config).toEqual({ iceServers: [] });
    const offers = await pending;
    expect(offers).toHaveLength(3);
    for (const [i, o] of offers.entries()) {
      expect(o.offerIdHex).toMatch(/^[0-9a-f]{40}$/);
      expect(o.offer).toEqual({ type: 'offer', sdp: `offer-sdp-${FakePC.all[i]?.id}` });
    }
    expect(new Set(offers.map((o) => o.offerIdHex)).size).toBe(3);
  });

  it('sends whatever was gathered once the ICE timeout passes', async () => {
    vi.useFakeTimers();
    gatherMs = null;
    const c = connector({ iceGatheringTimeoutMs: 2000 });
    let done = false;
    const pending = c.createOffers(T1, 1).then((o) => ((done = true), o));
    await vi.advanceTimersByTimeAsync(1999);
    expect(done).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect(await pending).toHaveLength(1);
  });

  it('closes offers nobody answered after the offer TTL, and discarded ones at once', async () => {
    vi.useFakeTimers();
    const c = connector({ offerTtlMs: 50_000 });
    const pending = c.createOffers(T1, 2);
    await vi.advanceTimersByTimeAsync(0);
    const offers = await pending;
    c.discardOffers(T1, [offers[0]!.offerIdHex]);
    expect(FakePC.all.map((p) => p.closed)).toEqual([true, false]);
    await vi.advanceTimersByTimeAsync(49_999);
    expect(FakePC.all[1]?.closed).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect(FakePC.all[1]?.closed).toBe(true);
    expect(gone).toEqual([]); // never answered: not a lost peer
    c.acceptAnswer(T1, HIGH, offers[1]!.offerIdHex, ANSWER);
    expect(warnings.at(-1)).toMatch(/unknown or expired offer/);
  });

  it('respects the pending-offer caps and the peer room', async () => {
    const c = connector({ limits: { maxPendingOffersPerTorrent: 4, maxPendingOffers: 6, maxPeersPerTorrent: 10 } });
    expect(await c.createOffers(T1, 10)).toHaveLength(4);
    expect(await c.createOffers(T1, 10)).toHaveLength(0);
    expect(await c.createOffers(T2, 10)).toHaveLength(2);
    expect(FakePC.all).toHaveLength(6);
  });
});

describe('WebRtcConnector: answers and connections', () => {
  it('applies an answer to the matching offer and counts the peer once connected', async () => {
    const c = connector();
    const [offer] = await c.createOffers(T1, 1);
    const pc = FakePC.all[0]!;
    c.acceptAnswer(T1, HIGH, offer!.offerIdHex, ANSWER);
    await Promise.resolve();
    expect(pc.remoteDescription).toEqual(ANSWER);
    expect(c.peerCount(T1)).toBe(1);
    pc.setState('connected');
    c.acceptAnswer(T1, HIGH, offer!.offerIdHex, ANSWER); // a replayed answer is ignored
    expect(warnings).toHaveLength(1);
    expect(pc.closed).toBe(false);
  });

  it('answers a remote offer and delivers the remote`s channel once, with its peer id', async () => {
    const c = connector();
    const answer = await c.answerOffer(T1, HIGH, OFFER);
    const pc = FakePC.all[0]!;
    expect(pc.remoteDescription).toEqual(OFFER);
    expect(answer).toEqual({ type: 'answer', sdp: `answer-sdp-${pc.id}` });
    expect(channels).toHaveLength(0); // nothing until the remote opens its channel
    const first = pc.remoteOpensChannel('a');
    const second = pc.remoteOpensChannel('b');
    expect(channels).toHaveLength(1);
    expect(channels[0]).toMatchObject({ infoHashHex: T1, remotePeerIdHex: HIGH, initiator: false });
    expect(channels[0]?.channel).toBe(first);
    expect(second.readyState).toBe('closed'); // one channel per peer
  });

  it('never connects to itself', async () => {
    const c = connector();
    expect(await c.answerOffer(T1, SELF, OFFER)).toBeNull();
    expect(FakePC.all).toHaveLength(0);
    const [offer] = await c.createOffers(T1, 1);
    c.acceptAnswer(T1, SELF, offer!.offerIdHex, ANSWER);
    expect(FakePC.all[0]?.closed).toBe(true);
  });

  it('refuses a second connection to a connected peer of the same torrent, but not of another torrent', async () => {
    const c = connector();
    await c.answerOffer(T1, HIGH, OFFER);
    FakePC.all[0]!.setState('connected');
    expect(await c.answerOffer(T1, HIGH, OFFER)).toBeNull();
    const [offer] = await c.createOffers(T1, 1);
    c.acceptAnswer(T1, HIGH, offer!.offerIdHex, ANSWER);
    expect(FakePC.all.at(-1)?.closed).toBe(true);
    expect(await c.answerOffer(T2, HIGH, OFFER)).not.toBeNull();
    expect(c.peerCount(T1)).toBe(1);
    expect(c.peerCount(T2)).toBe(1);
  });

  it('keeps the connection offered by the lower peer id when both ends offered at once', async () => {
    // We (SELF) are above LOW: the connection LOW offered must win on both ends.
    const c = connector();
    const [ours] = await c.createOffers(T1, 1);
    const ourPc = FakePC.all[0]!;
    await c.answerOffer(T1, LOW, OFFER);
    const theirPc = FakePC.all[1]!;
    c.acceptAnswer(T1, LOW, ours!.offerIdHex, ANSWER);
    expect(ourPc.closed).toBe(true);
    expect(theirPc.closed).toBe(false);

    // Against HIGH we are the lower id: our offer wins, theirs is closed.
    const [ours2] = await c.createOffers(T1, 1);
    const ourPc2 = FakePC.all[2]!;
    await c.answerOffer(T1, HIGH, OFFER);
    const theirPc2 = FakePC.all[3]!;
    c.acceptAnswer(T1, HIGH, ours2!.offerIdHex, ANSWER);
    expect(ourPc2.closed).toBe(false);
    expect(theirPc2.closed).toBe(true);
    expect(gone.map(([, , r]) => r)).toEqual(['lost the simultaneous-offer tie-break']);
  });

  it('applies the per-torrent and global peer limits', async () => {
    const c = connector({ limits: { maxPeersPerTorrent: 2, maxPeers: 3 } });
    expect(await c.answerOffer(T1, '1'.padEnd(40, '0'), OFFER)).not.toBeNull();
    expect(await c.answerOffer(T1, '2'.padEnd(40, '0'), OFFER)).not.toBeNull();
    expect(c.room(T1)).toBe(0);
    expect(await c.answerOffer(T1, '3'.padEnd(40, '0'), OFFER)).toBeNull();
    expect(await c.createOffers(T1, 5)).toHaveLength(0);
    expect(await c.answerOffer(T2, '4'.padEnd(40, '0'), OFFER)).not.toBeNull();
    expect(c.room(T2)).toBe(0); // global limit reached
    expect(await c.answerOffer(T2, '5'.padEnd(40, '0'), OFFER)).toBeNull();
  });

  it('closes connections that fail, that the engine dropped, or that never connect', async () => {
    vi.useFakeTimers();
    const c = connector({ connectTimeoutMs: 30_000 });
    const answering = c.answerOffer(T1, HIGH, OFFER);
    await vi.advanceTimersByTimeAsync(0);
    await answering;
    const failing = FakePC.all[0]!;
    failing.setState('failed');
    expect(failing.closed).toBe(true);

    const answering2 = c.answerOffer(T1, LOW, OFFER);
    await vi.advanceTimersByTimeAsync(0);
    await answering2;
    const dropped = FakePC.all[1]!;
    dropped.setState('connected');
    dropped.remoteOpensChannel();
    c.channelClosed(channels[0]!.channelId);
    // It lingers so the other side can flush what it queued and see its channel close; then it is closed.
    expect(dropped.closed).toBe(false);
    expect(c.peerCount(T1)).toBe(0);
    await vi.advanceTimersByTimeAsync(DROPPED_LINGER_MS);
    expect(dropped.closed).toBe(true);

    const answering3 = c.answerOffer(T2, HIGH, OFFER);
    await vi.advanceTimersByTimeAsync(0);
    await answering3;
    const stuck = FakePC.all[2]!;
    await vi.advanceTimersByTimeAsync(30_000);
    expect(stuck.closed).toBe(true);
    expect(gone.map(([t, , r]) => [t, r])).toEqual([
      [T1, 'connection failed'],
      [T1, 'closed by the engine'],
      [T2, 'not connected within 30000 ms'],
    ]);
    expect(c.peerCount(T1) + c.peerCount(T2)).toBe(0);
  });

  it('returns null and closes the connection for an offer the browser cannot parse', async () => {
    const c = connector();
    expect(await c.answerOffer(T1, HIGH, { type: 'offer', sdp: 'garbage' })).toBeNull();
    expect(FakePC.all[0]?.closed).toBe(true);
    expect(c.peerCount(T1)).toBe(0);
  });

  it('closes everything of a removed torrent, and everything on destroy', async () => {
    const c = connector();
    await c.createOffers(T1, 2);
    await c.answerOffer(T2, HIGH, OFFER);
    c.removeTorrent(T1);
    expect(FakePC.all.map((p) => p.closed)).toEqual([true, true, false]);
    c.destroy();
    expect(FakePC.all.every((p) => p.closed)).toBe(true);
    expect(await c.createOffers(T2, 1)).toHaveLength(0);
    expect(await c.answerOffer(T2, LOW, OFFER)).toBeNull();
  });

  it('makes no offers and no answers, without throwing, when the browser refuses new connections', async () => {
    const c = connector();
    FakePC.refuse = true;
    expect(await c.createOffers(T1, 3)).toEqual([]);
    expect(await c.answerOffer(T1, HIGH, OFFER)).toBeNull();
    expect(warnings).toEqual([
      'cannot create an RTCPeerConnection: UnknownError: Cannot create so many PeerConnections',
      'cannot create an RTCPeerConnection: UnknownError: Cannot create so many PeerConnections',
    ]);
    expect(c.peerCount(T1)).toBe(0);
    // The status bar says so until the browser grants one again.
    expect(c.budget().state).toBe('refused');
    FakePC.refuse = false;
  FakePC.candidates = false;
    expect(await c.answerOffer(T1, HIGH, OFFER)).not.toBeNull();
    expect(c.budget()).toEqual({ state: 'ok', connections: 1, limit: 200 });
  });

  it('closes the connection when the app cannot take the channel', async () => {
    const c = connector({
      onChannel: () => {
        throw new DOMException('not transferable', 'DataCloneError');
      },
    });
    expect(await c.createOffers(T1, 2)).toHaveLength(0);
    expect(FakePC.all.every((p) => p.closed)).toBe(true);
  });
});

describe('WebRtcConnector: offers made ahead of time', () => {
  function pooled(size = 2, extra: Partial<ConnectorOptions> = {}) {
    const parked: number[] = [];
    const bound: [number, string][] = [];
    const c = connector({ offerPool: size, onParked: (ev) => parked.push(ev.channelId), onBound: (id, ih) => bound.push([id, ih]), ...extra });
    return { c, parked, bound };
  }
  const settled = () => new Promise((r) => setTimeout(r, 5));

  it('parks the channels of its pooled offers with no torrent, then gives them to the first torrent that asks', async () => {
    FakePC.candidates = true;
    const p = pooled(2);
    expect(FakePC.all).toHaveLength(2); // made at once
    expect(p.parked).toHaveLength(2);
    expect(channels).toEqual([]); // not handed over as any torrent's
    await settled();
    const offers = p.c.readyOffers(T1, 5);
    expect(offers).toHaveLength(2);
    expect(offers[0]?.offer.sdp).toContain('a=candidate');
    expect(p.bound).toEqual(p.parked.map((id) => [id, T1]));
    expect(p.c.readyOffers(T2, 5)).toEqual([]); // used up: the pool refills later
    // Given to T1, an answer to one of them connects T1's peer.
    p.c.acceptAnswer(T1, HIGH, offers[0]!.offerIdHex, ANSWER);
    expect(p.c.peerCount(T1)).toBe(1);
    p.c.destroy();
  });

  it('closes a pooled offer that gathered no candidate rather than hand it out', async () => {
    const p = pooled(1);
    await settled();
    expect(FakePC.all[0]?.closed).toBe(true);
    expect(p.c.readyOffers(T1, 5)).toEqual([]);
    p.c.destroy();
  });

  it('gives none to a torrent with no room left', async () => {
    FakePC.candidates = true;
    const p = pooled(2, { limits: { maxPeersPerTorrent: 0 } });
    await settled();
    expect(p.c.readyOffers(T1, 5)).toEqual([]);
    expect(p.bound).toEqual([]);
    p.c.destroy();
  });

  it('closes its pooled offers when destroyed', async () => {
    FakePC.candidates = true;
    const p = pooled(2);
    await settled();
    p.c.destroy();
    expect(FakePC.all.every((pc) => pc.closed)).toBe(true);
  });
});

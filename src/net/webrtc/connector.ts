// Makes and answers WebRTC offers for the tracker client (non-trickle, as WebTorrent does) and hands every new
// RTCDataChannel to the app in the task that created it, the only moment it can be transferred to a worker.
// Main thread: RTCPeerConnection exists nowhere else.

import { realmTimers, type TimerHandle, type Timers } from '../timers.ts';
import { randomBytes, toHex } from '../../engine/bytes.ts';
import { errorText } from '../error-text.ts';
import type { OfferToSend, Signaling } from '../signaling.ts';
import type { SessionDescription } from '../tracker/ws-protocol.ts';
import { budgetStatus, roomFor, type BudgetStatus } from './connection-budget.ts';
import { DEFAULT_POOL, OfferPool, type PooledOffer } from './offer-pool.ts';

import { CHANNEL_LABEL, DEFAULT_LIMITS, DROPPED_LINGER_MS, type ConnectorLimits, type ConnectorOptions } from './connector-types.ts';

export { CHANNEL_LABEL, DEFAULT_LIMITS, DROPPED_LINGER_MS } from './connector-types.ts';
export type { ChannelEvent, ConnectorLimits, ConnectorOptions } from './connector-types.ts';

/** The torrent of a pooled offer not given to any torrent yet. */
const POOLED = '';

type Phase = 'offered' | 'negotiating' | 'connected';

interface Conn {
  readonly id: number;
  /** POOLED until a pooled offer is given to a torrent. */
  infoHashHex: string;
  readonly pc: RTCPeerConnection;
  readonly initiator: boolean;
  readonly offerIdHex: string | null;
  remotePeerIdHex: string | null;
  phase: Phase;
  timer: TimerHandle | undefined;
  channelDelivered: boolean;
}

export class WebRtcConnector implements Signaling {
  private readonly timers: Timers;
  /** Connections the engine dropped, closed when their linger ends (or at destroy). */
  private readonly lingering = new Set<RTCPeerConnection>();
  private readonly limits: ConnectorLimits;
  private readonly PC: typeof RTCPeerConnection;
  private readonly conns = new Map<number, Conn>();
  private readonly byOffer = new Map<string, Conn>();
  /** `${infoHashHex}:${remotePeerIdHex}` -> the one connection past the offer stage with that peer. */
  private readonly byPeer = new Map<string, Conn>();
  private nextId = 1;
  private destroyed = false;
  /** The browser declined the last RTCPeerConnection we asked for (cleared by the next one it grants). */
  private refused = false;
  private readonly pool: OfferPool | null = null;

  constructor(private readonly opts: ConnectorOptions) {
    this.limits = { ...DEFAULT_LIMITS, ...opts.limits };
    this.timers = opts.timers ?? realmTimers;
    const PC = opts.RTCPeerConnectionImpl ?? globalThis.RTCPeerConnection;
    if (!PC) throw new Error('RTCPeerConnection is not available in this realm');
    this.PC = PC;
    if ((opts.offerPool ?? 0) > 0 && opts.onParked && opts.onBound) {
      this.pool = new OfferPool({
        ...DEFAULT_POOL,
        size: opts.offerPool!,
        timers: this.timers,
        now: Date.now,
        make: () => this.makePooled(),
        discard: (id) => {
          const conn = this.conns.get(id);
          if (conn) this.close(conn, 'pooled offer discarded');
        },
      });
      this.pool.fill();
    }
  }

  /** Pooled offers given to this torrent now (see Signaling.readyOffers); none when the pool is empty. */
  readyOffers(infoHashHex: string, count: number): readonly OfferToSend[] {
    if (!this.pool || this.destroyed) return [];
    const pendingHere = this.count((c) => c.phase === 'offered' && c.infoHashHex === infoHashHex);
    const n = Math.min(Math.floor(count), this.limits.maxPendingOffersPerTorrent - pendingHere, this.room(infoHashHex));
    if (n <= 0) return [];
    const out: OfferToSend[] = [];
    for (const p of this.pool.take(n, (id) => this.conns.has(id))) {
      const conn = this.conns.get(p.id)!;
      conn.infoHashHex = infoHashHex;
      this.expire(conn);
      this.opts.onBound!(conn.id, infoHashHex);
      out.push(p.offer);
    }
    return out;
  }

  async createOffers(infoHashHex: string, count: number): Promise<readonly OfferToSend[]> {
    const pendingHere = this.count((c) => c.phase === 'offered' && c.infoHashHex === infoHashHex);
    const pendingAll = this.count((c) => c.phase === 'offered');
    const n = Math.min(
      Math.floor(count),
      this.limits.maxPendingOffersPerTorrent - pendingHere,
      this.limits.maxPendingOffers - pendingAll,
      this.room(infoHashHex),
    );
    const making: Promise<OfferToSend | null>[] = [];
    // Everything up to the first await runs in the caller's task: create and hand over each channel there.
    for (let i = 0; i < n && !this.destroyed; i++) {
      const conn = this.tryOpen(infoHashHex, true, null, toHex(randomBytes(20)));
      if (!conn) break;
      let channel: RTCDataChannel;
      try {
        channel = conn.pc.createDataChannel(CHANNEL_LABEL);
      } catch (e) {
        this.close(conn, `createDataChannel failed: ${errorText(e)}`);
        continue;
      }
      if (this.deliver(conn, channel)) making.push(this.makeOffer(conn));
    }
    const offers = await Promise.all(making);
    return offers.filter((o): o is OfferToSend => o !== null);
  }

  discardOffers(_infoHashHex: string, offerIdsHex: readonly string[]): void {
    for (const id of offerIdsHex) {
      const conn = this.byOffer.get(id);
      if (conn) this.close(conn, 'offer not sent');
    }
  }

  async answerOffer(infoHashHex: string, remotePeerIdHex: string, offer: SessionDescription): Promise<SessionDescription | null> {
    if (this.destroyed || remotePeerIdHex === this.opts.peerIdHex) return null;
    if (!this.admit(infoHashHex, remotePeerIdHex, false)) return null;
    const conn = this.tryOpen(infoHashHex, false, remotePeerIdHex, null);
    if (!conn) return null;
    this.activate(conn, remotePeerIdHex);
    conn.pc.ondatachannel = (ev) => {
      this.deliver(conn, ev.channel);
    };
    try {
      await conn.pc.setRemoteDescription(offer);
      await conn.pc.setLocalDescription(await conn.pc.createAnswer());
      await this.gathered(conn.pc);
    } catch (e) {
      this.close(conn, `answering failed: ${errorText(e)}`);
      return null;
    }
    const sdp = conn.pc.localDescription?.sdp;
    if (!this.conns.has(conn.id) || !sdp) return null;
    return { type: 'answer', sdp };
  }

  acceptAnswer(infoHashHex: string, remotePeerIdHex: string, offerIdHex: string, answer: SessionDescription): void {
    const conn = this.byOffer.get(offerIdHex);
    if (!conn || conn.infoHashHex !== infoHashHex) {
      this.warn(`answer for an unknown or expired offer from ${remotePeerIdHex.slice(0, 16)}`);
      return;
    }
    this.byOffer.delete(offerIdHex);
    if (remotePeerIdHex === this.opts.peerIdHex) {
      this.close(conn, 'our own offer came back');
      return;
    }
    if (!this.admit(infoHashHex, remotePeerIdHex, true)) {
      this.close(conn, 'duplicate peer or peer limit');
      return;
    }
    this.activate(conn, remotePeerIdHex);
    conn.pc.setRemoteDescription(answer).catch((e: unknown) => this.close(conn, `bad answer: ${errorText(e)}`));
  }

  /** The engine dropped this channel: close its RTCPeerConnection. */
  channelClosed(channelId: number): void {
    const conn = this.conns.get(channelId);
    if (conn) this.close(conn, 'closed by the engine', DROPPED_LINGER_MS);
  }

  /** Closes every connection and offer of a torrent. */
  removeTorrent(infoHashHex: string): void {
    for (const conn of [...this.conns.values()]) if (conn.infoHashHex === infoHashHex) this.close(conn, 'torrent removed');
  }

  /** Connections past the offer stage for a torrent. */
  peerCount(infoHashHex: string): number {
    return this.count((c) => c.phase !== 'offered' && c.infoHashHex === infoHashHex);
  }

  /** How many more connections the page's budget allows for a torrent (connection-budget.ts). */
  room(infoHashHex: string): number {
    const all = this.count((c) => c.phase !== 'offered');
    const pending = this.conns.size - all;
    const torrents = this.opts.torrentCount?.() ?? new Set([infoHashHex, ...[...this.conns.values()].map((c) => c.infoHashHex)]).size;
    return roomFor({ limits: this.limits, here: this.peerCount(infoHashHex), all, pending, torrents });
  }

  /** Whether the budget is used up or the browser refuses more connections: for the status bar. */
  budget(): BudgetStatus {
    const all = this.count((c) => c.phase !== 'offered');
    return budgetStatus(this.limits, all, this.conns.size - all, this.refused);
  }

  destroy(): void {
    this.destroyed = true;
    this.pool?.destroy();
    for (const conn of [...this.conns.values()]) this.close(conn, 'shutting down');
    for (const pc of this.lingering) pc.close();
    this.lingering.clear();
  }

  /** A new connection, or null when the browser refuses one (Chromium caps a page at 500). */
  private tryOpen(infoHashHex: string, initiator: boolean, remotePeerIdHex: string | null, offerIdHex: string | null): Conn | null {
    if (this.destroyed) return null;
    let pc: RTCPeerConnection;
    try {
      pc = new this.PC(this.opts.rtcConfig);
    } catch (e) {
      this.refused = true;
      this.warn(`cannot create an RTCPeerConnection: ${errorText(e)}`);
      return null;
    }
    this.refused = false;
    const conn: Conn = {
      id: this.nextId++,
      infoHashHex,
      pc,
      initiator,
      offerIdHex,
      remotePeerIdHex,
      phase: 'offered',
      timer: undefined,
      channelDelivered: false,
    };
    this.conns.set(conn.id, conn);
    if (offerIdHex) {
      this.byOffer.set(offerIdHex, conn);
      if (infoHashHex !== POOLED) this.expire(conn);
    }
    pc.onconnectionstatechange = () => {
      const state = pc.connectionState;
      if (state === 'connected' && conn.phase === 'negotiating') {
        conn.phase = 'connected';
        this.timers.clear(conn.timer);
      } else if (state === 'failed' || state === 'closed') {
        this.close(conn, `connection ${state}`);
      }
    };
    return conn;
  }

  /** An unanswered offer is closed after the offer TTL (a pooled one only from when a torrent takes it). */
  private expire(conn: Conn): void {
    const ttl = this.opts.offerTtlMs ?? 50_000;
    conn.timer = this.timers.set(() => this.close(conn, `no answer within ${ttl} ms`), ttl);
  }

  /** One offer for the pool: gathered, its channel parked with the app; null when it gathered no candidate. */
  private async makePooled(): Promise<PooledOffer | null> {
    const conn = this.tryOpen(POOLED, true, null, toHex(randomBytes(20)));
    if (!conn) return null;
    let channel: RTCDataChannel;
    try {
      channel = conn.pc.createDataChannel(CHANNEL_LABEL);
    } catch (e) {
      this.close(conn, `createDataChannel failed: ${errorText(e)}`);
      return null;
    }
    if (!this.deliver(conn, channel)) return null;
    const offer = await this.makeOffer(conn);
    if (!offer) return null;
    // Before the page may enumerate its interfaces (or with no network) an offer can gather nothing: useless.
    if (!/^a=candidate:/m.test(offer.offer.sdp)) {
      this.close(conn, 'pooled offer gathered no candidate');
      return null;
    }
    return { id: conn.id, offer, madeAt: Date.now() };
  }

  /** Past the offer stage: counted against the limits, indexed by remote peer, on a connect deadline. */
  private activate(conn: Conn, remotePeerIdHex: string): void {
    conn.remotePeerIdHex = remotePeerIdHex;
    conn.phase = 'negotiating';
    this.byPeer.set(peerKey(conn.infoHashHex, remotePeerIdHex), conn);
    this.timers.clear(conn.timer);
    const timeout = this.opts.connectTimeoutMs ?? 30_000;
    conn.timer = this.timers.set(() => this.close(conn, `not connected within ${timeout} ms`), timeout);
  }

  /**
   * Whether a new connection with `remote` may go ahead: one per (torrent, peer), within the limits. When both
   * ends offered at once, each holds two half-made connections; both keep the one offered by the lower peer id,
   * so they agree without talking. An established connection always wins.
   */
  private admit(infoHashHex: string, remote: string, offeredByUs: boolean): boolean {
    const other = this.byPeer.get(peerKey(infoHashHex, remote));
    if (other) {
      if (other.phase === 'connected') return false;
      const self = this.opts.peerIdHex;
      const newOfferer = offeredByUs ? self : remote;
      const oldOfferer = other.initiator ? self : remote;
      if (newOfferer >= oldOfferer) return false; // same offerer twice (two trackers): keep the first
      this.close(other, 'lost the simultaneous-offer tie-break');
    }
    return this.room(infoHashHex) > 0;
  }

  private async makeOffer(conn: Conn): Promise<OfferToSend | null> {
    try {
      await conn.pc.setLocalDescription(await conn.pc.createOffer());
      await this.gathered(conn.pc);
    } catch (e) {
      this.close(conn, `offer failed: ${errorText(e)}`);
      return null;
    }
    const sdp = conn.pc.localDescription?.sdp;
    if (!this.conns.has(conn.id) || !sdp || !conn.offerIdHex) return null;
    return { offerIdHex: conn.offerIdHex, offer: { type: 'offer', sdp } };
  }

  /** Resolves when ICE gathering completes or the timeout passes, whichever is first. */
  private gathered(pc: RTCPeerConnection): Promise<void> {
    if (pc.iceGatheringState === 'complete') return Promise.resolve();
    const timeoutMs = this.opts.iceGatheringTimeoutMs ?? 3_000;
    return new Promise((resolve) => {
      const done = (): void => {
        this.timers.clear(timer);
        pc.removeEventListener('icegatheringstatechange', check);
        resolve();
      };
      const check = (): void => {
        if (pc.iceGatheringState === 'complete') done();
      };
      const timer = this.timers.set(done, timeoutMs);
      pc.addEventListener('icegatheringstatechange', check);
    });
  }

  /** Hands a channel to the app, once per connection. A peer that opens a second channel gets it closed. */
  private deliver(conn: Conn, channel: RTCDataChannel): boolean {
    if (conn.channelDelivered || !this.conns.has(conn.id)) {
      channel.close();
      return false;
    }
    conn.channelDelivered = true;
    try {
      if (conn.infoHashHex === POOLED) this.opts.onParked!({ channelId: conn.id, channel });
      else {
        const { id: channelId, infoHashHex, remotePeerIdHex, initiator } = conn;
        this.opts.onChannel({ channelId, infoHashHex, remotePeerIdHex, channel, initiator });
      }
    } catch (e) {
      this.close(conn, `onChannel failed: ${errorText(e)}`);
      return false;
    }
    return true;
  }

  private close(conn: Conn, reason: string, lingerMs = 0): void {
    if (!this.conns.delete(conn.id)) return;
    this.timers.clear(conn.timer);
    if (conn.offerIdHex) this.byOffer.delete(conn.offerIdHex);
    if (conn.remotePeerIdHex) {
      const key = peerKey(conn.infoHashHex, conn.remotePeerIdHex);
      if (this.byPeer.get(key) === conn) this.byPeer.delete(key);
    }
    conn.pc.onconnectionstatechange = null;
    conn.pc.ondatachannel = null;
    const pc = conn.pc;
    // Also closes the channel, wherever it was transferred to.
    if (lingerMs > 0 && conn.phase !== 'offered' && !this.destroyed) {
      this.lingering.add(pc);
      this.timers.set(() => {
        this.lingering.delete(pc);
        pc.close();
      }, lingerMs);
    } else {
      pc.close();
    }
    if (conn.phase !== 'offered') this.opts.onPeerGone?.(conn.infoHashHex, conn.id, reason);
  }

  private count(pred: (c: Conn) => boolean): number {
    let n = 0;
    for (const c of this.conns.values()) if (pred(c)) n++;
    return n;
  }

  private warn(message: string): void {
    this.opts.onWarning?.(message);
  }
}

function peerKey(infoHashHex: string, remotePeerIdHex: string): string {
  return `${infoHashHex}:${remotePeerIdHex}`;
}

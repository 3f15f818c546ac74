// One WebSocket tracker connection shared by every torrent that lists its URL: connect with a timeout, reconnect
// with backoff, announce each torrent on its own schedule, relay offers and answers to the Signaling side.

import { fromHex, toHex } from '../../engine/bytes.ts';
import { errorText } from '../error-text.ts';
import type { OfferToSend, Signaling } from '../signaling.ts';
import type { TimerHandle, Timers } from '../timers.ts';
import { AnnounceSchedule, backoffDelay } from './announce-schedule.ts';
import type { BackoffOptions, ScheduleOptions } from './announce-schedule.ts';
import type { TrackedTorrent, TrackerProblem, TrackerState, TrackerStatus, WebSocketConstructor, WebSocketLike } from './tracker-types.ts';
import { encodeAnnounce, encodeAnswer, parseTrackerMessage } from './ws-protocol.ts';
import type { AnnounceEvent, OfferEntry, RelayedOffer, TrackerMessage } from './ws-protocol.ts';

/** What every socket of one client shares. */
export interface SocketContext {
  readonly peerId: Uint8Array;
  readonly peerIdHex: string;
  readonly signaling: Signaling;
  readonly WebSocketImpl: WebSocketConstructor;
  readonly connectTimeoutMs: number;
  readonly maxOffersPerAnnounce: number;
  readonly schedule: Partial<ScheduleOptions>;
  readonly backoff: BackoffOptions;
  /** Timers that keep time while the page is hidden (net/timers.ts). */
  readonly timers: Timers;
  now(): number;
  random(): number;
  warn(url: string, message: string): void;
}

interface Member {
  readonly torrent: TrackedTorrent;
  readonly infoHashHex: string;
  readonly schedule: AnnounceSchedule;
  /** An announce is waiting for its offers. */
  busy: boolean;
  /**
   * Offers made while the socket connects, for the first announce: non-trickle ICE gathering (about 150 ms in
   * Chromium) then overlaps the WebSocket handshake instead of following it, so a new torrent finds a peer sooner.
   */
  early: Promise<readonly OfferToSend[]> | null;
  seeders?: number;
  leechers?: number;
  lastError?: string;
  problem?: TrackerProblem;
  warning?: string;
  trackerId?: string;
  peersReceived: number;
}

/** Swallows the `error` events of a socket we gave up on: `ws` throws on an 'error' nobody listens to. */
const ignore = (): void => {};

export class TrackerSocket {
  private ws: WebSocketLike | null = null;
  private state: TrackerState = 'offline';
  private lastError: string | undefined;
  private problem: TrackerProblem | undefined;
  private attempt = 0;
  /** Bumped on every new connection: work started for an older one must not use this one. */
  private generation = 0;
  private reconnectAt: number | undefined;
  private connectTimer: TimerHandle | undefined;
  private reconnectTimer: TimerHandle | undefined;
  private wakeTimer: TimerHandle | undefined;
  private readonly members = new Map<string, Member>();
  /** Set when the URL can never work (bad syntax, not ws:/wss:): no connection is ever tried. */
  private readonly invalid: string | undefined;

  constructor(
    readonly url: string,
    private readonly ctx: SocketContext,
  ) {
    this.invalid = invalidTrackerUrl(url);
    if (this.invalid) {
      this.state = 'error';
      this.lastError = this.invalid;
      this.problem = { kind: 'invalid-url' };
    }
  }

  get size(): number {
    return this.members.size;
  }

  /**
   * `early`: when this join opens the socket, the torrent's first offers are made while it connects (Member.early).
   * The client asks it of one tracker per torrent, so a dead tracker holds at most one batch of offers meanwhile.
   */
  join(torrent: TrackedTorrent, early = false): void {
    const infoHashHex = toHex(torrent.infoHash);
    if (this.members.has(infoHashHex)) return;
    this.members.set(infoHashHex, {
      torrent,
      infoHashHex,
      schedule: new AnnounceSchedule({ ...this.ctx.schedule, backoff: this.ctx.backoff }),
      busy: false,
      early: null,
      peersReceived: 0,
    });
    if (this.state === 'online') this.pump();
    else if (this.state === 'offline') {
      this.connect();
      if (early && this.ws) this.prepareOffers(this.members.get(infoHashHex)!);
    }
  }

  /** Drops a torrent, telling the tracker `stopped` when it has us listed. Closes the socket when it was the last. */
  leave(infoHashHex: string): void {
    const m = this.members.get(infoHashHex);
    if (!m) return;
    this.members.delete(infoHashHex);
    this.discardEarly(m);
    if (this.state === 'online' && m.schedule.stopEvent()) this.sendAnnounce(m, 'stopped', []);
    if (this.members.size === 0) this.close();
  }

  completed(infoHashHex: string): void {
    this.members.get(infoHashHex)?.schedule.completed();
    this.pump();
  }

  /** Re-reads what torrents want (a peer left, limits changed) and re-plans the next announce. */
  poke(): void {
    this.pump();
  }

  /** Skips the rest of a reconnect backoff (the network just came back). */
  retryNow(): void {
    if (this.state === 'error' && this.reconnectAt !== undefined) this.connect();
  }

  /** Force reannounce: announce this torrent now, or reconnect now when the socket is down. */
  reannounce(infoHashHex: string): void {
    const m = this.members.get(infoHashHex);
    if (!m || this.invalid) return;
    m.schedule.forceNow();
    if (this.state === 'online') this.pump();
    else if (this.state === 'error') this.connect();
  }

  status(infoHashHex: string): TrackerStatus | undefined {
    const m = this.members.get(infoHashHex);
    if (!m) return undefined;
    const online = this.state === 'online';
    const next = online ? Math.max(this.ctx.now(), m.schedule.nextAt(m.torrent.peersWanted() > 0)) : this.reconnectAt;
    const lastError = m.lastError ?? this.lastError;
    const problem = m.problem ?? this.problem;
    return {
      url: this.url,
      state: online && m.lastError !== undefined ? 'error' : this.state,
      peersReceived: m.peersReceived,
      ...(m.seeders !== undefined && { seeders: m.seeders }),
      ...(m.leechers !== undefined && { leechers: m.leechers }),
      ...(lastError !== undefined && { lastError }),
      ...(problem !== undefined && { problem }),
      ...(m.warning !== undefined && { warning: m.warning }),
      ...(next !== undefined && { nextAnnounceAt: next }),
    };
  }

  /** Closes the connection without announcing anything; members (if any) are forgotten. */
  close(): void {
    for (const m of this.members.values()) this.discardEarly(m);
    this.members.clear();
    this.ctx.timers.clear(this.connectTimer);
    this.ctx.timers.clear(this.reconnectTimer);
    this.ctx.timers.clear(this.wakeTimer);
    this.reconnectAt = undefined;
    const ws = this.ws;
    this.ws = null;
    if (ws) this.detach(ws);
    if (!this.invalid) this.state = 'offline';
  }

  private connect(): void {
    if (this.invalid) return;
    this.ctx.timers.clear(this.reconnectTimer);
    this.reconnectAt = undefined;
    let ws: WebSocketLike;
    try {
      ws = new this.ctx.WebSocketImpl(this.url);
    } catch (e) {
      // SecurityError (ws:// from an https:// page) or SyntaxError: retrying cannot help.
      this.state = 'error';
      this.lastError = `cannot open: ${errorText(e)}`;
      this.problem = { kind: 'blocked' };
      this.ctx.warn(this.url, this.lastError);
      return;
    }
    this.ws = ws;
    this.generation++;
    this.state = 'connecting';
    const timeoutMs = this.ctx.connectTimeoutMs;
    this.connectTimer = this.ctx.timers.set(() => this.fail(ws, `no connection after ${timeoutMs} ms`, { kind: 'connect-timeout', ms: timeoutMs }), timeoutMs);
    let errorDetail = '';
    ws.onopen = () => {
      if (ws !== this.ws) return;
      this.ctx.timers.clear(this.connectTimer);
      this.state = 'online';
      this.attempt = 0;
      this.lastError = undefined;
      this.problem = undefined;
      for (const m of this.members.values()) m.schedule.reset();
      this.pump();
    };
    ws.onmessage = (ev) => {
      if (ws === this.ws) this.onMessage(ev.data);
    };
    ws.onerror = (ev) => {
      // Browsers give no detail here; `ws` gives a message. The close event that follows does the work.
      const message = typeof ev === 'object' && ev !== null ? (ev as { message?: unknown }).message : undefined;
      if (typeof message === 'string') errorDetail = message;
    };
    ws.onclose = (ev) => {
      const why = errorDetail || (ev.reason ? `closed: ${ev.reason}` : `closed with code ${ev.code}`);
      const detail = { code: ev.code, ...(ev.reason ? { reason: ev.reason } : {}) };
      const online = this.state === 'online';
      this.fail(ws, online ? `connection lost (${why})` : `cannot connect (${why})`, { kind: online ? 'lost' : 'unreachable', ...detail });
    };
  }

  private fail(ws: WebSocketLike, reason: string, problem: TrackerProblem): void {
    if (ws !== this.ws) return;
    this.problem = problem;
    this.ctx.timers.clear(this.connectTimer);
    this.ctx.timers.clear(this.wakeTimer);
    this.ws = null;
    this.detach(ws);
    this.state = 'error';
    this.lastError = reason;
    this.ctx.warn(this.url, reason);
    for (const m of this.members.values()) this.discardEarly(m);
    if (this.members.size === 0) return;
    const delay = backoffDelay(this.attempt++, () => this.ctx.random(), this.ctx.backoff);
    this.reconnectAt = this.ctx.now() + delay;
    this.reconnectTimer = this.ctx.timers.set(() => this.connect(), delay);
  }

  private detach(ws: WebSocketLike): void {
    ws.onopen = null;
    ws.onmessage = null;
    ws.onclose = null;
    ws.onerror = ignore;
    try {
      ws.close();
    } catch (e) {
      this.ctx.warn(this.url, `close failed: ${errorText(e)}`); // nothing else to do with a socket we dropped
    }
  }

  /** Sends whatever is due now and sets one timer for the earliest next announce. */
  private pump(): void {
    this.ctx.timers.clear(this.wakeTimer);
    if (this.state !== 'online') return;
    const now = this.ctx.now();
    let next = Number.POSITIVE_INFINITY;
    for (const m of this.members.values()) {
      if (m.busy) continue;
      const wants = m.torrent.peersWanted() > 0;
      const event = m.schedule.due(now, wants);
      if (event) void this.announce(m, event);
      else next = Math.min(next, m.schedule.nextAt(wants));
    }
    if (next !== Number.POSITIVE_INFINITY) this.wakeTimer = this.ctx.timers.set(() => this.pump(), Math.max(0, next - now));
  }

  private async announce(m: Member, event: AnnounceEvent): Promise<void> {
    m.busy = true;
    m.schedule.sent(event, this.ctx.now());
    const generation = this.generation;
    let made: readonly OfferToSend[] = [];
    if (event === 'started' || event === 'update') {
      const early = m.early;
      m.early = null;
      made = await (early ?? this.makeOffers(m));
    } else {
      this.discardEarly(m);
    }
    const offerIds = made.map((o) => o.offerIdHex);
    const offers: OfferEntry[] = made.flatMap((o) => {
      const offerId = fromHex(o.offerIdHex);
      return offerId?.length === 20 ? [{ offerId, offer: o.offer }] : [];
    });
    m.busy = false;
    if (this.members.get(m.infoHashHex) !== m || this.state !== 'online' || generation !== this.generation) {
      this.ctx.signaling.discardOffers(m.infoHashHex, offerIds);
      return;
    }
    this.sendAnnounce(m, event, offers);
    this.pump();
  }

  /** As many offers as the torrent wants now (at most maxOffersPerAnnounce); none when making them fails. */
  private makeOffers(m: Member): Promise<readonly OfferToSend[]> {
    const wanted = Math.min(this.ctx.maxOffersPerAnnounce, Math.max(0, Math.floor(m.torrent.peersWanted())));
    if (wanted <= 0) return Promise.resolve([]);
    return this.ctx.signaling.createOffers(m.infoHashHex, wanted).catch((e: unknown) => {
      this.ctx.warn(this.url, `could not make offers: ${errorText(e)}`); // announce without them
      return [];
    });
  }

  /** Starts making the first announce's offers while the socket connects (see Member.early). */
  private prepareOffers(m: Member): void {
    m.early ??= this.makeOffers(m);
  }

  /** Releases a member's early offers (it left, the socket failed, or its next announce takes no offers). */
  private discardEarly(m: Member): void {
    const early = m.early;
    m.early = null;
    void early?.then((made) => this.ctx.signaling.discardOffers(m.infoHashHex, made.map((o) => o.offerIdHex)));
  }

  private sendAnnounce(m: Member, event: AnnounceEvent, offers: readonly OfferEntry[]): void {
    const s = m.torrent.stats();
    this.send(
      encodeAnnounce({
        infoHash: m.torrent.infoHash,
        peerId: this.ctx.peerId,
        event,
        uploaded: s.uploaded,
        downloaded: s.downloaded,
        left: s.left,
        offers,
        ...(m.trackerId !== undefined && { trackerId: m.trackerId }),
      }),
    );
  }

  private send(text: string): void {
    const ws = this.ws;
    if (!ws) return;
    try {
      ws.send(text);
    } catch (e) {
      this.fail(ws, `send failed: ${errorText(e)}`, { kind: 'lost', code: 0 });
    }
  }

  private onMessage(data: unknown): void {
    const parsed = parseTrackerMessage(data);
    if (!parsed.ok) {
      this.ctx.warn(this.url, `ignored a message: ${parsed.reason}`);
      return;
    }
    this.dispatch(parsed.message);
  }

  private dispatch(msg: TrackerMessage): void {
    if (msg.type === 'scrape') {
      for (const f of msg.files) {
        const m = this.members.get(f.infoHashHex);
        if (m) Object.assign(m, { seeders: f.complete, leechers: f.incomplete });
      }
      return;
    }
    const infoHashHex = msg.infoHashHex;
    if (infoHashHex === null) {
      // Only a failure names no info hash: the tracker could not parse something we sent.
      this.lastError = msg.type === 'failure' ? msg.reason : 'unknown';
      this.ctx.warn(this.url, `tracker refused a request: ${this.lastError}`);
      return;
    }
    const m = this.members.get(infoHashHex);
    if (!m) return; // a torrent we left, or a hash we never announced: nothing to do with it
    switch (msg.type) {
      case 'failure':
        m.lastError = msg.reason;
        m.problem = { kind: 'refused', reason: msg.reason };
        m.schedule.failed(this.ctx.now(), () => this.ctx.random());
        this.pump();
        return;
      case 'announce':
        m.schedule.responded(msg);
        m.lastError = undefined;
        m.problem = undefined;
        m.warning = msg.warning;
        if (msg.complete !== undefined) m.seeders = msg.complete;
        if (msg.incomplete !== undefined) m.leechers = msg.incomplete;
        if (msg.trackerId !== undefined) m.trackerId = msg.trackerId;
        this.pump();
        return;
      case 'offer':
        if (msg.peerIdHex === this.ctx.peerIdHex) return; // our own offer echoed back: never connect to ourselves
        m.peersReceived++;
        void this.answer(m, msg);
        return;
      case 'answer':
        if (msg.peerIdHex === this.ctx.peerIdHex) return;
        m.peersReceived++;
        this.ctx.signaling.acceptAnswer(m.infoHashHex, msg.peerIdHex, msg.offerIdHex, msg.answer);
        return;
    }
  }

  private async answer(m: Member, msg: RelayedOffer): Promise<void> {
    const answer = await this.ctx.signaling.answerOffer(m.infoHashHex, msg.peerIdHex, msg.offer).catch((e: unknown) => {
      this.ctx.warn(this.url, `could not answer an offer: ${errorText(e)}`);
      return null;
    });
    // The tracker routes an answer by `to_peer_id`, so any live socket to it will do, even a newer one.
    if (!answer || this.state !== 'online') return;
    const toPeerId = fromHex(msg.peerIdHex);
    const offerId = fromHex(msg.offerIdHex);
    if (!toPeerId || !offerId) return; // unreachable: the parser produced both from 20-byte strings
    this.send(
      encodeAnswer({
        infoHash: m.torrent.infoHash,
        peerId: this.ctx.peerId,
        toPeerId,
        offerId,
        answer,
        ...(m.trackerId !== undefined && { trackerId: m.trackerId }),
      }),
    );
  }
}

/** Why a tracker URL can never be used, or undefined when it looks fine. */
export function invalidTrackerUrl(url: string): string | undefined {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return 'not a valid URL'; // URL's TypeError says nothing more useful
  }
  if (parsed.protocol !== 'ws:' && parsed.protocol !== 'wss:') return `unsupported protocol ${parsed.protocol}`;
  return undefined;
}

// One WebSocket tracker shared by every torrent that lists its URL: announces each torrent on its own schedule
// and relays offers and answers to the Signaling side. The socket itself (connect, reconnect) is a
// TrackerConnection; what each announce carries in offers is a TorrentOffers.

import { fromHex, toHex } from '../../engine/bytes.ts';
import { errorText } from '../error-text.ts';
import type { TimerHandle } from '../timers.ts';
import { AnnounceSchedule } from './announce-schedule.ts';
import { topUpOffers } from './offer-count.ts';
import { TrackerConnection } from './tracker-connection.ts';
import { TorrentOffers } from './tracker-offers.ts';
import type { SocketContext, TrackedTorrent, TrackerProblem, TrackerState, TrackerStatus } from './tracker-types.ts';
import { encodeAnnounce, encodeAnswer, parseTrackerMessage } from './ws-protocol.ts';
import type { AnnounceEvent, OfferEntry, RelayedOffer, TrackerMessage } from './ws-protocol.ts';

export { invalidTrackerUrl } from './tracker-connection.ts';
export type { SocketContext } from './tracker-types.ts';

interface Member {
  readonly torrent: TrackedTorrent;
  readonly infoHashHex: string;
  readonly schedule: AnnounceSchedule;
  readonly offers: TorrentOffers;
  /** An announce is waiting for its offers. */
  busy: boolean;
  /** The last announce carried only a few ready-made offers: after the tracker's reply, fresh ones may follow. */
  topUp: { wanted: number; sent: number } | null;
  seeders?: number;
  leechers?: number;
  lastError?: string;
  problem?: TrackerProblem;
  warning?: string;
  trackerId?: string;
  peersReceived: number;
}

export class TrackerSocket {
  private readonly conn: TrackerConnection;
  private wakeTimer: TimerHandle | undefined;
  private readonly members = new Map<string, Member>();
  /** Opened ahead of any torrent (start-up): stays open when its last torrent leaves. */
  private keepOpen = false;

  constructor(
    readonly url: string,
    private readonly ctx: SocketContext,
  ) {
    this.conn = new TrackerConnection(url, ctx, {
      opened: () => {
        for (const m of this.members.values()) m.schedule.reset();
        this.pump();
      },
      message: (data) => this.onMessage(data),
      failed: () => {
        this.ctx.timers.clear(this.wakeTimer);
        for (const m of this.members.values()) {
          m.offers.discardEarly();
          m.topUp = null;
        }
      },
      wanted: () => this.members.size > 0,
    });
  }

  get size(): number {
    return this.members.size;
  }

  /** Preconnected: kept open with no torrent. */
  get kept(): boolean {
    return this.keepOpen;
  }

  private get state(): TrackerState {
    return this.conn.state;
  }

  /** Connects now, before any torrent needs it, so that the first torrent's announce does not wait for it. */
  preconnect(): void {
    this.keepOpen = true;
    if (this.state === 'offline') this.conn.connect();
  }

  /**
   * `early`: when this join opens the socket, the torrent's first offers are made while it connects.
   * The client asks it of one tracker per torrent, so a dead tracker holds at most one batch of offers meanwhile.
   */
  join(torrent: TrackedTorrent, early = false): void {
    const infoHashHex = toHex(torrent.infoHash);
    if (this.members.has(infoHashHex)) return;
    const m: Member = {
      torrent,
      infoHashHex,
      schedule: new AnnounceSchedule({ ...this.ctx.schedule, backoff: this.ctx.backoff }),
      offers: new TorrentOffers(this.url, infoHashHex, torrent, this.ctx),
      busy: false,
      topUp: null,
      peersReceived: 0,
    };
    this.members.set(infoHashHex, m);
    if (this.state === 'online') {
      this.pump();
      return;
    }
    // Offline, or failed while nobody needed it (a preconnected socket): connect now.
    if (this.state === 'offline' || (this.state === 'error' && this.conn.reconnectAt === undefined)) this.conn.connect();
    if (early && this.conn.live) m.offers.prepare(swarmOf(m));
  }

  /** Drops a torrent, telling the tracker `stopped` when it has us listed. Closes the socket when it was the last. */
  leave(infoHashHex: string): void {
    const m = this.members.get(infoHashHex);
    if (!m) return;
    this.members.delete(infoHashHex);
    m.offers.discardEarly();
    if (this.state === 'online' && m.schedule.stopEvent()) this.sendAnnounce(m, 'stopped', []);
    if (this.members.size === 0 && !this.keepOpen) this.close();
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
    this.conn.retryNow();
  }

  /** Force reannounce: announce this torrent now, or reconnect now when the socket is down. */
  reannounce(infoHashHex: string): void {
    const m = this.members.get(infoHashHex);
    if (!m || this.conn.invalid) return;
    m.schedule.forceNow();
    if (this.state === 'online') this.pump();
    else if (this.state === 'error') this.conn.connect();
  }

  status(infoHashHex: string): TrackerStatus | undefined {
    const m = this.members.get(infoHashHex);
    if (!m) return undefined;
    const online = this.state === 'online';
    const next = online ? Math.max(this.ctx.now(), m.schedule.nextAt(m.torrent.peersWanted() > 0)) : this.conn.reconnectAt;
    const lastError = m.lastError ?? this.conn.lastError;
    const problem = m.problem ?? this.conn.problem;
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
    for (const m of this.members.values()) m.offers.discardEarly();
    this.members.clear();
    this.keepOpen = false;
    this.ctx.timers.clear(this.wakeTimer);
    this.conn.close();
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

  /** `count`: a top-up announce, carrying that many fresh offers. */
  private async announce(m: Member, event: AnnounceEvent, count?: number): Promise<void> {
    m.busy = true;
    m.schedule.sent(event, this.ctx.now());
    const generation = this.conn.generation;
    let made: readonly { offerIdHex: string; offer: OfferEntry['offer'] }[] = [];
    let topUp: Member['topUp'] = null;
    if (event === 'started' || event === 'update') {
      const batch = await m.offers.next(swarmOf(m), count);
      made = batch.offers;
      if (batch.ready && batch.offers.length < batch.wanted) topUp = { wanted: batch.wanted, sent: batch.offers.length };
    } else {
      m.offers.discardEarly();
    }
    m.busy = false;
    if (this.members.get(m.infoHashHex) !== m || this.state !== 'online' || generation !== this.conn.generation) {
      m.offers.discard(made);
      return;
    }
    const offers: OfferEntry[] = made.flatMap((o) => {
      const offerId = fromHex(o.offerIdHex);
      return offerId?.length === 20 ? [{ offerId, offer: o.offer }] : [];
    });
    m.topUp = topUp;
    this.sendAnnounce(m, event, offers);
    this.pump();
  }

  private sendAnnounce(m: Member, event: AnnounceEvent, offers: readonly OfferEntry[]): void {
    const s = m.torrent.stats();
    this.conn.send(
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
        if (!m) continue;
        Object.assign(m, { seeders: f.complete, leechers: f.incomplete });
        this.ctx.reported(f.infoHashHex);
      }
      return;
    }
    const infoHashHex = msg.infoHashHex;
    if (infoHashHex === null) {
      // Only a failure names no info hash: the tracker could not parse something we sent.
      this.conn.lastError = msg.type === 'failure' ? msg.reason : 'unknown';
      this.ctx.warn(this.url, `tracker refused a request: ${this.conn.lastError}`);
      return;
    }
    const m = this.members.get(infoHashHex);
    if (!m) return; // a torrent we left, or a hash we never announced: nothing to do with it
    switch (msg.type) {
      case 'failure':
        m.lastError = msg.reason;
        m.problem = { kind: 'refused', reason: msg.reason };
        m.topUp = null;
        m.schedule.failed(this.ctx.now(), () => this.ctx.random());
        this.ctx.reported(infoHashHex);
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
        this.ctx.reported(infoHashHex);
        this.afterReply(m);
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

  /** The tracker counted the swarm: fresh offers follow the few ready-made ones when other members may want them. */
  private afterReply(m: Member): void {
    const topUp = m.topUp;
    m.topUp = null;
    if (!topUp || m.busy) return;
    const count = topUpOffers(topUp.wanted, topUp.sent, swarmOf(m));
    if (count > 0) void this.announce(m, 'update', count);
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
    this.conn.send(
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

/** The swarm as the tracker last counted it (us included), when it did. */
function swarmOf(m: Member): number | undefined {
  return m.seeders !== undefined && m.leechers !== undefined ? m.seeders + m.leechers : undefined;
}

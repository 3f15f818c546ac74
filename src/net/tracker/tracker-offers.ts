// The offers one torrent's announces to one tracker carry: how many (offer-count.ts), ready-made ones first (no
// wait for ICE gathering), fresh ones otherwise, and the release of offers that could not be sent.

import { errorText } from '../error-text.ts';
import type { OfferToSend } from '../signaling.ts';
import { offersToMake } from './offer-count.ts';
import type { SocketContext, TrackedTorrent } from './tracker-types.ts';

export interface OfferBatch {
  readonly offers: readonly OfferToSend[];
  /** How many the announce wanted: more than `offers.length` when only a few ready-made ones were at hand. */
  readonly wanted: number;
  /** The offers were ready-made: the rest (wanted - sent) may follow in a quick second announce. */
  readonly ready: boolean;
}

const NONE: OfferBatch = { offers: [], wanted: 0, ready: false };

export class TorrentOffers {
  /**
   * Offers taken or being made while the socket connects, for the first announce: non-trickle ICE gathering
   * (about 150 ms in Chromium) then overlaps the WebSocket handshake instead of following it.
   */
  private early: Promise<OfferBatch> | null = null;

  constructor(
    private readonly url: string,
    private readonly infoHashHex: string,
    private readonly torrent: TrackedTorrent,
    private readonly ctx: SocketContext,
  ) {}

  /** The early batch if there is one (it is handed over), else a new one: ready-made offers if any, else fresh. */
  next(swarm: number | undefined, count?: number): Promise<OfferBatch> {
    const early = this.early;
    this.early = null;
    return early ?? this.make(swarm, count);
  }

  /** Starts the first announce's batch while the socket connects. */
  prepare(swarm: number | undefined): void {
    this.early ??= this.make(swarm);
  }

  /** Releases the early batch (the torrent left, the socket failed, or its next announce takes no offers). */
  discardEarly(): void {
    const early = this.early;
    this.early = null;
    void early?.then((b) => this.discard(b.offers));
  }

  discard(offers: readonly OfferToSend[]): void {
    if (offers.length > 0) this.ctx.signaling.discardOffers(this.infoHashHex, offers.map((o) => o.offerIdHex));
  }

  /** `count` overrides the usual count (a top-up); fresh offers only then. None when making them fails. */
  private make(swarm: number | undefined, count?: number): Promise<OfferBatch> {
    const wanted =
      count ??
      offersToMake({
        wanted: this.torrent.peersWanted(),
        maxPerAnnounce: this.ctx.maxOffersPerAnnounce,
        ...(swarm !== undefined && { swarm }),
        connected: this.torrent.peersConnected?.() ?? 0,
      });
    if (wanted <= 0) return Promise.resolve(NONE);
    // Ready-made offers are for someone waiting (a download, a magnet): a seeder waits for nobody, so it leaves them.
    if (count === undefined && this.torrent.stats().left !== 0) {
      const ready = this.ctx.signaling.readyOffers?.(this.infoHashHex, wanted) ?? [];
      if (ready.length > 0) return Promise.resolve({ offers: ready, wanted, ready: true });
    }
    return this.ctx.signaling.createOffers(this.infoHashHex, wanted).then(
      (offers) => ({ offers, wanted, ready: false }),
      (e: unknown) => {
        this.ctx.warn(this.url, `could not make offers: ${errorText(e)}`); // announce without them
        return NONE;
      },
    );
  }
}

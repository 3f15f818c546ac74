// The engine's top level: the torrents by info hash, our peer id, settings, and the clock tick that drives them.
// It routes; decisions live in the torrent's parts.

import { toHex } from './bytes.ts';
import { EngineError } from './errors.ts';
import { parseMagnet } from './metainfo/magnet.ts';
import { newPeerId } from './peer-id.ts';
import type { Metainfo } from './metainfo/types.ts';
import type { Clock, Hasher, PeerChannel, StoreFactory } from './ports.ts';
import { BucketPair, UNLIMITED, type Limits } from './rate/transfer-limiter.ts';
import { Torrent, type TorrentEvents, type TorrentInit, type TorrentSettings } from './torrent.ts';


export interface SessionOptions {
  readonly peerId?: Uint8Array;
  readonly hasher: Hasher;
  readonly storeFactory: StoreFactory;
  readonly clock: Clock;
  readonly random?: () => number;
  readonly settings?: Partial<TorrentSettings>;
  readonly events?: Partial<TorrentEvents>;
  /** Session-wide rate limits at start (bytes/s); `setGlobalLimits` changes them. */
  readonly limits?: Limits;
}

export const DEFAULT_SETTINGS: TorrentSettings = { maxPeers: 50, uploadSlots: 4 };

export class Session {
  readonly peerId: Uint8Array;
  readonly torrents = new Map<string, Torrent>();
  readonly settings: TorrentSettings;
  /** Session-wide rate limits: every torrent's bytes pass these as well as the torrent's own. */
  readonly globalLimits: BucketPair;
  private readonly events: TorrentEvents;

  constructor(private readonly options: SessionOptions) {
    this.peerId = options.peerId ?? newPeerId();
    this.settings = { ...DEFAULT_SETTINGS, ...options.settings };
    this.globalLimits = new BucketPair(options.limits ?? UNLIMITED, options.clock.now());
    const noop = (): void => {};
    this.events = {
      metadata: options.events?.metadata ?? noop,
      pieceVerified: options.events?.pieceVerified ?? noop,
      completed: options.events?.completed ?? noop,
      peerClosed: options.events?.peerClosed ?? noop,
      error: options.events?.error ?? noop,
    };
  }

  get hasher(): Hasher {
    return this.options.hasher;
  }

  get peerIdHex(): string {
    return toHex(this.peerId);
  }

  get(infoHashHex: string): Torrent | undefined {
    return this.torrents.get(infoHashHex.toLowerCase());
  }

  require(infoHashHex: string): Torrent {
    const t = this.get(infoHashHex);
    if (!t) throw new EngineError('TORRENT_NOT_FOUND', 'No such torrent', { infoHash: infoHashHex });
    return t;
  }

  /** Adds a torrent and opens its storage; throws TORRENT_EXISTS for a duplicate info hash. */
  async add(init: TorrentInit): Promise<Torrent> {
    const hex = toHex(init.infoHash);
    if (this.torrents.has(hex)) throw new EngineError('TORRENT_EXISTS', 'This torrent is already in the list', { infoHash: hex });
    const torrent = new Torrent(init, {
      peerId: this.peerId,
      hasher: this.options.hasher,
      storeFactory: this.options.storeFactory,
      clock: this.options.clock,
      random: this.options.random ?? Math.random,
      settings: this.settings,
      events: this.events,
      globalLimits: this.globalLimits,
    });
    this.torrents.set(hex, torrent);
    try {
      await torrent.start();
    } catch (e) {
      this.torrents.delete(hex);
      await torrent.destroy(false);
      throw e;
    }
    return torrent;
  }

  addMetainfo(meta: Metainfo, extra: Omit<TorrentInit, 'infoHash' | 'metainfo'> = {}): Promise<Torrent> {
    const trackers = extra.trackers ?? meta.announce.flat();
    return this.add({ ...extra, infoHash: meta.infoHash, metainfo: meta, trackers, webSeeds: extra.webSeeds ?? meta.urlList });
  }

  addMagnet(uri: string, extra: Omit<TorrentInit, 'infoHash'> = {}): Promise<Torrent> {
    const m = parseMagnet(uri);
    return this.add({
      ...extra,
      infoHash: m.infoHash,
      ...(m.name !== undefined ? { name: m.name } : {}),
      trackers: [...new Set([...m.trackers, ...(extra.trackers ?? [])])],
      webSeeds: m.webSeeds,
      ...(m.selectOnly ? { selectOnly: m.selectOnly } : {}),
    });
  }

  /** A connected channel to a peer of torrent `infoHashHex` (from the tracker's offer/answer or a test pipe). */
  attachPeer(infoHashHex: string, channel: PeerChannel, transport: 'webrtc' | 'pipe' = 'webrtc', remotePeerIdHex = ''): boolean {
    const t = this.get(infoHashHex);
    if (!t) {
      channel.close();
      return false;
    }
    return t.addPeer(channel, transport, remotePeerIdHex) !== null;
  }

  async remove(infoHashHex: string, deleteData: boolean): Promise<void> {
    const t = this.require(infoHashHex);
    this.torrents.delete(t.infoHashHex);
    await t.destroy(deleteData);
  }

  tick(): void {
    for (const t of this.torrents.values()) t.tick();
  }

  /** Changes the session-wide limits; running transfers follow within the next wake-up. */
  setGlobalLimits(limits: Limits): void {
    this.globalLimits.set(limits, this.options.clock.now());
  }

  /** The frequent wake-up for rate-limited torrents (see Torrent.serveLimited); cheap when nothing is limited. */
  serveLimited(): void {
    for (const t of this.torrents.values()) t.serveLimited();
  }

  async close(): Promise<void> {
    const all = [...this.torrents.values()];
    this.torrents.clear();
    await Promise.all(all.map((t) => t.destroy(false)));
  }
}

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
import { Lifecycle, type LifecycleHooks } from './lifecycle/lifecycle.ts';
import { Traffic } from './traffic/traffic.ts';
import type { LifecycleInit } from './lifecycle/states.ts';

/** How a torrent enters the lifecycle: a resume record's state, or (absent) a new torrent the queue may start. */
export type AddLifecycle = LifecycleInit;


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
  /** Told when a torrent's lifecycle state changes, and when it starts or stops running (engine/lifecycle). */
  readonly lifecycle?: Partial<LifecycleHooks<Torrent>>;
}

export const DEFAULT_SETTINGS: TorrentSettings = { maxPeers: 50, uploadSlots: 4 };

export class Session {
  readonly peerId: Uint8Array;
  readonly torrents = new Map<string, Torrent>();
  readonly settings: TorrentSettings;
  /** Session-wide rate limits: every torrent's bytes pass these as well as the torrent's own. */
  readonly globalLimits: BucketPair;
  /** Every torrent's state and the only methods that start, stop, queue or check one. */
  readonly lifecycle: Lifecycle<Torrent>;
  /** Bytes per second per torrent and in all, and the session's totals. */
  readonly traffic = new Traffic();
  private readonly events: TorrentEvents;
  /** Torrents in `torrents` whose storage is still opening: not in the lifecycle yet (see whenAdded). */
  private readonly adding = new Map<string, Promise<unknown>>();

  constructor(private readonly options: SessionOptions) {
    this.peerId = options.peerId ?? newPeerId();
    this.settings = { ...DEFAULT_SETTINGS, ...options.settings };
    this.globalLimits = new BucketPair(options.limits ?? UNLIMITED, options.clock.now());
    const noop = (): void => {};
    this.lifecycle = new Lifecycle<Torrent>(
      { changed: options.lifecycle?.changed ?? noop, started: options.lifecycle?.started ?? noop, stopped: options.lifecycle?.stopped ?? noop },
      { now: () => options.clock.now() },
    );
    // What a torrent reports can move it in its lifecycle (a download slot frees on completion, metadata, failure).
    const known = (t: Torrent): boolean => this.torrents.get(t.infoHashHex) === t;
    const replan = <A extends unknown[]>(f: ((t: Torrent, ...a: A) => void) | undefined) => (t: Torrent, ...a: A): void => {
      f?.(t, ...a);
      if (known(t)) this.lifecycle.update();
    };
    this.events = {
      metadata: replan(options.events?.metadata),
      pieceVerified: options.events?.pieceVerified ?? noop,
      completed: replan(options.events?.completed),
      peerClosed: options.events?.peerClosed ?? noop,
      error: replan(options.events?.error),
      wanted: replan(options.events?.wanted),
    };
  }

  get hasher(): Hasher {
    return this.options.hasher;
  }

  /** The engine clock. */
  now(): number {
    return this.options.clock.now();
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

  /**
   * Adds a torrent and opens its storage; throws TORRENT_EXISTS for a duplicate info hash. It joins the lifecycle
   * stopped, and runs when its lifecycle says so (at once, unless paused or queued).
   */
  async add(init: TorrentInit, life: AddLifecycle = init.paused ? { paused: true } : {}): Promise<Torrent> {
    const hex = toHex(init.infoHash);
    if (this.torrents.has(hex)) throw new EngineError('TORRENT_EXISTS', 'This torrent is already in the list', { infoHash: hex });
    const torrent = new Torrent({ ...init, paused: true }, {
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
    const starting = torrent.start();
    this.adding.set(hex, starting);
    try {
      await starting;
    } catch (e) {
      this.torrents.delete(hex);
      await torrent.destroy(false);
      throw e;
    } finally {
      if (this.adding.get(hex) === starting) this.adding.delete(hex);
    }
    if (this.torrents.get(hex) === torrent) this.lifecycle.add(torrent, life);
    return torrent;
  }

  /**
   * Resolves once a torrent being added has joined the lifecycle (or failed to): commands about it wait for this
   * rather than fail with "still being added". At once when none is being added.
   */
  async whenAdded(infoHashHex: string): Promise<void> {
    const pending = this.adding.get(infoHashHex.toLowerCase());
    if (pending) await pending.catch(() => undefined);
  }

  addMetainfo(meta: Metainfo, extra: Omit<TorrentInit, 'infoHash' | 'metainfo'> = {}, life?: AddLifecycle): Promise<Torrent> {
    const trackers = extra.trackers ?? meta.announce.flat();
    return this.add({ ...extra, infoHash: meta.infoHash, metainfo: meta, trackers, webSeeds: extra.webSeeds ?? meta.urlList }, life);
  }

  addMagnet(uri: string, extra: Omit<TorrentInit, 'infoHash'> = {}, life?: AddLifecycle): Promise<Torrent> {
    const m = parseMagnet(uri);
    return this.add({
      ...extra,
      infoHash: m.infoHash,
      ...(m.name !== undefined ? { name: m.name } : {}),
      trackers: [...new Set([...m.trackers, ...(extra.trackers ?? [])])],
      webSeeds: m.webSeeds,
      ...(m.selectOnly ? { selectOnly: m.selectOnly } : {}),
    }, life);
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
    this.lifecycle.remove(t);
    this.traffic.retire(t);
    await t.destroy(deleteData);
  }

  /** Before progress is reported: every torrent's verified marks on disk (Torrent.flushVerified). */
  flushVerified(): void {
    for (const t of this.torrents.values()) t.flushVerified();
  }

  tick(): void {
    for (const t of this.torrents.values()) t.tick();
    this.lifecycle.tick();
    this.traffic.tick(this.torrents.values(), this.options.clock.now());
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
    this.lifecycle.clear();
    await Promise.all(all.map((t) => t.destroy(false)));
  }
}

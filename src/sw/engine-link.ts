// The service worker's way to the engine worker: MessagePorts the pages hand over (one per page load or SW start),
// requests over them (open/read/close, file-stream.ts), and getting a fresh port from an open page when the worker
// was restarted or the page behind a port went away.

import {
  STREAM_PORT_REQUEST,
  type FromStreamHost,
  type StreamPortRequest,
  type ToStreamHost,
} from '../api/file-stream.ts';

/** What the service worker needs of `self.clients` (tests pass a fake). */
export interface LinkClient {
  readonly id: string;
  postMessage(message: StreamPortRequest): void;
}
export interface LinkClients {
  /** Every open window of the app, controlled or not. */
  windows(): Promise<readonly LinkClient[]>;
}

export interface LinkTimings {
  /** How long an open page has to answer a port request. */
  readonly portWaitMs: number;
  /** How often pages are checked while a read waits (a closed page never answers it). */
  readonly checkMs: number;
}

export const DEFAULT_TIMINGS: LinkTimings = { portWaitMs: 5000, checkMs: 2000 };
/** Ports kept: a few tabs' worth; older ones are closed. */
const MAX_LINKS = 4;

export type Opened = Extract<FromStreamHost, { type: 'opened' | 'failed' }>;
export type ReadReply = Extract<FromStreamHost, { type: 'data' | 'failed' }>;

/** The port did not answer in time: the worker behind it is gone (its page closed or reloaded, or moved tabs). */
export class LinkTimeout extends Error {
  override readonly name = 'LinkTimeout';
}

/** One port to one engine worker. Each stream has at most one request in flight (open, then one read at a time). */
export class EngineLink {
  private nextId = 1;
  /** Opens waiting for `opened` or `failed`. */
  private readonly opening = new Map<number, Waiter>();
  /** Per open stream: answers to its reads not taken yet, and the reader waiting for the next one. */
  private readonly inboxes = new Map<number, Inbox>();
  private dead: Error | null = null;

  constructor(
    private readonly port: MessagePort,
    /** The page that handed it over: when that page is gone, so is the worker. */
    readonly clientId: string,
  ) {
    port.onmessage = (ev: MessageEvent) => this.onMessage(ev.data as FromStreamHost);
  }

  get alive(): boolean {
    return this.dead === null;
  }

  /** Opens or reads are waiting on this link. */
  get busy(): boolean {
    if (this.opening.size > 0) return true;
    for (const box of this.inboxes.values()) if (box.waiter) return true;
    return false;
  }

  /**
   * Opens a file; rejects with LinkTimeout when the worker does not answer within `timeoutMs`. With `read`, the
   * first read goes along (see ToStreamHost 'open'), answered whole: its bytes are taken with next() like any read's.
   */
  async open(infoHashHex: string, fileIndex: number, timeoutMs: number, read?: { offset: number; length: number }): Promise<Opened> {
    if (this.dead) throw this.dead;
    const id = this.nextId++;
    // Answers to the read sent along come after `opened`: the inbox is there before any can arrive.
    this.inboxes.set(id, { queue: [] });
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        this.opening.delete(id);
        reject(new LinkTimeout(`The engine did not answer within ${timeoutMs} ms`));
      }, timeoutMs);
    });
    const answer = new Promise<FromStreamHost>((resolve, reject) => {
      this.opening.set(id, { resolve, reject });
      this.port.postMessage({ type: 'open', id, infoHashHex, fileIndex, ...(read ? { read: { ...read, whole: true } } : {}) } satisfies ToStreamHost);
    });
    try {
      const reply = (await Promise.race([answer, timeout])) as Opened;
      if (reply.type === 'failed') this.inboxes.delete(id);
      return reply;
    } catch (e) {
      this.inboxes.delete(id);
      throw e;
    } finally {
      clearTimeout(timer);
    }
  }

  /**
   * Asks for bytes [offset, offset + length) of stream `id`, answered whole: one or more `data` (all but the last
   * marked `more`), or a `failed`, taken with next().
   */
  read(id: number, offset: number, length: number): void {
    if (this.dead || !this.inboxes.has(id)) return;
    this.port.postMessage({ type: 'read', id, offset, length, whole: true } satisfies ToStreamHost);
  }

  /** The next answer to stream `id`'s reads, in order; no timeout (pieces take what they take). */
  next(id: number): Promise<ReadReply> {
    if (this.dead) return Promise.reject(this.dead);
    const box = this.inboxes.get(id);
    if (!box) return Promise.reject(new Error(`Stream ${id} is closed`));
    const ready = box.queue.shift();
    if (ready) return Promise.resolve(ready);
    return new Promise<ReadReply>((resolve, reject) => (box.waiter = { resolve, reject }));
  }

  close(id: number): void {
    this.inboxes.delete(id);
    if (this.dead) return;
    this.port.postMessage({ type: 'close', id } satisfies ToStreamHost);
  }

  /** The worker is gone: every waiting open and read fails with `reason`. */
  fail(reason: Error): void {
    if (this.dead) return;
    this.dead = reason;
    this.port.onmessage = null;
    this.port.close();
    const waiting: Waiter<never>[] = [...this.opening.values()];
    for (const box of this.inboxes.values()) if (box.waiter) waiting.push(box.waiter);
    this.opening.clear();
    this.inboxes.clear();
    for (const w of waiting) w.reject(reason);
  }

  private onMessage(msg: FromStreamHost): void {
    const opening = this.opening.get(msg?.id);
    if (opening) {
      this.opening.delete(msg.id);
      opening.resolve(msg);
      return;
    }
    const box = this.inboxes.get(msg?.id);
    if (!box || msg.type === 'opened') return; // answer to a stream closed meanwhile: its bytes are dropped
    const waiter = box.waiter;
    box.waiter = undefined;
    if (waiter) waiter.resolve(msg);
    else box.queue.push(msg);
  }
}

interface Waiter<T = FromStreamHost> {
  resolve(m: T): void;
  reject(e: Error): void;
}

interface Inbox {
  readonly queue: ReadReply[];
  waiter?: Waiter<ReadReply>;
}

/** The links the pages gave us, newest last, and fetching a fresh one when none is usable. */
export class EngineLinks {
  private links: EngineLink[] = [];
  private waiters: ((link: EngineLink) => void)[] = [];
  private requesting: Promise<EngineLink | null> | null = null;
  private watchdog: ReturnType<typeof setInterval> | undefined;

  constructor(
    private readonly clients: LinkClients,
    private readonly timings: LinkTimings = DEFAULT_TIMINGS,
  ) {}

  /** A page handed over a port (its `message` event). */
  offer(port: MessagePort, clientId: string): void {
    const link = new EngineLink(port, clientId);
    this.links.push(link);
    while (this.links.length > MAX_LINKS) this.drop(this.links[0]!, new Error('A newer port replaced this one'));
    const waiters = this.waiters;
    this.waiters = [];
    for (const w of waiters) w(link);
  }

  /** The newest link whose page is still open, else a fresh one from an open page; null when no page can serve. */
  async acquire(): Promise<EngineLink | null> {
    const open = await this.clients.windows();
    this.prune(open);
    const newest = this.links[this.links.length - 1];
    if (newest) return newest;
    if (open.length === 0) return null;
    this.requesting ??= this.requestPort(open).finally(() => (this.requesting = null));
    return this.requesting;
  }

  /** The link failed (timed out): forget it; the next acquire asks the pages again. */
  drop(link: EngineLink, reason: Error): void {
    link.fail(reason);
    this.links = this.links.filter((l) => l !== link);
  }

  /** Called while reads wait: checks now and then that the pages behind busy links are still open. */
  watch(): void {
    if (this.watchdog !== undefined) return;
    this.watchdog = setInterval(() => void this.check(), this.timings.checkMs);
  }

  get size(): number {
    return this.links.length;
  }

  private async check(): Promise<void> {
    if (!this.links.some((l) => l.busy)) {
      clearInterval(this.watchdog);
      this.watchdog = undefined;
      return;
    }
    this.prune(await this.clients.windows());
  }

  private prune(open: readonly LinkClient[]): void {
    const ids = new Set(open.map((c) => c.id));
    for (const link of [...this.links]) if (!ids.has(link.clientId)) this.drop(link, new Error('The page running the engine was closed'));
  }

  private requestPort(open: readonly LinkClient[]): Promise<EngineLink | null> {
    return new Promise((resolve) => {
      const waiter = (link: EngineLink): void => {
        clearTimeout(timer);
        resolve(link);
      };
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter((w) => w !== waiter);
        resolve(null);
      }, this.timings.portWaitMs);
      this.waiters.push(waiter);
      for (const c of open) c.postMessage({ type: STREAM_PORT_REQUEST });
    });
  }
}

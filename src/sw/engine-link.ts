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
  private readonly pending = new Map<number, { resolve(m: FromStreamHost): void; reject(e: Error): void }>();
  /** Reads sent with `open` (offset asked), and then their answers once the open succeeded. */
  private readonly prefetch = new Map<number, { offset: number; reply?: Promise<ReadReply> }>();
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

  /** Reads are waiting on this link. */
  get busy(): boolean {
    return this.pending.size > 0;
  }

  /**
   * Opens a file; rejects with LinkTimeout when the worker does not answer within `timeoutMs`. With `read`, the
   * first read goes along (see ToStreamHost 'open'); a later read() of that offset takes its answer.
   */
  async open(infoHashHex: string, fileIndex: number, timeoutMs: number, read?: { offset: number; length: number }): Promise<Opened> {
    const id = this.nextId++;
    if (read) this.prefetch.set(id, { offset: read.offset });
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        this.pending.delete(id);
        reject(new LinkTimeout(`The engine did not answer within ${timeoutMs} ms`));
      }, timeoutMs);
    });
    try {
      return (await Promise.race([this.request({ type: 'open', id, infoHashHex, fileIndex, ...(read ? { read } : {}) }), timeout])) as Opened;
    } catch (e) {
      this.prefetch.delete(id);
      throw e;
    } finally {
      clearTimeout(timer);
    }
  }

  /** Bytes from `offset` on (up to `length`), once the engine has them; no timeout (pieces take what they take). */
  read(id: number, offset: number, length: number): Promise<ReadReply> {
    const early = this.prefetch.get(id);
    this.prefetch.delete(id);
    if (early?.reply && early.offset === offset) return early.reply;
    if (early?.reply) {
      // Not the offset we guessed: its answer is still owed; drop it when it comes, then ask properly.
      return early.reply.then(() => this.read(id, offset, length));
    }
    return this.request({ type: 'read', id, offset, length }) as Promise<ReadReply>;
  }

  close(id: number): void {
    this.pending.delete(id);
    this.prefetch.delete(id);
    if (this.dead) return;
    this.port.postMessage({ type: 'close', id } satisfies ToStreamHost);
  }

  /** The worker is gone: every waiting request fails with `reason`. */
  fail(reason: Error): void {
    if (this.dead) return;
    this.dead = reason;
    this.port.onmessage = null;
    this.port.close();
    const waiting = [...this.pending.values()];
    this.pending.clear();
    for (const p of waiting) p.reject(reason);
  }

  private request(message: ToStreamHost): Promise<FromStreamHost> {
    if (this.dead) return Promise.reject(this.dead);
    return new Promise((resolve, reject) => {
      this.pending.set(message.id, { resolve, reject });
      this.port.postMessage(message);
    });
  }

  private onMessage(msg: FromStreamHost): void {
    const p = this.pending.get(msg?.id);
    if (!p) return; // answer to a stream closed meanwhile: its bytes are dropped
    this.pending.delete(msg.id);
    const early = this.prefetch.get(msg.id);
    if (early && msg.type === 'opened') {
      // The read sent with the open is answered next: wait for it from now, so no message can slip past.
      early.reply = new Promise<FromStreamHost>((resolve, reject) => this.pending.set(msg.id, { resolve, reject })) as Promise<ReadReply>;
      early.reply.catch(() => {}); // a link failure is reported to whoever reads it (or nobody, if closed first)
    } else if (early) {
      this.prefetch.delete(msg.id);
    }
    p.resolve(msg);
  }
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

// One WebSocket to a tracker: connect with a timeout, reconnect with backoff after a failure, send text, hand
// messages up. Knows nothing of torrents: the TrackerSocket above it does the announcing.

import { errorText } from '../error-text.ts';
import type { TimerHandle } from '../timers.ts';
import { backoffDelay } from './announce-schedule.ts';
import type { SocketContext, TrackerProblem, TrackerState, WebSocketLike } from './tracker-types.ts';

export interface ConnectionEvents {
  opened(): void;
  message(data: unknown): void;
  /** The socket failed or dropped (state is 'error'); a reconnect is planned when `wanted()` said so. */
  failed(): void;
  /** Whether anyone still needs the socket: a failure with nobody left plans no reconnect. */
  wanted(): boolean;
}

/** Swallows the `error` events of a socket we gave up on: `ws` throws on an 'error' nobody listens to. */
const ignore = (): void => {};

export class TrackerConnection {
  private ws: WebSocketLike | null = null;
  private stateNow: TrackerState = 'offline';
  private error: string | undefined;
  private problemNow: TrackerProblem | undefined;
  private attempt = 0;
  /** Bumped on every new connection: work started for an older one must not use this one. */
  private gen = 0;
  private retryAt: number | undefined;
  private connectTimer: TimerHandle | undefined;
  private reconnectTimer: TimerHandle | undefined;
  /** Set when the URL can never work (bad syntax, not ws:/wss:): no connection is ever tried. */
  readonly invalid: string | undefined;

  constructor(
    readonly url: string,
    private readonly ctx: SocketContext,
    private readonly events: ConnectionEvents,
  ) {
    this.invalid = invalidTrackerUrl(url);
    if (this.invalid) {
      this.stateNow = 'error';
      this.error = this.invalid;
      this.problemNow = { kind: 'invalid-url' };
    }
  }

  get state(): TrackerState {
    return this.stateNow;
  }
  get lastError(): string | undefined {
    return this.error;
  }
  /** A tracker-level refusal (a `failure reason` naming no torrent) shows as the socket's error. */
  set lastError(text: string | undefined) {
    this.error = text;
  }
  get problem(): TrackerProblem | undefined {
    return this.problemNow;
  }
  get reconnectAt(): number | undefined {
    return this.retryAt;
  }
  get generation(): number {
    return this.gen;
  }
  /** A socket exists (connecting or open). */
  get live(): boolean {
    return this.ws !== null;
  }

  connect(): void {
    if (this.invalid) return;
    this.ctx.timers.clear(this.reconnectTimer);
    this.retryAt = undefined;
    let ws: WebSocketLike;
    try {
      ws = new this.ctx.WebSocketImpl(this.url);
    } catch (e) {
      // SecurityError (ws:// from an https:// page) or SyntaxError: retrying cannot help.
      this.stateNow = 'error';
      this.error = `cannot open: ${errorText(e)}`;
      this.problemNow = { kind: 'blocked' };
      this.ctx.warn(this.url, this.error);
      return;
    }
    this.ws = ws;
    this.gen++;
    this.stateNow = 'connecting';
    const timeoutMs = this.ctx.connectTimeoutMs;
    this.connectTimer = this.ctx.timers.set(() => this.fail(ws, `no connection after ${timeoutMs} ms`, { kind: 'connect-timeout', ms: timeoutMs }), timeoutMs);
    let errorDetail = '';
    ws.onopen = () => {
      if (ws !== this.ws) return;
      this.ctx.timers.clear(this.connectTimer);
      this.stateNow = 'online';
      this.attempt = 0;
      this.error = undefined;
      this.problemNow = undefined;
      this.events.opened();
    };
    ws.onmessage = (ev) => {
      if (ws === this.ws) this.events.message(ev.data);
    };
    ws.onerror = (ev) => {
      // Browsers give no detail here; `ws` gives a message. The close event that follows does the work.
      const message = typeof ev === 'object' && ev !== null ? (ev as { message?: unknown }).message : undefined;
      if (typeof message === 'string') errorDetail = message;
    };
    ws.onclose = (ev) => {
      const why = errorDetail || (ev.reason ? `closed: ${ev.reason}` : `closed with code ${ev.code}`);
      const detail = { code: ev.code, ...(ev.reason ? { reason: ev.reason } : {}) };
      const online = this.stateNow === 'online';
      this.fail(ws, online ? `connection lost (${why})` : `cannot connect (${why})`, { kind: online ? 'lost' : 'unreachable', ...detail });
    };
  }

  /** Skips the rest of a reconnect backoff. */
  retryNow(): void {
    if (this.stateNow === 'error' && this.retryAt !== undefined) this.connect();
  }

  send(text: string): void {
    const ws = this.ws;
    if (!ws) return;
    try {
      ws.send(text);
    } catch (e) {
      this.fail(ws, `send failed: ${errorText(e)}`, { kind: 'lost', code: 0 });
    }
  }

  /** Closes the socket (if any) and forgets any planned reconnect. */
  close(): void {
    this.ctx.timers.clear(this.connectTimer);
    this.ctx.timers.clear(this.reconnectTimer);
    this.retryAt = undefined;
    const ws = this.ws;
    this.ws = null;
    if (ws) this.detach(ws);
    if (!this.invalid) this.stateNow = 'offline';
  }

  private fail(ws: WebSocketLike, reason: string, problem: TrackerProblem): void {
    if (ws !== this.ws) return;
    this.problemNow = problem;
    this.ctx.timers.clear(this.connectTimer);
    this.ws = null;
    this.detach(ws);
    this.stateNow = 'error';
    this.error = reason;
    this.ctx.warn(this.url, reason);
    this.events.failed();
    if (!this.events.wanted()) return;
    const delay = backoffDelay(this.attempt++, () => this.ctx.random(), this.ctx.backoff);
    this.retryAt = this.ctx.now() + delay;
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

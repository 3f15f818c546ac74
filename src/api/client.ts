// The window's side of the engine API: typed calls with replies, and event subscriptions (comlink-style ids).
// One client outlives engine workers: `connect` attaches it to a (new) worker, `disconnect` fails what was in
// flight with ENGINE_LOST. Every call ends: a reply, its timeout (call-timeouts.ts), an abort, or the engine lost.

import { callTimeoutMs } from './call-timeouts.ts';
import type { Command, CommandType, EngineEvent, ErrorInfo, WorkerWireMessage, Replies, SpeedStatus, ToWorker, TorrentSnapshot } from './protocol.ts';
import { snapshotCostMeter } from './snapshot-cost.ts';
import { applySnapshotPatch } from './snapshot-patch.ts';

/** The engine worker died or was released while the call was in flight, or no engine is connected. */
export const ENGINE_LOST = 'ENGINE_LOST';
/** The engine did not answer within the command's timeout. */
export const ENGINE_TIMEOUT = 'ENGINE_TIMEOUT';
/** The caller aborted the call (its AbortSignal). */
export const CALL_ABORTED = 'ABORTED';

export class EngineCallError extends Error {
  override readonly name = 'EngineCallError';
  readonly code: string;
  readonly details: ErrorInfo['details'];
  constructor(info: ErrorInfo) {
    super(info.message);
    this.code = info.code;
    this.details = info.details;
  }
}

type EventOf<T extends EngineEvent['type']> = Extract<EngineEvent, { type: T }>;
type Listener<T extends EngineEvent['type']> = (event: EventOf<T>) => void;

/** Anything with postMessage + message events: a Worker, or a MessagePort. */
export interface Endpoint {
  postMessage(message: unknown, transfer: Transferable[]): void;
  addEventListener(type: 'message', listener: (ev: MessageEvent) => void): void;
  removeEventListener?(type: 'message', listener: (ev: MessageEvent) => void): void;
}

export interface CallOptions {
  readonly signal?: AbortSignal;
  /** Overrides the command's default (call-timeouts.ts); `Infinity` for none. */
  readonly timeoutMs?: number;
}

interface Pending {
  readonly command: CommandType;
  resolve(v: unknown): void;
  reject(e: Error): void;
}

export class EngineClient {
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  private readonly listeners = new Map<string, Set<(e: EngineEvent) => void>>();
  private lastSnapshot: EventOf<'snapshot'> | undefined;
  /** The torrents as the connected worker last sent them: what its next snapshot patch applies to. */
  private patchBase: readonly TorrentSnapshot[] = [];
  /** The worker sends the speed status only when it changed. */
  private lastSpeed: SpeedStatus | undefined;
  private endpoint: Endpoint | null = null;
  private detach: () => void = () => {};
  /** Why there is no endpoint (shown in ENGINE_LOST errors). */
  private lostReason = 'The engine is not running';

  constructor(endpoint?: Endpoint) {
    if (endpoint) this.connect(endpoint);
  }

  /** Talks to `endpoint` from now on (a new engine worker); events keep their subscribers. */
  connect(endpoint: Endpoint): void {
    this.detach();
    const listener = (ev: MessageEvent): void => {
      if (this.endpoint === endpoint) this.onMessage(ev.data as WorkerWireMessage);
    };
    endpoint.addEventListener('message', listener);
    this.endpoint = endpoint;
    this.patchBase = [];
    this.lastSpeed = undefined;
    this.detach = () => endpoint.removeEventListener?.('message', listener);
  }

  /**
   * The engine is gone (`reason` says why): calls in flight fail with ENGINE_LOST, later calls fail at once until
   * `connect`, and the last snapshot is re-published with nothing moving (no rates, no ETA), so no view keeps
   * showing a transfer that is not happening.
   */
  disconnect(reason: string): void {
    this.detach();
    this.detach = () => {};
    this.endpoint = null;
    this.lostReason = reason;
    const calls = [...this.pending.values()];
    this.pending.clear();
    for (const p of calls) p.reject(lostError(reason, p.command));
    const last = this.lastSnapshot;
    if (last) {
      this.publish({
        type: 'snapshot',
        torrents: last.torrents.map((t) => ({ ...t, downloadRate: 0, uploadRate: 0, eta: null, peers: 0, seeds: 0 })),
      });
    }
  }

  get connected(): boolean {
    return this.endpoint !== null;
  }

  /** Sends a command; `transfer` lists buffers/channels to move rather than copy. */
  call<T extends CommandType>(
    command: Extract<Command, { type: T }>,
    transfer: Transferable[] = [],
    options: CallOptions = {},
  ): Promise<Replies[T]> {
    const endpoint = this.endpoint;
    if (!endpoint) return Promise.reject(lostError(this.lostReason, command.type));
    if (options.signal?.aborted) return Promise.reject(abortedError(command.type));
    const id = this.nextId++;
    const message: ToWorker = { id, command };
    const timeoutMs = options.timeoutMs ?? callTimeoutMs(command.type);
    return new Promise<Replies[T]>((resolve, reject) => {
      let timer: ReturnType<typeof setTimeout> | undefined;
      const onAbort = (): void => settle(() => reject(abortedError(command.type)));
      const settle = (then: () => void): void => {
        if (!this.pending.delete(id)) return;
        clearTimeout(timer);
        options.signal?.removeEventListener('abort', onAbort);
        then();
      };
      this.pending.set(id, {
        command: command.type,
        resolve: (v) => settle(() => resolve(v as Replies[T])),
        reject: (e) => {
          // disconnect() cleared the map already: clean up and reject directly.
          clearTimeout(timer);
          options.signal?.removeEventListener('abort', onAbort);
          reject(e);
        },
      });
      if (Number.isFinite(timeoutMs)) {
        timer = setTimeout(
          () =>
            settle(() =>
              reject(
                new EngineCallError({
                  code: ENGINE_TIMEOUT,
                  message: `The engine did not answer "${command.type}" within ${timeoutMs} ms`,
                  details: { command: command.type, timeoutMs },
                }),
              ),
            ),
          timeoutMs,
        );
      }
      options.signal?.addEventListener('abort', onAbort, { once: true });
      try {
        endpoint.postMessage(message, transfer);
      } catch (e) {
        settle(() => reject(e instanceof Error ? e : new Error(String(e))));
      }
    });
  }

  on<T extends EngineEvent['type']>(type: T, listener: Listener<T>): () => void {
    let set = this.listeners.get(type);
    if (!set) this.listeners.set(type, (set = new Set()));
    const l = listener as (e: EngineEvent) => void;
    set.add(l);
    // A late subscriber to snapshots gets the latest one at once rather than waiting for the next tick.
    if (type === 'snapshot' && this.lastSnapshot) queueMicrotask(() => set?.has(l) && l(this.lastSnapshot!));
    return () => set?.delete(l);
  }

  get snapshot(): EventOf<'snapshot'> | undefined {
    return this.lastSnapshot;
  }

  /** Calls in flight (tests, diagnostics). */
  get inFlight(): number {
    return this.pending.size;
  }

  private onMessage(msg: WorkerWireMessage): void {
    if (msg.kind === 'snapshot-patch') {
      // Based on the last list this worker sent (not the one disconnect() re-published with nothing moving).
      const started = performance.now();
      this.patchBase = applySnapshotPatch(this.patchBase, msg.patch);
      if (msg.patch.speed) this.lastSpeed = msg.patch.speed;
      this.publish({ type: 'snapshot', torrents: this.patchBase, ...(this.lastSpeed ? { speed: this.lastSpeed } : {}) });
      // Apply and the listeners (views render in the microtasks after; the bench times those): bench/scale.bench.ts.
      snapshotCostMeter().add(performance.now() - started);
      return;
    }
    if (msg.kind === 'reply') {
      const p = this.pending.get(msg.id);
      if (!p) return; // timed out or aborted: the late answer is dropped
      if (msg.ok) p.resolve(msg.value);
      else {
        this.pending.delete(msg.id);
        p.reject(new EngineCallError(msg.error));
      }
      return;
    }
    this.publish(msg.event);
  }

  private publish(event: EngineEvent): void {
    if (event.type === 'snapshot') this.lastSnapshot = event;
    const set = this.listeners.get(event.type);
    if (set) for (const l of [...set]) l(event);
  }
}

function lostError(reason: string, command: CommandType): EngineCallError {
  return new EngineCallError({ code: ENGINE_LOST, message: reason, details: { command } });
}

function abortedError(command: CommandType): EngineCallError {
  return new EngineCallError({ code: CALL_ABORTED, message: `"${command}" was aborted`, details: { command } });
}

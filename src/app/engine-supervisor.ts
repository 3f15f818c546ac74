// Keeps one engine worker alive for the window: starts it, notices when it dies (the Web Lock the worker holds for
// its life is released: `watchExit`; a heartbeat for a worker that hangs; a probe on its `error` event), fails what
// was in flight, and starts a new one that restores the torrents.
// It also hands the engine over cleanly (`release`) when another tab takes it. Decisions only: the worker, the
// network and the stream bridge of one engine come from `deps`.

import { ENGINE_TIMEOUT, EngineCallError, type EngineClient, type Endpoint } from '../api/client.ts';

/** What the supervisor needs of a Worker. */
export interface WorkerLike extends Endpoint {
  addEventListener(type: 'message', listener: (ev: MessageEvent) => void): void;
  addEventListener(type: 'error', listener: (ev: Event) => void): void;
  removeEventListener(type: 'message', listener: (ev: MessageEvent) => void): void;
  removeEventListener(type: 'error', listener: (ev: Event) => void): void;
  terminate(): void;
}

export type EngineStatus =
  /** A worker is starting (first start, or a restart: `restarts` > 0). */
  | 'starting'
  | 'ready'
  /** The worker died or stopped answering; a new one starts shortly. */
  | 'lost'
  /** Restarting failed `maxAttempts` times in a row: only the user (a reload) can try again. */
  | 'failed'
  /** Handed over to another tab (`release`). */
  | 'released';

export interface StatusDetail {
  /** Restarts after a loss, since the page loaded. */
  readonly restarts: number;
  /** Why the engine was lost or failed. */
  readonly reason?: string;
}

export interface SupervisorTimings {
  /** How often the worker is pinged. */
  readonly heartbeatMs: number;
  /**
   * A ping unanswered this long means the worker hung (it does nothing for the user). Generous: a dead worker is
   * seen at once by `watchExit`, and a busy one on a loaded machine must not be killed for being slow.
   */
  readonly lostAfterMs: number;
  /** Start attempts in a row that may fail before giving up. */
  readonly maxAttempts: number;
  /** Wait before the n-th retry of a failed start (the last entry repeats). */
  readonly retryDelaysMs: readonly number[];
}

export const DEFAULT_TIMINGS: SupervisorTimings = { heartbeatMs: 1000, lostAfterMs: 15_000, maxAttempts: 4, retryDelaysMs: [0, 1000, 3000] };

export interface SupervisorDeps {
  readonly client: EngineClient;
  spawn(): WorkerLike;
  /**
   * Wires a freshly connected engine (network layer, `init`, stream bridge) and resolves once it is ready;
   * returns what undoes that wiring. Called again for every new worker.
   */
  attach(client: EngineClient): Promise<() => void>;
  onStatus(status: EngineStatus, detail: StatusDetail): void;
  /**
   * Resolves when the worker is gone (crashed, closed itself, terminated), however busy it was; `signal` aborts the
   * watch. Absent: only the heartbeat notices.
   */
  watchExit?(worker: WorkerLike, signal: AbortSignal): Promise<void>;
  readonly timings?: Partial<SupervisorTimings>;
  readonly now?: () => number;
}

export class EngineSupervisor {
  private readonly t: SupervisorTimings;
  private readonly now: () => number;
  private worker: WorkerLike | null = null;
  private detachWorker: () => void = () => {};
  private teardown: (() => void) | null = null;
  private heartbeat: ReturnType<typeof setInterval> | undefined;
  private retryTimer: ReturnType<typeof setTimeout> | undefined;
  private probing = false;
  private exitWatch: AbortController | null = null;
  /** Bumped per worker: late callbacks of an older one are ignored. */
  private generation = 0;
  private attempts = 0;
  private restarts = 0;
  private stopped = false;
  status: EngineStatus = 'released';

  constructor(private readonly deps: SupervisorDeps) {
    this.t = { ...DEFAULT_TIMINGS, ...deps.timings };
    this.now = deps.now ?? (() => performance.now());
  }

  /** Starts an engine (first start, or taking it back from another tab). Resolves when it is ready or gave up. */
  async start(): Promise<void> {
    this.stopped = false;
    this.attempts = 0;
    await this.launch();
  }

  /**
   * Hands the engine over: asks it to save and close everything (bounded), then terminates the worker. In-flight
   * calls fail with ENGINE_LOST. Resolves when the worker is gone, so another tab may open the same files.
   */
  async release(reason = 'Rivulet moved to another tab', clean = true): Promise<void> {
    this.stopped = true;
    clearTimeout(this.retryTimer);
    this.stopHeartbeat();
    const generation = ++this.generation;
    if (clean && this.worker && this.deps.client.connected) {
      await this.deps.client.call({ type: 'shutdown' }).catch((e: unknown) => console.warn('The engine did not shut down cleanly', e));
    }
    if (generation !== this.generation) return;
    this.dropWorker(reason);
    this.setStatus('released', { reason });
  }

  private async launch(): Promise<void> {
    if (this.stopped) return;
    const generation = ++this.generation;
    this.setStatus('starting', {});
    const worker = this.deps.spawn();
    this.worker = worker;
    const onError = (ev: Event): void => {
      if (generation !== this.generation) return;
      // An uncaught error does not always kill a worker: ask it at once rather than guess.
      console.warn('The engine worker reported an error', (ev as ErrorEvent).message ?? ev);
      this.probe(generation);
    };
    worker.addEventListener('error', onError);
    this.detachWorker = () => worker.removeEventListener('error', onError);
    this.deps.client.connect(worker);
    try {
      const undo = await this.deps.attach(this.deps.client);
      if (generation !== this.generation) {
        undo();
        return;
      }
      this.teardown = undo;
    } catch (e) {
      if (generation !== this.generation) return;
      this.lost(`The engine did not start: ${e instanceof Error ? e.message : String(e)}`);
      return;
    }
    this.attempts = 0;
    this.setStatus('ready', {});
    this.heartbeat = setInterval(() => this.probe(generation), this.t.heartbeatMs);
    if (this.deps.watchExit) {
      const watch = (this.exitWatch = new AbortController());
      this.deps.watchExit(worker, watch.signal).then(
        () => {
          if (generation === this.generation && !watch.signal.aborted) this.lost('The engine worker stopped');
        },
        () => undefined, // aborted: this worker was let go on purpose
      );
    }
  }

  /** Pings the worker unless a ping is out; a ping unanswered for lostAfterMs loses the engine. */
  private probe(generation: number): void {
    if (this.probing || generation !== this.generation) return;
    this.probing = true;
    const sentAt = this.now();
    this.deps.client
      .call({ type: 'ping' }, [], { timeoutMs: this.t.lostAfterMs })
      .then(
        () => undefined,
        (e: unknown) => {
          if (generation !== this.generation) return;
          if (!(e instanceof EngineCallError && e.code === ENGINE_TIMEOUT)) return; // lost already, or released
          // The timer itself ran far too late (a frozen or heavily throttled page): no verdict; ask again.
          if (this.now() - sentAt > this.t.lostAfterMs * 3) return;
          this.lost(`The engine stopped answering (no reply in ${this.t.lostAfterMs} ms)`);
        },
      )
      .finally(() => {
        if (generation === this.generation) this.probing = false;
      });
  }

  private lost(reason: string): void {
    this.stopHeartbeat();
    this.generation++;
    this.dropWorker(reason);
    this.attempts++;
    if (this.attempts >= this.t.maxAttempts) {
      this.setStatus('failed', { reason });
      return;
    }
    this.restarts++;
    this.setStatus('lost', { reason });
    const delays = this.t.retryDelaysMs;
    const delay = delays[Math.min(this.attempts - 1, delays.length - 1)] ?? 0;
    this.retryTimer = setTimeout(() => void this.launch(), delay);
  }

  private dropWorker(reason: string): void {
    this.probing = false;
    this.exitWatch?.abort();
    this.exitWatch = null;
    this.detachWorker();
    this.detachWorker = () => {};
    this.deps.client.disconnect(reason);
    const undo = this.teardown;
    this.teardown = null;
    try {
      undo?.();
    } catch (e) {
      console.warn('Unwiring the engine failed', e);
    }
    // Terminating frees its files (OPFS handles) for the next worker, whether it was dead or only hung.
    this.worker?.terminate();
    this.worker = null;
  }

  private stopHeartbeat(): void {
    clearInterval(this.heartbeat);
    this.heartbeat = undefined;
  }

  private setStatus(status: EngineStatus, detail: Omit<StatusDetail, 'restarts'>): void {
    this.status = status;
    this.deps.onStatus(status, { restarts: this.restarts, ...detail });
  }
}

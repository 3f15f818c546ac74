import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ENGINE_LOST, EngineCallError, EngineClient } from '../../../src/api/client.ts';
import type { ToWorker } from '../../../src/api/protocol.ts';
import { EngineSupervisor, type EngineStatus, type WorkerLike } from '../../../src/app/engine-supervisor.ts';

/** A worker that answers pings and init until it is "killed" (then it answers nothing, as a dead worker). */
class FakeWorker implements WorkerLike {
  alive = true;
  terminated = false;
  readonly sent: ToWorker[] = [];
  private readonly listeners = new Map<string, Set<(ev: never) => void>>();
  postMessage(message: unknown): void {
    const m = message as ToWorker;
    this.sent.push(m);
    if (!this.alive) return;
    queueMicrotask(() => this.emit('message', { data: { kind: 'reply', id: m.id, ok: true, value: m.command.type === 'init' ? { restored: 0 } : undefined } }));
  }
  addEventListener(type: string, listener: (ev: never) => void): void {
    let set = this.listeners.get(type);
    if (!set) this.listeners.set(type, (set = new Set()));
    set.add(listener);
  }
  removeEventListener(type: string, listener: (ev: never) => void): void {
    this.listeners.get(type)?.delete(listener);
  }
  terminate(): void {
    this.terminated = true;
    this.alive = false;
  }
  emit(type: string, ev: unknown): void {
    for (const l of this.listeners.get(type) ?? []) (l as (e: unknown) => void)(ev);
  }
}

/** Stands in for the life lock (app/engine-life.ts): `exit(w)` is the browser releasing a dead worker's lock. */
class ExitWatch {
  readonly waiting = new Map<WorkerLike, { resolve: () => void; signal: AbortSignal }>();
  watch = (worker: WorkerLike, signal: AbortSignal): Promise<void> =>
    new Promise<void>((resolve, reject) => {
      this.waiting.set(worker, { resolve, signal });
      signal.addEventListener('abort', () => reject(signal.reason));
    });
  exit(worker: WorkerLike): void {
    this.waiting.get(worker)?.resolve();
  }
}

function setup(opts: { initFails?: boolean; exits?: ExitWatch } = {}) {
  const client = new EngineClient();
  const workers: FakeWorker[] = [];
  const statuses: EngineStatus[] = [];
  const teardowns: number[] = [];
  const supervisor = new EngineSupervisor({
    client,
    spawn: () => {
      const w = new FakeWorker();
      if (opts.initFails) w.alive = false;
      workers.push(w);
      return w;
    },
    attach: async (c) => {
      await c.call({ type: 'init', peerIdHex: '00'.repeat(20), settings: { storage: 'memory', maxPeersPerTorrent: 1, uploadSlots: 1 } }, [], { timeoutMs: 3000 });
      const n = workers.length;
      return () => teardowns.push(n);
    },
    onStatus: (s) => statuses.push(s),
    ...(opts.exits ? { watchExit: opts.exits.watch } : {}),
    timings: { heartbeatMs: 1000, lostAfterMs: 5000, maxAttempts: 3, retryDelaysMs: [0, 1000] },
  });
  return { client, workers, statuses, teardowns, supervisor };
}

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

describe('EngineSupervisor', () => {
  it('notices a worker that stopped answering, fails its calls, and starts a new one', async () => {
    const h = setup();
    await h.supervisor.start();
    expect(h.statuses).toEqual(['starting', 'ready']);
    const dead = h.workers[0]!;
    dead.alive = false;
    const inFlight = h.client.call({ type: 'detail', infoHashHex: 'ab'.repeat(20) }).catch((e: unknown) => e);
    // One heartbeat to send a ping, then the ping's limit.
    await vi.advanceTimersByTimeAsync(1000 + 5000);
    expect(h.statuses).toContain('lost');
    expect(dead.terminated).toBe(true);
    expect(h.teardowns).toEqual([1]);
    const err = await inFlight;
    expect(err).toBeInstanceOf(EngineCallError);
    expect((err as EngineCallError).code).toBe(ENGINE_LOST);
    await vi.advanceTimersByTimeAsync(10);
    expect(h.workers).toHaveLength(2);
    expect(h.statuses.at(-1)).toBe('ready');
    expect(h.workers[1]!.sent.some((m) => m.command.type === 'init')).toBe(true);
  });

  it('keeps a live worker: pings are answered, nothing restarts', async () => {
    const h = setup();
    await h.supervisor.start();
    await vi.advanceTimersByTimeAsync(60_000);
    expect(h.workers).toHaveLength(1);
    expect(h.statuses).toEqual(['starting', 'ready']);
    expect(h.workers[0]!.sent.filter((m) => m.command.type === 'ping').length).toBeGreaterThanOrEqual(50);
  });

  it('probes at once on the worker error event', async () => {
    const h = setup();
    await h.supervisor.start();
    const w = h.workers[0]!;
    w.alive = false;
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    w.emit('error', { message: 'boom' });
    expect(warn).toHaveBeenCalledWith('The engine worker reported an error', 'boom');
    warn.mockRestore();
    expect(w.sent.at(-1)!.command.type).toBe('ping');
    await vi.advanceTimersByTimeAsync(5000);
    expect(h.statuses).toContain('lost');
  });

  it('gives up after maxAttempts failed starts in a row', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const h = setup({ initFails: true });
    void h.supervisor.start();
    await vi.advanceTimersByTimeAsync(30_000);
    expect(h.workers).toHaveLength(3);
    expect(h.statuses.at(-1)).toBe('failed');
    expect(h.workers.every((w) => w.terminated)).toBe(true);
    warn.mockRestore();
  });

  it('releases cleanly: shutdown first, then terminate, and no restart', async () => {
    const h = setup();
    await h.supervisor.start();
    await h.supervisor.release();
    const w = h.workers[0]!;
    expect(w.sent.at(-1)!.command.type).toBe('shutdown');
    expect(w.terminated).toBe(true);
    expect(h.statuses.at(-1)).toBe('released');
    await vi.advanceTimersByTimeAsync(20_000);
    expect(h.workers).toHaveLength(1);
    expect(h.client.connected).toBe(false);
  });

  it('sees a dead worker at once through its life lock, busy or not, and starts a new one', async () => {
    const exits = new ExitWatch();
    const h = setup({ exits });
    await h.supervisor.start();
    const dead = h.workers[0]!;
    dead.alive = false;
    exits.exit(dead);
    await vi.advanceTimersByTimeAsync(0);
    expect(h.statuses).toContain('lost');
    expect(dead.terminated).toBe(true);
    await vi.advanceTimersByTimeAsync(10);
    expect(h.workers).toHaveLength(2);
    expect(h.statuses.at(-1)).toBe('ready');
    expect(exits.waiting.get(h.workers[1]!)?.signal.aborted).toBe(false);
  });

  it('stops watching a worker it let go: releasing is not a loss', async () => {
    const exits = new ExitWatch();
    const h = setup({ exits });
    await h.supervisor.start();
    const w = h.workers[0]!;
    await h.supervisor.release();
    expect(exits.waiting.get(w)?.signal.aborted).toBe(true);
    exits.exit(w);
    await vi.advanceTimersByTimeAsync(20_000);
    expect(h.statuses.at(-1)).toBe('released');
    expect(h.workers).toHaveLength(1);
  });
});

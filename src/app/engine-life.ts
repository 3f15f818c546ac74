// How the page sees the engine worker die at once, however busy it was: the worker holds a Web Lock named after it
// for its whole life (engine.worker.ts takes it before it handles any message), and the browser releases a lock
// when its holder's worker ends (crash, `self.close()`, terminate). The page queues for the same lock: granted
// means gone. The heartbeat (engine-supervisor.ts) remains for a worker that hangs without dying.

const names = new WeakMap<Worker, string>();

/** Starts an engine worker whose name is its life lock. */
export function spawnEngineWorker(): Worker {
  const name = `rivulet-engine-life-${crypto.randomUUID()}`;
  const worker = new Worker(new URL('./engine.worker.ts', import.meta.url), { type: 'module', name });
  names.set(worker, name);
  return worker;
}

/** Resolves when `worker` (from spawnEngineWorker, and past its first reply) is gone; rejects when `signal` aborts. */
export function watchEngineExit(worker: Worker, signal: AbortSignal): Promise<void> {
  const name = names.get(worker);
  // Without Web Locks (none of our targets), only the heartbeat notices.
  if (!name || !('locks' in navigator)) return new Promise<void>(() => {});
  return navigator.locks.request(name, { signal }, () => undefined).then(() => undefined);
}

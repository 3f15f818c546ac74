// One-shot timers for the network layer as a port, so the main thread's tracker sockets and WebRTC connector can run
// on timers that a hidden page does not throttle (timer-worker.ts). A hidden tab's own timers fire at most once a
// second, and after five minutes hidden Chromium's intensive wake-up throttling lets chained timers run once a minute:
// re-announces, reconnects and connection timeouts would then be late by up to a minute.

export type TimerHandle = ReturnType<typeof setTimeout> | number;

export interface Timers {
  set(fn: () => void, ms: number): TimerHandle;
  /** Cancels a timer; ignores undefined and timers that already fired. */
  clear(handle: TimerHandle | undefined): void;
}

/** The realm's own timers (tests, Node, and the fallback where a worker cannot start). */
export const realmTimers: Timers = {
  set: (fn, ms) => setTimeout(fn, ms),
  clear: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout> | undefined),
};

/** What a timer worker is sent and answers (timer-worker.ts). */
export type TimerRequest = { readonly id: number; readonly ms: number } | { readonly id: number; readonly cancel: true };

interface TimerPort {
  postMessage(message: TimerRequest): void;
  onmessage: ((ev: MessageEvent<number>) => void) | null;
}

/**
 * Timers kept in a dedicated worker: its timers are not throttled when the page is hidden, and the message it posts
 * when one is due wakes the page at once (message tasks are not throttled either).
 */
export class WorkerTimers implements Timers {
  private nextId = 1;
  private readonly pending = new Map<number, () => void>();

  constructor(private readonly port: TimerPort) {
    port.onmessage = (ev) => {
      const fn = this.pending.get(ev.data);
      if (!fn) return; // cancelled while the message was under way
      this.pending.delete(ev.data);
      fn();
    };
  }

  set(fn: () => void, ms: number): TimerHandle {
    const id = this.nextId++;
    this.pending.set(id, fn);
    this.port.postMessage({ id, ms: Math.max(0, ms) });
    return id;
  }

  clear(handle: TimerHandle | undefined): void {
    if (typeof handle !== 'number' || !this.pending.delete(handle)) return;
    this.port.postMessage({ id: handle, cancel: true });
  }

  /** Timers set and not yet fired or cleared (tests). */
  get size(): number {
    return this.pending.size;
  }
}

// One engine per browser profile: OPFS sync access handles are exclusive, and two engines would share one set of
// files, so only the tab holding the `rivulet-engine` Web Lock runs it. Another tab of the app waits, saying so,
// and its "Use here" asks the running tab to hand over: that tab saves, closes its channels and files, terminates
// its worker, and lets go of the lock, which the asking tab then takes. A tab that closes lets go too, and a
// waiting tab takes over by itself. Tabs talk over a BroadcastChannel.

const LOCK = 'rivulet-engine';
const CHANNEL = 'rivulet-tabs';
/** A running tab that has not handed over by then (frozen, hung) has the lock stolen from it. */
export const TAKE_OVER_TIMEOUT_MS = 20_000;

export type TabState =
  /** This tab runs the engine (or is starting it). */
  | 'running'
  /** Another tab runs it: this one waits. */
  | 'elsewhere'
  /** This tab ran it until another tab took it over. */
  | 'moved'
  /** "Use here" was pressed: waiting for the other tab to hand over. */
  | 'taking-over';

export type TabMessage =
  | { type: 'hello'; from: string }
  | { type: 'here'; from: string }
  | { type: 'bye'; from: string }
  /** `from` asks the running tab to hand the engine over. */
  | { type: 'take'; from: string }
  | { type: 'running'; from: string };

/** What EngineTab needs of a BroadcastChannel. */
export interface TabChannel {
  postMessage(message: TabMessage): void;
  addEventListener(type: 'message', listener: (ev: MessageEvent) => void): void;
}

/** What EngineTab needs of navigator.locks (tests pass a fake). */
export interface TabLocks {
  request(name: string, options: LockOptions, callback: (lock: Lock | null) => unknown): Promise<unknown>;
  query?(): Promise<LockManagerSnapshot>;
}

/** How often the running tab counts the tabs waiting for the engine (a closed tab cannot always say bye). */
const COUNT_TABS_MS = 2000;

export interface EngineTabDeps {
  /** Runs the engine in this tab; resolves when it is up (or gave up: the supervisor reports that itself). */
  start(): Promise<void>;
  /** Stops it cleanly (save, close channels and files, terminate the worker); resolves when it is gone. */
  release(): Promise<void>;
  /** Stolen from: the worker must go now (no time to save; resume records are at most a second old). */
  lost(): void;
  onState(state: TabState): void;
  /** The number of other open tabs of the app changed. */
  onOthers?(count: number): void;
  /** Absent: navigator.locks (when the browser has it). */
  readonly locks?: TabLocks | null;
  readonly channel?: TabChannel | null;
  readonly id?: string;
}

export class EngineTab {
  readonly id: string;
  state: TabState = 'elsewhere';
  private readonly locks: TabLocks | null;
  private readonly channel: TabChannel | null;
  private readonly others = new Set<string>();
  /** Resolving it lets go of the lock. */
  private releaseLock: (() => void) | null = null;
  /** A request waiting for the lock (aborted when it is no longer wanted). */
  private waiting: AbortController | null = null;
  /** The tab that asked to take over (so a waiting third tab granted the lock first passes it on). */
  private taker: { id: string; until: number } | null = null;
  private takeTimer: ReturnType<typeof setTimeout> | undefined;
  private handingOver = false;
  private counted = -1;
  private waitingTabs: number | undefined;
  private countTimer: ReturnType<typeof setInterval> | undefined;

  constructor(private readonly deps: EngineTabDeps) {
    this.id = deps.id ?? Math.random().toString(36).slice(2);
    this.locks = deps.locks !== undefined ? deps.locks : typeof navigator !== 'undefined' && 'locks' in navigator ? navigator.locks : null;
    this.channel = deps.channel !== undefined ? deps.channel : typeof BroadcastChannel !== 'undefined' ? new BroadcastChannel(CHANNEL) : null;
    this.channel?.addEventListener('message', (ev) => void this.onMessage(ev.data as TabMessage));
  }

  /**
   * Other open tabs of the app, as the running tab knows them: each waits for the lock, so the lock's queue counts
   * them (a tab that crashed never says bye); without `locks.query`, those that said hello and not yet bye.
   */
  get otherTabs(): number {
    return this.waitingTabs ?? this.others.size;
  }

  /** Recounts the tabs waiting for the lock (while running). */
  async countOthers(): Promise<void> {
    if (this.state !== 'running' || !this.locks?.query) return;
    const snapshot = await this.locks.query().catch(() => undefined);
    if (!snapshot || this.state !== 'running') return;
    this.waitingTabs = (snapshot.pending ?? []).filter((l) => l.name === LOCK).length;
    if (this.waitingTabs !== this.counted) {
      this.counted = this.waitingTabs;
      this.deps.onOthers?.(this.counted);
    }
  }

  /** Runs the engine here if no tab does; otherwise waits (and takes over when that tab closes). */
  async begin(): Promise<void> {
    this.post({ type: 'hello', from: this.id });
    const locks = this.locks;
    if (!locks) {
      // No Web Locks (very old browsers): run anyway; the OPFS file locks still refuse a second engine per torrent.
      await this.run();
      return;
    }
    const granted = await new Promise<boolean>((decided) => {
      locks
        .request(LOCK, { ifAvailable: true }, (lock) => {
          decided(lock !== null);
          return lock ? this.hold() : undefined;
        })
        .catch((e: unknown) => this.lockEnded(e));
    });
    if (!granted) {
      this.setState('elsewhere');
      this.queue();
    }
  }

  /** "Use here": asks the running tab to hand over; steals the lock if it does not within TAKE_OVER_TIMEOUT_MS. */
  useHere(): void {
    if (this.state === 'running' || this.state === 'taking-over') return;
    this.setState('taking-over');
    this.taker = { id: this.id, until: Date.now() + TAKE_OVER_TIMEOUT_MS };
    this.queue();
    this.post({ type: 'take', from: this.id });
    clearTimeout(this.takeTimer);
    this.takeTimer = setTimeout(() => this.steal(), TAKE_OVER_TIMEOUT_MS);
  }

  /** The page is going away: the others learn it at once (the lock goes with the page). */
  leave(): void {
    this.post({ type: 'bye', from: this.id });
  }

  private async run(): Promise<void> {
    clearTimeout(this.takeTimer);
    this.taker = null;
    this.setState('running');
    this.post({ type: 'running', from: this.id });
    void this.countOthers();
    clearInterval(this.countTimer);
    this.countTimer = setInterval(() => void this.countOthers(), COUNT_TABS_MS);
    await this.deps.start();
  }

  /** Runs the engine and holds the lock until handOver() lets go of it. */
  private hold(): Promise<void> {
    const held = new Promise<void>((resolve) => (this.releaseLock = resolve));
    void this.run();
    return held;
  }

  /** A lock request that ended in a rejection: stolen while held, or aborted while waiting. */
  private lockEnded(e: unknown): void {
    if (this.releaseLock && this.state === 'running') {
      this.stolen();
      return;
    }
    if (!(e instanceof DOMException && e.name === 'AbortError')) console.warn('The engine lock failed', e);
  }

  /** Waits for the lock: granted when the running tab closes or hands over. */
  private queue(): void {
    if (!this.locks || this.waiting) return;
    const abort = new AbortController();
    this.waiting = abort;
    this.locks
      .request(LOCK, { signal: abort.signal }, () => {
        this.waiting = null;
        // Another tab asked for it (and is queued behind us): pass it on rather than take it from under them.
        if (this.taker && this.taker.id !== this.id && Date.now() < this.taker.until) {
          queueMicrotask(() => this.queue());
          return undefined;
        }
        return this.hold();
      })
      .catch((e: unknown) => {
        if (this.waiting === abort) this.waiting = null;
        this.lockEnded(e);
      });
  }

  private steal(): void {
    if (this.state !== 'taking-over' || !this.locks) return;
    console.warn(`The running tab did not hand the engine over within ${TAKE_OVER_TIMEOUT_MS} ms: taking it`);
    this.waiting?.abort();
    this.waiting = null;
    this.locks.request(LOCK, { steal: true }, () => this.hold()).catch((e: unknown) => this.lockEnded(e));
  }

  /** Our lock was stolen (the other tab gave up waiting for us). */
  private stolen(): void {
    this.releaseLock = null;
    this.deps.lost();
    this.setState('moved');
    this.queue();
  }

  private async onMessage(m: TabMessage): Promise<void> {
    if (!m || m.from === this.id) return;
    switch (m.type) {
      case 'hello':
        this.others.add(m.from);
        this.post({ type: 'here', from: this.id });
        void this.countOthers();
        return;
      case 'here':
        this.others.add(m.from);
        return;
      case 'bye':
        this.others.delete(m.from);
        // Its lock request goes when the page does, a moment after this message.
        setTimeout(() => void this.countOthers(), 100);
        return;
      case 'running':
        this.others.add(m.from);
        if (this.taker?.id === m.from) this.taker = null;
        return;
      case 'take':
        this.others.add(m.from);
        this.taker = { id: m.from, until: Date.now() + TAKE_OVER_TIMEOUT_MS };
        if (this.state === 'taking-over') {
          // Both asked: the later one wins; this tab waits again.
          clearTimeout(this.takeTimer);
          this.setState('elsewhere');
        }
        if (this.state === 'running') await this.handOver();
        return;
    }
  }

  private async handOver(): Promise<void> {
    if (this.handingOver) return;
    this.handingOver = true;
    try {
      await this.deps.release();
    } finally {
      this.handingOver = false;
    }
    const release = this.releaseLock;
    this.releaseLock = null;
    this.setState('moved');
    release?.();
    // Queued behind the taker: this tab takes the engine back by itself if that one closes.
    this.queue();
  }

  private setState(state: TabState): void {
    if (state !== 'running') clearInterval(this.countTimer);
    this.state = state;
    this.deps.onState(state);
  }

  private post(m: TabMessage): void {
    this.channel?.postMessage(m);
  }
}

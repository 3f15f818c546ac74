import { describe, expect, it, vi } from 'vitest';
import { EngineTab, type TabChannel, type TabLocks, type TabMessage, type TabState } from '../../../src/app/single-tab.ts';
import { engineAttribute, hasActiveTransfers } from '../../../src/app/engine-view.ts';
import type { TorrentSnapshot } from '../../../src/api/protocol.ts';

/** One lock, granted in request order (Web Locks semantics for exclusive locks, without steal). */
class FakeLocks implements TabLocks {
  private held = false;
  private readonly queue: { callback: (l: Lock | null) => unknown; resolve(v: unknown): void; reject(e: unknown): void; signal?: AbortSignal }[] = [];
  request(_name: string, options: LockOptions, callback: (lock: Lock | null) => unknown): Promise<unknown> {
    return new Promise((resolve, reject) => {
      if (options.ifAvailable && this.held) {
        resolve(callback(null));
        return;
      }
      const entry = { callback, resolve, reject, ...(options.signal ? { signal: options.signal } : {}) };
      options.signal?.addEventListener('abort', () => {
        const i = this.queue.indexOf(entry);
        if (i >= 0) this.queue.splice(i, 1);
        reject(new DOMException('aborted', 'AbortError'));
      });
      this.queue.push(entry);
      this.next();
    });
  }
  async query(): Promise<LockManagerSnapshot> {
    return { held: this.held ? [{ name: 'rivulet-engine', mode: 'exclusive' }] : [], pending: this.queue.map(() => ({ name: 'rivulet-engine', mode: 'exclusive' as const })) };
  }
  private next(): void {
    if (this.held) return;
    const entry = this.queue.shift();
    if (!entry) return;
    this.held = true;
    void Promise.resolve(entry.callback({ name: 'rivulet-engine', mode: 'exclusive' } as Lock)).then((v) => {
      this.held = false;
      entry.resolve(v);
      this.next();
    });
  }
}

/** A BroadcastChannel bus: every other tab gets each message (asynchronously, as in browsers). */
function bus() {
  const members: ((m: TabMessage) => void)[] = [];
  return (): TabChannel => {
    let me: (m: TabMessage) => void = () => {};
    const channel: TabChannel = {
      postMessage: (m) => {
        for (const other of members) if (other !== me) setTimeout(() => other(m), 0);
      },
      addEventListener: (_t, listener) => {
        me = (m) => listener({ data: m } as MessageEvent);
        members.push(me);
      },
    };
    return channel;
  };
}

function tab(id: string, locks: FakeLocks, channel: TabChannel) {
  const log: string[] = [];
  const states: TabState[] = [];
  const t = new EngineTab({
    id,
    locks,
    channel,
    start: async () => void log.push('start'),
    release: async () => void log.push('release'),
    lost: () => log.push('lost'),
    onState: (s) => states.push(s),
  });
  return { t, log, states };
}

const settle = () => new Promise((r) => setTimeout(r, 10));

describe('EngineTab', () => {
  it('runs in the first tab; a second waits, takes over with Use here, and the first hands over cleanly', async () => {
    const locks = new FakeLocks();
    const channel = bus();
    const a = tab('a', locks, channel());
    const b = tab('b', locks, channel());
    await a.t.begin();
    await settle();
    expect(a.t.state).toBe('running');
    await b.t.begin();
    await settle();
    expect(b.t.state).toBe('elsewhere');
    expect(b.log).toEqual([]);
    expect(a.t.otherTabs).toBe(1);

    b.t.useHere();
    expect(b.t.state).toBe('taking-over');
    await settle();
    expect(a.log).toEqual(['start', 'release']);
    expect(a.t.state).toBe('moved');
    expect(b.t.state).toBe('running');
    expect(b.log).toEqual(['start']);

    // And back.
    a.t.useHere();
    await settle();
    expect(b.log).toEqual(['start', 'release']);
    expect(a.t.state).toBe('running');
    expect(a.log).toEqual(['start', 'release', 'start']);
  });

  it('without Web Locks it runs anyway', async () => {
    const x = new EngineTab({ locks: null, channel: null, start: async () => {}, release: async () => {}, lost: () => {}, onState: vi.fn() });
    await x.begin();
    expect(x.state).toBe('running');
  });
});

describe('engine view', () => {
  it('maps tab and engine states to data-engine', () => {
    expect(engineAttribute('running', 'ready', 0)).toBe('ready');
    expect(engineAttribute('running', 'starting', 0)).toBe('starting');
    expect(engineAttribute('running', 'starting', 2)).toBe('lost');
    expect(engineAttribute('running', 'failed', 3)).toBe('failed');
    expect(engineAttribute('elsewhere', 'released', 0)).toBe('elsewhere');
    expect(engineAttribute('moved', 'released', 0)).toBe('moved');
  });

  it('asks before closing only while something transfers', () => {
    const t = (state: string, uploadRate = 0) => ({ state, uploadRate }) as unknown as TorrentSnapshot;
    expect(hasActiveTransfers([t('seeding'), t('paused')])).toBe(false);
    expect(hasActiveTransfers([t('seeding', 1000)])).toBe(true);
    expect(hasActiveTransfers([t('downloading')])).toBe(true);
  });
});

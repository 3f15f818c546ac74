// The network layer's timer port: WorkerTimers over a worker-like port (ids out, ids back, cancels, late answers),
// and the tracker client running its schedule on injected timers, so a hidden page can hand it unthrottled ones.

import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { randomBytes } from '../../../src/engine/bytes.ts';
import { WorkerTimers, realmTimers, type TimerHandle, type TimerRequest, type Timers } from '../../../src/net/timers.ts';
import { WsTrackerClient } from '../../../src/net/tracker/ws-tracker-client.ts';
import { startTracker } from '../server/server-api.ts';

class FakePort {
  readonly sent: TimerRequest[] = [];
  onmessage: ((ev: MessageEvent<number>) => void) | null = null;
  postMessage(m: TimerRequest): void {
    this.sent.push(m);
  }
  fire(id: number): void {
    this.onmessage?.({ data: id } as MessageEvent<number>);
  }
}

describe('WorkerTimers', () => {
  it('asks the worker for each timer and runs it once when the worker answers', () => {
    const port = new FakePort();
    const timers = new WorkerTimers(port);
    let runs = 0;
    const h = timers.set(() => runs++, 1500);
    expect(port.sent).toEqual([{ id: h, ms: 1500 }]);
    port.fire(h as number);
    port.fire(h as number);
    expect(runs).toBe(1);
    expect(timers.size).toBe(0);
  });

  it('cancels in the worker, and ignores an answer already under way', () => {
    const port = new FakePort();
    const timers = new WorkerTimers(port);
    let runs = 0;
    const h = timers.set(() => runs++, 10);
    timers.clear(h);
    timers.clear(h);
    timers.clear(undefined);
    expect(port.sent).toEqual([{ id: h, ms: 10 }, { id: h, cancel: true }]);
    port.fire(h as number);
    expect(runs).toBe(0);
  });

  it('clamps negative delays to 0', () => {
    const port = new FakePort();
    new WorkerTimers(port).set(() => {}, -5);
    expect(port.sent[0]).toMatchObject({ ms: 0 });
  });
});

describe('the tracker client on injected timers', () => {
  const cleanups: (() => unknown)[] = [];
  afterEach(async () => {
    for (const c of cleanups.splice(0).reverse()) await c();
  });

  it('keeps its connect timeout and next announce on the timers it is given, not the realm’s', async () => {
    const t = await startTracker();
    cleanups.push(() => t.close());
    const delays: number[] = [];
    const recording: Timers = {
      set: (fn, ms) => {
        delays.push(ms);
        return realmTimers.set(fn, ms);
      },
      clear: (h: TimerHandle | undefined) => realmTimers.clear(h),
    };
    const signaling = {
      createOffers: async () => [],
      discardOffers: () => {},
      answerOffer: async () => null,
      acceptAnswer: () => {},
    };
    const c = new WsTrackerClient({ peerId: randomBytes(20), signaling, WebSocketImpl: WebSocket, timers: recording, connectTimeoutMs: 4321 });
    cleanups.push(() => c.destroy());
    c.add({ infoHash: randomBytes(20), stats: () => ({ uploaded: 0, downloaded: 0, left: 1 }), peersWanted: () => 5 }, [t.trackerUrl]);
    expect(delays).toContain(4321);
    // Once online and announced, the next announce (30 s while peers are wanted) is one of these timers too.
    const end = Date.now() + 5000;
    while (!delays.some((d) => d > 20_000 && d <= 30_000) && Date.now() < end) await new Promise((r) => setTimeout(r, 20));
    expect(delays.some((d) => d > 20_000 && d <= 30_000)).toBe(true);
  });
});

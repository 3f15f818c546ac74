// The page's part of streaming: it hands a port to the engine and the other end to the service worker, at start,
// on controllerchange (an app update), and whenever a service worker asks (it restarted); and stops when told to.

import { afterEach, describe, expect, it } from 'vitest';
import { bridgeStreams, streamingAvailable, type WorkerContainer } from '../../../src/api/stream-bridge.ts';
import { STREAM_PORT_OFFER, STREAM_PORT_REQUEST } from '../../../src/api/file-stream.ts';
import { FakeEngine } from '../components/fake-engine.ts';

/** A service worker that records what it is sent. */
function fakeWorker(name: string) {
  const posted: { data: unknown; ports: MessagePort[] }[] = [];
  return {
    name,
    posted,
    postMessage(data: unknown, transfer: Transferable[] = []) {
      posted.push({ data, ports: transfer as MessagePort[] });
    },
  };
}

class FakeContainer implements WorkerContainer {
  controller: ServiceWorker | null = null;
  started = false;
  private readonly listeners = new Map<string, Set<(ev: Event) => void>>();
  addEventListener(type: string, l: (ev: Event) => void): void {
    if (!this.listeners.has(type)) this.listeners.set(type, new Set());
    this.listeners.get(type)!.add(l);
  }
  removeEventListener(type: string, l: (ev: Event) => void): void {
    this.listeners.get(type)?.delete(l);
  }
  startMessages(): void {
    this.started = true;
  }
  dispatch(type: string, ev: object): void {
    for (const l of this.listeners.get(type) ?? []) l(ev as Event);
  }
  count(type: string): number {
    return this.listeners.get(type)?.size ?? 0;
  }
}

const opened: MessagePort[] = [];
afterEach(() => {
  for (const p of opened.splice(0)) p.close();
});

function portsOf(engine: FakeEngine): MessagePort[] {
  const ports = engine.commandsOf('stream-port').map((c) => c.port);
  opened.push(...ports);
  return ports;
}

describe('bridgeStreams', () => {
  it('hands one end of a new channel to the engine and the other to the controlling service worker at once', async () => {
    const engine = new FakeEngine();
    const container = new FakeContainer();
    const sw = fakeWorker('v1');
    container.controller = sw as unknown as ServiceWorker;
    bridgeStreams(engine.client, container);
    expect(container.started).toBe(true);
    const [enginePort] = portsOf(engine);
    expect(engine.sent[0]!.transfer).toEqual([enginePort]);
    expect(sw.posted).toHaveLength(1);
    expect(sw.posted[0]!.data).toEqual({ type: STREAM_PORT_OFFER });
    const swPort = sw.posted[0]!.ports[0]!;
    opened.push(swPort);
    // The two ends are one channel.
    const got = new Promise((resolve) => (enginePort!.onmessage = (ev) => resolve(ev.data)));
    swPort.postMessage('ping');
    await expect(got).resolves.toBe('ping');
  });

  it('waits for a controller on a first visit, then hands over on controllerchange (also an app update)', () => {
    const engine = new FakeEngine();
    const container = new FakeContainer();
    bridgeStreams(engine.client, container);
    expect(engine.sent).toHaveLength(0);
    const v1 = fakeWorker('v1');
    container.controller = v1 as unknown as ServiceWorker;
    container.dispatch('controllerchange', {});
    const v2 = fakeWorker('v2');
    container.controller = v2 as unknown as ServiceWorker;
    container.dispatch('controllerchange', {});
    expect(v1.posted).toHaveLength(1);
    expect(v2.posted).toHaveLength(1);
    expect(portsOf(engine)).toHaveLength(2);
  });

  it('answers a service worker that asks for a port (it was restarted), and ignores other messages', () => {
    const engine = new FakeEngine();
    const container = new FakeContainer();
    bridgeStreams(engine.client, container);
    const asking = fakeWorker('restarted');
    container.dispatch('message', { data: { type: 'something-else' }, source: asking });
    expect(asking.posted).toHaveLength(0);
    container.dispatch('message', { data: { type: STREAM_PORT_REQUEST }, source: asking });
    expect(asking.posted).toHaveLength(1);
    expect(portsOf(engine)).toHaveLength(1);
  });

  it('stops answering once stopped (the engine moved to another tab)', () => {
    const engine = new FakeEngine();
    const container = new FakeContainer();
    const stop = bridgeStreams(engine.client, container);
    stop();
    expect(container.count('message')).toBe(0);
    expect(container.count('controllerchange')).toBe(0);
    container.dispatch('message', { data: { type: STREAM_PORT_REQUEST }, source: fakeWorker('x') });
    expect(engine.sent).toHaveLength(0);
  });
});

describe('streamingAvailable', () => {
  it('is true only while a service worker controls the page', () => {
    expect(streamingAvailable(undefined)).toBe(false);
    expect(streamingAvailable({ controller: null })).toBe(false);
    expect(streamingAvailable({ controller: {} as ServiceWorker })).toBe(true);
  });
});

import { afterEach, describe, expect, it, vi } from 'vitest';
import { ENGINE_LOST, ENGINE_TIMEOUT, CALL_ABORTED, EngineCallError, EngineClient, type Endpoint } from '../../../src/api/client.ts';
import { DEFAULT_TIMEOUT_MS, callTimeoutMs } from '../../../src/api/call-timeouts.ts';
import type { FromWorker, SpeedStatus, ToWorker, TorrentSnapshot, WorkerWireMessage } from '../../../src/api/protocol.ts';
import { SnapshotEncoder } from '../../../src/api/snapshot-patch.ts';
import { snapshotCostMeter } from '../../../src/api/snapshot-cost.ts';

/** An endpoint that never answers unless told to. */
class SilentWorker implements Endpoint {
  readonly sent: ToWorker[] = [];
  private listener: ((ev: MessageEvent) => void) | undefined;
  postMessage(message: unknown): void {
    this.sent.push(message as ToWorker);
  }
  addEventListener(_type: 'message', listener: (ev: MessageEvent) => void): void {
    this.listener = listener;
  }
  removeEventListener(): void {
    this.listener = undefined;
  }
  deliver(data: FromWorker | WorkerWireMessage): void {
    this.listener?.({ data } as MessageEvent);
  }
}

async function codeOf(p: Promise<unknown>): Promise<string> {
  const e = await p.then(
    () => null,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(EngineCallError);
  return (e as EngineCallError).code;
}

afterEach(() => vi.useRealTimers());

describe('EngineClient', () => {
  it('fails a call the engine never answers with ENGINE_TIMEOUT after the command timeout', async () => {
    vi.useFakeTimers();
    const w = new SilentWorker();
    const client = new EngineClient(w);
    const call = client.call({ type: 'pause', infoHashHex: 'ab'.repeat(20) });
    const code = codeOf(call);
    await vi.advanceTimersByTimeAsync(DEFAULT_TIMEOUT_MS - 1);
    expect(client.inFlight).toBe(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(await code).toBe(ENGINE_TIMEOUT);
    expect(client.inFlight).toBe(0);
    // The late answer is dropped quietly.
    w.deliver({ kind: 'reply', id: w.sent[0]!.id, ok: true, value: undefined });
  });

  it('gives long commands longer and a hashing job no timeout', () => {
    expect(callTimeoutMs('init')).toBeGreaterThan(DEFAULT_TIMEOUT_MS);
    expect(callTimeoutMs('seed')).toBe(Infinity);
    expect(callTimeoutMs('ping')).toBeLessThan(DEFAULT_TIMEOUT_MS);
  });

  it('fails every call in flight with ENGINE_LOST on disconnect, and later calls at once until connected again', async () => {
    const w = new SilentWorker();
    const client = new EngineClient(w);
    const a = codeOf(client.call({ type: 'detail', infoHashHex: 'ab'.repeat(20) }));
    const b = codeOf(client.call({ type: 'seed', jobId: 'j', inputs: [], options: {} }));
    client.disconnect('The engine stopped answering');
    expect(await a).toBe(ENGINE_LOST);
    expect(await b).toBe(ENGINE_LOST);
    expect(await codeOf(client.call({ type: 'ping' }))).toBe(ENGINE_LOST);

    const next = new SilentWorker();
    client.connect(next);
    const reply = client.call({ type: 'ping' });
    next.deliver({ kind: 'reply', id: next.sent[0]!.id, ok: true, value: undefined });
    await expect(reply).resolves.toBeUndefined();
    // The old worker's messages no longer reach the client.
    const events: unknown[] = [];
    client.on('completed', (e) => events.push(e));
    w.deliver({ kind: 'event', event: { type: 'completed', infoHashHex: 'x', name: 'x' } });
    expect(events).toEqual([]);
  });

  it('aborts a call through its signal', async () => {
    const client = new EngineClient(new SilentWorker());
    const abort = new AbortController();
    const call = codeOf(client.call({ type: 'read', infoHashHex: 'ab'.repeat(20), fileIndex: 0, offset: 0, length: 1 }, [], { signal: abort.signal }));
    abort.abort();
    expect(await call).toBe(CALL_ABORTED);
    expect(client.inFlight).toBe(0);
  });

  it('republishes the last snapshot with nothing moving when the engine is lost', async () => {
    const w = new SilentWorker();
    const client = new EngineClient(w);
    const t = { infoHashHex: 'ab'.repeat(20), downloadRate: 1_200_000, uploadRate: 5, eta: 51, peers: 3, seeds: 1, downloaded: 7 } as unknown as TorrentSnapshot;
    w.deliver({ kind: 'event', event: { type: 'snapshot', torrents: [t] } });
    const seen: TorrentSnapshot[][] = [];
    client.on('snapshot', (e) => seen.push([...e.torrents]));
    await Promise.resolve();
    client.disconnect('gone');
    const last = seen.at(-1)![0]!;
    expect(last).toMatchObject({ downloadRate: 0, uploadRate: 0, eta: null, peers: 0, downloaded: 7 });
  });

  it('keeps the speed status the worker sent last when a patch leaves it out, and times each patch it applies', () => {
    const w = new SilentWorker();
    const client = new EngineClient(w);
    const enc = new SnapshotEncoder();
    const speed: SpeedStatus = { downloadLimit: 1000, uploadLimit: null, altSpeed: false, scheduled: false };
    const t = { infoHashHex: 'ab'.repeat(20), name: 'a', uploaded: 0 } as unknown as TorrentSnapshot;
    const meter = snapshotCostMeter();
    const before = meter.count;
    w.deliver({ kind: 'snapshot-patch', patch: enc.encode([t], speed) });
    const next = enc.encode([{ ...t, uploaded: 9 }], speed);
    expect(next).not.toHaveProperty('speed');
    w.deliver({ kind: 'snapshot-patch', patch: next });
    expect(client.snapshot?.speed).toEqual(speed);
    expect(client.snapshot?.torrents[0]!.uploaded).toBe(9);
    expect(meter.count).toBe(before + 2);
  });
});

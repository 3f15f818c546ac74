import { describe, expect, it } from 'vitest';
import type { PeerChannelEvents } from '../../../../src/engine/ports.ts';
import { pumpChannel } from '../../../../src/net/webrtc/port-channel.ts';
import { PortPeerChannel } from '../../../../src/net/webrtc/worker-port-channel.ts';
import { FakeDataChannel, pattern, waitFor } from './fake-data-channel.ts';

// Node's MessageChannel stands in for the window<->worker hop: same structured clone, same transfer lists.

function setup(opts: { lowWaterMark?: number } = {}) {
  const dc = new FakeDataChannel(65_536);
  const closes: string[] = [];
  const port = pumpChannel(dc.asChannel(), { maxMessageSize: 65_536, pollMs: 5, ackBatchBytes: 1024, onClose: (r) => closes.push(r) });
  const ch = new PortPeerChannel(port, opts);
  const log: string[] = [];
  const data: Uint8Array[] = [];
  const events: PeerChannelEvents = {
    data: (c) => {
      data.push(c);
      log.push(`data:${c.length}`);
    },
    drain: () => log.push('drain'),
    close: (r) => log.push(`close:${r ?? ''}`),
  };
  return { dc, ch, log, data, events, closes };
}

describe('pumpChannel + PortPeerChannel', () => {
  it('forwards what the worker sends before open once the channel opens, in order, split to the size limit', async () => {
    const { dc, ch, events } = setup();
    ch.open(events);
    const big = pattern(100_000, 3);
    ch.send(pattern(68, 1));
    ch.send(big);
    await new Promise((r) => setTimeout(r, 20));
    expect(dc.sent).toHaveLength(0);
    dc.open();
    await waitFor('the queued sends', () => dc.sent.length === 3);
    expect(dc.sent.map((s) => s.length)).toEqual([68, 65_536, 100_000 - 65_536]);
    expect(Buffer.compare(dc.sentBytes.subarray(68), pattern(100_000, 3))).toBe(0); // `big` itself was moved
    expect(await ch.whenOpen()).toBe(true);
  });

  it('moves received ArrayBuffers to the worker without copying them', async () => {
    const { dc, ch, data, events } = setup();
    ch.open(events);
    dc.open();
    const buf = pattern(1000, 5).buffer as ArrayBuffer;
    dc.onmessage?.({ data: buf });
    expect(buf.byteLength).toBe(0); // detached: it was transferred, not cloned
    await waitFor('the chunk', () => data.length === 1);
    expect(data[0]).toEqual(pattern(1000, 5));
  });

  it('transfers a whole-buffer send and copies a window into a larger buffer', async () => {
    const { dc, ch, events } = setup();
    ch.open(events);
    dc.open();
    const whole = pattern(500, 1);
    ch.send(whole);
    expect(whole.byteLength).toBe(0); // moved
    const backing = pattern(1000, 2);
    ch.send(backing.subarray(100, 200));
    expect(backing.byteLength).toBe(1000); // still usable by whoever else holds it
    await waitFor('both sends', () => dc.sent.length === 2);
    expect(dc.sent[1]).toEqual(pattern(1000, 2).subarray(100, 200));
  });

  it('counts unacknowledged bytes as buffered and emits drain when the pump reports them gone', async () => {
    const { dc, ch, log, events } = setup({ lowWaterMark: 10_000 });
    ch.open(events);
    dc.open();
    for (let i = 0; i < 4; i++) ch.send(pattern(16_384, i));
    expect(ch.bufferedAmount).toBe(65_536);
    await waitFor('the sends to reach the channel', () => dc.sent.length === 4);
    await new Promise((r) => setTimeout(r, 30));
    expect(ch.bufferedAmount).toBe(65_536); // still in the channel's buffer: not acknowledged
    expect(log).toEqual([]);
    dc.drainTo(8_000, false); // no event: the pump's poll must notice
    await waitFor('drain', () => log.includes('drain'));
    expect(ch.bufferedAmount).toBe(8_000);
    dc.drainTo(0, false);
    await waitFor('the final ack', () => ch.bufferedAmount === 0);
    expect(log).toEqual(['drain']);
  });

  it('passes a remote close to the worker, and a worker close to the channel', async () => {
    const a = setup();
    a.ch.open(a.events);
    a.dc.open();
    a.dc.remoteClose();
    await waitFor('the close', () => a.log.length > 0);
    expect(a.log).toEqual(['close:channel closed']);
    expect(a.closes).toEqual(['channel closed']); // the app learns it too, to close the RTCPeerConnection

    const b = setup();
    b.ch.open(b.events);
    b.dc.open();
    b.ch.close();
    await waitFor('the channel to close', () => b.dc.closeCalls === 1);
    expect(b.log).toEqual([]);
    expect(b.closes).toEqual(['closed by the worker']);
  });

  it('holds data until the engine attaches', async () => {
    const { dc, ch, data, events } = setup();
    dc.open();
    dc.receive(pattern(68, 1));
    dc.receive(pattern(20, 2));
    await new Promise((r) => setTimeout(r, 20));
    ch.open(events);
    expect(data.map((d) => d.length)).toEqual([68, 20]);
  });
});

import { afterEach, describe, expect, it, vi } from 'vitest';
import type { PeerChannelEvents } from '../../../../src/engine/ports.ts';
import { MAX_EARLY_BYTES } from '../../../../src/net/webrtc/channel-core.ts';
import { DataChannelPeerChannel } from '../../../../src/net/webrtc/worker-channel.ts';
import { FakeDataChannel, pattern } from './fake-data-channel.ts';

function recorder() {
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
  return { log, data, events };
}

afterEach(() => {
  vi.useRealTimers();
});

describe('DataChannelPeerChannel', () => {
  it('takes binary data as ArrayBuffers and sets the low-water threshold', () => {
    const dc = new FakeDataChannel();
    new DataChannelPeerChannel(dc.asChannel(), { lowWaterMark: 1234 });
    expect(dc.binaryType).toBe('arraybuffer');
    expect(dc.bufferedAmountLowThreshold).toBe(1234);
  });

  it('queues sends until the channel opens, counting them in bufferedAmount, then sends them in order', () => {
    const dc = new FakeDataChannel();
    const ch = new DataChannelPeerChannel(dc.asChannel());
    ch.send(pattern(68, 1));
    ch.send(pattern(100, 2));
    expect(dc.sent).toHaveLength(0);
    expect(ch.bufferedAmount).toBe(168);
    dc.open();
    expect(dc.sent.map((s) => s.length)).toEqual([68, 100]);
    expect(dc.sentBytes).toEqual(new Uint8Array([...pattern(68, 1), ...pattern(100, 2)]));
    expect(ch.bufferedAmount).toBe(168); // now all of it in the channel's own buffer
  });

  it('never hands send() more than maxMessageSize: larger buffers go out in pieces', () => {
    const dc = new FakeDataChannel(65_536);
    const ch = new DataChannelPeerChannel(dc.asChannel(), { maxMessageSize: 65_536 });
    dc.open();
    const big = pattern(300_000);
    ch.send(big);
    expect(dc.sent.map((s) => s.length)).toEqual([65_536, 65_536, 65_536, 65_536, 37_856]);
    expect(Buffer.compare(dc.sentBytes, big)).toBe(0); // byte-wise (toEqual on 300 KB is slow)
  });

  it('closes with a reason when the engine queues too much before the channel opens', () => {
    const dc = new FakeDataChannel();
    const { log, events } = recorder();
    const ch = new DataChannelPeerChannel(dc.asChannel(), { maxQueuedBeforeOpen: 1000 });
    ch.open(events);
    ch.send(pattern(600));
    ch.send(pattern(600));
    expect(log).toEqual(['close:1200 bytes queued before the channel opened (limit 1000)']);
    expect(dc.closeCalls).toBe(1);
  });

  it('holds data that arrives before the engine attaches, and delivers it in order', () => {
    const dc = new FakeDataChannel();
    const ch = new DataChannelPeerChannel(dc.asChannel());
    dc.open();
    dc.receive(pattern(68, 7));
    dc.receive(pattern(10, 8));
    const { log, data, events } = recorder();
    ch.open(events);
    dc.receive(pattern(5, 9));
    expect(log).toEqual(['data:68', 'data:10', 'data:5']);
    expect(data[0]).toEqual(pattern(68, 7));
    expect(data[2]).toEqual(pattern(5, 9));
  });

  it('closes when a peer floods it before the engine attaches', () => {
    const dc = new FakeDataChannel();
    const ch = new DataChannelPeerChannel(dc.asChannel());
    dc.open();
    const chunk = new Uint8Array(256 * 1024);
    for (let sent = 0; sent <= MAX_EARLY_BYTES; sent += chunk.length) dc.receive(chunk);
    const { log, events } = recorder();
    ch.open(events);
    expect(log).toEqual(['close:peer sent too much before the engine attached']);
  });

  it('emits drain from the bufferedamountlow event', () => {
    const dc = new FakeDataChannel();
    const { log, events } = recorder();
    const ch = new DataChannelPeerChannel(dc.asChannel(), { lowWaterMark: 1000 });
    ch.open(events);
    dc.open();
    ch.send(pattern(3000));
    expect(ch.bufferedAmount).toBe(3000);
    dc.drainTo(500, true);
    expect(log).toEqual(['drain']);
    dc.drainTo(0, true);
    expect(log).toEqual(['drain']); // owed once per crossing, not per event
  });

  it('emits drain from its poll when the bufferedamountlow event never comes', () => {
    vi.useFakeTimers();
    const dc = new FakeDataChannel();
    const { log, events } = recorder();
    const ch = new DataChannelPeerChannel(dc.asChannel(), { lowWaterMark: 1000, pollMs: 10 });
    ch.open(events);
    dc.open();
    ch.send(pattern(5000));
    dc.drainTo(2000, false);
    vi.advanceTimersByTime(50);
    expect(log).toEqual([]);
    dc.drainTo(999, false);
    vi.advanceTimersByTime(10);
    expect(log).toEqual(['drain']);
    expect(vi.getTimerCount()).toBe(0); // the poll stops once the drain is delivered
  });

  it('emits drain after open when sends queued before it crossed the mark and the buffer empties', () => {
    vi.useFakeTimers();
    const dc = new FakeDataChannel();
    const { log, events } = recorder();
    const ch = new DataChannelPeerChannel(dc.asChannel(), { lowWaterMark: 100, pollMs: 10 });
    ch.open(events);
    ch.send(pattern(500));
    dc.open();
    dc.drainTo(0, false);
    vi.advanceTimersByTime(10);
    expect(log).toEqual(['drain']);
  });

  it('reports a remote close once; its own close() emits nothing and closes the channel', async () => {
    const dc = new FakeDataChannel();
    const { log, events } = recorder();
    const ch = new DataChannelPeerChannel(dc.asChannel());
    const opened = ch.whenOpen();
    ch.open(events);
    dc.open();
    expect(await opened).toBe(true);
    dc.remoteClose();
    dc.remoteClose();
    expect(log).toEqual(['close:channel closed']);
    ch.send(pattern(10)); // after close: dropped, no throw
    expect(dc.sent).toHaveLength(0);

    const dc2 = new FakeDataChannel();
    const r2 = recorder();
    const ch2 = new DataChannelPeerChannel(dc2.asChannel());
    const opened2 = ch2.whenOpen();
    ch2.open(r2.events);
    ch2.close();
    expect(dc2.closeCalls).toBe(1);
    expect(r2.log).toEqual([]);
    expect(await opened2).toBe(false);
  });

  it('closes with the reason when send() throws', () => {
    const dc = new FakeDataChannel(1000);
    const { log, events } = recorder();
    const ch = new DataChannelPeerChannel(dc.asChannel(), { maxMessageSize: 5000 }); // misconfigured on purpose
    ch.open(events);
    dc.open();
    ch.send(pattern(2000));
    expect(log).toEqual(['close:send failed: TypeError: message of 2000 bytes exceeds 1000']);
  });

  it('reports a channel that was already closed when wrapped', () => {
    const dc = new FakeDataChannel();
    dc.readyState = 'closed';
    const { log, events } = recorder();
    new DataChannelPeerChannel(dc.asChannel()).open(events);
    expect(log).toEqual(['close:channel already closed']);
  });
});

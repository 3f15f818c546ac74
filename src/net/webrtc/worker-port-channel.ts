// PeerChannel in the engine worker over the MessagePort of a main-thread pump (port-channel.ts): the fallback
// for browsers that cannot transfer an RTCDataChannel. bufferedAmount counts bytes the pump has not yet seen
// leave the channel, so backpressure spans both hops.

import type { PeerChannel, PeerChannelEvents } from '../../engine/ports.ts';
import { ChannelCore } from './channel-core.ts';
import type { PumpToWorker, WorkerToPump } from './pump-protocol.ts';
import { DEFAULT_LOW_WATER_MARK } from './worker-channel.ts';

export interface PortChannelOptions {
  /** `drain` fires when bufferedAmount falls to this. */
  readonly lowWaterMark?: number;
}

export class PortPeerChannel implements PeerChannel {
  private readonly core: ChannelCore;
  private sent = 0;
  private acked = 0;
  private readonly opened: Promise<boolean>;
  private settleOpened: (open: boolean) => void = () => {};

  constructor(
    private readonly port: MessagePort,
    opts: PortChannelOptions = {},
  ) {
    this.core = new ChannelCore(opts.lowWaterMark ?? DEFAULT_LOW_WATER_MARK);
    this.opened = new Promise((resolve) => (this.settleOpened = resolve));
    port.onmessage = (ev: MessageEvent<PumpToWorker>) => this.onPump(ev.data);
    port.onmessageerror = () => this.finish('undecodable message from the pump');
  }

  /** Resolves true once the channel is open, false if it closes first. */
  whenOpen(): Promise<boolean> {
    return this.opened;
  }

  get bufferedAmount(): number {
    return this.sent - this.acked;
  }

  open(events: PeerChannelEvents): void {
    this.core.attach(events);
  }

  send(data: Uint8Array): void {
    if (this.core.isClosed || data.length === 0) return;
    // Move the buffer when the view is all of it (the engine gives up `data`); copy once when it is a window
    // into something larger, whose other parts may still be in use.
    const whole = data.byteOffset === 0 && data.byteLength === data.buffer.byteLength && data.buffer instanceof ArrayBuffer;
    const b = whole ? (data.buffer as ArrayBuffer) : (data.slice().buffer as ArrayBuffer);
    this.sent += b.byteLength;
    this.post({ t: 'send', b }, [b]);
    this.core.queued(this.bufferedAmount);
  }

  close(): void {
    if (this.core.isClosed) return;
    this.core.markClosed();
    this.post({ t: 'close' });
    this.teardown();
  }

  private onPump(msg: PumpToWorker): void {
    switch (msg.t) {
      case 'open':
        this.settleOpened(true);
        return;
      case 'data':
        if (!this.core.deliver(new Uint8Array(msg.b))) this.finish('peer sent too much before the engine attached');
        return;
      case 'ack':
        if (msg.n > this.acked && msg.n <= this.sent) this.acked = msg.n;
        this.core.checkDrain(this.bufferedAmount);
        return;
      case 'close':
        this.finish(msg.reason);
        return;
    }
  }

  private finish(reason: string): void {
    if (this.core.isClosed) return;
    this.core.finish(reason);
    this.post({ t: 'close' });
    this.teardown();
  }

  private teardown(): void {
    this.settleOpened(false);
    this.port.onmessage = null;
    this.port.onmessageerror = null;
    this.port.close();
  }

  private post(msg: WorkerToPump, transfer: Transferable[] = []): void {
    this.port.postMessage(msg, transfer);
  }
}

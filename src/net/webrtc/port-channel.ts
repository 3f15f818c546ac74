// The fallback when an RTCDataChannel cannot be transferred to the engine worker: the main thread pumps the
// channel's ArrayBuffers over a MessagePort (moved with transfer lists, never copied here) and reports how many
// bytes left the channel, so the worker's bufferedAmount covers both hops and nothing queues without bound.

import { errorEventText, errorText } from '../error-text.ts';
import type { PumpToWorker, WorkerToPump } from './pump-protocol.ts';

export interface PumpOptions {
  /** Largest single dc.send(); see DataChannelOptions.maxMessageSize in worker-channel.ts. */
  readonly maxMessageSize?: number;
  /** Acks go out at least this often while bytes are unacknowledged. */
  readonly pollMs?: number;
  /** An ack goes out at once when this many bytes drained since the last one. */
  readonly ackBatchBytes?: number;
  /**
   * The channel closed, from either side. Call NetworkManager.channelClosed here: a closed channel leaves its
   * RTCPeerConnection connected (Chromium keeps it up until the remote's ICE consent expires, ~16 s).
   */
  readonly onClose?: (reason: string) => void;
}

const DEFAULT_MAX_MESSAGE_SIZE = 64 * 1024;

/** Starts pumping `dc`; transfer the returned port to the worker and wrap it in a PortPeerChannel there. */
export function pumpChannel(dc: RTCDataChannel, opts: PumpOptions = {}): MessagePort {
  const { port1, port2 } = new MessageChannel();
  new ChannelPump(dc, port1, opts).start();
  return port2;
}

class ChannelPump {
  private written = 0;
  private acked = 0;
  /** What the worker sent before the channel opened. */
  private queue: ArrayBuffer[] = [];
  private poll: ReturnType<typeof setInterval> | undefined;
  private closed = false;
  private readonly maxMessageSize: number;
  private readonly pollMs: number;
  private readonly ackBatch: number;
  private readonly onClose: ((reason: string) => void) | undefined;

  constructor(
    private readonly dc: RTCDataChannel,
    private readonly port: MessagePort,
    opts: PumpOptions,
  ) {
    this.maxMessageSize = opts.maxMessageSize ?? DEFAULT_MAX_MESSAGE_SIZE;
    this.pollMs = opts.pollMs ?? 10;
    this.ackBatch = opts.ackBatchBytes ?? 64 * 1024;
    this.onClose = opts.onClose;
  }

  start(): void {
    const dc = this.dc;
    dc.binaryType = 'arraybuffer';
    dc.bufferedAmountLowThreshold = this.ackBatch;
    dc.onopen = () => this.onOpen();
    dc.onmessage = (ev: MessageEvent<unknown>) => this.onMessage(ev.data);
    dc.onclose = () => this.end('channel closed', true);
    dc.onerror = (ev) => this.end(`channel error: ${errorEventText(ev)}`, true);
    dc.onbufferedamountlow = () => this.ack();
    this.port.onmessage = (ev: MessageEvent<WorkerToPump>) => this.onWorker(ev.data);
    if (dc.readyState === 'open') this.onOpen();
    else if (dc.readyState !== 'connecting') this.end('channel already closed', true);
  }

  private onOpen(): void {
    this.post({ t: 'open' });
    const queue = this.queue;
    this.queue = [];
    for (const b of queue) this.write(b);
  }

  private onMessage(data: unknown): void {
    const b = data instanceof ArrayBuffer ? data : typeof data === 'string' ? textBuffer(data) : null;
    if (!b) {
      this.end(`unexpected message type ${Object.prototype.toString.call(data)}`, true);
      return;
    }
    this.post({ t: 'data', b }, [b]);
  }

  private onWorker(msg: WorkerToPump): void {
    if (this.closed) return;
    if (msg.t === 'close') this.end('closed by the worker', false);
    else if (this.dc.readyState === 'connecting') this.queue.push(msg.b);
    else this.write(msg.b);
  }

  private write(b: ArrayBuffer): void {
    const max = this.maxMessageSize;
    try {
      if (b.byteLength <= max) this.dc.send(b);
      else for (let off = 0; off < b.byteLength; off += max) this.dc.send(new Uint8Array(b, off, Math.min(max, b.byteLength - off)));
    } catch (e) {
      this.end(`send failed: ${errorText(e)}`, true);
      return;
    }
    this.written += b.byteLength;
    if (this.written - this.dc.bufferedAmount - this.acked >= this.ackBatch) this.ack();
    if (this.poll === undefined && this.written > this.acked) this.poll = setInterval(() => this.ack(), this.pollMs);
  }

  /** Tells the worker how many bytes have left the channel's buffer. */
  private ack(): void {
    if (this.closed) return;
    const drained = this.written - this.dc.bufferedAmount;
    if (drained > this.acked) {
      this.acked = drained;
      this.post({ t: 'ack', n: drained });
    }
    if (this.acked >= this.written) {
      clearInterval(this.poll);
      this.poll = undefined;
    }
  }

  private end(reason: string, tellWorker: boolean): void {
    if (this.closed) return;
    this.closed = true;
    clearInterval(this.poll);
    this.queue = [];
    if (tellWorker) this.post({ t: 'close', reason });
    const dc = this.dc;
    dc.onopen = null;
    dc.onmessage = null;
    dc.onclose = null;
    dc.onerror = null;
    dc.onbufferedamountlow = null;
    dc.close();
    this.port.onmessage = null;
    this.port.close();
    this.onClose?.(reason);
  }

  private post(msg: PumpToWorker, transfer: Transferable[] = []): void {
    this.port.postMessage(msg, transfer);
  }
}

function textBuffer(text: string): ArrayBuffer {
  return new TextEncoder().encode(text).buffer as ArrayBuffer;
}

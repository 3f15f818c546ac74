// PeerChannel over an RTCDataChannel transferred into the engine worker: binary messages in, sends split to the
// message-size limit, backpressure from bufferedAmount with a timer poll (`bufferedamountlow` can go missing on
// worker-owned channels, see shared/BROWSER-TESTING.md).

import type { PeerChannel, PeerChannelEvents } from '../../engine/ports.ts';
import { errorEventText, errorText } from '../error-text.ts';
import { ChannelCore } from './channel-core.ts';

export interface DataChannelOptions {
  /**
   * Largest single send(). 64 KiB is what every WebRTC stack accepts when the SDP has no a=max-message-size
   * (RFC 8841); Chromium's real limit is 256 KiB and a larger send() throws. Message boundaries carry no meaning
   * here, so splitting costs nothing but a few calls.
   */
  readonly maxMessageSize?: number;
  /** `drain` fires when bufferedAmount falls to this. */
  readonly lowWaterMark?: number;
  /** How often bufferedAmount is polled while a drain is owed. */
  readonly pollMs?: number;
  /** Bytes the engine may queue before the channel opens (handshake, bitfield, extension handshake). */
  readonly maxQueuedBeforeOpen?: number;
}

export const DEFAULT_MAX_MESSAGE_SIZE = 64 * 1024;
/** `drain` fires here: below the uploader's high-water mark (512 KiB and up) with room to refill, and still ~13 ms
 * of sending at 10 MB/s to cover the event's latency. */
export const DEFAULT_LOW_WATER_MARK = 128 * 1024;
export const DEFAULT_POLL_MS = 10;
export const DEFAULT_MAX_QUEUED_BEFORE_OPEN = 4 * 1024 * 1024;

export class DataChannelPeerChannel implements PeerChannel {
  private readonly core: ChannelCore;
  private readonly maxMessageSize: number;
  private readonly pollMs: number;
  private readonly maxQueued: number;
  /** Sends made while the channel was still connecting. */
  private queue: Uint8Array[] = [];
  private queuedBytes = 0;
  private poll: ReturnType<typeof setInterval> | undefined;
  private readonly opened: Promise<boolean>;
  private settleOpened: (open: boolean) => void = () => {};

  constructor(
    private readonly dc: RTCDataChannel,
    opts: DataChannelOptions = {},
  ) {
    this.core = new ChannelCore(opts.lowWaterMark ?? DEFAULT_LOW_WATER_MARK);
    this.maxMessageSize = opts.maxMessageSize ?? DEFAULT_MAX_MESSAGE_SIZE;
    this.pollMs = opts.pollMs ?? DEFAULT_POLL_MS;
    this.maxQueued = opts.maxQueuedBeforeOpen ?? DEFAULT_MAX_QUEUED_BEFORE_OPEN;
    this.opened = new Promise((resolve) => (this.settleOpened = resolve));
    dc.binaryType = 'arraybuffer';
    dc.bufferedAmountLowThreshold = this.core.lowWaterMark;
    dc.onmessage = (ev: MessageEvent<unknown>) => this.onMessage(ev.data);
    dc.onopen = () => this.onOpen();
    dc.onclose = () => this.finish('channel closed');
    dc.onerror = (ev) => this.finish(`channel error: ${errorEventText(ev)}`);
    dc.onbufferedamountlow = () => this.checkDrain();
    if (dc.readyState === 'open') this.onOpen();
    else if (dc.readyState === 'closing' || dc.readyState === 'closed') this.finish('channel already closed');
  }

  /** Resolves true once the channel is open, false if it closes first (e.g. an offer nobody answered). */
  whenOpen(): Promise<boolean> {
    return this.opened;
  }

  get bufferedAmount(): number {
    return this.dc.bufferedAmount + this.queuedBytes;
  }

  /** RTCDataChannel.send() copies (Chromium, Firefox, Safari); what is queued before open is copied here. */
  readonly copiesOnSend = true;

  open(events: PeerChannelEvents): void {
    this.core.attach(events);
  }

  send(data: Uint8Array): void {
    if (this.core.isClosed || data.length === 0) return;
    if (this.dc.readyState === 'connecting') {
      this.queuedBytes += data.length;
      if (this.queuedBytes > this.maxQueued) {
        this.finish(`${this.queuedBytes} bytes queued before the channel opened (limit ${this.maxQueued})`);
        return;
      }
      this.queue.push(data.slice()); // the caller may reuse `data` (copiesOnSend)
      this.core.queued(this.bufferedAmount);
      return;
    }
    if (this.write(data) && this.core.queued(this.dc.bufferedAmount)) this.startPoll();
  }

  close(): void {
    if (this.core.isClosed) return;
    this.core.markClosed();
    this.teardown();
  }

  /** dc.send in pieces of at most maxMessageSize. False when the channel failed. */
  private write(data: Uint8Array): boolean {
    const max = this.maxMessageSize;
    try {
      // Chromium copies what send() is given before it returns, so subarray views of `data` are safe.
      if (data.length <= max) this.dc.send(data as Uint8Array<ArrayBuffer>);
      else for (let off = 0; off < data.length; off += max) this.dc.send(data.subarray(off, off + max) as Uint8Array<ArrayBuffer>);
    } catch (e) {
      this.finish(`send failed: ${errorText(e)}`);
      return false;
    }
    return true;
  }

  private onOpen(): void {
    this.settleOpened(true);
    const queue = this.queue;
    this.queue = [];
    this.queuedBytes = 0;
    for (const data of queue) if (!this.write(data)) return;
    if (this.core.draining) {
      this.startPoll();
      this.checkDrain();
    }
  }

  private onMessage(data: unknown): void {
    let chunk: Uint8Array;
    if (data instanceof ArrayBuffer) chunk = new Uint8Array(data);
    else if (typeof data === 'string') chunk = new TextEncoder().encode(data); // BitTorrent peers send binary; be lenient
    else {
      this.finish(`unexpected message type ${Object.prototype.toString.call(data)}`);
      return;
    }
    if (!this.core.deliver(chunk)) this.finish('peer sent too much before the engine attached');
  }

  private checkDrain(): void {
    if (this.core.checkDrain(this.bufferedAmount)) this.stopPoll();
  }

  private startPoll(): void {
    if (this.poll === undefined) this.poll = setInterval(() => this.checkDrain(), this.pollMs);
  }

  private stopPoll(): void {
    clearInterval(this.poll);
    this.poll = undefined;
  }

  private finish(reason: string): void {
    if (this.core.isClosed) return;
    this.core.finish(reason);
    this.teardown();
  }

  private teardown(): void {
    this.stopPoll();
    this.settleOpened(false);
    this.queue = [];
    this.queuedBytes = 0;
    const dc = this.dc;
    dc.onmessage = null;
    dc.onopen = null;
    dc.onclose = null;
    dc.onerror = null;
    dc.onbufferedamountlow = null;
    dc.close();
  }
}

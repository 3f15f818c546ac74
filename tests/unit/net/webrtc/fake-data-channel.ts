// A stand-in RTCDataChannel for Node tests: records what is sent, enforces the message-size limit the way
// Chromium does (a larger send() throws), and lets a test open, fill, drain and close it.

export class FakeDataChannel {
  readyState: RTCDataChannelState = 'connecting';
  binaryType = 'blob';
  bufferedAmount = 0;
  bufferedAmountLowThreshold = 0;
  onmessage: ((ev: { data: unknown }) => void) | null = null;
  onopen: (() => void) | null = null;
  onclose: (() => void) | null = null;
  onerror: ((ev: { type: string; error?: Error }) => void) | null = null;
  onbufferedamountlow: (() => void) | null = null;
  /** Copies of everything passed to send(), one entry per call. */
  readonly sent: Uint8Array[] = [];
  closeCalls = 0;

  constructor(readonly maxMessageSize = 262_144) {}

  send(data: ArrayBuffer | ArrayBufferView): void {
    if (this.readyState !== 'open') throw new DOMException('RTCDataChannel.readyState is not open', 'InvalidStateError');
    const bytes = data instanceof ArrayBuffer ? new Uint8Array(data) : new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
    if (bytes.length > this.maxMessageSize) throw new TypeError(`message of ${bytes.length} bytes exceeds ${this.maxMessageSize}`);
    this.sent.push(bytes.slice());
    this.bufferedAmount += bytes.length;
  }

  close(): void {
    this.closeCalls++;
    this.readyState = 'closed';
  }

  asChannel(): RTCDataChannel {
    return this as unknown as RTCDataChannel;
  }

  // test knobs
  open(): void {
    this.readyState = 'open';
    this.onopen?.();
  }
  receive(bytes: Uint8Array): void {
    this.onmessage?.({ data: bytes.slice().buffer });
  }
  /** The transport took bytes off the buffer; the low event fires only if `fireEvent` (it can go missing). */
  drainTo(level: number, fireEvent: boolean): void {
    this.bufferedAmount = level;
    if (fireEvent && level <= this.bufferedAmountLowThreshold) this.onbufferedamountlow?.();
  }
  remoteClose(): void {
    this.readyState = 'closed';
    this.onclose?.();
  }
  get sentBytes(): Uint8Array {
    const total = this.sent.reduce((n, s) => n + s.length, 0);
    const out = new Uint8Array(total);
    let o = 0;
    for (const s of this.sent) {
      out.set(s, o);
      o += s.length;
    }
    return out;
  }
}

export function pattern(n: number, seed = 1): Uint8Array {
  const out = new Uint8Array(n);
  for (let i = 0; i < n; i++) out[i] = (i * 31 + seed) & 0xff;
  return out;
}

export async function waitFor(what: string, probe: () => boolean, timeoutMs = 2000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!probe()) {
    if (Date.now() > end) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 2));
  }
}

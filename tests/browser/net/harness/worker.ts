// The test's stand-in for the engine worker: wraps each channel it is given in our PeerChannel (transferred
// RTCDataChannel or MessagePort pump), reports when one opens, and runs byte exchanges with backpressure.

import type { PeerChannel } from '../../../../src/engine/ports.ts';
import { DataChannelPeerChannel } from '../../../../src/net/webrtc/worker-channel.ts';
import { PortPeerChannel } from '../../../../src/net/webrtc/worker-port-channel.ts';
import { PatternChecker, makeBlock } from './pattern.ts';

export type ToWorker =
  | { type: 'channel'; id: number; channel: RTCDataChannel }
  | { type: 'port'; id: number; port: MessagePort }
  /** Sends `send` bytes of pattern `seed` while checking `expect` bytes of pattern `peerSeed` arrive. */
  | { type: 'exchange'; id: number; send: number; expect: number; msgSize: number; seed: number; peerSeed: number; highWater: number }
  | { type: 'first-bytes'; id: number; n: number }
  /** What the engine does when it drops a peer: close the channel. */
  | { type: 'close'; id: number };

export interface ExchangeResult {
  sent: number;
  received: number;
  firstMismatch: number;
  /** From the first to the last received byte. */
  receiveMs: number;
  drains: number;
  maxBuffered: number;
}

export type FromWorker =
  | { type: 'open'; id: number }
  | { type: 'closed'; id: number; reason: string }
  | { type: 'exchange-done'; id: number; result: ExchangeResult }
  | { type: 'first-bytes'; id: number; bytes: number[] }
  | { type: 'error'; message: string };

interface Slot {
  ch: PeerChannel;
  chunks: Uint8Array[];
  onData: ((c: Uint8Array) => void) | null;
  onDrain: (() => void) | null;
}

interface WorkerScope {
  onmessage: ((ev: MessageEvent<ToWorker>) => void) | null;
  postMessage(msg: FromWorker): void;
}
const scope = self as unknown as WorkerScope;
const post = (msg: FromWorker): void => scope.postMessage(msg);
const slots = new Map<number, Slot>();

function adopt(id: number, ch: DataChannelPeerChannel | PortPeerChannel): void {
  const slot: Slot = { ch, chunks: [], onData: null, onDrain: null };
  slots.set(id, slot);
  ch.open({
    data: (c) => (slot.onData ? slot.onData(c) : slot.chunks.push(c)),
    drain: () => slot.onDrain?.(),
    close: (reason) => {
      slots.delete(id);
      post({ type: 'closed', id, reason: reason ?? '' });
    },
  });
  void ch.whenOpen().then((open) => {
    if (open) post({ type: 'open', id });
  });
}

function exchange(id: number, msg: Extract<ToWorker, { type: 'exchange' }>): void {
  const slot = slots.get(id);
  if (!slot) {
    post({ type: 'error', message: `no open channel ${id}` });
    return;
  }
  const { ch } = slot;
  const total = Math.ceil(msg.send / msg.msgSize);
  const checker = new PatternChecker(msg.msgSize, msg.peerSeed);
  let k = 0;
  let drains = 0;
  let maxBuffered = 0;
  let firstAt = 0;
  let lastAt = 0;
  const finish = (): void => {
    if (k < total || checker.received < msg.expect) return;
    post({
      type: 'exchange-done',
      id,
      result: { sent: k * msg.msgSize, received: checker.received, firstMismatch: checker.firstMismatch, receiveMs: lastAt - firstAt, drains, maxBuffered },
    });
  };
  const receive = (c: Uint8Array): void => {
    if (checker.received === 0) firstAt = performance.now();
    checker.push(c);
    lastAt = performance.now();
    finish();
  };
  const pump = (): void => {
    while (k < total && ch.bufferedAmount < msg.highWater) {
      ch.send(makeBlock(k, msg.msgSize, msg.seed));
      k++;
      maxBuffered = Math.max(maxBuffered, ch.bufferedAmount);
    }
    finish();
  };
  slot.onDrain = () => {
    drains++;
    pump();
  };
  slot.onData = receive;
  for (const c of slot.chunks.splice(0)) receive(c);
  pump();
}

function firstBytes(id: number, n: number): void {
  const slot = slots.get(id);
  if (!slot) {
    post({ type: 'error', message: `no channel ${id}` });
    return;
  }
  const got: number[] = [];
  const take = (c: Uint8Array): void => {
    for (const b of c) if (got.length < n) got.push(b);
    if (got.length === n) {
      slot.onData = () => {};
      post({ type: 'first-bytes', id, bytes: got });
    }
  };
  slot.onData = take;
  for (const c of slot.chunks.splice(0)) if (got.length < n) take(c);
}

function closeChannel(id: number): void {
  const slot = slots.get(id);
  if (!slot) return;
  slots.delete(id);
  slot.ch.close(); // no close event comes back for our own close: report it like the engine would
  post({ type: 'closed', id, reason: 'closed by the engine' });
}

scope.onmessage = (ev) => {
  const msg = ev.data;
  try {
    if (msg.type === 'channel') adopt(msg.id, new DataChannelPeerChannel(msg.channel));
    else if (msg.type === 'port') adopt(msg.id, new PortPeerChannel(msg.port));
    else if (msg.type === 'exchange') exchange(msg.id, msg);
    else if (msg.type === 'close') closeChannel(msg.id);
    else firstBytes(msg.id, msg.n);
  } catch (e) {
    post({ type: 'error', message: e instanceof Error ? `${e.name}: ${e.message}` : String(e) });
  }
};

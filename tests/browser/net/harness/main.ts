// Page side of the network tests: a NetworkManager whose channels go to a worker (transferred, or pumped over a
// MessagePort), driven from Playwright through `window.harness`. Every wait is bounded.

import { fromHex, randomBytes, toHex } from '../../../../src/engine/bytes.ts';
import { NetworkManager } from '../../../../src/net/network-manager.ts';
import type { ChannelEvent, TrackerStatus } from '../../../../src/net/network-manager.ts';
import { pumpChannel } from '../../../../src/net/webrtc/port-channel.ts';
import { canTransferDataChannel } from '../../../../src/net/webrtc/transfer-support.ts';
import type { ExchangeResult, FromWorker, ToWorker } from './worker.ts';

export interface OpenChannel {
  id: number;
  initiator: boolean;
  remotePeerIdHex: string | null;
  /** Milliseconds from addTorrent to the worker reporting the channel open. */
  msToOpen: number;
}

export interface StartOptions {
  trackerUrl: string;
  infoHashHex: string;
  mode: 'transfer' | 'pump';
}

let worker: Worker | null = null;
let nm: NetworkManager | null = null;
let startedAt = 0;
const channelInfo = new Map<number, ChannelEvent>();
const opened: OpenChannel[] = [];
const warnings: string[] = [];
const listeners = new Set<(msg: FromWorker) => void>();

function send(msg: ToWorker, transfer: Transferable[] = []): void {
  if (!worker) throw new Error('harness not started');
  worker.postMessage(msg, transfer);
}

/** Resolves with the first worker message `pick` accepts, or rejects after `timeoutMs` naming `what`. */
function waitWorker<T>(what: string, timeoutMs: number, pick: (msg: FromWorker) => T | undefined): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      listeners.delete(listener);
      reject(new Error(`timed out after ${timeoutMs} ms waiting for ${what}; warnings: ${warnings.slice(-5).join(' | ')}`));
    }, timeoutMs);
    const listener = (msg: FromWorker): void => {
      if (msg.type === 'error') {
        clearTimeout(timer);
        listeners.delete(listener);
        reject(new Error(`worker: ${msg.message}`));
        return;
      }
      let v: T | undefined;
      try {
        v = pick(msg);
      } catch (e) {
        clearTimeout(timer);
        listeners.delete(listener);
        reject(e instanceof Error ? e : new Error(String(e)));
        return;
      }
      if (v === undefined) return;
      clearTimeout(timer);
      listeners.delete(listener);
      resolve(v);
    };
    listeners.add(listener);
  });
}

const harness = {
  /** Test-harness step only: with mic permission Chromium gathers loopback ICE candidates (BROWSER-TESTING.md). */
  async grantLoopbackIce(): Promise<void> {
    const timeout = new Promise<never>((_, reject) =>
      setTimeout(() => reject(new Error('getUserMedia did not resolve within 10 s (is --use-fake-ui-for-media-stream set?)')), 10_000),
    );
    const stream = await Promise.race([navigator.mediaDevices.getUserMedia({ audio: true }), timeout]);
    for (const t of stream.getTracks()) t.stop();
  },

  canTransfer(): boolean {
    return canTransferDataChannel();
  },

  /** Milliseconds each of `n` fresh offers took to finish ICE gathering (iceServers: [], loopback). */
  async gatherTimes(n: number): Promise<number[]> {
    const out: number[] = [];
    for (let i = 0; i < n; i++) {
      const pc = new RTCPeerConnection({ iceServers: [] });
      pc.createDataChannel('probe');
      const t0 = performance.now();
      await pc.setLocalDescription(await pc.createOffer());
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, 5000);
        const check = (): void => {
          if (pc.iceGatheringState !== 'complete') return;
          clearTimeout(timer);
          resolve();
        };
        pc.addEventListener('icegatheringstatechange', check);
        check();
      });
      out.push(Math.round(performance.now() - t0));
      pc.close();
    }
    return out;
  },

  start(opts: StartOptions): string {
    const peerId = randomBytes(20);
    const infoHash = fromHex(opts.infoHashHex);
    if (!infoHash || infoHash.length !== 20) throw new Error(`bad info hash ${opts.infoHashHex}`);
    worker = new Worker(new URL('./worker.ts', import.meta.url), { type: 'module' });
    worker.onmessage = (ev: MessageEvent<FromWorker>) => {
      const msg = ev.data;
      // The app's duty: a channel the worker saw close must have its RTCPeerConnection closed too.
      if (msg.type === 'closed') nm?.channelClosed(msg.id);
      if (msg.type === 'open') {
        const info = channelInfo.get(msg.id);
        opened.push({ id: msg.id, initiator: info?.initiator ?? false, remotePeerIdHex: info?.remotePeerIdHex ?? null, msToOpen: Math.round(performance.now() - startedAt) });
      }
      for (const l of [...listeners]) l(msg);
    };
    worker.onerror = (ev) => warnings.push(`worker error: ${ev.message}`);
    nm = new NetworkManager({
      peerId,
      rtcConfig: { iceServers: [] },
      onWarning: (m) => warnings.push(m),
      onChannel: (ev) => {
        channelInfo.set(ev.channelId, ev);
        if (opts.mode === 'transfer') send({ type: 'channel', id: ev.channelId, channel: ev.channel }, [ev.channel]);
        else {
          const port = pumpChannel(ev.channel, { onClose: () => nm?.channelClosed(ev.channelId) });
          send({ type: 'port', id: ev.channelId, port }, [port]);
        }
      },
    });
    startedAt = performance.now();
    nm.addTorrent({
      infoHash,
      trackers: [opts.trackerUrl],
      stats: () => ({ uploaded: 0, downloaded: 0, left: 1 << 20 }),
      peersWanted: () => (opened.length > 0 ? 0 : 1),
    });
    return toHex(peerId);
  },

  async waitOpen(timeoutMs: number): Promise<OpenChannel> {
    if (opened[0]) return opened[0];
    await waitWorker('a channel to open', timeoutMs, (m) => (m.type === 'open' ? m : undefined));
    const first = opened[0];
    if (!first) throw new Error('open reported but not recorded');
    return first;
  },

  exchange(id: number, o: { send: number; expect: number; msgSize: number; seed: number; peerSeed: number; highWater: number }, timeoutMs: number): Promise<ExchangeResult> {
    const done = waitWorker(`the exchange (send ${o.send}, expect ${o.expect})`, timeoutMs, (m) => (m.type === 'exchange-done' && m.id === id ? m.result : m.type === 'closed' && m.id === id ? failClosed(m.reason) : undefined));
    send({ type: 'exchange', id, ...o });
    return done;
  },

  firstBytes(id: number, n: number, timeoutMs: number): Promise<number[]> {
    const done = waitWorker(`${n} bytes`, timeoutMs, (m) => (m.type === 'first-bytes' && m.id === id ? m.bytes : undefined));
    send({ type: 'first-bytes', id, n });
    return done;
  },

  closeChannel(id: number): void {
    send({ type: 'close', id });
  },

  peerCount(infoHashHex: string): number {
    return nm?.peerCount(infoHashHex) ?? -1;
  },

  trackerStatus(infoHashHex: string): TrackerStatus[] {
    return nm?.trackerStatus(infoHashHex) ?? [];
  },

  warnings(): string[] {
    return warnings.slice();
  },

  stop(): void {
    nm?.destroy();
    worker?.terminate();
    nm = null;
    worker = null;
  },
};

function failClosed(reason: string): never {
  throw new Error(`channel closed during the exchange: ${reason}`);
}

export type Harness = typeof harness;
(window as unknown as { harness: Harness }).harness = harness;

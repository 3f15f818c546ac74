// A hostile peer in a real page: it joins a swarm through the real tracker with our NetworkManager (real
// RTCPeerConnection, real RTCDataChannel) and speaks the wire protocol by hand on the main thread, badly on purpose:
// - 'liar': claims every piece, unchokes whoever is interested and answers every request with wrong bytes;
// - 'oversized': announces a 1 GiB message (and sends its first 64 KiB);
// - 'have-flood': sends `have` for the same piece 150,000 times.
// It never closes a channel itself, so a close it sees is the other side dropping it. Driven through `window.hostile`.

import { fromHex, randomBytes, toHex } from '../../../../src/engine/bytes.ts';
import { WireDecoder, isHandshake } from '../../../../src/engine/wire/decoder.ts';
import * as wire from '../../../../src/engine/wire/encoder.ts';
import { encodeHandshake } from '../../../../src/engine/wire/handshake.ts';
import type { WireMessage } from '../../../../src/engine/wire/messages.ts';
import { NetworkManager, type ChannelEvent, type TrackerStatus } from '../../../../src/net/network-manager.ts';

export type Behaviour = 'liar' | 'oversized' | 'have-flood';

export interface HostileStart {
  readonly trackerUrl: string;
  readonly infoHashHex: string;
  readonly pieceCount: number;
  readonly behaviour: Behaviour;
}

export interface HostileReport {
  readonly channels: number;
  /** Channels the other side closed (we never close one). */
  readonly closed: number;
  /** Epoch ms of the first close. */
  readonly firstClosedAt: number | null;
  readonly handshakesReceived: number;
  readonly requestsAnswered: number;
  readonly bytesSent: number;
  readonly problems: readonly string[];
}

const FLOOD_HAVES = 150_000;
/** Haves per send(): 9 bytes each, well under Chromium's 256 KiB message limit. */
const HAVES_PER_SEND = 20_000;

let nm: NetworkManager | null = null;
let channels = 0;
let closed = 0;
let firstClosedAt: number | null = null;
let handshakesReceived = 0;
let requestsAnswered = 0;
let bytesSent = 0;
const problems: string[] = [];

function allPieces(pieceCount: number): Uint8Array {
  const bits = new Uint8Array(Math.ceil(pieceCount / 8)).fill(0xff);
  const spare = bits.length * 8 - pieceCount;
  if (spare > 0) bits[bits.length - 1] = (0xff << spare) & 0xff;
  return bits;
}

function behave(ev: ChannelEvent, o: HostileStart, peerId: Uint8Array): void {
  const dc = ev.channel;
  dc.binaryType = 'arraybuffer';
  const infoHash = fromHex(o.infoHashHex)!;
  const decoder = new WireDecoder({ handshake: true });
  const send = (bytes: Uint8Array): void => {
    if (dc.readyState !== 'open') return;
    dc.send(bytes as Uint8Array<ArrayBuffer>);
    bytesSent += bytes.length;
  };
  const onMessage = (m: WireMessage): void => {
    if (o.behaviour !== 'liar') return;
    if (m.type === 'interested') send(wire.unchoke());
    if (m.type === 'request') {
      requestsAnswered++;
      send(wire.pieceMessage(m.index, m.begin, new Uint8Array(m.length).fill(0xab)));
    }
  };
  const start = (): void => {
    channels++;
    // No extension bit: the other side never asks us for metadata, only for pieces.
    send(encodeHandshake({ reserved: new Uint8Array(8), infoHash, peerId }));
    if (o.behaviour === 'liar') send(wire.bitfield(allPieces(o.pieceCount)));
    if (o.behaviour === 'oversized') {
      const header = new Uint8Array(5 + 64 * 1024);
      new DataView(header.buffer).setUint32(0, 2 ** 30);
      header[4] = 7; // a "piece" message of 1 GiB
      send(header);
    }
    if (o.behaviour === 'have-flood') {
      const have = wire.have(0);
      const batch = new Uint8Array(have.length * HAVES_PER_SEND);
      for (let i = 0; i < batch.length; i += have.length) batch.set(have, i);
      for (let sent = 0; sent < FLOOD_HAVES; sent += HAVES_PER_SEND) send(batch);
    }
  };
  dc.addEventListener('message', (e: MessageEvent<ArrayBuffer>) => {
    try {
      decoder.push(new Uint8Array(e.data));
      for (let m = decoder.next(); m; m = decoder.next()) {
        if (isHandshake(m)) handshakesReceived++;
        else onMessage(m);
      }
    } catch (err) {
      problems.push(`decoding the other side: ${String(err)}`);
    }
  });
  dc.addEventListener('close', () => {
    closed++;
    firstClosedAt ??= Date.now();
    nm?.channelClosed(ev.channelId);
  });
  if (dc.readyState === 'open') start();
  else dc.addEventListener('open', start, { once: true });
}

const hostile = {
  /** Test-harness step only: with mic permission Chromium gathers loopback ICE candidates. */
  async grantLoopbackIce(): Promise<void> {
    const stream = await navigator.mediaDevices.getUserMedia({ audio: true });
    for (const t of stream.getTracks()) t.stop();
  },

  start(o: HostileStart): string {
    const peerId = randomBytes(20);
    const infoHash = fromHex(o.infoHashHex);
    if (!infoHash || infoHash.length !== 20) throw new Error(`bad info hash ${o.infoHashHex}`);
    nm = new NetworkManager({
      peerId,
      rtcConfig: { iceServers: [] },
      onWarning: (m) => problems.push(`network: ${m}`),
      onChannel: (ev) => behave(ev, o, peerId),
    });
    // A seed as far as the tracker knows; it offers nothing itself and answers the downloader's offers.
    nm.addTorrent({ infoHash, trackers: [o.trackerUrl], stats: () => ({ uploaded: 0, downloaded: 0, left: 0 }), peersWanted: () => 0 });
    return toHex(peerId);
  },

  trackerStatus(infoHashHex: string): TrackerStatus[] {
    return nm?.trackerStatus(infoHashHex) ?? [];
  },

  report(): HostileReport {
    return { channels, closed, firstClosedAt, handshakesReceived, requestsAnswered, bytesSent, problems: problems.slice() };
  },

  stop(): void {
    nm?.destroy();
    nm = null;
  },
};

export type Hostile = typeof hostile;
(window as unknown as { hostile: Hostile }).hostile = hostile;

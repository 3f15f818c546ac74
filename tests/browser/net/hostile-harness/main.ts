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

/** One connection, as this page saw it (epoch ms). */
export interface ChannelRecord {
  openedAt: number;
  handshakeAt: number | null;
  /** When the misbehaviour went out: the lie after the first request, or the whole oversized message / flood. */
  misbehavedAt: number | null;
  /** The other side closed it (we never close one). */
  closedAt: number | null;
  requestsAnswered: number;
  bytesSent: number;
  /** The peer id this connection's handshake gave (hex). */
  peerIdHex: string;
  /** The other side's messages, by type (first few kinds only). */
  received: Record<string, number>;
}

export interface HostileReport {
  readonly channels: readonly ChannelRecord[];
  readonly problems: readonly string[];
}

const FLOOD_HAVES = 150_000;
/** Haves per send(): 9 bytes each, well under Chromium's 256 KiB message limit. */
const HAVES_PER_SEND = 20_000;

let nm: NetworkManager | null = null;
const channels: ChannelRecord[] = [];
const problems: string[] = [];

function allPieces(pieceCount: number): Uint8Array {
  const bits = new Uint8Array(Math.ceil(pieceCount / 8)).fill(0xff);
  const spare = bits.length * 8 - pieceCount;
  if (spare > 0) bits[bits.length - 1] = (0xff << spare) & 0xff;
  return bits;
}

function behave(ev: ChannelEvent, o: HostileStart): void {
  const dc = ev.channel;
  dc.binaryType = 'arraybuffer';
  const infoHash = fromHex(o.infoHashHex)!;
  const decoder = new WireDecoder({ handshake: true });
  const peerId = randomBytes(20);
  const rec: ChannelRecord = { openedAt: 0, handshakeAt: null, misbehavedAt: null, closedAt: null, requestsAnswered: 0, bytesSent: 0, peerIdHex: toHex(peerId), received: {} };
  const send = (bytes: Uint8Array): void => {
    if (dc.readyState !== 'open') return;
    dc.send(bytes as Uint8Array<ArrayBuffer>);
    rec.bytesSent += bytes.length;
  };
  const onMessage = (m: WireMessage): void => {
    rec.received[m.type] = (rec.received[m.type] ?? 0) + 1;
    if (o.behaviour !== 'liar') return;
    if (m.type === 'interested') send(wire.unchoke());
    if (m.type === 'request') {
      rec.requestsAnswered++;
      rec.misbehavedAt ??= Date.now();
      send(wire.pieceMessage(m.index, m.begin, new Uint8Array(m.length).fill(0xab)));
    }
  };
  const start = (): void => {
    rec.openedAt = Date.now();
    channels.push(rec);
    // A fresh peer id per connection, so the other side never refuses one as a duplicate of another: every close
    // is for what that connection did. No extension bit: it never asks us for metadata, only for pieces.
    send(encodeHandshake({ reserved: new Uint8Array(8), infoHash, peerId }));
    if (o.behaviour === 'liar') send(wire.bitfield(allPieces(o.pieceCount)));
    if (o.behaviour === 'oversized') {
      const header = new Uint8Array(5 + 64 * 1024);
      new DataView(header.buffer).setUint32(0, 2 ** 30);
      header[4] = 7; // a "piece" message of 1 GiB
      send(header);
      rec.misbehavedAt = Date.now();
    }
    if (o.behaviour === 'have-flood') {
      const have = wire.have(0);
      const batch = new Uint8Array(have.length * HAVES_PER_SEND);
      for (let i = 0; i < batch.length; i += have.length) batch.set(have, i);
      for (let sent = 0; sent < FLOOD_HAVES; sent += HAVES_PER_SEND) send(batch);
      rec.misbehavedAt = Date.now();
    }
  };
  dc.addEventListener('message', (e: MessageEvent<ArrayBuffer>) => {
    try {
      decoder.push(new Uint8Array(e.data));
      for (let m = decoder.next(); m; m = decoder.next()) {
        if (isHandshake(m)) rec.handshakeAt ??= Date.now();
        else onMessage(m);
      }
    } catch (err) {
      problems.push(`decoding the other side: ${String(err)}`);
    }
  });
  dc.addEventListener('close', () => {
    rec.closedAt = Date.now();
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
      onChannel: (ev) => behave(ev, o),
    });
    // A seed as far as the tracker knows; it offers nothing itself and answers the downloader's offers.
    nm.addTorrent({ infoHash, trackers: [o.trackerUrl], stats: () => ({ uploaded: 0, downloaded: 0, left: 0 }), peersWanted: () => 0 });
    return toHex(peerId);
  },

  trackerStatus(infoHashHex: string): TrackerStatus[] {
    return nm?.trackerStatus(infoHashHex) ?? [];
  },

  report(): HostileReport {
    return { channels: channels.map((c) => ({ ...c })), problems: problems.slice() };
  },

  stop(): void {
    nm?.destroy();
    nm = null;
  },
};

export type Hostile = typeof hostile;
(window as unknown as { hostile: Hostile }).hostile = hostile;

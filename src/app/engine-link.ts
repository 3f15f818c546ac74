// Wires the network layer to the engine worker: what the engine wants announced goes to the trackers, and every
// new data channel goes to the engine (transferred, or pumped over a MessagePort where transfer is missing).

import type { EngineClient } from '../api/client.ts';
import type { TorrentSnapshot } from '../api/protocol.ts';
import { fromHex } from '../engine/bytes.ts';
import type { ChannelEvent, NetworkManager } from '../net/network-manager.ts';
import { pumpChannel } from '../net/webrtc/port-channel.ts';
import { canTransferDataChannel } from '../net/webrtc/transfer-support.ts';

/** Hands a new channel to the engine in the task that created it (the only moment Chromium can transfer it). */
export function attachChannel(client: EngineClient, ev: ChannelEvent): void {
  const base = { type: 'attach-peer' as const, infoHashHex: ev.infoHashHex, channelId: ev.channelId, remotePeerIdHex: ev.remotePeerIdHex };
  const sent = canTransferDataChannel()
    ? client.call({ ...base, channel: ev.channel }, [ev.channel as unknown as Transferable])
    : (() => {
        const port = pumpChannel(ev.channel);
        return client.call({ ...base, channel: port }, [port]);
      })();
  sent.catch((e: unknown) => console.warn('The engine refused a peer channel', e));
}

/** The channel of an offer made ahead of time: to the engine now (the only moment it can be transferred). */
export function parkChannel(client: EngineClient, ev: { readonly channelId: number; readonly channel: RTCDataChannel }): void {
  client
    .call({ type: 'park-peer', channelId: ev.channelId, channel: ev.channel }, [ev.channel as unknown as Transferable])
    .catch((e: unknown) => console.warn('The engine refused a parked channel', e));
}

/** A pre-made offer was given to a torrent: its parked channel joins that torrent in the engine. */
export function bindChannel(client: EngineClient, channelId: number, infoHashHex: string): void {
  client
    .call({ type: 'attach-peer', infoHashHex, channelId, remotePeerIdHex: null })
    .catch((e: unknown) => console.warn('The engine refused a parked channel', e));
}

/** Subscribes the network manager to the engine's announce/unannounce/completed/peer-closed events. */
export function linkNetwork(client: EngineClient, net: NetworkManager): () => void {
  const latest = new Map<string, TorrentSnapshot>();
  const announced = new Set<string>();
  const offs = [
    client.on('snapshot', (e) => {
      latest.clear();
      for (const t of e.torrents) latest.set(t.infoHashHex, t);
    }),
    client.on('announce', ({ infoHashHex, trackers }) => {
      if (announced.has(infoHashHex)) {
        net.setTrackers(infoHashHex, trackers);
        net.wantPeers(infoHashHex);
        return;
      }
      announced.add(infoHashHex);
      net.addTorrent({
        infoHash: fromHex(infoHashHex)!,
        trackers,
        stats: () => {
          const t = latest.get(infoHashHex);
          return { uploaded: t?.uploaded ?? 0, downloaded: t?.downloaded ?? 0, left: t?.hasMetadata ? t.length - t.verified : null };
        },
        // Before the first snapshot arrives, ask for a handful so a fresh magnet starts at once.
        peersWanted: () => latest.get(infoHashHex)?.peersWanted ?? 10,
      });
    }),
    client.on('unannounce', ({ infoHashHex }) => {
      if (!announced.delete(infoHashHex)) return;
      net.removeTorrent(infoHashHex);
    }),
    client.on('completed', ({ infoHashHex }) => net.completed(infoHashHex)),
    client.on('peer-closed', ({ channelId }) => net.channelClosed(channelId)),
  ];
  return () => offs.forEach((off) => off());
}

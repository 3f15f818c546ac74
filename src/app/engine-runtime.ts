// Wiring of one engine worker in the window: a network layer of its own (trackers + WebRTC, handing channels to
// this worker), `init` with the saved settings, and the service worker's stream port. Undone whole when the worker
// dies or moves to another tab, and built again for the next one: torrents re-announce and peers reconnect.

import type { EngineClient } from '../api/client.ts';
import { bridgeStreams } from '../api/stream-bridge.ts';
import { toHex } from '../engine/bytes.ts';
import { newPeerId } from '../engine/peer-id.ts';
import { attachChannel, bindChannel, linkNetwork, parkChannel } from './engine-link.ts';
import { canTransferDataChannel } from '../net/webrtc/transfer-support.ts';
import { NetworkManager, type BudgetStatus, type TrackerStatus } from '../net/network-manager.ts';
import { WorkerTimers, type Timers } from '../net/timers.ts';
import { engineSettings, loadSettings } from './settings.ts';
import { warmUpWebRtc } from './webrtc-warm-up.ts';

export interface EngineRuntime {
  /** For the supervisor's `attach`. */
  attach(client: EngineClient): Promise<() => void>;
  /** Tracker states of the running engine's network layer (none while no engine runs here). */
  trackerStatus(infoHashHex: string): TrackerStatus[];
  /** Force reannounce of one torrent to all its trackers (nothing while no engine runs here). */
  reannounce(infoHashHex: string): void;
  /** The page's WebRTC connection budget (null while no engine runs here). */
  connectionBudget(): BudgetStatus | null;
  /** Calls `listener` when a tracker answered about a torrent (its trackerStatus may have changed); returns the off switch. */
  onTrackerReport(listener: (infoHashHex: string) => void): () => void;
}

/** Offers made ahead of time: most first announces carry 5 (maxOffersPerAnnounce); the rest follow at once. */
const OFFER_POOL = 3;

export function engineRuntime(opts: { streams: boolean }): EngineRuntime {
  let net: NetworkManager | null = null;
  // One timer worker for the page's life, shared by each engine's network layer (net/timers.ts).
  let timers: Timers | null = null;
  const reportListeners = new Set<(infoHashHex: string) => void>();
  return {
    async attach(client) {
      const settings = loadSettings();
      // A fresh peer id per worker: a peer still holding the old connection does not take the new one for a duplicate.
      const peerId = newPeerId();
      const manager = new NetworkManager({
        peerId,
        rtcConfig: { iceServers: settings.iceServers },
        onChannel: (ev) => attachChannel(client, ev),
        onWarning: (message) => console.debug('[network]', message),
        onTrackerReport: (infoHashHex) => {
          for (const l of reportListeners) l(infoHashHex);
        },
        tracker: { maxOffersPerAnnounce: 5 },
        ...(settings.maxConnections !== undefined ? { limits: { maxPeers: settings.maxConnections } } : {}),
        // Announces, reconnects and connection timeouts keep time while the tab is hidden (net/timers.ts).
        timers: (timers ??= new WorkerTimers(new Worker(new URL('./timer.worker.ts', import.meta.url), { type: 'module', name: 'rivulet-timers' }))),
        // A few offers made now, so the next torrent's first announce need not wait for ICE gathering (they also
        // pay for WebRTC's start-up). Only where channels can be transferred: a parked pump would cost the page.
        ...(canTransferDataChannel() && {
          offerPool: { size: OFFER_POOL, onParked: (ev) => parkChannel(client, ev), onBound: (id, infoHashHex) => bindChannel(client, id, infoHashHex) },
        }),
      });
      if (!canTransferDataChannel()) void warmUpWebRtc({ iceServers: settings.iceServers });
      // The user's trackers: their sockets open now, so that the next torrent announces without a handshake first.
      manager.preconnectTrackers(settings.trackers);
      // Subscribed before `init`, which announces every restored torrent.
      const unlink = linkNetwork(client, manager);
      net = manager;
      let stopStreams = (): void => {};
      const undo = (): void => {
        stopStreams();
        unlink();
        manager.destroy();
        if (net === manager) net = null;
      };
      try {
        await client.call({ type: 'init', peerIdHex: toHex(peerId), settings: engineSettings(settings) });
      } catch (e) {
        undo();
        throw e;
      }
      // The service worker reads files from this engine worker (video, audio, downloads): a port to it.
      if (opts.streams && 'serviceWorker' in navigator) stopStreams = bridgeStreams(client, navigator.serviceWorker);
      return undo;
    },
    trackerStatus: (infoHashHex) => net?.trackerStatus(infoHashHex) ?? [],
    reannounce: (infoHashHex) => net?.reannounce(infoHashHex),
    connectionBudget: () => net?.connectionBudget() ?? null,
    onTrackerReport(listener) {
      reportListeners.add(listener);
      return () => reportListeners.delete(listener);
    },
  };
}

// Composition root of the window: settings, the engine worker, the network layer, the UI, the service worker.

import { EngineClient } from '../api/client.ts';
import { bridgeStreams } from '../api/stream-bridge.ts';
import { toHex } from '../engine/bytes.ts';
import { newPeerId } from '../engine/peer-id.ts';
import { attachChannel, linkNetwork } from '../net/engine-link.ts';
import { NetworkManager } from '../net/network-manager.ts';
import { shareUrlFor, type RvApp } from '../components/index.ts';
import '../styles/global.css';
import { engineSettings, loadSettings } from './settings.ts';
import { holdEngineLock } from './single-tab.ts';

async function start(): Promise<void> {
  const app = document.querySelector('rv-app') as RvApp;
  const settings = loadSettings();
  const worker = new Worker(new URL('./engine.worker.ts', import.meta.url), { type: 'module', name: 'rivulet-engine' });
  let stopStreams = (): void => {};
  const lost = await holdEngineLock(() => {
    stopStreams();
    worker.terminate();
    document.body.dataset['engine'] = 'moved';
  });
  if (lost) return;

  const client = new EngineClient(worker);
  const peerId = newPeerId();
  const net = new NetworkManager({
    peerId,
    rtcConfig: { iceServers: settings.iceServers },
    onChannel: (ev) => attachChannel(client, ev),
    onWarning: (message) => console.debug("[network]", message),
    tracker: { maxOffersPerAnnounce: 5 },
  });
  linkNetwork(client, net);
  app.services = {
    settings: { trackers: settings.trackers },
    shareUrl: (magnet) => shareUrlFor(location, magnet),
    trackerStatus: (infoHashHex) => net.trackerStatus(infoHashHex),
  };
  app.client = client;
  await client.call({ type: 'init', peerIdHex: toHex(peerId), settings: engineSettings(settings) });
  document.body.dataset['engine'] = 'ready';

  if ('serviceWorker' in navigator && import.meta.env.PROD) {
    navigator.serviceWorker.register('/sw.js', { type: 'module', scope: '/' }).catch((e: unknown) => console.warn('Service worker registration failed', e));
    // The service worker reads files from this page's engine worker (video, audio, downloads).
    stopStreams = bridgeStreams(client, navigator.serviceWorker);
  }
}

void start();

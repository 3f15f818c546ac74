// Composition root of the window: settings, the engine worker, the network layer, the UI, the service worker,
// the interface language, and what reaches the app from outside (launches, shares).

import { EngineClient } from '../api/client.ts';
import { bridgeStreams } from '../api/stream-bridge.ts';
import { toHex } from '../engine/bytes.ts';
import { newPeerId } from '../engine/peer-id.ts';
import { attachChannel, linkNetwork } from '../net/engine-link.ts';
import { NetworkManager } from '../net/network-manager.ts';
import { shareUrlFor, type RvApp } from '../components/index.ts';
import '../styles/global.css';
import { consumeLaunches } from './launch.ts';
import { applyLocale } from './locale.ts';
import { resolveLocale } from './locale-choice.ts';
import { registerServiceWorker } from './pwa.ts';
import { createSettingsService } from './settings-service.ts';
import { engineSettings, loadSettings } from './settings.ts';
import { pickUpShare } from './share-inbox.ts';
import { holdEngineLock } from './single-tab.ts';

/** The service worker's script and scope (the app is served from the origin's root). */
const SW_URL = '/sw.js';
const SW_SCOPE = '/';

async function start(): Promise<void> {
  const app = document.querySelector('rv-app') as RvApp;
  const settings = loadSettings();
  applyLocale(resolveLocale(settings.language, navigator.languages)).catch((e: unknown) => console.warn('Could not load the interface language', e));
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
  const shared = { trackers: settings.trackers };
  app.services = {
    settings: shared,
    preferences: createSettingsService({ initial: settings, client, shared, browserLanguages: () => navigator.languages }),
    shareUrl: (magnet) => shareUrlFor(location, magnet),
    trackerStatus: (infoHashHex) => net.trackerStatus(infoHashHex),
    reannounce: (infoHashHex) => net.reannounce(infoHashHex),
  };
  app.client = client;
  await client.call({ type: 'init', peerIdHex: toHex(peerId), settings: engineSettings(settings) });
  document.body.dataset['engine'] = 'ready';

  if ('serviceWorker' in navigator && import.meta.env.PROD) {
    registerServiceWorker(SW_URL, SW_SCOPE);
    // The service worker reads files from this page's engine worker (video, audio, downloads).
    stopStreams = bridgeStreams(client, navigator.serviceWorker);
  }

  consumeLaunches({ torrentFiles: (files) => void app.openTorrentFiles(files), magnet: (uri) => void app.openMagnet(uri) });
  pickUpShare(new URL(SW_SCOPE, location.href).href, {
    seed: (inputs) => app.shareFiles(inputs),
    torrentFiles: (files) => app.openTorrentFiles(files),
    magnet: (uri) => app.openMagnet(uri),
  }).catch((e: unknown) => console.warn('Could not pick up the shared files', e));
}

void start();

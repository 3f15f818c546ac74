// Composition root of the window: settings, the engine worker, the network layer, the UI, the service worker,
// the interface language, and what reaches the app from outside (launches, shares).

import './trusted-types.ts'; // first: the worker and service worker URLs below need its policy
import { EngineClient } from '../api/client.ts';
import { shareUrlFor, type RvApp } from '../components/index.ts';
import '../components/rv-engine-status.ts';
import '../styles/global.css';
import { spawnEngineWorker, watchEngineExit } from './engine-life.ts';
import { EngineSupervisor, type EngineStatus } from './engine-supervisor.ts';
import { engineRuntime } from './engine-runtime.ts';
import { engineAttribute, engineView, hasActiveTransfers } from './engine-view.ts';
import { consumeLaunches } from './launch.ts';
import { applyLocale } from './locale.ts';
import { resolveLocale } from './locale-choice.ts';
import { registerServiceWorker } from './pwa.ts';
import { createSettingsService } from './settings-service.ts';
import { loadSettings } from './settings.ts';
import { pickUpShare } from './share-inbox.ts';
import { EngineTab, type TabState } from './single-tab.ts';

/** The service worker's script and scope (the app is served from the origin's root). */
const SW_URL = '/sw.js';
const SW_SCOPE = '/';

async function start(): Promise<void> {
  const app = document.querySelector('rv-app') as RvApp;
  const settings = loadSettings();
  applyLocale(resolveLocale(settings.language, navigator.languages)).catch((e: unknown) => console.warn('Could not load the interface language', e));
  if ('serviceWorker' in navigator && import.meta.env.PROD) registerServiceWorker(SW_URL, SW_SCOPE);

  // One client for the page's life; each engine worker (restarts, taking over from another tab) connects to it.
  const client = new EngineClient();
  const runtime = engineRuntime({ streams: import.meta.env.PROD });
  const shared = { trackers: settings.trackers };
  app.services = {
    settings: shared,
    preferences: createSettingsService({ initial: settings, client, shared, browserLanguages: () => navigator.languages }),
    shareUrl: (magnet) => shareUrlFor(location, magnet),
    trackerStatus: (infoHashHex) => runtime.trackerStatus(infoHashHex),
    onTrackerReport: (listener) => runtime.onTrackerReport(listener),
    reannounce: (infoHashHex) => runtime.reannounce(infoHashHex),
    connectionBudget: () => runtime.connectionBudget(),
  };

  const status = document.createElement('rv-engine-status');
  document.body.append(status);
  let tabState: TabState = 'elsewhere';
  let engine: EngineStatus = 'released';
  let restarts = 0;
  const show = (): void => {
    const attribute = engineAttribute(tabState, engine, restarts);
    document.body.dataset['engine'] = attribute;
    status.view = engineView(attribute);
    // A view that is not live takes no input (its numbers are marked stale by the banner or covered).
    app.inert = attribute !== 'ready' && attribute !== 'starting';
  };
  const supervisor = new EngineSupervisor({
    client,
    spawn: spawnEngineWorker,
    watchExit: (worker, signal) => watchEngineExit(worker as Worker, signal),
    attach: (c) => {
      app.client = c;
      return runtime.attach(c);
    },
    onStatus: (s, detail) => {
      engine = s;
      restarts = detail.restarts;
      if (s === 'lost' || s === 'failed') console.warn(`Engine ${s}: ${detail.reason ?? ''}`);
      show();
    },
  });
  const tab = new EngineTab({
    start: () => supervisor.start(),
    release: () => supervisor.release(),
    lost: () => void supervisor.release('Another tab took the engine', false),
    onState: (s) => {
      tabState = s;
      show();
    },
    onOthers: (n) => (document.body.dataset['otherTabs'] = String(n)),
  });
  status.addEventListener('use-here', () => tab.useHere());
  status.addEventListener('reload', () => location.reload());

  // Counters and state reach storage before the page goes (they are otherwise at most a second old).
  const persist = (): void => {
    if (client.connected) client.call({ type: 'persist' }).catch(() => undefined);
  };
  document.addEventListener('visibilitychange', () => document.visibilityState === 'hidden' && persist());
  window.addEventListener('pagehide', () => {
    persist();
    tab.leave();
  });
  // Closing the last tab of the app stops its transfers: ask first. With another tab open, that one takes over.
  window.addEventListener('beforeunload', (ev) => {
    if (tab.state !== 'running' || tab.otherTabs > 0 || !hasActiveTransfers(client.snapshot?.torrents ?? [])) return;
    ev.preventDefault();
    ev.returnValue = '';
  });
  await tab.begin();

  consumeLaunches({ torrentFiles: (files) => void app.openTorrentFiles(files), magnet: (uri) => void app.openMagnet(uri) });
  pickUpShare(new URL(SW_SCOPE, location.href).href, {
    seed: (inputs) => app.shareFiles(inputs),
    torrentFiles: (files) => app.openTorrentFiles(files),
    magnet: (uri) => app.openMagnet(uri),
  }).catch((e: unknown) => console.warn('Could not pick up the shared files', e));
}

void start();

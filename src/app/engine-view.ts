// What the page shows about its engine, from the tab's state (single-tab.ts) and the engine's (engine-supervisor.ts):
// the `data-engine` attribute tests and styles read, and the <rv-engine-status> view. Also whether closing the
// page would interrupt transfers (the `beforeunload` question).

import type { TorrentSnapshot } from '../api/protocol.ts';
import type { EngineView } from '../components/rv-engine-status.ts';
import type { EngineStatus } from './engine-supervisor.ts';
import type { TabState } from './single-tab.ts';

/** `data-engine` on <body>: ready, starting, lost (restarting), failed, elsewhere, moved, taking-over. */
export type EngineAttribute = 'ready' | 'starting' | 'lost' | 'failed' | 'elsewhere' | 'moved' | 'taking-over';

export function engineAttribute(tab: TabState, engine: EngineStatus, restarts: number): EngineAttribute {
  if (tab !== 'running') return tab;
  switch (engine) {
    case 'ready':
      return 'ready';
    case 'failed':
      return 'failed';
    case 'lost':
      return 'lost';
    case 'starting':
      return restarts > 0 ? 'lost' : 'starting';
    case 'released':
      return 'moved';
  }
}

export function engineView(attribute: EngineAttribute): EngineView {
  switch (attribute) {
    case 'ready':
    case 'starting':
      return 'live';
    case 'lost':
      return 'restarting';
    default:
      return attribute;
  }
}

/** Something is moving or about to: a download under way, or data going out to a peer right now. */
export function hasActiveTransfers(torrents: readonly TorrentSnapshot[]): boolean {
  return torrents.some((t) => t.state === 'downloading' || t.state === 'metadata' || t.state === 'checking' || t.uploadRate > 0);
}

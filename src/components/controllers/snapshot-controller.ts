// The latest torrent list from the engine's throttled `snapshot` events, for a Lit host.

import type { ReactiveControllerHost } from 'lit';
import type { EngineClient } from '../../api/client.ts';
import type { TorrentSnapshot } from '../../api/protocol.ts';
import { EngineEventController } from './engine-event-controller.ts';

export class SnapshotController {
  /** Empty until the first snapshot; `received` tells "no torrents" from "not heard yet". */
  torrents: readonly TorrentSnapshot[] = [];
  received = false;
  private readonly subscription: EngineEventController<'snapshot'>;

  constructor(host: ReactiveControllerHost, getClient: () => EngineClient | undefined) {
    this.subscription = new EngineEventController(host, getClient, 'snapshot', (e) => {
      this.torrents = e.torrents;
      this.received = true;
    });
  }

  find(infoHashHex: string): TorrentSnapshot | undefined {
    return this.torrents.find((t) => t.infoHashHex === infoHashHex);
  }
}

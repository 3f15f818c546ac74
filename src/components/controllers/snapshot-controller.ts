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

  /**
   * `sees(prev, next)`: whether the host shows anything that changed (by default every snapshot updates: a host
   * may read other things on a snapshot's beat, such as the list's tracker swarm counts). The first always updates.
   */
  constructor(
    host: ReactiveControllerHost,
    getClient: () => EngineClient | undefined,
    sees: (prev: readonly TorrentSnapshot[], next: readonly TorrentSnapshot[]) => boolean = () => true,
  ) {
    this.subscription = new EngineEventController(host, getClient, 'snapshot', (e) => {
      const prev = this.torrents;
      const first = !this.received;
      this.torrents = e.torrents;
      this.received = true;
      return first || sees(prev, e.torrents);
    });
  }

  find(infoHashHex: string): TorrentSnapshot | undefined {
    return this.torrents.find((t) => t.infoHashHex === infoHashHex);
  }
}

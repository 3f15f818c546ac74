// Feeds a SpeedHistory from the engine's snapshots for as long as its host is connected (the app root), so the
// speed graph of any torrent already shows the last minutes when it is opened.

import type { ReactiveControllerHost } from 'lit';
import type { EngineClient } from '../../api/client.ts';
import { SpeedHistory } from '../speed-history.ts';
import { EngineEventController } from './engine-event-controller.ts';

export class SpeedHistoryController {
  readonly history = new SpeedHistory();
  /** Bumped on every sample so a property binding sees a change. */
  version = 0;
  private readonly subscription: EngineEventController<'snapshot'>;

  /** `shown()`: whether a graph of this history is on screen; the host is updated for a new sample only then. */
  constructor(host: ReactiveControllerHost, getClient: () => EngineClient | undefined, shown: () => boolean = () => true) {
    this.subscription = new EngineEventController(host, getClient, 'snapshot', (e) => {
      if (!this.history.sample(performance.now(), e.torrents)) return false;
      this.version++;
      return shown();
    });
  }
}

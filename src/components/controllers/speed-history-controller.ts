// Feeds a SpeedHistory from the engine's snapshots for as long as its host is connected (the app root), so the
// speed graph of any torrent already shows the last minutes when it is opened.

import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { EngineClient } from '../../api/client.ts';
import { SpeedHistory } from '../speed-history.ts';
import { EngineEventController } from './engine-event-controller.ts';

/** The worker posts no snapshot while nothing changes: the last one is sampled again this often, so time moves on. */
const RESAMPLE_MS = 1000;

export class SpeedHistoryController implements ReactiveController {
  readonly history = new SpeedHistory();
  /** Bumped on every sample so a property binding sees a change. */
  version = 0;
  private readonly subscription: EngineEventController<'snapshot'>;
  private timer: ReturnType<typeof setInterval> | undefined;

  /** `shown()`: whether a graph of this history is on screen; the host is updated for a new sample only then. */
  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly getClient: () => EngineClient | undefined,
    private readonly shown: () => boolean = () => true,
  ) {
    host.addController(this);
    this.subscription = new EngineEventController(host, getClient, 'snapshot', (e) => this.sample(e.torrents));
  }

  hostConnected(): void {
    this.timer ??= setInterval(() => {
      const last = this.getClient()?.snapshot;
      if (last && this.sample(last.torrents)) this.host.requestUpdate();
    }, RESAMPLE_MS);
  }

  hostDisconnected(): void {
    clearInterval(this.timer);
    this.timer = undefined;
  }

  /** Whether the host should update for this sample. */
  private sample(torrents: Parameters<SpeedHistory['sample']>[1]): boolean {
    if (!this.history.sample(performance.now(), torrents)) return false;
    this.version++;
    return this.shown();
  }
}

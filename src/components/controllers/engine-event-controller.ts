// Holds one subscription to an engine event for a Lit host; follows the host's client when it is set or replaced.

import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { EngineClient } from '../../api/client.ts';
import type { EngineEvent } from '../../api/protocol.ts';
import { VisibleUpdates } from './visible-updates.ts';

export type EngineEventOf<T extends EngineEvent['type']> = Extract<EngineEvent, { type: T }>;

export class EngineEventController<T extends EngineEvent['type']> implements ReactiveController {
  private subscribedTo: EngineClient | undefined;
  private off: (() => void) | undefined;
  private connected = false;
  private readonly updates: VisibleUpdates;

  constructor(
    host: ReactiveControllerHost,
    private readonly getClient: () => EngineClient | undefined,
    private readonly type: T,
    /** Returns `false` when the event changes nothing the host shows: no update is requested then. */
    private readonly onEvent: (event: EngineEventOf<T>) => void | boolean,
  ) {
    this.updates = new VisibleUpdates(host);
    host.addController(this);
  }

  hostConnected(): void {
    this.connected = true;
    this.sync();
    this.updates.start();
  }

  /** The client is a property that may arrive (or change) after connection; each update checks it. */
  hostUpdate(): void {
    this.sync();
  }

  hostDisconnected(): void {
    this.connected = false;
    this.release();
    this.updates.stop();
  }

  private sync(): void {
    const client = this.connected ? this.getClient() : undefined;
    if (client === this.subscribedTo) return;
    this.release();
    if (!client) return;
    this.subscribedTo = client;
    this.off = client.on(this.type, (event) => {
      if (this.onEvent(event) === false) return;
      // Handlers run even while the page is hidden (the title, the badge and the speed history keep following);
      // the views catch up in one update when it is shown.
      this.updates.request();
    });
  }

  private release(): void {
    this.off?.();
    this.off = undefined;
    this.subscribedTo = undefined;
  }
}

// Holds one subscription to an engine event for a Lit host; follows the host's client when it is set or replaced.

import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { EngineClient } from '../../api/client.ts';
import type { EngineEvent } from '../../api/protocol.ts';

export type EngineEventOf<T extends EngineEvent['type']> = Extract<EngineEvent, { type: T }>;

export class EngineEventController<T extends EngineEvent['type']> implements ReactiveController {
  private subscribedTo: EngineClient | undefined;
  private off: (() => void) | undefined;
  private connected = false;

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly getClient: () => EngineClient | undefined,
    private readonly type: T,
    /** Returns `false` when the event changes nothing the host shows: no update is requested then. */
    private readonly onEvent: (event: EngineEventOf<T>) => void | boolean,
  ) {
    host.addController(this);
  }

  hostConnected(): void {
    this.connected = true;
    this.sync();
    document.addEventListener('visibilitychange', this.onVisibility);
  }

  /** An update owed while the page was hidden (nothing is drawn then): done once it is visible again. */
  private owed = false;

  private readonly onVisibility = (): void => {
    if (document.visibilityState === 'hidden' || !this.owed) return;
    this.owed = false;
    this.host.requestUpdate();
  };

  /** The client is a property that may arrive (or change) after connection; each update checks it. */
  hostUpdate(): void {
    this.sync();
  }

  hostDisconnected(): void {
    this.connected = false;
    this.release();
    document.removeEventListener('visibilitychange', this.onVisibility);
  }

  private sync(): void {
    const client = this.connected ? this.getClient() : undefined;
    if (client === this.subscribedTo) return;
    this.release();
    if (!client) return;
    this.subscribedTo = client;
    this.off = client.on(this.type, (event) => {
      if (this.onEvent(event) === false) return;
      // A hidden page renders nothing: its views catch up in one update when it is shown (handlers still run,
      // so the title, the badge and the speed history keep following).
      if (document.visibilityState === 'hidden') this.owed = true;
      else this.host.requestUpdate();
    });
  }

  private release(): void {
    this.off?.();
    this.off = undefined;
    this.subscribedTo = undefined;
  }
}

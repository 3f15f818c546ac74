// One subscription of a Lit host to a source that is a property of the host (the engine client, the app services):
// it may arrive after the host connected, or be replaced, so each update checks it. The subscription asks for host
// updates through `update`: a hidden page draws nothing, so an update asked for then is owed and done once, when the
// page is shown again (engine events and tracker answers keep coming while it is hidden).

import type { ReactiveController, ReactiveControllerHost } from 'lit';

/** Subscribes to `source`; `update` asks for a host update. Returns the way to unsubscribe (none: nothing held). */
export type Subscribe<S> = (source: S, update: () => void) => (() => void) | undefined;

export class SourceSubscription<S> implements ReactiveController {
  private subscribedTo: S | undefined;
  private off: (() => void) | undefined;
  private connected = false;
  private owed = false;

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly getSource: () => S | undefined,
    private readonly subscribe: Subscribe<S>,
  ) {
    host.addController(this);
  }

  hostConnected(): void {
    this.connected = true;
    this.sync();
    document.addEventListener('visibilitychange', this.onVisibility);
  }

  hostUpdate(): void {
    this.sync();
  }

  hostDisconnected(): void {
    this.connected = false;
    this.release();
    document.removeEventListener('visibilitychange', this.onVisibility);
  }

  private readonly update = (): void => {
    if (document.visibilityState === 'hidden') this.owed = true;
    else this.host.requestUpdate();
  };

  private readonly onVisibility = (): void => {
    if (document.visibilityState === 'hidden' || !this.owed) return;
    this.owed = false;
    this.host.requestUpdate();
  };

  private sync(): void {
    const source = this.connected ? this.getSource() : undefined;
    if (source === this.subscribedTo) return;
    this.release();
    if (source === undefined) return;
    this.subscribedTo = source;
    this.off = this.subscribe(source, this.update);
  }

  private release(): void {
    this.off?.();
    this.off = undefined;
    this.subscribedTo = undefined;
  }
}

// Host updates for a page that may be hidden: a hidden page draws nothing, so an update asked for then is owed and
// done once, when the page is shown again (engine events and tracker answers keep coming while it is hidden).

import type { ReactiveControllerHost } from 'lit';

export class VisibleUpdates {
  private owed = false;

  constructor(private readonly host: ReactiveControllerHost) {}

  /** Updates the host now, or once the page is visible again. */
  request(): void {
    if (document.visibilityState === 'hidden') this.owed = true;
    else this.host.requestUpdate();
  }

  /** From the controller's hostConnected. */
  start(): void {
    document.addEventListener('visibilitychange', this.onVisibility);
  }

  /** From the controller's hostDisconnected. */
  stop(): void {
    document.removeEventListener('visibilitychange', this.onVisibility);
  }

  private readonly onVisibility = (): void => {
    if (document.visibilityState === 'hidden' || !this.owed) return;
    this.owed = false;
    this.host.requestUpdate();
  };
}

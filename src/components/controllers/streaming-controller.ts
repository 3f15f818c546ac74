// Tells a Lit host whether the service worker's stream route is usable (a service worker controls the page), and
// re-renders it when that changes (first visit: the worker claims the page a moment after load; app updates).

import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { streamingAvailable } from '../../api/stream-bridge.ts';

export class StreamingController implements ReactiveController {
  constructor(private readonly host: ReactiveControllerHost) {
    host.addController(this);
  }

  /** True when /stream/ URLs reach the service worker (play, view and download through it). */
  get available(): boolean {
    return typeof navigator !== 'undefined' && streamingAvailable(navigator.serviceWorker);
  }

  hostConnected(): void {
    navigator.serviceWorker?.addEventListener('controllerchange', this.onChange);
  }

  hostDisconnected(): void {
    navigator.serviceWorker?.removeEventListener('controllerchange', this.onChange);
  }

  private readonly onChange = (): void => this.host.requestUpdate();
}

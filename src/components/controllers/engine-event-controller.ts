// Holds one subscription to an engine event for a Lit host; follows the host's client when it is set or replaced.

import type { ReactiveControllerHost } from 'lit';
import type { EngineClient } from '../../api/client.ts';
import type { EngineEvent } from '../../api/protocol.ts';
import { SourceSubscription } from './source-subscription.ts';

export type EngineEventOf<T extends EngineEvent['type']> = Extract<EngineEvent, { type: T }>;

export class EngineEventController<T extends EngineEvent['type']> {
  private readonly subscription: SourceSubscription<EngineClient>;

  constructor(
    host: ReactiveControllerHost,
    getClient: () => EngineClient | undefined,
    type: T,
    /** Returns `false` when the event changes nothing the host shows: no update is requested then. */
    onEvent: (event: EngineEventOf<T>) => void | boolean,
  ) {
    // Handlers run even while the page is hidden (the title, the badge and the speed history keep following);
    // the views catch up in one update when it is shown.
    this.subscription = new SourceSubscription(host, getClient, (client, update) =>
      client.on(type, (event) => {
        if (onEvent(event) !== false) update();
      }),
    );
  }
}

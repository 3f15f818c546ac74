// A system notification when a download completes, if the user turned it on in the settings and the browser allows
// notifications. The toast in the page is rv-app's; this one reaches a user who is in another tab or app.

import type { ReactiveControllerHost } from 'lit';
import { msg } from '@lit/localize';
import type { EngineClient } from '../../api/client.ts';
import { showNotification } from '../platform.ts';
import type { SettingsService } from '../services.ts';
import { EngineEventController } from './engine-event-controller.ts';

export class CompletionNotifier {
  private readonly subscription: EngineEventController<'completed'>;

  constructor(host: ReactiveControllerHost, getClient: () => EngineClient | undefined, getPrefs: () => SettingsService | undefined) {
    this.subscription = new EngineEventController(host, getClient, 'completed', (e) => {
      if (getPrefs()?.current().notifyOnComplete !== true) return;
      showNotification(msg('Download complete'), {
        body: e.name || e.infoHashHex,
        // One per torrent: a second completion (after a recheck) replaces the first instead of stacking.
        tag: `rivulet-complete-${e.infoHashHex}`,
        icon: new URL('icons/icon-192.png', document.baseURI).href,
        data: { infoHashHex: e.infoHashHex },
      }).catch((err: unknown) => console.warn('Could not show the completion notification', err));
    });
  }
}

// Shows download progress outside the page: the tab title ("(42%) Rivulet") and the app badge (navigator.setAppBadge,
// the number of active downloads) follow the engine's snapshots; both are restored when the host goes away.

import type { ReactiveControllerHost } from 'lit';
import type { EngineClient } from '../../api/client.ts';
import { downloadProgress, progressTitle } from '../download-progress.ts';
import { EngineEventController } from './engine-event-controller.ts';

interface BadgeNavigator {
  setAppBadge?(count?: number): Promise<void>;
  clearAppBadge?(): Promise<void>;
}

export class ProgressBadgeController {
  private baseTitle: string | null = null;
  private shownBadge = 0;
  private readonly subscription: EngineEventController<'snapshot'>;

  constructor(host: ReactiveControllerHost, getClient: () => EngineClient | undefined) {
    this.subscription = new EngineEventController(host, getClient, 'snapshot', (e) => {
      this.show(downloadProgress(e.torrents));
      return false; // the title and badge are outside the host's template
    });
    host.addController({ hostDisconnected: () => this.restore() });
  }

  private show(p: ReturnType<typeof downloadProgress>): void {
    this.baseTitle ??= document.title;
    const title = progressTitle(this.baseTitle, p);
    if (document.title !== title) document.title = title;
    if (p.active !== this.shownBadge) this.badge(p.active);
  }

  private restore(): void {
    if (this.baseTitle !== null) document.title = this.baseTitle;
    if (this.shownBadge !== 0) this.badge(0);
  }

  private badge(count: number): void {
    this.shownBadge = count;
    const nav = navigator as Navigator & BadgeNavigator;
    const done = count > 0 ? nav.setAppBadge?.(count) : nav.clearAppBadge?.();
    // Some browsers badge installed apps only and refuse otherwise; the title still shows the progress.
    done?.catch((e: unknown) => console.debug('App badge refused', e));
  }
}

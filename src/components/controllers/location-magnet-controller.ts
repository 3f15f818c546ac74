// Picks up a magnet from the page URL's fragment (a Rivulet share link) at start-up and on hashchange.

import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { magnetFromFragment } from '../magnet-input.ts';

export class LocationMagnetController implements ReactiveController {
  constructor(
    host: ReactiveControllerHost,
    private readonly onMagnet: (uri: string) => void,
  ) {
    host.addController(this);
  }

  hostConnected(): void {
    window.addEventListener('hashchange', this.check);
    this.check();
  }

  hostDisconnected(): void {
    window.removeEventListener('hashchange', this.check);
  }

  private readonly check = (): void => {
    const magnet = magnetFromFragment(location.hash);
    if (!magnet) return;
    // Drop the fragment so a reload does not add the torrent again (and the magnet leaves the address bar).
    history.replaceState(history.state, '', location.pathname + location.search);
    this.onMagnet(magnet);
  };
}

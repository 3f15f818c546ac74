// The window-side services the UI needs besides the engine client; the composition root (src/app/main.ts) builds it.

/** One tracker's state for a torrent, as the network layer reports it (main thread). */
export interface TrackerReport {
  readonly url: string;
  readonly state: 'connecting' | 'online' | 'error' | 'offline';
  readonly seeders?: number;
  readonly leechers?: number;
  readonly lastError?: string;
  readonly warning?: string;
  /** Epoch ms of the next announce or reconnect attempt. */
  readonly nextAnnounceAt?: number;
  readonly peersReceived: number;
}

export interface AppServices {
  settings: { trackers: string[] };
  /** The link that opens this app and starts downloading `magnet`. */
  shareUrl(magnet: string): string;
  /** What each tracker of a torrent reports (empty while the torrent is not announced, e.g. paused). */
  trackerStatus?(infoHashHex: string): readonly TrackerReport[];
}

/** The app URL with the magnet as its fragment: the fragment never reaches a server, so the link leaks nothing. */
export function shareUrlFor(location: { readonly origin: string; readonly pathname: string }, magnet: string): string {
  return `${location.origin}${location.pathname}#${magnet}`;
}

// The window-side services the UI needs besides the engine client; the composition root (src/app/main.ts) builds it.

export interface AppServices {
  settings: { trackers: string[] };
  /** The link that opens this app and starts downloading `magnet`. */
  shareUrl(magnet: string): string;
}

/** The app URL with the magnet as its fragment: the fragment never reaches a server, so the link leaks nothing. */
export function shareUrlFor(location: { readonly origin: string; readonly pathname: string }, magnet: string): string {
  return `${location.origin}${location.pathname}#${magnet}`;
}

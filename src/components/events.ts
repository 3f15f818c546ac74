// DOM events the components raise to rv-app (intents and notices); rv-app turns intents into actions.

import type { SeedInput } from '../api/protocol.ts';

export interface NotifyDetail {
  readonly kind: 'error' | 'info';
  readonly text: string;
}

/** The detail panel's tabs. */
export type DetailTab = 'files' | 'peers' | 'trackers' | 'pieces' | 'speed' | 'options';

export interface RvEvents {
  /** `selectFirst`: ask which files to download once the metadata is here (typed or pasted magnets). */
  'rv-add-magnet': { readonly uri: string; readonly selectFirst?: boolean };
  /** A .torrent to fetch over HTTP(S). */
  'rv-add-torrent-url': { readonly url: string };
  /** Show a torrent in the detail panel (null closes it), optionally on a given tab. */
  'rv-select-torrent': { readonly infoHashHex: string | null; readonly tab?: DetailTab };
  /** Open the file selection for a torrent waiting for one. */
  'rv-choose-files': { readonly infoHashHex: string };
  /** Open the "Create a torrent" dialog. */
  'rv-open-create': Record<string, never>;
  'rv-seed-files': { readonly inputs: readonly SeedInput[] };
  'rv-add-torrent-files': { readonly files: readonly File[] };
  /** Raised to rv-app rather than done by the row: the row disappears with the torrent, before it could report. */
  'rv-remove-torrent': { readonly infoHashHex: string; readonly name: string; readonly deleteData: boolean };
  /** Several at once (the list's selection): one confirmation, one notice. */
  'rv-remove-torrents': { readonly infoHashHexes: readonly string[]; readonly deleteData: boolean };
  /** Stop a share that is still hashing (its row's cancel button). */
  'rv-cancel-job': { readonly id: number };
  /** Show a torrent's share link, copy button and QR code (the share toast). */
  'rv-show-share': { readonly infoHashHex: string };
  'rv-notify': NotifyDetail;
}

export type RvEventName = keyof RvEvents;

/** Dispatches a typed event that bubbles out of shadow roots, so rv-app hears it from any depth. */
export function emit<K extends RvEventName>(from: EventTarget, name: K, detail: RvEvents[K]): void {
  from.dispatchEvent(new CustomEvent(name, { detail, bubbles: true, composed: true }));
}

/** A typed handler for `@rv-…=${…}` bindings. */
export function on<K extends RvEventName>(handler: (detail: RvEvents[K]) => void): (e: Event) => void {
  return (e) => handler((e as CustomEvent<RvEvents[K]>).detail);
}

export function notifyError(from: EventTarget, text: string): void {
  emit(from, 'rv-notify', { kind: 'error', text });
}

export function notifyInfo(from: EventTarget, text: string): void {
  emit(from, 'rv-notify', { kind: 'info', text });
}

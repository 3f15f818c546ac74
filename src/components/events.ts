// DOM events the components raise to rv-app (intents and notices); rv-app turns intents into actions.

import type { SeedInput } from '../api/protocol.ts';

export interface NotifyDetail {
  readonly kind: 'error' | 'info';
  readonly text: string;
}

export interface RvEvents {
  'rv-add-magnet': { readonly uri: string };
  'rv-seed-files': { readonly inputs: readonly SeedInput[] };
  'rv-add-torrent-files': { readonly files: readonly File[] };
  /** Raised to rv-app rather than done by the row: the row disappears with the torrent, before it could report. */
  'rv-remove-torrent': { readonly infoHashHex: string; readonly name: string; readonly deleteData: boolean };
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

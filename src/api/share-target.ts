// The share target's hand-over between the service worker (which receives the POST from another app, Web Share
// Target level 2) and the page (which seeds the files): where the files wait, and how their entries are named.
// Constants and pure helpers only: both realms import it.

/** The manifest's share_target.action, relative to the app's scope. */
export const SHARE_TARGET_ACTION = 'share-target';
/** The multipart field holding the files (manifest share_target.params.files[].name). */
export const SHARE_FILES_FIELD = 'files';
/** The query parameter of the page the service worker redirects to: the share's id. */
export const SHARE_QUERY = 'share';
/** Cache Storage holds the files between the POST and the page picking them up. */
export const SHARE_CACHE = 'rivulet-share-inbox';
/** A share the page never picked up (it failed to load) is dropped after this, so files do not pile up. */
export const SHARE_TTL_MS = 60 * 60 * 1000;
/** More files than any share sheet sends; a bound on what one POST can make us store. */
export const MAX_SHARED_FILES = 1000;

/** Header on a stored file's response: its name (a Response has none; multipart carries no modified time either). */
export const NAME_HEADER = 'X-Rivulet-Name';
/** When the share arrived (epoch ms), on every entry, for the TTL. */
export const RECEIVED_HEADER = 'X-Rivulet-Received';

/** What a share holds besides files (text and URL shares can carry a magnet link). */
export interface ShareManifest {
  readonly files: number;
  readonly title: string;
  readonly text: string;
  readonly url: string;
}

/** Share ids are crypto.randomUUID(): anything else in the query is not ours and is ignored. */
export function isShareId(value: string | null): value is string {
  return value !== null && /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/.test(value);
}

/** The cache key of the share's manifest (`index` null) or of its file number `index`, under the app's scope. */
export function shareEntryUrl(scope: string, id: string, index: number | null): string {
  return new URL(`__share/${id}/${index === null ? 'manifest' : `file-${index}`}`, scope).href;
}

/** The first magnet link in shared text (apps share a link as text, as url, or inside a sentence). */
export function magnetInShare(parts: readonly string[]): string | null {
  for (const part of parts) {
    const m = /magnet:\?[^\s"'<>]+/i.exec(part);
    if (m) return m[0];
  }
  return null;
}

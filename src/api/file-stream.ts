// The contract between the service worker and the engine worker for file range reads (over a MessagePort the page
// hands to both), the page <-> service worker port hand-off, and the pure helpers every realm shares: stream URLs,
// content types, what kind of viewer a file gets. Types and pure functions only.

import type { ErrorInfo } from './protocol.ts';

// --- service worker -> engine worker (over the stream port) ---------------------------------------------------

export type ToStreamHost =
  /**
   * Opens file `fileIndex` of a torrent for reading; answered with `opened` or `failed`. `id` names the stream.
   * `read`, when the first bytes wanted are known already (a Range with a first byte), starts that read at once and
   * is answered like a `read` after `opened`: the window moves there a round trip sooner.
   */
  | { type: 'open'; id: number; infoHashHex: string; fileIndex: number; read?: { offset: number; length: number; whole?: boolean } }
  /**
   * Asks for bytes from `offset` (file-relative) on, at most `length`. Answered with `data` as soon as the piece
   * holding `offset` is verified: as many contiguous verified bytes as are there (at least one, at most `length`).
   * `whole`: the host goes on answering until `length` bytes (or the file's end) are sent, each `data` as soon as its
   * pieces verify, every one but the last marked `more`: no round trip per piece through a busy engine worker (a
   * seek's first megabyte arrives at the link's pace). A host that does not know `whole` answers once, unmarked,
   * which the reader takes as the end of the read. One read per stream at a time: the next is sent once the last is
   * answered and the player pulls again (backpressure).
   */
  | { type: 'read'; id: number; offset: number; length: number; whole?: boolean }
  /** The response is done or cancelled: the stream's window is dropped. */
  | { type: 'close'; id: number };

export type FromStreamHost =
  /** `safePath`: the file's sanitised path in the torrent (the zip route lays the archive out with it). */
  | { type: 'opened'; id: number; length: number; safeName: string; safePath?: readonly string[] }
  /** `bytes` is transferred (its buffer moves to the service worker, no copy). `more`: this read is not done. */
  | { type: 'data'; id: number; offset: number; bytes: Uint8Array; more?: boolean }
  /** `status` is the HTTP status the service worker answers with when this happens before the headers. */
  | { type: 'failed'; id: number; status: number; error: ErrorInfo };

/** The largest read the host serves: bounds what one message holds in memory in either worker. */
export const MAX_READ_BYTES = 4 * 1024 * 1024;

// --- page <-> service worker -----------------------------------------------------------------------------------

/** Service worker -> page: "I have no live port to the engine; send me one". */
export const STREAM_PORT_REQUEST = 'rivulet:stream-port-request';
/** Page -> service worker: a port to the engine worker, in `event.ports[0]`. */
export const STREAM_PORT_OFFER = 'rivulet:stream-port';

export interface StreamPortRequest {
  readonly type: typeof STREAM_PORT_REQUEST;
}
export interface StreamPortOffer {
  readonly type: typeof STREAM_PORT_OFFER;
}

export function isStreamPortRequest(data: unknown): data is StreamPortRequest {
  return typeof data === 'object' && data !== null && (data as { type?: unknown }).type === STREAM_PORT_REQUEST;
}

export function isStreamPortOffer(data: unknown): data is StreamPortOffer {
  return typeof data === 'object' && data !== null && (data as { type?: unknown }).type === STREAM_PORT_OFFER;
}

// --- URLs --------------------------------------------------------------------------------------------------------

export const STREAM_PREFIX = '/stream/';

export interface StreamTarget {
  readonly infoHashHex: string;
  readonly fileIndex: number;
}

/** `/stream/<infohash>/<fileIndex>/<name>`; the name is cosmetic (tab titles, default save names). */
export function streamPath(infoHashHex: string, fileIndex: number, name: string, download = false): string {
  // '.' and '..' (even percent-encoded) are dot segments a URL parser would resolve away.
  const last = /^\.*$/.test(name) ? 'file' : encodeURIComponent(name);
  return `${STREAM_PREFIX}${infoHashHex.toLowerCase()}/${fileIndex}/${last}${download ? '?download=1' : ''}`;
}

/** Parses a stream URL's path; null for anything else (including a bad info hash or index). */
export function parseStreamPath(pathname: string): StreamTarget | null {
  const m = /^\/stream\/([0-9a-fA-F]{40})\/(0|[1-9][0-9]{0,8})(?:\/[^/]*)?$/.exec(pathname);
  if (!m) return null;
  return { infoHashHex: m[1]!.toLowerCase(), fileIndex: Number(m[2]) };
}

export const ZIP_PREFIX = '/zip/';

export interface ZipTarget {
  readonly infoHashHex: string;
  readonly fileIndexes: readonly number[];
}

/** `/zip/<infohash>/<name>.zip?f=0,2,5`: the service worker streams these files of the torrent as one .zip. */
export function zipPath(infoHashHex: string, name: string, fileIndexes: readonly number[]): string {
  const base = /^\.*$/.test(name) ? 'files' : encodeURIComponent(name);
  return `${ZIP_PREFIX}${infoHashHex.toLowerCase()}/${base}.zip?f=${fileIndexes.join(',')}`;
}

/** Parses a zip URL (path and `f` list); null for anything else. */
export function parseZipPath(url: URL): ZipTarget | null {
  const m = /^\/zip\/([0-9a-fA-F]{40})\/[^/]*$/.exec(url.pathname);
  const f = url.searchParams.get('f');
  if (!m || f === null || !/^(0|[1-9][0-9]{0,8})(,(0|[1-9][0-9]{0,8}))*$/.test(f)) return null;
  return { infoHashHex: m[1]!.toLowerCase(), fileIndexes: f.split(',').map(Number) };
}

// --- content types and viewers -------------------------------------------------------------------------------------

export type ViewerKind = 'video' | 'audio' | 'image' | 'text' | 'none';

interface TypeInfo {
  readonly type: string;
  readonly kind: ViewerKind;
  /** The format can carry scripts (SVG): served with a CSP sandbox so opening it directly runs nothing. */
  readonly scripted?: true;
}

const TEXT = 'text/plain; charset=utf-8';
// HTML and XML are never served as markup: they would run scripts with the app's origin. They show as text. SVG is
// an image in an <img> (no scripts there) and sandboxed when opened directly.
const TYPES: Readonly<Record<string, TypeInfo>> = {
  webm: { type: 'video/webm', kind: 'video' },
  mkv: { type: 'video/x-matroska', kind: 'video' },
  mp4: { type: 'video/mp4', kind: 'video' },
  m4v: { type: 'video/mp4', kind: 'video' },
  mov: { type: 'video/quicktime', kind: 'video' },
  ogv: { type: 'video/ogg', kind: 'video' },
  mp3: { type: 'audio/mpeg', kind: 'audio' },
  m4a: { type: 'audio/mp4', kind: 'audio' },
  aac: { type: 'audio/aac', kind: 'audio' },
  oga: { type: 'audio/ogg', kind: 'audio' },
  ogg: { type: 'audio/ogg', kind: 'audio' },
  opus: { type: 'audio/ogg', kind: 'audio' },
  weba: { type: 'audio/webm', kind: 'audio' },
  flac: { type: 'audio/flac', kind: 'audio' },
  wav: { type: 'audio/wav', kind: 'audio' },
  jpg: { type: 'image/jpeg', kind: 'image' },
  jpeg: { type: 'image/jpeg', kind: 'image' },
  png: { type: 'image/png', kind: 'image' },
  gif: { type: 'image/gif', kind: 'image' },
  webp: { type: 'image/webp', kind: 'image' },
  avif: { type: 'image/avif', kind: 'image' },
  bmp: { type: 'image/bmp', kind: 'image' },
  ico: { type: 'image/x-icon', kind: 'image' },
  svg: { type: 'image/svg+xml', kind: 'image', scripted: true },
  txt: { type: TEXT, kind: 'text' },
  text: { type: TEXT, kind: 'text' },
  md: { type: TEXT, kind: 'text' },
  nfo: { type: TEXT, kind: 'text' },
  log: { type: TEXT, kind: 'text' },
  csv: { type: TEXT, kind: 'text' },
  srt: { type: TEXT, kind: 'text' },
  vtt: { type: 'text/vtt; charset=utf-8', kind: 'text' },
  json: { type: TEXT, kind: 'text' },
  xml: { type: TEXT, kind: 'text' },
  html: { type: TEXT, kind: 'text' },
  htm: { type: TEXT, kind: 'text' },
  pdf: { type: 'application/pdf', kind: 'none' },
  zip: { type: 'application/zip', kind: 'none' },
};

function extensionOf(name: string): string {
  const base = name.slice(name.lastIndexOf('/') + 1);
  const dot = base.lastIndexOf('.');
  return dot > 0 ? base.slice(dot + 1).toLowerCase() : '';
}

/** The Content-Type a stream of this file is served with (from its extension; unknown is octet-stream). */
export function contentTypeFor(name: string): string {
  return TYPES[extensionOf(name)]?.type ?? 'application/octet-stream';
}

/** True for formats that can run scripts when opened as a page (see TYPES): their responses get a CSP sandbox. */
export function isScripted(name: string): boolean {
  return TYPES[extensionOf(name)]?.scripted === true;
}

/** How the app shows the file in place: a player, an image, text, or nothing (download only). */
export function viewerKindFor(name: string): ViewerKind {
  return TYPES[extensionOf(name)]?.kind ?? 'none';
}

/** Audio and video: the engine fetches their containers' head and tail early. */
export function isMedia(name: string): boolean {
  const kind = viewerKindFor(name);
  return kind === 'video' || kind === 'audio';
}

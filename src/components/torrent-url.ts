// Fetches a .torrent from an http(s) URL the user pasted, with a size cap, and says clearly why it failed
// (not a URL, HTTP status, blocked by CORS or unreachable, too big). The fetch is injectable for tests.

import { MAX_TORRENT_FILE_BYTES } from './actions.ts';

export type TorrentUrlProblem =
  | { readonly kind: 'http'; readonly status: number; readonly statusText: string }
  | { readonly kind: 'network' } // CORS refusal and unreachable hosts look the same to a page, by design
  | { readonly kind: 'too-big'; readonly bytes: number; readonly max: number }
  | { readonly kind: 'empty' };

export class TorrentUrlError extends Error {
  override readonly name = 'TorrentUrlError';
  constructor(
    readonly url: string,
    readonly problem: TorrentUrlProblem,
  ) {
    super(`${problem.kind} fetching ${url}`);
  }
}

/** An http(s) URL (not a Rivulet share link, which carries a magnet in its fragment), or null. */
export function torrentUrlFrom(text: string): string | null {
  const s = text.trim();
  if (!/^https?:\/\//i.test(s)) return null;
  let url: URL;
  try {
    url = new URL(s);
  } catch {
    return null; // "https://" followed by garbage: not a URL
  }
  if (!url.host) return null;
  if (/^#magnet(:|%3A)/i.test(url.hash)) return null;
  return url.href;
}

export interface FetchTorrentOptions {
  readonly fetch?: typeof fetch;
  readonly maxBytes?: number;
  readonly signal?: AbortSignal;
}

/** The bytes at `url`, read no further than `maxBytes` (a wrong link to a video must not fill memory). */
export async function fetchTorrentBytes(url: string, o: FetchTorrentOptions = {}): Promise<Uint8Array> {
  const max = o.maxBytes ?? MAX_TORRENT_FILE_BYTES;
  const doFetch = o.fetch ?? globalThis.fetch.bind(globalThis);
  let res: Response;
  try {
    res = await doFetch(url, { mode: 'cors', credentials: 'omit', redirect: 'follow', ...(o.signal ? { signal: o.signal } : {}) });
  } catch (e) {
    if (e instanceof DOMException && e.name === 'AbortError') throw e;
    // fetch rejects with a bare TypeError for CORS refusals, DNS failures and refused connections alike.
    throw new TorrentUrlError(url, { kind: 'network' });
  }
  if (!res.ok) throw new TorrentUrlError(url, { kind: 'http', status: res.status, statusText: res.statusText });
  const declared = Number(res.headers.get('content-length') ?? NaN);
  if (Number.isFinite(declared) && declared > max) {
    await res.body?.cancel();
    throw new TorrentUrlError(url, { kind: 'too-big', bytes: declared, max });
  }
  const out = await readCapped(res, max, url);
  if (out.length === 0) throw new TorrentUrlError(url, { kind: 'empty' });
  return out;
}

async function readCapped(res: Response, max: number, url: string): Promise<Uint8Array> {
  if (!res.body) return new Uint8Array(await res.arrayBuffer());
  const reader = res.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.length;
    if (total > max) {
      await reader.cancel();
      throw new TorrentUrlError(url, { kind: 'too-big', bytes: total, max });
    }
    chunks.push(value);
  }
  const out = new Uint8Array(total);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}

/** A file name for a fetched .torrent (for messages): the URL's last path segment, else its host. */
export function nameFromUrl(url: string): string {
  try {
    const u = new URL(url);
    const last = decodeURIComponent(u.pathname.split('/').filter(Boolean).pop() ?? '');
    return last || u.host;
  } catch {
    return url; // never thrown for URLs torrentUrlFrom accepted; kept total for any caller
  }
}

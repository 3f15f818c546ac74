// Reads what a user pastes into the add bar (magnet link, bare info hash, or a Rivulet share link) and the share
// link fragment (BEP 9 magnet URIs, BEP 3 SHA-1 info hashes). A light check only: the engine parses for real.

export type AddInput = { readonly ok: true; readonly uri: string } | { readonly ok: false; readonly reason: 'empty' | 'invalid' };

const HEX_HASH = /^[0-9a-f]{40}$/i;
const BASE32_HASH = /^[a-z2-7]{32}$/i;
const MAGNET = /^magnet:\?/i;
/** A magnet must name a torrent (v1 btih or v2 btmh); anything else would only fail later in the engine. */
const EXACT_TOPIC = /(?:^|[?&])xt(?:\.\d+)?=urn:bt[im]h:/i;

/** A magnet from a URL fragment ("#magnet:?xt=…", possibly percent-encoded as a whole), else null. */
export function magnetFromFragment(fragment: string): string | null {
  let s = fragment.startsWith('#') ? fragment.slice(1) : fragment;
  if (/^magnet%3A/i.test(s)) {
    try {
      s = decodeURIComponent(s);
    } catch (e) {
      if (e instanceof URIError) return null; // a malformed escape is just not a magnet
      throw e;
    }
  }
  return MAGNET.test(s) && EXACT_TOPIC.test(s) ? s : null;
}

/** The magnet URI to add for the pasted text. */
export function parseAddInput(text: string): AddInput {
  const s = text.trim();
  if (s === '') return { ok: false, reason: 'empty' };
  if (HEX_HASH.test(s)) return { ok: true, uri: `magnet:?xt=urn:btih:${s.toLowerCase()}` };
  if (BASE32_HASH.test(s)) return { ok: true, uri: `magnet:?xt=urn:btih:${s.toUpperCase()}` };
  if (MAGNET.test(s)) return EXACT_TOPIC.test(s) ? { ok: true, uri: s } : { ok: false, reason: 'invalid' };
  // A share link: https://host/path#magnet:?xt=…
  const hash = s.indexOf('#');
  if (hash >= 0) {
    const magnet = magnetFromFragment(s.slice(hash + 1));
    if (magnet) return { ok: true, uri: magnet };
  }
  return { ok: false, reason: 'invalid' };
}

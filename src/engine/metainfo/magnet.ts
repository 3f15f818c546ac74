// Magnet links (BEP 9, with BEP 53 `so=` file selection): parse, accept bare info hashes, and compose.

import { fromBase32, fromHex, fromUtf8, toHex, utf8 } from '../bytes.ts';
import { EngineError } from '../errors.ts';
import type { MagnetLink } from './types.ts';

/** A magnet link is typed or pasted text; this bounds the work a hostile paste can cause. */
export const MAX_MAGNET_LENGTH = 1024 * 1024;
/**
 * BEP 53 ranges expand to one entry per file: "0-999999999" must not allocate a billion numbers, so an index at or
 * past this is ignored, as libtorrent does past 10,000 (magnet_uri.cpp max_index). The fuzz pass found a selection
 * of 100,000 indexes taking ~0.5 s to parse and compose.
 */
export const MAX_SELECT_ONLY = 10_001;

const HEX40 = /^[0-9a-f]{40}$/i;
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/**
 * Lone UTF-16 surrogates as U+FFFD: they have no UTF-8 form, so `encodeURIComponent` throws on them and a
 * %-escaped value decodes them to U+FFFD anyway. Both directions use this, so parse(compose(m)) gives back m.
 */
function wellFormed(s: string): string {
  return s.replace(LONE_SURROGATE, '\ufffd');
}
const BASE32_32 = /^[a-z2-7]{32}$/i;

function invalid(message: string, details: Record<string, number | string> = {}): never {
  throw new EngineError('MAGNET_INVALID', message, details);
}

/** 40 hex or 32 base32 characters -> 20 bytes, or null. */
export function parseInfoHash(text: string): Uint8Array | null {
  if (HEX40.test(text)) return fromHex(text);
  if (BASE32_32.test(text)) return fromBase32(text);
  return null;
}

/**
 * Percent-decoding as query strings use it: '+' is a space, %XX a byte; the bytes are UTF-8 (invalid sequences
 * become U+FFFD rather than failing, since names come from many encoders).
 */
function percentDecode(s: string, key: string): string {
  const text = wellFormed(s.includes('+') ? s.replace(/\+/g, ' ') : s);
  if (!text.includes('%')) return text;
  const bytes: number[] = [];
  let literalStart = 0;
  const flushLiteral = (end: number): void => {
    if (end > literalStart) for (const b of utf8(text.slice(literalStart, end))) bytes.push(b);
  };
  for (let i = 0; i < text.length; i++) {
    if (text.charCodeAt(i) !== 37) continue; // '%'
    const hex = text.slice(i + 1, i + 3);
    if (!/^[0-9a-f]{2}$/i.test(hex)) {
      invalid(`This magnet link is malformed: "${key}" has a broken %-escape at character ${i + 1}.`, { key, at: i });
    }
    flushLiteral(i);
    bytes.push(parseInt(hex, 16));
    i += 2;
    literalStart = i + 1;
  }
  flushLiteral(text.length);
  return fromUtf8(new Uint8Array(bytes));
}

/** Parses a magnet URI. Needs a v1 (btih) info hash; everything else is optional. */
export function parseMagnet(uri: string): MagnetLink {
  if (uri.length > MAX_MAGNET_LENGTH) {
    invalid(`This magnet link is ${uri.length} characters long, more than the ${MAX_MAGNET_LENGTH} allowed.`, {
      length: uri.length,
    });
  }
  const text = uri.trim();
  if (!/^magnet:\?/i.test(text)) invalid('This is not a magnet link: it must start with "magnet:?".');
  const hashAt = text.indexOf('#');
  const query = text.slice(8, hashAt < 0 ? text.length : hashAt);

  const btih: string[] = [];
  let btmh = false;
  let name: string | undefined;
  let length: number | undefined;
  let selectOnly: Set<number> | undefined;
  const trackers: string[] = [];
  const webSeeds: string[] = [];
  const peers: string[] = [];

  for (const param of query.split('&')) {
    const eq = param.indexOf('=');
    // A parameter without a value carries nothing we use; skipping it is what other clients do.
    if (eq <= 0) continue;
    const rawKey = param.slice(0, eq);
    // BEP 9 numbers repeated parameters "xt.1", "tr.2"...
    const key = rawKey.replace(/\.\d+$/, '');
    const value = percentDecode(param.slice(eq + 1), rawKey);
    switch (key) {
      case 'xt': {
        const lower = value.slice(0, 9).toLowerCase();
        if (lower === 'urn:btih:') btih.push(value.slice(9).trim());
        else if (lower === 'urn:btmh:') btmh = true;
        break;
      }
      case 'dn':
        // An empty dn names nothing (and toMagnet leaves it out, so keeping it would break the round trip).
        if (name === undefined && value !== '') name = value;
        break;
      case 'tr':
        trackers.push(value.trim());
        break;
      case 'ws':
        webSeeds.push(value.trim());
        break;
      case 'xl':
        // An unusable length is only a hint lost, not a reason to refuse the link.
        if (length === undefined && /^\d{1,16}$/.test(value) && Number.isSafeInteger(Number(value))) length = Number(value);
        break;
      case 'so':
        selectOnly = parseSelectOnly(value, selectOnly);
        break;
      case 'x.pe':
        peers.push(value.trim());
        break;
    }
  }

  if (btih.length === 0) {
    if (btmh) {
      throw new EngineError(
        'MAGNET_NO_INFO_HASH',
        'This magnet link is for a BitTorrent v2-only torrent, which is not supported yet: it has no v1 (btih) info hash.',
        { v2: true },
      );
    }
    throw new EngineError('MAGNET_NO_INFO_HASH', 'This magnet link has no info hash (no "xt=urn:btih:" part).', { v2: false });
  }
  let infoHash: Uint8Array | null = null;
  for (const h of btih) if ((infoHash = parseInfoHash(h))) break;
  if (!infoHash) {
    throw new EngineError(
      'MAGNET_BAD_INFO_HASH',
      `This magnet link's info hash is invalid: it must be 40 hex or 32 base32 characters, not ${btih[0]!.length}.`,
      { length: btih[0]!.length },
    );
  }
  return {
    infoHash,
    infoHashHex: toHex(infoHash),
    ...(name !== undefined ? { name } : {}),
    trackers: dedupe(trackers),
    webSeeds: dedupe(webSeeds),
    ...(length !== undefined ? { length } : {}),
    // A selection that names no usable index is ignored like a bad one: the user gets all files, not none.
    ...(selectOnly && selectOnly.size > 0 ? { selectOnly: [...selectOnly].sort((a, b) => a - b) } : {}),
    peers: dedupe(peers),
  };
}

/**
 * BEP 53: "0,2,4-6" -> {0,2,4,5,6}, merged into `into` (so= may repeat). Read as libtorrent 2.0.8 reads it
 * (magnet_uri.cpp), so a bad selection is ignored rather than fatal: a value holding anything but digits, '-' and
 * ',' is skipped whole; an item starting or ending in '-', reversed, or past MAX_SELECT_ONLY is skipped alone; the
 * end of a range is its leading digits ("1-2-3" is 1-2, as atoi reads it).
 */
export function parseSelectOnly(value: string, into = new Set<number>()): Set<number> {
  if (!/^[0-9,-]*$/.test(value)) return into;
  for (const item of value.split(',')) {
    if (item === '') continue;
    const dash = item.indexOf('-');
    if (dash === 0 || dash === item.length - 1) continue;
    const first = leadingIndex(dash < 0 ? item : item.slice(0, dash));
    const last = dash < 0 ? first : leadingIndex(item.slice(dash + 1));
    if (first < 0 || last < first || last >= MAX_SELECT_ONLY) continue;
    for (let i = first; i <= last; i++) into.add(i);
  }
  return into;
}

/** The leading decimal digits of `s` as an index; -1 when there are none (atoi's "-2" is negative: skipped too). */
function leadingIndex(s: string): number {
  const m = /^\d{1,15}/.exec(s);
  if (!m) return -1;
  // Past 15 digits the item is beyond any cap; Infinity keeps it from passing as a small number.
  return /^\d{16}/.test(s) ? Infinity : Number(m[0]);
}

/** Sorted, deduplicated indexes -> "0,2,4-6" (BEP 53). */
export function composeSelectOnly(indexes: readonly number[]): string {
  const sorted = [...new Set(indexes)].filter((i) => Number.isSafeInteger(i) && i >= 0).sort((a, b) => a - b);
  const parts: string[] = [];
  for (let i = 0; i < sorted.length; ) {
    let j = i;
    while (j + 1 < sorted.length && sorted[j + 1] === sorted[j]! + 1) j++;
    parts.push(j > i ? `${sorted[i]}-${sorted[j]}` : `${sorted[i]}`);
    i = j + 1;
  }
  return parts.join(',');
}

/** A magnet link, or a bare 40-hex / 32-base32 info hash, as a MagnetLink. */
export function parseTorrentId(text: string): MagnetLink {
  const t = text.trim();
  if (/^magnet:/i.test(t)) return parseMagnet(t);
  const infoHash = parseInfoHash(t);
  if (infoHash) return { infoHash, infoHashHex: toHex(infoHash), trackers: [], webSeeds: [], peers: [] };
  if (/^[0-9a-z]+$/i.test(t) && (t.length === 40 || t.length === 32)) {
    throw new EngineError('MAGNET_BAD_INFO_HASH', 'This info hash contains characters that are not valid.', { length: t.length });
  }
  return invalid('This is neither a magnet link nor an info hash (40 hex or 32 base32 characters).', {
    length: t.length,
  });
}

export interface MagnetInput {
  readonly infoHash?: Uint8Array;
  readonly infoHashHex?: string;
  readonly name?: string;
  readonly trackers?: readonly string[];
  readonly webSeeds?: readonly string[];
  readonly length?: number;
  readonly selectOnly?: readonly number[];
  readonly peers?: readonly string[];
}

/** Composes a magnet link (xt first, then dn, xl, tr..., ws..., so, x.pe...) that WebTorrent's magnet-uri reads. */
export function toMagnet(m: MagnetInput): string {
  let hex: string;
  if (m.infoHash && m.infoHash.length === 20) hex = toHex(m.infoHash);
  else if (m.infoHashHex && HEX40.test(m.infoHashHex)) hex = m.infoHashHex.toLowerCase();
  else throw new EngineError('MAGNET_BAD_INFO_HASH', 'A magnet link needs a 20-byte info hash.', {});
  let out = `magnet:?xt=urn:btih:${hex}`;
  if (m.name !== undefined && m.name !== '') out += `&dn=${uriComponent(m.name)}`;
  if (m.length !== undefined && Number.isSafeInteger(m.length) && m.length >= 0) out += `&xl=${m.length}`;
  for (const t of dedupe(m.trackers ?? [])) out += `&tr=${uriComponent(t)}`;
  for (const w of dedupe(m.webSeeds ?? [])) out += `&ws=${uriComponent(w)}`;
  const so = m.selectOnly ? composeSelectOnly(m.selectOnly.filter((i) => i < MAX_SELECT_ONLY)) : '';
  if (so !== '') out += `&so=${so}`;
  for (const p of dedupe(m.peers ?? [])) out += `&x.pe=${uriComponent(p)}`;
  return out;
}

/** `encodeURIComponent` that cannot throw (lone surrogates become U+FFFD first). */
function uriComponent(s: string): string {
  return encodeURIComponent(wellFormed(s));
}

function dedupe(items: readonly string[]): string[] {
  return [...new Set(items.filter((s) => s !== ''))];
}

// WebSocket tracker messages (the JSON `bittorrent-tracker` and WebTorrent speak): build requests, validate replies.
// Pure: no DOM, no sockets. Everything read from the socket is untrusted and is either accepted or refused
// with a reason, never thrown.

import { fromBinaryString, toBinaryString, toHex } from '../../engine/bytes.ts';

/** What `RTCSessionDescriptionInit` carries, reduced to the two shapes trackers relay. */
export interface SessionDescription {
  readonly type: 'offer' | 'answer';
  readonly sdp: string;
}

/** BEP 3 announce events; an `update` is an announce with no `event` key. */
export type AnnounceEvent = 'started' | 'update' | 'completed' | 'stopped';

export interface OfferEntry {
  readonly offerId: Uint8Array;
  readonly offer: SessionDescription;
}

export interface AnnounceRequest {
  readonly infoHash: Uint8Array;
  readonly peerId: Uint8Array;
  readonly event: AnnounceEvent;
  readonly uploaded: number;
  readonly downloaded: number;
  /** Bytes still wanted; null while unknown (magnet without metadata): the key is then left out, see below. */
  readonly left: number | null;
  /** Sent with `started` and `update` only, as bittorrent-tracker does. */
  readonly offers?: readonly OfferEntry[];
  /** Echo of the tracker's `tracker id`, when it gave one. */
  readonly trackerId?: string;
}

export interface AnswerRequest {
  readonly infoHash: Uint8Array;
  readonly peerId: Uint8Array;
  readonly toPeerId: Uint8Array;
  readonly offerId: Uint8Array;
  readonly answer: SessionDescription;
  readonly trackerId?: string;
}

/**
 * `numwant` bittorrent-tracker's client puts in `stopped`/`completed` announces (its DEFAULT_ANNOUNCE_PEERS).
 * The server derives the real numwant from `offers.length`; we copy the value so our frames match theirs.
 */
export const NUMWANT_WITHOUT_OFFERS = 50;

/** Refuse frames above this before JSON.parse sees them: a relayed offer is a few KiB of SDP. */
export const MAX_MESSAGE_CHARS = 256 * 1024;
/** Refuse relayed SDPs above this: real ones are 0.5–4 KiB; the browser's SDP parser is not our fuzz target. */
export const MAX_SDP_CHARS = 64 * 1024;
/** Failure and warning texts are shown in the UI: cut them so a tracker cannot flood it. */
export const MAX_TEXT_CHARS = 512;
/**
 * Deepest `[`/`{` nesting read. Real replies nest 3 deep ({files: {hash: {complete}}}); JSON.parse copes with
 * thousands of levels but the recursive code after it (JSON.stringify of a field for a message) overflows the stack.
 */
export const MAX_JSON_DEPTH = 16;
/** Counts and intervals above this are nonsense (or attempts to overflow a UI); the field is dropped. */
const MAX_COUNT = 1e9;

export function encodeAnnounce(req: AnnounceRequest): string {
  checkId('infoHash', req.infoHash);
  checkId('peerId', req.peerId);
  const withOffers = req.event === 'started' || req.event === 'update';
  const offers = withOffers ? (req.offers ?? []) : [];
  // Key order follows bittorrent-tracker's client (lib/client/websocket-tracker.js `announce`): the options
  // object first (numwant, uploaded, downloaded, left, event), then action, info_hash, peer_id, trackerid, offers.
  const msg: Record<string, unknown> = {
    numwant: withOffers ? offers.length : NUMWANT_WITHOUT_OFFERS,
    uploaded: safeCount(req.uploaded),
    downloaded: safeCount(req.downloaded),
  };
  // JSON has no Infinity; an absent `left` is what the server reads as "unknown" (Number(undefined) -> NaN ->
  // Infinity). Sending null would read as 0 and list us as a seeder.
  if (req.left !== null && Number.isFinite(req.left)) msg.left = safeCount(req.left);
  if (req.event !== 'update') msg.event = req.event;
  msg.action = 'announce';
  msg.info_hash = toBinaryString(req.infoHash);
  msg.peer_id = toBinaryString(req.peerId);
  if (req.trackerId !== undefined) msg.trackerid = req.trackerId;
  if (withOffers) {
    msg.offers = offers.map((o) => {
      checkId('offerId', o.offerId);
      return { offer: { type: o.offer.type, sdp: o.offer.sdp }, offer_id: toBinaryString(o.offerId) };
    });
  }
  return JSON.stringify(msg);
}

export function encodeAnswer(req: AnswerRequest): string {
  checkId('infoHash', req.infoHash);
  checkId('peerId', req.peerId);
  checkId('toPeerId', req.toPeerId);
  checkId('offerId', req.offerId);
  // Same order as bittorrent-tracker's `peer.once('signal', answer => ...)` in _onAnnounceResponse.
  const msg: Record<string, unknown> = {
    action: 'announce',
    info_hash: toBinaryString(req.infoHash),
    peer_id: toBinaryString(req.peerId),
    to_peer_id: toBinaryString(req.toPeerId),
    answer: { type: req.answer.type, sdp: req.answer.sdp },
    offer_id: toBinaryString(req.offerId),
  };
  if (req.trackerId !== undefined) msg.trackerid = req.trackerId;
  return JSON.stringify(msg);
}

/** One info hash is sent as a string, several as an array (both forms the server accepts). */
export function encodeScrape(infoHashes: readonly Uint8Array[]): string {
  for (const h of infoHashes) checkId('infoHash', h);
  const ids = infoHashes.map(toBinaryString);
  return JSON.stringify({ action: 'scrape', info_hash: ids.length === 1 ? ids[0] : ids });
}

export interface AnnounceReply {
  readonly type: 'announce';
  readonly infoHashHex: string;
  /** Seconds, as the tracker sent them; clamping is the schedule's job. */
  readonly interval?: number;
  readonly minInterval?: number;
  /** Seeders and leechers. */
  readonly complete?: number;
  readonly incomplete?: number;
  readonly trackerId?: string;
  readonly warning?: string;
}

export interface FailureReply {
  readonly type: 'failure';
  /** Null when the tracker could not even parse our request (it then names no info hash). */
  readonly infoHashHex: string | null;
  readonly reason: string;
}

export interface RelayedOffer {
  readonly type: 'offer';
  readonly infoHashHex: string;
  readonly peerIdHex: string;
  readonly offerIdHex: string;
  readonly offer: SessionDescription;
}

export interface RelayedAnswer {
  readonly type: 'answer';
  readonly infoHashHex: string;
  readonly peerIdHex: string;
  readonly offerIdHex: string;
  readonly answer: SessionDescription;
}

export interface ScrapeFile {
  readonly infoHashHex: string;
  readonly complete: number;
  readonly incomplete: number;
  readonly downloaded: number;
}

export interface ScrapeReply {
  readonly type: 'scrape';
  readonly files: readonly ScrapeFile[];
}

export type TrackerMessage = AnnounceReply | FailureReply | RelayedOffer | RelayedAnswer | ScrapeReply;

export type ParseResult = { readonly ok: true; readonly message: TrackerMessage } | { readonly ok: false; readonly reason: string };

/** At most this many scrape entries are read from one reply (we scrape a handful of hashes at a time). */
const MAX_SCRAPE_FILES = 1000;

export function parseTrackerMessage(data: unknown): ParseResult {
  if (typeof data !== 'string') return refuse('not a text frame');
  if (data.length > MAX_MESSAGE_CHARS) return refuse(`frame of ${data.length} chars exceeds ${MAX_MESSAGE_CHARS}`);
  const depthAt = nestedPast(data, MAX_JSON_DEPTH);
  if (depthAt >= 0) return refuse(`JSON nested more than ${MAX_JSON_DEPTH} levels deep (at char ${depthAt})`);
  let value: unknown;
  try {
    value = JSON.parse(data);
  } catch (e) {
    return refuse(`invalid JSON: ${e instanceof Error ? e.message : String(e)}`.slice(0, MAX_TEXT_CHARS));
  }
  if (!isRecord(value)) return refuse('not a JSON object');

  const failure = value['failure reason'];
  if (failure !== undefined) {
    // bittorrent-tracker answers an unparsable request with only `failure reason` (no action, no info_hash).
    const infoHash = value.info_hash === undefined ? null : binaryId(value.info_hash);
    if (infoHash === undefined) return refuse('failure with an invalid info_hash');
    return accept({ type: 'failure', infoHashHex: infoHash, reason: text(failure) });
  }

  if (value.action === 'scrape') return parseScrape(value);
  if (value.action !== 'announce') return refuse(`unknown action ${JSON.stringify(text(value.action, 40))}`);

  const infoHashHex = binaryId(value.info_hash);
  if (!infoHashHex) return refuse('invalid info_hash');

  if (value.offer !== undefined || value.answer !== undefined) {
    const peerIdHex = binaryId(value.peer_id);
    if (!peerIdHex) return refuse('relayed signal with an invalid peer_id');
    const offerIdHex = binaryId(value.offer_id);
    if (!offerIdHex) return refuse('relayed signal with an invalid offer_id');
    if (value.offer !== undefined) {
      const offer = description(value.offer, 'offer');
      if (typeof offer === 'string') return refuse(offer);
      return accept({ type: 'offer', infoHashHex, peerIdHex, offerIdHex, offer });
    }
    const answer = description(value.answer, 'answer');
    if (typeof answer === 'string') return refuse(answer);
    return accept({ type: 'answer', infoHashHex, peerIdHex, offerIdHex, answer });
  }

  const reply: { -readonly [K in keyof AnnounceReply]: AnnounceReply[K] } = { type: 'announce', infoHashHex };
  const interval = positive(value.interval);
  if (interval !== undefined) reply.interval = interval;
  const minInterval = positive(value['min interval']);
  if (minInterval !== undefined) reply.minInterval = minInterval;
  const complete = count(value.complete);
  if (complete !== undefined) reply.complete = complete;
  const incomplete = count(value.incomplete);
  if (incomplete !== undefined) reply.incomplete = incomplete;
  if (typeof value['tracker id'] === 'string' && value['tracker id'].length <= MAX_TEXT_CHARS) {
    reply.trackerId = value['tracker id'];
  }
  if (value['warning message'] !== undefined) reply.warning = text(value['warning message']);
  return accept(reply);
}

function parseScrape(value: Record<string, unknown>): ParseResult {
  if (!isRecord(value.files)) return refuse('scrape reply without files');
  const files: ScrapeFile[] = [];
  for (const [key, entry] of Object.entries(value.files)) {
    if (files.length >= MAX_SCRAPE_FILES) break;
    const infoHashHex = binaryId(key);
    if (!infoHashHex || !isRecord(entry)) continue; // one bad entry does not spoil the others
    files.push({
      infoHashHex,
      complete: count(entry.complete) ?? 0,
      incomplete: count(entry.incomplete) ?? 0,
      downloaded: count(entry.downloaded) ?? 0,
    });
  }
  return accept({ type: 'scrape', files });
}

/**
 * Index of the bracket that takes `[`/`{` nesting past `limit` (brackets inside strings do not count), or -1.
 * A linear scan with no allocation, run before JSON.parse so no deeper value is ever built.
 */
export function nestedPast(json: string, limit: number): number {
  let depth = 0;
  for (let i = 0; i < json.length; i++) {
    const c = json.charCodeAt(i);
    if (c === 0x22) {
      // Skip the string: up to the next quote that no backslash escapes.
      for (i++; i < json.length; i++) {
        const d = json.charCodeAt(i);
        if (d === 0x5c) i++;
        else if (d === 0x22) break;
      }
    } else if (c === 0x5b || c === 0x7b) {
      if (++depth > limit) return i;
    } else if (c === 0x5d || c === 0x7d) {
      depth--;
    }
  }
  return -1;
}

/** Hex of a 20-byte binary string; undefined when it is not exactly that. */
function binaryId(v: unknown): string | undefined {
  if (typeof v !== 'string' || v.length !== 20) return undefined;
  const bytes = fromBinaryString(v);
  return bytes ? toHex(bytes) : undefined;
}

function description(v: unknown, type: 'offer' | 'answer'): SessionDescription | string {
  if (!isRecord(v)) return `${type} is not an object`;
  if (v.type !== type) return `${type} has type ${JSON.stringify(text(v.type, 40))}`;
  if (typeof v.sdp !== 'string' || v.sdp.length === 0) return `${type} without an sdp string`;
  if (v.sdp.length > MAX_SDP_CHARS) return `${type} sdp of ${v.sdp.length} chars exceeds ${MAX_SDP_CHARS}`;
  return { type, sdp: v.sdp };
}

function positive(v: unknown): number | undefined {
  return typeof v === 'number' && Number.isFinite(v) && v > 0 && v <= MAX_COUNT ? v : undefined;
}

function count(v: unknown): number | undefined {
  return typeof v === 'number' && Number.isInteger(v) && v >= 0 && v <= MAX_COUNT ? v : undefined;
}

/** Any JSON value as display text, cut to `max` chars. */
function text(v: unknown, max = MAX_TEXT_CHARS): string {
  const s = typeof v === 'string' ? v : (JSON.stringify(v) ?? String(v));
  return s.length > max ? `${s.slice(0, max)}…` : s;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function safeCount(n: number): number {
  return Number.isFinite(n) && n > 0 ? Math.floor(n) : 0;
}

/** Our own ids are always 20 bytes; anything else is a caller bug, hence RangeError. */
function checkId(name: string, bytes: Uint8Array): void {
  if (bytes.length !== 20) throw new RangeError(`${name} must be 20 bytes, got ${bytes.length}`);
}

function accept(message: TrackerMessage): ParseResult {
  return { ok: true, message };
}

function refuse(reason: string): ParseResult {
  return { ok: false, reason };
}

import { describe, expect, it } from 'vitest';
import { toBinaryString, toHex } from '../../../../src/engine/bytes.ts';
import {
  MAX_JSON_DEPTH,
  MAX_MESSAGE_CHARS,
  MAX_SDP_CHARS,
  MAX_TEXT_CHARS,
  encodeAnnounce,
  encodeAnswer,
  encodeScrape,
  nestedPast,
  parseTrackerMessage,
} from '../../../../src/net/tracker/ws-protocol.ts';
import type { TrackerMessage } from '../../../../src/net/tracker/ws-protocol.ts';

/** 20 bytes including values above 0x7f, which must survive as latin1 code units. */
const INFO_HASH = Uint8Array.from({ length: 20 }, (_, i) => (i * 13 + 0x70) & 0xff);
const PEER_ID = Uint8Array.from('-RV0001-abcdefghijkl', (c) => c.charCodeAt(0));
const OTHER_PEER = Uint8Array.from('-WW0300-0123456789ab', (c) => c.charCodeAt(0));
const OFFER_ID = Uint8Array.from({ length: 20 }, (_, i) => 0xff - i);
const SDP = 'v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\ns=-\r\n';

const bin = toBinaryString;

function parsed(data: unknown): TrackerMessage {
  const r = parseTrackerMessage(data);
  if (!r.ok) throw new Error(`expected a message, got refusal: ${r.reason}`);
  return r.message;
}

function refusal(data: unknown): string {
  const r = parseTrackerMessage(data);
  if (r.ok) throw new Error(`expected a refusal, got ${JSON.stringify(r.message)}`);
  return r.reason;
}

// The real server's request parser. Not an exported entry point of the package (and untyped), so loaded by path.
const PARSER_URL = new URL('../../../../node_modules/bittorrent-tracker/lib/server/parse-websocket.js', import.meta.url).href;
const { default: parseWebSocketRequest } = (await import(/* @vite-ignore */ PARSER_URL)) as {
  default: (socket: object, opts: object, frame: string) => unknown;
};

/** What the real server makes of a frame (it throws on what it refuses). */
function serverParse(frame: string): Record<string, unknown> {
  return parseWebSocketRequest({}, {}, frame) as Record<string, unknown>;
}

describe('encodeAnnounce: frames as bittorrent-tracker`s client builds them', () => {
  it('writes a started announce with offers in the client`s key order', () => {
    const frame = encodeAnnounce({
      infoHash: INFO_HASH,
      peerId: PEER_ID,
      event: 'started',
      uploaded: 0,
      downloaded: 0,
      left: 1000,
      offers: [{ offerId: OFFER_ID, offer: { type: 'offer', sdp: SDP } }],
    });
    // client.start(): _defaultAnnounceOpts {numwant, uploaded, downloaded} + getAnnounceOpts {left} + event, then
    // WebSocketTracker.announce adds action, info_hash, peer_id, and numwant/offers after the offers are made.
    const expected = JSON.stringify({
      numwant: 1,
      uploaded: 0,
      downloaded: 0,
      left: 1000,
      event: 'started',
      action: 'announce',
      info_hash: bin(INFO_HASH),
      peer_id: bin(PEER_ID),
      offers: [{ offer: { type: 'offer', sdp: SDP }, offer_id: bin(OFFER_ID) }],
    });
    expect(frame).toBe(expected);
  });

  it('leaves out `event` for an update and `offers` for stopped and completed', () => {
    const update = JSON.parse(encodeAnnounce({ infoHash: INFO_HASH, peerId: PEER_ID, event: 'update', uploaded: 5, downloaded: 7, left: 0, offers: [] }));
    expect(update).toEqual({ numwant: 0, uploaded: 5, downloaded: 7, left: 0, action: 'announce', info_hash: bin(INFO_HASH), peer_id: bin(PEER_ID), offers: [] });
    for (const event of ['stopped', 'completed'] as const) {
      const msg = JSON.parse(
        encodeAnnounce({ infoHash: INFO_HASH, peerId: PEER_ID, event, uploaded: 1, downloaded: 2, left: 3, offers: [{ offerId: OFFER_ID, offer: { type: 'offer', sdp: SDP } }] }),
      );
      expect(msg).toEqual({ numwant: 50, uploaded: 1, downloaded: 2, left: 3, event, action: 'announce', info_hash: bin(INFO_HASH), peer_id: bin(PEER_ID) });
    }
  });

  it('omits an unknown `left` so the server counts us as a leecher, not a seeder', () => {
    const frame = encodeAnnounce({ infoHash: INFO_HASH, peerId: PEER_ID, event: 'started', uploaded: 0, downloaded: 0, left: null });
    expect(JSON.parse(frame)).not.toHaveProperty('left');
    expect(serverParse(frame).left).toBe(Infinity);
    const infinite = encodeAnnounce({ infoHash: INFO_HASH, peerId: PEER_ID, event: 'started', uploaded: 0, downloaded: 0, left: Infinity });
    expect(serverParse(infinite).left).toBe(Infinity);
  });

  it('echoes a tracker id as `trackerid`', () => {
    const msg = JSON.parse(encodeAnnounce({ infoHash: INFO_HASH, peerId: PEER_ID, event: 'update', uploaded: 0, downloaded: 0, left: 1, trackerId: 'abc' }));
    expect(msg.trackerid).toBe('abc');
  });

  it('is accepted by the real server parser with the ids we meant', () => {
    const frame = encodeAnnounce({
      infoHash: INFO_HASH,
      peerId: PEER_ID,
      event: 'started',
      uploaded: 10,
      downloaded: 20,
      left: 30,
      offers: [
        { offerId: OFFER_ID, offer: { type: 'offer', sdp: SDP } },
        { offerId: INFO_HASH, offer: { type: 'offer', sdp: SDP } },
      ],
    });
    const p = serverParse(frame);
    expect(p.info_hash).toBe(toHex(INFO_HASH));
    expect(p.peer_id).toBe(toHex(PEER_ID));
    expect(p.numwant).toBe(2);
    expect(p.left).toBe(30);
    expect(p.event).toBe('started');
  });

  it('clamps negative or non-finite counters to 0 rather than sending nonsense', () => {
    const msg = JSON.parse(encodeAnnounce({ infoHash: INFO_HASH, peerId: PEER_ID, event: 'update', uploaded: -1, downloaded: Number.NaN, left: 2.7 }));
    expect([msg.uploaded, msg.downloaded, msg.left]).toEqual([0, 0, 2]);
  });

  it('refuses ids that are not 20 bytes (a caller bug)', () => {
    expect(() => encodeAnnounce({ infoHash: new Uint8Array(19), peerId: PEER_ID, event: 'started', uploaded: 0, downloaded: 0, left: 0 })).toThrow(RangeError);
    expect(() => encodeAnswer({ infoHash: INFO_HASH, peerId: PEER_ID, toPeerId: new Uint8Array(21), offerId: OFFER_ID, answer: { type: 'answer', sdp: SDP } })).toThrow(RangeError);
  });
});

describe('encodeAnswer and encodeScrape', () => {
  it('writes an answer in the client`s key order, accepted by the server with to_peer_id', () => {
    const frame = encodeAnswer({ infoHash: INFO_HASH, peerId: PEER_ID, toPeerId: OTHER_PEER, offerId: OFFER_ID, answer: { type: 'answer', sdp: SDP } });
    expect(frame).toBe(
      JSON.stringify({
        action: 'announce',
        info_hash: bin(INFO_HASH),
        peer_id: bin(PEER_ID),
        to_peer_id: bin(OTHER_PEER),
        answer: { type: 'answer', sdp: SDP },
        offer_id: bin(OFFER_ID),
      }),
    );
    expect(serverParse(frame).to_peer_id).toBe(toHex(OTHER_PEER));
  });

  it('sends one scrape hash as a string and several as an array', () => {
    expect(JSON.parse(encodeScrape([INFO_HASH]))).toEqual({ action: 'scrape', info_hash: bin(INFO_HASH) });
    const two = encodeScrape([INFO_HASH, OFFER_ID]);
    expect(serverParse(two).info_hash).toEqual([toHex(INFO_HASH), toHex(OFFER_ID)]);
  });
});

describe('parseTrackerMessage: replies as the server sends them', () => {
  it('reads an announce reply (the exact frame bittorrent-tracker 11 sends)', () => {
    const frame = `{"complete":0,"incomplete":1,"action":"announce","interval":120,"info_hash":${JSON.stringify(bin(INFO_HASH))}}`;
    expect(parsed(frame)).toEqual({ type: 'announce', infoHashHex: toHex(INFO_HASH), interval: 120, complete: 0, incomplete: 1 });
  });

  it('reads min interval, tracker id and a warning', () => {
    const frame = JSON.stringify({ action: 'announce', info_hash: bin(INFO_HASH), interval: 300, 'min interval': 60, 'tracker id': 't1', 'warning message': 'slow down' });
    expect(parsed(frame)).toEqual({ type: 'announce', infoHashHex: toHex(INFO_HASH), interval: 300, minInterval: 60, trackerId: 't1', warning: 'slow down' });
  });

  it('reads a relayed offer and a relayed answer', () => {
    const offer = JSON.stringify({ action: 'announce', offer: { type: 'offer', sdp: SDP }, offer_id: bin(OFFER_ID), peer_id: bin(OTHER_PEER), info_hash: bin(INFO_HASH) });
    expect(parsed(offer)).toEqual({
      type: 'offer',
      infoHashHex: toHex(INFO_HASH),
      peerIdHex: toHex(OTHER_PEER),
      offerIdHex: toHex(OFFER_ID),
      offer: { type: 'offer', sdp: SDP },
    });
    const answer = JSON.stringify({ action: 'announce', answer: { type: 'answer', sdp: SDP }, offer_id: bin(OFFER_ID), peer_id: bin(OTHER_PEER), info_hash: bin(INFO_HASH) });
    expect(parsed(answer)).toMatchObject({ type: 'answer', peerIdHex: toHex(OTHER_PEER), offerIdHex: toHex(OFFER_ID), answer: { type: 'answer', sdp: SDP } });
  });

  it('reads failures with and without an info hash', () => {
    expect(parsed(JSON.stringify({ action: 'announce', 'failure reason': 'torrent not allowed', info_hash: bin(INFO_HASH) }))).toEqual({
      type: 'failure',
      infoHashHex: toHex(INFO_HASH),
      reason: 'torrent not allowed',
    });
    // What the server sends for a request it cannot parse.
    expect(parsed('{"failure reason":"invalid info_hash"}')).toEqual({ type: 'failure', infoHashHex: null, reason: 'invalid info_hash' });
  });

  it('reads a scrape reply keyed by binary info hash and skips bad entries', () => {
    const frame = JSON.stringify({
      action: 'scrape',
      files: { [bin(INFO_HASH)]: { complete: 2, incomplete: 3, downloaded: 2 }, short: { complete: 1 }, [bin(OFFER_ID)]: 'nope' },
      flags: { min_request_interval: 600 },
    });
    expect(parsed(frame)).toEqual({ type: 'scrape', files: [{ infoHashHex: toHex(INFO_HASH), complete: 2, incomplete: 3, downloaded: 2 }] });
  });
});

describe('parseTrackerMessage: hostile input is refused with a reason, never thrown', () => {
  const ih = bin(INFO_HASH);
  const relayed = (over: Record<string, unknown>): string =>
    JSON.stringify({ action: 'announce', offer: { type: 'offer', sdp: SDP }, offer_id: bin(OFFER_ID), peer_id: bin(OTHER_PEER), info_hash: ih, ...over });

  const cases: [string, unknown, RegExp][] = [
    ['a binary frame', new ArrayBuffer(8), /not a text frame/],
    ['a number', 42, /not a text frame/],
    ['an oversized frame', `"${'x'.repeat(MAX_MESSAGE_CHARS)}"`, /exceeds/],
    ['invalid JSON', '{"action":', /invalid JSON/],
    ['a JSON array', '[1,2]', /not a JSON object/],
    ['JSON null', 'null', /not a JSON object/],
    ['an unknown action', JSON.stringify({ action: 'connect', info_hash: ih }), /unknown action/],
    ['a missing action', JSON.stringify({ info_hash: ih }), /unknown action/],
    ['a 19-char info hash', JSON.stringify({ action: 'announce', info_hash: ih.slice(1) }), /invalid info_hash/],
    ['a 21-char info hash', JSON.stringify({ action: 'announce', info_hash: `${ih}x` }), /invalid info_hash/],
    ['an info hash above latin1', JSON.stringify({ action: 'announce', info_hash: `${ih.slice(1)}\u0100` }), /invalid info_hash/],
    ['a numeric info hash', JSON.stringify({ action: 'announce', info_hash: 12345 }), /invalid info_hash/],
    ['an offer without peer_id', relayed({ peer_id: undefined }), /invalid peer_id/],
    ['an offer with a short offer_id', relayed({ offer_id: 'abc' }), /invalid offer_id/],
    ['an offer that is a string', relayed({ offer: 'v=0' }), /not an object/],
    ['an offer typed as answer', relayed({ offer: { type: 'answer', sdp: SDP } }), /has type "answer"/],
    ['an offer without sdp', relayed({ offer: { type: 'offer' } }), /without an sdp/],
    ['an offer with a numeric sdp', relayed({ offer: { type: 'offer', sdp: 5 } }), /without an sdp/],
    ['an oversized sdp', relayed({ offer: { type: 'offer', sdp: 'v'.repeat(MAX_SDP_CHARS + 1) } }), /exceeds/],
    ['a failure with a bad info hash', JSON.stringify({ 'failure reason': 'x', info_hash: 'short' }), /invalid info_hash/],
    ['a scrape without files', JSON.stringify({ action: 'scrape' }), /without files/],
  ];
  it.each(cases)('refuses %s', (_name, data, reason) => {
    expect(refusal(data)).toMatch(reason);
  });

  it('drops wrongly typed optional fields and keeps the rest', () => {
    const frame = JSON.stringify({ action: 'announce', info_hash: ih, interval: '120', 'min interval': -5, complete: 1.5, incomplete: 1e12, 'tracker id': 7 });
    expect(parsed(frame)).toEqual({ type: 'announce', infoHashHex: toHex(INFO_HASH) });
    expect(parsed(JSON.stringify({ action: 'announce', info_hash: ih, interval: null, complete: -1 }))).toEqual({ type: 'announce', infoHashHex: toHex(INFO_HASH) });
  });

  it('cuts a huge failure text and turns a non-string one into text', () => {
    const long = parsed(JSON.stringify({ 'failure reason': 'y'.repeat(100_000) }));
    expect(long.type === 'failure' && long.reason.length).toBe(MAX_TEXT_CHARS + 1);
    const obj = parsed(JSON.stringify({ 'failure reason': { nested: [1, 2] } }));
    expect(obj).toEqual({ type: 'failure', infoHashHex: null, reason: '{"nested":[1,2]}' });
  });
});

// Minimised from the issue 12 fuzz pass: these threw "RangeError: Maximum call stack size exceeded".
describe('parseTrackerMessage: deep nesting is refused, not thrown', () => {
  const ih = bin(INFO_HASH);
  const deep = (n: number, open = '[', close = ']'): string => `${open.repeat(n)}${close.repeat(n)}`;
  const cases: [string, string][] = [
    ['action', `{"action":${deep(5000)}}`],
    ['failure reason', `{"failure reason":${deep(5000)}}`],
    ['warning message', `{"action":"announce","info_hash":${JSON.stringify(ih)},"warning message":${deep(5000)}}`],
    ['offer.type', `{"action":"announce","info_hash":${JSON.stringify(ih)},"peer_id":${JSON.stringify(bin(OTHER_PEER))},"offer_id":${JSON.stringify(bin(OFFER_ID))},"offer":{"type":${deep(5000)}}}`],
    ['nested objects', `{"action":${'{"a":'.repeat(5000)}1${'}'.repeat(5000)}}`],
  ];
  it.each(cases)('through %s', (_field, frame) => {
    expect(frame.length).toBeLessThan(MAX_MESSAGE_CHARS);
    expect(refusal(frame)).toMatch(/nested more than 16 levels/);
  });

  it('reads a reply at exactly the depth limit', () => {
    const frame = `{"failure reason":${deep(MAX_JSON_DEPTH - 1)}}`;
    expect(parsed(frame).type).toBe('failure');
    expect(refusal(`{"failure reason":${deep(MAX_JSON_DEPTH)}}`)).toMatch(/nested/);
  });

  it('does not count brackets inside strings, escaped quotes included', () => {
    expect(nestedPast(JSON.stringify({ reason: '['.repeat(100) + '\\"' + '{'.repeat(100) }), 2)).toBe(-1);
    expect(nestedPast('{"a\\\\":[[[', 2)).toBe(8); // an escaped backslash ends the escape
    expect(nestedPast('[[1],[2],[3]]', 2)).toBe(-1);
  });
});

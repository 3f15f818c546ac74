// Fuzz target: WebSocket tracker replies (parseTrackerMessage). Structure-aware JSON (deep nesting, huge and
// unsafe numbers, 20-char ids with code units above 0xff, lone surrogates) and mutated seed frames. The parser
// never throws: every frame is accepted as a well-formed message or refused with a short reason.

import { toBinaryString } from '../../../src/engine/bytes.ts';
import {
  MAX_JSON_DEPTH,
  MAX_MESSAGE_CHARS,
  MAX_SDP_CHARS,
  MAX_TEXT_CHARS,
  parseTrackerMessage,
} from '../../../src/net/tracker/ws-protocol.ts';
import type { TrackerMessage } from '../../../src/net/tracker/ws-protocol.ts';
import { check, mutateText, nastyString, preview } from '../harness.ts';
import type { FuzzTarget, Outcome, Rand } from '../harness.ts';

const td = new TextDecoder();
const ALPHABET = '{}[]":,\\0123456789-.eE+ abcdefnulltrue\u00ff\u0100\ud800';
const KEYS = ['action', 'info_hash', 'peer_id', 'offer_id', 'offer', 'answer', 'type', 'sdp', 'interval', 'min interval',
  'complete', 'incomplete', 'downloaded', 'tracker id', 'warning message', 'failure reason', 'files', 'to_peer_id'];

function id(r: Rand): string {
  if (r.chance(0.8)) return toBinaryString(r.bytes(20));
  return r.pick([toBinaryString(r.bytes(19)), toBinaryString(r.bytes(21)), `${toBinaryString(r.bytes(19))}\u0100`, nastyString(r, 20)]);
}

function number(r: Rand): number {
  return r.pick([0, -1, 1.5, 120, 1e9, 1e9 + 1, 2 ** 53, 2 ** 53 + 2, 1e308, -0, Number.MAX_VALUE, Number.MIN_VALUE]);
}

function value(r: Rand, depth: number): unknown {
  switch (r.int(depth > 0 ? 8 : 5)) {
    case 0: return number(r);
    case 1: return r.chance(0.5) ? id(r) : nastyString(r);
    case 2: return r.pick([null, true, false, 'announce', 'scrape', 'offer', 'answer']);
    case 3: return r.chance(0.05) ? 'x'.repeat(MAX_SDP_CHARS + r.int(3) - 1) : 'v=0\r\n';
    case 4: return r.chance(0.5) ? [] : {};
    case 5: return Array.from({ length: r.int(4) }, () => value(r, depth - 1));
    default: return object(r, depth - 1);
  }
}

function object(r: Rand, depth: number): Record<string, unknown> {
  const o: Record<string, unknown> = {};
  for (let n = r.int(6); n > 0; n--) o[r.chance(0.9) ? r.pick(KEYS) : nastyString(r, 6)] = value(r, depth);
  return o;
}

/** A reply shaped like one the tracker sends, with some fields swapped for hostile values. */
function reply(r: Rand): string {
  const base: Record<string, unknown> = r.pick([
    () => ({ action: 'announce', info_hash: id(r), interval: 120, complete: 1, incomplete: 2 }),
    () => ({ action: 'announce', info_hash: id(r), peer_id: id(r), offer_id: id(r), offer: { type: 'offer', sdp: 'v=0\r\n' } }),
    () => ({ action: 'announce', info_hash: id(r), peer_id: id(r), offer_id: id(r), answer: { type: 'answer', sdp: 'v=0\r\n' } }),
    () => ({ action: 'scrape', files: Object.fromEntries(Array.from({ length: r.int(4) }, () => [id(r), { complete: 1, incomplete: 0, downloaded: 5 }])) }),
    () => ({ 'failure reason': 'nope', ...(r.chance(0.5) ? { info_hash: id(r) } : {}) }),
  ])();
  for (let n = r.int(3); n > 0; n--) base[r.pick(KEYS)] = value(r, 4);
  return JSON.stringify(base);
}

/** Bracket nesting at and around the limit, and far past it, through the fields that are turned into text. */
function deep(r: Rand): string {
  const n = r.chance(0.5) ? MAX_JSON_DEPTH - 2 + r.int(4) : 1 + r.int(20_000);
  const [open, close] = r.chance(0.5) ? ['[', ']'] : ['{"a":', '}'];
  const nested = `${open.repeat(n)}${r.chance(0.5) ? '1' : ''}${close.repeat(r.chance(0.9) ? n : r.int(n))}`;
  const field = r.pick(['action', 'failure reason', 'warning message', 'offer']);
  return `{"action":"announce","info_hash":${JSON.stringify(id(r))},"${field}":${field === 'offer' ? `{"type":${nested}}` : nested}}`;
}

function checkMessage(m: TrackerMessage): void {
  const hex = (s: string): boolean => /^[0-9a-f]{40}$/.test(s);
  const count = (n: number | undefined): boolean => n === undefined || (Number.isInteger(n) && n >= 0 && n <= 1e9);
  switch (m.type) {
    case 'announce':
      check(hex(m.infoHashHex) && count(m.complete) && count(m.incomplete), 'bad announce fields');
      check(m.interval === undefined || (m.interval > 0 && m.interval <= 1e9), 'bad interval');
      check((m.warning?.length ?? 0) <= MAX_TEXT_CHARS + 1 && (m.trackerId?.length ?? 0) <= MAX_TEXT_CHARS, 'text too long');
      break;
    case 'failure':
      check((m.infoHashHex === null || hex(m.infoHashHex)) && m.reason.length <= MAX_TEXT_CHARS + 1, 'bad failure');
      break;
    case 'offer':
    case 'answer': {
      const sdp = m.type === 'offer' ? m.offer : m.answer;
      check(hex(m.infoHashHex) && hex(m.peerIdHex) && hex(m.offerIdHex), 'bad ids');
      check(sdp.type === m.type && sdp.sdp.length > 0 && sdp.sdp.length <= MAX_SDP_CHARS, 'bad sdp');
      break;
    }
    case 'scrape':
      check(m.files.length <= 1000 && m.files.every((f) => hex(f.infoHashHex) && count(f.complete) && count(f.incomplete) && count(f.downloaded)), 'bad scrape');
  }
}

export const wsTrackerTarget: FuzzTarget<unknown> = {
  name: 'ws-tracker',
  generate(r, corpus) {
    const roll = r.int(20);
    if (roll === 0) return r.pick([42, null, undefined, new ArrayBuffer(4), { action: 'announce' }, 'x'.repeat(MAX_MESSAGE_CHARS + 1)]);
    if (roll < 5) return deep(r);
    if (roll < 10) return reply(r);
    if (roll < 12) return JSON.stringify(value(r, 6));
    return mutateText(r, r.chance(0.5) ? td.decode(r.pick(corpus)) : reply(r), ALPHABET);
  },
  run(input): Outcome {
    const result = parseTrackerMessage(input); // never throws: anything thrown here is a crash
    if (!result.ok) {
      check(typeof result.reason === 'string' && result.reason.length > 0 && result.reason.length <= MAX_TEXT_CHARS + 100, 'bad refusal reason');
      return 'typed';
    }
    checkMessage(result.message);
    return 'ok';
  },
  show: (input) => (typeof input === 'string' ? preview(input, 600) : `${Object.prototype.toString.call(input)} ${String(input)}`),
};

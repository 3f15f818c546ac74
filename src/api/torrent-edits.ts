// Rules for what a user may set on a torrent (labels, trackers, file priorities), shared by the UI (inline
// errors) and the engine worker (which enforces them). Pure: problems are values, each side words them itself.

import type { FilePriority } from './protocol.ts';

/** Labels are for sorting a list by eye: a handful per torrent, short enough to fit a chip. */
export const MAX_LABELS = 16;
export const MAX_LABEL_LENGTH = 40;
/** Every tracker is a WebSocket held open; this bounds what one torrent can make the page open. */
export const MAX_TRACKERS = 50;
export const MAX_TRACKER_URL_LENGTH = 2048;

export type EditProblem =
  | { readonly kind: 'too-many'; readonly max: number; readonly count: number }
  | { readonly kind: 'too-long'; readonly max: number; readonly value: string }
  | { readonly kind: 'not-websocket'; readonly value: string }
  | { readonly kind: 'invalid-url'; readonly value: string };

export type EditResult<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly problem: EditProblem };

/** Trimmed, inner whitespace collapsed, empty ones dropped, duplicates (ignoring case) dropped, order kept. */
export function normalizeLabels(labels: readonly string[]): EditResult<string[]> {
  const out: string[] = [];
  const seen = new Set<string>();
  for (const raw of labels) {
    const label = raw.replace(/\s+/g, ' ').trim();
    if (label === '') continue;
    if (label.length > MAX_LABEL_LENGTH) return { ok: false, problem: { kind: 'too-long', max: MAX_LABEL_LENGTH, value: label } };
    const key = label.toLocaleLowerCase();
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(label);
  }
  if (out.length > MAX_LABELS) return { ok: false, problem: { kind: 'too-many', max: MAX_LABELS, count: out.length } };
  return { ok: true, value: out };
}

/** One tracker URL as the network layer will use it (trimmed, no trailing slash), or why it cannot be used. */
export function checkTrackerUrl(raw: string): EditResult<string> {
  let url = raw.trim();
  if (url.endsWith('/')) url = url.slice(0, -1);
  if (url.length > MAX_TRACKER_URL_LENGTH) return { ok: false, problem: { kind: 'too-long', max: MAX_TRACKER_URL_LENGTH, value: url.slice(0, 80) } };
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return { ok: false, problem: { kind: 'invalid-url', value: url } }; // not a URL at all: the problem says so
  }
  // A browser reaches trackers over WebSockets only; http(s) and udp trackers would never answer.
  if (parsed.protocol !== 'ws:' && parsed.protocol !== 'wss:') return { ok: false, problem: { kind: 'not-websocket', value: url } };
  if (!parsed.host) return { ok: false, problem: { kind: 'invalid-url', value: url } };
  return { ok: true, value: url };
}

/** A whole tracker list: every URL checked, duplicates dropped, order kept. */
export function normalizeTrackers(urls: readonly string[]): EditResult<string[]> {
  const out: string[] = [];
  for (const raw of urls) {
    if (raw.trim() === '') continue;
    const r = checkTrackerUrl(raw);
    if (!r.ok) return r;
    if (!out.includes(r.value)) out.push(r.value);
  }
  if (out.length > MAX_TRACKERS) return { ok: false, problem: { kind: 'too-many', max: MAX_TRACKERS, count: out.length } };
  return { ok: true, value: out };
}

const PRIORITIES: readonly number[] = [0, 1, 4, 7];

export function isFilePriority(v: unknown): v is FilePriority {
  return typeof v === 'number' && PRIORITIES.includes(v);
}

/** `count` priorities from a sparse list (`given[fileIndex]`): missing or unknown values become normal (4). */
export function fullPriorities(count: number, given: readonly (number | undefined)[]): FilePriority[] {
  return Array.from({ length: count }, (_, i) => {
    const p = given[i];
    return isFilePriority(p) ? p : 4;
  });
}

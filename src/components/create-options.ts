// The "Create a torrent" form as data: piece sizes on offer, its fields turned into CreateOptions (or the first
// problem found), and a safe file name for the exported .torrent. Pure.

import type { CreateOptions } from '../api/protocol.ts';
import { checkTrackerUrl, MAX_TRACKERS, type EditProblem } from '../api/torrent-edits.ts';

/** 16 KiB (one block) to 16 MiB: what BitTorrent clients agree on; 0 means "choose from the total size". */
export const PIECE_SIZES: readonly number[] = [0, ...Array.from({ length: 11 }, (_, i) => 16 * 1024 * 2 ** i)];
/** BEP 3 allows any length; long comments only bloat every copy of the metadata. */
export const MAX_COMMENT_LENGTH = 2000;
export const MAX_WEB_SEEDS = 20;

export interface CreateForm {
  readonly name: string;
  /** 0: auto. */
  readonly pieceLength: number;
  /** One URL per line (blank lines ignored). */
  readonly trackers: string;
  readonly webSeeds: string;
  readonly comment: string;
  readonly private: boolean;
}

export type CreateFormProblem =
  | { readonly field: 'trackers'; readonly problem: EditProblem }
  | { readonly field: 'webSeeds'; readonly problem: EditProblem }
  | { readonly field: 'comment'; readonly problem: EditProblem }
  | { readonly field: 'pieceLength'; readonly value: number };

export function lines(text: string): string[] {
  return text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l !== '');
}

/** A web seed (BEP 19) must be an http(s) URL a browser can fetch. */
function checkWebSeed(raw: string): { ok: true; value: string } | { ok: false; problem: EditProblem } {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return { ok: false, problem: { kind: 'invalid-url', value: raw } }; // reported to the user, not swallowed
  }
  if ((url.protocol !== 'http:' && url.protocol !== 'https:') || !url.host) return { ok: false, problem: { kind: 'invalid-url', value: raw } };
  return { ok: true, value: url.href };
}

export function createOptionsFrom(form: CreateForm): { ok: true; options: CreateOptions } | { ok: false; problem: CreateFormProblem } {
  if (!PIECE_SIZES.includes(form.pieceLength)) return { ok: false, problem: { field: 'pieceLength', value: form.pieceLength } };
  const trackers: string[] = [];
  for (const line of lines(form.trackers)) {
    const r = checkTrackerUrl(line);
    if (!r.ok) return { ok: false, problem: { field: 'trackers', problem: r.problem } };
    if (!trackers.includes(r.value)) trackers.push(r.value);
  }
  if (trackers.length > MAX_TRACKERS) return { ok: false, problem: { field: 'trackers', problem: { kind: 'too-many', max: MAX_TRACKERS, count: trackers.length } } };
  const webSeeds: string[] = [];
  for (const line of lines(form.webSeeds)) {
    const r = checkWebSeed(line);
    if (!r.ok) return { ok: false, problem: { field: 'webSeeds', problem: r.problem } };
    if (!webSeeds.includes(r.value)) webSeeds.push(r.value);
  }
  if (webSeeds.length > MAX_WEB_SEEDS) return { ok: false, problem: { field: 'webSeeds', problem: { kind: 'too-many', max: MAX_WEB_SEEDS, count: webSeeds.length } } };
  const comment = form.comment.trim();
  if (comment.length > MAX_COMMENT_LENGTH) return { ok: false, problem: { field: 'comment', problem: { kind: 'too-long', max: MAX_COMMENT_LENGTH, value: comment.slice(0, 40) } } };
  const name = form.name.trim();
  return {
    ok: true,
    options: {
      ...(name ? { name } : {}),
      ...(form.pieceLength > 0 ? { pieceLength: form.pieceLength } : {}),
      trackers,
      ...(webSeeds.length ? { webSeeds } : {}),
      ...(comment ? { comment } : {}),
      ...(form.private ? { private: true } : {}),
    },
  };
}

/** Characters Windows, macOS or Linux refuse in file names, plus controls; reserved DOS names get a prefix. */
const UNSAFE = /[\u0000-\u001f\u007f<>:"/\\|?*]/g;
const RESERVED = /^(con|prn|aux|nul|com\d|lpt\d)(\..*)?$/i;
const MAX_NAME = 120;

/** `<name>.torrent` for a download: an untrusted torrent name can never make a path or a hidden file. */
export function torrentFileName(name: string): string {
  let base = name.normalize('NFC').replace(UNSAFE, '_').replace(/\s+/g, ' ').trim();
  base = base.replace(/^[.\s]+|[.\s]+$/g, '');
  if (RESERVED.test(base)) base = `_${base}`;
  if (base.length > MAX_NAME) base = base.slice(0, MAX_NAME).trim();
  return `${base || 'torrent'}.torrent`;
}

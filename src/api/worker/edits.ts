// The engine worker's side of user edits and previews: a .torrent read without adding it, and the checks that turn
// a bad label, tracker or priority list into a COMMAND_INVALID error carrying what was wrong.

import { EngineError } from '../../engine/errors.ts';
import type { Metainfo } from '../../engine/metainfo/types.ts';
import type { FilePriority, TorrentInfo } from '../protocol.ts';
import { fullPriorities, isFilePriority, normalizeLabels, normalizeTrackers, type EditResult } from '../torrent-edits.ts';

/** What the add dialog shows for a .torrent: names, sizes and file indexes (pad files left out). */
export function torrentInfo(meta: Metainfo, exists: boolean): TorrentInfo {
  const files: { index: number; name: string; length: number }[] = [];
  let length = 0;
  meta.files.forEach((f, index) => {
    if (f.pad) return;
    files.push({ index, name: f.name, length: f.length });
    length += f.length;
  });
  return {
    infoHashHex: meta.infoHashHex,
    name: meta.name,
    length,
    pieceLength: meta.pieceLength,
    pieceCount: meta.pieceCount,
    files,
    trackers: meta.announce.flat(),
    webSeeds: meta.urlList,
    ...(meta.comment !== undefined ? { comment: meta.comment } : {}),
    private: meta.private,
    exists,
  };
}

function valid<T>(r: EditResult<T>, what: string, infoHashHex: string): T {
  if (r.ok) return r.value;
  const p = r.problem;
  switch (p.kind) {
    case 'too-many':
      throw new EngineError('COMMAND_INVALID', `Invalid ${what}: more than ${p.max}`, { infoHash: infoHashHex, problem: p.kind, max: p.max, count: p.count });
    case 'too-long':
      throw new EngineError('COMMAND_INVALID', `Invalid ${what}: longer than ${p.max} characters`, { infoHash: infoHashHex, problem: p.kind, max: p.max, value: p.value });
    case 'not-websocket':
      throw new EngineError('COMMAND_INVALID', `Invalid ${what}: ${p.value} is not a WebSocket (ws:// or wss://) URL`, { infoHash: infoHashHex, problem: p.kind, value: p.value });
    case 'invalid-url':
      throw new EngineError('COMMAND_INVALID', `Invalid ${what}: ${p.value} is not a URL`, { infoHash: infoHashHex, problem: p.kind, value: p.value });
  }
}

export function validLabels(labels: readonly string[], infoHashHex: string): string[] {
  return valid(normalizeLabels(labels), 'labels', infoHashHex);
}

export function validTrackers(trackers: readonly string[], infoHashHex: string): string[] {
  return valid(normalizeTrackers(trackers), 'tracker list', infoHashHex);
}

/** One priority per file of `meta` (missing entries normal); a value off libtorrent's scale is refused. */
export function validPriorities(meta: Metainfo, given: readonly number[], infoHashHex: string): FilePriority[] {
  if (given.length > meta.files.length) {
    throw new EngineError('COMMAND_INVALID', 'More priorities than files', { infoHash: infoHashHex, given: given.length, files: meta.files.length });
  }
  given.forEach((p, i) => {
    if (p !== undefined && !isFilePriority(p)) {
      throw new EngineError('COMMAND_INVALID', 'A file priority must be 0, 1, 4 or 7', { infoHash: infoHashHex, file: i, priority: String(p) });
    }
  });
  return fullPriorities(meta.files.length, given);
}

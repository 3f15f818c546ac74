// A .torrent file to export: built from the info dictionary (a magnet whose metadata came from peers), or the
// added file itself with its tracker list brought up to date.

import { decodeWithSpans, encode, isDict } from '../bencode/index.ts';
import type { BValue } from '../bencode/index.ts';
import { concatBytes, utf8 } from '../bytes.ts';
import { EngineError } from '../errors.ts';

/**
 * Builds `d8:announce…13:announce-list…4:info<info>e`. The info bytes are embedded verbatim (re-encoding could
 * change the info hash), and the keys are written in sorted order as bencode requires.
 */
export function torrentFileFromInfo(infoBytes: Uint8Array, trackers: readonly string[]): Uint8Array {
  const parts: Uint8Array[] = [utf8('d')];
  if (trackers.length > 0) {
    parts.push(encode('announce'), encode(trackers[0]!));
    parts.push(encode('announce-list'), encode(trackers.map((t) => [t])));
  }
  parts.push(encode('info'), infoBytes, utf8('e'));
  return concatBytes(parts);
}

/**
 * The .torrent file `torrentBytes` with `announce`/`announce-list` replaced by `trackers` (one tier each, as the
 * user ordered them; none when empty). Every other key (comment, url-list, creation date…) is kept, and the info
 * dictionary is copied byte for byte, so the info hash cannot change.
 */
export function torrentFileWithTrackers(torrentBytes: Uint8Array, trackers: readonly string[]): Uint8Array {
  const { value, spans } = decodeWithSpans(torrentBytes, ['info']);
  const info = spans.get('info');
  if (!isDict(value) || !info) throw new EngineError('METAINFO_MISSING_INFO', 'Not a .torrent file: it has no info dictionary', { bytes: torrentBytes.length });
  const entries = new Map<string, BValue | Uint8Array>(value);
  entries.delete('announce');
  entries.delete('announce-list');
  if (trackers.length > 0) {
    entries.set('announce', utf8(trackers[0]!));
    entries.set('announce-list', trackers.map((t) => [utf8(t)]));
  }
  // Keys are latin1 binary strings (as decoded), so comparing code units is comparing bytes: bencode's order.
  const keys = [...entries.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const parts: Uint8Array[] = [utf8('d')];
  for (const key of keys) {
    parts.push(encode(Uint8Array.from(key, (c) => c.charCodeAt(0))));
    parts.push(key === 'info' ? torrentBytes.subarray(info.start, info.end) : encode(entries.get(key)!));
  }
  parts.push(utf8('e'));
  return concatBytes(parts);
}

// A .torrent file for a torrent known only by its info dictionary (a magnet whose metadata came from peers).

import { encode } from '../bencode/index.ts';
import { concatBytes, utf8 } from '../bytes.ts';

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

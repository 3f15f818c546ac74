// BEP 9 messages from a peer: requests for our info dictionary are answered (or rejected while we have none);
// data and rejects go to the fetcher of a magnet link. A malformed message drops the peer.

import { EngineError } from '../errors.ts';
import type { Peer } from '../peer/peer.ts';
import { UT_METADATA, decodeMetadataMessage, encodeMetadataMessage, metadataResponse } from '../wire/ut-metadata.ts';
import type { MetadataFetcher } from './metadata-fetcher.ts';

export function onMetadataPayload(peer: Peer, payload: Uint8Array, infoBytes: Uint8Array | null, fetcher: MetadataFetcher | null): void {
  let msg;
  try {
    msg = decodeMetadataMessage(payload);
  } catch (e) {
    if (e instanceof EngineError) peer.destroy(e);
    else throw e;
    return;
  }
  if (!msg) return; // an unknown msg_type: BEP 9 says ignore it
  if (msg.type === 'request') {
    const reply = infoBytes ? metadataResponse(infoBytes, msg.piece) : { type: 'reject' as const, piece: msg.piece };
    peer.sendExtended(UT_METADATA, encodeMetadataMessage(reply));
    return;
  }
  fetcher?.onMessage(peer, msg);
}

// What we tell peers about ourselves in the BEP 10 extension handshake: ut_metadata (BEP 9), our client name, how
// many requests we queue, and the metadata size once we have it.

import type { Metainfo } from '../metainfo/types.ts';
import type { ExtendedHandshake } from '../wire/messages.ts';
import { UT_METADATA } from '../wire/ut-metadata.ts';
import { MAX_PEER_REQUESTS, OUR_UT_METADATA_ID } from './peer.ts';

export const CLIENT_VERSION = 'Rivulet 0.1.0';

export function ourExtendedHandshake(meta: Metainfo | null): ExtendedHandshake {
  return {
    m: { [UT_METADATA]: OUR_UT_METADATA_ID },
    v: CLIENT_VERSION,
    reqq: MAX_PEER_REQUESTS,
    ...(meta ? { metadataSize: meta.infoBytes.length } : {}),
  };
}

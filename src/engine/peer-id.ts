// Our BitTorrent peer id: Azureus style, client code RV (Rivulet) version 0.1.0.0, then 12 random bytes.

import { randomBytes, utf8 } from './bytes.ts';

export const PEER_ID_PREFIX = '-RV0100-';

export function newPeerId(): Uint8Array {
  const id = randomBytes(20);
  id.set(utf8(PEER_ID_PREFIX), 0);
  return id;
}

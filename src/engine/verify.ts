// Piece verification (BEP 3): a piece is good when its SHA-1 equals the 20 bytes the metainfo lists for it.

import type { Hasher } from './ports.ts';

export async function verifyPiece(hasher: Hasher, pieceHashes: Uint8Array, index: number, data: Uint8Array): Promise<boolean> {
  const digest = await hasher.sha1(data);
  const o = index * 20;
  for (let i = 0; i < 20; i++) if (digest[i] !== pieceHashes[o + i]) return false;
  return true;
}

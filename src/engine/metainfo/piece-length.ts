// Chooses a piece length for new torrents (BEP 3 leaves it free; BEP 52 asks for a power of two >= 16 KiB).

export const MIN_AUTO_PIECE_LENGTH = 16 * 1024;
/** Above this, one lost block costs a whole large piece and peers hold big buffers; 16 MiB is what clients accept. */
export const MAX_AUTO_PIECE_LENGTH = 16 * 1024 * 1024;
/** About this many pieces keeps the .torrent small (20 bytes each) and the verification granularity useful. */
export const TARGET_PIECE_COUNT = 1024;

/** A power of two giving about 1024 pieces (nearest in log scale), clamped to [16 KiB, 16 MiB]. */
export function autoPieceLength(totalBytes: number): number {
  if (!(totalBytes > 0)) return MIN_AUTO_PIECE_LENGTH;
  const exponent = Math.round(Math.log2(totalBytes / TARGET_PIECE_COUNT));
  const length = 2 ** exponent;
  return Math.min(MAX_AUTO_PIECE_LENGTH, Math.max(MIN_AUTO_PIECE_LENGTH, length));
}

export function isPowerOfTwo(n: number): boolean {
  return Number.isSafeInteger(n) && n > 0 && 2 ** Math.round(Math.log2(n)) === n;
}

// Availability as "distributed copies" (qBittorrent, libtorrent's distributed_copies): how many full copies of the
// torrent the connected peers hold together. The integer part is the rarest piece's count; the fraction is the
// share of pieces held more often than that (2.25: every piece twice, a quarter of them a third time).

/** 0 for a torrent without pieces (a magnet still fetching its metadata has no availability to tell). */
export function distributedCopies(pieceCount: number, availabilityOf: (piece: number) => number): number {
  if (pieceCount <= 0) return 0;
  let min = Number.POSITIVE_INFINITY;
  let above = 0;
  for (let i = 0; i < pieceCount; i++) {
    const a = availabilityOf(i);
    if (a < min) {
      // Every piece counted so far was at least the old minimum, so above the new one.
      above = i;
      min = a;
    } else if (a > min) above++;
  }
  return min + above / pieceCount;
}

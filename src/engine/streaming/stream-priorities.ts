// Streaming-aware picking: turns open streams' read positions into the picker's urgent list (pieces fetched first,
// in order). A deadline window from each reader's position, plus the first and last bytes of media files, where
// containers keep their indexes (WebM Cues, MP4 moov). Everything else keeps going rarest-first.

import type { Geometry, PieceIndex } from '../metainfo/geometry.ts';

const MiB = 1024 * 1024;

/** The window never shrinks below this: a few seconds of a high-bitrate video even before any rate is measured. */
export const MIN_WINDOW_BYTES = 4 * MiB;
/** Nor grows above this: an urgent list is walked on every pick, and a huge in-order window starves rarity. */
export const MAX_WINDOW_BYTES = 64 * MiB;
/** Seconds of the current rate (download or reading, the larger) that are fetched in order ahead of a reader. */
export const DEADLINE_SECONDS = 3;
/** The first part of each window goes before the media indexes: the bytes a player is blocked on right now. */
export const IMMEDIATE_BYTES = 1 * MiB;
/** Head and tail of a media file fetched early: headers, and indexes written at the end (seeking needs them). */
export const MEDIA_HEAD_BYTES = 512 * 1024;
export const MEDIA_TAIL_BYTES = 1 * MiB;
/** Hard cap on the list's length (with 16 KiB pieces the largest window is 4096 pieces; this bounds pick cost). */
export const MAX_URGENT_PIECES = 8192;

/** One open stream as the priorities see it. Offsets are torrent-global bytes. */
export interface StreamCursor {
  /** The file's first byte and one past its last. */
  readonly fileStart: number;
  readonly fileEnd: number;
  /** The next byte the reader will ask for. */
  readonly position: number;
  /** Bytes per second the reader consumed recently (a player's bitrate while it buffers), 0 when unknown. */
  readonly readRate: number;
  /** Audio or video: its container's head and tail are fetched early. */
  readonly media: boolean;
}

/** Bytes fetched in order ahead of a reader: about DEADLINE_SECONDS of the faster of the link and the reader. */
export function windowBytes(downloadRate: number, readRate: number): number {
  // A rate that is not a number (a meter with no samples yet) counts as unknown: the floor applies.
  const rate = Math.max(Number.isFinite(downloadRate) ? downloadRate : 0, Number.isFinite(readRate) ? readRate : 0);
  return Math.min(MAX_WINDOW_BYTES, Math.max(MIN_WINDOW_BYTES, Math.ceil(DEADLINE_SECONDS * rate)));
}

/**
 * The urgent pieces, most urgent first. `cursors` come most recently used first; for each, in this order:
 * 1. the pieces of its next IMMEDIATE_BYTES (what a player waits on now),
 * 2. the head and tail of every media file being streamed,
 * 3. the rest of each window.
 * No piece appears twice. Pieces already verified are left in: the picker skips them (setUrgent filters too).
 */
export function urgentPieces(geometry: Geometry, cursors: readonly StreamCursor[], downloadRate: number): PieceIndex[] {
  const out: PieceIndex[] = [];
  const seen = new Set<number>();
  const add = (start: number, end: number): void => {
    if (end <= start || geometry.pieceCount === 0) return;
    const { first, last } = geometry.pieceSpan(start, end - start);
    for (let p = first; p <= last && out.length < MAX_URGENT_PIECES; p++) {
      if (seen.has(p)) continue;
      seen.add(p);
      out.push(p as PieceIndex);
    }
  };
  const windows = cursors.map((c) => {
    const start = clamp(c.position, c.fileStart, c.fileEnd);
    return { start, end: Math.min(c.fileEnd, start + windowBytes(downloadRate, c.readRate)) };
  });
  windows.forEach((w) => add(w.start, Math.min(w.end, w.start + IMMEDIATE_BYTES)));
  for (const c of cursors) {
    if (!c.media) continue;
    add(c.fileStart, Math.min(c.fileEnd, c.fileStart + MEDIA_HEAD_BYTES));
    add(Math.max(c.fileStart, c.fileEnd - MEDIA_TAIL_BYTES), c.fileEnd);
  }
  windows.forEach((w) => add(w.start + IMMEDIATE_BYTES, w.end));
  return out;
}

function clamp(x: number, lo: number, hi: number): number {
  return Math.min(hi, Math.max(lo, x));
}

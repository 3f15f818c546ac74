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

/** The urgent list and how much of it is due now. */
export interface UrgentPlan {
  /** Most urgent first, each piece once. */
  readonly pieces: PieceIndex[];
  /**
   * `pieces.slice(0, deadline)` is what readers are blocked on or about to be (each reader's next IMMEDIATE_BYTES,
   * and the last piece of each media file being streamed): after a seek, requests for anything else are cancelled
   * so these are not served behind a pipeline of older requests.
   */
  readonly deadline: number;
}

/**
 * The urgent pieces, most urgent first. `cursors` come most recently used first; in this order:
 * 1. the most recent reader's first piece (the one a player waits on now),
 * 2. the last piece of every media file being streamed (WebM Cues, an MP4 moov written last: a player reads it as
 *    soon as it seeks, and it is one piece),
 * 3. the rest of each reader's next IMMEDIATE_BYTES,
 * 4. the head and the tail of every media file being streamed (the tail from its end backwards),
 * 5. the rest of each window.
 * Steps 1 to 3 are the deadline. No piece appears twice. Pieces already verified are left in: the picker skips them
 * (setUrgent filters too).
 */
export function urgentPlan(geometry: Geometry, cursors: readonly StreamCursor[], downloadRate: number): UrgentPlan {
  const out = new PieceList(geometry);
  const windows = cursors.map((c) => {
    const start = clamp(c.position, c.fileStart, c.fileEnd);
    return { start, end: Math.min(c.fileEnd, start + windowBytes(downloadRate, c.readRate)) };
  });
  const newest = windows[0];
  if (newest) out.add(newest.start, Math.min(newest.end, newest.start + 1));
  for (const c of cursors) if (c.media && c.fileEnd > c.fileStart) out.add(c.fileEnd - 1, c.fileEnd);
  windows.forEach((w) => out.add(w.start, Math.min(w.end, w.start + IMMEDIATE_BYTES)));
  const deadline = out.pieces.length;
  for (const c of cursors) if (c.media) addMediaEnds(out, c.fileStart, c.fileEnd);
  windows.forEach((w) => out.add(w.start + IMMEDIATE_BYTES, w.end));
  return { pieces: out.pieces, deadline };
}

/** urgentPlan's pieces alone. */
export function urgentPieces(geometry: Geometry, cursors: readonly StreamCursor[], downloadRate: number): PieceIndex[] {
  return urgentPlan(geometry, cursors, downloadRate).pieces;
}

/** How many media files of a torrent get their head and tail fetched before anyone presses play. */
export const PREFETCH_MEDIA_FILES = 4;

/**
 * Before any stream opens: the heads and tails of the largest media files (`files` as [start, end) in
 * torrent-global bytes), so that pressing play finds the container's header and index already here.
 */
export function mediaPrefetchPieces(geometry: Geometry, files: readonly { start: number; end: number }[]): PieceIndex[] {
  const out = new PieceList(geometry);
  const largest = [...files].sort((a, b) => b.end - b.start - (a.end - a.start)).slice(0, PREFETCH_MEDIA_FILES);
  for (const f of largest) addMediaEnds(out, f.start, f.end);
  return out.pieces;
}

/**
 * Where a media container keeps its header and index: its head, then its tail from the end backwards (an index
 * written last sits in the very last bytes, and a player seeking reads those first).
 */
function addMediaEnds(out: PieceList, fileStart: number, fileEnd: number): void {
  out.add(fileStart, Math.min(fileEnd, fileStart + MEDIA_HEAD_BYTES));
  out.addBackwards(Math.max(fileStart, fileEnd - MEDIA_TAIL_BYTES), fileEnd);
}

/** Pieces in the order their byte ranges are added, each once, at most MAX_URGENT_PIECES. */
class PieceList {
  readonly pieces: PieceIndex[] = [];
  private readonly seen = new Set<number>();

  constructor(private readonly geometry: Geometry) {}

  add(start: number, end: number): void {
    if (end <= start || this.geometry.pieceCount === 0) return;
    const { first, last } = this.geometry.pieceSpan(start, end - start);
    for (let p = first; p <= last && this.pieces.length < MAX_URGENT_PIECES; p++) {
      if (this.seen.has(p)) continue;
      this.seen.add(p);
      this.pieces.push(p as PieceIndex);
    }
  }

  /** As add, last piece first. */
  addBackwards(start: number, end: number): void {
    if (end <= start || this.geometry.pieceCount === 0) return;
    const { first, last } = this.geometry.pieceSpan(start, end - start);
    for (let p = last; p >= first && this.pieces.length < MAX_URGENT_PIECES; p--) {
      if (this.seen.has(p)) continue;
      this.seen.add(p);
      this.pieces.push(p as PieceIndex);
    }
  }
}

function clamp(x: number, lo: number, hi: number): number {
  return Math.min(hi, Math.max(lo, x));
}

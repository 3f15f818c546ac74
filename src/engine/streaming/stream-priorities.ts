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
  const out = new PieceList(geometry);
  const windows = cursors.map((c) => {
    const start = clamp(c.position, c.fileStart, c.fileEnd);
    return { start, end: Math.min(c.fileEnd, start + windowBytes(downloadRate, c.readRate)) };
  });
  windows.forEach((w) => out.add(w.start, Math.min(w.end, w.start + IMMEDIATE_BYTES)));
  for (const c of cursors) if (c.media) for (const [start, end] of mediaEnds(c.fileStart, c.fileEnd)) out.add(start, end);
  windows.forEach((w) => out.add(w.start + IMMEDIATE_BYTES, w.end));
  return out.pieces;
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
  for (const f of largest) for (const [start, end] of mediaEnds(f.start, f.end)) out.add(start, end);
  return out.pieces;
}

/** The byte ranges of a media file whose container keeps its header and index: its head and its tail. */
function mediaEnds(fileStart: number, fileEnd: number): [number, number][] {
  return [
    [fileStart, Math.min(fileEnd, fileStart + MEDIA_HEAD_BYTES)],
    [Math.max(fileStart, fileEnd - MEDIA_TAIL_BYTES), fileEnd],
  ];
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
}

function clamp(x: number, lo: number, hi: number): number {
  return Math.min(hi, Math.max(lo, x));
}

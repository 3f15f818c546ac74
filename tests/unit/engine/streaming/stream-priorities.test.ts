// The urgent list as a specification: read positions in, pieces (in order) out. Pieces of 1 MiB unless a test says
// otherwise, so byte offsets read as piece numbers.

import { describe, expect, it } from 'vitest';
import { Geometry } from '../../../../src/engine/metainfo/geometry.ts';
import {
  DEADLINE_SECONDS,
  IMMEDIATE_BYTES,
  MAX_URGENT_PIECES,
  MAX_WINDOW_BYTES,
  MEDIA_HEAD_BYTES,
  MEDIA_TAIL_BYTES,
  PREFETCH_MEDIA_FILES,
  mediaPrefetchPieces,
  MIN_WINDOW_BYTES,
  urgentPieces,
  urgentPlan,
  windowBytes,
  type StreamCursor,
} from '../../../../src/engine/streaming/stream-priorities.ts';

const MiB = 1024 * 1024;
const range = (a: number, b: number): number[] => Array.from({ length: b - a + 1 }, (_, i) => a + i);

function cursor(o: Partial<StreamCursor> & { position: number }): StreamCursor {
  return { fileStart: 0, fileEnd: 100 * MiB, readRate: 0, media: false, ...o };
}

describe('windowBytes', () => {
  const vectors: [download: number, read: number, expected: number][] = [
    [0, 0, MIN_WINDOW_BYTES], // nothing measured yet: the floor
    [1 * MiB, 0, MIN_WINDOW_BYTES], // 3 MiB of deadline is below the floor
    [2 * MiB, 0, 6 * MiB], // DEADLINE_SECONDS of the link
    [0, 3 * MiB, 9 * MiB], // or of the reader, when it is faster (a player filling its buffer from disk)
    [2 * MiB, 3 * MiB, 9 * MiB],
    [100 * MiB, 0, MAX_WINDOW_BYTES], // never above the cap
    [-5, Number.NaN, MIN_WINDOW_BYTES],
  ];
  it.each(vectors)('download %i B/s, reader %i B/s -> %i bytes', (download, read, expected) => {
    expect(windowBytes(download, read)).toBe(expected);
  });

  it('is DEADLINE_SECONDS of the rate between the floor and the cap', () => {
    expect(DEADLINE_SECONDS).toBeGreaterThanOrEqual(2);
    expect(windowBytes(5 * MiB, 0)).toBe(DEADLINE_SECONDS * 5 * MiB);
  });
});

describe('urgentPieces', () => {
  const g = new Geometry(100 * MiB, MiB);

  it('lists the window from the read position on, in order, sized MIN_WINDOW_BYTES before any rate is known', () => {
    expect(urgentPieces(g, [cursor({ position: 10 * MiB })], 0)).toEqual(range(10, 13));
  });

  it('starts at the piece holding the position, mid-piece', () => {
    expect(urgentPieces(g, [cursor({ position: 10 * MiB + 5 })], 0)).toEqual(range(10, 14));
  });

  it('grows the window with the download rate', () => {
    expect(urgentPieces(g, [cursor({ position: 0 })], 4 * MiB)).toEqual(range(0, 11));
  });

  it('stops at the end of the file, and lists nothing for a reader at its end', () => {
    const c = cursor({ fileStart: 20 * MiB, fileEnd: 22 * MiB, position: 21 * MiB });
    expect(urgentPieces(g, [c], 0)).toEqual([21]);
    expect(urgentPieces(g, [{ ...c, position: 22 * MiB }], 0)).toEqual([]);
  });

  it('puts a media file last piece right after the piece read now, its head after the first MiB, before the rest', () => {
    const media = cursor({ fileStart: 10 * MiB, fileEnd: 60 * MiB, position: 30 * MiB, media: true });
    expect(urgentPieces(g, [media], 0)).toEqual([30, 59, 10, 31, 32, 33]);
  });

  it('marks as the deadline the piece read now, the media last pieces and each reader next MiB', () => {
    const small = new Geometry(100 * MiB, 256 * 1024);
    const seeked = cursor({ position: 80 * MiB, media: true });
    const old = cursor({ position: 5 * MiB, media: true });
    const plan = urgentPlan(small, [seeked, old], 0);
    expect(plan.pieces.slice(0, plan.deadline)).toEqual([320, 399, 321, 322, 323, 20, 21, 22, 23]);
    // Then the head, the tail backwards, the windows.
    expect(plan.pieces.slice(plan.deadline, plan.deadline + 3)).toEqual([0, 1, 398]);
    expect(urgentPieces(small, [seeked, old], 0)).toEqual(plan.pieces);
  });

  it('fetches no head and tail for files that are not media', () => {
    const c = cursor({ fileStart: 10 * MiB, fileEnd: 60 * MiB, position: 30 * MiB });
    expect(urgentPieces(g, [c], 0)).toEqual([30, 31, 32, 33]);
  });

  it('lists the tail of a media file with small pieces as MEDIA_TAIL_BYTES of pieces', () => {
    const small = new Geometry(100 * MiB, 256 * 1024);
    const media = cursor({ fileStart: 0, fileEnd: 100 * MiB, position: 0, media: true });
    const list = urgentPieces(small, [media], 0);
    // From the end backwards: an index written last is in the very last bytes.
    const tail = range(400 - MEDIA_TAIL_BYTES / (256 * 1024), 399).reverse();
    expect(list.slice(0, 5)).toEqual([0, 399, 1, 2, 3]);
    expect(list.slice(5, 4 + tail.length)).toEqual(tail.slice(1));
    expect(list.slice(4 + tail.length)).toEqual(range(4, 15));
  });

  it('serves the most recent reader first: after a seek its new position outranks the old one', () => {
    const seeked = cursor({ position: 80 * MiB });
    const old = cursor({ position: 5 * MiB });
    expect(urgentPieces(g, [seeked, old], 0)).toEqual([80, 5, 81, 82, 83, 6, 7, 8]);
  });

  it('lists a piece once when windows overlap', () => {
    const list = urgentPieces(g, [cursor({ position: 10 * MiB }), cursor({ position: 12 * MiB })], 0);
    expect(list).toEqual([10, 12, 11, 13, 14, 15]);
    expect(new Set(list).size).toBe(list.length);
  });

  it('handles a file that shares its first and last pieces with neighbours (multi-file torrents)', () => {
    const c = cursor({ fileStart: 10 * MiB + 100, fileEnd: 12 * MiB + 100, position: 10 * MiB + 100, media: true });
    expect(urgentPieces(g, [c], 0)).toEqual([10, 12, 11]);
  });

  it('lists nothing for a zero-length file or an empty torrent', () => {
    expect(urgentPieces(g, [cursor({ fileStart: 5 * MiB, fileEnd: 5 * MiB, position: 5 * MiB, media: true })], 0)).toEqual([]);
    expect(urgentPieces(new Geometry(0, MiB), [cursor({ fileEnd: 0, position: 0, media: true })], 0)).toEqual([]);
  });

  it('clamps a position outside the file to it', () => {
    const c = cursor({ fileStart: 20 * MiB, fileEnd: 30 * MiB, position: 5 * MiB });
    expect(urgentPieces(g, [c], 0)[0]).toBe(20);
  });

  it('never lists more than MAX_URGENT_PIECES', () => {
    const tiny = new Geometry(1024 * MiB, 16 * 1024);
    const cursors = [0, 200, 400, 600].map((m) => cursor({ fileEnd: 1024 * MiB, position: m * MiB, readRate: 100 * MiB }));
    expect(urgentPieces(tiny, cursors, 0).length).toBe(MAX_URGENT_PIECES);
  });
});

describe('mediaPrefetchPieces', () => {
  const KiB = 1024;
  const g = new Geometry(100 * MiB, 256 * KiB);
  const piecesOf = (start: number, end: number): number[] => {
    const out: number[] = [];
    for (let p = Math.floor(start / (256 * KiB)); p <= Math.floor((end - 1) / (256 * KiB)); p++) out.push(p);
    return out;
  };

  it('lists the head and then the tail of a media file from its end backwards, each piece once', () => {
    const pieces = mediaPrefetchPieces(g, [{ start: 10 * MiB, end: 60 * MiB }]);
    expect(pieces).toEqual([...piecesOf(10 * MiB, 10 * MiB + MEDIA_HEAD_BYTES), ...piecesOf(60 * MiB - MEDIA_TAIL_BYTES, 60 * MiB).reverse()]);
  });

  it('covers only the largest few media files, largest first', () => {
    const files = Array.from({ length: PREFETCH_MEDIA_FILES + 2 }, (_, i) => ({ start: i * 10 * MiB, end: i * 10 * MiB + (i + 1) * MiB }));
    const pieces = mediaPrefetchPieces(g, files);
    const largest = files[files.length - 1]!;
    expect(pieces[0]).toBe(largest.start / (256 * KiB));
    // The two smallest files are left for when someone plays them.
    expect(pieces).not.toContain(files[0]!.start / (256 * KiB));
    expect(pieces).not.toContain(files[1]!.start / (256 * KiB));
  });

  it('gives one piece for a file smaller than a piece, however it is split', () => {
    expect(mediaPrefetchPieces(g, [{ start: 5 * KiB, end: 9 * KiB }])).toEqual([0]);
  });
});

// The open streams of one torrent and where each is reading: keeps the picker's urgent list in step with them
// (stream-priorities.ts decides the list; this tracks positions, read rates and idleness, and applies it).

import type { Geometry, PieceIndex } from '../metainfo/geometry.ts';
import { RateMeter } from '../peer/rate-meter.ts';
import { urgentPlan, type StreamCursor } from './stream-priorities.ts';

/**
 * A reader that has not read for this long gives up its window (a paused player, or one whose buffer is full), so
 * a stream nobody consumes cannot hold the picker in sequential order; its next read takes the window back.
 */
export const IDLE_MS = 10_000;

export interface StreamTrackerHost {
  readonly geometry: Geometry;
  now(): number;
  /** The torrent's download rate, bytes/s (sizes the windows). */
  downloadRate(): number;
  /**
   * Replaces the picker's urgent list (Torrent.setUrgent). `jumped` when a reader waits somewhere new (a seek, a new
   * reader): requests for pieces outside `deadline` (a prefix of `pieces`) are then cancelled, so what the reader
   * waits on is not served behind a pipeline of older requests.
   */
  setUrgent(pieces: readonly PieceIndex[], jumped: boolean, deadline: readonly PieceIndex[]): void;
  /** True when the piece is verified already (nothing to wait for, nothing to cancel for). Absent: never. */
  verified?(piece: number): boolean;
}

/** A file (or part of one) in torrent-global bytes. */
export interface StreamFile {
  readonly start: number;
  readonly length: number;
  /** Audio or video: fetch the container's head and tail early. */
  readonly media: boolean;
}

interface Cursor {
  readonly fileStart: number;
  readonly fileEnd: number;
  readonly media: boolean;
  readonly meter: RateMeter;
  position: number;
  /** A read is waiting for bytes: the reader is active however long the wait. */
  reading: boolean;
  /** It has read at least once: before that it has no position worth a window (a player may open a request for
   * the tail and read nothing at the head). */
  started: boolean;
  lastActive: number;
}

export class StreamTracker {
  private readonly cursors = new Map<number, Cursor>();
  private nextId = 1;
  private applied: readonly number[] = [];

  constructor(private readonly host: StreamTrackerHost) {}

  /** Registers a reader of `file`; its window starts when it first reads. Returns its id. */
  open(file: StreamFile): number {
    const id = this.nextId++;
    const now = this.host.now();
    this.cursors.set(id, {
      fileStart: file.start,
      fileEnd: file.start + file.length,
      media: file.media,
      meter: new RateMeter(),
      position: file.start,
      reading: false,
      started: false,
      lastActive: now,
    });
    return id;
  }

  /** The reader asks for bytes from torrent offset `position` on: its window moves there (a seek is just this). */
  reading(id: number, position: number): void {
    const c = this.cursors.get(id);
    if (!c) return;
    // Not where its last read ended: a new reader, or one that seeked.
    const moved = !c.started || position !== c.position;
    c.position = position;
    c.reading = true;
    c.started = true;
    c.lastActive = this.host.now();
    this.update(moved);
  }

  /** The pending read returned `bytes` bytes. */
  delivered(id: number, bytes: number): void {
    const c = this.cursors.get(id);
    if (!c) return;
    const now = this.host.now();
    c.position += bytes;
    c.reading = false;
    c.lastActive = now;
    c.meter.add(bytes, now);
  }

  /** The reader is gone: its window is dropped from the urgent list at once. */
  close(id: number): void {
    if (this.cursors.delete(id)) this.update();
  }

  /** Periodic (the host's tick): rates changed and idle readers expire. */
  refresh(): void {
    this.update();
  }

  get size(): number {
    return this.cursors.size;
  }

  /** The list last handed to the picker (tests). */
  get urgent(): readonly number[] {
    return this.applied;
  }

  private update(moved = false): void {
    const now = this.host.now();
    const active: (StreamCursor & { lastActive: number })[] = [];
    for (const c of this.cursors.values()) {
      if (!c.started || (!c.reading && now - c.lastActive >= IDLE_MS)) continue;
      active.push({ ...c, readRate: c.meter.rate(now) });
    }
    // Most recently used first: after a seek, the new position outranks a reader left behind.
    active.sort((a, b) => b.lastActive - a.lastActive);
    const plan = active.length > 0 ? urgentPlan(this.host.geometry, active, this.host.downloadRate()) : { pieces: [], deadline: 0 };
    const { pieces } = plan;
    if (sameList(pieces, this.applied)) return;
    // A jump: the first piece is not here yet and a reader moved there (a seek, a new reader such as a player's
    // request for a media index at the end), or the last list did not hold it (a reader back from idle). A window
    // sliding forward as a player reads is neither. Even a piece requested long ago may wait behind a second's worth
    // of requests at the peer (the pipeline): those are cancelled.
    const first = pieces[0];
    const jumped = first !== undefined && (moved || !this.applied.includes(first)) && !this.host.verified?.(first);
    this.applied = pieces;
    this.host.setUrgent(pieces, jumped, pieces.slice(0, plan.deadline));
  }
}

function sameList(a: readonly number[], b: readonly number[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

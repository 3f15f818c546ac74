// StreamTracker: readers' positions, idleness and closing, as the urgent lists it hands the picker.

import { describe, expect, it } from 'vitest';
import { Geometry, type PieceIndex } from '../../../../src/engine/metainfo/geometry.ts';
import { IDLE_MS, StreamTracker } from '../../../../src/engine/streaming/stream-tracker.ts';
import { PieceWaiters } from '../../../../src/engine/streaming/piece-waiters.ts';
import { EngineError } from '../../../../src/engine/errors.ts';

const MiB = 1024 * 1024;

function setup(rate = 0, pieceLength = MiB) {
  const calls: number[][] = [];
  const jumps: boolean[] = [];
  const deadlines: number[][] = [];
  const host = {
    geometry: new Geometry(100 * MiB, pieceLength),
    have: new Set<number>(),
    time: 1000,
    rate,
    now(): number {
      return host.time;
    },
    downloadRate(): number {
      return host.rate;
    },
    setUrgent(pieces: readonly PieceIndex[], jumped: boolean, deadline: readonly PieceIndex[]): void {
      calls.push([...pieces]);
      jumps.push(jumped);
      deadlines.push([...deadline]);
    },
    verified(piece: number): boolean {
      return host.have.has(piece);
    },
  };
  return { host, calls, jumps, deadlines, tracker: new StreamTracker(host) };
}

describe('StreamTracker', () => {
  it('sets no window on open: a reader has a window once it reads', () => {
    const { tracker, calls } = setup();
    tracker.open({ start: 0, length: 50 * MiB, media: false });
    expect(calls).toEqual([]);
    expect(tracker.size).toBe(1);
  });

  it('gives a reader opened but not yet read no window (a player may open a request and read at the tail only)', () => {
    const { tracker, calls, host } = setup();
    const reading = tracker.open({ start: 0, length: 50 * MiB, media: false });
    tracker.reading(reading, 20 * MiB);
    host.time += 5;
    tracker.open({ start: 0, length: 50 * MiB, media: false });
    tracker.refresh();
    expect(calls).toEqual([[20, 21, 22, 23]]);
  });

  it('moves the window to where the reader reads, and hands the picker the new list only when it changes', () => {
    const { tracker, calls } = setup();
    const id = tracker.open({ start: 0, length: 50 * MiB, media: false });
    tracker.reading(id, 0);
    tracker.delivered(id, 100);
    tracker.reading(id, 100); // same pieces: no new list
    tracker.reading(id, MiB);
    expect(calls).toEqual([
      [0, 1, 2, 3],
      [0, 1, 2, 3, 4], // from byte 100 the window reaches into piece 4
      [1, 2, 3, 4],
    ]);
  });

  it('treats a jump as a seek: the old window is dropped at once, and the picker is told it jumped', () => {
    const { tracker, calls, jumps } = setup();
    const id = tracker.open({ start: 0, length: 100 * MiB, media: false });
    tracker.reading(id, 0); // a first window is a jump too (from nothing)
    tracker.delivered(id, 100);
    tracker.reading(id, 100); // sliding forward is not
    tracker.reading(id, 80 * MiB);
    expect(calls.at(-1)).toEqual([80, 81, 82, 83]);
    expect(jumps).toEqual([true, false, true]);
  });

  it('calls a new reader at a media tail not yet here a jump, though its piece was urgent already', () => {
    // The tail may be requested but queued at the peer behind a second of other requests: those are cancelled.
    const { tracker, jumps, host, deadlines } = setup();
    const main = tracker.open({ start: 0, length: 100 * MiB, media: true });
    tracker.reading(main, 0);
    host.time += 1;
    const tail = tracker.open({ start: 0, length: 100 * MiB, media: true });
    tracker.reading(tail, 99 * MiB + 5);
    expect(jumps).toEqual([true, true]);
    // What is kept: the tail, where the new reader waits, and the other reader's next bytes.
    expect(deadlines.at(-1)).toEqual([99, 0]);
  });

  it('calls nothing a jump when the piece waited for is here already', () => {
    const { tracker, jumps, host } = setup();
    host.have.add(80);
    const id = tracker.open({ start: 0, length: 100 * MiB, media: false });
    tracker.reading(id, 0);
    tracker.reading(id, 80 * MiB);
    expect(jumps).toEqual([true, false]);
  });

  it('keeps, after a jump, only what readers wait on: the newest reader first piece, media last pieces, each next MiB', () => {
    const small = setup(0, 256 * 1024);
    const a = small.tracker.open({ start: 0, length: 100 * MiB, media: true });
    small.tracker.reading(a, 10 * MiB);
    expect(small.jumps).toEqual([true]);
    // 256 KiB pieces: piece 40 (the reader's), 399 (the file's last), then the rest of the next MiB.
    expect(small.deadlines.at(-1)).toEqual([40, 399, 41, 42, 43]);
    expect(small.calls.at(-1)!.slice(0, 5)).toEqual([40, 399, 41, 42, 43]);
  });

  it('drops a closed reader window, and puts the newest reader first', () => {
    const { tracker, calls, host } = setup();
    const a = tracker.open({ start: 0, length: 100 * MiB, media: false });
    tracker.reading(a, 0);
    host.time += 10;
    const b = tracker.open({ start: 0, length: 100 * MiB, media: false });
    tracker.reading(b, 50 * MiB);
    expect(calls.at(-1)).toEqual([50, 0, 51, 52, 53, 1, 2, 3]);
    tracker.close(b);
    expect(calls.at(-1)).toEqual([0, 1, 2, 3]);
    tracker.close(a);
    expect(calls.at(-1)).toEqual([]);
    expect(tracker.size).toBe(0);
  });

  it('releases the window of a reader idle for IDLE_MS, but never of one waiting for bytes', () => {
    const { tracker, calls, host } = setup();
    const waiting = tracker.open({ start: 0, length: 100 * MiB, media: false });
    const idle = tracker.open({ start: 0, length: 100 * MiB, media: false });
    tracker.reading(idle, 40 * MiB);
    tracker.delivered(idle, 10);
    host.time += 1;
    tracker.reading(waiting, 0);
    host.time += IDLE_MS;
    tracker.refresh();
    expect(calls.at(-1)).toEqual([0, 1, 2, 3]);
    // Reading again takes the window back.
    tracker.reading(idle, 40 * MiB + 10);
    expect(calls.at(-1)).toEqual([40, 41, 0, 42, 43, 44, 1, 2, 3]);
  });

  it('sizes windows by the reader rate when it reads faster than the link delivers', () => {
    const { tracker, calls, host } = setup();
    const id = tracker.open({ start: 0, length: 100 * MiB, media: false });
    for (let i = 0; i < 8; i++) {
      tracker.reading(id, i * MiB);
      host.time += 500;
      tracker.delivered(id, MiB); // 2 MiB/s of reading
    }
    tracker.reading(id, 8 * MiB);
    const list = calls.at(-1)!;
    expect(list[0]).toBe(8);
    expect(list.length).toBeGreaterThanOrEqual(5); // above the 4 MiB floor: about 3 s of 2 MiB/s
    expect(list.length).toBeLessThanOrEqual(8);
  });

  it('sizes windows by the download rate it reads on refresh', () => {
    const { tracker, calls, host } = setup();
    const id = tracker.open({ start: 0, length: 100 * MiB, media: false });
    tracker.reading(id, 0);
    host.rate = 3 * MiB;
    tracker.refresh();
    expect(calls.at(-1)).toEqual(Array.from({ length: 9 }, (_, i) => i));
  });

  it('asks for the head and tail of media files', () => {
    const { tracker, calls } = setup();
    const id = tracker.open({ start: 10 * MiB, length: 20 * MiB, media: true });
    tracker.reading(id, 20 * MiB);
    // The last piece (a media index) right after the one read now, then the head, then the window.
    expect(calls.at(-1)).toEqual([20, 29, 10, 21, 22, 23]);
  });

  it('ignores calls for readers it does not know', () => {
    const { tracker, calls } = setup();
    tracker.reading(42, 0);
    tracker.delivered(42, 10);
    tracker.close(42);
    expect(calls).toEqual([]);
  });
});

describe('PieceWaiters', () => {
  it('resolves every waiter of a piece, and only of that piece', async () => {
    const w = new PieceWaiters();
    const settled: string[] = [];
    void w.wait(3).then(() => settled.push('a3'));
    void w.wait(3).then(() => settled.push('b3'));
    void w.wait(4).then(() => settled.push('a4'));
    w.resolve(3);
    await Promise.resolve();
    await Promise.resolve();
    expect(settled).toEqual(['a3', 'b3']);
    expect(w.pieces).toEqual([4]);
  });

  it('rejects everyone with the given error and forgets them', async () => {
    const w = new PieceWaiters();
    const a = w.wait(1);
    const b = w.wait(2);
    const error = new EngineError('TORRENT_PAUSED', 'paused');
    w.rejectAll(error);
    await expect(a).rejects.toBe(error);
    await expect(b).rejects.toBe(error);
    expect(w.pieces).toEqual([]);
    w.resolve(1); // nothing left: no throw
  });
});

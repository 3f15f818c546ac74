// The event side every PeerChannel transport shares: holds chunks that arrive before the engine calls open(),
// emits `close` exactly once, and emits `drain` when the buffered level falls back to the low-water mark.
// Realm-free (used in the worker and on the main thread).

import type { PeerChannelEvents } from '../../engine/ports.ts';

/** Bytes the remote may send before the engine listens; a handshake plus bitfield is well below this. */
export const MAX_EARLY_BYTES = 4 * 1024 * 1024;

export class ChannelCore {
  private events: PeerChannelEvents | null = null;
  private early: Uint8Array[] = [];
  private earlyBytes = 0;
  private pendingClose: string | undefined;
  private aboveLow = false;
  private closed = false;

  constructor(readonly lowWaterMark: number) {}

  get isClosed(): boolean {
    return this.closed;
  }

  /** True while a `drain` is owed: the level went above the low-water mark and has not come back. */
  get draining(): boolean {
    return this.aboveLow;
  }

  attach(events: PeerChannelEvents): void {
    if (this.events) throw new Error('PeerChannel.open() called twice');
    this.events = events;
    const early = this.early;
    this.early = [];
    this.earlyBytes = 0;
    for (const chunk of early) events.data(chunk);
    if (this.pendingClose !== undefined) events.close(this.pendingClose);
  }

  /** Passes a received chunk on (or holds it until attach). False when the pre-open limit is exceeded. */
  deliver(chunk: Uint8Array): boolean {
    if (this.closed) return true;
    if (this.events) {
      this.events.data(chunk);
      return true;
    }
    this.earlyBytes += chunk.length;
    if (this.earlyBytes > MAX_EARLY_BYTES) return false;
    this.early.push(chunk);
    return true;
  }

  /** Call after queueing bytes, with the new level. True when a poll for drain should run. */
  queued(level: number): boolean {
    if (level > this.lowWaterMark) this.aboveLow = true;
    return this.aboveLow;
  }

  /** Call whenever the level may have dropped. True once the owed `drain` was emitted. */
  checkDrain(level: number): boolean {
    if (!this.aboveLow || level > this.lowWaterMark || this.closed) return false;
    this.aboveLow = false;
    this.events?.drain();
    return true;
  }

  /** The transport ended: emits `close` once (now, or at attach). */
  finish(reason: string): void {
    if (this.closed) return;
    this.closed = true;
    this.early = [];
    if (this.events) this.events.close(reason);
    else this.pendingClose = reason;
  }

  /** The engine closed the channel itself: no event goes back to it. */
  markClosed(): void {
    this.closed = true;
    this.early = [];
  }
}

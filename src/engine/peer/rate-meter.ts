// Bytes per second over a short sliding window, fed with the host's clock (the engine keeps no timers).

const BUCKET_MS = 250;
const BUCKETS = 20; // a 5 s window: smooth enough for display and choking, quick to react to a stall

export class RateMeter {
  private readonly buckets = new Float64Array(BUCKETS);
  private head = 0;
  private headTime = 0;
  private started = -1;
  total = 0;

  add(bytes: number, now: number): void {
    this.advance(now);
    this.buckets[this.head]! += bytes;
    this.total += bytes;
  }

  /** Bytes per second over the window (or over the time since the first sample, if shorter). */
  rate(now: number): number {
    this.advance(now);
    if (this.started < 0) return 0;
    let sum = 0;
    for (let i = 0; i < BUCKETS; i++) sum += this.buckets[i]!;
    // The window is the full buckets behind the head plus the elapsed part of the head bucket.
    const windowMs = (BUCKETS - 1) * BUCKET_MS + (now - this.headTime);
    const span = Math.min(windowMs, Math.max(BUCKET_MS, now - this.started));
    return (sum * 1000) / span;
  }

  private advance(now: number): void {
    if (this.started < 0) {
      this.started = now;
      this.headTime = now - (now % BUCKET_MS);
      return;
    }
    const steps = Math.floor((now - this.headTime) / BUCKET_MS);
    if (steps <= 0) return;
    const clear = Math.min(steps, BUCKETS);
    for (let i = 0; i < clear; i++) {
      this.head = (this.head + 1) % BUCKETS;
      this.buckets[this.head] = 0;
    }
    this.headTime += steps * BUCKET_MS;
  }
}

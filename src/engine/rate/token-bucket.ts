// A token bucket of bytes on an explicit clock: `rate` bytes per second flow in, at most `burst` wait unused, and a
// spender may overdraw by one message (the debt is repaid before anything else passes). Null rate = unlimited.

/** Unused allowance kept, in seconds of the rate: enough to bridge the host's wake-ups (50–250 ms), small enough that
 * a pause does not turn into a burst that breaks the limit over a short window. */
export const BURST_SECONDS = 0.5;
/** Floor of the burst, so a low limit still passes whole 16 KiB blocks. */
export const MIN_BURST = 32 * 1024;
/** What a new or newly limited bucket starts with: a tenth of a second, so a transfer starts at once without a burst. */
const START_SECONDS = 0.1;

export class TokenBucket {
  private tokens = 0;
  private last: number;
  private bytesPerSecond: number | null;

  constructor(rate: number | null, now: number) {
    this.last = now;
    this.bytesPerSecond = validRate(rate);
    if (this.bytesPerSecond !== null) this.tokens = Math.min(this.burst, this.bytesPerSecond * START_SECONDS);
  }

  /** Bytes per second, or null when unlimited. */
  get rate(): number | null {
    return this.bytesPerSecond;
  }

  get limited(): boolean {
    return this.bytesPerSecond !== null;
  }

  get burst(): number {
    return this.bytesPerSecond === null ? Infinity : Math.max(MIN_BURST, this.bytesPerSecond * BURST_SECONDS);
  }

  /** Changes the rate; takes effect at once. Savings and debt are kept within the new burst either way. */
  setRate(rate: number | null, now: number): void {
    const next = validRate(rate);
    if (next === this.bytesPerSecond) return;
    const wasLimited = this.bytesPerSecond !== null;
    this.refill(now);
    this.bytesPerSecond = next;
    this.last = now;
    if (next === null) {
      this.tokens = 0;
      return;
    }
    this.tokens = wasLimited ? Math.max(-this.burst, Math.min(this.burst, this.tokens)) : Math.min(this.burst, next * START_SECONDS);
  }

  /** Bytes that may pass now (negative while in debt); Infinity when unlimited. */
  available(now: number): number {
    if (this.bytesPerSecond === null) return Infinity;
    this.refill(now);
    return this.tokens;
  }

  /** Takes `bytes` (may overdraw); a no-op when unlimited. */
  spend(bytes: number, now: number): void {
    if (this.bytesPerSecond === null) return;
    this.refill(now);
    this.tokens -= bytes;
  }

  private refill(now: number): void {
    const rate = this.bytesPerSecond;
    if (rate === null) return;
    const elapsed = now - this.last;
    if (elapsed <= 0) return; // a clock that went back (or the same instant): nothing new
    this.last = now;
    this.tokens = Math.min(this.burst, this.tokens + (rate * elapsed) / 1000);
  }
}

/** A usable limit in bytes per second, or null (unlimited) for anything that is not a positive finite number. */
export function validRate(rate: number | null | undefined): number | null {
  return typeof rate === 'number' && Number.isFinite(rate) && rate > 0 ? rate : null;
}

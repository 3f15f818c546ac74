// Bytes per second over the last few minutes, one slot a second (a ring): what the speed graphs draw. Pure.

/** Seconds kept: five minutes at one-second resolution. */
export const HISTORY_SECONDS = 300;

export interface TrafficSamples {
  /** Bytes received / sent in each second, oldest first; the last entry is the current (partial) second. */
  readonly down: readonly number[];
  readonly up: readonly number[];
  /** The clock second (engine clock, ms / 1000, floored) of the last entry. */
  readonly lastSecond: number;
}

export class TrafficHistory {
  private readonly down = new Float64Array(HISTORY_SECONDS);
  private readonly up = new Float64Array(HISTORY_SECONDS);
  /** The clock second of the newest slot; null before the first record. */
  private newest: number | null = null;

  /** Adds bytes moved during clock second `second` (seconds never go back; a gap reads as zeros). */
  record(second: number, down: number, up: number): void {
    this.advance(second);
    const i = this.slot(this.newest!);
    this.down[i] = this.down[i]! + down;
    this.up[i] = this.up[i]! + up;
  }

  /** The last HISTORY_SECONDS seconds up to `second`, oldest first. */
  samples(second: number): TrafficSamples {
    this.advance(second);
    const down: number[] = [];
    const up: number[] = [];
    for (let s = second - HISTORY_SECONDS + 1; s <= second; s++) {
      const i = this.slot(s);
      down.push(this.down[i]!);
      up.push(this.up[i]!);
    }
    return { down, up, lastSecond: second };
  }

  private advance(second: number): void {
    if (this.newest === null) {
      this.newest = second;
      return;
    }
    if (second <= this.newest) return;
    // Seconds that passed without a record are zero; more than a full ring clears it all.
    for (let s = this.newest + 1; s <= Math.min(second, this.newest + HISTORY_SECONDS); s++) {
      const i = this.slot(s);
      this.down[i] = 0;
      this.up[i] = 0;
    }
    this.newest = second;
  }

  private slot(second: number): number {
    return ((second % HISTORY_SECONDS) + HISTORY_SECONDS) % HISTORY_SECONDS;
  }
}

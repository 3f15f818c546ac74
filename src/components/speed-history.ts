// Recent download/upload rates of each torrent (and of all together), kept in fixed-size ring buffers for the
// speed graph: one sample per interval, the last few minutes, no allocation per sample.

/** One sample a second for five minutes. */
export const SAMPLE_MS = 1000;
export const HISTORY_SAMPLES = 300;

export class RateRing {
  readonly down: Float64Array;
  readonly up: Float64Array;
  /** Index the next sample goes to. */
  private head = 0;
  private filled = 0;

  constructor(readonly capacity = HISTORY_SAMPLES) {
    this.down = new Float64Array(capacity);
    this.up = new Float64Array(capacity);
  }

  get length(): number {
    return this.filled;
  }

  push(down: number, up: number): void {
    this.down[this.head] = Number.isFinite(down) && down > 0 ? down : 0;
    this.up[this.head] = Number.isFinite(up) && up > 0 ? up : 0;
    this.head = (this.head + 1) % this.capacity;
    if (this.filled < this.capacity) this.filled++;
  }

  /** Oldest first: sample `i` of `length`. */
  at(i: number): { down: number; up: number } {
    const k = (this.head - this.filled + i + this.capacity) % this.capacity;
    return { down: this.down[k]!, up: this.up[k]! };
  }

  /** Peak and mean of each direction over the samples held. */
  summary(): { peakDown: number; peakUp: number; meanDown: number; meanUp: number; latestDown: number; latestUp: number } {
    let peakDown = 0;
    let peakUp = 0;
    let sumDown = 0;
    let sumUp = 0;
    for (let i = 0; i < this.filled; i++) {
      const { down, up } = this.at(i);
      peakDown = Math.max(peakDown, down);
      peakUp = Math.max(peakUp, up);
      sumDown += down;
      sumUp += up;
    }
    const last = this.filled > 0 ? this.at(this.filled - 1) : { down: 0, up: 0 };
    const n = Math.max(1, this.filled);
    return { peakDown, peakUp, meanDown: sumDown / n, meanUp: sumUp / n, latestDown: last.down, latestUp: last.up };
  }
}

/** Per-torrent rings fed from snapshots; a sample is taken at most once per SAMPLE_MS whatever the snapshot rate. */
export class SpeedHistory {
  readonly total: RateRing;
  private readonly rings = new Map<string, RateRing>();
  private lastSampleAt = Number.NEGATIVE_INFINITY;

  constructor(private readonly capacity = HISTORY_SAMPLES) {
    this.total = new RateRing(capacity);
  }

  /** Takes one sample of every torrent; returns false when it is too soon after the last one. Drops removed torrents. */
  sample(now: number, torrents: readonly { infoHashHex: string; downloadRate: number; uploadRate: number }[]): boolean {
    if (now - this.lastSampleAt < SAMPLE_MS * 0.9) return false;
    this.lastSampleAt = now;
    let down = 0;
    let up = 0;
    const live = new Set<string>();
    for (const t of torrents) {
      live.add(t.infoHashHex);
      let ring = this.rings.get(t.infoHashHex);
      if (!ring) this.rings.set(t.infoHashHex, (ring = new RateRing(this.capacity)));
      ring.push(t.downloadRate, t.uploadRate);
      down += t.downloadRate;
      up += t.uploadRate;
    }
    for (const key of [...this.rings.keys()]) if (!live.has(key)) this.rings.delete(key);
    this.total.push(down, up);
    return true;
  }

  of(infoHashHex: string): RateRing | undefined {
    return this.rings.get(infoHashHex);
  }
}

/** The y-axis top for a graph: the peak rounded up to 1, 2 or 5 times a power of ten of B, KiB, MiB or GiB per
 * second (so the label reads "200 KiB/s", never "195.3 KiB/s"), at least 1 KiB/s. */
export function niceCeiling(peak: number): number {
  const v = Math.max(1024, peak);
  for (let unit = 1024; ; unit *= 1024) {
    for (const m of [1, 2, 5, 10, 20, 50, 100, 200, 500]) if (m * unit >= v) return m * unit;
    if (unit >= 1024 ** 4) return Math.ceil(v / unit) * unit;
  }
}

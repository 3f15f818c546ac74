// What snapshots cost, measured where they are made and applied (performance.now in the engine worker and on the
// page): the last few hundred samples, for bench/scale.bench.ts to read (it finds them on globalThis under
// SNAPSHOT_COST_KEY). Costs a performance.now() pair and an array write per snapshot.

export const SNAPSHOT_COST_KEY = '__rivuletSnapshotCost';
const KEEP = 512;

export interface CostSummary {
  readonly count: number;
  readonly totalMs: number;
  /** The kept samples, oldest first (ms). */
  readonly samples: readonly number[];
}

export class CostMeter {
  private readonly ring: number[] = [];
  private next = 0;
  count = 0;
  totalMs = 0;

  add(ms: number): void {
    this.count++;
    this.totalMs += ms;
    if (this.ring.length < KEEP) this.ring.push(ms);
    else this.ring[this.next] = ms;
    this.next = (this.next + 1) % KEEP;
  }

  summary(): CostSummary {
    const samples = this.ring.length < KEEP ? [...this.ring] : [...this.ring.slice(this.next), ...this.ring.slice(0, this.next)];
    return { count: this.count, totalMs: this.totalMs, samples };
  }
}

/** The meter of this realm (worker or page), published on globalThis for benches. */
export function snapshotCostMeter(): CostMeter {
  const g = globalThis as unknown as Record<string, CostMeter | undefined>;
  return (g[SNAPSHOT_COST_KEY] ??= new CostMeter());
}

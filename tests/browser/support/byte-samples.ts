// Bytes received over time, sampled in a page: [ms, bytes] pairs in time order.

export type Samples = [number, number][];

/** Bytes received by time `t` (linear between samples). */
export function bytesAt(s: Samples, t: number): number {
  if (s.length === 0 || t <= s[0]![0]) return s[0]?.[1] ?? 0;
  for (let i = 1; i < s.length; i++) {
    const [t1, b1] = s[i]!;
    if (t1 >= t) {
      const [t0, b0] = s[i - 1]!;
      return b0 + ((b1 - b0) * (t - t0)) / Math.max(1, t1 - t0);
    }
  }
  return s.at(-1)![1];
}

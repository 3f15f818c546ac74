// Min / median / max, as every bench table prints them.

export function median(values: readonly number[]): number {
  const s = [...values].sort((x, y) => x - y);
  return s[Math.floor(s.length / 2)]!;
}

/** "min / median / max" with `digits` decimals; "n/a" for no values. */
export function stats(values: readonly number[], digits = 2): string {
  if (values.length === 0) return 'n/a';
  const s = [...values].sort((x, y) => x - y);
  const f = (v: number): string => v.toFixed(digits);
  return `${f(s[0]!)} / ${f(s[Math.floor(s.length / 2)]!)} / ${f(s[s.length - 1]!)}`;
}

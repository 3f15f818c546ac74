// Debug-only: the engine's side of the stream step trace (src/api/stream-trace.ts). Off unless a bench sets
// `globalThis.__rvStreamTrace = []` in the engine worker; off, it costs one property read.

interface TraceGlobals {
  __rvStreamTrace?: { step: string; t: number; n?: number }[];
  performance?: { now(): number; timeOrigin: number };
}

export function traceEngine(step: string, n?: number): void {
  const g = globalThis as TraceGlobals;
  const log = g.__rvStreamTrace;
  if (!log || !g.performance) return;
  log.push({ step, t: g.performance.timeOrigin + g.performance.now(), ...(n === undefined ? {} : { n }) });
}

// Debug-only step timestamps of file streaming (the seek bench's breakdown). Off unless a bench sets
// `globalThis.__rvStreamTrace = []` in that realm (page, service worker or engine worker, through Playwright): then
// each step is appended with a wall-clock time comparable across realms. Off, it costs one property read.

export interface StreamTraceEvent {
  /** What happened, e.g. 'sw:fetch', 'host:read', 'host:verified'. */
  readonly step: string;
  /** performance.timeOrigin + performance.now(): milliseconds, comparable between the page and its workers. */
  readonly t: number;
  /** A number that says which (a file offset, a piece, a byte count). */
  readonly n?: number;
}

export function traceStream(step: string, n?: number): void {
  const log = (globalThis as { __rvStreamTrace?: StreamTraceEvent[] }).__rvStreamTrace;
  if (log) log.push({ step, t: performance.timeOrigin + performance.now(), ...(n === undefined ? {} : { n }) });
}

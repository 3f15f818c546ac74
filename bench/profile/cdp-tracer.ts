// Chromium's trace (CDP Tracing) of the whole browser while the app transfers, summarised per thread: where a
// page's main thread, compositor and raster threads spend their time (style, layout, paint, timers, WebRTC...),
// which the sampling profiler only shows as "(program)". Events arrive in chunks (Tracing.dataCollected); we keep
// compact records only, then compute each event's self time (its duration minus its children's) per thread.

import { writeFileSync } from 'node:fs';
import type { CDPSession, Page } from '@playwright/test';

export const TRACE_CATEGORIES = [
  'devtools.timeline',
  'disabled-by-default-devtools.timeline',
  'blink',
  'webrtc',
  'toplevel',
  'v8',
];

interface RawEvent {
  readonly name: string;
  readonly cat?: string;
  readonly ph: string;
  readonly pid: number;
  readonly tid: number;
  readonly ts: number;
  readonly dur?: number;
  readonly args?: Record<string, unknown>;
}

/** One duration event, flattened: [tid key, start µs, duration µs, name]. */
type Span = [string, number, number, string];

export interface ThreadSummary {
  readonly pid: number;
  readonly tid: number;
  readonly thread: string;
  /** Sum of the top-level (outermost) events' durations: the thread's busy time. */
  readonly busyMs: number;
  /** Self time per event name, largest first. */
  readonly rows: readonly { name: string; selfMs: number; totalMs: number; count: number }[];
}

export class BrowserTracer {
  private readonly spans: Span[] = [];
  private readonly open = new Map<string, RawEvent[]>();
  private readonly threadNames = new Map<string, string>();
  private readonly frames: { processId: number; url: string }[] = [];
  private readonly raw: RawEvent[] | null;
  private done: Promise<void> | null = null;

  private constructor(
    private readonly cdp: CDPSession,
    keepRaw: boolean,
  ) {
    this.raw = keepRaw ? [] : null;
  }

  /** Tracing through one page's CDP session records every process of the browser. */
  static async start(page: Page, keepRaw = false): Promise<BrowserTracer> {
    const cdp = await page.context().newCDPSession(page);
    const t = new BrowserTracer(cdp, keepRaw);
    cdp.on('Tracing.dataCollected', (ev) => t.take(ev.value as unknown as RawEvent[]));
    t.done = new Promise((resolve) => cdp.once('Tracing.tracingComplete', () => resolve()));
    await cdp.send('Tracing.start', {
      transferMode: 'ReportEvents',
      traceConfig: { includedCategories: TRACE_CATEGORIES, recordMode: 'recordContinuously' },
    } as never);
    return t;
  }

  private take(events: RawEvent[]): void {
    for (const e of events) {
      if (this.raw) this.raw.push(e);
      const key = `${e.pid}:${e.tid}`;
      if (e.ph === 'M' && e.name === 'thread_name') this.threadNames.set(key, String(e.args?.['name'] ?? ''));
      else if (e.name === 'TracingStartedInBrowser') {
        const data = e.args?.['data'] as { frames?: { processId: number; url: string }[] } | undefined;
        for (const f of data?.frames ?? []) this.frames.push(f);
      } else if (e.name === 'FrameCommittedInBrowser') {
        const data = e.args?.['data'] as { processId?: number; url?: string } | undefined;
        if (data?.processId && data.url) this.frames.push({ processId: data.processId, url: data.url });
      }
      if (e.ph === 'X') this.spans.push([key, e.ts, e.dur ?? 0, e.name]);
      else if (e.ph === 'B') {
        const s = this.open.get(key) ?? [];
        s.push(e);
        this.open.set(key, s);
      } else if (e.ph === 'E') {
        const b = this.open.get(key)?.pop();
        if (b) this.spans.push([key, b.ts, e.ts - b.ts, b.name]);
      }
    }
  }

  async stop(): Promise<void> {
    await this.cdp.send('Tracing.end');
    await this.done;
  }

  saveRaw(file: string): void {
    if (this.raw) writeFileSync(file, JSON.stringify({ traceEvents: this.raw }));
  }

  /** Renderer process id of each origin the trace saw a frame of (from the browser's frame events). */
  rendererOf(origin: string): number | undefined {
    for (let i = this.frames.length - 1; i >= 0; i--) if (this.frames[i]!.url.startsWith(origin)) return this.frames[i]!.processId;
    return undefined;
  }

  /** Every thread of process `pid`, busiest first. */
  threads(pid: number): ThreadSummary[] {
    const byThread = new Map<string, Span[]>();
    for (const s of this.spans) {
      if (!s[0].startsWith(`${pid}:`)) continue;
      const list = byThread.get(s[0]) ?? [];
      list.push(s);
      byThread.set(s[0], list);
    }
    const out: ThreadSummary[] = [];
    for (const [key, spans] of byThread) out.push(summarise(key, this.threadNames.get(key) ?? '?', spans));
    return out.sort((a, b) => b.busyMs - a.busyMs);
  }
}

function summarise(key: string, thread: string, spans: Span[]): ThreadSummary {
  // Outer first: by start, then the longer one.
  spans.sort((a, b) => a[1] - b[1] || b[2] - a[2]);
  const self = new Map<string, { selfMs: number; totalMs: number; count: number }>();
  const stack: { end: number; name: string; childUs: number; dur: number }[] = [];
  let busyUs = 0;
  const close = (until: number) => {
    while (stack.length && stack[stack.length - 1]!.end <= until) {
      const f = stack.pop()!;
      const r = self.get(f.name) ?? { selfMs: 0, totalMs: 0, count: 0 };
      r.selfMs += Math.max(0, f.dur - f.childUs) / 1000;
      r.totalMs += f.dur / 1000;
      r.count++;
      self.set(f.name, r);
    }
  };
  for (const [, ts, dur, name] of spans) {
    close(ts);
    const parent = stack[stack.length - 1];
    if (parent) parent.childUs += Math.min(dur, parent.end - ts);
    else busyUs += dur;
    stack.push({ end: ts + dur, name, childUs: 0, dur });
  }
  close(Infinity);
  const [pid, tid] = key.split(':').map(Number) as [number, number];
  const rows = [...self].map(([name, r]) => ({ name, ...r })).sort((a, b) => b.selfMs - a.selfMs);
  return { pid, tid, thread, busyMs: busyUs / 1000, rows };
}

/** A text table of the threads worth reading (main, compositor, raster, workers), `top` event names each. */
export function traceReport(label: string, threads: readonly ThreadSummary[], mib: number, top = 25): string {
  const lines: string[] = [];
  for (const t of threads) {
    if (t.busyMs < 50) continue;
    lines.push(`## ${label} ${t.thread} (tid ${t.tid}): ${t.busyMs.toFixed(0)} ms busy (${(t.busyMs / mib).toFixed(2)} ms per MiB)`);
    lines.push('   self ms    total ms    count  name');
    for (const r of t.rows.slice(0, top)) {
      lines.push(`${r.selfMs.toFixed(1).padStart(9)}  ${r.totalMs.toFixed(1).padStart(10)}  ${String(r.count).padStart(7)}  ${r.name}`);
    }
  }
  return lines.join('\n');
}

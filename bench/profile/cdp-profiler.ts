// Chromium's sampling CPU profiler on a page's main thread and on its dedicated workers (the engine lives in one),
// through one CDP session per page; workers are reached with Target.attachToTarget (flatten: false).

import { writeFileSync } from 'node:fs';
import type { CDPSession, Page } from '@playwright/test';

interface CallFrame {
  functionName: string;
  url: string;
  lineNumber: number;
}
interface ProfileNode {
  id: number;
  callFrame: CallFrame;
  children?: number[];
}
export interface CpuProfile {
  nodes: ProfileNode[];
  startTime: number;
  endTime: number;
  samples: number[];
  timeDeltas: number[];
}

type Sender = (method: string, params?: Record<string, unknown>) => Promise<unknown>;

export class ThreadProfiler {
  private constructor(
    readonly label: string,
    private readonly send: Sender,
  ) {}

  /** Main thread and every dedicated worker of the page's origin. */
  static async attach(page: Page, label: string): Promise<{ cdp: CDPSession; threads: ThreadProfiler[] }> {
    const cdp = await page.context().newCDPSession(page);
    const threads = [new ThreadProfiler(`${label} main`, (m, p) => cdp.send(m as never, p as never))];
    const origin = new URL(page.url()).origin;
    const { targetInfos } = (await cdp.send('Target.getTargets')) as { targetInfos: { targetId: string; type: string; url: string }[] };
    let nextId = 1;
    const waiting = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
    cdp.on('Target.receivedMessageFromTarget', (ev: { sessionId: string; message: string }) => {
      const msg = JSON.parse(ev.message) as { id?: number; result?: unknown; error?: { message: string } };
      const w = msg.id !== undefined ? waiting.get(msg.id) : undefined;
      if (!w) return;
      waiting.delete(msg.id!);
      if (msg.error) w.reject(new Error(msg.error.message));
      else w.resolve(msg.result);
    });
    for (const t of targetInfos) {
      if (t.type !== 'worker' || !t.url.startsWith(origin)) continue;
      const { sessionId } = (await cdp.send('Target.attachToTarget', { targetId: t.targetId, flatten: false })) as { sessionId: string };
      const send: Sender = (method, params = {}) =>
        new Promise((resolve, reject) => {
          const id = nextId++;
          waiting.set(id, { resolve, reject });
          void cdp.send('Target.sendMessageToTarget', { sessionId, message: JSON.stringify({ id, method, params }) });
        });
      threads.push(new ThreadProfiler(`${label} worker ${t.url.split('/').pop()}`, send));
    }
    return { cdp, threads };
  }

  async start(intervalUs = 250): Promise<void> {
    await this.send('Profiler.enable');
    await this.send('Profiler.setSamplingInterval', { interval: intervalUs });
    await this.send('Profiler.start');
  }

  async stop(): Promise<CpuProfile> {
    const { profile } = (await this.send('Profiler.stop')) as { profile: CpuProfile };
    return profile;
  }
}

export interface SelfTime {
  readonly name: string;
  readonly ms: number;
}

/** Self time per function (name + file:line), largest first, plus the profile's total and busy (non-idle) ms. */
export function selfTimes(p: CpuProfile): { totalMs: number; busyMs: number; rows: SelfTime[] } {
  const byNode = new Map<number, ProfileNode>(p.nodes.map((n) => [n.id, n]));
  const ms = new Map<string, number>();
  let total = 0;
  let idle = 0;
  for (let i = 0; i < p.samples.length; i++) {
    const dt = (p.timeDeltas[i + 1] ?? 0) / 1000;
    const n = byNode.get(p.samples[i]!)!;
    const f = n.callFrame;
    const file = f.url ? f.url.split('/').pop()!.replace(/-[A-Za-z0-9_-]{8}\.js$/, '.js') : '';
    const name = `${f.functionName || '(anonymous)'}${file ? ` ${file}:${f.lineNumber + 1}` : ''}`;
    ms.set(name, (ms.get(name) ?? 0) + dt);
    total += dt;
    if (f.functionName === '(idle)') idle += dt;
  }
  const rows = [...ms].map(([name, v]) => ({ name, ms: v })).sort((a, b) => b.ms - a.ms);
  return { totalMs: total, busyMs: total - idle, rows };
}

export function saveProfile(path: string, p: CpuProfile): void {
  writeFileSync(path, JSON.stringify(p));
}

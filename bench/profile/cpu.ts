// CPU seconds of one Chromium's processes from /proc (Linux): the browser process and all its descendants,
// classified by their --type, and the renderer of a given page found by making it busy for a moment.

import { readdirSync, readFileSync } from 'node:fs';
import type { Page } from '@playwright/test';

const TICKS = 100; // USER_HZ on Linux

export interface Proc {
  readonly pid: number;
  readonly ppid: number;
  readonly type: string;
  readonly cpuS: number;
}

function readProc(pid: number): Proc | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const rest = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ppid = Number(rest[1]);
    const cpuS = (Number(rest[11]) + Number(rest[12])) / TICKS;
    const cmd = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split(/[\0 ]/); // Chromium rewrites its argv as one string
    const t = cmd.find((a) => a.startsWith('--type='));
    const sub = cmd.find((a) => a.startsWith('--utility-sub-type='));
    const type = t ? (sub ? sub.slice('--utility-sub-type='.length) : t.slice(7)) : 'browser';
    return { pid, ppid, type, cpuS };
  } catch {
    return null; // gone
  }
}

/** The Chromium whose command line names `profileDir`, and all its descendants. */
export function browserProcs(profileDir: string): Proc[] {
  const all: Proc[] = [];
  let root = -1;
  for (const name of readdirSync('/proc')) {
    const pid = Number(name);
    if (!Number.isInteger(pid)) continue;
    const p = readProc(pid);
    if (!p) continue;
    all.push(p);
    if (p.type === 'browser' && root < 0) {
      try {
        const cmd = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
        if (cmd.includes(profileDir) && !cmd.includes('crashpad')) root = pid;
      } catch {
        /* gone */
      }
    }
  }
  if (root < 0) throw new Error(`no browser process for ${profileDir}`);
  const out: Proc[] = [];
  const want = new Set([root]);
  let grew = true;
  while (grew) {
    grew = false;
    for (const p of all) if (!want.has(p.pid) && want.has(p.ppid)) (want.add(p.pid), (grew = true));
  }
  for (const p of all) if (want.has(p.pid)) out.push(p);
  return out;
}

export type CpuSample = ReadonlyMap<number, Proc>;

export function sampleCpu(profileDir: string): CpuSample {
  return new Map(browserProcs(profileDir).map((p) => [p.pid, p]));
}

/** CPU seconds used between two samples by pid (processes that appeared count from 0). */
export function cpuDelta(a: CpuSample, b: CpuSample): Map<number, { type: string; s: number }> {
  const out = new Map<number, { type: string; s: number }>();
  for (const [pid, p] of b) out.set(pid, { type: p.type, s: p.cpuS - (a.get(pid)?.cpuS ?? 0) });
  return out;
}

function rssMiB(pid: number): number {
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) / 1024 : 0;
  } catch {
    return 0;
  }
}

/**
 * The renderer pid of `page` (not `exclude`): the one whose resident memory grows by ~256 MiB while the page holds
 * a buffer that size. Memory, not CPU: on a loaded machine a spinning page can get less CPU than a busy neighbour.
 */
export async function rendererOf(page: Page, profileDir: string, exclude = -1): Promise<number> {
  const renderers = browserProcs(profileDir).filter((p) => p.type === 'renderer' && p.pid !== exclude);
  const before = new Map(renderers.map((p) => [p.pid, rssMiB(p.pid)]));
  await page.evaluate(() => {
    const b = new Uint8Array(256 * 1024 * 1024);
    for (let i = 0; i < b.length; i += 4096) b[i] = 1; // touch every page so it is resident
    (globalThis as Record<string, unknown>)['__rssProbe'] = b;
  });
  let best = -1;
  let grew = 0;
  for (const p of renderers) {
    const d = rssMiB(p.pid) - (before.get(p.pid) ?? 0);
    if (d > grew) ((best = p.pid), (grew = d));
  }
  await page.evaluate(() => delete (globalThis as Record<string, unknown>)['__rssProbe']);
  if (grew < 128) throw new Error(`no renderer grew by the probe's 256 MiB (largest: ${grew.toFixed(0)} MiB)`);
  return best;
}

/** CPU seconds of each thread of `pid` by thread name (/proc/<pid>/task/<tid>/stat; same-named threads summed). */
export function threadCpu(pid: number): Map<string, number> {
  const out = new Map<string, number>();
  let tids: string[] = [];
  try {
    tids = readdirSync(`/proc/${pid}/task`);
  } catch {
    return out; // gone
  }
  for (const tid of tids) {
    try {
      const stat = readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8');
      // The first thread is the renderer's main thread (it keeps the process's name, "chromium").
      const name = tid === String(pid) ? 'main' : stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
      const rest = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      out.set(name, (out.get(name) ?? 0) + (Number(rest[11]) + Number(rest[12])) / TICKS);
    } catch {
      /* thread gone */
    }
  }
  return out;
}

/** CPU seconds per thread name between two `threadCpu` samples (threads that ended meanwhile are lost). */
export function threadDelta(a: ReadonlyMap<string, number>, b: ReadonlyMap<string, number>): Map<string, number> {
  const out = new Map<string, number>();
  for (const [name, s] of b) out.set(name, Math.max(0, s - (a.get(name) ?? 0)));
  return out;
}

// CPU seconds spent by groups of browser processes over a stretch of time, read from /proc/<pid>/stat (Linux only):
// user + system time of every thread of each process. A group is a function returning its pids at the moment of
// sampling (a browser's whole process tree, or one renderer), so processes born during the stretch count from zero.
// Sampled every half second so a process that exits during the stretch keeps the time it had at its last sample.

import { readdirSync, readFileSync } from 'node:fs';
import type { Page } from '@playwright/test';

/** Clock ticks per second of /proc's utime/stime (`getconf CLK_TCK`; 100 on every Linux we run on). */
const TICKS_PER_S = 100;

interface ProcStat {
  ppid: number;
  /** utime + stime, in clock ticks. */
  ticks: number;
}

/** Parent pid and CPU ticks of a process, or null if it is gone. */
function procStat(pid: number, file = `/proc/${pid}/stat`): ProcStat | null {
  let text: string;
  try {
    text = readFileSync(file, 'latin1');
  } catch {
    return null;
  }
  // The command name (field 2) is in parentheses and may contain spaces: split after the last ')'.
  const f = text.slice(text.lastIndexOf(')') + 2).split(' ');
  // f[0] is field 3 (state): ppid is field 4, utime field 14, stime field 15.
  return { ppid: Number(f[1]), ticks: Number(f[11]) + Number(f[12]) };
}

function allPids(): number[] {
  return readdirSync('/proc')
    .filter((n) => /^\d+$/.test(n))
    .map(Number);
}

/** `root` and all its descendants (Chromium: browser -> zygotes -> renderers, and utility/GPU processes). */
export function processTree(root: number): number[] {
  const children = new Map<number, number[]>();
  for (const pid of allPids()) {
    const s = procStat(pid);
    if (!s) continue;
    const list = children.get(s.ppid) ?? [];
    list.push(pid);
    children.set(s.ppid, list);
  }
  const out: number[] = [];
  const todo = [root];
  while (todo.length > 0) {
    const pid = todo.pop()!;
    out.push(pid);
    todo.push(...(children.get(pid) ?? []));
  }
  return out;
}

/** Command line of a process, NUL-separated arguments joined by spaces ('' if gone). */
export function cmdline(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'latin1').split('\0').join(' ');
  } catch {
    return '';
  }
}

/** The browser process of a Chromium started with `--user-data-dir=<dir>` (the one without `--type=`). */
export function browserPidOfProfile(dir: string): number {
  for (const pid of allPids()) {
    const c = cmdline(pid);
    if (c.includes(`--user-data-dir=${dir}`) && !c.includes('--type=')) return pid;
  }
  throw new Error(`no Chromium browser process with --user-data-dir=${dir}`);
}

export type CpuGroups = Record<string, () => number[]>;

/** Measures CPU seconds per group from start() to stop(). */
export class CpuMeter {
  /** Per group: ticks at the first sample of each pid, and at its latest. */
  private readonly first = new Map<string, Map<number, number>>();
  private readonly last = new Map<string, Map<number, number>>();
  private timer: ReturnType<typeof setInterval> | undefined;

  private constructor(private readonly groups: CpuGroups) {}

  static start(groups: CpuGroups): CpuMeter {
    const m = new CpuMeter(groups);
    m.sample(true);
    m.timer = setInterval(() => m.sample(false), 500);
    return m;
  }

  private sample(initial: boolean): void {
    for (const [name, pidsOf] of Object.entries(this.groups)) {
      const first = this.first.get(name) ?? new Map<number, number>();
      const last = this.last.get(name) ?? new Map<number, number>();
      for (const pid of pidsOf()) {
        const s = procStat(pid);
        if (!s) continue;
        // A process first seen after the start was born during the stretch: all its time counts.
        if (!first.has(pid)) first.set(pid, initial ? s.ticks : 0);
        last.set(pid, s.ticks);
      }
      this.first.set(name, first);
      this.last.set(name, last);
    }
  }

  /** CPU seconds per group since start(). */
  stop(): Record<string, number> {
    clearInterval(this.timer);
    this.sample(false);
    const out: Record<string, number> = {};
    for (const name of Object.keys(this.groups)) {
      const first = this.first.get(name)!;
      let ticks = 0;
      for (const [pid, t] of this.last.get(name)!) ticks += t - (first.get(pid) ?? 0);
      out[name] = ticks / TICKS_PER_S;
    }
    return out;
  }
}

/** Renderer processes (`--type=renderer`) in a browser's tree. */
export function rendererPids(browserPid: number): number[] {
  return processTree(browserPid).filter((pid) => cmdline(pid).includes('--type=renderer'));
}

/** Resident memory of a process in bytes (0 if gone). */
function rssBytes(pid: number): number {
  try {
    return Number(readFileSync(`/proc/${pid}/statm`, 'latin1').split(' ')[1]) * 4096;
  } catch {
    return 0;
  }
}

/**
 * The renderer process that runs `page` (its dedicated workers run in it too). Chromium does not tell a page its
 * pid, so the page briefly holds 128 MiB of touched memory and the renderer whose resident size grew by about that
 * much is the one (memory, unlike CPU time, does not depend on how busy the other sessions keep the cores).
 */
export async function rendererPidOf(page: Page, browserPid: number): Promise<number> {
  const PROBE = 128 * 1024 * 1024;
  let seen = '';
  for (let attempt = 0; attempt < 3; attempt++) {
    const pids = rendererPids(browserPid);
    const before = new Map(pids.map((p) => [p, rssBytes(p)]));
    await page.evaluate((n) => {
      const b = new Uint8Array(n);
      for (let i = 0; i < n; i += 4096) b[i] = 1 + (i & 0x7f);
      (window as unknown as { benchProbe?: Uint8Array }).benchProbe = b;
    }, PROBE);
    // The kernel folds per-thread RSS counts into the process's in batches: give it a moment.
    await new Promise((r) => setTimeout(r, 300));
    const gains = pids.map((pid) => [pid, rssBytes(pid) - before.get(pid)!] as const).sort((x, y) => y[1] - x[1]);
    await page.evaluate(() => delete (window as unknown as { benchProbe?: Uint8Array }).benchProbe);
    // Collect it now, or the downloading page's heap peak would count the probe.
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('HeapProfiler.collectGarbage').finally(() => cdp.detach());
    const [best, bestGain] = gains[0] ?? [0, 0];
    const second = gains[1]?.[1] ?? 0;
    if (bestGain >= PROBE / 2 && second < PROBE / 4) return best;
    seen = gains.map(([p, g]) => `${p}: ${(g / 1048576).toFixed(0)} MiB`).join(', ');
  }
  throw new Error(`could not tell ${page.url()}'s renderer by a 128 MiB allocation; renderers grew by ${seen}`);
}

/** GiB = 2^30 bytes. */
export const GiB = 1024 * 1024 * 1024;

/** CPU seconds per GiB moved. */
export function perGiB(cpuSeconds: number, bytes: number): number {
  return cpuSeconds / (bytes / GiB);
}

/** CPU ticks of every thread of `pids`, by thread id, with the thread's name (BENCH_CPU_DETAIL). */
export function threadTicks(pids: readonly number[]): Map<number, { name: string; ticks: number }> {
  const out = new Map<number, { name: string; ticks: number }>();
  for (const pid of pids) {
    let tids: string[];
    try {
      tids = readdirSync(`/proc/${pid}/task`);
    } catch {
      continue;
    }
    for (const t of tids) {
      const tid = Number(t);
      const s = procStat(tid, `/proc/${pid}/task/${t}/stat`);
      let name = '';
      try {
        name = readFileSync(`/proc/${pid}/task/${t}/comm`, 'latin1').trim().replace(/\d+$/, '');
      } catch {
        continue;
      }
      if (s) out.set(tid, { name, ticks: s.ticks });
    }
  }
  return out;
}

/** CPU seconds by thread name between two threadTicks() snapshots (threads born in between count from zero). */
export function threadSeconds(before: Map<number, { ticks: number }>, after: Map<number, { name: string; ticks: number }>): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [tid, { name, ticks }] of after) out[name] = (out[name] ?? 0) + (ticks - (before.get(tid)?.ticks ?? 0)) / TICKS_PER_S;
  return out;
}

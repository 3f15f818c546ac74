// The transfer bench's tables (Markdown, as printed and as written to bench/results/transfer.md) and its JSON.
// Figures are min / median / max over the runs; ratios are the median of each run's own ratio, since only figures
// measured in the same run, on the same machine load, compare.

import { GiB, perGiB } from './cpu.ts';
import { MiB, type HeapSample } from './heap.ts';

export type SetupName = 'one' | 'two';

/** One system's transfer in one run. */
export interface SystemRun {
  /** MB/s (10^6 bytes): add -> done for Rivulet and WebTorrent, first -> last byte for the raw channel. */
  mbps: number;
  firstToLastMbps: number;
  /** CPU seconds per process group (send, recv; for one browser also `browser`, the whole browser). */
  cpuS: Record<string, number>;
  /** Wall seconds over which cpuS was measured. */
  wallS: number;
  /** CPU seconds per second of each group with the pages open and idle, just before (same harness load). */
  idleCpuPerS: Record<string, number>;
  seedReadyS?: number;
  heapPeak?: HeapSample;
}

export interface RunTriple {
  raw: SystemRun;
  webtorrent: SystemRun;
  rivulet: SystemRun;
}

export interface SetupResult {
  setup: SetupName;
  runs: RunTriple[];
  /** Rivulet at a quarter of the size (heap growth with file size). */
  quarter?: SystemRun;
}

const SETUP_TITLE: Record<SetupName, string> = {
  one: 'two tabs of one browser, two origins',
  two: 'two browsers',
};

function sorted(values: number[]): number[] {
  return [...values].sort((x, y) => x - y);
}

export function median(values: number[]): number {
  const s = sorted(values);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
}

/** "min / **median** / max" (just the value for one run). */
function mmm(values: number[], digits = 1): string {
  if (values.length === 0) return 'n/a';
  const s = sorted(values);
  if (s.length === 1) return s[0]!.toFixed(digits);
  return `${s[0]!.toFixed(digits)} / **${median(s).toFixed(digits)}** / ${s.at(-1)!.toFixed(digits)}`;
}

/** Median of per-run ratios, with their range when there are several runs. */
function ratio(values: number[], suffix = ''): string {
  const s = sorted(values);
  const m = `${median(s).toFixed(2)}${suffix}`;
  return s.length > 1 ? `${m} (${s[0]!.toFixed(2)}–${s.at(-1)!.toFixed(2)})` : m;
}

type System = keyof RunTriple;
const SYSTEMS: System[] = ['raw', 'webtorrent', 'rivulet'];

/** A group's CPU seconds in a run; `rest` is the whole browser minus both renderers (one-browser setup). */
function groupValue(c: Record<string, number>, group: string): number {
  return group === 'rest' ? (c['browser'] ?? 0) - (c['send'] ?? 0) - (c['recv'] ?? 0) : (c[group] ?? 0);
}

/** CPU s/GiB of a process group in a run; `net` subtracts what the group burns idle over the same wall time. */
function cpuPerGiB(run: SystemRun, group: string, bytes: number, net = false): number {
  const idle = net ? groupValue(run.idleCpuPerS, group) * run.wallS : 0;
  return perGiB(groupValue(run.cpuS, group) - idle, bytes);
}

export function renderReport(all: SetupResult[], o: { size: number; runs: number }): { text: string; json: unknown } {
  const results = all.filter((r) => r.runs.length > 0);
  const L: string[] = [];
  const n = (r: SetupResult) => `${r.runs.length} run${r.runs.length === 1 ? '' : 's'}`;
  L.push(`### Throughput, ${o.size / MiB} MiB (MB = 10^6 bytes; min / **median** / max; ratios: median of each run's own ratio)`, '');
  L.push('| setup | raw RTCDataChannel | WebTorrent (add -> done) | Rivulet (add -> done) | Rivulet / raw | Rivulet / WebTorrent |');
  L.push('|---|---|---|---|---|---|');
  for (const r of results) {
    const v = (s: System) => r.runs.map((x) => x[s].mbps);
    L.push(
      `| ${SETUP_TITLE[r.setup]} (${n(r)}) | ${mmm(v('raw'))} MB/s | ${mmm(v('webtorrent'))} MB/s | ${mmm(v('rivulet'))} MB/s | ${ratio(r.runs.map((x) => x.rivulet.mbps / x.raw.mbps))} | ${ratio(
        r.runs.map((x) => x.rivulet.mbps / x.webtorrent.mbps),
        '×',
      )} |`,
    );
  }
  L.push('', 'First to last payload byte (no tracker, connection or metadata time):', '');
  L.push('| setup | WebTorrent | Rivulet |', '|---|---|---|');
  for (const r of results) {
    L.push(`| ${SETUP_TITLE[r.setup]} | ${mmm(r.runs.map((x) => x.webtorrent.firstToLastMbps))} MB/s | ${mmm(r.runs.map((x) => x.rivulet.firstToLastMbps))} MB/s |`);
  }

  for (const net of [false, true]) {
    L.push(
      '',
      net
        ? '### CPU seconds per GiB, net of idle (minus what the same processes burn per second with the pages open and idle, measured just before, times the transfer time)'
        : '### CPU seconds per GiB moved (GiB = 2^30 bytes; Rivulet / raw: target <= 1.3 for the receiver)',
      '',
    );
    L.push('| setup | processes | raw RTCDataChannel | WebTorrent | Rivulet | Rivulet / raw | Rivulet / WebTorrent |');
    L.push('|---|---|---|---|---|---|---|');
    for (const r of results) {
      const groups: [string, string][] =
        r.setup === 'one'
          ? [
              ['send', 'sending page: its renderer process (page, workers)'],
              ['recv', 'receiving page: its renderer process (page, workers)'],
              ['rest', 'rest of the browser (browser, network service, GPU, utility), both sides'],
            ]
          : [
              ['send', 'sending browser: all its processes'],
              ['recv', 'receiving browser: all its processes'],
            ];
      for (const [g, label] of groups) {
        const per = (s: System) => r.runs.map((x) => cpuPerGiB(x[s], g, o.size, net));
        const rel = (s: System) => ratio(r.runs.map((x) => cpuPerGiB(x.rivulet, g, o.size, net) / cpuPerGiB(x[s], g, o.size, net)));
        L.push(`| ${SETUP_TITLE[r.setup]} | ${label} | ${mmm(per('raw'))} | ${mmm(per('webtorrent'))} | ${mmm(per('rivulet'))} | ${rel('raw')} | ${rel('webtorrent')} |`);
      }
    }
  }
  L.push('', 'Idle CPU (CPU seconds per second, pages open, nothing moving), median per side:', '');
  for (const r of results) {
    const sides = r.setup === 'one' ? ['send', 'recv', 'rest'] : ['send', 'recv'];
    const cell = (s: System) => sides.map((g) => median(r.runs.map((x) => groupValue(x[s].idleCpuPerS, g))).toFixed(3)).join(' / ');
    L.push(`- ${SETUP_TITLE[r.setup]} (${sides.join(' / ')}): Rivulet pages ${cell('rivulet')}; WebTorrent pages ${cell('webtorrent')}`);
  }

  L.push('', `### Seeding ready (hash + store, ${o.size / MiB} MiB) and the downloading page's JS heap peak`, '');
  L.push('| setup | seeding ready: WebTorrent seed() | Rivulet (file chosen -> magnet shown) | heap peak: WebTorrent (main) | Rivulet (main + engine worker) |');
  L.push('|---|---|---|---|---|');
  for (const r of results) {
    const seed = (s: System) => r.runs.map((x) => x[s].seedReadyS ?? 0);
    const heap = (s: System, k: keyof HeapSample) => r.runs.map((x) => (x[s].heapPeak?.[k] ?? 0) / MiB);
    L.push(
      `| ${SETUP_TITLE[r.setup]} | ${mmm(seed('webtorrent'))} s | ${mmm(seed('rivulet'))} s | ${mmm(heap('webtorrent', 'main'))} MiB | ${mmm(heap('rivulet', 'main'))} + ${mmm(heap('rivulet', 'workers'))} MiB |`,
    );
  }
  for (const r of results) {
    if (!r.quarter?.heapPeak) continue;
    const h = r.quarter.heapPeak;
    L.push('', `Rivulet's downloading page at ${o.size / 4 / MiB} MiB (${SETUP_TITLE[r.setup]}, one run): heap peak ${(h.main / MiB).toFixed(1)} + ${(h.workers / MiB).toFixed(1)} MiB.`);
  }
  const text = L.join('\n');
  const json = {
    bytes: o.size,
    gib: o.size / GiB,
    runsRequested: o.runs,
    measuredAt: new Date().toISOString(),
    setups: results.map((r) => ({
      ...r,
      median: Object.fromEntries(SYSTEMS.map((s) => [s, { mbps: median(r.runs.map((x) => x[s].mbps)) }])),
    })),
  };
  return { text, json };
}

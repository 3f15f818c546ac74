// The transfer bench's report: ratios are the median of each run's own ratio, CPU per GiB is per side, and the
// one-browser setup's "rest of the browser" row is the whole browser minus both renderers.

import { describe, expect, it } from 'vitest';
import { renderReport, type RunTriple, type SystemRun } from '../../../bench/support/transfer-report.ts';

const MiB = 1024 * 1024;
const sys = (mbps: number, send: number, recv: number, browser = 0): SystemRun => ({
  mbps,
  firstToLastMbps: mbps,
  cpuS: { send, recv, browser },
  wallS: 10,
  idleCpuPerS: { send: 0.01, recv: 0.01, browser: 0.05 },
  seedReadyS: 2,
  heapPeak: { main: 4 * MiB, workers: 2 * MiB },
});

describe('transfer report', () => {
  it('prints the issue table with per-run ratios and CPU seconds per GiB per side', () => {
    const runs: RunTriple[] = [
      { raw: sys(10, 1, 2, 5), webtorrent: sys(4, 2, 4, 8), rivulet: sys(8, 1.5, 2.4, 6) },
      { raw: sys(20, 1, 2, 5), webtorrent: sys(10, 2, 4, 8), rivulet: sys(18, 1.5, 2.4, 6) },
      { raw: sys(10, 1, 2, 5), webtorrent: sys(5, 2, 4, 8), rivulet: sys(6, 1.5, 2.4, 6) },
    ];
    const { text } = renderReport([{ setup: 'one', runs }], { size: 1024 * MiB, runs: 3 });
    expect(text).toContain('| setup | raw RTCDataChannel | WebTorrent (add -> done) | Rivulet (add -> done) | Rivulet / raw | Rivulet / WebTorrent |');
    // Rivulet / raw per run: 0.8, 0.9, 0.6 -> median 0.80; Rivulet / WebTorrent: 2, 1.8, 1.2 -> 1.80.
    expect(text).toContain('| two tabs of one browser, two origins (3 runs) | 10.0 / **10.0** / 20.0 MB/s | 4.0 / **5.0** / 10.0 MB/s | 6.0 / **8.0** / 18.0 MB/s | 0.80 (0.60–0.90) | 1.80× (1.20–2.00) |');
    // Receiver, 1 GiB: raw 2 s/GiB, WebTorrent 4, Rivulet 2.4 -> 1.20 of raw.
    expect(text).toContain('| receiving page: its renderer process (page, workers) | 2.0 / **2.0** / 2.0 | 4.0 / **4.0** / 4.0 | 2.4 / **2.4** / 2.4 | 1.20 (1.20–1.20) | 0.60 (0.60–0.60) |');
    // Rest of the browser: 5 - 1 - 2 = 2 for raw, 6 - 1.5 - 2.4 = 2.1 for Rivulet.
    expect(text).toMatch(/rest of the browser [^|]*\| 2\.0 \/ \*\*2\.0\*\* \/ 2\.0 \| 2\.0 \/ \*\*2\.0\*\* \/ 2\.0 \| 2\.1 \/ \*\*2\.1\*\* \/ 2\.1 \|/);
  });

  it('leaves out a setup that has no finished run', () => {
    const { text } = renderReport([{ setup: 'two', runs: [] }], { size: 256 * MiB, runs: 3 });
    expect(text).not.toContain('two browsers');
  });
});

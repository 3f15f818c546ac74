// A hidden page's download rate relative to a visible one, in a Chromium that really hides pages (no anti-throttling
// flags, no Playwright focus emulation: tests/browser/support/own-chromium.ts). One seeder (a separate, unthrottled
// browser); each run downloads 128 MiB that alternates visible / hidden every 8 MiB (64 MiB each way, interleaved, so
// a shared machine's drifting load falls on both), once with the page in a tab behind another tab of its window and
// once with its window minimised. Min / median / max of BENCH_RUNS (default 3) hidden / visible ratios per way.

import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { test, type Page } from '@playwright/test';
import { appContext, launch, openApp, randomContent, seedFiles, startApp, tempFile, useTestSettings } from '../tests/browser/support/app.ts';
import { alternateVisibility, type HiddenRun } from '../tests/browser/support/hidden-run.ts';
import { launchOwnChromium } from '../tests/browser/support/own-chromium.ts';

const RUNS = Number(process.env['BENCH_RUNS'] ?? 3);
const MiB = 1024 * 1024;
const SIZE = 128 * MiB;

const sorted = (xs: number[]) => [...xs].sort((a, b) => a - b);
const mmm = (xs: number[]) => {
  const s = sorted(xs);
  return { min: s[0]!, median: s[Math.floor(s.length / 2)]!, max: s.at(-1)! };
};

test('hidden page throughput relative to a visible page', async () => {
  const server = await startApp();
  const seederBrowser = await launch();
  const own = await launchOwnChromium();
  try {
    await useTestSettings(own.context, server, 'auto');
    const leecher = await openApp(own.context, server.url);
    const seeder = await openApp(await appContext(seederBrowser, server), server.url);
    const magnet = await seedFiles(seeder, [tempFile('hidden-bench.bin', randomContent(SIZE, 909))], 600_000);
    let cover: Page | null = null;
    const ways = {
      'tab behind another tab': {
        hide: async () => {
          cover = await own.context.newPage();
        },
        show: async () => {
          await cover?.close();
          await leecher.bringToFront();
        },
      },
      'minimised window': { hide: () => own.setWindowState(leecher, 'minimized'), show: () => own.setWindowState(leecher, 'normal') },
    };
    const runs: Record<string, HiddenRun[]> = {};
    for (let i = 0; i < RUNS; i++) {
      for (const [way, sw] of Object.entries(ways)) {
        const r = await alternateVisibility(leecher, magnet, SIZE, sw, 8 * MiB, 20 * 60_000);
        (runs[way] ??= []).push(r);
        console.log(`run ${i + 1}, ${way}: hidden ${r.hiddenMBps.toFixed(2)} MB/s, visible ${r.visibleMBps.toFixed(2)} MB/s, ratio ${r.ratio.toFixed(3)}`);
      }
    }
    const lines = [`Hidden page vs visible, ${SIZE / MiB} MiB alternating every 8 MiB (MB = 10^6 bytes), min / median / max of ${RUNS} runs:`];
    lines.push(`  ${'way'.padEnd(24)} ${'hidden / visible'.padEnd(22)} ${'hidden MB/s'.padEnd(22)} visible MB/s`);
    const result: Record<string, unknown> = { sizeBytes: SIZE, phaseBytes: 8 * MiB, runs: RUNS, chromiumFlags: 'no anti-throttling flags', ways: {} };
    for (const [way, rs] of Object.entries(runs)) {
      const ratio = mmm(rs.map((r) => r.ratio));
      const hidden = mmm(rs.map((r) => r.hiddenMBps));
      const visible = mmm(rs.map((r) => r.visibleMBps));
      const f = (m: { min: number; median: number; max: number }, d: number) => `${m.min.toFixed(d)} / ${m.median.toFixed(d)} / ${m.max.toFixed(d)}`;
      lines.push(`  ${way.padEnd(24)} ${f(ratio, 2).padEnd(22)} ${f(hidden, 1).padEnd(22)} ${f(visible, 1)}`);
      (result['ways'] as Record<string, unknown>)[way] = { ratio, hiddenMBps: hidden, visibleMBps: visible, each: rs };
    }
    console.log(lines.join('\n'));
    const dir = path.resolve(import.meta.dirname, 'results');
    mkdirSync(dir, { recursive: true });
    writeFileSync(path.join(dir, 'hidden.json'), JSON.stringify(result, null, 2) + '\n');
  } finally {
    await own.close();
    await seederBrowser.close();
    await server.close();
  }
});

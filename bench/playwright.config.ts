import { defineConfig } from '@playwright/test';

// `npm run bench`: measurements, not tests. One worker, generous timeouts, results printed and written to
// bench/results/. Run inside a loopback-only network namespace on this machine (see README).
export default defineConfig({
  testDir: '.',
  testMatch: '**/*.bench.ts',
  timeout: 30 * 60_000,
  workers: 1,
  reporter: [['list']],
  outputDir: 'results/playwright',
});

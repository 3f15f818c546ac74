import { defineConfig } from '@playwright/test';
import { chromiumLaunchOptions } from './tests/browser/support/chromium.ts';

// Browser tests drive Debian's Chromium (Playwright cannot download browsers here). Run them inside a
// loopback-only network namespace on CI (see .ci/run); locally `npm test` works as is.
export default defineConfig({
  testDir: 'tests/browser',
  testMatch: '**/*.spec.ts',
  timeout: 180_000,
  expect: { timeout: 30_000 },
  fullyParallel: false,
  workers: 1,
  retries: 0,
  reporter: [['list']],
  outputDir: 'test-results',
  use: {
    launchOptions: chromiumLaunchOptions(),
    trace: 'off',
  },
});

import { defineConfig } from '@playwright/test';

// Profiling runs for the byte path (bench/PROFILE.md): run on demand, never in CI. Inside the loopback namespace:
//   npm run build && unshare -n sh -c 'ip link set lo up && npx playwright test -c bench/profile/playwright.config.ts'
export default defineConfig({
  testDir: '.',
  testMatch: '**/*.profile.ts',
  timeout: 30 * 60_000,
  workers: 1,
  reporter: [['list']],
  outputDir: '../results/profile-playwright',
});

import { defineConfig } from 'vitest/config';

// Node micro-benches (`npm run bench:node`): they print figures and assert no timing.
export default defineConfig({
  test: {
    include: ['bench/node/**/*.measure.ts'],
    environment: 'node',
    testTimeout: 300_000,
    hookTimeout: 300_000,
  },
});

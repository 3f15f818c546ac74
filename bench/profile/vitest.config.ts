import { defineConfig } from 'vitest/config';

// `npx vitest run --config bench/profile/vitest.config.ts`: the engine's own CPU cost per MiB moved, in Node.
export default defineConfig({
  test: {
    include: ['bench/profile/**/*.measure.ts'],
    environment: 'node',
    testTimeout: 600_000,
  },
});

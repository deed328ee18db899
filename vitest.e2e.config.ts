import { defineConfig } from 'vitest/config';

// End-to-end tests build the app once, serve it on 127.0.0.1 and drive headless Chromium.
export default defineConfig({
  test: {
    include: ['test/e2e/**/*.test.ts'],
    globalSetup: ['test/e2e/global-setup.ts'],
    testTimeout: 120_000,
    hookTimeout: 180_000,
    fileParallelism: false,
  },
});

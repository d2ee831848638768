import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/global-setup.ts'],
    // Each test worker creates SDK clients too; keep the SDK's Node-version notice out of the output.
    setupFiles: ['cli/quiet-warnings.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});

import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: [
      'main/**/*.test.ts',
      'renderer/**/*.test.{ts,tsx}',
      'preload/**/*.test.ts',
      'test/**/*.test.ts',
    ],
    // Real onnxruntime, real files, a real Chromium: give them time, but never hang CI.
    testTimeout: 60_000,
    hookTimeout: 120_000,
    maxWorkers: 2,
    reporters: ['default', './test/support/summary-reporter.ts'],
  },
});

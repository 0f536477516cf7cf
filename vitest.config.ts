import { defineConfig } from 'vitest/config';

// Two projects: unit (pure code, renderer components in jsdom) and integration (a real libvirtd).
// Integration tests run one file at a time: TCG guests keep a whole core busy.
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['tests/unit/**/*.test.{ts,tsx}'],
          environment: 'node',
          setupFiles: ['tests/unit/setup.ts'],
          // a jsdom test takes ~1 s alone and 5 s+ on a machine loaded 10x: generous, as every test's waits
          testTimeout: 20_000,
        },
      },
      {
        test: {
          name: 'integration',
          include: ['tests/integration/**/*.test.ts'],
          environment: 'node',
          testTimeout: 120_000,
          hookTimeout: 120_000,
          fileParallelism: false,
        },
      },
    ],
  },
});

import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    testTimeout: 20_000,
    hookTimeout: 120_000,
    pool: 'forks',
    projects: [
      { extends: true, test: { name: 'suite', include: ['test/**/*.test.ts'], exclude: ['test/**/*.exclusive.test.ts'] } },
      // Tests that fill a real cluster on purpose and decide from its free CPUs: alone, after everything else.
      { extends: true, test: { name: 'cluster-exclusive', include: ['test/**/*.exclusive.test.ts'], fileParallelism: false, sequence: { groupOrder: 1 } } },
    ],
  },
});

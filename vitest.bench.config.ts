import { defineConfig } from 'vitest/config';

// `npm run bench`: benchmarks are files that print figures (and the inputs they used);
// they are not part of `npm test` and assert nothing about time.
export default defineConfig({
  test: {
    include: ['test/bench/**/*.bench.ts'],
    testTimeout: 3_600_000,
    hookTimeout: 3_600_000,
    pool: 'forks',
    fileParallelism: false,
    silent: false,
  },
});

import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    // CLI and hook tests spawn the built `airlock` binary; each gets its own AIRLOCK_HOME.
    testTimeout: 30_000,
    hookTimeout: 30_000,
    pool: 'forks',
  },
});

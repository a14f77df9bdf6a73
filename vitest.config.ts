import { defineConfig } from 'vitest/config';

// Native modules (better-sqlite3, serialport) are not safe in worker threads: use forked processes.
export default defineConfig({
  test: {
    include: ['**/*.test.ts'],
    exclude: ['node_modules/**', 'dist/**'],
    pool: 'forks',
    testTimeout: 20_000,
    hookTimeout: 60_000,
    reporters: ['default'],
  },
});

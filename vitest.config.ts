import react from '@vitejs/plugin-react';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    testTimeout: 30_000,
    // Two files at a time on the 2-core machines the suite targets (Vitest's default there is one):
    // most long files wait on real time (alert windows, scrapes, a demo's scenario), and a second
    // file overlaps that waiting.
    maxWorkers: 2,
    hookTimeout: 60_000,
    reporters: ['default'],
    projects: [
      {
        extends: true,
        test: {
          name: 'server',
          include: ['src/**/*.test.ts', 'test/**/*.test.ts', 'bench/**/*.test.ts'],
          // Each test file gets its own process: chDB opens one data directory per process.
          pool: 'forks',
          isolate: true,
        },
      },
      {
        // The web UI's own logic (formatting, derived numbers, hooks, components) in a DOM.
        extends: true,
        plugins: [react()],
        test: {
          name: 'web',
          include: ['web/src/**/*.test.{ts,tsx}'],
          environment: 'jsdom',
          setupFiles: ['web/src/test-setup.ts'],
        },
      },
    ],
  },
});

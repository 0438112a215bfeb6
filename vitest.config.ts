import { defineConfig } from 'vitest/config';

export default defineConfig({
  // Tests use workspace packages (packages/*) from their TypeScript, through the "source" export
  // condition, ahead of Vite's defaults for Node; nothing needs building first.
  ssr: { resolve: { conditions: ['source', 'module', 'node', 'development|production'] } },
  test: {
    include: ['test/**/*.test.ts', 'src/**/*.test.ts', 'packages/*/test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
    coverage: {
      provider: 'v8',
      include: ['src/**/*.ts', 'packages/*/src/**/*.ts'],
      reporter: ['text-summary', 'json-summary'],
      reportsDirectory: 'coverage',
      // A failing test still leaves a report to compare.
      reportOnFailure: true,
    },
  },
});

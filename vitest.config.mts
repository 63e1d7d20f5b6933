import { configDefaults, defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts', 'runtime/**/*.test.ts', 'transformer/**/*.test.ts', 'codemods/**/*.test.ts'],
    // The leak fixtures are run by test/vitest/*.test.ts in a project of their own; most fail on purpose.
    exclude: [...configDefaults.exclude, 'test/vitest/fixtures/**'],
    testTimeout: 30_000,
    hookTimeout: 120_000,
    pool: 'forks',
    reporters: ['default', './test/summary-reporter.ts'],
  },
});

import { defineConfig } from 'vitest/config';

// `npm run test:emit-corpus`: only the corpus run, which `npm test` leaves out (it takes minutes).
export default defineConfig({
  test: {
    include: ['test/emit/corpus.ts'],
    testTimeout: 1_800_000,
    pool: 'forks',
  },
});

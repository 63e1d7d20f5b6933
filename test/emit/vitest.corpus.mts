import { defineConfig } from 'vitest/config';

// `npm run test:emit-corpus`: only the corpus run, which `npm test` leaves out (it takes minutes):
// two shards in parallel (corpus.ts), the repositories checked out once and the table printed by
// corpus-setup.ts.
export default defineConfig({
  test: {
    include: ['test/emit/corpus-shard-*.ts'],
    globalSetup: ['test/emit/corpus-setup.ts'],
    testTimeout: 3_600_000,
    pool: 'forks',
    maxWorkers: 2,
  },
});

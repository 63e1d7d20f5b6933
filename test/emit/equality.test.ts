/**
 * Emit equality on leash's own fixtures (test/emit/fixtures), for the same target × module
 * matrix as `npm run test:emit-corpus`: its always-available subset.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { checkEquality, formatCounts, MATRIX, REPO } from './equality';

const dir = join(REPO, 'test/emit/fixtures');
const files = readdirSync(dir)
  .filter((name) => name.endsWith('.ts'))
  .sort()
  .map((name) => join(dir, name));

describe('emit equality on the fixtures', () => {
  for (const variant of MATRIX) {
    it(`${variant.target}/${variant.module}: each rewritten file is plain tsc output plus leash's calls`, () => {
      const counts = checkEquality(ts, { name: 'fixtures', files }, variant);
      console.log(formatCounts(`${variant.target}/${variant.module}`, counts));
      expect(counts.problems).toEqual([]);
      expect(counts.rewritten).toBeGreaterThan(0);
    }, 120_000);
  }

  // A track build writes `task(site, call)` where bind writes a thunk: the same bar.
  it.each(MATRIX.map((variant) => [`${variant.target}/${variant.module}`, variant] as const))('%s, track mode', (_label, variant) => {
    const counts = checkEquality(ts, { name: 'fixtures', files }, variant, { mode: 'track' });
    expect(counts.problems).toEqual([]);
    expect(counts.rewritten).toBeGreaterThan(0);
  }, 120_000);

  it('cancel-at-await (ES2017 and newer, where `await` is not lowered to a generator)', () => {
    const counts = checkEquality(ts, { name: 'fixtures', files }, { target: 'es2017', module: 'commonjs' }, { cancelAtAwait: true });
    expect(counts.problems).toEqual([]);
  }, 120_000);
});

/**
 * `npm run test:emit-corpus`: emit equality (see equality.ts) on a corpus of real TypeScript from
 * the real-repository cache — prettier's TypeScript formatting cases (TypeScript's conformance
 * cases among them) and typeorm's sources and functional tests, about 2,700 files — for every
 * module format, each with ES5 and newer targets (MATRIX). Prints one line per target × module and
 * a total, lists each difference, and fails on any. A repository not in the cache prints
 * "not run: corpus not cached ..." and how to add it.
 */
import { globSync } from 'tinyglobby';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
// @ts-expect-error -- a plain .mjs module without types
import { checkout } from '../real/cache.mjs';
import { addCounts, checkEquality, emptyCounts, formatCounts, MATRIX, type FileSet } from './equality';

interface CorpusRepo {
  readonly repo: string;
  readonly commit: string;
  readonly patterns: readonly string[];
  readonly ignore?: readonly string[];
  readonly options?: ts.CompilerOptions;
}

export const CORPUS: readonly CorpusRepo[] = [
  {
    repo: 'prettier/prettier',
    commit: '4f84a934201322ca87750e2b9b25baf296da6560',
    patterns: ['tests/format/typescript/**/*.{ts,mts,cts,tsx}'],
    ignore: ['**/_errors_/**', '**/*.d.ts', '**/*.d.mts', '**/*.d.cts'],
    options: { jsx: ts.JsxEmit.React, experimentalDecorators: true },
  },
  {
    repo: 'typeorm/typeorm',
    commit: '281bfba42a5813b106bcf5ba79bc7f7251bd1e73',
    patterns: ['src/**/*.ts', 'test/functional/**/*.ts'],
    ignore: ['**/*.d.ts'],
    options: { experimentalDecorators: true, emitDecoratorMetadata: true },
  },
];

function loadCorpus(): { sets: FileSet[]; missing: string[] } {
  const sets: FileSet[] = [];
  const missing: string[] = [];
  for (const entry of CORPUS) {
    const copy = checkout(entry.repo, entry.commit) as { dir?: string; missing?: string };
    if (copy.dir === undefined) {
      missing.push(`not run: corpus not cached: ${copy.missing ?? entry.repo}`);
      continue;
    }
    const files = globSync([...entry.patterns], { cwd: copy.dir, ignore: [...(entry.ignore ?? [])], absolute: true }).sort();
    sets.push({ name: entry.repo, files, options: entry.options });
  }
  return { sets, missing };
}

describe('emit equality on the real-code corpus', () => {
  const { sets, missing } = loadCorpus();
  for (const line of missing) console.log(line);
  const total = emptyCounts();
  for (const variant of MATRIX) {
    it.runIf(sets.length > 0)(`${variant.target}/${variant.module}`, () => {
      const counts = emptyCounts();
      for (const set of sets) addCounts(counts, checkEquality(ts, set, variant));
      console.log(formatCounts(`${variant.target}/${variant.module}`, counts));
      for (const problem of counts.problems.slice(0, 20)) console.log(`  ${problem}`);
      addCounts(total, counts);
      expect(counts.problems).toEqual([]);
    });
  }
  it.runIf(sets.length > 0)('total', () => {
    console.log(formatCounts('total', total));
    expect(total.files).toBeGreaterThanOrEqual(1000 * MATRIX.length);
  });
});

/**
 * The emit-equality corpus (`npm run test:emit-corpus`, see equality.ts): real TypeScript from the
 * real-repository cache — prettier's TypeScript formatting cases (TypeScript's conformance cases
 * among them) and typeorm's sources and functional tests, 2,765 files — for every pair of MATRIX
 * (ES5 through ESNext, CommonJS, ESM, AMD, UMD, System, none).
 *
 * corpus-setup.ts checks the repositories out once and prints the table; each shard
 * (corpus-shard-*.ts, run in parallel by vitest.corpus.mts) takes whole targets, so the pairs of
 * one target share its parsed files (equality.ts's cache). Environment filters, for a quicker run:
 * LEASH_EMIT_CORPUS_REPOS=prettier/prettier, LEASH_EMIT_CORPUS_PAIRS=es5/commonjs,es2022/umd.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';
import { describe, expect, inject, it } from 'vitest';
import { checkEquality, emptyCounts, addCounts, formatCounts, MATRIX, type Counts, type FileSet, type Variant } from './equality';

export interface CorpusRepo {
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

/** What corpus-setup.ts hands the shards: the checked-out file sets and where each pair's counts go. */
export interface ProvidedCorpus {
  readonly sets: readonly { readonly name: string; readonly files: readonly string[] }[];
  readonly pairs: readonly Variant[];
  readonly countsDir: string;
}

declare module 'vitest' {
  export interface ProvidedContext {
    corpus: ProvidedCorpus;
  }
}

export const SHARDS = 2;

export function pairLabel(variant: Variant): string {
  return `${variant.target}/${variant.module}`;
}

/** The pairs `LEASH_EMIT_CORPUS_PAIRS` selects (all of MATRIX without it). */
export function selectedPairs(): Variant[] {
  const wanted = process.env['LEASH_EMIT_CORPUS_PAIRS']?.split(',').map((pair) => pair.trim()).filter(Boolean);
  if (wanted === undefined || wanted.length === 0) return [...MATRIX];
  const unknown = wanted.filter((pair) => !MATRIX.some((variant) => pairLabel(variant) === pair));
  if (unknown.length > 0) throw new Error(`LEASH_EMIT_CORPUS_PAIRS: unknown pair(s) ${unknown.join(', ')}; expected some of ${MATRIX.map(pairLabel).join(', ')}`);
  return MATRIX.filter((variant) => wanted.includes(pairLabel(variant)));
}

/** Shard `index`'s pairs: whole targets, each to the shard with the fewest pairs so far. */
export function shardPairs(pairs: readonly Variant[], index: number): Variant[] {
  const byTarget = new Map<string, Variant[]>();
  for (const pair of pairs) byTarget.set(pair.target, [...(byTarget.get(pair.target) ?? []), pair]);
  const shards: Variant[][] = Array.from({ length: SHARDS }, () => []);
  for (const group of [...byTarget.values()].sort((a, b) => b.length - a.length)) {
    const smallest = shards.reduce((best, shard) => (shard.length < best.length ? shard : best));
    smallest.push(...group);
  }
  return shards[index] ?? [];
}

/** Declares shard `index`'s tests: one per pair, over every file set, writing its counts for the table. */
export function describeShard(index: number): void {
  const corpus = inject('corpus');
  const sets: FileSet[] = corpus.sets.map((set) => ({ ...set, options: CORPUS.find((entry) => entry.repo === set.name)?.options }));
  describe(`emit equality on the real-code corpus, shard ${index + 1} of ${SHARDS}`, () => {
    for (const variant of shardPairs(corpus.pairs, index)) {
      it.runIf(sets.length > 0)(pairLabel(variant), () => {
        const started = Date.now();
        const counts = emptyCounts();
        for (const set of sets) addCounts(counts, checkEquality(ts, set, variant));
        console.log(`${formatCounts(pairLabel(variant), counts)}  (${((Date.now() - started) / 1000).toFixed(0)} s)`);
        for (const problem of counts.problems.slice(0, 20)) console.log(`  ${problem}`);
        writeCounts(corpus.countsDir, variant, counts);
        expect(counts.problems).toEqual([]);
      });
    }
  });
}

function writeCounts(dir: string, variant: Variant, counts: Counts): void {
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, `${pairLabel(variant).replace('/', '+')}.json`), JSON.stringify(counts));
}

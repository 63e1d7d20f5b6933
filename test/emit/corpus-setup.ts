/**
 * globalSetup of `npm run test:emit-corpus`: checks the corpus's repositories out once for both
 * shards (a missing one prints "not run: ..."), and at the end prints one line per pair, the total
 * and the wall time, and fails the run when the corpus had fewer than 1,000 files per pair.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { globSync } from 'tinyglobby';
import type { TestProject } from 'vitest/node';
// @ts-expect-error -- a plain .mjs module without types
import { checkout } from '../real/cache.mjs';
import { CORPUS, pairLabel, selectedPairs, type ProvidedCorpus } from './corpus';
import { addCounts, emptyCounts, formatCounts, type Counts } from './equality';

export default function setup(project: TestProject): () => void {
  const started = Date.now();
  const wanted = process.env['LEASH_EMIT_CORPUS_REPOS']?.split(',').map((repo) => repo.trim()).filter(Boolean);
  const pairs = selectedPairs();
  const sets: { name: string; files: string[] }[] = [];
  const copies: string[] = [];
  for (const entry of CORPUS.filter((entry) => wanted === undefined || wanted.length === 0 || wanted.includes(entry.repo))) {
    const copy = checkout(entry.repo, entry.commit) as { dir?: string; missing?: string };
    if (copy.dir === undefined) {
      console.log(`not run: corpus not cached: ${copy.missing ?? entry.repo}`);
      continue;
    }
    copies.push(copy.dir);
    const files = globSync([...entry.patterns], { cwd: copy.dir, ignore: [...(entry.ignore ?? [])], absolute: true }).sort();
    sets.push({ name: entry.repo, files });
  }
  const countsDir = mkdtempSync(join(tmpdir(), 'leash-emit-corpus-'));
  const provided: ProvidedCorpus = { sets, pairs, countsDir };
  project.provide('corpus', provided);

  return () => {
    const total = emptyCounts();
    const lines: string[] = [];
    for (const variant of pairs) {
      const file = join(countsDir, `${pairLabel(variant).replace('/', '+')}.json`);
      if (!existsSync(file)) {
        lines.push(`${pairLabel(variant).padEnd(16)} not run`);
        continue;
      }
      const counts = JSON.parse(readFileSync(file, 'utf8')) as Counts;
      lines.push(formatCounts(pairLabel(variant), counts));
      addCounts(total, counts);
    }
    const minutes = ((Date.now() - started) / 60_000).toFixed(1);
    console.log(`\nemit equality, ${sets.map((set) => `${set.name} (${set.files.length} files)`).join(' + ') || 'no corpus'}:\n${lines.join('\n')}\n${formatCounts('total', total)}\nwall time ${minutes} min`);
    for (const dir of [...copies, countsDir]) rmSync(dir, { recursive: true, force: true });
    const everything = wanted === undefined || wanted.length === 0;
    if (sets.length > 0 && everything && total.files < 1000 * pairs.length) {
      throw new Error(`the corpus had ${total.files} files over ${pairs.length} pairs: expected at least 1,000 per pair`);
    }
  };
}

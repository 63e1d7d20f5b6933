// The ownership proof: test/transformer/fixtures/ownership is a small service with the sharing
// patterns of real services (memoized init, coalescing, lazy singletons, startup caches, event
// loops, a DI container, a lazy import) and three per-request leaks. Built plain, in bind mode
// without the ownership rule ("before") and in bind mode ("after"), each build runs every case:
// every sharing case must behave exactly as plain, every control must be ended. The table in
// transformer/README.md is this test's output (`UPDATE_README=1` rewrites it).
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { REPO } from './harness';
import { buildAll, type Built, type ProjectSpec } from './projects';

const ESM = { project: 'ownership', ts: 'ts6', module: 'nodenext', type: 'module' } as const;
const SPECS: readonly ProjectSpec[] = [
  { ...ESM, leash: undefined },
  { ...ESM, leash: { ownership: false } },
  { ...ESM, leash: {} },
];
const README = join(REPO, 'transformer/README.md');
const BEGIN = '<!-- ownership-table: written by test/transformer/ownership.test.ts -->';
const END = '<!-- /ownership-table -->';

let builds: Built[] = [];
let remove = (): void => undefined;
const outcomes: Array<Record<string, string>> = [];
beforeAll(async () => {
  ({ builds, remove } = await buildAll(SPECS));
  for (const build of builds) outcomes.push(JSON.parse(await build.run('main.js')) as Record<string, string>);
}, 180_000);
afterAll(() => remove());

test('every sharing case behaves as built plain; every control is ended', () => {
  const [plain, before, after] = outcomes as [Record<string, string>, Record<string, string>, Record<string, string>];
  const names = Object.keys(plain);
  expect(names.length).toBeGreaterThanOrEqual(10);
  for (const name of names) {
    if (name.startsWith('control:')) {
      expect(plain[name], name).not.toBe('ended');
      expect(after[name], name).toBe('ended');
    } else {
      expect(after[name], name).toBe(plain[name]);
      // The case exercises the bug: bind mode without the ownership rule breaks it.
      expect(before[name], name).not.toBe(plain[name]);
    }
  }
});

test('the README table is this run', () => {
  const [plain, before, after] = outcomes as [Record<string, string>, Record<string, string>, Record<string, string>];
  const rows = Object.keys(plain).map((name) => `| ${name} | ${plain[name]} | ${before[name]} | ${after[name]} |`);
  const table = [BEGIN, '| case | plain | bind before | bind after |', '| --- | --- | --- | --- |', ...rows, END].join('\n');
  const text = readFileSync(README, 'utf8');
  const from = text.indexOf(BEGIN);
  const to = text.indexOf(END);
  if (process.env['UPDATE_README'] === '1' && from >= 0 && to > from) {
    writeFileSync(README, text.slice(0, from) + table + text.slice(to + END.length));
    return;
  }
  expect(from, `transformer/README.md has no ${BEGIN} block; run with UPDATE_README=1 after adding the markers`).toBeGreaterThanOrEqual(0);
  expect(text.slice(from, to + END.length)).toBe(table);
});

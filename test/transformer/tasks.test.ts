// Results nobody consumes (transformer/README.md, "tasks"): test/transformer/fixtures/tasks is a
// small service that races two fetches, keeps a warm-up promise it never awaits and waits on an
// array with Promise.all. Built plain, in bind mode and in track mode, each build prints what the
// program got and the task sites the registry reported: the race loser and the warm-up are live
// tasks at their own lines while they run on and gone once they settle; the array's promises are
// not reported after Promise.all resolved; and the program sees the same values in every build.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { REPO } from './harness';
import { buildAll, type Built, type ProjectSpec } from './projects';

const ESM = { project: 'tasks', ts: 'ts6', module: 'nodenext', type: 'module' } as const;
const SPECS: readonly ProjectSpec[] = [
  { ...ESM, leash: undefined },
  { ...ESM, leash: {} },
  { ...ESM, leash: { mode: 'track' } },
];

interface Outcome {
  results: unknown[];
  whileRunning: string[];
  afterSettled: string[];
  unhandled: string[];
}

/** `src/work.ts:<line>:` of the line marked `// site: <name>`. */
function siteOf(name: string): string {
  const lines = readFileSync(join(REPO, 'test/transformer/fixtures/tasks/src/work.ts'), 'utf8').split('\n');
  const line = lines.findIndex((text) => text.endsWith(`// site: ${name}`));
  if (line < 0) throw new Error(`no line marked "// site: ${name}" in work.ts`);
  return `src/work.ts:${line + 1}:`;
}

let builds: Built[] = [];
let remove = (): void => undefined;
const outcomes: Outcome[] = [];
beforeAll(async () => {
  ({ builds, remove } = await buildAll(SPECS));
  for (const build of builds) outcomes.push(JSON.parse(await build.run('main.js')) as Outcome);
}, 180_000);
afterAll(() => remove());

test('the program gets the same values built plain, bind and track, and no rejection goes unhandled', () => {
  const [plain, bind, track] = outcomes as [Outcome, Outcome, Outcome];
  expect(plain.results).toEqual(['cache', 'handled', ['a', 'b'], true, 'quick']);
  expect(bind.results).toEqual(plain.results);
  expect(track.results).toEqual(plain.results);
  expect(plain.unhandled).toEqual([]);
  expect(bind.unhandled).toEqual([]);
  expect(track.unhandled).toEqual([]);
});

test.each([1, 2])('build %i: the race loser and the unread warm-up are live tasks at their lines until they settle; the Promise.all array is not', (index) => {
  const { whileRunning, afterSettled } = outcomes[index] as Outcome;
  expect(whileRunning.some((site) => site.startsWith(siteOf('race')) && site.endsWith(' 1')), `race loser in ${whileRunning.join(', ')}`).toBe(true);
  expect(whileRunning.some((site) => site.startsWith(siteOf('unread')) && site.endsWith(' 1')), `warm-up in ${whileRunning.join(', ')}`).toBe(true);
  expect(whileRunning.filter((site) => site.startsWith(siteOf('all')))).toEqual([]);
  expect(afterSettled).toEqual([]);
});

test('built plain, nothing is reported (the registry only sees instrumented code)', () => {
  expect((outcomes[0] as Outcome).whileRunning).toEqual([]);
});

/**
 * leash/vitest on vitest 4.1 (the root devDependency): the fixture project's leaks fail their own
 * tests with the right site, its controls pass.
 */
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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

/**
 * `test` run alone in the fixture project `dir` with vitest's v8 coverage of `include`, under
 * `config`: coverage-final.json. With leash the test must pass; plain, its assertions on what
 * leash saw fail, and only its coverage is compared.
 */
async function coverageOf(dir: string, test: string, include: string, config: string, out: string): Promise<unknown> {
  const args = [test, '--coverage.enabled', '--coverage.provider=v8', `--coverage.include=${include}`, '--coverage.reporter=json', '--coverage.reportOnFailure', `--coverage.reportsDirectory=${out}`];
  const run = await runVitest(dir, { vitest: join(dir, 'node_modules/vitest/vitest.mjs'), config, args });
  if (config !== 'vitest.plain.config.mjs') expect(run.files.get(test)?.status, run.output).toBe('passed');
  return JSON.parse(readFileSync(join(dir, out, 'coverage-final.json'), 'utf8'));
}

describe("leash/vitest and the project's coverage", () => {
  it('leaves the coverage of a module it looked at and left as it was byte for byte as without leash', async () => {
    const dir = fixtureProject({ vitest: join(REPO, 'node_modules/vitest') });
    try {
      // Without leash the test's own assertion (leash looked at two modules) fails; its coverage is what is compared.
      const coverage = (config: string, out: string) => coverageOf(dir, 'tests/ok-nothing-to-rewrite.test.ts', 'src/shapes.ts', config, out);
      const plain = await coverage('vitest.plain.config.mjs', 'coverage-plain');
      const withLeash = await coverage('vitest.config.mjs', 'coverage-leash');
      // The file's statements, functions and branches, hit counts included: leash's mark after its last line is not among them.
      expect(Object.keys(plain as object)).toEqual([join(dir, 'src/shapes.ts')]);
      expect(withLeash).toEqual(plain);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);

  it('leaves the coverage of a module whose calls it wraps as without leash: no thunk counts as a function, run or not, and the callbacks they hold count as written', async () => {
    const dir = fixtureProject({ vitest: join(REPO, 'node_modules/vitest') });
    try {
      // Each call is one the tasks rule wraps (`task(site, save(...))`, or in a bind build
      // `spawn(site, () => save(...))`); the else branch
      // never runs, so a counted thunk there would be a function never called. A call holding a
      // function (`.then(cb)`, `.catch(cb)`, an async IIFE) keeps that function counted as written.
      writeFileSync(
        join(dir, 'src/recorder.ts'),
        [
          'export async function save(value: number): Promise<number> {',
          '  return value;',
          '}',
          'export function record(first: boolean, value: number): number {',
          '  if (first) {',
          '    save(value);',
          '    save(value).then((saved) => saved + 1);',
          '    save(value)',
          '      .then((saved) => {',
          '        return saved + 1;',
          '      })',
          '      .catch(() => {});',
          '  } else {',
          '    save(value + 1);',
          '    save(value).catch(() => {});',
          '    void (async () => {',
          '      await save(value);',
          '    })();',
          '    save(value).then(',
          '      (saved) => saved,',
          '      () => 0,',
          '    );',
          '  }',
          '  return value;',
          '}',
          '',
        ].join('\n'),
      );
      writeFileSync(
        join(dir, 'tests/coverage-spawned.test.ts'),
        [
          "import { expect, test } from 'vitest';",
          "import { registry } from 'leash';",
          "import { record } from '../src/recorder';",
          '',
          "test('ok: a wrapped call, run and not run', async () => {",
          '  expect(record(true, 1)).toBe(1);',
          "  expect(registry.snapshot().sites.map((site) => `${site.kind} ${site.site}`).sort()).toEqual(['task src/recorder.ts:12:8', 'task src/recorder.ts:6:5', 'task src/recorder.ts:7:17']);",
          '  await new Promise((resolve) => setTimeout(resolve, 1));',
          '});',
          '',
        ].join('\n'),
      );
      // Plain, the test's assertion that leash saw the call fails; its coverage is what is compared.
      const coverage = (config: string, out: string) => coverageOf(dir, 'tests/coverage-spawned.test.ts', 'src/recorder.ts', config, out);
      const plain = await coverage('vitest.plain.config.mjs', 'coverage-plain');
      const withLeash = await coverage('vitest.config.mjs', 'coverage-leash');
      // `{ bind: true }` builds write each call inside a thunk (`spawn(site, () => call)`), which
      // must not count either; leash/vitest's default, track, writes `task(site, call)`.
      writeFileSync(join(dir, 'vitest.bind.config.mjs'), "import leash from 'leash/vitest';\nimport { defineConfig } from 'vitest/config';\nexport default defineConfig({ plugins: [leash({ bind: true })] });\n");
      const withBind = await coverage('vitest.bind.config.mjs', 'coverage-bind');
      // What coverage counts and where: every statement, function and branch with its hits and
      // its lines. (Columns can differ: a callback moved behind the thunk maps back to its line,
      // but its first column through Vite's map and leash's composed, which ast-v8-to-istanbul reads by nearest segment.)
      type Range = { start: { line: number }; end: { line: number } };
      type FileCoverage = { s: object; f: object; b: object; statementMap: Record<string, Range>; fnMap: Record<string, { loc: Range }>; branchMap: Record<string, { loc: Range }> };
      const lines = (range: Range) => `${range.start.line}-${range.end.line}`;
      const counted = (report: unknown) =>
        Object.entries(report as Record<string, FileCoverage>).map(([file, data]) => ({
          file,
          hits: { s: data.s, f: data.f, b: data.b },
          statements: Object.values(data.statementMap).map(lines),
          functions: Object.values(data.fnMap).map((fn) => lines(fn.loc)),
          branches: Object.values(data.branchMap).map((branch) => lines(branch.loc)),
        }));
      const [file] = counted(plain);
      expect(Object.values(file!.hits.f), 'save, record and the two then callbacks called; the catch callbacks, the async arrow and the callbacks of the else branch not').toEqual([3, 1, 1, 1, 0, 0, 0, 0, 0]);
      expect(counted(withLeash)).toEqual(counted(plain));
      expect(counted(withBind)).toEqual(counted(plain));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);
});

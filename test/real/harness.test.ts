// The real-project harness's own logic: how it reads each runner's results, how it tells a
// difference from a flake, and that an uncached project says "not run" instead of passing.
// (The harness itself runs with `npm run test:real`; it is too slow for `npm test`.)
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';

// An empty cache, read by cache.mjs when harness.mjs first loads it.
process.env.LEASH_REAL_CACHE = mkdtempSync(join(tmpdir(), 'leash-real-empty-'));
process.env.LEASH_REAL_INSTALLS = mkdtempSync(join(tmpdir(), 'leash-real-installs-'));

type Outcome = { outcome: string; detail?: string };
type Run = { tests: Map<string, Outcome> };
const load = (file: string) => import(pathToFileURL(join(__dirname, file)).href);
const run = (entries: Record<string, string>): Run => ({ tests: new Map(Object.entries(entries).map(([name, outcome]) => [name, { outcome }])) });

describe('compare', () => {
  it('counts a test as different only when no run of the build ever agreed with plain', async () => {
    const { compare } = await load('harness.mjs');
    const plain = [run({ a: 'pass', b: 'pass', c: 'pass', d: 'fail' }), run({ a: 'pass', b: 'pass', c: 'pass', d: 'pass' })];
    const bind = [run({ a: 'pass', b: 'fail', c: 'fail' }), run({ a: 'pass', b: 'fail', c: 'pass', d: 'fail' })];
    const result = compare(plain, bind);
    expect(result.differ.map((entry: { name: string }) => entry.name)).toEqual(['b']);
    expect(result.differ[0]).toMatchObject({ plain: ['pass'], mode: ['fail'] });
    expect(result.flaky).toEqual(['c', 'd']);
    expect(result.flakyUnderLeash).toEqual(['c']);
    expect(result).toMatchObject({ total: 4, same: 1 });
  });

  it('reads a rerun of selected tests for those tests only', async () => {
    const { compare } = await load('harness.mjs');
    const rerun = (entries: Record<string, string>) => ({ ...run(entries), only: new Set(Object.keys(entries)) });
    const result = compare([run({ a: 'pass', b: 'pass' }), rerun({ b: 'pass' })], [run({ a: 'pass', b: 'fail' }), rerun({ b: 'pass' })]);
    expect(result).toMatchObject({ total: 2, same: 1, differ: [], flaky: ['b'] });
  });

  it('counts a test the build never reported as absent, which differs', async () => {
    const { compare } = await load('harness.mjs');
    const result = compare([run({ a: 'pass', b: 'skip' })], [run({ a: 'pass' })]);
    expect(result.differ).toMatchObject([{ name: 'b', plain: ['skip'], mode: ['absent'] }]);
  });
});

describe('runner adapters', () => {
  const dir = mkdtempSync(join(tmpdir(), 'leash-real-test-'));

  it('mocha: passes, failures (hooks included) and pending tests, named by file and full title', async () => {
    const { parse } = await load('runners/mocha.mjs');
    const resultFile = join(dir, 'mocha.json');
    const test = (title: string, err = {}) => ({ fullTitle: title, file: join(dir, 'dist', 'a.test.js'), err });
    writeFileSync(resultFile, JSON.stringify({ passes: [test('s ok')], failures: [test('s bad', { message: 'boom' }), test('"after all" hook in "s"', { message: 'hook' })], pending: [test('s later')] }));
    expect(parse({ outRoot: dir, resultFile })).toEqual([
      { name: 'dist/a.test.js > s ok', outcome: 'pass' },
      { name: 'dist/a.test.js > s bad', outcome: 'fail', detail: 'boom' },
      { name: 'dist/a.test.js > "after all" hook in "s"', outcome: 'fail', detail: 'hook' },
      { name: 'dist/a.test.js > s later', outcome: 'skip' },
    ]);
  });

  it('node:test: the reporter names a subtest by its file and enclosing tests, and the parser reads it back', async () => {
    const reporter = (await load('runners/node-test-reporter.mjs')).default;
    const file = join(process.cwd(), 'test', 'a.js');
    const events = [
      { type: 'test:start', data: { file, nesting: 0, name: 'suite' } },
      { type: 'test:start', data: { file, nesting: 1, name: 'inner' } },
      { type: 'test:fail', data: { file, nesting: 1, name: 'inner', details: { error: { cause: { message: 'nope' } } } } },
      { type: 'test:start', data: { file, nesting: 1, name: 'later' } },
      { type: 'test:pass', data: { file, nesting: 1, name: 'later', skip: true } },
      { type: 'test:pass', data: { file, nesting: 0, name: 'suite' } },
    ];
    async function* source() {
      yield* events;
    }
    let text = '';
    for await (const line of reporter(source())) text += line;
    const resultFile = join(dir, 'node-test.jsonl');
    writeFileSync(resultFile, text);
    const { parse } = await load('runners/node-test.mjs');
    expect(parse({ resultFile })).toEqual([
      { name: join('test', 'a.js') + ' > suite > inner', outcome: 'fail', detail: 'nope' },
      { name: join('test', 'a.js') + ' > suite > later', outcome: 'skip' },
      { name: join('test', 'a.js') + ' > suite', outcome: 'pass' },
    ]);
  });

  it('micro-should: one line per test, colours stripped, a failing hook counted against its test', async () => {
    const { parse } = await load('runners/micro-should.mjs');
    const outputFile = join(dir, 'micro-should.log');
    writeFileSync(outputFile, ['110 tests started...', '\x1b[32m✓ chokidar/watch/should emit add\x1b[0m', 'some console output', '\x1b[31m☓ chokidar/watch/should emit change/afterEach\x1b[0m', '☆ chokidar/fsevents (skip)'].join('\n'));
    expect(parse({ outputFile })).toEqual([
      { name: 'chokidar/watch/should emit add', outcome: 'pass' },
      { name: 'chokidar/watch/should emit change', outcome: 'fail' },
      { name: 'chokidar/fsevents', outcome: 'skip' },
    ]);
  });
});

describe('runSuite', () => {
  it('runs a vitest suite from the build folder, reads each outcome, and reruns just the tests named', async () => {
    const { runSuite } = await load('harness.mjs');
    const dir = mkdtempSync(join(tmpdir(), 'leash-real-vitest-'));
    mkdirSync(join(dir, '.leash', 'plain', 'test'), { recursive: true });
    symlinkSync(join(__dirname, '..', '..', 'node_modules'), join(dir, 'node_modules'), 'dir');
    writeFileSync(join(dir, 'package.json'), '{ "type": "module" }\n');
    writeFileSync(
      join(dir, '.leash', 'plain', 'test', 'a.test.js'),
      "import { describe, expect, it } from 'vitest';\n" +
        "describe('queue (x)', () => {\n  it('drains', () => expect(1).toBe(1));\n  it('times out', () => expect(1).toBe(2));\n  it.skipIf(true)('later', () => {}); // a skipped test, for the parser\n});\n",
    );
    const project = { name: 'fixture', test: { runner: 'vitest', files: ['test/a.test.js'] } };
    const all = await runSuite(dir, project, 'plain');
    expect(Object.fromEntries([...all.tests].map(([name, { outcome }]) => [name, outcome]))).toEqual({
      'test/a.test.js > queue (x) drains': 'pass',
      'test/a.test.js > queue (x) times out': 'fail',
      'test/a.test.js > queue (x) later': 'skip',
    });
    expect(all.only).toBeUndefined();
    const again = await runSuite(dir, project, 'plain', 2, ['test/a.test.js > queue (x) times out']);
    expect([...again.only]).toEqual(['test/a.test.js > queue (x) times out']);
    expect(again.tests.get('test/a.test.js > queue (x) times out')).toMatchObject({ outcome: 'fail' });
    expect(again.tests.get('test/a.test.js > queue (x) drains')).toMatchObject({ outcome: 'skip' });
  }, 120_000); // two vitest startups
});

describe('runProject', () => {
  it('reports a project whose commit is not cached as "not run", and formats that line', async () => {
    const { runProject, formatReport, differs } = await load('harness.mjs');
    const project = { name: 'p', repo: 'someone/p', commit: 'a'.repeat(40), test: { runner: 'mocha', files: [] } };
    const report = await runProject(project);
    expect(report.missing).toMatch(/^not run: someone\/p@aaaaaaaaaaaa is not in the real-repository cache .*node test\/real\/cache\.mjs add <its git dir> someone\/p a{40}$/);
    expect(formatReport(report)).toEqual([report.missing]);
    expect(differs(report)).toBe(false);
  });
});

describe('build with typescript 7', () => {
  it("builds plain with TypeScript 7's tsc and a mode with leash build, from a tsconfig that lists no files, and compares only the compiler's output", async () => {
    const { build } = await load('harness.mjs');
    const dir = mkdtempSync(join(tmpdir(), 'leash-real-ts7-'));
    mkdirSync(join(dir, 'src'));
    symlinkSync(join(__dirname, '..', '..', 'node_modules'), join(dir, 'node_modules'), 'dir');
    // No `include`: every file under the project's folder, not under the generated config's.
    writeFileSync(join(dir, 'tsconfig.json'), '{\n  // a comment, as tsconfig files have\n  "compilerOptions": { "target": "es2022", "module": "commonjs", "strict": true, "types": ["node"] }\n}\n');
    writeFileSync(join(dir, 'src', 'later.ts'), 'export function later(run: () => void): void {\n  setTimeout(run, 10);\n}\nexport const wrong: number = "text";\n');
    const project = { name: 'fixture', compilerOptions: { rootDir: 'src', outDir: 'dist' } };
    const plain = await build(dir, project, 'plain', {}, '7');
    const track = await build(dir, project, 'track', {}, '7');
    expect([plain.files, plain.instrumented, track.files, track.instrumented]).toEqual([1, 0, 1, 1]);
    expect(readFileSync(join(dir, '.leash', 'track', 'dist', 'later.js'), 'utf8')).toMatch(/require\("leash\/hooks"\)[^]*\.setTimeout\("[^"]*\/src\/later\.ts:2:3 later", run, 10\)/);
    // The type error is the compiler's, in both builds alike; leash build's summary is left out.
    expect(plain.diagnostics).toMatch(/^src\/later\.ts\(4,14\): error TS2322: Type 'string' is not assignable to type 'number'\.$/);
    expect(track.diagnostics).toBe(plain.diagnostics);
  }, 120_000);
});

describe.each([
  // Each warns of the namespace call on the first line, where leash's prologue goes: same line, other column.
  { host: 'esbuild', warning: /^warning: \.\.\/\.\.\/src\/later\.ts:1: Calling "assert" will crash at run-time/, helpers: 0 },
  // Rolldown adds its CommonJS interop helper as a module of its own (`_virtual/_rolldown/runtime.js`).
  { host: 'rolldown', warning: /^warn: \.\.\/\.\.\/src\/later\.ts:1: \[CANNOT_CALL_NAMESPACE\] Cannot call a namespace/, helpers: 1 },
])('build with $host', ({ host, warning, helpers }) => {
  it("builds every file the tsconfig lists in tsc's layout, plain without leash and a mode with the host's leash plugin, and compares its warnings by file and line", async () => {
    const { build } = await load('harness.mjs');
    const dir = mkdtempSync(join(tmpdir(), `leash-real-${host}-`));
    mkdirSync(join(dir, 'src', 'deep'), { recursive: true });
    // What a project that depends on leash has: leash, and the types it builds with.
    mkdirSync(join(dir, 'node_modules'));
    symlinkSync(join(__dirname, '..', '..'), join(dir, 'node_modules', 'leash'), 'dir');
    symlinkSync(join(__dirname, '..', '..', 'node_modules', '@types'), join(dir, 'node_modules', '@types'), 'dir');
    writeFileSync(join(dir, 'tsconfig.json'), '{ "compilerOptions": { "target": "es2022", "module": "commonjs", "strict": true, "types": ["node"] }, "include": ["src"] }\n');
    writeFileSync(join(dir, 'src', 'later.ts'), 'import * as assert from "node:assert"; assert(true);\nexport function later(run: () => void): void {\n  setTimeout(run, 10);\n}\n');
    writeFileSync(join(dir, 'src', 'deep', 'plain.ts'), 'export const two = 1 + 1;\n');
    const project = { name: 'fixture', compilerOptions: { rootDir: 'src', outDir: 'dist' } };
    const plain = await build(dir, project, 'plain', {}, undefined, host);
    const track = await build(dir, project, 'track', {}, undefined, host);
    expect([plain.files, plain.instrumented, track.files, track.instrumented]).toEqual([2 + helpers, 0, 2 + helpers, 1]);
    const output = readFileSync(join(dir, '.leash', 'track', 'dist', 'later.js'), 'utf8');
    expect(output).toMatch(/require\("leash\/hooks"\)[^]*\.setTimeout\("[^"]*\/src\/later\.ts:3:3 later", run, 10\)/);
    expect(readFileSync(join(dir, '.leash', 'track', 'dist', 'deep', 'plain.js'), 'utf8')).toMatch(/two = (1 \+ 1|2)/);
    expect(plain.diagnostics).toMatch(warning);
    expect(track.diagnostics).toBe(plain.diagnostics);
  }, 120_000);
});

describe('node-host.mjs (npm run test:real-node)', () => {
  const script = join(__dirname, 'node-host.mjs');
  const node = (args: readonly string[]) => spawnSync(process.execPath, [script, ...args], { encoding: 'utf8', env: { ...process.env, LEASH_REAL_CACHE: process.env.LEASH_REAL_CACHE } });

  it('says "not run" for a project that is not cached, and passes nothing', () => {
    const out = node(['--quiet']);
    expect(out.stdout).toMatch(/^not run: (remix-run\/remix@40511761606d is not in the real-repository cache|remix: Node 24 .* is missing)/m);
    expect(out.stdout).not.toMatch(/same as plain/);
    expect(out.stdout).toMatch(/^total: no differences, 1 of 1 project\(s\) not run,/m);
    expect(out.status).toBe(0);
  });

  it('refuses a mode it does not have, an unknown suite and a TypeScript it does not know, with exit 2', () => {
    for (const args of [['--modes', 'plain'], ['no-such-package'], ['--typescript', '5']]) {
      const out = node(args);
      expect(out.stderr).toMatch(/^test\/real\/node-host: (unknown mode "plain"|unknown suite "no-such-package"|--typescript expects 6 or 7, got "5")/);
      expect(out.status).toBe(2);
    }
  });
});

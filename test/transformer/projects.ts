/**
 * Builds the fixture projects under test/transformer/fixtures/ with the real `tsc`/`tspc` in a
 * temporary folder: the project's sources, a generated package.json and tsconfig.json, and a
 * `node_modules/leash` link to this repository (its `dist/` is built by `pretest`).
 */
import { execFile } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'vitest';
import { REPO, type TsVersion } from './harness';

export const PROJECTS = join(REPO, 'test/transformer/fixtures');

const BIN: Record<TsVersion, string> = {
  ts6: join(REPO, 'node_modules/.bin'),
  ts59: join(REPO, 'test/compat/ts59/node_modules/.bin'),
};

export interface Layout {
  /** `nodenext` with the package type, or `commonjs`. */
  readonly module: 'nodenext' | 'commonjs';
  readonly type: 'module' | 'commonjs';
}

export const LAYOUTS: readonly Layout[] = [
  { module: 'nodenext', type: 'module' },
  { module: 'nodenext', type: 'commonjs' },
  { module: 'commonjs', type: 'commonjs' },
];

export interface ProjectSpec extends Layout {
  /** Folder under test/transformer/fixtures/ with a `src/`. */
  readonly project: string;
  readonly ts: TsVersion;
  /** Plugin options; `undefined` builds plain with `tsc`. */
  readonly leash: Record<string, unknown> | undefined;
}

/** What the runtime project's main.js prints, built by any host in any layout (exec tests). */
export const RUNTIME_EXPECTED = {
  sites: [
    'interval src/work.ts:8:3 startTimers',
    'listener src/work.ts:12:11 listen',
    'listener src/work.ts:13:10 listen',
    'task src/work.ts:21:3 detached',
    'timeout src/work.ts:17:34 slow',
    'timeout src/work.ts:7:3 startTimers',
  ],
  // leash's own API called from anonymous functions (apis.ts): the caller's line, and the name
  // each function takes from where it stands.
  apiSites: [
    'task src/apis.ts:11:22 settle',
    'task src/apis.ts:14:17 onTick',
    'task src/apis.ts:20:11 Jobs.run',
    "task src/apis.ts:28:30 handler in routes.get('/map')",
    "task src/apis.ts:32:35 handler in routes.get('/deadline')",
    "task src/apis.ts:34:14 handler in routes.get('/cancel')",
    "timeout src/apis.ts:36:30 handler in routes.get('/nap')",
  ],
  log: [],
  emitterListeners: 0,
  serverSawClientGo: true,
  liveInScope: ['task'],
  // The injected signal aborted the fetch, which rejected with the scope's reason.
  fetchOutcome: 'AbortError: [leash] scope canceled',
  // A function's own signal goes to a call that accepts one inside a scope; outside any, nothing does.
  ownSignal: { root: 'none', scope: 'its own' },
};

export interface Built {
  readonly dir: string;
  /** Runs out/<entry> with node (`nodeArgs` before it, e.g. --enable-source-maps); its stdout. */
  run(entry: string, nodeArgs?: readonly string[]): Promise<string>;
}

export function run(file: string, args: readonly string[], cwd: string): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(file, args, { cwd, timeout: 90_000, maxBuffer: 16 * 1024 * 1024 }, (error, stdout, stderr) => {
      if (error) reject(new Error(`${file} ${args.join(' ')} failed in ${cwd}:\n${stdout}\n${stderr}`));
      else resolve(stdout);
    });
  });
}

/** Copies a fixture project into `root/<index>-<project>` with its package.json, tsconfig.json and a `node_modules/leash` link. */
export function prepare(root: string, index: number, spec: ProjectSpec): string {
  const dir = join(root, `${index}-${spec.project}`);
  cpSync(join(PROJECTS, spec.project, 'src'), join(dir, 'src'), { recursive: true });
  mkdirSync(join(dir, 'node_modules'));
  symlinkSync(REPO, join(dir, 'node_modules/leash'), 'dir');
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: `fixture-${spec.project}`, private: true, type: spec.type }));
  const compilerOptions = {
    target: 'es2022',
    module: spec.module,
    outDir: 'out',
    rootDir: 'src',
    strict: true,
    skipLibCheck: true,
    sourceMap: true,
    types: ['node'],
    typeRoots: [join(REPO, 'node_modules/@types')],
    plugins: spec.leash === undefined ? [] : [{ transform: 'leash/transformer', ...spec.leash }],
  };
  writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify({ compilerOptions, include: ['src'] }, null, 2));
  return dir;
}

/**
 * Builds every project, each in its own folder under one temporary root: one `tsc -b` / `tspc -b`
 * process per TypeScript version and compiler (build mode compiles several projects in one
 * process, which saves the compiler's start-up per project). Returns the builds in `specs` order
 * and a function that removes them.
 */
export async function buildAll(specs: readonly ProjectSpec[]): Promise<{ builds: Built[]; remove: () => void }> {
  const root = mkdtempSync(join(tmpdir(), 'leash-projects-'));
  const dirs = specs.map((spec, i) => prepare(root, i, spec));
  const groups = new Map<string, string[]>();
  specs.forEach((spec, i) => {
    const compiler = join(BIN[spec.ts], spec.leash === undefined ? 'tsc' : 'tspc');
    if (!existsSync(compiler)) throw new Error(`${compiler} is missing: run npm ci (and node test/compat/install.mjs for TypeScript 5.9)`);
    groups.set(compiler, [...(groups.get(compiler) ?? []), dirs[i] as string]);
  });
  const remove = (): void => rmSync(root, { recursive: true, force: true });
  try {
    await Promise.all([...groups].map(([compiler, projects]) => run(process.execPath, [compiler, '-b', ...projects], root)));
  } catch (error) {
    remove();
    throw error;
  }
  const builds = dirs.map((dir) => ({ dir, run: (entry: string, nodeArgs: readonly string[] = []) => run(process.execPath, [...nodeArgs, join(dir, 'out', entry)], dir) }));
  return { builds, remove };
}

/** What the stack project (fixtures/stack) prints: the frames of two errors and the registry's sites. */
export interface StackOutput {
  readonly inTimer: string[];
  readonly rejected: string[];
  readonly sites: string[];
}

/** `path:line:col` (1-based) of the first occurrence of `text` in a fixture project's source file. */
export function position(file: string, text: string, project = 'stack'): string {
  const source = readFileSync(join(PROJECTS, project, file), 'utf8');
  const at = source.indexOf(text);
  if (at < 0) throw new Error(`${text} not in ${file}`);
  const before = source.slice(0, at).split('\n');
  return `${file}:${before.length}:${(before.at(-1) as string).length + 1}`;
}

/** The stack project's output from any host: every frame and registry site names the original .ts line and column. */
export function expectOriginalPositions(out: StackOutput): void {
  const where = (frames: string[]): string[] => frames.map((frame) => frame.split(' ').pop() as string);
  // thrown in boom, called by capture, called by the callback of an instrumented setTimeout
  expect(where(out.inTimer)).toEqual([position('src/main.ts', "new Error('boom')"), position('src/main.ts', 'boom();'), position('src/main.ts', 'capture())')]);
  // thrown in an async function that an instrumented call site spawned
  expect(where(out.rejected).slice(0, 2)).toEqual([position('src/main.ts', "new Error('async boom')"), position('src/main.ts', 'fail();')]);
  expect(out.rejected).toContain(`detach ${position('src/main.ts', 'fail();')}`);
  expect(out.sites).toEqual([`interval ${position('src/main.ts', 'setInterval(')}`, `task ${position('src/main.ts', 'fail();')}`]);
}

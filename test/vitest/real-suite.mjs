#!/usr/bin/env node
/**
 * Real projects' vitest suites, plain and with leash/vitest on (`npm run test:real-vitest`):
 * every test that passes plain must still pass, or fail only with a leak report that names a
 * line of the project, and vitest must catch no more errors outside the tests (unhandled
 * rejections, which fail the run) than plain. Prints each test's outcome in both runs, each
 * leak report, and the wall times (the overhead row of the README). A project missing from the real-repository cache
 * prints "not run: ..." and the run exits 2; a test that broke without a leak report exits 1, and
 * so does leash/vitest saying "no instrumented code has run": leash is set up as the README says
 * and plans every module here, so that would be false.
 *
 *   node test/vitest/real-suite.mjs [project ...] [--runs 3] [--vitest 4|5] [--coverage] [--json]
 *
 * `--coverage` also runs both with vitest's v8 coverage and compares, file by file, the
 * statements, functions and branches counted and covered: leash's rewrites must not change them.
 *
 * `--vitest 5` runs the suites on vitest 5 (Vite 8) from test/compat/vitest5: on Node >= 22.12
 * (`PATH=<folder of test/compat/node24's node>:$PATH`).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs, stripVTControlCharacters } from 'node:util';
import { compatModules } from '../compat/paths.mjs';
import { checkout } from '../real/cache.mjs';

const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

/**
 * Pinned projects, run in this order. `install`: the test-only packages their suite imports
 * (versions from the project's own lockfile), installed without touching its package.json.
 * `skip`: tests left out, each with why (vitest's test-name filter, so they never start).
 * `config`: the project's own vitest config, which both runs extend (leash's plugin added to it).
 * `testOptions`: more of vitest's `test` options, in both runs (source text of an object's members).
 * A package of a monorepo: `root`, its folder, where vitest runs; `links`, the workspace packages
 * its tests import, linked into its node_modules as a workspace links them (their `workspace:`
 * entries are left out of the install: npm cannot resolve them); `paths`, the parts of the
 * repository the real-repository cache holds (`node test/real/cache.mjs add ... <path ...>`).
 * `installDevDependencies: false`: the package's own devDependencies (its build, lint and release
 * tools) are left out of the install; `install` lists what its tests need.
 */
export const PROJECTS = [
  /** A debounce library whose suite runs concurrent tests on real timers. */
  { name: 'perfect-debounce', repo: 'unjs/perfect-debounce', commit: '301fccee4e896997be7e9dfeef03369ecf4a34d5', install: ['in-range@3.0.0', 'time-span@5.1.0'], include: 'test/**/*.test.ts' },
  /** Awaitable hooks: sync and async callers, a debugger that patches console, a bundle-size check. */
  { name: 'hookable', repo: 'unjs/hookable', commit: 'b77477c027039362ee0ec4f39b8998c4f1b21707', install: ['esbuild@0.28.0', 'expect-type@1.3.0'], include: 'test/**/*.test.ts' },
  /** A fetch client tested against an h3 server on loopback: fetch, AbortSignal, timeouts, retries. */
  {
    name: 'ofetch',
    repo: 'unjs/ofetch',
    commit: 'dfbe3ca4ef8a22fc023fca5a5ef530e525f5e523',
    install: ['h3@2.0.1-rc.5'],
    include: 'test/**/*.test.ts',
    skip: [{ test: 'default fetch options', why: 'fetches jsonplaceholder.typicode.com: not loopback' }],
  },
  /**
   * URL utilities: pure functions, 14 test files in which leash has nothing to rewrite. Every
   * module is planned and left as it was, so "no instrumented code has run" here would be false.
   */
  { name: 'ufo', repo: 'unjs/ufo', commit: '11308c0bb5cb4a4bc3bfcbdc5c03177b097423e6', install: [], include: 'test/**/*.test.ts' },
  /**
   * Small utilities, tests beside the sources: promises made controllable from outside
   * (`createControlledPromise`, `createPromiseLock` holding the promises it was handed),
   * `sleep`, singleton promises reset by hand, p-limit'd `p()` chains, throttle and debounce.
   */
  { name: 'antfu-utils', repo: 'antfu/utils', commit: '91f8cf73bebddae8f7ebcac82e47c9bcba9805e2', install: ['p-limit@7.1.1', 'throttle-debounce@5.0.0'], include: 'src/**/*.test.ts' },
  /**
   * Async context (AsyncLocalStorage, and its own transform of `await` in async.test.ts): its
   * own vitest config, with its own Vite plugin, runs beside leash's.
   */
  { name: 'unctx', repo: 'unjs/unctx', commit: '6586739a70bd43a67437f72f00c186dd762b5125', install: [], include: 'test/**/*.test.ts', config: 'vitest.config.mjs' },
  /**
   * A cron scheduler on real timers: a heartbeat `setTimeout` per task, an `EventEmitter` per task
   * that the task listens to from its constructor and never unsubscribes, promises raced against
   * timeouts, tasks in forked child processes. Its own config (globals, 15 s test timeout).
   */
  { name: 'node-cron', repo: 'node-cron/node-cron', commit: '636b3f3c036617efff62d268330c121597366145', install: [], include: 'src/**/*.test.ts', config: 'vitest.config.ts' },
  /**
   * A benchmarking library: async tasks on real timers, an AbortSignal per bench and per task,
   * EventTarget events for every phase. Its own config (a 10 s test timeout).
   */
  { name: 'tinybench', repo: 'tinylibs/tinybench', commit: '52fb2be9a3e96814737283717f164aaea09d78b3', install: [], include: 'test/**/*.test.ts', config: 'vitest.config.ts' },
  /**
   * Cron schedules on timers, tested under vitest's fake timers installed at the top of a file,
   * cleared between tests with vi.clearAllTimers(), which calls no clearTimeout.
   */
  { name: 'cron-schedule', repo: 'P4sca1/cron-schedule', commit: 'fdbaefaff3d15c8ceb417274b490a02097772a60', install: [], include: 'test/**/*.test.ts', config: 'vitest.config.ts' },
  /**
   * TanStack Query's core, one package of its pnpm monorepo: query and mutation caches with
   * garbage-collection timers (through its own `timeoutManager`), retries with `sleep` and an
   * `AbortSignal` per fetch (abort listeners added as the signal is read), focus and online
   * managers listening on `window`, in jsdom, mostly under vitest's fake timers. Its tests import
   * `@tanstack/query-test-utils`, a workspace package beside it that does not depend on leash:
   * leash leaves that package's modules as written and says so once.
   */
  {
    name: 'query-core',
    repo: 'TanStack/query',
    commit: '40321a0b1b3bdd0afa11f0e439642ab84cdf6afe',
    paths: ['packages/query-core', 'packages/query-test-utils', 'tsconfig.json'],
    root: 'packages/query-core',
    links: { '@tanstack/query-test-utils': 'packages/query-test-utils' },
    install: ['jsdom@27.4.0'],
    include: '**/*.test.{ts,tsx}',
    config: 'vite.config.ts',
    // Its config turns on type tests (tsc over *.test-d.ts) and, under CI, istanbul coverage: neither is what is compared here.
    testOptions: 'typecheck: { enabled: false }, coverage: { enabled: false, provider: "v8" }',
  },
  /**
   * React hooks in jsdom: timers started on `window` (useThrottle, useWindowSize), listeners on
   * window and on media queries, fetch mocked by msw, vitest's fake timers. Its own config
   * (jsdom, globals, a setup file); jsdom is the project's own, which vitest imports from where
   * it is installed.
   */
  {
    name: 'gilbarbara-hooks',
    repo: 'gilbarbara/hooks',
    commit: '0359b167dde830ab755e6b356274c9918eea6436',
    install: ['@gilbarbara/deep-equal@0.3.1', '@testing-library/dom@10.4.0', '@testing-library/jest-dom@6.6.3', '@testing-library/react@16.2.0', 'jest-extended@4.0.2', 'jsdom@26.0.0', 'jsdom-testing-mocks@1.13.1', 'msw@2.7.0', 'react@19.0.0', 'react-dom@19.0.0'],
    include: 'test/**/*.spec.{ts,tsx}',
    config: 'vitest.config.mts',
  },
  /**
   * Redux Toolkit, the package of its yarn monorepo: the listener middleware (an AbortController
   * per running effect, `fork`ed child tasks cancelled with their parent, `take`/`condition`
   * racing the store against a timeout and the signal, `delay`), `createAsyncThunk` (an
   * AbortSignal per thunk, aborts raced against the payload creator), and RTK Query's core
   * (polling intervals, cache-lifetime timers, request deduplication, msw on node-fetch), and its
   * React hooks. Its own config (jsdom, globals, an msw setup file). Its devDependencies (its
   * build, lint and size tools) are not installed: what its tests import is listed here.
   */
  {
    name: 'redux-toolkit',
    repo: 'reduxjs/redux-toolkit',
    commit: '74200d87c27ca2b1c0915b2fbb4c44dd7494c2aa',
    paths: ['packages/toolkit'],
    root: 'packages/toolkit',
    installDevDependencies: false,
    install: ['jsdom@25.0.1', 'msw@2.1.5', 'node-fetch@3.3.2', 'vite-tsconfig-paths@4.3.2', 'react@19.2.4', 'react-dom@19.2.4', 'react-redux@9.2.0', '@testing-library/react@16.3.2', '@testing-library/dom@10.4.1', '@testing-library/user-event@14.6.1', 'query-string@7.1.3', 'axios@0.19.2', 'valibot@1.3.1'],
    include: 'src/**/*.test.{ts,tsx}',
    config: 'vitest.config.mts',
  },
  /**
   * XState's core, the package of its pnpm monorepo: state machines whose delayed transitions
   * are timers of the actor system's scheduler, promise actors with an AbortSignal each,
   * callback and observable actors (rxjs) that are stopped with their parent, `waitFor` and
   * `toPromise` racing a snapshot against a timeout, on real and fake timers. Its own config.
   */
  {
    name: 'xstate',
    repo: 'statelyai/xstate',
    commit: 'b1811bf77bc2d1a74367328cec7907aa185b70df',
    paths: ['packages/core', 'tsconfig.json'],
    root: 'packages/core',
    install: ['happy-dom@17.6.3'],
    include: 'test/**/*.test.ts',
    config: 'vitest.config.mts',
  },
];

/** vitest 4.1 is this repository's own; vitest 5 (with Vite 8, Node >= 22.12) the one test/compat/vitest5 installs. */
const VITEST = { 4: join(REPO, 'node_modules/vitest'), 5: join(compatModules('vitest5'), 'vitest') };

/** vitest's v8 coverage provider, of the same version as `vitest` (a folder beside it), for `--coverage`. */
function coverageProvider(vitest) {
  return join(dirname(vitest), '@vitest/coverage-v8');
}

/**
 * Installs leash into `dir` as npm would (its built files and package.json), links typescript and
 * @types from this repository, and installs vitest (`vitest`: its folder) as npm would nest it: a
 * copy of the package whose own dependencies are linked under its node_modules. vitest imports
 * the test environment (`jsdom`, `happy-dom`) from where it is installed, so a linked vitest would
 * look in this repository and never find the project's own jsdom.
 */
export function installLeash(dir, vitest = VITEST[4]) {
  const modules = join(dir, 'node_modules');
  const leash = join(modules, 'leash');
  mkdirSync(leash, { recursive: true });
  cpSync(join(REPO, 'dist'), join(leash, 'dist'), { recursive: true });
  cpSync(join(REPO, 'package.json'), join(leash, 'package.json'));
  cpSync(join(REPO, 'vitest/setup.mts'), join(leash, 'vitest/setup.mts'));
  const { dependencies = {} } = JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8'));
  const links = new Set([...Object.keys(dependencies).map((name) => name.split('/')[0]), '@types', 'typescript']);
  for (const name of links) {
    linkFolder(join(REPO, 'node_modules', name), join(modules, name));
  }
  installNested(vitest, join(modules, 'vitest'));
  hoistVite(dir, vitest);
  return installPeers(dir, vitest);
}

/**
 * vitest 4's `vite`, a dependency of vitest, linked at the top of node_modules when nothing else
 * is there, as npm hoists it: a Vite plugin the project's config imports (vite-tsconfig-paths)
 * imports `vite` from there. (vitest 5's is a peer: `installPeers`.)
 */
function hoistVite(dir, vitest) {
  const { dependencies = {} } = JSON.parse(readFileSync(join(vitest, 'package.json'), 'utf8'));
  const top = join(dir, 'node_modules', 'vite');
  if ('vite' in dependencies && !existsSync(join(top, 'package.json'))) linkFolder(dependencyFolder(vitest, 'vite'), top);
}

/**
 * What npm does for vitest's required peer dependencies that are not also its dependencies
 * (vitest 5's `vite`): a peer the project lists itself stays the project's; any other is installed
 * at the top of node_modules, here linked from where vitest was installed (vitest 5: test/compat's
 * Vite 8), in place of a version another package brought in. Returns `{ name: 'version (whose)' }`,
 * so the run says which Vite it ran on.
 */
function installPeers(dir, vitest) {
  const own = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
  const listed = { ...own.dependencies, ...own.devDependencies, ...own.optionalDependencies };
  const { dependencies = {}, peerDependencies = {}, peerDependenciesMeta = {} } = JSON.parse(readFileSync(join(vitest, 'package.json'), 'utf8'));
  const used = {};
  for (const name of Object.keys(peerDependencies)) {
    if (peerDependenciesMeta[name]?.optional || name in dependencies) continue;
    const link = join(dir, 'node_modules', name);
    if (!(name in listed)) linkFolder(dependencyFolder(vitest, name), link);
    const version = existsSync(join(link, 'package.json')) ? JSON.parse(readFileSync(join(link, 'package.json'), 'utf8')).version : 'missing';
    used[name] = `${version} (${name in listed ? "the project's own" : "vitest's peer, as npm installs it"})`;
  }
  return used;
}

/** Copies the package at `from` to `to` and links each of its dependencies, found from `from` as Node would, into `to`/node_modules. */
function installNested(from, to) {
  rmSync(to, { recursive: true, force: true });
  cpSync(from, to, { recursive: true, filter: (source) => source !== join(from, 'node_modules') });
  const { dependencies = {} } = JSON.parse(readFileSync(join(from, 'package.json'), 'utf8'));
  for (const name of Object.keys(dependencies)) {
    linkFolder(dependencyFolder(from, name), join(to, 'node_modules', name));
  }
}

/** Links `target` at `link`, in place of whatever was there (a package npm installed, an older link). */
function linkFolder(target, link) {
  rmSync(link, { recursive: true, force: true });
  mkdirSync(dirname(link), { recursive: true });
  symlinkSync(target, link, 'dir');
}

/** The folder Node finds package `name` in when resolving from the package at `from`: its own node_modules, then each parent's. */
function dependencyFolder(from, name) {
  for (let dir = realpathSync(from); ; dir = dirname(dir)) {
    const candidate = join(dir, 'node_modules', name);
    if (existsSync(join(candidate, 'package.json'))) return candidate;
    if (dirname(dir) === dir) throw new Error(`${name}, a dependency of ${from}, is not installed`);
  }
}

/** The suite's own test dependencies, leash, and the two configs. */
export function prepare(project, dir, vitest = VITEST[4], coverage = false) {
  if (project.links !== undefined || project.installDevDependencies === false) {
    const file = join(dir, 'package.json');
    const own = JSON.parse(readFileSync(file, 'utf8'));
    if (project.installDevDependencies === false) delete own.devDependencies;
    for (const field of ['dependencies', 'devDependencies']) {
      for (const [name, spec] of Object.entries(own[field] ?? {})) if (String(spec).startsWith('workspace:')) delete own[field][name];
    }
    writeFileSync(file, JSON.stringify(own, null, 2));
  }
  execFileSync('npm', ['install', '--no-save', '--no-package-lock', '--no-audit', '--no-fund', '--ignore-scripts', '--loglevel=error', ...project.install], { cwd: dir, stdio: 'inherit' });
  // After the install, which would prune them as extraneous.
  for (const [name, folder] of Object.entries(project.links ?? {})) linkFolder(join(dir, relative(project.root ?? '.', folder)), join(dir, 'node_modules', name));
  const peers = installLeash(dir, vitest);
  // The provider of vitest's own version (a project's own is for its own vitest), as npm would nest it.
  if (coverage) installNested(coverageProvider(vitest), join(dir, 'node_modules/@vitest/coverage-v8'));
  const test = `{ ${project.testOptions === undefined ? '' : `${project.testOptions}, `}include: [${JSON.stringify(project.include)}]${skipPattern(project)} }`;
  // With the project's own config, both runs extend it.
  const base = project.config === undefined ? '' : `import { mergeConfig } from "vitest/config";\nimport base from ${JSON.stringify(`./${project.config}`)};\n`;
  const config = (imports, body) => `${base}${imports}export default ${project.config === undefined ? body : `mergeConfig(base, ${body})`};\n`;
  writeFileSync(join(dir, 'vitest.plain.config.mjs'), config('', `{ test: ${test} }`));
  writeFileSync(join(dir, 'vitest.leash.config.mjs'), config('import leash from "leash/vitest";\n', `{ plugins: [leash()], test: ${test} }`));
  return peers;
}

/** `, testNamePattern: /^(?!.*(?:a|b)$)/` when the project skips tests by name, else nothing. */
function skipPattern(project) {
  if (!project.skip?.length) return '';
  const names = project.skip.map(({ test }) => test.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&'));
  return `, testNamePattern: /^(?!.*(?:${names.join('|')})$)/`;
}

/** A test's status over the runs: `passed` when every run agrees, else each status with its count (`passed 2/3, failed 1/3`). */
function outcomes(list) {
  const counts = new Map();
  for (const { status } of list) counts.set(status, (counts.get(status) ?? 0) + 1);
  return counts.size === 1 ? list[0].status : [...counts].map(([status, count]) => `${status} ${count}/${list.length}`).join(', ');
}

/** leash/vitest's report, of a test ("this test left") or of a file's beforeAll/afterAll hooks. */
const LEAK_REPORT = /\[leash\] .+ left \d+ resources? alive:/;

/** How leash's "never looked" message starts, in the worker's every form of it. */
const NOT_INSTRUMENTED = 'leash: no instrumented code has run';

/** The leak report of a failure message: its header, one line per resource, and the fix. */
function reportOf(message) {
  const lines = message.split('\n');
  const start = lines.findIndex((line) => LEAK_REPORT.test(line));
  const end = lines.findIndex((line, i) => i > start && line.startsWith('Clear them'));
  return lines.slice(start, end < 0 ? lines.length : end + 1).join('\n');
}

export function runSuite(dir, config, coverage = false) {
  const out = join(dir, `report-${config}.json`);
  const coverageDir = join(dir, `coverage-${config}`);
  const coverageArgs = coverage ? ['--coverage.enabled', '--coverage.provider=v8', '--coverage.reporter=json', '--coverage.reportOnFailure', `--coverage.reportsDirectory=${coverageDir}`] : [];
  const started = process.hrtime.bigint();
  // Failing tests exit 1; the report says which. The default reporter too: the JSON one prints
  // no console output of the tests, where leash/vitest's setup says "no instrumented code has run".
  const { stdout, stderr, status, signal } = spawnSync(process.execPath, [join(dir, 'node_modules/vitest/vitest.mjs'), 'run', '--config', `vitest.${config}.config.mjs`, '--reporter=default', '--reporter=json', `--outputFile.json=${out}`, ...coverageArgs], { cwd: dir, encoding: 'utf8', maxBuffer: 1 << 28, env: { ...process.env, LEASH_MODE: '', CI: '1' } });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  if (!existsSync(out)) {
    const lines = `${stdout}${stderr}`.trim().split('\n');
    const first = lines.findIndex((line) => /Error\b/.test(line));
    const said = (first < 0 ? lines.slice(-20) : lines.slice(first, first + 20)).join('\n');
    throw new Error(`vitest wrote no report for the ${config} run (exit ${status ?? signal}); it printed:\n${said}`);
  }
  const report = JSON.parse(readFileSync(out, 'utf8'));
  const tests = new Map();
  for (const file of report.testResults) {
    for (const test of file.assertionResults) tests.set(`${relative(dir, file.name)} > ${test.fullName}`, { status: test.status, message: test.failureMessages.join('\n') });
    // A file-level failure (a leaking beforeAll, an import error) has no test of its own.
    if (file.status === 'failed' && file.message) tests.set(`${relative(dir, file.name)} (file)`, { status: 'failed', message: file.message });
  }
  // Errors vitest caught outside any test (an unhandled rejection): the run fails on them, whatever the tests did.
  const unhandled = Number(/Errors\s+(\d+) errors?/.exec(stripVTControlCharacters(`${stdout}${stderr}`))?.[1] ?? 0);
  // leash/vitest's own warning when nothing it checks was instrumented: then "passed" proves nothing.
  // Matched by its first words, which both forms share (runtime/config.ts, `notInstrumented`).
  return { seconds, tests, unhandled, notInstrumented: `${stdout}${stderr}`.includes(NOT_INSTRUMENTED), coverage: coverage ? coverageCounts(dir, coverageDir) : undefined };
}

/**
 * Per source file, `statements`, `functions` and `branches` as `covered/counted`, from vitest's
 * coverage-final.json (istanbul's format: `s`, `f` and `b` hold each one's hit counts).
 */
function coverageCounts(dir, coverageDir) {
  const file = join(coverageDir, 'coverage-final.json');
  if (!existsSync(file)) throw new Error(`vitest wrote no coverage report (${relative(dir, file)})`);
  const counts = new Map();
  const ratio = (hits) => `${hits.filter((hit) => hit > 0).length}/${hits.length}`;
  for (const [path, data] of Object.entries(JSON.parse(readFileSync(file, 'utf8')))) {
    counts.set(relative(dir, path), { statements: ratio(Object.values(data.s)), functions: ratio(Object.values(data.f)), branches: ratio(Object.values(data.b).flat()) });
  }
  return counts;
}

/**
 * The files whose coverage with leash is none of the plain runs' (a count a flaky path moves
 * between plain runs is no difference): `file: functions 5/6 plain, 6/7 with leash`.
 */
function coverageDifferences(plain, leash) {
  const differences = [];
  const files = new Set([...plain, ...leash].flatMap((run) => [...run.coverage.keys()]));
  for (const file of [...files].sort()) {
    for (const metric of ['statements', 'functions', 'branches']) {
      const before = new Set(plain.map((run) => run.coverage.get(file)?.[metric] ?? 'absent'));
      const after = [...new Set(leash.map((run) => run.coverage.get(file)?.[metric] ?? 'absent'))].filter((value) => !before.has(value));
      if (after.length > 0) differences.push(`${file}: ${metric} ${[...before].join(' or ')} plain, ${after.join(' or ')} with leash`);
    }
  }
  return { files: files.size, differences };
}

/** One project, plain and with leash, `runs` times each, interleaved: its result, or `{ missing }`. */
export function runProject(project, runs, vitest = VITEST[4], coverage = false) {
  const { dir: tree, missing } = checkout(project.repo, project.commit);
  if (missing !== undefined) return { project: `${project.repo}@${project.commit}`, missing: project.paths === undefined ? missing : `${missing} ${project.paths.join(' ')}` };
  const dir = join(tree, project.root ?? '.');
  try {
    const peers = prepare(project, dir, vitest, coverage);
    const plain = [];
    const leash = [];
    for (let i = 0; i < runs; i++) {
      // Interleaved, so load on the machine hits both alike.
      plain.push(runSuite(dir, 'plain', coverage));
      leash.push(runSuite(dir, 'leash', coverage));
    }
    const median = (list) => list.map((run) => run.seconds).sort((a, b) => a - b)[Math.floor(list.length / 2)];
    const rows = [];
    let broken = 0;
    const names = new Set([...plain, ...leash].flatMap((run) => [...run.tests.keys()]));
    for (const name of names) {
      const before = plain.map((run) => run.tests.get(name) ?? { status: 'absent', message: '' });
      const after = leash.map((run) => run.tests.get(name) ?? { status: 'absent', message: '' });
      const isLeak = (outcome) => outcome.status === 'failed' && LEAK_REPORT.test(outcome.message);
      // Broke: passed (or was absent, as a file's own row) in every plain run, and some leash run did not pass without a leak report.
      const brokeIn = after.find((outcome) => outcome.status !== 'passed' && !isLeak(outcome));
      if (before.every((outcome) => outcome.status === 'passed' || outcome.status === 'absent') && brokeIn !== undefined) broken++;
      const leak = after.find(isLeak);
      const skipped = project.skip?.find(({ test }) => name.endsWith(` ${test}`));
      rows.push({ name, plain: outcomes(before), leash: outcomes(after), leak: leak ? reportOf(leak.message) : undefined, why: skipped?.why, failure: brokeIn?.status === 'failed' ? brokeIn.message.split('\n')[0] : undefined });
    }
    // More errors outside the tests with leash than in any plain run: vitest fails the run where plain passed it.
    const unhandled = { plain: Math.max(...plain.map((run) => run.unhandled)), leash: Math.max(...leash.map((run) => run.unhandled)) };
    if (unhandled.leash > unhandled.plain) broken++;
    return { project: `${project.repo}@${project.commit}`, tests: rows.length, broken, unhandled, notInstrumented: leash.some((run) => run.notInstrumented), plainSeconds: median(plain), leashSeconds: median(leash), ratio: median(leash) / median(plain), runs, peers, rows, coverage: coverage ? coverageDifferences(plain, leash) : undefined };
  } catch (error) {
    // A run vitest could not finish (it crashed, or failed to load the config): nothing to compare.
    return { project: `${project.repo}@${project.commit}`, error: error.message };
  } finally {
    rmSync(tree, { recursive: true, force: true });
  }
}

function print(result) {
  if (result.missing) return console.log(result.missing);
  if (result.error) return console.log(`${result.project}: not compared: ${result.error.replace(/\n/g, '\n    ')}`);
  const { rows, runs } = result;
  console.log(`${result.project}: ${rows.length} tests, plain ${result.plainSeconds.toFixed(2)} s, leash/vitest ${result.leashSeconds.toFixed(2)} s (${result.ratio.toFixed(2)}x, median of ${runs})${Object.entries(result.peers).map(([name, version]) => `; ${name} ${version}`).join('')}`);
  for (const row of rows) {
    const detail = row.leak ?? row.failure ?? (row.why && `skipped: ${row.why}`);
    console.log(`  ${row.plain.padEnd(7)} ${row.leash.padEnd(7)} ${row.name}${detail ? `\n${detail.replace(/^/gm, '      ')}` : ''}`);
  }
  if (result.unhandled.leash > result.unhandled.plain) console.log(`  errors outside the tests (unhandled rejections): ${result.unhandled.leash} with leash/vitest, ${result.unhandled.plain} plain; vitest fails the run for them (counted as one broken test)`);
  if (result.notInstrumented) console.log('  FALSE: leash/vitest said no instrumented code has run, though it planned every module of this project (see the plugin warnings)');
  if (result.coverage !== undefined) {
    const { files, differences } = result.coverage;
    console.log(differences.length === 0 ? `coverage (v8): ${files} files, every count as plain` : `coverage (v8): ${files} files, ${differences.length} counts differ from plain:\n${differences.map((line) => `  ${line}`).join('\n')}`);
  }
  console.log(result.broken === 0 ? 'every test that passed plain passes with leash/vitest or fails only with a leak report' : `${result.broken} tests broke without a leak report`);
}

export function main(argv = process.argv.slice(2)) {
  const usage = 'usage: node test/vitest/real-suite.mjs [project ...] [--runs 3] [--vitest 4|5] [--coverage] [--json]';
  let options;
  try {
    options = parseArgs({ args: argv, allowPositionals: true, options: { runs: { type: 'string', default: '1' }, vitest: { type: 'string', default: '4' }, coverage: { type: 'boolean', default: false }, json: { type: 'boolean', default: false } } });
  } catch (error) {
    return fail(`${error.message}\n${usage}`);
  }
  const runs = Number(options.values.runs);
  if (!Number.isInteger(runs) || runs < 1) return fail(`--runs expects a whole number from 1, got ${JSON.stringify(options.values.runs)}\n${usage}`);
  const vitest = VITEST[options.values.vitest];
  if (vitest === undefined) return fail(`--vitest expects 4 or 5, got ${JSON.stringify(options.values.vitest)}\n${usage}`);
  if (!existsSync(join(vitest, 'vitest.mjs'))) return fail(`vitest ${options.values.vitest} is not installed at ${relative(REPO, vitest)}: run \`node test/compat/install.mjs vitest5\``);
  const coverage = options.values.coverage;
  if (coverage && !existsSync(join(coverageProvider(vitest), 'package.json'))) return fail(`--coverage needs @vitest/coverage-v8 beside vitest ${options.values.vitest} (${relative(REPO, coverageProvider(vitest))}), and it is not installed there`);
  const [major, minor] = process.versions.node.split('.').map(Number);
  if (options.values.vitest === '5' && (major < 22 || (major === 22 && minor < 12))) return fail(`vitest 5 needs Node >= 22.12, this is ${process.version}: put test/compat/node24's node first on PATH`);
  const names = PROJECTS.map((project) => project.name);
  const badName = options.positionals.find((name) => !names.includes(name));
  if (badName !== undefined) return fail(`unknown project ${JSON.stringify(badName)}; expected some of ${names.join(', ')}\n${usage}`);
  const chosen = options.positionals.length > 0 ? PROJECTS.filter((project) => options.positionals.includes(project.name)) : PROJECTS;
  const results = [];
  for (const project of chosen) {
    const result = runProject(project, runs, vitest, coverage);
    if (options.values.json) console.log(JSON.stringify(result));
    else print(result);
    results.push(result);
  }
  const missing = results.filter((result) => result.missing).length;
  const broken = results.reduce((sum, result) => sum + (result.broken ?? 0), 0);
  const saidNeverLooked = results.filter((result) => result.notInstrumented).length;
  const failed = results.filter((result) => result.error).length;
  const coverageDiffers = results.filter((result) => result.coverage?.differences.length > 0).length;
  if (!options.values.json && chosen.length > 1) {
    const tests = results.reduce((sum, result) => sum + (result.tests ?? 0), 0);
    console.log(`total: ${chosen.length - missing - failed} of ${chosen.length} projects compared on Node ${process.version} with vitest ${JSON.parse(readFileSync(join(vitest, 'package.json'), 'utf8')).version}, ${tests} tests, ${broken === 0 ? 'none broke without a leak report' : `${broken} broke without a leak report`}, ${saidNeverLooked} falsely said "never looked", ${failed} not compared (vitest did not finish), ${missing} not run${coverage ? `, coverage ${coverageDiffers === 0 ? 'the same in every project' : `different in ${coverageDiffers}`}` : ''}`);
  }
  process.exitCode = broken > 0 || saidNeverLooked > 0 || failed > 0 || coverageDiffers > 0 ? 1 : missing > 0 ? 2 : 0;
  return results;
}

function fail(message) {
  console.error(`test/vitest/real-suite: ${message}`);
  process.exitCode = 2;
  return undefined;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) main();

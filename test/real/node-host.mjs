#!/usr/bin/env node
// npm run test:real-node — leash/node on a real project whose own test suite runs on Node's type
// stripping (`node --test` straight on its `.ts` files, no build): each suite runs plain, then
// with `--import leash/node` in `LEASH_MODE=track` and `bind`, on Node 24 (or 22), and the outcomes are
// compared test by test (see README.md here). No scope is made in these suites, so both modes
// must give every test the outcome plain gives it. `--modes leaks` adds a run with node:test's
// per-test leak check (`--import leash/register`, track mode).
//
//   node test/real/node-host.mjs [suite ...] [--modes track,bind,leaks] [--reruns 2] [--typescript 6|7] [--node 24|22] [--coverage] [--quiet]
//
// `--coverage` runs every suite with Node's test coverage (`--experimental-test-coverage
// --enable-source-maps`, plain too) and compares, file by file, the counts and the hits of each
// line, branch and function with plain's: track (and leaks) must equal it; a bind build's thunk
// of a call that branches counts as a function there (README, leash/node), so bind's differences
// are printed, not failed. A file that differs is checked against up to `--reruns` more runs of
// plain and of that mode: equal when any leash run's counts equal any plain run's, else left out
// (and named) when plain's own counts vary from run to run.
//
// A suite is one package of a project (`fetch-router`); none named runs them all.
// Prints one line per project and mode, the differing tests under a line that differs, and the
// `[leash]` messages the runs printed; exits 1 when a test differs (after reruns) or a leash run
// instrumented nothing, 2 on bad arguments. A project not in the real-repository cache, or a
// missing Node 24, prints "not run: ..." instead.
import { existsSync, mkdirSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { compatModules, node22, node24 } from '../compat/paths.mjs';
import { compare, differLines, flakyNote, leashRoot, prepare, run } from './harness.mjs';
import * as runner from './runners/node-test.mjs';

const census = fileURLToPath(new URL('runners/leash-census.mjs', import.meta.url));

export const projects = [
  {
    // Remix 3's packages, each tested with `node --test` on its src/**/*.test.ts (the last commit
    // before they moved to their own runner): a fetch router with AbortSignals and middleware, a
    // Node request listener (response streams, backpressure, `close`/`finish` listeners), a
    // memcache client against a loopback fake server (sockets, socket timeouts), compression
    // streams, multipart and tar parsers, file and session storage in temp folders.
    name: 'remix',
    repo: 'remix-run/remix',
    commit: '40511761606d03cfeaa701aac0af05994a9a3552',
    // A pnpm workspace: the root manifest is replaced by one npm reads, and the packages linked.
    manifest: 'remix-manifest.json',
    lock: 'remix.json',
    workspaces: 'packages',
    files: ['src/**/*.test.ts'],
    // Every package whose suite runs on `node --test` without a service, a native module or the
    // network: left out are session-middleware (one test fetches http://example.com), data-table
    // and data-table-sqlite (better-sqlite3), data-table-mysql/-postgres, session-storage-redis,
    // file-storage-s3 (servers), component (vitest in a browser), remix and test (everything / tsx).
    suites: [
      'async-context-middleware',
      'auth',
      'auth-middleware',
      'compression-middleware',
      'cookie',
      'cop-middleware',
      'cors-middleware',
      'csrf-middleware',
      'data-schema',
      'fetch-proxy',
      'fetch-router',
      'file-storage',
      'form-data-middleware',
      'form-data-parser',
      'fs',
      'headers',
      'html-template',
      'lazy-file',
      'logger-middleware',
      'method-override-middleware',
      'mime',
      'multipart-parser',
      'node-fetch-server',
      'response',
      'route-pattern',
      'session',
      'session-storage-memcache',
      'static-middleware',
      'tar-parser',
    ],
  },
];

/**
 * What each leash mode adds to `node --test`. `leaks` is track mode with node:test's per-test leak
 * check (`leash/register`): a test that leaves a timer, listener or task alive fails, so a
 * difference there is a leak in the project's test or a leash bug, to be told apart by reading it.
 */
const LEASH_RUNS = {
  track: { mode: 'track', imports: ['leash/node'] },
  bind: { mode: 'bind', imports: ['leash/node'] },
  leaks: { mode: 'track', imports: ['leash/node', 'leash/register'] },
};
const LEASH_MODES = Object.keys(LEASH_RUNS);
const DEFAULT_MODES = ['track', 'bind'];
const TYPESCRIPTS = { 6: join(leashRoot, 'node_modules', 'typescript'), 7: join(compatModules('ts7'), 'typescript') };

/** Links the install's `node_modules/typescript` to the TypeScript leash/node reads types with. */
function linkTypescript(dir, typescript) {
  const link = join(dir, 'node_modules', 'typescript');
  rmSync(link, { recursive: true, force: true });
  symlinkSync(typescript, link, 'dir');
}

/**
 * Runs one package's suite in `mode` (`plain`: no leash) and reads each test's outcome; names
 * are prefixed with the package. `census` is what leash-census.mjs wrote: one line per process.
 */
async function runSuite(dir, project, suite, mode, attempt, only, coverage) {
  const cwd = join(dir, 'packages', suite);
  const stem = join(dir, '.leash', 'node-host', `${suite}-${mode}-${attempt}`);
  const censusFile = `${stem}.census`;
  mkdirSync(dirname(stem), { recursive: true });
  rmSync(censusFile, { force: true });
  const leashRun = LEASH_RUNS[mode];
  const leash = leashRun === undefined ? [] : [...leashRun.imports, census].flatMap((module) => ['--import', module]);
  const env = { ...process.env, LEASH_MODE: leashRun?.mode ?? '', LEASH_CENSUS: leashRun === undefined ? '' : censusFile };
  delete env.NODE_OPTIONS;
  const started = performance.now();
  const tests = new Map();
  const context = { resultFile: `${stem}.json`, project: { test: { files: project.files } }, only };
  rmSync(context.resultFile, { force: true });
  // Coverage on in every run, plain's included, with the same flags (Node strips types in place, so plain needs no map).
  const measure = coverage && only === undefined ? ['--experimental-test-coverage', '--enable-source-maps'] : [];
  const { exitCode, timedOut } = await run(node, [...measure, ...leash, ...runner.command(context)], { cwd, env, outputFile: `${stem}.log`, timeoutSeconds: 600 });
  for (const { name, outcome, detail } of existsSync(context.resultFile) ? runner.parse(context) : []) {
    const base = `${suite}/${name}`;
    let key = base;
    for (let n = 2; tests.has(key); n++) key = `${base} #${n}`;
    tests.set(key, { outcome, detail });
  }
  const said = readFileSync(`${stem}.log`, 'utf8').split('\n').filter((line) => line.includes('[leash]'));
  const seconds = (performance.now() - started) / 1000;
  const processes = existsSync(censusFile) ? readFileSync(censusFile, 'utf8').trim().split('\n').filter(Boolean).map((line) => JSON.parse(line)) : [];
  said.push(...processes.flatMap((one) => one.said));
  const covered = measure.length > 0 && existsSync(context.resultFile) ? runner.parseCoverage(context) : undefined;
  return { seconds, exitCode, timedOut, tests, only: only && new Set(only.map((name) => `${suite}/${name}`)), processes, said, coverage: covered };
}

/**
 * How many of the project's files leash's run reported (`files`), and those whose coverage under
 * leash is not plain's (`coverage` as the reporter writes it), each with the first count that
 * differs; a file missing from either run differs too.
 */
function compareCoverage(dir, suite, plainRun, leashRun) {
  // leash's own runtime (its dist maps back to the repository, not a node_modules Node's coverage leaves out) is not the project's.
  const own = (coverage) => coverage && Object.fromEntries(Object.entries(coverage).filter(([file]) => !file.startsWith(leashRoot + sep)).map(([file, counts]) => [relative(dir, file), counts]));
  const [plain, leash] = [own(plainRun), own(leashRun)];
  const files = Object.keys(leash ?? {}).length;
  if (plain === undefined || leash === undefined) return { files, differ: [{ file: `${suite}: no coverage report`, plain: plain === undefined ? 'none' : 'one', leash: leash === undefined ? 'none' : 'one' }] };
  const differ = [];
  for (const file of [...new Set([...Object.keys(plain), ...Object.keys(leash)])].sort()) {
    const [a, b] = [plain[file], leash[file]];
    const field = a === undefined || b === undefined ? undefined : Object.keys(a).find((key) => JSON.stringify(a[key]) !== JSON.stringify(b[key]));
    if (a === undefined || b === undefined) differ.push({ file: `${suite}/${file}`, plain: a === undefined ? 'not reported' : 'reported', leash: b === undefined ? 'not reported' : 'reported' });
    else if (field !== undefined) differ.push({ file: `${suite}/${file}`, field, plain: JSON.stringify(a[field]), leash: JSON.stringify(b[field]) });
  }
  return { files, differ };
}

/**
 * `compareCoverage` over several runs of each: a file differs only when no leash run's counts
 * equal any plain run's (Node merges its test processes' coverage in the order they ended, and
 * some counts follow that order). Of those, a file whose counts differ between plain runs is
 * `varying`: left out, and named.
 */
function compareCoverageRuns(dir, suite, plainRuns, leashRuns) {
  const differing = (a, b) => new Set(compareCoverage(dir, suite, a, b).differ.map(({ file }) => file));
  const { files, differ } = compareCoverage(dir, suite, plainRuns[0], leashRuns[0]);
  const pairs = plainRuns.flatMap((plain) => leashRuns.map((leash) => differing(plain, leash)));
  const plainVaries = new Set(plainRuns.slice(1).flatMap((plain) => [...differing(plainRuns[0], plain)]));
  const unmatched = differ.filter(({ file }) => pairs.every((pair) => pair.has(file)));
  return { files, differ: unmatched.filter(({ file }) => !plainVaries.has(file)), varying: unmatched.filter(({ file }) => plainVaries.has(file)).map(({ file }) => file) };
}

async function runProject(project, { modes, reruns, typescript, log, coverage }) {
  const prepared = await prepare(project, log);
  if (prepared.missing) return { project, missing: prepared.missing };
  const { dir } = prepared;
  linkTypescript(dir, typescript);
  const wanted = ['plain', ...modes];
  const report = { project, modes: Object.fromEntries(wanted.map((mode) => [mode, { seconds: 0, tests: 0, counts: { pass: 0, fail: 0, skip: 0 }, differ: [], flaky: [], flakyUnderLeash: [], processes: [], said: new Set(), timedOut: false, reruns: 0, coverageFiles: 0, coverageDiffer: [], coverageVarying: [] }])) };
  for (const suite of project.suites) {
    const runs = {};
    for (const mode of wanted) {
      log(`${project.name}: ${suite} ${mode}`);
      runs[mode] = [await runSuite(dir, project, suite, mode, 1, undefined, coverage)];
    }
    for (let attempt = 2; attempt <= reruns + 1; attempt++) {
      const differing = new Map(modes.map((mode) => [mode, compare(runs.plain, runs[mode]).differ.map((test) => test.name)]).filter(([, names]) => names.length > 0));
      if (differing.size === 0) break;
      differing.set('plain', [...new Set([...differing.values()].flat())]);
      for (const [mode, names] of differing) {
        log(`${project.name}: rerunning ${names.length} differing test(s) of ${suite} on ${mode} (run ${attempt} of ${reruns + 1})`);
        const unprefixed = names.map((name) => name.slice(suite.length + 1).replace(/ #\d+$/, ''));
        runs[mode].push(await runSuite(dir, project, suite, mode, attempt, unprefixed));
      }
    }
    // A file whose coverage differs under leash (in a mode where that fails) is checked against
    // more runs of plain and of that mode, up to `reruns` each: a leash run whose counts equal a
    // plain run's explains it, and counts that vary between plain runs (work split by timing,
    // such as stream chunks) are not leash's: the file is left out of the comparison, and named.
    const packageDir = join(dir, 'packages', suite);
    const covered = Object.fromEntries(wanted.map((mode) => [mode, [runs[mode][0].coverage]]));
    const unexplained = (mode) => compareCoverageRuns(packageDir, suite, covered.plain, covered[mode]).differ.length > 0;
    for (let extra = 1; coverage && extra <= reruns; extra++) {
      const differing = modes.filter((mode) => mode !== 'bind' && unexplained(mode));
      if (differing.length === 0) break;
      log(`${project.name}: coverage of ${suite} differs in ${differing.join(', ')}; running plain and ${differing.join(', ')} again (${extra} of ${reruns})`);
      for (const mode of ['plain', ...differing]) {
        const again = await runSuite(dir, project, suite, mode, reruns + 1 + extra, undefined, coverage);
        report.modes[mode].seconds += again.seconds;
        covered[mode].push(again.coverage);
      }
    }
    for (const mode of wanted) {
      const total = report.modes[mode];
      const [first] = runs[mode];
      const comparison = compare(runs.plain, runs[mode]);
      total.seconds += runs[mode].reduce((sum, one) => sum + one.seconds, 0);
      total.reruns += runs[mode].length - 1;
      total.tests += comparison.total;
      for (const { outcome } of first.tests.values()) total.counts[outcome]++;
      total.differ.push(...comparison.differ);
      total.flaky.push(...comparison.flaky);
      total.flakyUnderLeash.push(...comparison.flakyUnderLeash);
      if (coverage && mode !== 'plain') {
        const { files, differ, varying } = compareCoverageRuns(packageDir, suite, covered.plain, covered[mode]);
        total.coverageFiles += files;
        total.coverageDiffer.push(...differ);
        total.coverageVarying.push(...varying);
      }
      for (const one of runs[mode]) {
        total.processes.push(...one.processes);
        for (const line of one.said) total.said.add(line.trim());
        total.timedOut ||= one.timedOut;
      }
    }
  }
  return report;
}

/** The lines printed for one project: one per mode, the differing tests and leash's messages under it. */
function formatReport(report) {
  if (report.missing) return [report.missing];
  const lines = [];
  for (const [mode, total] of Object.entries(report.modes)) {
    const times = `tests ${total.seconds.toFixed(1)}s${total.reruns > 0 ? ` incl. ${total.reruns} rerun(s)` : ''}`;
    const looked = mode === 'plain' ? '' : `${sum(total, (one) => one.instrumentedModules)} instrumented and ${sum(total, (one) => one.plannedModules)} more planned with nothing to rewrite, in ${total.processes.filter((one) => lookedAt(one) > 0).length} of ${total.processes.length} processes, `;
    let verdict;
    if (mode === 'plain') verdict = `${total.tests} tests: ${total.counts.pass} passed, ${total.counts.fail} failed, ${total.counts.skip} skipped`;
    else if (total.differ.length === 0) verdict = `${total.tests} tests: same as plain`;
    else verdict = `${total.tests} tests: DIFFERS from plain in ${total.differ.length}`;
    lines.push(`${report.project.name} ${mode.padEnd(5)}  ${verdict}${flakyNote(mode, total)}${total.timedOut ? ', a run TIMED OUT' : ''}  (${looked}${times})`);
    if (mode !== 'plain' && sum(total, lookedAt) === 0) lines.push('    leash looked at nothing in this mode: "same as plain" proves nothing');
    lines.push(...differLines(mode, total));
    if (coverageMeasured && mode !== 'plain') {
      const differing = total.coverageDiffer;
      const varying = total.coverageVarying.length === 0 ? '' : `; left out, as two plain runs differ on them: ${total.coverageVarying.join(', ')}`;
      lines.push(`    coverage (Node's, with --enable-source-maps): ${differing.length === 0 ? `${total.coverageFiles} files, every count as plain` : `DIFFERS from plain in ${differing.length} of ${total.coverageFiles} files${mode === 'bind' ? ' (a bind build\'s thunks of calls that branch count as functions: README, leash/node)' : ''}`}${varying}`);
      for (const one of differing.slice(0, 20)) lines.push(`      ${one.file}${one.field ? ` ${one.field}` : ''}: plain ${one.plain.slice(0, 200)}, leash ${one.leash.slice(0, 200)}`);
      if (differing.length > 20) lines.push(`      ... and ${differing.length - 20} more`);
    }
    for (const line of total.said) lines.push(`    leash said: ${line.slice(0, 300)}`);
  }
  return lines;
}

/** The modules leash looked at in one process (census line): instrumented, or planned with nothing to rewrite. */
function lookedAt(one) {
  return one.instrumentedModules + one.plannedModules;
}

/** `count` of each process's census line, summed over a mode's processes. */
function sum(total, count) {
  return total.processes.reduce((all, one) => all + count(one), 0);
}

/** Whether a report fails the check: a test that differs, or a leash mode that looked at nothing. */
function fails(report) {
  if (report.missing) return false;
  return Object.entries(report.modes).some(([mode, total]) => total.differ.length > 0 || (mode !== 'plain' && sum(total, lookedAt) === 0) || (mode !== 'bind' && total.coverageDiffer.length > 0));
}

const usage = 'usage: node test/real/node-host.mjs [suite ...] [--modes track,bind,leaks] [--reruns 2] [--typescript 6|7] [--node 24|22] [--coverage] [--quiet]';
let options;
try {
  options = parseArgs({
    allowPositionals: true,
    options: {
      modes: { type: 'string', default: DEFAULT_MODES.join(',') },
      reruns: { type: 'string', default: '2' },
      typescript: { type: 'string', default: '6' },
      node: { type: 'string', default: '24' },
      quiet: { type: 'boolean', default: false },
      coverage: { type: 'boolean', default: false },
    },
  });
} catch (error) {
  fail(`${error.message}\n${usage}`);
}
const modes = options.values.modes.split(',');
const badMode = modes.find((mode) => !LEASH_MODES.includes(mode));
if (badMode !== undefined) fail(`unknown mode ${JSON.stringify(badMode)}; expected some of ${LEASH_MODES.join(', ')} (plain always runs)\n${usage}`);
const coverageMeasured = options.values.coverage;
const reruns = Number(options.values.reruns);
if (!Number.isInteger(reruns) || reruns < 0) fail(`--reruns expects a whole number from 0, got ${JSON.stringify(options.values.reruns)}\n${usage}`);
const typescript = TYPESCRIPTS[options.values.typescript];
const node = { 24: node24, 22: node22 }[options.values.node];
if (node === undefined) fail(`--node expects 24 or 22, got ${JSON.stringify(options.values.node)}\n${usage}`);
if (typescript === undefined) fail(`--typescript expects 6 or 7, got ${JSON.stringify(options.values.typescript)}\n${usage}`);
const suites = new Set(projects.flatMap((project) => project.suites));
const badSuite = options.positionals.find((suite) => !suites.has(suite));
if (badSuite !== undefined) fail(`unknown suite ${JSON.stringify(badSuite)}; expected some of ${[...suites].join(', ')}\n${usage}`);
if (!existsSync(join(leashRoot, 'dist', 'transformer', 'hosts', 'node.mjs'))) fail('dist/transformer/hosts/node.mjs is missing: run `npm run build` first (npm run test:real-node does)');

const log = options.values.quiet ? () => {} : (line) => console.error(`  ... ${line}`);
const started = performance.now();
let failed = false;
let notRun = 0;
for (const project of projects) {
  if (!existsSync(node)) {
    console.log(`not run: ${project.name}: Node ${options.values.node} (test/compat/node${options.values.node}) is missing; run node test/compat/install.mjs`);
    notRun++;
    continue;
  }
  if (!existsSync(typescript)) {
    console.log(`not run: ${project.name}: TypeScript ${options.values.typescript} (${options.values.typescript === '7' ? 'test/compat/ts7' : "leash's node_modules"}) is missing; run npm ci and node test/compat/install.mjs`);
    notRun++;
    continue;
  }
  const chosen = options.positionals.length === 0 ? project : { ...project, suites: project.suites.filter((suite) => options.positionals.includes(suite)) };
  if (chosen.suites.length === 0) continue;
  const report = await runProject(chosen, { modes, reruns, typescript, log, coverage: coverageMeasured });
  for (const line of formatReport(report)) console.log(line);
  if (report.missing) notRun++;
  failed ||= fails(report);
}
console.log(`total: ${failed ? 'DIFFERS' : 'no differences'}, ${notRun} of ${projects.length} project(s) not run, Node ${options.values.node}, TypeScript ${options.values.typescript}, ${((performance.now() - started) / 60_000).toFixed(1)} min`);
process.exitCode = failed ? 1 : 0;

function fail(message) {
  console.error(`test/real/node-host: ${message}`);
  process.exit(2);
}

// npm run test:real-codemods — `leash codemod all` on real open-source TypeScript repositories.
//
// For each pinned repository (from the real-repository cache, test/real/cache.mjs; installed once
// by test/real/harness.mjs's prepare(), into a cache of installs), on a fresh copy:
//   1. type-check it (its own tsconfig, its own TypeScript) and run its own tests: the baseline;
//   2. `leash codemod all <its source folder>` (written, formatted with its own formatter);
//   3. type-check again: exactly the diagnostics of the baseline;
//   4. run its tests again: every test with the outcome it had (a difference is rerun once,
//      before and after, to tell a flaky test from a change);
//   5. run the codemod again: nothing changes;
//   6. its formatter's check passes on every changed file (prettier --check, oxfmt --check).
// One line per repository and a total; a repository missing from the cache prints "not run: ...".
// Exits 1 when any repository fails a check. Options: names of repositories to run (default all),
// --keep (leave the copies in the temp folder and print where).
import { spawn } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';
import { node24 } from '../compat/paths.mjs';
import { build, prepare, runSuite } from '../real/harness.mjs';
import { projects as realProjects } from '../real/projects.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const leashRoot = join(here, '..', '..');
const cli = join(leashRoot, 'dist', 'cli', 'leash.js');

const fromRealHarness = (name) => realProjects.find((p) => p.name === name);

/**
 * The corpus. `sources`: the folder the codemod runs on. `tests`: 'harness' (built plain and run
 * with test/real's runner for that project), 'vitest' (run in place, on Node 24) or null (none). `format`: the
 * formatter whose check must pass on changed files.
 */
const corpus = [
  { ...fromRealHarness('cockatiel'), kind: 'a resilience library', sources: 'src', tests: 'harness', format: 'prettier' },
  { ...fromRealHarness('p-queue'), kind: 'a promise queue', sources: 'source', tests: 'harness', format: null },
  {
    name: 'ofetch',
    kind: 'a fetch client',
    repo: 'unjs/ofetch',
    commit: 'dfbe3ca4ef8a22fc023fca5a5ef530e525f5e523',
    lock: '../../codemods/real-locks/ofetch.json',
    sources: 'src',
    tests: 'vitest',
    format: 'prettier',
  },
  {
    name: 'changelogen',
    kind: 'a release tool (CLI)',
    repo: 'unjs/changelogen',
    commit: '172158894cde37fd167c23af91ef8c762aded1e9',
    lock: '../../codemods/real-locks/changelogen.json',
    sources: 'src',
    tests: 'vitest',
    format: 'prettier',
  },
  {
    name: 'hookable',
    kind: 'an async hook system',
    repo: 'unjs/hookable',
    commit: 'b77477c027039362ee0ec4f39b8998c4f1b21707',
    lock: '../../codemods/real-locks/hookable.json',
    sources: 'src',
    tests: 'vitest',
    format: 'oxfmt',
  },
  {
    // The one repository in the corpus where race-timeout fires (src/utils/async.ts). It has no
    // tests, and a prettier config but no prettier installed: type check and idempotency only.
    name: 'nci',
    kind: 'a CLI for a content index',
    repo: 'kindlyfire/nci',
    commit: 'cae4cd4cbab1d1cc4d875b8ee1de9668b13a522f',
    lock: '../../codemods/real-locks/nci.json',
    sources: 'src',
    tests: null,
    format: null,
  },
];

function run(command, args, { cwd, timeoutSeconds = 600, env = process.env } = {}) {
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    let stdout = '';
    child.stdout.on('data', (d) => {
      stdout += d;
      output += d;
    });
    child.stderr.on('data', (d) => (output += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutSeconds * 1000);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, output, stdout });
    });
  });
}

/** A fresh copy of the installed tree: sources copied, node_modules shared (read only here). */
function workCopy(installed, name) {
  const dir = mkdtempSync(join(tmpdir(), `leash-real-codemods-${name}-`));
  cpSync(installed, dir, { recursive: true, filter: (src) => !/[\\/](node_modules|\.leash)$/.test(src) });
  symlinkSync(join(installed, 'node_modules'), join(dir, 'node_modules'), 'dir');
  return dir;
}

/** The compiler's diagnostics, one per line, without timing noise; the exit code decides nothing. */
async function typecheck(dir) {
  const tsc = join(dir, 'node_modules', 'typescript', 'bin', 'tsc');
  const res = await run(process.execPath, [tsc, '--noEmit', '-p', 'tsconfig.json'], { cwd: dir });
  return res.output
    .split('\n')
    .filter((l) => /error TS\d+/.test(l))
    .sort();
}

/** Test name -> outcome (pass, fail, skip). */
async function tests(dir, project, attempt) {
  if (project.tests === null) return new Map();
  if (project.tests === 'harness') {
    await build(dir, project, 'plain');
    const suite = await runSuite(dir, project, 'plain', attempt);
    return new Map([...suite.tests].map(([name, t]) => [name, t.outcome]));
  }
  const out = join(dir, `.vitest-${attempt}.json`);
  await run(node24, [join(dir, 'node_modules', 'vitest', 'vitest.mjs'), 'run', '--reporter=json', `--outputFile=${out}`], { cwd: dir, timeoutSeconds: 600 });
  const report = JSON.parse(readFileSync(out, 'utf8'));
  const map = new Map();
  for (const file of report.testResults) {
    for (const t of file.assertionResults) {
      const outcome = t.status === 'passed' ? 'pass' : t.status === 'failed' ? 'fail' : 'skip';
      map.set(`${relative(dir, file.name)} > ${t.fullName}`, outcome);
    }
  }
  return map;
}

function differences(before, after) {
  const names = new Set([...before.keys(), ...after.keys()]);
  return [...names].filter((n) => before.get(n) !== after.get(n)).map((n) => `${n}: ${before.get(n) ?? 'absent'} -> ${after.get(n) ?? 'absent'}`);
}

async function codemod(dir, project) {
  const started = performance.now();
  const res = await run(process.execPath, [cli, 'codemod', 'all', project.sources, '--force', '--json'], { cwd: dir });
  let summary = null;
  try {
    summary = JSON.parse(res.stdout);
  } catch {
    // reported below with the output
  }
  return { code: res.code, summary, output: res.output, seconds: (performance.now() - started) / 1000 };
}

async function formatCheck(dir, project, files) {
  if (!project.format || files.length === 0) return null;
  const bin = join(dir, 'node_modules', '.bin', project.format);
  const res = await run(bin, ['--check', ...files], { cwd: dir });
  return res.code === 0 ? null : res.output.trim().split('\n').slice(0, 5).join('; ');
}

async function check(project, keep) {
  const started = performance.now();
  const installed = await prepare(project, (line) => process.stderr.write(`${line}\n`));
  if (installed.missing) return { line: `${project.name.padEnd(12)} ${installed.missing}`, ok: null };
  const dir = workCopy(installed.dir, project.name);
  const problems = [];
  try {
    const typesBefore = await typecheck(dir);
    const testsBefore = await tests(dir, project, 1);

    const first = await codemod(dir, project);
    if (first.code !== 0 || !first.summary) problems.push(`codemod exited ${first.code}: ${first.output.trim().split('\n').slice(-5).join('; ')}`);
    const changed = (first.summary?.files ?? []).filter((f) => f.status === 'changed').map((f) => f.file);
    const t = first.summary?.totals;
    const migrated = Object.values(first.summary?.perTransform ?? {}).reduce((n, c) => n + c.migrated, 0);
    const notMigrated = first.summary?.notMigrated?.length ?? 0;

    const typesAfter = await typecheck(dir);
    const newTypeErrors = typesAfter.filter((l) => !typesBefore.includes(l));
    if (newTypeErrors.length || typesAfter.length !== typesBefore.length) {
      problems.push(`type-check: ${typesBefore.length} errors before, ${typesAfter.length} after${newTypeErrors.length ? ` (new: ${newTypeErrors.slice(0, 3).join(' | ')})` : ''}`);
    }
    let testsAfter = await tests(dir, project, 2);
    let diff = differences(testsBefore, testsAfter);
    if (diff.length) {
      // Once more, to tell a flaky test from a change: a test counts only if it differs again.
      const again = await tests(dir, project, 3);
      diff = diff.filter((d) => differences(testsBefore, again).includes(d));
      testsAfter = again;
    }
    if (diff.length) problems.push(`tests: ${diff.length} differ (${diff.slice(0, 3).join(' | ')})`);

    const second = await codemod(dir, project);
    if (second.summary?.totals?.changed !== 0) problems.push(`second run changed ${second.summary?.totals?.changed ?? '?'} files`);
    const format = await formatCheck(dir, project, changed);
    if (format) problems.push(`format check: ${format}`);

    const passed = [...testsBefore.values()].filter((o) => o === 'pass').length;
    const seconds = ((performance.now() - started) / 1000).toFixed(0);
    const line =
      `${project.name.padEnd(12)} ${problems.length ? 'FAIL' : 'ok  '}  ${t?.files ?? '?'} files, ${changed.length} changed (${migrated} migrated, ${notMigrated} reported) ` +
      `in ${first.seconds.toFixed(1)} s; tsc ${typesBefore.length}->${typesAfter.length} errors; ${project.tests === null ? 'no tests' : `${testsBefore.size} tests (${passed} passing) as before: ${diff.length ? 'no' : 'yes'}`}; ` +
      `second run: ${second.summary?.totals?.changed ?? '?'} changed; ${project.format ? `${project.format} --check ${format ? 'fails' : 'passes'}` : 'no formatter'}  (${seconds} s)`;
    return { line: [line, ...problems.map((p) => `    ${p}`)].join('\n'), ok: problems.length === 0 };
  } finally {
    if (keep) process.stderr.write(`${project.name}: kept ${dir}\n`);
    else rmSync(dir, { recursive: true, force: true });
  }
}

const args = process.argv.slice(2);
const keep = args.includes('--keep');
const names = args.filter((a) => !a.startsWith('--'));
const unknown = names.filter((n) => !corpus.some((p) => p.name === n));
if (unknown.length) {
  process.stderr.write(`unknown repository ${unknown.join(', ')}; choose from ${corpus.map((p) => p.name).join(', ')}\n`);
  process.exit(2);
}
if (!existsSync(cli)) {
  process.stderr.write('dist/cli/leash.js is missing: run npm run build first (npm run test:real-codemods does)\n');
  process.exit(2);
}
const started = performance.now();
const results = [];
for (const project of corpus.filter((p) => names.length === 0 || names.includes(p.name))) {
  let result;
  try {
    result = await check(project, keep);
  } catch (error) {
    result = { line: `${project.name.padEnd(12)} FAIL  ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`, ok: false };
  }
  results.push(result);
  console.log(result.line);
}
const ran = results.filter((r) => r.ok !== null);
const ok = ran.filter((r) => r.ok).length;
console.log(
  `total: ${ok} of ${ran.length} repositories ok, ${results.length - ran.length} not run, in ${((performance.now() - started) / 1000).toFixed(0)} s`,
);
process.exitCode = ran.length === ok ? 0 : 1;

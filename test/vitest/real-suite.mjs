#!/usr/bin/env node
/**
 * A real project's vitest suite, plain and with leash/vitest on (`npm run test:real-vitest`):
 * every test that passes plain must still pass, or fail only with a leak report that names a
 * line of the project. Prints each test's outcome in both runs, each leak report, and the wall
 * times (the overhead row of the README). A project missing from the real-repository cache
 * prints "not run: ..." and exits 2.
 *
 *   node test/vitest/real-suite.mjs [--runs 3] [--json]
 */
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { checkout } from '../real/cache.mjs';

const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
/** Pinned: a debounce library whose suite runs concurrent tests on real timers. */
export const PROJECT = { repo: 'unjs/perfect-debounce', commit: '301fccee4e896997be7e9dfeef03369ecf4a34d5', install: ['in-range@3.0.0', 'time-span@5.1.0'] };

const args = process.argv.slice(2);
const runs = Number(args[args.indexOf('--runs') + 1] ?? 1) || 1;

/** Installs leash into `dir` as npm would (its built files and package.json) and links vitest, typescript and @types from this repository. */
export function installLeash(dir) {
  const modules = join(dir, 'node_modules');
  const leash = join(modules, 'leash');
  mkdirSync(leash, { recursive: true });
  cpSync(join(REPO, 'dist'), join(leash, 'dist'), { recursive: true });
  cpSync(join(REPO, 'package.json'), join(leash, 'package.json'));
  cpSync(join(REPO, 'vitest/setup.mts'), join(leash, 'vitest/setup.mts'));
  const { dependencies = {} } = JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8'));
  const links = new Set([...Object.keys(dependencies).map((name) => name.split('/')[0]), '@types', 'typescript', 'vitest']);
  for (const name of links) {
    rmSync(join(modules, name), { recursive: true, force: true });
    symlinkSync(join(REPO, 'node_modules', name), join(modules, name), 'dir');
  }
}

/** The suite's own test dependencies, leash, and the two configs. */
function prepare(dir) {
  execFileSync('npm', ['install', '--no-save', '--no-package-lock', '--no-audit', '--no-fund', '--ignore-scripts', '--loglevel=error', ...PROJECT.install], { cwd: dir, stdio: 'inherit' });
  installLeash(dir);
  writeFileSync(join(dir, 'vitest.plain.config.mjs'), 'export default { test: { include: ["test/**/*.test.ts"] } };\n');
  writeFileSync(join(dir, 'vitest.leash.config.mjs'), 'import leash from "leash/vitest";\nexport default { plugins: [leash()], test: { include: ["test/**/*.test.ts"] } };\n');
}

export function runSuite(dir, config) {
  const out = join(dir, `report-${config}.json`);
  const started = process.hrtime.bigint();
  try {
    execFileSync(process.execPath, [join(dir, 'node_modules/vitest/vitest.mjs'), 'run', '--config', `vitest.${config}.config.mjs`, '--reporter=json', `--outputFile=${out}`], { cwd: dir, stdio: 'pipe', env: { ...process.env, LEASH_MODE: '', CI: '1' } });
  } catch {
    // failing tests exit 1; the report says which
  }
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const report = JSON.parse(readFileSync(out, 'utf8'));
  const tests = new Map();
  for (const file of report.testResults) {
    for (const test of file.assertionResults) tests.set(`${relative(dir, file.name)} > ${test.fullName}`, { status: test.status, message: test.failureMessages.join('\n') });
  }
  return { seconds, tests };
}

export function main() {
  const { dir, missing } = checkout(PROJECT.repo, PROJECT.commit);
  if (missing !== undefined) {
    console.log(missing);
    process.exitCode = 2;
    return undefined;
  }
  try {
    prepare(dir);
    const plain = [];
    const leash = [];
    for (let i = 0; i < runs; i++) {
      // Interleaved, so load on the machine hits both alike.
      plain.push(runSuite(dir, 'plain'));
      leash.push(runSuite(dir, 'leash'));
    }
    const median = (list) => list.map((run) => run.seconds).sort((a, b) => a - b)[Math.floor(list.length / 2)];
    const rows = [];
    let broken = 0;
    for (const [name, before] of plain[0].tests) {
      const after = leash[0].tests.get(name) ?? { status: 'absent', message: '' };
      const leak = after.status === 'failed' && after.message.includes('[leash] this test left');
      if (before.status === 'passed' && after.status !== 'passed' && !leak) broken++;
      rows.push({ name, plain: before.status, leash: after.status, leak: leak ? after.message.split('\n').slice(0, 3).join('\n') : undefined });
    }
    const result = { project: `${PROJECT.repo}@${PROJECT.commit}`, tests: rows.length, broken, plainSeconds: median(plain), leashSeconds: median(leash), ratio: median(leash) / median(plain), rows };
    if (args.includes('--json')) console.log(JSON.stringify(result));
    else {
      console.log(`${result.project}: ${rows.length} tests, plain ${result.plainSeconds.toFixed(2)} s, leash/vitest ${result.leashSeconds.toFixed(2)} s (${result.ratio.toFixed(2)}x, median of ${runs})`);
      for (const row of rows) console.log(`  ${row.plain.padEnd(7)} ${row.leash.padEnd(7)} ${row.name}${row.leak ? `\n${row.leak.replace(/^/gm, '      ')}` : ''}`);
      console.log(broken === 0 ? 'every test that passed plain passes with leash/vitest or fails only with a leak report' : `${broken} tests broke without a leak report`);
    }
    if (broken > 0) process.exitCode = 1;
    return result;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) main();

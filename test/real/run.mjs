#!/usr/bin/env node
// npm run test:real — the differential harness on real projects (see README.md here).
//
//   node test/real/run.mjs [project ...] [--modes plain,track,bind] [--reruns 2] [--typescript 7 | --host esbuild|rolldown]
//
// `--typescript 7` builds plain with TypeScript 7's tsc and the modes with `leash build` (its
// checker over IPC) instead of each project's own TypeScript with the ts-patch plugin.
// `--host esbuild` (or `rolldown`) builds every mode with that bundler, module by module, the
// modes with `leash/esbuild` (`leash/rolldown`).
//
// Prints one line per project and mode and a total; exits 1 when any test's outcome under
// leash differs from plain (after reruns), 2 on bad arguments. A project whose pinned commit is
// not in the real-repository cache prints "not run: ..." and how to add it.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { differs, formatReport, leashRoot, MODES, runProject } from './harness.mjs';
import { projects } from './projects.mjs';

const usage = 'usage: node test/real/run.mjs [project ...] [--modes plain,track,bind] [--reruns 2] [--typescript 7 | --host esbuild|rolldown] [--quiet]';
let options;
try {
  options = parseArgs({
    allowPositionals: true,
    options: { modes: { type: 'string', default: MODES.join(',') }, reruns: { type: 'string', default: '2' }, typescript: { type: 'string' }, host: { type: 'string' }, quiet: { type: 'boolean', default: false } },
  });
} catch (error) {
  fail(`${error.message}\n${usage}`);
}
const modes = options.values.modes.split(',');
const badMode = modes.find((mode) => !MODES.includes(mode));
if (badMode !== undefined) fail(`unknown mode ${JSON.stringify(badMode)}; expected some of ${MODES.join(', ')}\n${usage}`);
const reruns = Number(options.values.reruns);
if (!Number.isInteger(reruns) || reruns < 0) fail(`--reruns expects a whole number from 0, got ${JSON.stringify(options.values.reruns)}\n${usage}`);
const typescript = options.values.typescript;
if (typescript !== undefined && typescript !== '7') fail(`--typescript expects 7 (leave it out for each project's own TypeScript with ts-patch), got ${JSON.stringify(typescript)}\n${usage}`);
const host = options.values.host;
if (host !== undefined && host !== 'esbuild' && host !== 'rolldown') fail(`--host expects esbuild or rolldown (leave it out for tsc with ts-patch, or leash build with --typescript 7), got ${JSON.stringify(host)}\n${usage}`);
if (host !== undefined && typescript !== undefined) fail(`--host ${host} reads types with the TypeScript each project builds with here (6.0 or 5.9); leave out --typescript\n${usage}`);
const names = projects.map((project) => project.name);
const badName = options.positionals.find((name) => !names.includes(name));
if (badName !== undefined) fail(`unknown project ${JSON.stringify(badName)}; expected some of ${names.join(', ')}\n${usage}`);
if (!existsSync(join(leashRoot, 'dist', 'transformer', 'index.js'))) fail('dist/transformer/index.js is missing: run `npm run build` first (npm run test:real does)');

const chosen = options.positionals.length > 0 ? projects.filter((project) => options.positionals.includes(project.name)) : projects;
const log = options.values.quiet ? () => {} : (line) => console.error(`  ... ${line}`);
const started = performance.now();
let tests = 0;
let differences = 0;
let flaky = 0;
let notRun = 0;
for (const project of chosen) {
  if (typescript === '7' && project.typescript7?.unsupported) {
    console.log(`${project.name.padEnd(14)} not run on TypeScript 7: ${project.typescript7.unsupported}`);
    notRun++;
    continue;
  }
  const report = await runProject(project, { modes, reruns, typescript, host, log });
  for (const line of formatReport(report)) console.log(line);
  if (report.missing) {
    notRun++;
    continue;
  }
  tests += report.modes.plain.comparison.total;
  if (differs(report)) differences++;
  for (const mode of Object.values(report.modes)) flaky += mode.comparison.flaky.length;
}
const minutes = (performance.now() - started) / 60_000;
const ran = chosen.length - notRun;
console.log(
  `total: ${ran} of ${chosen.length} projects run${typescript === '7' ? ' on TypeScript 7 (leash build)' : host !== undefined ? ` with ${host} (leash/${host})` : ''}, ${tests} tests x ${new Set(['plain', ...modes]).size} builds, ` +
    `${differences === 0 ? 'no differences' : `${differences} project(s) DIFFER`}, ${flaky} flaky, ${notRun} not run, ${minutes.toFixed(1)} min`,
);
process.exitCode = differences > 0 ? 1 : 0;

function fail(message) {
  console.error(`test/real: ${message}`);
  process.exit(2);
}

// The differential harness behind `npm run test:real`: builds a real project plain and with leash
// (`track`, `bind`) using the same compiler, runs the project's own test suite on each build, and
// compares the outcomes test by test. A test whose outcome differs is rerun (the whole suite, plain
// and the mode) before it counts: a test that ever agrees with plain, or that changes between runs
// of one build, is flaky, not a difference. Track mode, and bind mode with no scopes, must equal plain.
//
// The module API, for other harnesses (projects.mjs documents a project's fields):
//   prepare(project)                   -> { dir } | { missing }   cached install of the pinned tree
//   build(dir, project, mode, plugin, typescript, host)
//                                      -> { seconds, files, instrumented, diagnostics }
//   runSuite(dir, project, mode, attempt, only)
//                                      -> { seconds, exitCode, tests: Map<name, outcome>, only, outputFile }
//   compare(plainRuns, modeRuns)       -> { differ, flaky, same, total }
//   runProject(project, options)       -> one report per mode, reruns included
//   formatReport(report)               -> the lines run.mjs prints
//   run(file, args, options)           -> { exitCode, timedOut, output }   a command in its own process group
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { closeSync, copyFileSync, existsSync, mkdirSync, openSync, readdirSync, readFileSync, realpathSync, renameSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { delimiter, dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';
import { glob } from 'tinyglobby';
import { cacheRoot, checkout } from './cache.mjs';
import { compatModules, node24 } from '../compat/paths.mjs';

const here = dirname(fileURLToPath(import.meta.url));
/** The leash checkout the projects are built with (its `dist/` must be built). */
export const leashRoot = join(here, '..', '..');
/** Installed copies of the cached trees, one folder per project and commit, reused between runs. */
export const installsRoot = process.env.LEASH_REAL_INSTALLS ?? join(dirname(cacheRoot), 'real-installs');
export const MODES = ['plain', 'track', 'bind'];
/** leash's own TypeScript 6, to read a project's tsconfig (comments and all). */
const typescript6 = createRequire(import.meta.url)('typescript');

const tspc = {
  '6.0': join(leashRoot, 'node_modules', 'ts-patch', 'bin', 'tspc.js'),
  '5.9': join(compatModules('ts59'), 'ts-patch', 'bin', 'tspc.js'),
};

/**
 * The project's installed tree: a copy of the cached commit with its dependencies installed and
 * `node_modules/leash` linked to this checkout. Made once per project, commit and install recipe;
 * later calls reuse it (only the `.leash/` build folders change). `{ missing }` when the commit is
 * not in the real-repository cache.
 */
export async function prepare(project, log = () => {}) {
  const lock = project.lock === undefined ? undefined : readFileSync(join(here, 'locks', project.lock), 'utf8');
  const manifest = project.manifest === undefined ? undefined : readFileSync(join(here, 'locks', project.manifest), 'utf8');
  const recipe = createHash('sha256')
    .update(JSON.stringify([project.repo, project.commit, project.dropDevDependencies ?? [], project.addDevDependencies ?? {}, lock ?? '', manifest ?? '', project.workspaces ?? '']))
    .digest('hex')
    .slice(0, 12);
  const dir = join(installsRoot, `${project.name}@${project.commit.slice(0, 12)}`);
  const marker = join(dir, '.leash-installed');
  if (existsSync(marker) && readFileSync(marker, 'utf8') === recipe) {
    linkLeash(dir); // another leash checkout may have used this install last
    return { dir };
  }

  const part = `${dir}.part`;
  rmSync(part, { recursive: true, force: true });
  mkdirSync(dirname(part), { recursive: true });
  const copy = checkout(project.repo, project.commit, part);
  if (copy.missing) return { missing: copy.missing };
  log(`${project.name}: installing its dependencies (once; kept in ${installsRoot})`);
  if (manifest !== undefined) writeFileSync(join(part, 'package.json'), manifest);
  if (project.dropDevDependencies || project.addDevDependencies) {
    const manifest = JSON.parse(readFileSync(join(part, 'package.json'), 'utf8'));
    for (const name of project.dropDevDependencies ?? []) delete manifest.devDependencies[name];
    manifest.devDependencies = { ...manifest.devDependencies, ...project.addDevDependencies };
    writeFileSync(join(part, 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  }
  if (lock !== undefined) writeFileSync(join(part, 'package-lock.json'), lock);
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const install = await run(npm, ['ci', '--ignore-scripts', '--no-audit', '--no-fund', '--loglevel=error'], { cwd: part, timeoutSeconds: 900 });
  if (install.exitCode !== 0) throw new Error(`${project.name}: npm ci failed (exit ${install.exitCode}):\n${install.output.slice(-2000)}`);
  if (project.workspaces !== undefined) linkWorkspaces(part, project.workspaces);
  linkLeash(part);
  writeFileSync(join(part, '.leash-installed'), recipe);
  rmSync(dir, { recursive: true, force: true });
  renameSync(part, dir);
  return { dir };
}

/**
 * Links each package folder in `dir/<folder>/` as `node_modules/<its name>`, as a pnpm workspace
 * install would. The links are relative, so they survive the install folder's rename.
 */
function linkWorkspaces(dir, folder) {
  for (const entry of readdirSync(join(dir, folder), { withFileTypes: true })) {
    const manifest = join(dir, folder, entry.name, 'package.json');
    if (!entry.isDirectory() || !existsSync(manifest)) continue;
    const link = join(dir, 'node_modules', JSON.parse(readFileSync(manifest, 'utf8')).name);
    linkPackage(relative(dirname(link), join(dir, folder, entry.name)), link);
  }
}

/** Points the install's `node_modules/leash` at this checkout (its transformer and runtime). */
function linkLeash(dir) {
  const link = join(dir, 'node_modules', 'leash');
  if (existsSync(link) && realpathSync(link) === realpathSync(leashRoot)) return;
  linkPackage(leashRoot, link);
}

/**
 * Builds the project into `.leash/<mode>/` with ts-patch's `tspc`: no plugin for `plain`, leash's
 * transformer with `{ mode, ...plugin }` otherwise. Type errors do not stop the emit (the plain
 * build gets the same treatment); `diagnostics` is the compiler's output, compared with plain's.
 *
 * With `typescript: '7'`, TypeScript 7's `tsc` builds `plain` and `leash build` the modes, as a
 * project on TypeScript 7 would (README, "TypeScript 7"); see `ts7Build`. With `host` ('esbuild' or
 * 'rolldown'), that bundler builds every mode module by module, the modes with its leash plugin;
 * see `bundlerBuild`.
 */
export async function build(dir, project, mode, plugin = {}, typescript = undefined, host = undefined) {
  const outRoot = join(dir, '.leash', mode);
  rmSync(outRoot, { recursive: true, force: true });
  const started = performance.now();
  const { result, configFile } =
    host !== undefined ? await bundlerBuild(dir, project, mode, plugin, host) : typescript === '7' ? await ts7Build(dir, project, mode, plugin) : await tspcBuild(dir, project, mode, plugin);
  const seconds = (performance.now() - started) / 1000;
  if (!existsSync(outRoot)) throw new Error(`${project.name}: the ${mode} build emitted nothing (exit ${result.exitCode}):\n${result.output.slice(-2000)}`);
  await copyBeside(dir, project, outRoot);
  // "Same as plain" must never mean "not instrumented": count the files that call leash.
  const files = await glob('**/*.{js,mjs,cjs}', { cwd: outRoot });
  const instrumented = files.filter((file) => readFileSync(join(outRoot, file), 'utf8').includes('leash/hooks')).length;
  if (mode !== 'plain' && instrumented === 0) throw new Error(`${project.name}: the ${mode} build has no file that calls leash; is the plugin entry in ${configFile} right?\n${result.output.slice(-2000)}`);
  const compilerOutput = result.output
    .split('\n')
    .filter((line) => !LEASH_BUILD_SUMMARY.test(line))
    .join('\n');
  return { seconds, outRoot, files: files.length, instrumented, diagnostics: compilerOutput.replaceAll(configFile, 'tsconfig.leash.json').trim() };
}

/**
 * Copies the files `project.copy` names (globs, from the project's root) into the build, at the
 * same paths: what the built code reads from beside itself (`require('../../package.json')`,
 * certificates, a fixture a test forks). Copied alike into every build, plain included.
 */
async function copyBeside(dir, project, outRoot) {
  if (project.copy === undefined) return;
  const files = await glob(project.copy, { cwd: dir, ignore: ['node_modules/**', '.leash/**'] });
  if (files.length === 0) throw new Error(`${project.name}: copy names no file (${project.copy.join(', ')})`);
  for (const file of files) {
    mkdirSync(dirname(join(outRoot, file)), { recursive: true });
    copyFileSync(join(dir, file), join(outRoot, file));
  }
}

/**
 * The lines `leash build` adds to the compiler's own output, left out of the comparison with
 * plain: its summary and IPC timing, and the `context canceled` TypeScript 7.0's API process
 * sometimes prints to the shared stderr as leash ends it (1 of 32 cockatiel builds, under load).
 */
const LEASH_BUILD_SUMMARY = /^(?:leash(?: stats)?: |context canceled$)/;

async function tspcBuild(dir, project, mode, plugin) {
  const { outDir = '.', ...compilerOptions } = project.compilerOptions ?? {};
  const config = {
    extends: `./${project.tsconfig ?? 'tsconfig.json'}`,
    ...(project.include ? { include: project.include } : {}),
    compilerOptions: {
      ...compilerOptions,
      outDir: join('.leash', mode, outDir),
      ...UNMAPPED,
      plugins: mode === 'plain' ? [] : [{ transform: 'leash/transformer', mode, ...plugin }],
    },
  };
  const configFile = `tsconfig.leash-${mode}.json`;
  writeFileSync(join(dir, configFile), `${JSON.stringify(config, null, 2)}\n`);
  const compiler = tspc[project.typescript ?? '6.0'];
  if (compiler === undefined) throw new Error(`${project.name}: typescript must be '6.0' or '5.9', got ${JSON.stringify(project.typescript)}`);
  return { configFile, result: await run(process.execPath, [compiler, '-p', configFile], { cwd: dir, timeoutSeconds: 900 }) };
}

/** No source maps: the comparison is of behaviour, and maps only slow the builds. */
const UNMAPPED = { sourceMap: false, declarationMap: false, inlineSources: false, noEmitOnError: false };

/**
 * TypeScript 7: the generated tsconfig sits in `.leash/ts7/`, beside a node_modules of its own
 * where `typescript` is TypeScript 7 (test/compat/ts7) and `typescript6` leash's TypeScript 6 —
 * the setup the README asks of a TypeScript 7 project — so `leash build`, which uses the
 * compiler that resolves from the tsconfig, finds 7 there, while the project's sources still
 * resolve their packages and types from the project. Paths in the config are rebased to that
 * folder. `project.typescript7.compilerOptions` is what the project would change to build on 7
 * (TypeScript 7 no longer includes every @types package: `types: ['node']`).
 */
async function ts7Build(dir, project, mode, plugin) {
  if (Object.keys(plugin).length > 0) throw new Error(`${project.name}: plugin options (${Object.keys(plugin).join(', ')}) are not passed to leash build; run on TypeScript 6`);
  const configDir = join(dir, '.leash', 'ts7');
  linkPackage(join(compatModules('ts7'), 'typescript'), join(configDir, 'node_modules', 'typescript'));
  linkPackage(join(leashRoot, 'node_modules', 'typescript'), join(configDir, 'node_modules', 'typescript6'));
  const config = rebasedConfig(dir, project, mode, project.typescript7?.compilerOptions);
  const configFile = join('.leash', 'ts7', `tsconfig.leash-${mode}.json`);
  writeFileSync(join(dir, configFile), `${JSON.stringify(config, null, 2)}\n`);
  const command = mode === 'plain' ? [join(compatModules('ts7'), 'typescript', 'bin', 'tsc'), '-p', configFile] : [join(leashRoot, 'dist', 'cli', 'leash.js'), 'build', '-p', configFile, '--mode', mode];
  return { configFile, result: await run(process.execPath, command, { cwd: dir, timeoutSeconds: 900 }) };
}

/**
 * A bundler, module by module (`<host>-build.mjs`: esbuild or Rolldown): the generated tsconfig
 * sits in `.leash/<host>/`, beside a node_modules whose `typescript` is the one the project builds
 * with here (leash's TypeScript 6, or 5.9 from test/compat/ts59), which the leash plugin reads
 * types with; the build runs in that folder, as a bundler runs in its project. The outputs keep
 * `tsc`'s layout (`outbase` is the project's `rootDir`); a bundler checks no types, so
 * `diagnostics` is its warnings.
 */
async function bundlerBuild(dir, project, mode, plugin, host) {
  const rootDir = project.compilerOptions?.rootDir;
  if (rootDir === undefined) throw new Error(`${project.name}: --host ${host} needs compilerOptions.rootDir in projects.mjs, where tsc's outputs start`);
  const configDir = join(dir, '.leash', host);
  const typescript = project.typescript === '5.9' ? join(compatModules('ts59'), 'typescript') : join(leashRoot, 'node_modules', 'typescript');
  linkPackage(typescript, join(configDir, 'node_modules', 'typescript'));
  const configFile = join('.leash', host, 'tsconfig.leash.json');
  writeFileSync(join(dir, configFile), `${JSON.stringify(rebasedConfig(dir, project, mode), null, 2)}\n`);
  const outdir = join(dir, '.leash', mode, project.compilerOptions.outDir ?? '.');
  const args = [join(here, `${host}-build.mjs`), join(dir, configFile), mode, outdir, join(dir, rootDir), JSON.stringify(plugin)];
  return { configFile, result: await run(process.execPath, args, { cwd: configDir, timeoutSeconds: 900 }) };
}

/**
 * The tsconfig of a build that runs in `.leash/<folder>/`: the project's, extended, with its
 * paths rebased two folders up, `compilerOptionsOver` (what that compiler needs changed) over the
 * project's options, and the output in `.leash/<mode>/`.
 */
function rebasedConfig(dir, project, mode, compilerOptionsOver = {}) {
  const up = (path) => (typeof path === 'string' ? join('..', '..', path) : path);
  const { outDir = '.', rootDir, tsBuildInfoFile, ...compilerOptions } = { ...project.compilerOptions, ...compilerOptionsOver };
  return {
    extends: up(project.tsconfig ?? 'tsconfig.json'),
    // A tsconfig without `include` or `files` means every file under the config's own folder.
    ...(project.include ? { include: project.include.map(up) } : listsFiles(join(dir, project.tsconfig ?? 'tsconfig.json')) ? {} : { include: [up('**/*')] }),
    compilerOptions: {
      ...compilerOptions,
      ...(rootDir === undefined ? {} : { rootDir: up(rootDir) }),
      ...(tsBuildInfoFile === undefined ? {} : { tsBuildInfoFile: up(tsBuildInfoFile) }),
      outDir: join('..', mode, outDir),
      ...UNMAPPED,
    },
  };
}

/** Whether the tsconfig at `file`, or one it extends by relative path, says which files it takes (`include` or `files`). */
function listsFiles(file) {
  const { config } = typescript6.readConfigFile(file, typescript6.sys.readFile);
  if (config === undefined) throw new Error(`could not read ${file}`);
  if (config.include !== undefined || config.files !== undefined) return true;
  const bases = [config.extends ?? []].flat().filter((base) => base.startsWith('.'));
  return bases.some((base) => listsFiles(join(dirname(file), base.endsWith('.json') ? base : `${base}.json`)));
}

/** Links `target` at `link` (a package folder), replacing whatever link was there (rm removes the link itself, not what it points at; gone or dangling is fine). */
function linkPackage(target, link) {
  mkdirSync(dirname(link), { recursive: true });
  rmSync(link, { force: true });
  symlinkSync(target, link, 'dir');
}

/**
 * Runs the project's test suite on the `mode` build, from `.leash/<mode>/`, and reads each test's
 * outcome (`pass`, `fail`, `skip`) with the project's runner adapter. A suite that outlives its
 * timeout is killed; the tests it had not finished are then missing from the map (`absent`).
 * `only` (test names) reruns just those tests when the runner can select (its `select` export);
 * the run then answers for those names only (`run.only`), else the whole suite runs.
 */
export async function runSuite(dir, project, mode, attempt = 1, only = undefined) {
  const outRoot = join(dir, '.leash', mode);
  const runner = await import(`./runners/${project.test.runner}.mjs`);
  const results = join(dir, '.leash', 'results');
  mkdirSync(results, { recursive: true });
  const resultFile = join(results, `${mode}-${attempt}.json`);
  const outputFile = join(results, `${mode}-${attempt}.log`);
  rmSync(resultFile, { force: true });
  const selected = only !== undefined && runner.select === true ? only : undefined;
  const context = { dir, outRoot, resultFile, outputFile, project, only: selected };
  const node = project.node === 'node24' ? node24 : process.execPath;
  const env = { ...process.env };
  delete env.LEASH_MODE; // the build's own mode, written into each file, must decide
  delete env.NODE_OPTIONS;
  // Tests that import by the tsconfig's `baseUrl` (`'src/lib/shared'`) resolve from the build.
  if (project.test.nodePath !== undefined) env.NODE_PATH = project.test.nodePath.map((folder) => join(outRoot, folder)).join(delimiter);
  const started = performance.now();
  const result = await run(node, runner.command(context), { cwd: outRoot, env, outputFile, timeoutSeconds: project.test.timeoutSeconds ?? 600 });
  const seconds = (performance.now() - started) / 1000;
  const tests = new Map();
  let parsed = [];
  try {
    parsed = runner.parse(context);
  } catch (error) {
    if (!result.timedOut) throw new Error(`${project.name} (${mode}): could not read the test results (${error.message}); suite output in ${outputFile}`, { cause: error });
  }
  for (const { name, outcome, detail } of parsed) {
    let key = name;
    for (let n = 2; tests.has(key); n++) key = `${name} #${n}`;
    tests.set(key, { outcome, detail });
  }
  return { seconds, exitCode: result.exitCode, timedOut: result.timedOut, tests, only: selected && new Set(selected), outputFile };
}

/**
 * Compares every run of one build with every run of plain, test by test. A test differs when no
 * outcome it had in `modeRuns` ever occurred in `plainRuns` (a test missing from a run counts as
 * `absent`); it is flaky when it agrees at least once but its outcome varied between runs.
 * `flakyUnderLeash` names the flaky tests whose plain outcome never varied: worth a look.
 */
export function compare(plainRuns, modeRuns) {
  const names = new Set([...plainRuns, ...modeRuns].filter((run) => !run.only).flatMap((run) => [...run.tests.keys()]));
  // A rerun of selected tests answers only for those.
  const outcomes = (runs, name) => new Set(runs.filter((run) => !run.only || run.only.has(name)).map((run) => run.tests.get(name)?.outcome ?? 'absent'));
  const differ = [];
  const flaky = [];
  const flakyUnderLeash = [];
  for (const name of [...names].sort()) {
    const plain = outcomes(plainRuns, name);
    const mode = outcomes(modeRuns, name);
    if (![...mode].some((outcome) => plain.has(outcome))) {
      const detail = modeRuns.map((run) => run.tests.get(name)?.detail).find(Boolean);
      differ.push({ name, plain: [...plain], mode: [...mode], detail });
    } else if (plain.size > 1 || mode.size > 1) {
      flaky.push(name);
      if (plain.size === 1) flakyUnderLeash.push(name);
    }
  }
  return { total: names.size, differ, flaky, flakyUnderLeash, same: names.size - differ.length - flaky.length };
}

/**
 * Builds `project` in each of `modes` (plain first, always), runs its suite on each, and reruns
 * plain and every mode that differs up to `reruns` more times (only the differing tests, when the
 * runner can select them). Returns
 * `{ project, missing }` or `{ project, modes: { [mode]: { build, runs, comparison } } }`.
 */
export async function runProject(project, { modes = MODES, reruns = 2, plugin = {}, typescript = undefined, host = undefined, log = () => {} } = {}) {
  const prepared = await prepare(project, log);
  if (prepared.missing) return { project, missing: prepared.missing };
  const { dir } = prepared;
  const wanted = ['plain', ...modes.filter((mode) => mode !== 'plain')];
  const report = { project, modes: {} };
  for (const mode of wanted) {
    log(`${project.name}: building ${mode}`);
    const built = await build(dir, project, mode, plugin, typescript, host);
    log(`${project.name}: running the ${mode} suite`);
    report.modes[mode] = { build: built, runs: [await runSuite(dir, project, mode)] };
  }
  const plain = report.modes.plain;
  for (let attempt = 2; attempt <= reruns + 1; attempt++) {
    const differing = new Map();
    for (const mode of wanted.slice(1)) {
      const names = compare(plain.runs, report.modes[mode].runs).differ.map((test) => test.name);
      if (names.length > 0) differing.set(mode, names);
    }
    if (differing.size === 0) break;
    differing.set('plain', [...new Set([...differing.values()].flat())]);
    for (const mode of ['plain', ...wanted.slice(1).filter((mode) => differing.has(mode))]) {
      const names = differing.get(mode);
      log(`${project.name}: rerunning ${names.length} differing test(s) on ${mode} (run ${attempt} of ${reruns + 1}) to tell flakes from differences`);
      report.modes[mode].runs.push(await runSuite(dir, project, mode, attempt, names));
    }
  }
  for (const mode of wanted) report.modes[mode].comparison = compare(plain.runs, report.modes[mode].runs);
  return report;
}

/** `, N flaky (M only under leash)` for a mode's line, or nothing. */
export function flakyNote(mode, { flaky, flakyUnderLeash }) {
  if (flaky.length === 0) return '';
  const underLeash = mode === 'plain' ? 0 : flakyUnderLeash.length;
  return `, ${flaky.length} flaky${underLeash > 0 ? ` (${underLeash} only under leash)` : ''}`;
}

/** The lines under a mode's line: each test that differs from plain, then each flaky only under leash. */
export function differLines(mode, { differ, flakyUnderLeash }) {
  const lines = differ.map(({ name, plain, mode: outcomes, detail }) => `    ${name}: plain ${plain.join('/')}, ${mode} ${outcomes.join('/')}${detail ? ` — ${String(detail).replace(/\s+/g, ' ').trim().slice(0, 160)}` : ''}`);
  if (mode !== 'plain') for (const test of flakyUnderLeash) lines.push(`    flaky only under leash: ${test}`);
  return lines;
}

/** One line per mode (plus the differing tests under it), for the CLI. */
export function formatReport(report) {
  const name = report.project.name.padEnd(14);
  if (report.missing) return [report.missing];
  const lines = [];
  for (const [mode, { build: built, runs, comparison }] of Object.entries(report.modes)) {
    const first = runs[0];
    const counts = { pass: 0, fail: 0, skip: 0 };
    for (const { outcome } of first.tests.values()) counts[outcome]++;
    const instrumented = mode === 'plain' ? '' : `${built.instrumented} of ${built.files} files instrumented, `;
    const times = `${instrumented}build ${built.seconds.toFixed(1)}s, tests ${runs.map((run) => `${run.seconds.toFixed(1)}s`).join(' + ')}`;
    const timedOut = runs.some((run) => run.timedOut) ? ', a run TIMED OUT' : '';
    const buildDiffers = mode !== 'plain' && built.diagnostics !== report.modes.plain.build.diagnostics;
    let verdict;
    if (mode === 'plain') {
      verdict = `${first.tests.size} tests: ${counts.pass} passed, ${counts.fail} failed, ${counts.skip} skipped`;
    } else if (comparison.differ.length === 0 && !buildDiffers) {
      verdict = `${comparison.total} tests: same as plain`;
    } else {
      verdict = `${comparison.total} tests: DIFFERS from plain in ${comparison.differ.length}${buildDiffers ? ' (and the compiler output differs)' : ''}`;
    }
    lines.push(`${name} ${mode.padEnd(5)}  ${verdict}${flakyNote(mode, comparison)}${timedOut}  (${times})`);
    lines.push(...differLines(mode, comparison));
    if (buildDiffers) lines.push(`    compiler output, plain:\n${indent(report.modes.plain.build.diagnostics)}\n    ${mode}:\n${indent(built.diagnostics)}`);
  }
  return lines;
}

/** Whether a report shows a difference: a test that differs, or compiler output that does. */
export function differs(report) {
  if (report.missing) return false;
  return Object.entries(report.modes).some(([mode, { build: built, comparison }]) => comparison.differ.length > 0 || (mode !== 'plain' && built.diagnostics !== report.modes.plain.build.diagnostics));
}

function indent(text) {
  return (text || '(none)').split('\n').map((line) => `      ${line}`).join('\n');
}

/**
 * Runs a command in its own process group; on timeout the whole group is killed. Output goes to
 * `outputFile` when given (a suite can print megabytes), else is collected.
 */
export function run(file, args, { cwd, env = process.env, outputFile, timeoutSeconds }) {
  return new Promise((resolve, reject) => {
    const fd = outputFile === undefined ? undefined : openSync(outputFile, 'w');
    const child = spawn(file, args, { cwd, env, detached: true, stdio: ['ignore', fd ?? 'pipe', fd ?? 'pipe'] });
    let output = '';
    child.stdout?.on('data', (chunk) => (output += chunk));
    child.stderr?.on('data', (chunk) => (output += chunk));
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      try {
        process.kill(-child.pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }, timeoutSeconds * 1000);
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      if (fd !== undefined) closeSync(fd);
      resolve({ exitCode: code ?? signal, timedOut, output });
    });
  });
}

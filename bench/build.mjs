#!/usr/bin/env node
// npm run bench:build — build cost of the leash transformer.
// Generates a ~1,000-file TypeScript project in a temporary folder (services with timers,
// listeners, fetches and detached calls, plus plain typed code), then builds it with plain `tsc`
// and with `tspc` + leash, interleaved, several runs each, and prints the medians and the ratio
// (target: at most 1.15x). `tspc` without the plugin is timed too, to separate ts-patch's own
// cost from leash's. Each build's CPU time (user + system, read by the compiler process itself
// at exit) is reported beside its wall time: on a shared machine it is the steadier number.
// Then the same project on TypeScript 7 (test/compat/ts7): plain `tsc` vs `leash build`
// (target: at most 1.5x wall), with leash's own share (planning with TS 7's checker over IPC,
// and rewriting the output) as leash build prints it, and (LEASH_STATS=1) its round trips to
// TypeScript 7's process split into the checker's own work and the transport.
// Needs `npm run build` first (the plugin is dist/transformer, the CLI dist/cli).
//
// Then Vite 8 builds it plain and with leash/vite, cold and warm (its module cache), on TypeScript 6
// and 7 (on Node 24; `--no-vite` leaves that out, `--only-vite` runs only that).
//
// Four floors run beside them: a transform hook with leash's filter that returns null, one that
// returns the code it was given, one that returns it with a newline added (changed, no map
// needed), and one that hands back leash's recorded outputs with their maps ("leash output
// replayed"): what any JavaScript plugin, and any cache of leash's, costs in Vite.
//
// Then leash/node: the same project run by Node 24 as TypeScript, plain and with
// `--import leash/node`, cold and warm, on TypeScript 6 and 7 (`--no-node` leaves it out,
// `--only-node` runs only that); and `node --test` over a test file per chain of modules, plain and
// with leash/node cold (the first test process planning the project ahead, or, with
// LEASH_PLAN_AHEAD=0, each process planning its own) and warm. CPU time there is the runner's and
// every test process's.
//
// `--rows <regex>` keeps only the leash/vite and leash/node rows whose name matches (plain `vite 8` and the
// floors always run: the ratios divide by the first), e.g. `--only-vite --rows warm`; `--keep` leaves the generated
// project in place and prints its folder (to profile one build by hand).
//
//   node bench/build.mjs [--files 1000] [--runs 3] [--no-vite | --only-vite] [--no-node | --only-node] [--rows <regex>] [--keep] [--help]
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = join(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
if (args.includes('--help')) {
  // The usage is this file's head comment.
  const head = readFileSync(fileURLToPath(import.meta.url), 'utf8').split('\n').slice(1).filter((line) => line.startsWith('//'));
  console.log(head.map((line) => line.replace(/^\/\/ ?/, '')).join('\n'));
  process.exit(0);
}
const option = (name, fallback) => {
  const at = args.indexOf(`--${name}`);
  return at >= 0 ? Number(args[at + 1]) : fallback;
};
const FILES = option('files', 1000);
const RUNS = option('runs', 3);
const ROWS = args.includes('--rows') ? new RegExp(args[args.indexOf('--rows') + 1]) : undefined;

if (!existsSync(join(repo, 'dist/transformer/index.js'))) {
  console.error('bench/build.mjs: dist/transformer/index.js is missing; run `npm run build` first.');
  process.exit(1);
}

/** Module `i`, importing module `i - 1` unless it starts a chain (`first`). */
function source(i, first = i === 0) {
  const previous = first ? '' : `import { helper${i - 1}, type Shape${i - 1} } from './m${i - 1}.js';\n`;
  const use = first ? 'n' : `helper${i - 1}(n)`;
  return `${previous}import { EventEmitter } from 'node:events';

export interface Options${i} {
  signal?: AbortSignal;
  retries?: number;
}

export type Shape${i} = { kind: 'circle'; r: number } | { kind: 'rect'; w: number; h: number }${first ? '' : ` | Shape${i - 1}`};

export function area${i}(shape: Shape${i}): number {
  switch (shape.kind) {
    case 'circle':
      return Math.PI * shape.r ** 2;
    case 'rect':
      return shape.w * shape.h;
    default:
      return 0;
  }
}

export function helper${i}(n: number): number {
  const values = [n, n + 1, n + 2].map((v) => v * ${i % 7 + 1});
  return values.reduce((sum, v) => sum + v, 0) + ${use};
}

export class Service${i} extends EventEmitter {
  #timer: NodeJS.Timeout | undefined;
  readonly cache = new Map<string, string>();

  start(): void {
    this.#timer = setInterval(() => this.emit('tick', ${i}), 1_000);
    this.on('tick', (n: number) => this.cache.set(String(n), 'tick'));
  }

  stop(): void {
    clearInterval(this.#timer);
    this.removeAllListeners('tick');
  }

  async load(id: string, options: Options${i} = {}): Promise<string> {
    const cached = this.cache.get(id);
    if (cached !== undefined) return cached;
    const response = await fetch(\`http://127.0.0.1:8080/${i}/\${id}\`, { method: 'GET' });
    const text = await response.text();
    this.cache.set(id, text.slice(0, options.retries ?? 100));
    return text;
  }

  async refresh(ids: readonly string[], signal?: AbortSignal): Promise<number> {
    let total = 0;
    for (const id of ids) total += (await this.load(id)).length;
    this.load('background');
    setTimeout(() => this.cache.clear(), 60_000);
    return total + helper${i}(ids.length) + (signal?.aborted ? 1 : 0);
  }
}
`;
}

function project(root) {
  mkdirSync(join(root, 'src'), { recursive: true });
  mkdirSync(join(root, 'node_modules'));
  symlinkSync(repo, join(root, 'node_modules/leash'), 'dir');
  writeFileSync(join(root, 'package.json'), JSON.stringify({ name: 'bench-build', private: true, type: 'module' }));
  for (let i = 0; i < FILES; i++) writeFileSync(join(root, 'src', `m${i}.ts`), source(i));
  const base = {
    target: 'es2022',
    module: 'nodenext',
    outDir: 'out',
    rootDir: 'src',
    strict: true,
    skipLibCheck: true,
    types: ['node'],
    typeRoots: [join(repo, 'node_modules/@types')],
  };
  writeFileSync(join(root, 'tsconfig.json'), JSON.stringify({ compilerOptions: base, include: ['src'] }));
  writeFileSync(join(root, 'tsconfig.ts7.json'), JSON.stringify({ compilerOptions: { ...base, outDir: 'out-ts7' }, include: ['src'] }));
  writeFileSync(join(root, 'tsconfig.leash.json'), JSON.stringify({ compilerOptions: { ...base, outDir: 'out-leash', plugins: [{ transform: 'leash/transformer' }] }, include: ['src'] }));
}

const bin = (name) => join(repo, 'node_modules/.bin', name);
const ts6 = join(repo, 'node_modules/typescript');
const ts7 = join(repo, 'test/compat/ts7/node_modules/typescript');
const ts7Builds = {
  'tsc 7': [join(ts7, 'bin/tsc'), '-p', 'tsconfig.json'],
  'leash build (ts7)': [join(repo, 'dist/cli/leash.js'), 'build', '-p', 'tsconfig.ts7.json'],
};
const builds = {
  tsc: [bin('tsc'), '-p', 'tsconfig.json'],
  'tspc (no plugin)': [bin('tspc'), '-p', 'tsconfig.json'],
  'tspc + leash': [bin('tspc'), '-p', 'tsconfig.leash.json'],
};

/** Preloaded into each compiler process: writes its own CPU time (ms) to the file in LEASH_BENCH_CPU. */
// Appends: node --test's test processes inherit the preload, and a run's CPU time is theirs and the runner's.
const CPU_PRELOAD = `process.on('exit', () => { const u = process.cpuUsage(); require('node:fs').appendFileSync(process.env.LEASH_BENCH_CPU, String((u.user + u.system) / 1000) + '\\n'); });`;

/** The CPU milliseconds the processes of one run wrote (CPU_PRELOAD: one line each). */
function cpuOf(cpuFile) {
  return readFileSync(cpuFile, 'utf8').trim().split('\n').reduce((sum, line) => sum + Number(line), 0);
}

/**
 * The line leash prints with LEASH_STATS=1 on TypeScript 7 (`leash build` and the plugins): its
 * round trips to the compiler's process, and their time split into the checker's own work and the
 * transport (as TypeScript 7's client measures them).
 */
const IPC = /leash stats: TypeScript 7 over IPC: (\d+) round trips, (\d+) ms \(checker (\d+) ms, transport (\d+) ms\)\n?/;
function ipcOf(stderr) {
  const found = IPC.exec(stderr ?? '');
  return found ? { requests: Number(found[1]), roundTrip: Number(found[2]), checker: Number(found[3]), transport: Number(found[4]) } : undefined;
}
/** `IPC, median: ...` for rows whose every run printed the IPC line; '' otherwise. */
function ipcLine(samples) {
  if (!samples.every((s) => s.ipc !== undefined)) return '';
  const part = (key) => Math.round(median(samples.map((s) => s.ipc[key])));
  return `TypeScript 7 IPC, median: ${part('requests')} round trips, ${part('roundTrip')} ms (the checker's own work ${part('checker')} ms, transport ${part('transport')} ms)`;
}

function time(root, [compiler, ...rest]) {
  const cpuFile = join(root, 'cpu.txt');
  rmSync(cpuFile, { force: true });
  const start = process.hrtime.bigint();
  const result = spawnSync(process.execPath, ['--require', join(root, 'cpu-preload.cjs'), compiler, ...rest], {
    cwd: root,
    stdio: ['ignore', 'ignore', 'pipe'],
    encoding: 'utf8',
    env: { ...process.env, LEASH_BENCH_CPU: cpuFile, LEASH_STATS: '1' },
  });
  if (result.status !== 0) throw new Error(`${compiler} ${rest.join(' ')} exited ${result.status}:\n${result.stderr}`);
  // leash build prints its own time; TypeScript 7's compiler runs in a Go process, outside this CPU count.
  const own = /leash's own time (\d+) ms/.exec(result.stderr ?? '');
  return { wall: Number(process.hrtime.bigint() - start) / 1e6, cpu: cpuOf(cpuFile), own: own ? Number(own[1]) : undefined, ipc: ipcOf(result.stderr) };
}

/**
 * Vite 8 (Node 24, test/compat/vite8) builds the same project as an SSR bundle from its last
 * module, which imports every other: plain, and with `leash/vite` cold (its module cache emptied
 * first, so the checker runs on every module) and warm (the cache the cold build before it left:
 * what a second build or a dev-server restart sees), on the project's TypeScript 6 (classic, in
 * process) and on TypeScript 7 (its checker over IPC) when installed; interleaved. Each leash
 * build prints leash's own time (its transform hook, checker included). The floor rows of a warm
 * build: leash's outputs handed back from memory by a plugin that does nothing else (what Vite
 * itself spends on a hook and on the rewritten modules and their maps), and the same outputs as
 * edits on Rolldown's native MagicString (Rolldown makes the map). Prints the medians and
 * the ratios (target: at most 1.3x). Returns without rows, saying why, when Vite 8 or the Node 24
 * binary is not installed (`node test/compat/install.mjs`).
 */
async function benchVite(root) {
  const { compatModules, node24 } = await import('../test/compat/paths.mjs');
  const vite = join(compatModules('vite8'), 'vite/dist/node/index.js');
  if (!existsSync(vite) || !existsSync(node24)) {
    console.log('vite 8 rows: not run: Vite 8 or the Node 24 binary is missing; run node test/compat/install.mjs');
    return;
  }
  const rolldown = join(compatModules('vite8'), 'rolldown/dist/index.mjs');
  writeFileSync(
    join(root, 'vite-build.mjs'),
    `import { build } from ${JSON.stringify(vite)};
import { readFileSync, writeFileSync } from 'node:fs';
import { RolldownMagicString } from ${JSON.stringify(rolldown)};
import leash from 'leash/vite';
const withLeash = process.argv[2] === 'leash';
let own = 0;
let plugin = withLeash ? leash() : undefined;
if (plugin) {
  // leash's own time: its transform hook (the checker, planning and writing; cache reads when warm).
  const handler = plugin.transform.handler;
  const record = process.env.LEASH_BENCH_RECORD === '1' ? new Map() : undefined;
  plugin.transform.handler = async function (code, id) {
    const start = performance.now();
    try {
      const result = await handler.call(this, code, id);
      record?.set(id, result);
      return result;
    } finally {
      own += performance.now() - start;
    }
  };
  if (record) process.on('exit', () => writeFileSync('replay.json', JSON.stringify([...record])));
}
// The floor of any JavaScript transform hook on Rolldown: one with leash's filter that changes
// nothing (returns null), and one that hands back the code it was given (without a map).
const filter = { id: { include: [/\\.[cm]?tsx?(?:$|\\?)/], exclude: [/[\\\\/]node_modules[\\\\/]/, /^\\0/] } };
if (process.argv[2] === 'hook-null') plugin = { name: 'hook-null', enforce: 'pre', transform: { filter, handler: () => null } };
if (process.argv[2] === 'hook-same') plugin = { name: 'hook-same', enforce: 'pre', transform: { filter, handler: (code) => ({ code, map: null }) } };
// And one that changes each module by a newline at its end: no position moves, so no map is
// needed, and the module is still one a plugin changed.
if (process.argv[2] === 'hook-newline') plugin = { name: 'hook-newline', enforce: 'pre', transform: { filter, handler: (code) => ({ code: code + '\\n', map: null }) } };
if (process.argv[2] === 'replay') {
  // The floor of any cache: leash's outputs, recorded by an earlier build, handed back from memory
  // by a hook with leash's filter (reading them included: one JSON file, as leash's index).
  const outputs = new Map(JSON.parse(readFileSync('replay.json', 'utf8')));
  plugin = { name: 'replay', enforce: 'pre', transform: { filter, handler: (code, id) => outputs.get(id) ?? null } };
}
if (process.argv[2] === 'replay-native') {
  // The same outputs as leash's edits (inserts and removals at offsets of the file) applied to
  // Rolldown's native MagicString, which Rolldown turns into the map itself, in Rust: handing it
  // less than code and a map. (Vite copies the hook's meta argument, so meta.magicString
  // never reaches a plugin under Vite: the hook makes its own.)
  const edits = new Map(JSON.parse(readFileSync('replay-edits.json', 'utf8')));
  plugin = { name: 'replay-native', enforce: 'pre', transform: { filter, handler(code, id) {
    const list = edits.get(id);
    if (list === undefined) return null;
    const s = new RolldownMagicString(code);
    for (const [at, end, text] of list) text === undefined ? s.remove(at, end) : s.appendLeft(at, text);
    return { code: s };
  } } };
}
await build({
  root: ${JSON.stringify(root)},
  configFile: false,
  logLevel: 'error',
  plugins: plugin ? [plugin] : [],
  ssr: { external: ['leash'] },
  build: { ssr: 'src/m${FILES - 1}.ts', outDir: withLeash ? 'out-vite-leash' : 'out-vite', emptyOutDir: true, sourcemap: true, minify: false, target: 'node22' },
});
if (withLeash) process.stderr.write(\`leash's own time \${Math.round(own)} ms\\n\`);
`,
  );
  const cache = join(root, 'node_modules/.cache/leash');
  const useTypeScript = (typescript) => linkTypeScript(root, typescript);
  const plain = [node24, 'vite-build.mjs', 'plain'];
  const withLeash = [node24, 'vite-build.mjs', 'leash'];
  const cold = (typescript) => () => {
    useTypeScript(typescript);
    rmSync(cache, { recursive: true, force: true });
    return withLeash;
  };
  const warm = (typescript) => () => {
    useTypeScript(typescript);
    return withLeash;
  };
  const viteBuilds = {
    'vite 8': () => plain,
    'vite 8 + a hook returning null': () => [node24, 'vite-build.mjs', 'hook-null'],
    'vite 8 + a hook returning its input': () => [node24, 'vite-build.mjs', 'hook-same'],
    'vite 8 + a hook adding a newline': () => [node24, 'vite-build.mjs', 'hook-newline'],
    'vite 8 + leash output replayed': () => [node24, 'vite-build.mjs', 'replay'],
    'vite 8 + leash edits replayed on RolldownMagicString': () => [node24, 'vite-build.mjs', 'replay-native'],
    'vite 8 + leash/vite, TS 6 cold': cold(ts6),
    'vite 8 + leash/vite, TS 6 warm': warm(ts6),
  };
  if (existsSync(join(ts7, 'bin/tsc'))) {
    viteBuilds['vite 8 + leash/vite, TS 7 cold'] = cold(ts7);
    viteBuilds['vite 8 + leash/vite, TS 7 warm'] = warm(ts7);
  } else console.log('vite 8 + leash/vite on TypeScript 7: not run: test/compat/ts7 is not installed (node test/compat/install.mjs)');
  for (const name of Object.keys(viteBuilds)) if (ROWS !== undefined && name.includes('leash/vite') && !ROWS.test(name)) delete viteBuilds[name];
  const times = Object.fromEntries(Object.keys(viteBuilds).map((name) => [name, []]));
  // Warm-up: the file system cache, the outputs the replay row hands back, and the module cache of
  // each TypeScript a selected warm row reads.
  timeWith(root, cold(ts6)(), { LEASH_BENCH_RECORD: '1' });
  await writeReplayEdits(root);
  if (Object.keys(viteBuilds).some((name) => name.includes('TS 7'))) timeWith(root, warm(ts7)());
  for (let run = 0; run < RUNS; run++) {
    for (const [name, command] of Object.entries(viteBuilds)) times[name].push(timeWith(root, command()));
  }
  printRatios(report(times), 'vite 8', ' (target <= 1.3x)');
}

/**
 * The recorded outputs (replay.json) as edits of each module's text, for the RolldownMagicString
 * row: a character diff of the file and leash's output, as [offset, end] removals and [offset,
 * offset, text] inserts. Checked: applying them gives leash's output.
 */
async function writeReplayEdits(root) {
  const { diffChars } = await import('diff');
  const edits = [];
  for (const [id, output] of JSON.parse(readFileSync(join(root, 'replay.json'), 'utf8'))) {
    if (output == null) continue;
    const original = readFileSync(id.split('?')[0], 'utf8');
    const list = [];
    let at = 0;
    for (const part of diffChars(original, output.code)) {
      if (part.added) list.push([at, at, part.value]);
      else if (part.removed) list.push([at, (at += part.value.length)]);
      else at += part.value.length;
    }
    let rebuilt = '';
    let from = 0;
    for (const [start, end, text] of list) {
      rebuilt += original.slice(from, start) + (text ?? '');
      from = end;
    }
    if (rebuilt + original.slice(from) !== output.code) throw new Error(`bench: the edits of ${id} do not give leash's output`);
    edits.push([id, list]);
  }
  writeFileSync(join(root, 'replay-edits.json'), JSON.stringify(edits));
}

/**
 * leash/node on Node 24: the same project run as TypeScript, without a build (its relative imports
 * renamed to the `.ts` files, as Node requires), loading all its modules from one entry: plain
 * Node (its type stripping), and with `--import leash/node` cold (module cache emptied: every
 * module planned, the checker opened) and warm (the cache of the run before: a restart), on
 * TypeScript 6 and 7; interleaved. What a user sees at each start of a program or test run.
 */
async function benchNode(root) {
  const { node24 } = await import('../test/compat/paths.mjs');
  if (!existsSync(node24)) {
    console.log('leash/node rows: not run: the Node 24 binary is missing; run node test/compat/install.mjs');
    return;
  }
  const dir = join(root, 'node-project');
  mkdirSync(join(dir, 'src'), { recursive: true });
  mkdirSync(join(dir, 'node_modules'));
  symlinkSync(repo, join(dir, 'node_modules/leash'), 'dir');
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'bench-node', private: true, type: 'module' }));
  // Chains of 50 imports, all imported by main.ts: Node 24 cannot link an import chain 1,000 deep (its stack overflows).
  const CHAIN = 50;
  for (let i = 0; i < FILES; i++) writeFileSync(join(dir, 'src', `m${i}.ts`), source(i, i % CHAIN === 0).replace(/from '\.\/(m\d+)\.js'/g, "from './$1.ts'"));
  const ends = Array.from({ length: FILES }, (_, i) => i).filter((i) => i % CHAIN === CHAIN - 1 || i === FILES - 1);
  writeFileSync(join(dir, 'src', 'main.ts'), ends.map((i) => `import './m${i}.ts';\n`).join(''));
  const compilerOptions = { target: 'es2022', module: 'nodenext', strict: true, skipLibCheck: true, noEmit: true, allowImportingTsExtensions: true, types: ['node'], typeRoots: [join(repo, 'node_modules/@types')] };
  writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify({ compilerOptions, include: ['src'] }));
  writeFileSync(join(dir, 'cpu-preload.cjs'), CPU_PRELOAD);
  const cache = join(dir, 'node_modules/.cache/leash');
  const entry = 'src/main.ts';
  const withLeash = (typescript, cold, flags = [], run = [entry]) => () => {
    linkTypeScript(dir, typescript);
    if (cold) rmSync(cache, { recursive: true, force: true });
    return [node24, ...flags, '--import', 'leash/node', ...run];
  };
  // node --test: a test file per chain, each run by node in a process of its own (as many at once as it runs by default).
  mkdirSync(join(dir, 'test'));
  const tests = ends.map((i) => {
    const file = `test/m${i}.test.ts`;
    writeFileSync(join(dir, file), `import { test } from 'node:test';\nimport '../src/m${i}.ts';\n\ntest('loads m${i}', () => {});\n`);
    return file;
  });
  writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify({ compilerOptions, include: ['src', 'test'] }));
  const env = { 'node 24 --test + leash/node, TS 6 cold, each plans its own': { LEASH_PLAN_AHEAD: '0' } };
  const rows = {
    'node 24': () => [node24, entry],
    'node 24 + leash/node, TS 6 cold': withLeash(ts6, true),
    'node 24 + leash/node, TS 6 warm': withLeash(ts6, false),
    // With source maps on, leash writes each module's map inline (Node reads it as it loads the module).
    'node 24 --enable-source-maps': () => [node24, '--enable-source-maps', entry],
    'node 24 + leash/node, TS 6 warm, maps': withLeash(ts6, false, ['--enable-source-maps']),
  };
  if (existsSync(join(ts7, 'bin/tsc'))) {
    rows['node 24 + leash/node, TS 7 cold'] = withLeash(ts7, true);
    rows['node 24 + leash/node, TS 7 warm'] = withLeash(ts7, false);
  } else console.log('leash/node on TypeScript 7: not run: test/compat/ts7 is not installed (node test/compat/install.mjs)');
  Object.assign(rows, {
    'node 24 --test': () => [node24, '--test', ...tests],
    'node 24 --test + leash/node, TS 6 cold': withLeash(ts6, true, [], ['--test', ...tests]),
    'node 24 --test + leash/node, TS 6 cold, each plans its own': withLeash(ts6, true, [], ['--test', ...tests]),
    'node 24 --test + leash/node, TS 6 warm': withLeash(ts6, false, [], ['--test', ...tests]),
  });
  for (const name of Object.keys(rows)) if (ROWS !== undefined && name !== 'node 24' && name !== 'node 24 --test' && !ROWS.test(name)) delete rows[name];
  const times = Object.fromEntries(Object.keys(rows).map((name) => [name, []]));
  // Warm-up: the file system cache, and the module cache the warm rows read: one run of each fills
  // what it loads (the test files too); a cold row empties it again only when it runs, right before its own.
  timeWith(dir, rows['node 24']());
  for (const [name, command] of Object.entries(rows)) if (name.includes('warm')) timeWith(dir, command(), env[name]);
  for (let run = 0; run < RUNS; run++) {
    for (const [name, command] of Object.entries(rows)) times[name].push(timeWith(dir, command(), env[name]));
  }
  const medians = report(times);
  const testRows = (name) => name.startsWith('node 24 --test');
  printRatios(Object.fromEntries(Object.entries(medians).filter(([name]) => !testRows(name))), 'node 24');
  printRatios(Object.fromEntries(Object.entries(medians).filter(([name]) => testRows(name))), 'node 24 --test');
}

/** Points the generated project's `typescript` at one of the installed TypeScripts. */
function linkTypeScript(dir, typescript) {
  rmSync(join(dir, 'node_modules/typescript'), { force: true });
  symlinkSync(typescript, join(dir, 'node_modules/typescript'), 'dir');
}

/** One line per row after the first: its wall and CPU medians over the `base` row's. */
function printRatios(medians, base, target = '') {
  for (const name of Object.keys(medians).filter((name) => name !== base)) {
    const ratio = (kind) => (medians[name][kind] / medians[base][kind]).toFixed(3);
    console.log(`ratio ${name} / ${base}: ${ratio('wall')}x wall, ${ratio('cpu')}x cpu${target}`);
  }
}

/** Like time(), with the node binary given first: `[node, script, ...args]`. */
function timeWith(root, [node, ...rest], env = {}) {
  const cpuFile = join(root, 'cpu.txt');
  rmSync(cpuFile, { force: true });
  const start = process.hrtime.bigint();
  const result = spawnSync(node, ['--require', join(root, 'cpu-preload.cjs'), ...rest], { cwd: root, stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8', env: { ...process.env, ...env, LEASH_BENCH_CPU: cpuFile, LEASH_STATS: '1' } });
  if (result.status !== 0) throw new Error(`${rest.join(' ')} exited ${result.status}:\n${result.stderr}`);
  const own = /leash's own time (\d+) ms/.exec(result.stderr ?? '');
  const STATS = /leash stats: checker (\d+) ms, planning (\d+) ms, emit (\d+) ms, cache (\d+) ms \((\d+) hits, (\d+) misses, checker opened (\d+) times\)\n?/;
  const stats = STATS.exec(result.stderr ?? '');
  // Anything else on stderr (a leash warning) is shown: a bench that hides warnings hides skipped work.
  const other = (result.stderr ?? '').replace(/leash's own time \d+ ms\n?/, '').replace(STATS, '').replace(IPC, '').trim();
  if (other !== '') console.log(other);
  const breakdown = stats ? { checker: Number(stats[1]), planning: Number(stats[2]), emit: Number(stats[3]), cache: Number(stats[4]), hits: Number(stats[5]), misses: Number(stats[6]), opens: Number(stats[7]) } : undefined;
  return { wall: Number(process.hrtime.bigint() - start) / 1e6, cpu: cpuOf(cpuFile), own: own ? Number(own[1]) : undefined, breakdown, ipc: ipcOf(result.stderr) };
}

/** Prints each build's medians and runs; returns the medians by name. */
function report(times) {
  const seconds = (ms) => (ms / 1000).toFixed(2);
  const medians = {};
  for (const [name, samples] of Object.entries(times)) {
    medians[name] = { wall: median(samples.map((s) => s.wall)), cpu: median(samples.map((s) => s.cpu)) };
    const runs = samples.map((s) => seconds(s.wall)).join(', ');
    const own = samples.every((s) => s.own !== undefined) ? `  leash's own median ${seconds(median(samples.map((s) => s.own)))} s` : '';
    console.log(`${name.padEnd(32)} wall median ${seconds(medians[name].wall)} s  cpu median ${seconds(medians[name].cpu)} s${own}  (wall: ${runs})`);
    if (samples.every((s) => s.breakdown !== undefined)) {
      const part = (key) => `${key} ${Math.round(median(samples.map((s) => s.breakdown[key])))} ms`;
      const last = samples[samples.length - 1].breakdown;
      console.log(`${''.padEnd(32)} leash's own, median: ${['checker', 'planning', 'emit', 'cache'].map(part).join(', ')}; last run: ${last.hits} cache hits, ${last.misses} misses, checker opened ${last.opens} times`);
    }
    const ipc = ipcLine(samples);
    if (ipc !== '') console.log(`${''.padEnd(32)} ${ipc}`);
  }
  return medians;
}

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};

const root = mkdtempSync(join(tmpdir(), 'leash-bench-build-'));
try {
  project(root);
  writeFileSync(join(root, 'cpu-preload.cjs'), CPU_PRELOAD);
  console.log(`leash build bench: ${FILES} files, ${RUNS} runs each (interleaved), Node ${process.version}, load average ${loadavg()[0].toFixed(1)} at start`);
  if (!args.includes('--only-vite') && !args.includes('--only-node')) {
    const times = Object.fromEntries(Object.keys(builds).map((name) => [name, []]));
    time(root, builds['tspc + leash']); // warm-up: ts-patch caches its patched compiler on first use
    for (let run = 0; run < RUNS; run++) {
      for (const [name, command] of Object.entries(builds)) times[name].push(time(root, command));
    }
    const seconds = (ms) => (ms / 1000).toFixed(2);
    const medians = {};
    for (const [name, samples] of Object.entries(times)) {
      medians[name] = { wall: median(samples.map((s) => s.wall)), cpu: median(samples.map((s) => s.cpu)) };
      const runs = samples.map((s) => seconds(s.wall)).join(', ');
      console.log(`${name.padEnd(18)} wall median ${seconds(medians[name].wall)} s  cpu median ${seconds(medians[name].cpu)} s  (wall: ${runs})`);
    }
    const ratio = (of, to, kind) => (medians[of][kind] / medians[to][kind]).toFixed(3);
    console.log(`ratio tspc + leash / tsc: ${ratio('tspc + leash', 'tsc', 'wall')}x wall, ${ratio('tspc + leash', 'tsc', 'cpu')}x cpu (target <= 1.15x)`);
    console.log(`leash alone (tspc + leash / tspc): ${ratio('tspc + leash', 'tspc (no plugin)', 'wall')}x wall, ${ratio('tspc + leash', 'tspc (no plugin)', 'cpu')}x cpu`);

    if (!existsSync(join(ts7, 'bin/tsc'))) {
      console.log('TypeScript 7: not run: test/compat/ts7 is not installed (node test/compat/install.mjs ts7)');
    } else {
      symlinkSync(ts7, join(root, 'node_modules/typescript'), 'dir');
      const times7 = Object.fromEntries(Object.keys(ts7Builds).map((name) => [name, []]));
      time(root, ts7Builds['leash build (ts7)']); // warm-up
      for (let run = 0; run < RUNS; run++) {
        for (const [name, command] of Object.entries(ts7Builds)) times7[name].push(time(root, command));
      }
      const wall7 = {};
      for (const [name, samples] of Object.entries(times7)) {
        wall7[name] = median(samples.map((s) => s.wall));
        const own = samples.every((s) => s.own !== undefined) ? `  leash's own share median ${seconds(median(samples.map((s) => s.own)))} s (IPC included)` : '';
        console.log(`${name.padEnd(18)} wall median ${seconds(wall7[name])} s${own}  (wall: ${samples.map((s) => seconds(s.wall)).join(', ')})`);
        const ipc = ipcLine(samples);
        if (ipc !== '') console.log(`${''.padEnd(18)} ${ipc}`);
      }
      console.log(`ratio leash build / tsc on TypeScript 7: ${(wall7['leash build (ts7)'] / wall7['tsc 7']).toFixed(3)}x wall (target <= 1.5x)`);
    }
  }
  if (!args.includes('--no-vite') && !args.includes('--only-node')) await benchVite(root);
  if (!args.includes('--no-node') && !args.includes('--only-vite')) await benchNode(root);
  console.log(`load average ${loadavg()[0].toFixed(1)} at the end`);
} finally {
  if (args.includes('--keep')) console.log(`kept the generated project in ${root}`);
  else rmSync(root, { recursive: true, force: true });
}

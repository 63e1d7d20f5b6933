// The bundler plugins end to end: the fixture projects of exec.test.ts, bundled by esbuild, by
// Rollup (types stripped by rollup-plugin-esbuild), by Rolldown, by a Vite 8 SSR build (on Node 24, which
// Vite 8 needs) and by webpack 5 (types stripped by swc-loader) with `leash/<bundler>`, then run
// with `node --enable-source-maps`:
// - runtime: the registry shows every timer, listener and task by its original site, and ending
//   the scope clears, removes and aborts them (a loopback server sees the fetch leave);
// - semantics: the project's own tests print the same built with leash in track mode as built plain;
// - stack: an error's frames, through the leash hooks, name the original .ts line and column.
// Each build runs in its own process, one per bundler, as a user's build would.
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { compatModules, node24 } from '../compat/paths.mjs';
import { REPO } from '../transformer/harness';
import { expectOriginalPositions, prepare, RUNTIME_EXPECTED, type ProjectSpec, type StackOutput } from '../transformer/projects';

type Host = 'esbuild' | 'rollup' | 'rolldown' | 'vite' | 'webpack' | 'esbuild, TypeScript 7' | 'esbuild, TypeScript 7.1';
type Ts7Host = 'esbuild, TypeScript 7' | 'esbuild, TypeScript 7.1';

/** The build script per bundler: argv[2] is a JSON list of `{ dir, options }` (options null: built plain). */
const SCRIPTS: Record<Exclude<Host, Ts7Host>, string> = {
  esbuild: `
import { build } from ${JSON.stringify(join(compatModules('bundlers'), 'esbuild/lib/main.js'))};
import leash from 'leash/esbuild';
for (const { dir, options } of JSON.parse(process.argv[2])) {
  process.chdir(dir);
  await build({ absWorkingDir: dir, entryPoints: ['./src/main.ts'], bundle: true, platform: 'node', format: 'esm', target: 'node20', outfile: 'out/main.js', sourcemap: true, logLevel: 'warning', plugins: options === null ? [] : [leash(options)] });
}`,
  rollup: `
import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { rollup } from ${JSON.stringify(join(compatModules('bundlers'), 'rollup/dist/es/rollup.js'))};
import esbuild from ${JSON.stringify(join(compatModules('bundlers'), 'rollup-plugin-esbuild/dist/index.mjs'))};
import leash from 'leash/rollup';
// './work.js' in TypeScript source means './work.ts'
const tsFiles = { name: 'ts-files', resolveId(source, importer) {
  const file = importer && source.startsWith('.') ? resolve(dirname(importer), source.replace(/\\.js$/, '.ts')) : undefined;
  return file !== undefined && existsSync(file) ? file : null;
} };
for (const { dir, options } of JSON.parse(process.argv[2])) {
  process.chdir(dir);
  const bundle = await rollup({
    input: 'src/main.ts',
    external: (id) => id.startsWith('node:') || /^leash(\\/|$)/.test(id),
    plugins: [tsFiles, ...(options === null ? [] : [leash(options)]), esbuild({ target: 'node20', sourceMap: true })],
    onwarn: (warning) => console.error(warning.message),
  });
  await bundle.write({ file: 'out/main.js', format: 'es', sourcemap: true });
  await bundle.close();
}`,
  rolldown: `
import { build } from ${JSON.stringify(join(compatModules('bundlers'), 'rolldown/dist/index.mjs'))};
import leash from 'leash/rolldown';
for (const { dir, options } of JSON.parse(process.argv[2])) {
  process.chdir(dir);
  await build({
    cwd: dir,
    input: 'src/main.ts',
    platform: 'node',
    external: (id) => id.startsWith('node:') || /^leash(\\/|$)/.test(id),
    plugins: options === null ? [] : [leash(options)],
    onLog: (level, log) => console.error(level, log.message),
    output: { file: 'out/main.js', format: 'es', sourcemap: true },
  });
}`,
  vite: `
import { build } from ${JSON.stringify(join(compatModules('vite8'), 'vite/dist/node/index.js'))};
import leash from 'leash/vite';
for (const { dir, options } of JSON.parse(process.argv[2])) {
  await build({
    root: dir,
    configFile: false,
    logLevel: 'warn',
    plugins: options === null ? [] : [leash(options)],
    ssr: { external: ['leash'] },
    build: { ssr: 'src/main.ts', outDir: 'out', emptyOutDir: true, sourcemap: true, minify: false, target: 'node22', rollupOptions: { output: { entryFileNames: 'main.js', format: 'es' } } },
  });
}`,
  // The README's webpack setup: swc-loader strips types after leash/webpack (enforce: 'pre') and
  // chains the map leash returns (esbuild-loader drops it: columns on instrumented lines would shift).
  webpack: `
import { createRequire } from 'node:module';
import { join } from 'node:path';
import leash from 'leash/webpack';
const require = createRequire(${JSON.stringify(join(compatModules('webpack'), 'package.json'))});
const webpack = require('webpack');
for (const { dir, options } of JSON.parse(process.argv[2])) {
  const config = {
    mode: 'none',
    context: dir,
    target: 'node20',
    entry: './src/main.ts',
    devtool: 'source-map',
    output: { path: join(dir, 'out'), filename: 'main.js', module: true, chunkFormat: 'module', library: { type: 'module' } },
    experiments: { outputModule: true },
    externalsPresets: { node: true },
    externals: ({ request }, callback) => (/^leash(\\/|$)/.test(request) ? callback(null, 'module ' + request) : callback()),
    resolve: { extensions: ['.ts', '.js'], extensionAlias: { '.js': ['.ts', '.js'] } },
    module: { rules: [{ test: /\\.[cm]?tsx?$/, loader: require.resolve('swc-loader'), options: { jsc: { parser: { syntax: 'typescript' }, target: 'es2022' } } }] },
    plugins: options === null ? [] : [leash(options)],
  };
  const stats = await new Promise((resolve, reject) => webpack(config, (error, result) => (error ? reject(error) : resolve(result))));
  if (stats.hasErrors() || stats.hasWarnings()) console.error(stats.toString('errors-warnings'));
  if (stats.hasErrors()) process.exit(1);
}`,
};
const NODE: Record<Host, string> = { esbuild: process.execPath, rollup: process.execPath, rolldown: process.execPath, vite: node24, webpack: process.execPath, 'esbuild, TypeScript 7': process.execPath, 'esbuild, TypeScript 7.1': process.execPath };
/** The project's TypeScript: 6.0, or 7.0 / 7.1 beta (types over IPC, parsed with leash's own TypeScript). */
const TYPESCRIPT: Record<Host, string> = { esbuild: join(REPO, 'node_modules/typescript'), rollup: join(REPO, 'node_modules/typescript'), rolldown: join(REPO, 'node_modules/typescript'), vite: join(REPO, 'node_modules/typescript'), webpack: join(REPO, 'node_modules/typescript'), 'esbuild, TypeScript 7': join(compatModules('ts7'), 'typescript'), 'esbuild, TypeScript 7.1': join(compatModules('ts71'), 'typescript') };

interface Case {
  readonly project: 'runtime' | 'semantics' | 'stack';
  readonly options: Record<string, unknown> | null;
}
const CASES: readonly Case[] = [
  { project: 'runtime', options: {} },
  { project: 'stack', options: {} },
  { project: 'semantics', options: { mode: 'track' } },
  { project: 'semantics', options: null },
];

function exec(file: string, args: readonly string[], cwd: string): Promise<{ stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    execFile(file, args, { cwd, timeout: 240_000, maxBuffer: 16 * 1024 * 1024 }, (error, stdout, stderr) => {
      if (error) reject(new Error(`${file} ${args.join(' ')} failed in ${cwd}:\n${stdout}\n${stderr}`));
      else resolve({ stdout, stderr });
    });
  });
}

const roots: string[] = [];
afterAll(() => {
  for (const root of roots) rmSync(root, { recursive: true, force: true });
});

describe.each(['esbuild', 'rollup', 'rolldown', 'vite', 'webpack', 'esbuild, TypeScript 7', 'esbuild, TypeScript 7.1'] as const)('%s', (host) => {
  const dirs: string[] = [];
  let buildOutput = { stdout: '', stderr: '' };
  let missing: string | undefined;

  beforeAll(async () => {
    if (host === 'vite' && !existsSync(node24)) missing = `not run: the Node 24 binary is missing (${node24}); run node test/compat/install.mjs`;
    for (const modules of [compatModules(host === 'vite' ? 'vite8' : host === 'webpack' ? 'webpack' : 'bundlers'), TYPESCRIPT[host]]) {
      if (!existsSync(modules)) missing = `not run: ${modules} is missing; run node test/compat/install.mjs`;
    }
    if (missing !== undefined) return;
    const root = mkdtempSync(join(tmpdir(), `leash-${host.replace(/\W+/g, '-')}-`));
    roots.push(root);
    CASES.forEach((item, index) => {
      const spec: ProjectSpec = { project: item.project, ts: 'ts6', module: 'nodenext', type: 'module', leash: undefined };
      const dir = prepare(root, index, spec);
      symlinkSync(TYPESCRIPT[host], join(dir, 'node_modules/typescript'), 'dir');
      dirs.push(dir);
    });
    // the build script imports leash/<bundler> as a user's config would
    mkdirSync(join(root, 'node_modules'));
    symlinkSync(REPO, join(root, 'node_modules/leash'), 'dir');
    writeFileSync(join(root, 'build.mjs'), SCRIPTS[host.startsWith('esbuild') ? 'esbuild' : (host as Exclude<Host, Ts7Host>)]);
    const list = CASES.map((item, index) => ({ dir: dirs[index], options: item.options }));
    buildOutput = await exec(NODE[host], [join(root, 'build.mjs'), JSON.stringify(list)], root);
  }, 300_000);

  const runMain = async (index: number): Promise<string> => (await exec(NODE[host], ['--enable-source-maps', join(dirs[index] as string, 'out/main.js')], dirs[index] as string)).stdout;
  /** A missing toolchain fails every test with what to install, as the other toolchain suites do: never a pass that did not look. */
  const failIfMissing = (): void => {
    if (missing !== undefined) expect.fail(`${host}: ${missing}`);
  };

  test('the build says nothing: types were found, every rule ran', () => {
    failIfMissing();
    expect(`${buildOutput.stdout}${buildOutput.stderr}`).not.toMatch(/\[leash\]/);
  });

  test('runtime project: registry and abort', async () => {
    failIfMissing();
    expect(JSON.parse(await runMain(0))).toEqual(RUNTIME_EXPECTED);
  }, 60_000);

  test('stack frames and registry sites name the original .ts line and column', async () => {
    failIfMissing();
    expectOriginalPositions(JSON.parse(await runMain(1)) as StackOutput);
  }, 60_000);

  test('semantics project: track build behaves as the plain build', async () => {
    failIfMissing();
    const plain = await runMain(3);
    expect(plain).toMatch(/^17 passed, 0 failed$/m);
    expect(await runMain(2)).toBe(plain);
  }, 60_000);
});

#!/usr/bin/env node
// One build of a real project with Rolldown, module by module (`preserveModules`): every source
// and test file the tsconfig lists is an input, each becomes one output file at the path `tsc`
// would give it, and every package import stays an import. The harness runs it for
// `--host rolldown` (harness.mjs, `bundlerBuild`): plain with no plugin, `track` and `bind` with
// `leash/rolldown`, which reads types with whichever TypeScript resolves from the working directory
// (the harness links the project's version there), with its module cache off.
//
//   node rolldown-build.mjs <tsconfig> <mode> <outdir> <outbase> [plugin options as JSON]
//
// Prints Rolldown's warnings a line each, sorted, as `warn: file:line: text` (as esbuild-build.mjs
// prints esbuild's), and exits 1 when the build fails.
import { isAbsolute, join, relative } from 'node:path';
import { compatModules } from '../compat/paths.mjs';
import { bundleInput } from './bundle-input.mjs';

const [configFile, mode, outdir, outbase, pluginJson = '{}'] = process.argv.slice(2);
const { build } = await import(join(compatModules('bundlers'), 'rolldown', 'dist', 'index.mjs'));
const { files, esm } = bundleInput(configFile, outbase);
const input = Object.fromEntries(files.map((file) => [relative(outbase, file).replace(/\.[cm]?tsx?$/, ''), file]));
const plugins = mode === 'plain' ? [] : [(await import('leash/rolldown')).default({ mode, tsconfig: configFile, cache: false, ...JSON.parse(pluginJson) })];
const logs = [];

let failed = false;
try {
  await build({
    input,
    cwd: process.cwd(),
    platform: 'node',
    tsconfig: configFile,
    // A type re-exported without `type` (cockatiel's index.ts) is no error for `tsc`, which knows
    // it is a type; Rolldown sees one module at a time and shims it as undefined, as esbuild does.
    shimMissingExports: true,
    // What `tsc` leaves as written: a package import (bare, or `node:`) is the package's at run time,
    // and so is a path with a query, which names no file (tinybench's Bun-only `../src/utils?in_test=1`);
    // the helpers Oxc's transforms import (decorators) are Rolldown's to bundle, as `tsc` inlines its own.
    external: (id) => id.includes('?') || (!id.startsWith('.') && !isAbsolute(id) && !id.startsWith('\0') && !id.startsWith('@oxc-project/runtime/')),
    resolve: { extensionAlias: { '.js': ['.ts', '.tsx', '.js'], '.mjs': ['.mts', '.mjs'], '.cjs': ['.cts', '.cjs'] } },
    plugins,
    // Rolldown's note of how long plugins took (PLUGIN_TIMINGS) is about time, not output: the
    // leash plugin plans with the type checker, so a cold build's time is mostly its.
    onLog: (level, log) => log.code !== 'PLUGIN_TIMINGS' && logs.push(line(level, log)),
    output: { dir: outdir, format: esm ? 'es' : 'cjs', preserveModules: true, preserveModulesRoot: outbase, entryFileNames: '[name].js', sourcemap: false },
  });
} catch (failure) {
  failed = true;
  logs.push(`error: ${String(failure.message ?? failure)}`);
}
for (const text of [...new Set(logs)].sort()) console.log(text);
process.exitCode = failed ? 1 : 0;

function line(level, { message, id, loc }) {
  const where = id === undefined ? '' : `${relative(process.cwd(), id)}${loc === undefined ? '' : `:${loc.line}`}: `;
  return `${level}: ${where}${message.split('\n')[0]}`;
}

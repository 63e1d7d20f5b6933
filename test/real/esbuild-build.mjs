#!/usr/bin/env node
// One build of a real project with esbuild, file by file as `tsc` emits (no bundling): every
// source and test file the tsconfig lists becomes one output file, at the path `tsc` would give it.
// The harness runs it for `--host esbuild` (harness.mjs, `esbuildBuild`): plain with no plugin,
// `track` and `bind` with `leash/esbuild`, which reads types with whichever TypeScript resolves
// from the working directory (the harness links the project's version there), with its module
// cache off, so every build plans every module.
//
//   node esbuild-build.mjs <tsconfig> <mode> <outdir> <outbase> [plugin options as JSON]
//
// Prints esbuild's warnings and errors a line each, sorted (esbuild reports them in no fixed order),
// as `warning: file:line: text`, without the column and the source snippet: on a module's first
// line both show leash's prologue, which esbuild does not map back (the line is the same). Leash's
// own notices go to stderr as the plugin writes them. Exits 1 when the build fails.
import { join } from 'node:path';
import { compatModules } from '../compat/paths.mjs';
import { bundleInput } from './bundle-input.mjs';

const [configFile, mode, outdir, outbase, pluginJson = '{}'] = process.argv.slice(2);
const { build } = await import(join(compatModules('bundlers'), 'esbuild', 'lib', 'main.js'));
const { files, esm, target, ts } = bundleInput(configFile, outbase);
const plugins = mode === 'plain' ? [] : [(await import('leash/esbuild')).default({ mode, tsconfig: configFile, cache: false, ...JSON.parse(pluginJson) })];

const result = await build({
  entryPoints: files,
  outdir,
  outbase,
  bundle: false,
  platform: 'node',
  format: esm ? 'esm' : 'cjs',
  target: targetOf(target),
  tsconfig: configFile,
  sourcemap: false,
  logLevel: 'silent',
  plugins,
}).catch((failure) => ({ errors: failure.errors ?? [{ text: String(failure) }], warnings: failure.warnings ?? [] }));
const lines = [...result.errors.map((message) => line('error', message)), ...result.warnings.map((message) => line('warning', message))];
for (const text of [...new Set(lines)].sort()) console.log(text);
process.exitCode = result.errors.length > 0 ? 1 : 0;

function line(kind, { text, location }) {
  return location === null || location === undefined ? `${kind}: ${text}` : `${kind}: ${location.file}:${location.line}: ${text}`;
}

/**
 * esbuild's name for the tsconfig's target. esbuild cannot lower classes to ES5, so an ES3/ES5
 * target is built as ES2015 (the same for plain and leash, so the comparison still holds).
 */
function targetOf(target) {
  if (target <= ts.ScriptTarget.ES2015) return 'es2015';
  if (target >= ts.ScriptTarget.ESNext) return 'esnext';
  return ts.ScriptTarget[target].toLowerCase();
}

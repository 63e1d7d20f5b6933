#!/usr/bin/env node
/**
 * Makes the published package dependency-free: `npm i leash` installs the runtime and nothing else.
 *
 * The runtime (dist/runtime) has no dependencies and stays as tsc wrote it, one file per module,
 * so every instrumented module and every tool shares one registry. Each other entry point the
 * package exports (the ts-patch transformer, the bundler hosts, the CLI) is rewritten in place as
 * one file with its libraries (magic-string, @jridgewell/remapping, unplugin, commander, ...)
 * inlined. What stays external is what the user's project brings: TypeScript and ts-patch, the
 * bundler or test runner the host plugs into, the user's formatter, and the codemod stack
 * (jscodeshift, installed on demand by `leash codemod`).
 *
 * Run by `npm run build` after tsc; `--check` only lists what each bundle would inline.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, statSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'rolldown';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const runtimeDir = join(root, 'dist', 'runtime') + sep;

/** Packages the user's project provides; never inlined. */
export const PROVIDED = [
  'typescript',
  'ts-patch',
  'vite',
  'vitest',
  'rollup',
  'rolldown',
  'esbuild',
  'webpack',
  '@rspack/core',
  'prettier',
  '@biomejs/biome',
  'jscodeshift',
  '@babel/',
  'recast',
  'leash',
];

function isProvided(id) {
  if (id.startsWith('node:') || builtinModules.includes(id)) return true;
  return PROVIDED.some((name) => (name.endsWith('/') ? id.startsWith(name) : id === name || id.startsWith(`${name}/`)));
}

/** Files that are no entry point but are loaded by path (leash codemod starts its worker threads on it). */
const LOADED_BY_PATH = ['dist/codemods/worker.js'];

/**
 * Library files that an inlined library loads by path at run time, as [file in node_modules, where
 * the bundle puts it]: unplugin's webpack and rspack adapters give the bundler their loaders as
 * `<unplugin's dist>/webpack/loaders/transform.mjs`, which, unplugin inlined into
 * dist/transformer/hosts/unplugin.mjs, is dist/transformer/hosts/webpack/loaders/transform.mjs.
 */
const LIBRARY_FILES_LOADED_BY_PATH = ['webpack', 'rspack'].flatMap((bundler) =>
  ['transform', 'load'].map((loader) => [join(root, 'node_modules/unplugin/dist', bundler, 'loaders', `${loader}.mjs`), join(root, 'dist/transformer/hosts', bundler, 'loaders', `${loader}.mjs`)]),
);

/** Every `default`/`require` file the exports map and `bin` name, outside dist/runtime. */
function entryFiles() {
  const files = new Set();
  const visit = (value) => {
    if (typeof value === 'string') {
      if (/\.[cm]?js$/.test(value)) files.add(resolve(root, value));
    } else if (value !== null && typeof value === 'object') {
      for (const [key, inner] of Object.entries(value)) if (key !== 'types') visit(inner);
    }
  };
  visit(pkg.exports);
  visit(pkg.bin);
  for (const file of LOADED_BY_PATH) if (existsSync(join(root, file))) files.add(join(root, file));
  // A thin entry (`export default leash.vite`) stays as it is and the local module it re-exports
  // is bundled instead, so five bundler entries share one copy of the plugin and its libraries.
  for (const file of [...files]) {
    const local = thinEntryTarget(file);
    if (local !== undefined) {
      files.delete(file);
      files.add(local);
    }
  }
  return [...files].filter((file) => !file.startsWith(runtimeDir)).sort();
}

/** The one local module a small entry imports when it imports nothing else, or undefined. */
function thinEntryTarget(file) {
  if (!existsSync(file) || statSync(file).size > 1024) return undefined;
  const code = readFileSync(file, 'utf8').replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '');
  const specifiers = [...code.matchAll(/(?:from\s*|require\()\s*['"]([^'"]+)['"]/g)].map((match) => match[1]);
  if (specifiers.length !== 1 || !specifiers[0].startsWith('.')) return undefined;
  return resolve(dirname(file), specifiers[0]);
}

async function bundle(entry, outDir) {
  const inlined = new Set();
  await build({
    input: entry,
    platform: 'node',
    logLevel: 'warn',
    external(id, importer) {
      if (isProvided(id)) return true;
      // The runtime stays one shared copy: keep requires that land in dist/runtime.
      if (importer !== undefined && (id.startsWith('./') || id.startsWith('../'))) {
        const target = resolve(dirname(importer), id);
        if (target.startsWith(runtimeDir) || `${target}${sep}` === runtimeDir) return true;
      }
      if (!id.startsWith('.') && !id.startsWith('/')) inlined.add(id.split('/').slice(0, id.startsWith('@') ? 2 : 1).join('/'));
      return false;
    },
    output: { file: join(outDir, 'entry.js'), format: entry.endsWith('.mjs') ? 'esm' : 'cjs', exports: 'auto', sourcemap: false, codeSplitting: false },
  });
  return [...inlined].sort();
}

const check = process.argv.includes('--check');
const entries = entryFiles().map((file) => [file, file]).concat(LIBRARY_FILES_LOADED_BY_PATH);
const missing = entries.map(([file]) => file).filter((file) => !existsSync(file));
if (missing.length > 0) {
  console.error(`bundle: run tsc first; missing ${missing.map((file) => relative(root, file)).join(', ')}`);
  process.exit(1);
}
for (const [entry, target] of entries) {
  const outDir = mkdtempSync(join(root, '.bundle-')); // beside dist, so the rename stays on one file system
  try {
    const inlined = await bundle(entry, outDir);
    const out = join(outDir, 'entry.js');
    const size = (statSync(out).size / 1024).toFixed(0);
    if (check) console.log(`${relative(root, target)}: ${size} KiB, inlines ${inlined.join(', ') || 'nothing'}`);
    else {
      mkdirSync(dirname(target), { recursive: true });
      renameSync(out, target);
      rmSync(`${target}.map`, { force: true }); // it mapped tsc's file, which the bundle replaced
    }
  } finally {
    rmSync(outDir, { recursive: true, force: true });
  }
}

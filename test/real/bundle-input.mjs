// What esbuild-build.mjs and rolldown-build.mjs read from the generated tsconfig: the files to
// build (what `tsc` would emit: every listed file but declarations), whether `tsc` would emit
// them as ESM, and the target. Read with the TypeScript that resolves from the working directory,
// the one the leash plugin plans with.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

/** `{ files, esm, target }` for the tsconfig at `configFile`; `outbase` is the project's rootDir (where its package.json is looked up). */
export function bundleInput(configFile, outbase) {
  const ts = createRequire(join(process.cwd(), 'package.json'))('typescript');
  const { config, error } = ts.readConfigFile(configFile, ts.sys.readFile);
  if (error !== undefined) throw new Error(ts.flattenDiagnosticMessageText(error.messageText, '\n'));
  const { fileNames, options } = ts.parseJsonConfigFileContent(config, ts.sys, dirname(configFile), undefined, configFile);
  return { files: fileNames.filter((file) => !/\.d\.[cm]?ts$/.test(file)), esm: emitsEsm(ts, options, outbase), target: options.target ?? ts.ScriptTarget.ES2015, ts };
}

/** ESM unless `tsc` would emit CommonJS: `module: commonjs`, or node16/nodenext in a package that is not `"type": "module"`. */
function emitsEsm(ts, options, outbase) {
  const { ModuleKind } = ts;
  if (options.module === ModuleKind.CommonJS) return false;
  if (options.module === ModuleKind.Node16 || options.module === ModuleKind.NodeNext) {
    const manifest = ts.findConfigFile(outbase, ts.sys.fileExists, 'package.json');
    return manifest !== undefined && JSON.parse(readFileSync(manifest, 'utf8')).type === 'module';
  }
  return true;
}

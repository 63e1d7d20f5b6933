/**
 * The TypeScript compiler thread-signal plans with, and the compiler options it plans under.
 *
 * The compiler is the project's own `typescript` (resolved from the files' folder), so the types
 * it sees are the ones the project builds with; leash's own copy is the fallback. TypeScript 7
 * exposes no compiler API to `require('typescript')` (its checker is only reachable over IPC), so
 * a project on 7 gets a plain refusal with what to do, never a failure per file.
 */
import { createRequire } from 'node:module';
import * as path from 'node:path';
import type * as TS from 'typescript';

export type TypeScript = typeof TS;

/** thread-signal cannot run: why, and what to do. The CLI exits non-zero with it, before writing anything. */
export class TypeScriptUnavailable extends Error {
  override name = 'TypeScriptUnavailable';
}

/**
 * `typescript` (or `moduleName`, e.g. an npm alias `typescript6`) as seen from `fromDir`, else
 * from leash's own install. Throws TypeScriptUnavailable when it is missing or has no compiler API.
 */
export function loadTypeScript(fromDir: string, moduleName = 'typescript'): TypeScript {
  let ts: Partial<TypeScript> | undefined;
  let where = '';
  for (const base of [path.join(fromDir, 'package.json'), __filename]) {
    try {
      const req = createRequire(base);
      where = req.resolve(moduleName);
      ts = req(moduleName) as Partial<TypeScript>;
      break;
    } catch {
      // not resolvable from here: try the next base
    }
  }
  if (!ts) {
    throw new TypeScriptUnavailable(
      `thread-signal needs the \`${moduleName}\` package (it reads types with the compiler) and none resolves from ${fromDir}; ` +
        'install it in the project (npm i -D typescript@6), or run the other transforms by name: leash codemod race-timeout,sleep-signal,listener-signal <paths>.',
    );
  }
  if (typeof ts.createProgram !== 'function') {
    const version = typeof ts.version === 'string' ? ts.version : readVersion(where);
    throw new TypeScriptUnavailable(
      `thread-signal needs TypeScript's compiler API, and ${moduleName} ${version} (${path.dirname(where)}) does not expose one to require() (TypeScript 7 is the Go compiler). ` +
        'Install TypeScript 6 under another name next to it (npm i -D typescript6@npm:typescript@6) and pass --typescript typescript6, ' +
        'or run the other transforms by name: leash codemod race-timeout,sleep-signal,listener-signal <paths>.',
    );
  }
  return ts as TypeScript;
}

function readVersion(resolved: string): string {
  for (let dir = path.dirname(resolved); path.dirname(dir) !== dir; dir = path.dirname(dir)) {
    try {
      const pkg = createRequire(path.join(dir, 'noop.js'))(path.join(dir, 'package.json')) as { name?: string; version?: string };
      if (pkg.version) return pkg.version;
    } catch {
      // no package.json here
    }
  }
  return '(unknown version)';
}

/** The tsconfig could not be read or parsed: the CLI exits non-zero with it, before writing anything. */
export class ConfigError extends Error {
  override name = 'ConfigError';
}

/**
 * Compiler options from `tsconfig` (a path), or from the nearest tsconfig.json above `start`
 * (`undefined`), or defaults (`null`). A tsconfig that does not exist or does not parse throws
 * ConfigError: planning with the wrong options would thread signals through the wrong types.
 */
export function compilerOptionsFor(ts: TypeScript, start: string, tsconfig: string | null | undefined): { options: TS.CompilerOptions; configPath: string | null } {
  const configPath = tsconfig === undefined ? (ts.findConfigFile(start, ts.sys.fileExists) ?? null) : tsconfig;
  let options: TS.CompilerOptions = {
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    strict: true,
  };
  // Without a tsconfig, see every installed @types package, as tsc did before TypeScript 6 made `types` default to [].
  if (Number(ts.versionMajorMinor.split('.')[0]) >= 6) options.types = ['*'];
  if (configPath) {
    if (!ts.sys.fileExists(configPath)) throw new ConfigError(`tsconfig ${configPath} does not exist; pass an existing file to --tsconfig.`);
    let fatal: string | null = null;
    const host = { ...ts.sys, onUnRecoverableConfigFileDiagnostic: (d: TS.Diagnostic) => void (fatal = ts.flattenDiagnosticMessageText(d.messageText, ' ')) };
    const parsed = ts.getParsedCommandLineOfConfigFile(configPath, {}, host);
    const errors = (parsed?.errors ?? []).filter((d) => d.category === ts.DiagnosticCategory.Error && d.code !== 18003); // 18003: no inputs found
    if (fatal || !parsed || errors.length) {
      const why = fatal ?? errors.map((d) => ts.flattenDiagnosticMessageText(d.messageText, ' ')).join('; ');
      throw new ConfigError(`cannot read tsconfig ${configPath}: ${why || 'unknown error'}. Fix it, or pass another one with --tsconfig.`);
    }
    options = parsed.options;
  }
  return { options: { ...options, allowJs: true, noEmit: true, skipLibCheck: true, skipDefaultLibCheck: true }, configPath };
}

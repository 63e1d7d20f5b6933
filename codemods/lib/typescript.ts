/**
 * The TypeScript compiler thread-signal plans with, and the compiler options it plans under.
 *
 * The compiler is the project's own `typescript` (resolved from the files' folder), so the types
 * it sees are the ones the project builds with; leash's own copy is the fallback. TypeScript 7
 * exposes no compiler API to `require('typescript')` (its checker is only reachable over IPC), so
 * on a project whose `typescript` is 7 thread-signal plans with the classic TypeScript that
 * `leash build` parses with: the alias `typescript6` beside it, else leash's own (classicParser()).
 * TypeScript 7 is a port of 6.0's checker, so the types of the project's files are the same. With
 * neither installed the run stops with what to install, never a failure per file.
 */
import { createRequire } from 'node:module';
import * as path from 'node:path';
import type * as TS from 'typescript';
import { classicParser } from '../../transformer/plan/types/ts7';

export type TypeScript = typeof TS;

/** thread-signal cannot run: why, and what to do. The CLI exits non-zero with it, before writing anything. */
export class TypeScriptUnavailable extends Error {
  override name = 'TypeScriptUnavailable';
}

/**
 * `typescript` (or `moduleName`, e.g. an npm alias `typescript6`) as seen from `fromDir`, else
 * from leash's own install. When the project's `typescript` is 7 (and no other name was asked
 * for), the classic TypeScript beside it instead, and `onClassic` hears which one. Throws
 * TypeScriptUnavailable when none is there or it has no compiler API.
 */
export function loadTypeScript(fromDir: string, moduleName = 'typescript', onClassic?: (note: string) => void): TypeScript {
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
    const classic = moduleName === 'typescript' ? classicBeside(fromDir) : undefined;
    if (classic !== undefined) {
      onClassic?.(`thread-signal: typescript ${version} has no compiler API in-process; types read with TypeScript ${classic.version} (${classic.name}), the classic TypeScript leash build parses with, over the same files and tsconfig`);
      return classic.ts;
    }
    throw new TypeScriptUnavailable(
      `thread-signal needs TypeScript's compiler API, and ${moduleName} ${version} (${path.dirname(where)}) does not expose one to require() (TypeScript 7 is the Go compiler). ` +
        'Install TypeScript 6 under another name next to it, as leash build needs too (npm i -D typescript6@npm:typescript@~6.0.3), ' +
        'or run the other transforms by name: leash codemod race-timeout,sleep-signal,listener-signal <paths>.',
    );
  }
  return ts as TypeScript;
}

/** A classic TypeScript (6.0/5.9, with a compiler API) for a TypeScript 7 project: its `typescript6` alias, else classicParser()'s. */
function classicBeside(fromDir: string): { ts: TypeScript; name: string; version: string } | undefined {
  try {
    const ts = createRequire(path.join(fromDir, 'package.json'))('typescript6') as Partial<TypeScript>;
    if (typeof ts.createProgram === 'function') return { ts: ts as TypeScript, name: 'typescript6', version: String(ts.version) };
  } catch {
    // no alias in the project: leash's own
  }
  const ts = classicParser();
  return ts !== undefined && typeof ts.createProgram === 'function' ? { ts, name: 'as leash resolves it', version: ts.version } : undefined;
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
    if (!ts.sys.fileExists(configPath)) throw new ConfigError(`tsconfig ${configPath} does not exist or is not a file; pass an existing file to --tsconfig.`);
    let fatal: string | null = null;
    const host = { ...ts.sys, onUnRecoverableConfigFileDiagnostic: (d: TS.Diagnostic) => void (fatal = ts.flattenDiagnosticMessageText(d.messageText, ' ')) };
    const parsed = ts.getParsedCommandLineOfConfigFile(configPath, {}, host);
    // JSON syntax errors (a missing brace) are only in the config file's parse diagnostics; tsc reports them too.
    const errors = (parsed ? ts.getConfigFileParsingDiagnostics(parsed) : []).filter((d) => d.category === ts.DiagnosticCategory.Error && d.code !== 18003); // 18003: no inputs found
    if (fatal || !parsed || errors.length) {
      const why = fatal ?? errors.map((d) => ts.flattenDiagnosticMessageText(d.messageText, ' ')).join('; ');
      throw new ConfigError(`cannot read tsconfig ${configPath}: ${why || 'unknown error'}. Fix it, or pass another one with --tsconfig.`);
    }
    options = parsed.options;
  }
  return { options: { ...options, allowJs: true, noEmit: true, skipLibCheck: true, skipDefaultLibCheck: true }, configPath };
}

/**
 * How an instrumented file loads leash's runtime, decided once for every emitter (the ts.factory
 * emitter of the ts-patch plugin and the text emitter of the bundler hosts), from the module format
 * the file is emitted in and whether it is a module. The rule: the output must keep meaning what
 * plain `tsc` output means, so the runtime comes in the way that format already loads modules,
 * and never by turning a script into a module:
 *
 * | emitted as                        | module file                              | script (no import/export)  |
 * | --------------------------------- | ---------------------------------------- | -------------------------- |
 * | CommonJS (also `module: none`, which emits module files as CommonJS) | `const ns = require("leash/hooks")` | the same (Node runs it in a CommonJS wrapper); not under `none` |
 * | ES module (`es2015`…`esnext`, `preserve`, an ESM file of `node16`/`nodenext`) | `import * as ns from "leash/hooks"` | left unchanged, except an ESM file of `node16`/`nodenext`, which Node loads as a module anyway |
 * | System                            | `import * as ns`, which System's transform makes a dependency and setter | left unchanged |
 * | AMD, UMD                          | `import ns = require("leash/hooks")`, which the AMD/UMD transform makes a dependency (no `__importStar` helper) | left unchanged |
 *
 * A script left unchanged keeps its top-level `var`s global and its output byte-identical; the
 * host says so once per build, with what to do (see `scriptNotInstrumentedMessage`).
 */
import type * as TS from 'typescript';

export const RUNTIME_MODULE = 'leash/hooks';

/** The module format a file is emitted in, as leash needs to know it. */
export type OutputFormat = 'commonjs' | 'esm' | 'node-esm' | 'system' | 'amd' | 'umd' | 'none';

export type RuntimeLoad =
  /**
   * `import * as ns from "leash/hooks"`; `wrapped` under System, whose transform turns the import
   * into a dependency and moves the file's statements into a function.
   */
  | { readonly kind: 'import'; readonly wrapped?: boolean }
  /** `const ns = require("leash/hooks")` (`var` below ES2015) */
  | { readonly kind: 'require' }
  /** `import ns = require("leash/hooks")`: TypeScript's AMD/UMD transform turns it into a dependency. */
  | { readonly kind: 'import-equals'; readonly wrapped: boolean }
  /** The file cannot load the runtime without changing what it means: emit it unchanged. */
  | { readonly kind: 'none'; readonly format: OutputFormat };

/** Where and how the runtime is loaded into a file emitted as `format`. */
export function runtimeLoad(format: OutputFormat, isModule: boolean): RuntimeLoad {
  switch (format) {
    case 'commonjs':
      return { kind: 'require' };
    case 'node-esm':
      return { kind: 'import' };
    case 'esm':
      return isModule ? { kind: 'import' } : { kind: 'none', format };
    case 'system':
      return isModule ? { kind: 'import', wrapped: true } : { kind: 'none', format };
    case 'amd':
    case 'umd':
      // UMD's transform keeps a `require` statement in the body; AMD's makes it a parameter.
      return isModule ? { kind: 'import-equals', wrapped: format === 'amd' } : { kind: 'none', format };
    case 'none':
      return isModule ? { kind: 'require' } : { kind: 'none', format };
  }
}

/**
 * The format TypeScript emits `file` in: `program.getEmitModuleFormatOfFile` where the compiler
 * has it (TypeScript 5.6+), else the same rule from the options (`module`, or `target` when unset,
 * and the package.json `type` under `node16`/`nodenext`).
 */
export function outputFormatOf(ts: typeof TS, program: TS.Program, file: TS.SourceFile): OutputFormat {
  const options = program.getCompilerOptions();
  const internal = program as TS.Program & { getEmitModuleFormatOfFile?: (file: TS.SourceFile) => TS.ModuleKind };
  const nodeModule = options.module !== undefined && options.module >= ts.ModuleKind.Node16 && options.module <= ts.ModuleKind.NodeNext;
  let format = internal.getEmitModuleFormatOfFile?.(file);
  if (format === undefined) {
    const module = options.module ?? ((options.target ?? ts.ScriptTarget.ES5) >= ts.ScriptTarget.ES2015 ? ts.ModuleKind.ES2015 : ts.ModuleKind.CommonJS);
    format = nodeModule ? (file.impliedNodeFormat ?? ts.ModuleKind.CommonJS) : module;
  }
  switch (format) {
    case ts.ModuleKind.CommonJS:
      return 'commonjs';
    case ts.ModuleKind.AMD:
      return 'amd';
    case ts.ModuleKind.UMD:
      return 'umd';
    case ts.ModuleKind.System:
      return 'system';
    case ts.ModuleKind.None:
      return 'none';
    default:
      return nodeModule ? 'node-esm' : 'esm';
  }
}

/** What the host reports, once per build, when it meets the first script it must leave alone. */
export function scriptNotInstrumentedMessage(fileName: string, format: OutputFormat): string {
  const name = format === 'esm' || format === 'node-esm' ? 'ES modules' : format === 'none' ? '`module: none`' : format === 'system' ? 'System' : format.toUpperCase();
  return (
    `${fileName} is a script (no import or export) emitted for ${name}; loading leash's runtime would turn it into a module ` +
    `(its top-level declarations would stop being globals), so it and every other such script in this build are emitted unchanged, not instrumented. ` +
    'To instrument them, make each a module (add `export {};`, or set "moduleDetection": "force" if nothing relies on their globals), or emit CommonJS.'
  );
}

/** The language version TypeScript emits for `options` (its default when `target` is unset: ES5 in 5.x, newer in 6.0). */
export function emitScriptTarget(ts: typeof TS, options: TS.CompilerOptions): TS.ScriptTarget {
  const internal = ts as typeof ts & { getEmitScriptTarget?: (options: TS.CompilerOptions) => TS.ScriptTarget };
  return internal.getEmitScriptTarget?.(options) ?? options.target ?? ts.ScriptTarget.ES5;
}

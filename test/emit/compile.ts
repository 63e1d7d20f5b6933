/**
 * Compiles small in-memory TypeScript files with one program, plain and with leash, for the
 * emitter's behaviour tests; and runs CommonJS output in a fresh context where `leash/hooks` is
 * this repository's built runtime.
 */
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { runInNewContext } from 'node:vm';
import type * as TS from 'typescript';
import type { LeashDiagnostic } from '../../transformer/diagnostics';
import leashTransformer from '../../transformer/index';
import { emitText } from '../../transformer/emit/text';
import { planFile } from '../../transformer/plan/planner';
import { RULES } from '../../transformer/plan/rules';
import { createClassicPlanEnv } from '../../transformer/plan/types/classic';
import { compilerOptions, emitFile, REPO, type Variant } from './equality';

export interface Compiled {
  /** Output per file name, plain and with leash. */
  readonly plain: Record<string, string>;
  readonly leash: Record<string, string>;
  readonly diagnostics: readonly LeashDiagnostic[];
}

/** `later`: transformers to run after leash's, before TypeScript's own. */
export function compile(ts: typeof TS, files: Record<string, string>, variant: Variant, config: Record<string, unknown> = {}, later: TS.TransformerFactory<TS.SourceFile>[] = []): Compiled {
  const { program, path } = virtualProgram(ts, files, variant, false);
  const diagnostics: LeashDiagnostic[] = [];
  const transformer = leashTransformer(program, config, { ts, addDiagnostic: (d) => diagnostics.push(d as LeashDiagnostic) });
  const emitAll = (before: TS.TransformerFactory<TS.SourceFile>[]): Record<string, string> => {
    const out: Record<string, string> = {};
    for (const name of Object.keys(files)) out[name] = emitFile(program, program.getSourceFile(path(name)) as TS.SourceFile, before).js;
    return out;
  };
  return { plain: emitAll([]), leash: emitAll([transformer, ...later]), diagnostics };
}

/**
 * The same, instrumented by the text emitter instead (as `leash build` on TypeScript 7 does): the
 * plain output rewritten through its source map with the plan of each file (bind mode, default
 * rules), in ES5 mode for an ES5 target as `leash build` on TypeScript 6.0/5.9 does.
 */
export function compileText(ts: typeof TS, files: Record<string, string>, variant: Variant): Record<string, string> {
  const { program, path } = virtualProgram(ts, files, variant, true);
  const env = createClassicPlanEnv(ts, program, REPO);
  const out: Record<string, string> = {};
  for (const name of Object.keys(files)) {
    const source = program.getSourceFile(path(name)) as TS.SourceFile;
    const plain = emitFile(program, source, []);
    const plan = planFile(env, source, RULES.filter((rule) => rule.option.default));
    const result = emitText(ts, { code: plain.js, original: source, map: plain.map }, plan, { mode: 'bind', requireRuntime: variant.module === 'commonjs', es5: variant.target === 'es5', nullish: !/^es(5|2015|2016|2017|2018|2019)$/.test(variant.target) });
    out[name] = result?.written ? result.code : plain.js;
  }
  return out;
}

function virtualProgram(ts: typeof TS, files: Record<string, string>, variant: Variant, sourceMap: boolean): { program: TS.Program; path: (name: string) => string } {
  const options = compilerOptions(ts, variant, { sourceMap });
  const host = ts.createCompilerHost(options);
  const root = join(REPO, 'test/emit/virtual');
  const path = (name: string): string => join(root, name);
  const texts = new Map(Object.entries(files).map(([name, text]) => [path(name), text]));
  const { fileExists, readFile, getSourceFile } = host;
  host.fileExists = (name) => texts.has(name) || fileExists.call(host, name);
  host.readFile = (name) => texts.get(name) ?? readFile.call(host, name);
  host.getSourceFile = (name, version, onError) => {
    const text = texts.get(name);
    return text === undefined ? getSourceFile.call(host, name, version, onError) : ts.createSourceFile(name, text, version);
  };
  return { program: ts.createProgram({ rootNames: [...texts.keys()], options, host }), path };
}

const requireFromRepo = createRequire(join(REPO, 'package.json'));

/**
 * Runs CommonJS output as Node would (a module wrapper), `leash/hooks` being the built runtime;
 * returns the module's exports and the context's globals.
 */
export function runCommonJs(js: string, globals: Record<string, unknown> = {}): { exports: Record<string, unknown>; context: Record<string, unknown> } {
  const module = { exports: {} as Record<string, unknown> };
  const require = (id: string): unknown => requireFromRepo(id === 'leash/hooks' ? join(REPO, 'dist/runtime/hooks.js') : id);
  const context: Record<string, unknown> = { setTimeout, clearTimeout, setInterval, clearInterval, setImmediate, clearImmediate, Promise, console, ...globals };
  runInNewContext(`(function (exports, require, module) {${js}\n})`, context)(module.exports, require, module);
  return { exports: module.exports, context };
}

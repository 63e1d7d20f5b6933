/**
 * Emit equality: compiles a set of TypeScript files plain and with leash for one target × module
 * format, and checks that every file leash rewrote equals plain `tsc` output once leash's inserted
 * calls are stripped (`strip.ts`), that every file it did not rewrite is byte-identical, that
 * nothing crashed and that no output gained a parse error.
 */
import { join, resolve } from 'node:path';
import type * as TS from 'typescript';
import leashTransformer from '../../transformer/index';
import type { LeashDiagnostic } from '../../transformer/diagnostics';
import { parseConfig } from '../../transformer/config';
import { RULES } from '../../transformer/plan/rules';
import { stripLeash } from './strip';

export const REPO = resolve(__dirname, '../..');

export const TARGETS = ['es5', 'es2015', 'es2017', 'es2018', 'es2020', 'es2022', 'esnext'] as const;
export const MODULES = ['commonjs', 'esnext', 'amd', 'umd', 'system', 'none'] as const;
export type Target = (typeof TARGETS)[number];
export type ModuleFormat = (typeof MODULES)[number];

export interface Variant {
  readonly target: Target;
  readonly module: ModuleFormat;
}

/** Every module format, each with ES5 or ES2015 and newer targets; every target at least twice. */
export const MATRIX: readonly Variant[] = [
  { target: 'es5', module: 'commonjs' },
  { target: 'es2018', module: 'commonjs' },
  { target: 'esnext', module: 'commonjs' },
  { target: 'es2015', module: 'esnext' },
  { target: 'es2020', module: 'esnext' },
  { target: 'esnext', module: 'esnext' },
  { target: 'es5', module: 'amd' },
  { target: 'es2022', module: 'amd' },
  { target: 'es2017', module: 'umd' },
  { target: 'es2022', module: 'umd' },
  { target: 'es5', module: 'system' },
  { target: 'es2020', module: 'system' },
  { target: 'es2015', module: 'none' },
  { target: 'es2018', module: 'none' },
  { target: 'es2017', module: 'esnext' },
];

export interface FileSet {
  readonly name: string;
  /** Absolute paths of the files to compile (one program). */
  readonly files: readonly string[];
  /** Compiler options of this set (e.g. `experimentalDecorators`). */
  readonly options?: TS.CompilerOptions;
}

export interface Counts {
  files: number;
  rewritten: number;
  /** Rewritten files whose output, leash's calls stripped, is plain output. */
  equal: number;
  /** Files leash left alone, byte-identical to plain output. */
  untouched: number;
  differing: number;
  crashed: number;
  /** One line per difference, crash or new parse error (file and what). */
  readonly problems: string[];
}

export function emptyCounts(): Counts {
  return { files: 0, rewritten: 0, equal: 0, untouched: 0, differing: 0, crashed: 0, problems: [] };
}

export function addCounts(into: Counts, from: Counts): void {
  into.files += from.files;
  into.rewritten += from.rewritten;
  into.equal += from.equal;
  into.untouched += from.untouched;
  into.differing += from.differing;
  into.crashed += from.crashed;
  into.problems.push(...from.problems);
}

export function compilerOptions(ts: typeof TS, variant: Variant, extra: TS.CompilerOptions = {}): TS.CompilerOptions {
  const target = ts.ScriptTarget[variant.target === 'esnext' ? 'ESNext' : (variant.target.toUpperCase() as 'ES5')];
  const module = { commonjs: ts.ModuleKind.CommonJS, esnext: ts.ModuleKind.ESNext, amd: ts.ModuleKind.AMD, umd: ts.ModuleKind.UMD, system: ts.ModuleKind.System, none: ts.ModuleKind.None }[variant.module];
  return {
    target,
    module,
    sourceMap: true,
    skipLibCheck: true,
    strict: false,
    esModuleInterop: true,
    newLine: ts.NewLineKind.LineFeed,
    types: ['node'],
    typeRoots: [join(REPO, 'node_modules/@types')],
    ignoreDeprecations: '6.0',
    noEmitOnError: false,
    ...extra,
  };
}

/**
 * Checks one file set for one variant. `config` is the plugin config (default: the plugin's
 * defaults, bind mode).
 */
export function checkEquality(ts: typeof TS, set: FileSet, variant: Variant, config: Record<string, unknown> = {}): Counts {
  const counts = emptyCounts();
  const options = compilerOptions(ts, variant, set.options);
  if (ts.versionMajorMinor.startsWith('5.')) delete options.ignoreDeprecations;
  const program = ts.createProgram({ rootNames: set.files, options, host: cachingHost(ts, options) });
  const parsed = parseConfig(config, RULES).config;
  if (parsed === undefined) throw new Error(`bad config ${JSON.stringify(config)}`);
  const where = `${set.name} ${variant.target}/${variant.module}`;

  for (const name of set.files) {
    const source = program.getSourceFile(name);
    if (source === undefined || source.isDeclarationFile) continue;
    counts.files++;
    const label = `${where} ${name.startsWith(REPO) ? name.slice(REPO.length + 1) : name.replace(/^.*?leash-real-[^/\\]*[/\\]/, '')}`;
    try {
      const plain = emitFile(program, source, []);
      const diagnostics: LeashDiagnostic[] = [];
      const leash = emitFile(program, source, [leashTransformer(program, config, { ts, addDiagnostic: (d) => diagnostics.push(d as LeashDiagnostic) })]);
      const internal = diagnostics.filter((d) => d.leash.messageId === 'internalError');
      if (internal.length > 0) {
        counts.crashed++;
        counts.problems.push(`${label}: crashed: ${ts.flattenDiagnosticMessageText(internal[0]?.messageText, ' ')}`);
        continue;
      }
      if (leash.js === plain.js) {
        counts.untouched++;
        continue;
      }
      counts.rewritten++;
      if (parseErrors(ts, leash.js) > parseErrors(ts, plain.js)) {
        counts.differing++;
        counts.problems.push(`${label}: the instrumented output has a new parse error`);
        continue;
      }
      const stripped = stripLeash(ts, { js: leash.js, map: leash.map, original: source });
      if (stripped.text === plain.js && stripped.problems.length === 0) {
        counts.equal++;
      } else {
        counts.differing++;
        counts.problems.push(`${label}: ${stripped.problems[0] ?? firstDifference(plain.js, stripped.text)}`);
      }
    } catch (error) {
      counts.crashed++;
      counts.problems.push(`${label}: threw ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    }
  }
  return counts;
}

/**
 * Every file (the corpus's, the lib's, @types) is parsed once per language version and shared by
 * every program of that version: a corpus run checks the pairs of one target one after the other,
 * so only the current version's files are kept.
 */
const sourceFileCache = { version: '', files: new Map<string, TS.SourceFile>() };

function cachingHost(ts: typeof TS, options: TS.CompilerOptions): TS.CompilerHost {
  const host = ts.createCompilerHost(options);
  const getSourceFile = host.getSourceFile.bind(host);
  host.getSourceFile = (fileName, languageVersion, onError, shouldCreate) => {
    const version = typeof languageVersion === 'object' ? `${languageVersion.languageVersion}:${languageVersion.impliedNodeFormat}` : String(languageVersion);
    if (sourceFileCache.version !== version) sourceFileCache.files.clear();
    sourceFileCache.version = version;
    let file = sourceFileCache.files.get(fileName);
    if (file === undefined) {
      file = getSourceFile(fileName, languageVersion, onError, shouldCreate);
      if (file !== undefined) sourceFileCache.files.set(fileName, file);
    }
    return file;
  };
  return host;
}

/** One file's JavaScript and source map, emitted with `before` transformers. */
export function emitFile(program: TS.Program, source: TS.SourceFile, before: TS.TransformerFactory<TS.SourceFile>[]): { js: string; map: string | undefined } {
  let js = '';
  let map: string | undefined;
  program.emit(
    source,
    (name, text) => {
      if (name.endsWith('.map')) map = text;
      else if (/\.[mc]?js$/.test(name)) js = text;
    },
    undefined,
    false,
    { before },
  );
  return { js, map };
}

function parseErrors(ts: typeof TS, js: string): number {
  const file = ts.createSourceFile('out.js', js, ts.ScriptTarget.Latest, false, ts.ScriptKind.JS) as TS.SourceFile & { parseDiagnostics?: readonly unknown[] };
  return file.parseDiagnostics?.length ?? 0;
}

/** `line N: expected <plain> / got <stripped>`. */
export function firstDifference(expected: string, actual: string): string {
  const a = expected.split('\n');
  const b = actual.split('\n');
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    if (a[i] !== b[i]) return `line ${i + 1}: plain ${JSON.stringify((a[i] ?? '<end>').slice(0, 160))} / stripped ${JSON.stringify((b[i] ?? '<end>').slice(0, 160))}`;
  }
  return 'outputs differ';
}

/** One line per variant: `es5/commonjs  files 120  rewritten 30  identical-after-strip 30  untouched-identical 90  differences 0  crashed 0`. */
export function formatCounts(label: string, counts: Counts): string {
  const n = (value: number, width: number): string => String(value).padStart(width);
  return `${label.padEnd(16)} files ${n(counts.files, 6)}  rewritten ${n(counts.rewritten, 6)}  identical-after-strip ${n(counts.equal, 6)}  untouched-identical ${n(counts.untouched, 6)}  differences ${n(counts.differing, 4)}  crashed ${n(counts.crashed, 3)}`;
}

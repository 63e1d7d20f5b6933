/**
 * leash/node: instruments TypeScript as Node loads it, for code run without a build step: Node's
 * own type stripping (Node 22.18+ and 24 run `.ts` files as they are) and `node --test`.
 *
 *   node --import leash/node src/main.ts
 *   node --import leash/node --import leash/register --test     (with the per-test leak check)
 *
 * The bundler plugins' session does the work (session.ts: the project's own TypeScript, 6/5.9 in
 * process or 7 over IPC, one checker for the whole process, opened only when a module is not in
 * the module cache). It is called from a synchronous module hook (`module.registerHooks`, Node
 * 22.15+), which Node runs in its own thread for `import` and `require` alike, so a CommonJS
 * `require('./x.ts')` is instrumented as an `import` is. Node strips the types afterwards; the
 * output carries its source map inline, so `--enable-source-maps` names the original lines.
 *
 * The module format is Node's: leash's runtime is loaded with `require` in a file Node runs as
 * CommonJS and with `import` in an ES module, so instrumenting never changes what a file is.
 *
 * Options come from the environment, as nothing else reaches a `--import`: `LEASH_MODE`
 * (`bind`, the default, or `track`), `LEASH_TSCONFIG` (the tsconfig.json to read types with;
 * default the nearest one above the working directory), `LEASH_CACHE=0` (no module cache);
 * `LEASH_STATS=1` prints where leash's time went when the process exits; `LEASH_PLAN_AHEAD=0`
 * stops node --test's first test process from planning the whole project ahead (`planAhead`).
 *
 * Never silent: a `.ts` file that reaches leash already compiled (tsx's hooks, added with `module.register`, run
 * before any hook `registerHooks` adds, whatever the order of the flags) is named once, with what
 * to do, and so is everything the session says (no TypeScript, no tsconfig, a rule that threw).
 */
import * as nodeModule from 'node:module';
import { readFileSync } from 'node:fs';
import { basename, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { EXCLUDED_IDS, TYPESCRIPT_ID } from './plugin.js';
import type { EncodedMap } from '../emit/text.js';
import { packageType } from './package-type.js';
import { createHostSession, printStats, type EmittedModule, type LeashPluginOptions, type ModuleFormat } from './session.js';
import { notePlanned } from '../../runtime/config.js';

const HOST = 'leash/node';

/** A module as leash rewrote it (undefined: left as it was), and whether leash looked at it (`HostSession.answer`). */
type Answer = { output: { code: string; map: EncodedMap } | undefined; looked: boolean };

/** Leash did not look at the module: another loader compiled it without a map leash can write through. */
const NOT_LOOKED: Answer = { output: undefined, looked: false };

/** What a load hook returns (module.registerHooks; @types/node 20 does not declare it). */
interface LoadResult {
  format?: string | null;
  source?: string | ArrayBuffer | ArrayBufferView | null;
  shortCircuit?: boolean;
}
type NextLoad = (url: string, context?: unknown) => LoadResult;
type RegisterHooks = (hooks: { load(url: string, context: unknown, nextLoad: NextLoad): LoadResult }) => unknown;

/** Node's name for a TypeScript file's format, as leash's runtime must be loaded in it. */
const FORMATS: Record<string, ModuleFormat> = { 'module-typescript': 'module', 'commonjs-typescript': 'commonjs', typescript: 'by-syntax' };

/** The plugin options the environment gives; a bad value throws, naming the variable and what it takes. */
export function optionsFromEnv(env: NodeJS.ProcessEnv): LeashPluginOptions {
  const options: { mode?: 'bind' | 'track'; tsconfig?: string; cache?: boolean } = {};
  const mode = env['LEASH_MODE'];
  if (mode !== undefined && mode !== '') {
    if (mode !== 'bind' && mode !== 'track') throw new Error(`[leash] ${HOST}: LEASH_MODE must be bind or track, got ${JSON.stringify(mode)}.`);
    options.mode = mode;
  }
  const tsconfig = env['LEASH_TSCONFIG'];
  if (tsconfig !== undefined && tsconfig !== '') options.tsconfig = tsconfig;
  const cache = readSwitch('LEASH_CACHE', undefined, env);
  if (cache !== undefined) options.cache = cache;
  return options;
}

/** An on/off environment variable (`0`/`1`, `false`/`true`); unset or empty gives `fallback`, anything else throws, naming it. */
function readSwitch<T extends boolean | undefined>(name: string, fallback: T, env: NodeJS.ProcessEnv = process.env): boolean | T {
  const value = env[name];
  if (value === undefined || value === '') return fallback;
  if (!['0', '1', 'false', 'true'].includes(value)) throw new Error(`[leash] ${HOST}: ${name} must be 0 or 1, got ${JSON.stringify(value)}.`);
  return value === '1' || value === 'true';
}

/** The module from the cache of an earlier run, else planned now (opening the checker on the first miss). */
function instrument(code: string, file: string, format: ModuleFormat, emitted?: EmittedModule): Answer {
  const answer = session.answer(code, file, warn, format, emitted);
  // Behind tsx the cache is keyed by tsx's output too, which only loading the file gives.
  if (planAheadPending && emitted === undefined && session.stats().opens > 0) planAhead();
  return answer;
}

/**
 * This is one of node --test's test processes (node gives them NODE_TEST_CONTEXT) and it has not
 * planned the project ahead yet (`planAhead`, once); `LEASH_PLAN_AHEAD=0` turns planning ahead off
 * (a tsconfig naming far more files than the tests load).
 */
let planAheadPending = readSwitch('LEASH_PLAN_AHEAD', true) && process.env['NODE_TEST_CONTEXT'] !== undefined;

/**
 * `node --test` runs each test file in a process of its own, with the same `--import`s, and
 * runs leash/node in those only (the runner's own process does not load the `--import`s). Cold,
 * each would open a checker of its own for the modules it loads (remix's 29 suites: 15.6 min
 * against 4.0 warm). So the first test process that opens the checker plans every file of the
 * project with it into the module cache, and the test processes started after it read them:
 * at most as many checkers open as node runs test processes at once. A file is planned as Node
 * will load it (the format its extension and package.json give); what this misses, a test
 * process plans itself, as before. Its warnings are the test processes' to give, when they load
 * the file.
 */
function planAhead(): void {
  planAheadPending = false;
  const started = performance.now();
  let planned = 0;
  const quiet = (): void => {};
  try {
    for (const file of session.projectFiles()) {
      if (!isProjectTypeScript(file)) continue;
      const format = formatOf(file);
      if (format === undefined) continue;
      let code: string;
      try {
        code = readFileSync(file, 'utf8');
      } catch {
        continue;
      }
      if (session.cached(code, file, quiet, undefined, format) !== undefined) continue;
      session.transform(code, file, quiet, format);
      planned++;
    }
  } catch (error) {
    warn(`[leash] ${HOST}: could not plan the project's modules ahead of node --test's other processes, so each plans its own: ${error instanceof Error ? error.message : String(error)}`);
  }
  session.dispose(); // the cache is written now, for the test processes that start next
  if (process.env['LEASH_STATS'] === '1') console.error(`[leash] ${HOST}: planned ${planned} more modules ahead of node --test's other processes in ${Math.round(performance.now() - started)} ms`);
}

/** A trailing inline source map, as tsx (esbuild) writes one. */
const INLINE_MAP = /\n?\/\/# sourceMappingURL=data:application\/json;(?:charset=[^;,]+;)?base64,([A-Za-z0-9+/=]+)\s*$/;

/**
 * A `.ts` file another loader compiled before leash saw it (tsx: its hooks, added with
 * `module.register`, answer before any `registerHooks` hook, whatever the order of the flags).
 * The plan is made on the file's own text and written into the compiled JavaScript through the
 * source map it carries inline, as `leash build` writes into tsc's output; without one it is
 * left as it is, and said once.
 */
function instrumentCompiled(code: string, file: string, format: string | null | undefined): Answer {
  let original: string | undefined;
  try {
    original = readFileSync(file, 'utf8');
  } catch {
    original = undefined;
  }
  // Not compiled yet: another loader set the format and will compile what leash returns (tsx, with leash/node registered first).
  if (code === original && (format === 'module' || format === 'commonjs')) return instrument(code, file, format);
  const inline = INLINE_MAP.exec(code);
  if ((format !== 'module' && format !== 'commonjs') || inline === null || original === undefined) {
    warn(
      `[leash] ${HOST}: ${file} reached leash as ${String(format)} without an inline source map (another loader compiled it first), so it was not instrumented. Run it with Node's own type stripping (node --import leash/node ${basename(file)}, Node 22.18 or later), or build with \`leash build\` or a bundler plugin.`,
    );
    return NOT_LOOKED;
  }
  const map = Buffer.from(inline[1] as string, 'base64').toString('utf8');
  return instrument(original, file, format, { code: code.slice(0, inline.index), map });
}

function textOf(source: string | ArrayBuffer | ArrayBufferView): string {
  if (typeof source === 'string') return source;
  return (ArrayBuffer.isView(source) ? Buffer.from(source.buffer, source.byteOffset, source.byteLength) : Buffer.from(source)).toString('utf8');
}

const registerHooks = (nodeModule as unknown as { registerHooks?: RegisterHooks }).registerHooks;
if (registerHooks === undefined) {
  throw new Error(
    `[leash] ${HOST} needs module.registerHooks (Node 22.15 or later; Node 24 runs .ts files without a flag), and this is Node ${process.version}. Run on Node 22 or 24, or build with \`leash build\` or a bundler plugin (see leash's README, "Which setup").`,
  );
}

const session = createHostSession(HOST, optionsFromEnv(process.env), process.cwd());
const said = new Set<string>();
const warn = (message: string): void => {
  if (said.has(message)) return;
  said.add(message);
  process.emitWarning(message, { code: 'LEASH' });
};
process.on('exit', () => {
  session.dispose();
  printStats(session);
});

// Node's own test coverage lays the ranges V8 counted in the text it ran over the file on disk
// unless source maps are on: leash's inserted text shifts every range (a module whose `else`
// never ran reported 100% of its lines). A test process of `node --test --experimental-test-coverage`
// gets NODE_TEST_CONTEXT and a NODE_V8_COVERAGE folder named node-coverage-*; with
// --test-isolation=none the flag is the process's own. c8's folders are its own: it reads the map.
if (!process.sourceMapsEnabled && nodeTestCoverage(process.env, process.execArgv)) {
  warn(`[leash] ${HOST}: Node's test coverage without --enable-source-maps misplaces the coverage of every file leash rewrites (it reads the ranges of the rewritten text against the file on disk). Run node with --enable-source-maps.`);
}

/** Whether this process collects coverage for Node's own test runner. */
function nodeTestCoverage(env: NodeJS.ProcessEnv, execArgv: readonly string[]): boolean {
  const folder = env['NODE_V8_COVERAGE'];
  if (env['NODE_TEST_CONTEXT'] !== undefined && folder !== undefined && basename(folder).startsWith('node-coverage-')) return true;
  return [...execArgv, ...(env['NODE_OPTIONS'] ?? '').split(/\s+/)].includes('--experimental-test-coverage');
}

/** The format Node gives a `.ts` file as it loads it (what the load hook is told), or undefined for a file Node does not run. */
function formatOf(file: string): ModuleFormat | undefined {
  if (file.endsWith('.mts')) return 'module';
  if (file.endsWith('.cts')) return 'commonjs';
  if (!file.endsWith('.ts') || file.endsWith('.d.ts')) return undefined;
  const type = packageType(dirname(file));
  return type === 'module' ? 'module' : type === 'commonjs' ? 'commonjs' : 'by-syntax';
}



/** The header every instrumented module starts with (`<namespace>.useMode("bind")`): such text is not instrumented twice. */
const INSTRUMENTED = /\b[\w$]+\.useMode\("(?:bind|track)"\)/;

const isProjectTypeScript = (file: string): boolean => TYPESCRIPT_ID.test(file) && !EXCLUDED_IDS.some((excluded) => excluded.test(file));

/**
 * The instrumented text, with its map inline when Node will read it: with source maps on
 * (`--enable-source-maps`; tsx turns them on) or coverage collected (`NODE_V8_COVERAGE`). Node
 * reads a module's map only as it loads it, and only then; encoding one per module, and Node's
 * type stripping passing it through, made a warm start 1.73 s instead of 1.21 s (bench:build,
 * `--only-node`). Without them a frame on a rewritten line has the rewritten text's column; leash
 * never adds a line, so the line is right.
 */
const withInlineMap = (output: { code: string; map: EncodedMap }): string =>
  process.sourceMapsEnabled || process.env['NODE_V8_COVERAGE'] !== undefined
    ? `${output.code}\n//# sourceMappingURL=data:application/json;charset=utf-8;base64,${Buffer.from(JSON.stringify(output.map)).toString('base64')}\n`
    : output.code;

/** Tells the runtime leash looked at a module it left as it was (`HostSession.answer`'s `looked`); returns what to load. */
function loaded({ output, looked }: Answer): Answer['output'] {
  if (looked) notePlanned();
  return output;
}

/** Files the load hook answered, and whether it rewrote them (false: nothing to change, or it said why not). */
const answered = new Map<string, boolean>();

registerHooks({
  load(url, context, nextLoad) {
    const result = nextLoad(url, context);
    if (!url.startsWith('file:') || result.source == null) return result;
    const file = fileURLToPath(url);
    if (!isProjectTypeScript(file)) return result;
    const format = FORMATS[result.format ?? ''];
    const source = textOf(result.source);
    const output = loaded(format !== undefined ? instrument(source, file, format) : instrumentCompiled(source, file, result.format));
    answered.set(file, output !== undefined);
    return output === undefined ? result : { ...result, source: withInlineMap(output) };
  },
});

/**
 * A loader that compiles CommonJS `.ts` files itself (tsx: a `require` extension that hands
 * esbuild's output to `module._compile`) does not call the load hook for them, or compiles its own
 * text whatever the hook returned: leash meets them where every CommonJS module is compiled, and
 * writes into the compiled text through its inline map. What the hook already answered passes
 * through: text it instrumented (Node's own CommonJS loading; the header shows it), and a file it
 * found nothing to change in or said it could not instrument.
 */
const moduleProto = (nodeModule.Module as unknown as { prototype: { _compile(content: string, filename: string, ...rest: unknown[]): unknown } }).prototype;
const compile = moduleProto._compile;
moduleProto._compile = function (content, filename, ...rest) {
  if (typeof content === 'string' && typeof filename === 'string' && answered.get(filename) !== false && isProjectTypeScript(filename) && !INSTRUMENTED.test(content)) {
    const output = loaded(instrumentCompiled(content, filename, 'commonjs'));
    if (output !== undefined) return compile.call(this, withInlineMap(output), filename, ...rest);
  }
  return compile.call(this, content, filename, ...rest);
};

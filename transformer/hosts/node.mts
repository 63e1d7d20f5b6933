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
 * `LEASH_STATS=1` prints where leash's time went when the process exits.
 *
 * Never silent: a `.ts` file that reaches leash already compiled (tsx's hooks, added with `module.register`, run
 * before any hook `registerHooks` adds, whatever the order of the flags) is named once, with what
 * to do, and so is everything the session says (no TypeScript, no tsconfig, a rule that threw).
 */
import * as nodeModule from 'node:module';
import { basename } from 'node:path';
import { fileURLToPath } from 'node:url';
import { EXCLUDED_IDS, TYPESCRIPT_ID } from './plugin.js';
import { createHostSession, printStats, type LeashPluginOptions, type ModuleFormat } from './session.js';

const HOST = 'leash/node';

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
  const cache = env['LEASH_CACHE'];
  if (cache !== undefined && cache !== '') {
    if (!['0', '1', 'false', 'true'].includes(cache)) throw new Error(`[leash] ${HOST}: LEASH_CACHE must be 0 or 1, got ${JSON.stringify(cache)}.`);
    options.cache = cache === '1' || cache === 'true';
  }
  return options;
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

registerHooks({
  load(url, context, nextLoad) {
    const result = nextLoad(url, context);
    if (!url.startsWith('file:') || result.source == null) return result;
    const file = fileURLToPath(url);
    if (!TYPESCRIPT_ID.test(file) || EXCLUDED_IDS.some((excluded) => excluded.test(file))) return result;
    const format = FORMATS[result.format ?? ''];
    if (format === undefined) {
      warn(
        `[leash] ${HOST}: ${file} reached leash as ${String(result.format)}, not TypeScript: another loader compiled it first (tsx does, whatever the order of the --import flags), so it was not instrumented. Run it with Node's own type stripping (node --import leash/node ${basename(file)}, Node 22.18 or later), or build with \`leash build\` or a bundler plugin.`,
      );
      return result;
    }
    const code = textOf(result.source);
    const cached = session.cached(code, file, warn);
    let output = cached?.output;
    if (cached === undefined) {
      if (session.needsChecker(code)) session.ready();
      output = session.transform(code, file, warn, format);
    }
    if (output === undefined) return result;
    const map = Buffer.from(JSON.stringify(output.map)).toString('base64');
    return { ...result, source: `${output.code}\n//# sourceMappingURL=data:application/json;charset=utf-8;base64,${map}\n` };
  },
});

/**
 * One checker session per build, for the bundler plugins: the project's own TypeScript (found
 * from the project folder, not leash's), one LanguageService over its tsconfig reused for every
 * module, the planner, and the text emitter. A module whose text differs from what the checker
 * saw (another plugin changed it, or it changed on disk in watch mode) is re-read from the text
 * the bundler gave before it is planned; `changed()` drops a file's text after a watch event.
 *
 * TypeScript 7 (no compiler API in-process): `transform` opens its checker over IPC (plan/types/ts7.ts)
 * and leash's own TypeScript parses; the process is closed at the end of each build.
 *
 * A build keeps what leash made of each module on disk (cache.ts): a module whose text and imports
 * are unchanged since a build before is answered from there, and a build where every module is
 * never opens a checker. `cache: false` turns it off. A module with no call, `new` or `await`
 * (nothing a rule acts on) is answered without one too (`needsChecker`).
 *
 * Never silent: what keeps leash from doing its whole job (no TypeScript with a compiler API, no
 * `leash/hooks` for the output to load, a rule that threw) is said once per build through `warn`.
 */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative, resolve, sep } from 'node:path';
import type * as TS from 'typescript';
import { parseConfig } from '../config';
import { internalErrorMessage } from '../diagnostics';
import { emitText, type EncodedMap, type SourceMapInput } from '../emit/text';
import { ancestors, cacheFolder, createModuleCache, sha, type CachedModule, type ModuleCache } from './cache';
import { readTsconfig } from './tsconfig';
import { RUNTIME_MODULE } from '../emit/factory';
import { createClassicPlanEnv } from '../plan/types/classic';
import { addIpcTiming, classicParser, createTs7Types, findTypeScript, formatIpcTiming, noClassicParser, openTs7, type IpcTiming, type Ts7Session } from '../plan/types/ts7';
import { createPlanEnv, mayHaveRuleSites, planFile, type PlanEnv } from '../plan/planner';
import { pathFromRoot } from '../plan/util/site';
import { RULES } from '../plan/rules';

/** The plugin's options: the ts-patch plugin's (`mode`, `include`, `exclude`, a switch per rule), plus `tsconfig`. */
export interface LeashPluginOptions {
  readonly mode?: 'bind' | 'track';
  readonly include?: string | readonly string[];
  readonly exclude?: string | readonly string[];
  readonly timers?: boolean;
  readonly listeners?: boolean;
  readonly tasks?: boolean;
  readonly signals?: boolean;
  readonly cancelAtAwait?: boolean;
  /** Name what leash's own API (`mapLimit`, `withTimeout`, ...) registers by the caller's line. @default true */
  readonly callerSites?: boolean;
  /** Ownership: what module code or a long-lived holder starts runs in the root scope (see transformer/README.md). @default true */
  readonly ownership?: boolean;
  /** The tsconfig.json whose program gives the types; default: the nearest one above the project root. */
  readonly tsconfig?: string;
  /** Keep what leash made of each module in node_modules/.cache/leash, for the next build. @default true */
  readonly cache?: boolean;
}

/** The host-only option, which the ts-patch plugin has no use for. */
const HOST_OPTIONS = ['tsconfig', 'cache'];

/** `by-syntax`: an ES module when it has `import`/`export` syntax, else CommonJS (Node's reading of a file whose format nothing declares). */
export type ModuleFormat = 'module' | 'commonjs' | 'by-syntax';

/** A module compiled to JavaScript by another tool, with the map that leads back to its source (no `sourceMappingURL` comment left in `code`). */
export interface EmittedModule {
  readonly code: string;
  readonly map: SourceMapInput;
}

export interface HostSession {
  /** Folder of the tsconfig (site ids are relative to it) or the project root. */
  readonly root: string;
  /**
   * Whether `transform` needs the checker for this text: not when it has nothing any rule acts on
   * (no call, `new` or `await`: it plans to nothing) and the project has a TypeScript (without
   * one, `transform` still says so once).
   */
  needsChecker(code: string): boolean;
  /**
   * The module's answer from an earlier build when its text and imports are unchanged
   * (`output` undefined: nothing to change), or undefined when it must be planned (`transform`).
   * Needs no checker, so call it before `transform`. Repeats the warnings the module had.
   * `format`, when given, must be the one `transform` gets: the answer is kept per format.
   */
  cached(code: string, id: string, warn: (message: string) => void, emitted?: EmittedModule, format?: ModuleFormat): CachedModule | undefined;
  /**
   * The instrumented module, or undefined when there is nothing to change. `format` is how the
   * host will run it, when the host knows (leash/node: what Node said): it decides whether leash's
   * runtime is loaded with `import` or `require`, so that adding it never turns a CommonJS file
   * into an ES module. Without it, the file's own syntax and extension decide (a bundler).
   * `emitted`: the module as another tool already compiled it (leash/node behind tsx); the plan
   * is made on `code`, the original, and written into the compiled JavaScript through its map.
   */
  transform(code: string, id: string, warn: (message: string) => void, format?: ModuleFormat, emitted?: EmittedModule): { code: string; map: EncodedMap } | undefined;
  /**
   * One module as a host asks for it: `cached`, else `transform`. `looked`: leash planned it and
   * found nothing to change, and said nothing (no warning, a TypeScript to plan with, and the
   * options did not leave it alone: no rule on, `include`/`exclude`, a declaration file). A
   * runtime that loads such a module counts it (`notePlanned`): a process whose modules all were
   * so has an empty report that means no leaks, not "never looked".
   */
  answer(code: string, id: string, warn: (message: string) => void, format?: ModuleFormat, emitted?: EmittedModule): { output: { code: string; map: EncodedMap } | undefined; looked: boolean };
  /** The files the project's tsconfig.json names (its `files` and `include`), read with a classic TypeScript; empty without either. */
  projectFiles(): string[];
  /** A file changed, appeared or went away (watch mode): the next program re-reads it. */
  changed(id: string): void;
  /** Starts a build: the once-per-build notices may be said again. */
  startBuild(): void;
  /** Where this session's time went, in ms (for the bench: `LEASH_STATS=1` prints it at the end of each build). */
  stats(): HostStats;
  /**
   * Ends a build: writes the cache's new entries, closes TypeScript 7's checker process (reopened
   * by the next `transform` that needs it); a classic program is kept for the next build.
   */
  dispose(): void;
}

export interface HostStats {
  /** Opening the checker: the classic program (built on first use), or TypeScript 7's process and project. */
  programMs: number;
  /** Planning modules with the checker's answers. */
  planMs: number;
  /** Writing the instrumented text and its map. */
  emitMs: number;
  /** Computing cache keys, reading and writing entries. */
  cacheMs: number;
  hits: number;
  misses: number;
  /**
   * Checkers opened in this build: the classic program's LanguageService, or TypeScript 7's
   * process and project. 0 in a build whose every module was answered from the cache.
   */
  opens: number;
  /** With `LEASH_STATS=1`, TypeScript 7's round trips in this build and where their time went. */
  ipc: IpcTiming | undefined;
}

/** With `LEASH_STATS=1`, prints where the session's time went (after `dispose`, so the cache write counts). */
export function printStats(session: HostSession): void {
  if (process.env['LEASH_STATS'] !== '1') return;
  const { programMs, planMs, emitMs, cacheMs, hits, misses, opens, ipc } = session.stats();
  const ms = (value: number): string => `${Math.round(value)} ms`;
  console.error(`leash stats: checker ${ms(programMs)}, planning ${ms(planMs)}, emit ${ms(emitMs)}, cache ${ms(cacheMs)} (${hits} hits, ${misses} misses, checker opened ${opens} times)`);
  if (ipc !== undefined) console.error(`leash stats: ${formatIpcTiming(ipc)}`);
}

/** What a host knows about how its output is run. */
export interface HostTraits {
  /** Its output is read only through source maps (a bundler's, vitest's): see `EmitOptions.mapped`. */
  readonly mapped?: boolean;
}

/**
 * Checks the options (a bad one throws a `[leash]` error naming the option, what it expected and
 * got) and returns a session that builds its program on first use, from `root`.
 */
export function createHostSession(host: string, rawOptions: LeashPluginOptions | undefined, root: string, traits: HostTraits = {}): HostSession {
  const options = (rawOptions ?? {}) as Record<string, unknown>;
  const mapped = traits.mapped === true;
  const tsconfigOption = options['tsconfig'];
  if (tsconfigOption !== undefined && typeof tsconfigOption !== 'string') {
    throw new TypeError(`[leash] ${host}: option \`tsconfig\` must be a path to a tsconfig.json, got ${JSON.stringify(tsconfigOption)}.`);
  }
  const cacheOption = options['cache'];
  if (cacheOption !== undefined && typeof cacheOption !== 'boolean') {
    throw new TypeError(`[leash] ${host}: option \`cache\` must be true or false, got ${JSON.stringify(cacheOption)}.`);
  }
  const ruleOptions = Object.fromEntries(Object.entries(options).filter(([key]) => !HOST_OPTIONS.includes(key)));
  const { config, problems } = parseConfig(ruleOptions, RULES);
  if (config === undefined) {
    const unknown = problems.some((problem) => problem.messageId === 'unknownOption');
    throw new TypeError(`[leash] ${host}: ${problems.map((problem) => problem.message).join(' ')}${unknown ? ` The bundler plugins also take ${HOST_OPTIONS.map((key) => `\`${key}\``).join(', ')} (the tsconfig.json to read types with).` : ''}`);
  }
  const rules = RULES.filter((rule) => config.rules.has(rule.name));
  let project: Project | Ts7Project | { missing: string } | undefined;
  const said = new Set<string>();
  const stats = emptyStats();
  const timed = <T>(key: 'programMs' | 'planMs' | 'emitMs' | 'cacheMs', work: () => T): T => {
    const start = performance.now();
    try {
      return work();
    } finally {
      stats[key] += performance.now() - start;
    }
  };
  const once = (key: string, message: string, warn: (message: string) => void): void => {
    if (said.has(key)) return;
    said.add(key);
    warn(message);
  };
  /** Whether the project resolves a `typescript` (asked once per build). */
  let hasTypeScript: boolean | undefined;
  const needsChecker = (code: string): boolean => mayHaveRuleSites(code) || !(hasTypeScript ??= findTypeScript(root) !== undefined);
  const tsconfig = typeof tsconfigOption === 'string' ? resolve(root, tsconfigOption) : undefined;
  const projectRoot = tsconfig !== undefined ? dirname(tsconfig) : root;

  /** The tsconfig.json: the option's, else found as TypeScript finds it (nearest above the root); looked up once. */
  let configFound: { file: string | undefined } | undefined;
  const configFile = (): string | undefined => (configFound ??= { file: tsconfig ?? findConfigFile(root) }).file;
  /** Path from the tsconfig's folder, as the checker has it: `include`/`exclude` globs match it. */
  let fromConfig: ((fileName: string) => string) | undefined;
  /** The options leave this module alone whatever it holds (no rule on, `include`/`exclude`, a declaration file). */
  const leavesAlone = (fileName: string): boolean => {
    if (rules.length === 0 || fileName.endsWith('.d.ts')) return true;
    fromConfig ??= pathFromRoot(dirname(configFile() ?? join(root, 'tsconfig.json')));
    return !config.includes(fromConfig(fileName));
  };

  // The cache needs no TypeScript loaded: the tsconfig is found as TypeScript finds it (nearest above the root).
  let cache: { modules: ModuleCache } | null | undefined;
  const cacheOf = (): typeof cache => {
    if (cache !== undefined) return cache;
    const file = configFile();
    const typescript = findTypeScript(root);
    const folder = file === undefined ? undefined : cacheFolder(dirname(file));
    if (cacheOption === false || file === undefined || typescript === undefined || folder === undefined) return (cache = null);
    const build = JSON.stringify({ host, typescript: typescript.version, options: ruleOptions, mapped });
    return (cache = { modules: createModuleCache(folder, dirname(file), file, build) });
  };
  /** The last key computed, so `transform` after a miss in `cached` does not hash again. */
  let lastKey: { fileName: string; code: string; key: string | undefined } | undefined;
  const keyOf = (modules: ModuleCache, fileName: string, code: string, emitted: EmittedModule | undefined, format: ModuleFormat | undefined): string | undefined => {
    if (lastKey?.fileName !== fileName || lastKey.code !== code) lastKey = { fileName, code, key: modules.keyOf(fileName, code) };
    if (lastKey.key === undefined) return undefined;
    // Written into another tool's output, the answer depends on that output too; and on how the module is run (how leash's runtime is loaded).
    const key = emitted === undefined ? lastKey.key : sha(lastKey.key, emitted.code);
    return format === undefined ? key : sha(key, format);
  };

  /**
   * The project's checker, opened on first use: TypeScript 7's process (reopened after a change,
   * and after the build that closed it), else the classic program, or why there is none.
   */
  const checker = (): Project | Ts7Project | { missing: string } => {
    if (project === undefined) {
      const found = findTypeScript(root);
      if (found !== undefined && found.major >= 7) return openTs7Project(host, root, tsconfig, found, () => stats.opens++);
      stats.opens++;
      return openProject(host, root, tsconfig);
    }
    if ('refresh' in project) project.refresh();
    return project;
  };

  /** Whether leash's runtime import (`leash/hooks`) resolves from a folder: asked once per folder a build (~0.4 ms each). */
  const runtimeFrom = new Map<string, boolean>();
  const resolvesFrom = (dir: string): boolean => {
    let resolves = runtimeFrom.get(dir);
    if (resolves === undefined) runtimeFrom.set(dir, (resolves = resolvesRuntime(dir)));
    return resolves;
  };

  /**
   * Plans and writes one module; `store`: the answer holds for the next build with the same
   * inputs (not when a once-per-build notice stood in for it, or the text was not the checker's).
   */
  const transformModule = (code: string, fileName: string, format: ModuleFormat | undefined, emitted: EmittedModule | undefined, warn: (message: string) => void, notice: (message: string) => void): { output: { code: string; map: EncodedMap } | undefined; store: boolean } => {
    const none = (store: boolean): { output: undefined; store: boolean } => ({ output: undefined, store });
    if (!needsChecker(code)) return none(true);
    project = timed('programMs', () => checker());
    if ('missing' in project) {
      once('no-typescript', project.missing, notice);
      return none(false);
    }
    const opened = project;
    const path = opened.relativePath(fileName);
    const view = timed('programMs', () => opened.sourceFor(fileName, code));
    if (view === undefined) {
      warn(`[leash] ${host}: ${path}: the text differs from the file TypeScript 7 checked (a plugin before leash changed it), so it is left unchanged; list leash first.`);
      return none(false);
    }
    const { source, env } = view;
    if (env.isRuntimeFile(fileName)) return none(true);
    let plan;
    try {
      plan = timed('planMs', () => planFile(env, source, rules));
    } catch (error) {
      warn(`[leash] ${host}: ${path}: ${internalErrorMessage('plan this file', error)}`);
      return none(false);
    }
    for (const failure of plan.failures) {
      const { line, character } = source.getLineAndCharacterOfPosition(failure.node.start);
      warn(`[leash] ${host}: ${path}:${line + 1}:${character + 1}: ${internalErrorMessage(`apply rule ${failure.rule} here`, failure.error)}`);
    }
    if (plan.intents.length === 0) return none(true);
    if (!resolvesFrom(root)) {
      once('runtime', runtimeNotice(host, opened.root), notice);
    }
    try {
      const input = emitted === undefined ? { code, original: source } : { code: emitted.code, original: source, map: emitted.map };
      const out = timed('emitMs', () => emitText(opened.ts, input, plan, { mode: config.mode, requireRuntime: requiresRuntime(opened.ts, source, format), mapped }));
      for (const { intent, reason } of out?.unplaced ?? []) warn(`[leash] ${host}: ${intent.site.split(' ')[0]}: not instrumented: ${reason}.`);
      return { output: out?.written ? { code: out.code, map: out.map } : undefined, store: true };
    } catch (error) {
      warn(`[leash] ${host}: ${path}: ${internalErrorMessage('write this file', error)}`);
      return none(false);
    }
  };

  /**
   * A module leash would rewrite whose folder cannot resolve leash's runtime where the root can:
   * a module of a workspace package beside the project that does not itself depend on leash (a
   * sibling linked into node_modules, whose real path the bundler gives) would import a runtime
   * it cannot load, and fail the build. Such a module is left as written, and the build is told
   * once. A module under the root finds what the root finds: its lookup passes through the
   * root's folders, so only folders outside it are asked.
   */
  const underRoot = root.endsWith(sep) ? root : `${root}${sep}`;
  const unreachable = (fileName: string, warn: (message: string) => void): boolean => {
    if (fileName.startsWith(underRoot) || resolvesFrom(dirname(fileName)) || !resolvesFrom(root)) return false;
    once('runtime-from', runtimeFromNotice(host, relative(root, fileName).split('\\').join('/')), warn);
    return true;
  };

  /** `cached` for a file the options do not leave alone. */
  const cachedFile = (code: string, fileName: string, warn: (message: string) => void, emitted?: EmittedModule, format?: ModuleFormat): CachedModule | undefined => {
    const found = cacheOf();
    if (found == null) return undefined;
    const hit = timed('cacheMs', () => {
      const key = keyOf(found.modules, fileName, code, emitted, format);
      return key === undefined ? undefined : found.modules.read(fileName, key, code);
    });
    if (hit === undefined) {
      stats.misses++;
      return undefined;
    }
    stats.hits++;
    for (const message of hit.warnings) warn(message);
    if (hit.output !== undefined && !resolvesFrom(root)) {
      once('runtime', runtimeNotice(host, root), warn);
    }
    return hit;
  };

  /** `transform` for a file the options do not leave alone. */
  const transformFile = (code: string, fileName: string, warn: (message: string) => void, format?: ModuleFormat, emitted?: EmittedModule): { code: string; map: EncodedMap } | undefined => {
    const found = cacheOf();
    const key = found == null ? undefined : timed('cacheMs', () => keyOf(found.modules, fileName, code, emitted, format));
    if (found == null || key === undefined) return transformModule(code, fileName, format, emitted, warn, warn).output;
    const warnings: string[] = [];
    const result = transformModule(
      code,
      fileName,
      format,
      emitted,
      (message) => {
        warnings.push(message);
        warn(message);
      },
      warn,
    );
    if (result.store) timed('cacheMs', () => found.modules.write(fileName, key, code, { output: result.output, warnings }));
    return result.output;
  };

  return {
    get root() {
      return project !== undefined && 'root' in project ? project.root : projectRoot;
    },
    needsChecker,
    cached(code, id, warn, emitted, format) {
      const fileName = fileOf(id);
      if (leavesAlone(fileName)) return { output: undefined, warnings: [] };
      const hit = cachedFile(code, fileName, warn, emitted, format);
      return hit?.output !== undefined && unreachable(fileName, warn) ? { ...hit, output: undefined } : hit;
    },
    transform(code, id, warn, format, emitted) {
      const fileName = fileOf(id);
      if (leavesAlone(fileName)) return undefined;
      const output = transformFile(code, fileName, warn, format, emitted);
      return output !== undefined && unreachable(fileName, warn) ? undefined : output;
    },
    answer(code, id, warn, format, emitted) {
      const fileName = fileOf(id);
      if (leavesAlone(fileName)) return { output: undefined, looked: false };
      let warned = false;
      const counted = (message: string): void => {
        warned = true;
        warn(message);
      };
      const output = (cachedFile(code, fileName, counted, emitted, format) ?? { output: transformFile(code, fileName, counted, format, emitted) }).output;
      if (output !== undefined && unreachable(fileName, warn)) return { output: undefined, looked: false };
      return { output, looked: output === undefined && !warned && !(project !== undefined && 'missing' in project) };
    },
    projectFiles() {
      const ts = classicParser();
      const file = configFile();
      if (ts === undefined || file === undefined) return [];
      return readTsconfig(ts, file)?.fileNames ?? [];
    },
    changed(id) {
      lastKey = undefined;
      if (cache) cache.modules.changed();
      if (project !== undefined && !('missing' in project)) project.changed(fileOf(id));
    },
    stats: () => ({ ...stats }),
    startBuild() {
      said.clear();
      hasTypeScript = undefined;
      runtimeFrom.clear();
      Object.assign(stats, emptyStats());
      lastKey = undefined;
      if (cache) cache.modules.changed();
    },
    dispose() {
      if (cache) timed('cacheMs', () => cache?.modules.flush());
      if (project !== undefined && 'close' in project) {
        stats.ipc = addIpcTiming(stats.ipc, project.close());
        project = undefined;
      }
    },
  };
}

/** The tsconfig.json in `from` or the nearest folder above it, as TypeScript's findConfigFile looks. */
function findConfigFile(from: string): string | undefined {
  return ancestors(from)
    .map((dir) => join(dir, 'tsconfig.json'))
    .find((file) => existsSync(file));
}

/** The file a bundler's module id names (without `?query` or `#hash`). */
function fileOf(id: string): string {
  return resolve(id.replace(/[?#].*$/, ''));
}

/** Said once per build when a module is left as written because its folder cannot resolve the runtime the root can. */
function runtimeFromNotice(host: string, file: string): string {
  return `[leash] ${host}: ${file} is left as written, as is every module whose folder cannot resolve "${RUNTIME_MODULE}" (a workspace package beside the project that does not depend on leash): instrumented, it would import a runtime it cannot load. Add leash to the workspace root's devDependencies, or to that package's, to instrument them.`;
}

/** Said once per build when instrumented output imports a runtime the project cannot resolve. */
function runtimeNotice(host: string, root: string): string {
  return `[leash] ${host}: the instrumented modules import "${RUNTIME_MODULE}", which does not resolve from ${root}; add leash to the project's dependencies.`;
}

function emptyStats(): HostStats {
  return { programMs: 0, planMs: 0, emitMs: 0, cacheMs: 0, hits: 0, misses: 0, opens: 0, ipc: undefined };
}

/** Whether the output loads leash's runtime with `require`: as the host will run it, else as the file reads (`usesRequire`). */
function requiresRuntime(ts: typeof TS, source: TS.SourceFile, format: ModuleFormat | undefined): boolean {
  if (format === 'module' || format === 'commonjs') return format === 'commonjs';
  if (format === 'by-syntax') return !ts.isExternalModule(source);
  return usesRequire(ts, source);
}

/** `.cts`, or a file with no import/export that uses `require`/`module.exports`: load the runtime with require. */
function usesRequire(ts: typeof TS, source: TS.SourceFile): boolean {
  if (/\.c[jt]sx?$/.test(source.fileName)) return true;
  if (/\.m[jt]sx?$/.test(source.fileName) || ts.isExternalModule(source)) return false;
  return /\brequire\s*\(|\bmodule\.exports\b|\bexports\.\w/.test(source.text);
}

interface Project {
  readonly ts: typeof TS;
  readonly root: string;
  relativePath(fileName: string): string;
  /** The checker's view of a file, made to hold `code` first if it saw other text (undefined: it cannot be). */
  sourceFor(fileName: string, code: string): { source: TS.SourceFile; env: PlanEnv } | undefined;
  changed(fileName: string): void;
}

/** TypeScript 7: the checker runs in its own process on a snapshot of the disk, reopened after a change. */
interface Ts7Project extends Project {
  refresh(): void;
  /** Ends the compiler process; returns what its round trips cost since the project opened (with `LEASH_STATS=1`). */
  close(): IpcTiming | undefined;
}

/**
 * A TypeScript 7 project: a classic TypeScript beside it parses (the planner walks its tree), and
 * the project's TypeScript 7 answers the type questions over IPC (plan/types/ts7.ts).
 */
function openTs7Project(host: string, root: string, tsconfigPath: string | undefined, found: { version: string; dir: string }, opened: () => void): Ts7Project | { missing: string } {
  const ts = classicParser();
  if (ts === undefined) return { missing: `[leash] ${host}: ${noClassicParser(found.version)}. Nothing was instrumented.` };
  const configFile = tsconfigPath ?? ts.findConfigFile(root, ts.sys.fileExists);
  if (configFile === undefined) return { missing: `[leash] ${host}: TypeScript ${found.version}'s checker needs a tsconfig.json, and none was found from ${root}, so nothing was instrumented. Add one, or pass leash({ tsconfig }).` };
  const projectRoot = dirname(configFile);
  let session: Ts7Session | undefined;
  let env: PlanEnv | undefined;
  let stale = true;
  const timing = process.env['LEASH_STATS'] === '1';
  let ipc: IpcTiming | undefined;
  const closeSession = (): void => {
    ipc = addIpcTiming(ipc, session?.ipcTiming());
    session?.close();
    session = undefined;
  };
  const refresh = (): void => {
    if (!stale) return;
    stale = false;
    closeSession();
    opened();
    const open = openTs7(found.dir, configFile, projectRoot, { timing });
    session = open;
    env = createPlanEnv({ ts, types: (isRuntimeFile) => createTs7Types({ ts, project: open.project, enums: open.enums, isRuntimeFile }), root: projectRoot, readFile: (path) => ts.sys.readFile(path) });
  };
  try {
    refresh();
  } catch (error) {
    return { missing: `[leash] ${host}: could not open TypeScript ${found.version}'s checker (${error instanceof Error ? error.message : String(error)}), so nothing was instrumented.` };
  }
  return {
    ts,
    root: projectRoot,
    relativePath: pathFromRoot(projectRoot),
    sourceFor(fileName, code) {
      // TypeScript 7 checked the file on disk; nodes are matched by offset, so the text must be that text.
      if (env === undefined || ts.sys.readFile(fileName) !== code) return undefined;
      return { source: ts.createSourceFile(fileName, code, ts.ScriptTarget.Latest, true), env };
    },
    changed() {
      stale = true;
    },
    refresh,
    close() {
      closeSession();
      stale = true;
      const spent = ipc;
      ipc = undefined;
      return spent;
    },
  };
}

/** The project's TypeScript (with a compiler API) and a LanguageService over its tsconfig, or why there is none. */
function openProject(host: string, root: string, tsconfigPath: string | undefined): Project | { missing: string } {
  const requireFromProject = createRequire(join(root, 'package.json'));
  let ts: typeof TS;
  try {
    ts = requireFromProject('typescript') as typeof TS;
  } catch {
    return { missing: `[leash] ${host}: no TypeScript found from ${root}, so nothing was instrumented (every rule needs the type checker). Install typescript in the project (npm i -D typescript) and keep a tsconfig.json.` };
  }
  if (typeof ts.createLanguageService !== 'function') {
    return {
      missing: `[leash] ${host}: the project's typescript (${String((ts as { version?: unknown }).version ?? 'unknown version')}) has no compiler API for leash's planner (TypeScript 7), so nothing was instrumented. Use \`leash build\`, or install typescript@6 for leash to read types with.`,
    };
  }

  const configFile = tsconfigPath ?? ts.findConfigFile(root, ts.sys.fileExists);
  let options: TS.CompilerOptions = { target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.ESNext, moduleResolution: ts.ModuleResolutionKind.Bundler, strict: true, skipLibCheck: true };
  let rootNames: string[] = [];
  const projectRoot = configFile === undefined ? root : dirname(configFile);
  if (configFile !== undefined) {
    const parsed = readTsconfig(ts, configFile);
    if (parsed !== undefined) {
      options = parsed.options;
      rootNames = parsed.fileNames;
    }
  }
  const files = new Set(rootNames);
  const versions = new Map<string, number>();
  /** Text the bundler gave for a file, where it differs from the file on disk. */
  const given = new Map<string, string>();
  let projectVersion = 0;
  const service = ts.createLanguageService(
    {
      getProjectVersion: () => String(projectVersion),
      getCompilationSettings: () => options,
      getScriptFileNames: () => [...files],
      getScriptVersion: (fileName) => String(versions.get(fileName) ?? 0),
      getScriptSnapshot: (fileName) => {
        const text = given.get(fileName) ?? ts.sys.readFile(fileName);
        return text === undefined ? undefined : ts.ScriptSnapshot.fromString(text);
      },
      getCurrentDirectory: () => projectRoot,
      getDefaultLibFileName: (compilerOptions) => ts.getDefaultLibFilePath(compilerOptions),
      fileExists: ts.sys.fileExists,
      readFile: ts.sys.readFile,
      readDirectory: ts.sys.readDirectory,
      directoryExists: ts.sys.directoryExists,
      getDirectories: ts.sys.getDirectories,
      realpath: ts.sys.realpath,
      useCaseSensitiveFileNames: () => ts.sys.useCaseSensitiveFileNames,
    },
    ts.createDocumentRegistry(),
  );
  const bump = (fileName: string): void => {
    versions.set(fileName, (versions.get(fileName) ?? 0) + 1);
    projectVersion++;
  };

  let current: { program: TS.Program; env: PlanEnv } | undefined;
  const envFor = (program: TS.Program): PlanEnv => {
    if (current?.program !== program) {
      current = { program, env: createClassicPlanEnv(ts, program, projectRoot) };
    }
    return current.env;
  };
  const programOf = (): TS.Program => {
    const program = service.getProgram();
    if (program === undefined) throw new Error('the language service has no program');
    return program;
  };

  return {
    ts,
    root: projectRoot,
    relativePath: pathFromRoot(projectRoot),
    sourceFor(fileName, code) {
      if (!files.has(fileName)) {
        files.add(fileName);
        projectVersion++;
      }
      let source = programOf().getSourceFile(fileName);
      if (source === undefined || source.text !== code) {
        given.set(fileName, code);
        bump(fileName);
        source = programOf().getSourceFile(fileName);
        if (source === undefined) throw new Error(`TypeScript did not load ${fileName}`);
      }
      return { source, env: envFor(programOf()) };
    },
    changed(fileName) {
      given.delete(fileName);
      bump(fileName);
    },
  };
}

/** Whether the instrumented modules' import of the runtime (`leash/hooks`) resolves from `root`. */
function resolvesRuntime(root: string): boolean {
  try {
    createRequire(join(root, 'package.json')).resolve(RUNTIME_MODULE);
    return true;
  } catch {
    return false;
  }
}

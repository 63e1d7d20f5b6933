/**
 * `leash build [-p tsconfig.json] [--mode bind|track] [--watch]`: builds a project with its own
 * TypeScript and instruments the output, for any TypeScript the project has (7, where `tsc`
 * ignores `compilerOptions.plugins`, and 6.0/5.9).
 *
 * 1. The project's own `tsc -p <config>` type-checks and emits, exactly as without leash; its
 *    diagnostics are printed as it prints them and its exit code is leash build's.
 * 2. Meanwhile leash plans every project file with the project's checker: TypeScript 7's over
 *    IPC (plan/types/ts7.ts), or a classic in-process Program for 6.0/5.9 (plan/types/classic.ts).
 * 3. Each emitted JavaScript file with something to rewrite is rewritten in place by the text
 *    emitter, placed through the source map tsc wrote, and its map chained back to the `.ts`. So the
 *    output differs from plain `tsc` output only by leash's calls. When the project emits no source
 *    maps, tsc is asked for inline ones and they are removed again afterwards.
 * The host only adapts: the planner, the type adapters and the emitter are shared with the others.
 */
import { execFile } from 'node:child_process';
import { existsSync, readFileSync, renameSync, rmSync, statSync, watch as watchFolder, writeFileSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve } from 'node:path';
import type * as TS from 'typescript';
import { parseConfig, type LeashConfig, type Mode } from '../transformer/config';
import { emitScriptTarget, RUNTIME_MODULE } from '../transformer/emit/runtime-load';
import { emitText } from '../transformer/emit/text';
import { recordLooked } from '../transformer/hosts/looked';
import { packageType } from '../transformer/hosts/package-type';
import { readTsconfig } from '../transformer/hosts/tsconfig';
import { leftAsIs, type Plan } from '../transformer/plan/intent';
import { createPlanEnv, planFile, type PlanEnv } from '../transformer/plan/planner';
import { RULES } from '../transformer/plan/rules';
import { createClassicTypes } from '../transformer/plan/types/classic';
import { classicParser, createTs7Types, findTypeScript, formatIpcTiming, noClassicParser, openTs7, type IpcTiming, type Ts7Session } from '../transformer/plan/types/ts7';

export interface BuildOptions {
  /** tsconfig.json, or a folder holding one (`-p`). */
  readonly project?: string;
  /** Overrides the `mode` of the tsconfig's leash plugin entry. */
  readonly mode?: Mode;
  readonly watch?: boolean;
}

export interface BuildIo {
  readonly cwd: string;
  out(text: string): void;
  err(text: string): void;
}

const PLUGIN = 'leash/transformer';

/** Runs one build (or, with `watch`, one per change until interrupted); returns the exit code. */
export async function runBuild(options: BuildOptions, io: BuildIo): Promise<number> {
  const configFile = findConfig(options.project, io.cwd);
  if (typeof configFile !== 'string') {
    io.err(`${configFile.error}\n`);
    return 2;
  }
  const first = await buildOnce(configFile, options, io);
  if (!options.watch) return first;
  return watchBuilds(configFile, options, io);
}

function findConfig(project: string | undefined, cwd: string): string | { error: string } {
  const given = resolve(cwd, project ?? 'tsconfig.json');
  const file = existsSync(given) && statSync(given).isDirectory() ? join(given, 'tsconfig.json') : given;
  if (existsSync(file)) return file;
  return { error: `[leash] build: expected a tsconfig.json at ${relative(cwd, file) || file}, found none; pass -p <tsconfig.json or folder>.` };
}

interface Project {
  readonly dir: string;
  readonly configFile: string;
  readonly typescript: { readonly version: string; readonly major: number; readonly dir: string };
  /** The classic TypeScript whose parser gives the planner its syntax tree (and reads the tsconfig). */
  readonly ts: typeof TS;
  readonly options: TS.CompilerOptions;
  readonly fileNames: readonly string[];
  readonly config: LeashConfig;
}

async function buildOnce(configFile: string, options: BuildOptions, io: BuildIo): Promise<number> {
  const loaded = loadProject(configFile, options, io);
  if ('error' in loaded) {
    io.err(`${loaded.error}\n`);
    return 2;
  }
  const project = loaded;
  const started = performance.now();
  const needsMaps = !project.options.sourceMap && !project.options.inlineSourceMap;
  const compile = runTsc(project, needsMaps, io);
  let own = 0;
  let planned: Planned;
  try {
    const t = performance.now();
    planned = planProject(project);
    own += performance.now() - t;
  } catch (error) {
    const result = await compile;
    io.out(result.output);
    io.err(`[leash] build: could not read the project's types, so nothing was instrumented: ${error instanceof Error ? error.message : String(error)}\n`);
    return result.code === 0 ? 1 : result.code;
  }
  const result = await compile;
  io.out(result.output);
  const t = performance.now();
  const written = instrumentOutputs(project, planned, result.emitted, needsMaps, io);
  const ipc = planned.close();
  own += performance.now() - t;
  const wall = performance.now() - started;
  const checker = project.typescript.major >= 7 ? `TypeScript ${project.typescript.version} over IPC` : `TypeScript ${project.typescript.version}`;
  io.err(
    `leash: instrumented ${written.files} of ${written.outputs} emitted files (${written.rewrites} rewrites, mode ${project.config.mode}) with ${checker}; ` +
      `leash's own time ${Math.round(own)} ms (types ${Math.round(planned.typesMs)} ms) of ${Math.round(wall)} ms\n`,
  );
  if (ipc !== undefined) io.err(`leash stats: ${formatIpcTiming(ipc)}\n`);
  return result.code !== 0 ? result.code : written.failed ? 1 : 0;
}

function loadProject(configFile: string, options: BuildOptions, io: BuildIo): Project | { error: string } {
  const dir = dirname(configFile);
  const typescript = findTypeScript(dir);
  if (typescript === undefined) return { error: `[leash] build: no typescript package resolves from ${dir}; install the project's compiler (npm i -D typescript).` };
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- the project's own compiler, found at run time
  const ts = typescript.major >= 7 ? classicParser() : (require(typescript.dir) as typeof TS);
  if (ts === undefined) {
    return {
      error: `[leash] build: ${noClassicParser(typescript.version)}`,
    };
  }
  const parsed = readTsconfig(ts, configFile);
  if (parsed === undefined) return { error: `[leash] build: could not read ${configFile}.` };
  const plugins = (parsed.options['plugins'] as readonly { transform?: string }[] | undefined) ?? [];
  const entry = plugins.find((plugin) => plugin.transform === PLUGIN) as Record<string, unknown> | undefined;
  if (entry !== undefined && typescript.major >= 7) {
    io.err(`[leash] warning: ${relative(io.cwd, configFile) || configFile} has { "transform": "${PLUGIN}" } in compilerOptions.plugins, which tsc ${typescript.version} ignores: plain \`tsc\` emits uninstrumented code. Build with \`leash build\` (it reads the options of that entry).\n`);
  }
  const { transform: _transform, ...pluginOptions } = entry ?? {};
  const { config, problems } = parseConfig({ ...pluginOptions, ...(options.mode !== undefined ? { mode: options.mode } : {}) }, RULES);
  if (config === undefined) return { error: problems.map((problem) => `[leash] build: ${problem.message}`).join('\n') };
  const fileNames = parsed.fileNames.filter((name) => !/\.d\.[mc]?ts$/.test(name));
  return { dir, configFile, typescript, ts, options: parsed.options, fileNames, config };
}

interface Compiled {
  readonly code: number;
  readonly output: string;
  /** Absolute paths tsc wrote (`--listEmittedFiles`). */
  readonly emitted: readonly string[];
}

/** The project's own tsc, as the user would run it, plus the list of files it wrote (and source maps when the project has none). */
function runTsc(project: Project, addMaps: boolean, io: BuildIo): Promise<Compiled> {
  const tsc = join(project.typescript.dir, 'bin', 'tsc');
  // Inline maps when the project has none: read from the JS itself and dropped with its comment (no .map file written, read and deleted per file).
  const args = [tsc, '-p', project.configFile, '--listEmittedFiles', ...(addMaps ? ['--inlineSourceMap'] : []), ...(process.stdout.isTTY ? ['--pretty'] : [])];
  return new Promise((done) => {
    execFile(process.execPath, args, { cwd: io.cwd, maxBuffer: 256 << 20 }, (error, stdout, stderr) => {
      const emitted: string[] = [];
      const output = stdout
        .split('\n')
        .filter((line) => {
          const match = /^TSFILE: (.*)$/.exec(line);
          if (match) emitted.push(resolve(io.cwd, (match[1] as string).trim()));
          return match === null;
        })
        .join('\n');
      const code = error === null ? 0 : typeof error.code === 'number' ? error.code : 1;
      done({ code, output: output + stderr, emitted });
    });
  });
}

interface Planned {
  readonly plans: ReadonlyMap<string, { plan: Plan; source: TS.SourceFile }>;
  readonly env: PlanEnv;
  readonly typesMs: number;
  /** Ends TypeScript 7's API process, if one was opened; returns what its round trips cost (with `LEASH_STATS=1`). */
  close(): IpcTiming | undefined;
}

/** Plans every project file the config includes, with the project's checker. */
function planProject(project: Project): Planned {
  const { ts, config } = project;
  const rules = RULES.filter((rule) => config.rules.has(rule.name));
  const readFile = (path: string): string | undefined => ts.sys.readFile(path);
  let session: Ts7Session | undefined;
  const t = performance.now();
  let env: PlanEnv;
  let sourceOf: (fileName: string) => TS.SourceFile | undefined;
  if (project.typescript.major >= 7) {
    // LEASH_STATS=1 (as for the bundler plugins): the client times its round trips, and the build prints where they went.
    session = openTs7(project.typescript.dir, project.configFile, project.dir, { timing: process.env['LEASH_STATS'] === '1' });
    const { project: ts7, enums } = session;
    env = createPlanEnv({ ts, types: (isRuntimeFile) => createTs7Types({ ts, project: ts7, enums, isRuntimeFile }), root: project.dir, readFile });
    sourceOf = (fileName) => {
      const text = readFile(fileName);
      return text === undefined ? undefined : ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, true);
    };
  } else {
    const projectTs = ts; // TypeScript 6.0/5.9: the project's own, which also parsed the tsconfig
    const program = projectTs.createProgram({ rootNames: project.fileNames, options: { ...project.options, noEmit: true } });
    env = createPlanEnv({
      ts: projectTs,
      types: (isRuntimeFile) => createClassicTypes({ ts: projectTs, checker: program.getTypeChecker(), isRuntimeFile }),
      root: project.dir,
      readFile,
    });
    sourceOf = (fileName) => program.getSourceFile(fileName);
  }
  const plans = new Map<string, { plan: Plan; source: TS.SourceFile }>();
  try {
    for (const fileName of project.fileNames) {
      if (!config.includes(env.relativePath(fileName)) || env.isRuntimeFile(fileName)) continue;
      const source = sourceOf(fileName);
      if (source === undefined) continue;
      plans.set(resolve(fileName), { plan: planFile(env, source, rules), source });
    }
  } catch (error) {
    session?.close();
    throw error;
  }
  return {
    plans,
    env,
    typesMs: performance.now() - t,
    close: () => {
      const ipc = session?.ipcTiming();
      session?.close();
      return ipc;
    },
  };
}

interface Written {
  readonly outputs: number;
  readonly files: number;
  readonly rewrites: number;
  readonly failed: boolean;
}

const JS = /\.[mc]?js$/;
const MAP_COMMENT = /\n?\/\/# sourceMappingURL=([^\s]+)\s*$/;

function instrumentOutputs(project: Project, planned: Planned, emitted: readonly string[], addedMaps: boolean, io: BuildIo): Written {
  const { ts, config } = project;
  const outputs = emitted.filter((file) => JS.test(file));
  let rewrites = 0;
  let failed = false;
  let runtimeChecked = false;
  // Outputs leash looked at and left as tsc wrote them, and those it rewrote: see runtime/looked.ts.
  const looked: string[] = [];
  const changed: string[] = [];
  const say = (text: string): void => io.err(`${text}\n`);
  // TypeScript 6.0/5.9 can emit ES5, which the text emitter then writes in (TypeScript 7 has no ES5 target).
  const target = emitScriptTarget(ts, project.options);
  const es5 = target < ts.ScriptTarget.ES2015;
  // `??` and `?.` parse from ES2020 on: below it, the emitter writes what TypeScript lowers them to.
  const nullish = target >= ts.ScriptTarget.ES2020;
  for (const jsFile of outputs) {
    const code = readFileSync(jsFile, 'utf8');
    const located = mapOf(jsFile, code);
    const sourceFile = located === undefined ? undefined : originalOf(jsFile, located.map);
    const entry = sourceFile === undefined ? undefined : planned.plans.get(sourceFile);
    let next = code;
    if (entry !== undefined && located !== undefined) {
      const { plan, source } = entry;
      for (const failure of plan.failures) {
        const at = source.getLineAndCharacterOfPosition(failure.node.start);
        say(`${relative(io.cwd, source.fileName)}:${at.line + 1}:${at.character + 1} - warning leash/${failure.rule}: this code was left as it is because the rule failed on it (${failure.error instanceof Error ? failure.error.message : String(failure.error)}); please report it.`);
      }
      try {
        const body = code.replace(MAP_COMMENT, '');
        const result = emitText(ts, { code: body, original: source, map: located.map }, plan, { mode: config.mode, requireRuntime: emitsCommonJs(project, jsFile, body), es5, nullish });
        for (const { intent, reason } of result?.unplaced ?? []) say(`${intent.site.split(' ')[0]} - warning leash/emit: not instrumented: ${reason}.`);
        if (result?.written) {
          // tsc's own map fields (file, sourceRoot, sources, sourcesContent), with the chained mappings.
          const { version, file, sourceRoot, sources, sourcesContent } = located.map;
          if (!addedMaps) located.write(JSON.stringify({ version, file, sourceRoot, sources, names: result.map.names, mappings: result.map.mappings, ...(sourcesContent ? { sourcesContent } : {}) }));
          next = `${result.code}${located.comment}`;
          changed.push(jsFile);
          rewrites += plan.intents.length - result.unplaced.length;
          if (!runtimeChecked) {
            runtimeChecked = true;
            checkRuntimeResolves(jsFile, say);
          }
        } else if (leftAsIs(plan) && config.rules.size > 0) looked.push(jsFile);
      } catch (error) {
        failed = true;
        say(`${relative(io.cwd, jsFile)} - warning leash/emit: left uninstrumented, leash failed to write it (${error instanceof Error ? error.message : String(error)}); please report it.`);
      }
    }
    if (addedMaps && located !== undefined) {
      next = next.replace(MAP_COMMENT, '');
      if (located.external) rmSync(located.file, { force: true });
    }
    if (next !== code) writeAtomically(jsFile, next);
  }
  recordLooked(looked, changed);
  return { outputs: outputs.length, files: changed.length, rewrites, failed };
}

interface RawMap {
  readonly version: number;
  readonly file?: string;
  readonly sources: readonly string[];
  readonly sourceRoot?: string;
  readonly sourcesContent?: readonly (string | null)[];
  readonly mappings: string;
}

interface LocatedMap {
  readonly map: RawMap;
  /** The `//# sourceMappingURL=` comment as tsc wrote it (an inline one is rewritten on `write`). */
  comment: string;
  readonly external: boolean;
  readonly file: string;
  write(json: string): void;
}

/** The JS file's source map: the `.map` file its comment names, or an inline `data:` URL. */
function mapOf(jsFile: string, code: string): LocatedMap | undefined {
  const match = MAP_COMMENT.exec(code);
  if (match === null) return undefined;
  const url = match[1] as string;
  const comment = match[0];
  const inline = /^data:application\/json;(?:charset=utf-8;)?base64,(.*)$/.exec(url);
  if (inline !== null) {
    const located: LocatedMap = {
      map: JSON.parse(Buffer.from(inline[1] as string, 'base64').toString('utf8')) as RawMap,
      comment,
      external: false,
      file: jsFile,
      write(json) {
        located.comment = comment.replace(url, `data:application/json;base64,${Buffer.from(json).toString('base64')}`);
      },
    };
    return located;
  }
  const file = resolve(dirname(jsFile), decodeURIComponent(url));
  if (!existsSync(file)) return undefined;
  return { map: JSON.parse(readFileSync(file, 'utf8')) as RawMap, comment, external: true, file, write: (json) => writeAtomically(file, json) };
}

function originalOf(jsFile: string, map: RawMap): string | undefined {
  const source = map.sources[0];
  if (source === undefined) return undefined;
  const root = map.sourceRoot ?? '';
  const path = isAbsolute(root) || /^[a-z]+:/i.test(root) ? join(root.replace(/^file:\/\//, ''), source) : resolve(dirname(jsFile), root, source);
  return resolve(path);
}

/** Whether the emitted file is CommonJS: by extension, else by `module` (and the package type for node16/nodenext). */
function emitsCommonJs(project: Project, jsFile: string, code: string): boolean {
  if (jsFile.endsWith('.cjs')) return true;
  if (jsFile.endsWith('.mjs')) return false;
  const { ts } = project;
  const module = project.options.module;
  if (module === ts.ModuleKind.CommonJS) return true;
  if (module !== undefined && module >= ts.ModuleKind.Node16 && module <= ts.ModuleKind.NodeNext) return packageType(dirname(jsFile)) !== 'module';
  if (module === undefined || module === ts.ModuleKind.None) return /\bexports\b|\brequire\(/.test(code) && !/^\s*(import|export)\s/m.test(code);
  return false;
}

function checkRuntimeResolves(jsFile: string, say: (text: string) => void): void {
  try {
    require.resolve(RUNTIME_MODULE, { paths: [dirname(jsFile)] });
  } catch {
    say(`[leash] warning: the instrumented output imports "${RUNTIME_MODULE}", which does not resolve from ${dirname(jsFile)}; add leash to the project's dependencies.`);
  }
}

function writeAtomically(file: string, text: string): void {
  const temp = `${file}.leash-${process.pid}.tmp`;
  writeFileSync(temp, text);
  renameSync(temp, file);
}

/** Rebuilds when a file under the tsconfig's folder changes (outside node_modules and the output folder). */
function watchBuilds(configFile: string, options: BuildOptions, io: BuildIo): Promise<number> {
  const dir = dirname(configFile);
  return new Promise((done) => {
    let timer: NodeJS.Timeout | undefined;
    let running = false;
    let again = false;
    const rebuild = async (): Promise<void> => {
      if (running) {
        again = true;
        return;
      }
      running = true;
      io.err('leash: change detected, building again\n');
      await buildOnce(configFile, options, io);
      running = false;
      if (again) {
        again = false;
        await rebuild();
      }
    };
    const watcher = watchFolder(dir, { recursive: true }, (_event, name) => {
      if (name === null || /(^|[\\/])(node_modules|\.git)([\\/]|$)/.test(name) || !/\.(m|c)?tsx?$|tsconfig.*\.json$/.test(name)) return;
      clearTimeout(timer);
      timer = setTimeout(() => void rebuild(), 100);
    });
    io.err('leash: watching for changes (Ctrl+C to stop)\n');
    process.once('SIGINT', () => {
      watcher.close();
      clearTimeout(timer);
      done(0);
    });
  });
}

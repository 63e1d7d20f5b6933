/**
 * leash/transformer: the ts-patch program transformer. In tsconfig.json:
 *
 *   "plugins": [{ "transform": "leash/transformer" }]
 *
 * and build with `tspc`. This entry only reads and checks the plugin config, builds the planner's
 * view of the program once, and per file hands the plan to the ts.factory emitter. Problems become
 * diagnostics (`leash/config` errors; `leash/<rule>`, `leash/plan` and `leash/emit` warnings for a
 * node or file left unchanged); the compiler is never crashed by leash.
 */
import type * as TS from 'typescript';
import { parseConfig, type LeashConfig } from './config';
import { createDiagnostic, internalErrorMessage, type DiagnosticInput } from './diagnostics';
import { emitPlan } from './emit/factory';
import { emitScriptTarget, outputFormatOf, RUNTIME_MODULE, runtimeLoad, scriptNotInstrumentedMessage } from './emit/runtime-load';
import { thunksFor, type Thunks } from './emit/thunks';
import { recordLooked } from './hosts/looked';
import { leftAsIs } from './plan/intent';
import { planFile, type PlanEnv } from './plan/planner';
import type { Rule } from './plan/rule';
import { RULES } from './plan/rules';
import { createClassicPlanEnv } from './plan/types/classic';

/** What ts-patch passes as the third argument of a program transformer (the part leash uses). */
export interface TransformerExtras {
  readonly ts: typeof TS;
  readonly addDiagnostic?: (diagnostic: TS.Diagnostic) => number;
}

export type { LeashConfig, Mode } from './config';

interface State {
  readonly ts: typeof TS;
  readonly program: TS.Program;
  readonly config: LeashConfig | undefined;
  readonly rules: readonly Rule[];
  readonly report: (input: DiagnosticInput) => void;
  env: PlanEnv | undefined;
  runtimeChecked: boolean;
  scriptReported: boolean;
}

const states = new WeakMap<TS.Program, Map<string, State>>();

export default function leashTransformer(program: TS.Program, pluginConfig: unknown, extras: TransformerExtras): TS.TransformerFactory<TS.SourceFile> {
  if (extras === undefined || typeof extras.ts !== 'object' || extras.ts === null) {
    throw new TypeError('[leash] leash/transformer is a ts-patch program transformer: expected (program, config, { ts }) from ts-patch, got no `ts`. Add { "transform": "leash/transformer" } to compilerOptions.plugins and build with tspc.');
  }
  const state = stateFor(program, pluginConfig, extras);
  return (context) => {
    // Printer hooks can only be installed now, before any file is transformed.
    const thunks = state.config === undefined || state.rules.length === 0 ? undefined : thunksFor(state.ts, context, targetOf(state), (file, count) => reportUnwritten(state, file, count));
    return (file) => (thunks === undefined ? file : transformFile(state, context, file, thunks));
  };
}

function stateFor(program: TS.Program, pluginConfig: unknown, extras: TransformerExtras): State {
  let byConfig = states.get(program);
  if (byConfig === undefined) states.set(program, (byConfig = new Map()));
  const key = JSON.stringify(pluginConfig ?? {});
  const known = byConfig.get(key);
  if (known !== undefined) return known;

  const { ts } = extras;
  const reported = new Set<string>();
  const report = (input: DiagnosticInput): void => {
    const id = `${input.file?.fileName ?? ''}:${input.span?.start ?? ''}:${input.source}:${input.messageId}`;
    if (reported.has(id)) return;
    reported.add(id);
    const diagnostic = createDiagnostic(ts, input);
    if (extras.addDiagnostic !== undefined) extras.addDiagnostic(diagnostic);
    else console.error(ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n'));
  };
  const { config, problems } = parseConfig(pluginConfig, RULES);
  for (const problem of problems) report({ source: 'config', category: 'error', ...problem });
  const rules = config === undefined ? [] : RULES.filter((rule) => config.rules.has(rule.name));
  const state: State = { ts, program, config, rules, report, env: undefined, runtimeChecked: false, scriptReported: false };
  byConfig.set(key, state);
  return state;
}

function transformFile(state: State, context: TS.TransformationContext, file: TS.SourceFile, thunks: Thunks): TS.SourceFile {
  const { ts, program, config } = state;
  if (config === undefined || state.rules.length === 0 || file.isDeclarationFile) return file;
  const original = ts.getParseTreeNode(file, ts.isSourceFile) ?? program.getSourceFile(file.fileName);
  if (original === undefined) return file;
  const env = (state.env ??= createClassicPlanEnv(ts, program, projectRoot(program)));
  if (!config.includes(env.relativePath(original.fileName)) || env.isRuntimeFile(original.fileName)) return file;

  let plan;
  try {
    plan = planFile(env, original, state.rules);
  } catch (error) {
    state.report({ source: 'plan', messageId: 'internalError', message: internalErrorMessage('plan this file', error), category: 'warning', file: original });
    return file;
  }
  for (const failure of plan.failures) {
    const message = internalErrorMessage(`apply rule ${failure.rule} here`, failure.error);
    state.report({ source: failure.rule, messageId: 'internalError', message, category: 'warning', file: original, span: failure.node });
  }
  if (plan.intents.length === 0) {
    if (leftAsIs(plan)) noteOutput(state, 'looked', original.fileName);
    return file;
  }
  const load = runtimeLoad(outputFormatOf(ts, program, original), ts.isExternalModule(original));
  if (load.kind === 'none') {
    if (!state.scriptReported) {
      state.scriptReported = true;
      state.report({ source: 'config', messageId: 'scriptNotInstrumented', category: 'warning', file: original, message: scriptNotInstrumentedMessage(env.relativePath(original.fileName), load.format) });
    }
    return file;
  }
  if (!state.runtimeChecked) {
    state.runtimeChecked = true;
    checkRuntimeResolves(state, original, load.kind === 'require');
  }
  try {
    const emitted = emitPlan(ts, context, file, original, plan, { mode: config.mode, load, target: targetOf(state), thunks });
    noteOutput(state, 'changed', original.fileName);
    return emitted;
  } catch (error) {
    state.report({ source: 'emit', messageId: 'internalError', message: internalErrorMessage('write this file', error), category: 'warning', file: original });
    return file;
  }
}

/**
 * Notes a source file whose output leash left as tsc writes it ('looked') or rewrote ('changed').
 * The outputs are recorded when the process exits, once tsc has written them (runtime/looked.ts
 * says why): only their names are kept, so a watch build's old programs are not. Outputs older
 * than this process are not this build's (an API that emitted in memory) and are left out.
 */
function noteOutput(state: State, what: 'looked' | 'changed', fileName: string): void {
  const { ts, program } = state;
  try {
    for (const out of ts.getOutputFileNames(commandLineOf(ts, program, fileName), fileName, !ts.sys.useCaseSensitiveFileNames)) if (JS_OUTPUT.test(out)) outputs.set(out, what);
  } catch {
    return; // no output name (a file outside rootDir, say): nothing to record
  }
  if (!recording) {
    recording = true;
    process.once('exit', () => {
      const named = (what: 'looked' | 'changed'): string[] => [...outputs].filter(([, last]) => last === what).map(([out]) => out);
      recordLooked(named('looked'), named('changed'), performance.timeOrigin);
    });
  }
}

/** The options each program's outputs are named with: its own, with `rootDir` set to what TypeScript computes for it. */
const namingOptions = new WeakMap<TS.Program, TS.CompilerOptions | undefined>();

/**
 * What `ts.getOutputFileNames` needs for `fileName`. Given all root files, it works out the common
 * source folder from all of them for each file it is asked about (quadratic in a large project),
 * so where TypeScript exposes that step, it runs once per program and is passed as `rootDir`.
 */
function commandLineOf(ts: typeof TS, program: TS.Program, fileName: string): TS.ParsedCommandLine {
  const options = program.getCompilerOptions();
  if (!namingOptions.has(program)) {
    const common = (ts as { getCommonSourceDirectoryOfConfig?: (commandLine: TS.ParsedCommandLine, ignoreCase: boolean) => string }).getCommonSourceDirectoryOfConfig;
    const all: TS.ParsedCommandLine = { options, fileNames: [...program.getRootFileNames()], errors: [] };
    namingOptions.set(program, options.outFile || typeof common !== 'function' ? undefined : { ...options, rootDir: common(all, !ts.sys.useCaseSensitiveFileNames) });
  }
  const naming = namingOptions.get(program);
  return naming === undefined ? { options, fileNames: [...program.getRootFileNames()], errors: [] } : { options: naming, fileNames: [fileName], errors: [] };
}

/** Each output file noted, with what leash last did to it (a watch build plans a file again after each edit). */
const outputs = new Map<string, 'looked' | 'changed'>();
let recording = false;
const JS_OUTPUT = /\.[mc]?js$/;

function targetOf(state: State): TS.ScriptTarget {
  return emitScriptTarget(state.ts, state.program.getCompilerOptions());
}

/** A call TypeScript printed without leash's thunk (emit/thunks.ts) reaches spawn/detach as a value, which throws there. */
function reportUnwritten(state: State, file: TS.SourceFile, count: number): void {
  state.report({
    source: 'emit',
    messageId: 'internalError',
    message: `could not write the thunk of ${count} task or held call(s) in this file: the output throws at them. Add \`// leash-ignore\` on the line before each, and please report it.`,
    category: 'error',
    file,
  });
}

/**
 * The instrumented output loads `leash/hooks` at run time; say so at build time when it would not
 * resolve from the project (resolved as Node does, through the package's exports).
 */
function checkRuntimeResolves(state: State, file: TS.SourceFile, commonJs: boolean): void {
  const { ts } = state;
  const options: TS.CompilerOptions = { ...state.program.getCompilerOptions(), module: ts.ModuleKind.NodeNext, moduleResolution: ts.ModuleResolutionKind.NodeNext };
  const mode = commonJs ? ts.ModuleKind.CommonJS : ts.ModuleKind.ESNext;
  const resolved = ts.resolveModuleName(RUNTIME_MODULE, file.fileName, options, ts.sys, undefined, undefined, mode).resolvedModule;
  if (resolved !== undefined) return;
  state.report({
    source: 'config',
    messageId: 'runtimeNotFound',
    category: 'warning',
    message: `the instrumented output imports "${RUNTIME_MODULE}", which does not resolve from ${file.fileName}; add leash to the project's dependencies.`,
  });
}

/** The tsconfig's folder, else the program's current directory: site ids are relative to it. */
function projectRoot(program: TS.Program): string {
  const configFile = program.getCompilerOptions()['configFilePath'];
  if (typeof configFile === 'string') return configFile.slice(0, configFile.replace(/\\/g, '/').lastIndexOf('/'));
  return program.getCurrentDirectory();
}

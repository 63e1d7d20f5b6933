/**
 * thread-signal (type-aware): pass an `AbortSignal` that already exists down to the calls that
 * accept one and got none — Go's "pass ctx down", started where a ctx is, never invented.
 *
 *   async function load(id: string) { return fetch(`/u/${id}`); }
 *   export async function handle(req: Request) { return load(new URL(req.url).pathname); }
 *   ->
 *   async function load(id: string, signal?: AbortSignal) { return fetch(`/u/${id}`, { signal }); }
 *   export async function handle(req: Request) { return load(new URL(req.url).pathname, req.signal); }
 *
 * Sources: a real signal is one a function already receives — a parameter typed `AbortSignal`,
 * `x.signal` of a parameter such as `req: Request`, `scope: Scope`, `opts: { signal?: AbortSignal }`
 * (one level deeper too: `ctx.request.signal`), `{ signal }` destructured from a parameter — or a
 * leash `Scope` the function creates (`using scope = new Scope()`). A local AbortController or
 * `AbortSignal.timeout()` is never a source: it was made for one call.
 *
 * A callee accepts a signal when its resolved signature has an `AbortSignal` parameter or an
 * options parameter whose object type has a `signal` property (fetch, `timers/promises`,
 * `events.once`, `fs/promises` — `readFile(p, 'utf8')` becomes `readFile(p, { encoding: 'utf8',
 * signal })` — leash's `sleep`/`mapLimit`, and your functions that take one).
 *
 * Threading: where a call has no source in scope, the function around it may gain
 * `signal?: AbortSignal` (or a `signal` member in its inline options type), but only when some
 * call path from a real source reaches it: the plan is made for every candidate first, and a
 * function gains the parameter only if one of its callers has a source or itself gains one that
 * is reached. Nothing else changes, so no code ever threads `undefined` from nowhere. Exported
 * functions, methods of exported classes and members of exported objects keep their signature
 * (it is public API; callers outside the project would not pass a signal) unless
 * `changeExported` is set. Callbacks (`ids.map((id) => ...)`, `.then(...)`, `new Promise(...)`)
 * use the signal of the function around them; a callback that may run after that function
 * returned (a timer, a listener, a stored callback) does not.
 *
 * The whole set of files is planned first and the edits applied together, so the result does not
 * depend on the order of files. An explicitly passed signal is never replaced, and a second run
 * changes nothing.
 *
 * Left alone on purpose, each reported at the call that did not get a signal (fixtures in
 * __testfixtures__/thread-signal/):
 *   - `no-signal-source`: no caller on any path has a signal; create one at the entry point.
 *   - `exported-signature`: the function is public API (see above).
 *   - `deferred-callback`: the call is in a callback that may run after its function returned.
 *   - `outlives-caller`: the call's result is stored where it outlives the function (a field, a
 *     module variable): it belongs to that holder, not to the caller's signal.
 *   - `detached`: a child process started with `detached: true`, meant to outlive its caller.
 *   - `checks-aborted`: a wait (`sleep`, `setTimeout` from timers/promises) in a function that
 *     reads `.aborted` itself: it sleeps on purpose, then decides; a signal would make it throw.
 *   - `signal-used-selectively`: the function passes its signal to other calls by hand but not
 *     to this one, which may be on purpose.
 *   - `spread-arguments`, `call-apply`, `overloaded`, `rest-parameter`, `used-as-value`,
 *     `inherited-method`, `typed-function`, `name-conflict`, `unsupported-function`,
 *     `options-not-literal`: the call or the function has a shape a new argument or parameter
 *     cannot be added to safely.
 *   - `no-enclosing-function`: a module-level call.
 *   - `unresolved-import`: an import that does not resolve: calls into it are invisible.
 *   - `untyped-import`: an import that resolves to JavaScript without declarations (a package
 *     with no types of its own): calls into it are just as invisible, but installing the
 *     dependencies would not help; its `@types` package would.
 * Calls to `...Sync` functions are left alone without a report: nothing can abort them.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type * as TS from 'typescript';
import type { API, FileInfo } from 'jscodeshift';
import { eolOf } from '../lib/imports';
import { MARKER_TEXT } from '../lib/marker';
import type { Outcome, Skip } from '../lib/transform';
import { compilerOptionsFor, loadTypeScript, type TypeScript } from '../lib/typescript';

export const name = 'thread-signal';

export const messages = {
  'no-signal-source':
    'no caller on any path into this function has a signal to pass; give the entry point one (a leash Scope per request or job, or a signal parameter) and rerun',
  'exported-signature':
    'the function is exported, and a new parameter would change its public signature; pass a signal by hand, or rerun with --thread-exported to let thread-signal add it',
  'deferred-callback':
    'the call is in a callback that may run after its function returned (a timer, a listener, a stored callback), when the signal may already be aborted; pass one by hand if the work belongs to the caller',
  'outlives-caller':
    'the result is stored where it outlives the function (a field, a module variable, a cache), so it belongs to that holder and not to the caller\'s signal; leave it, or give the holder its own scope',
  detached: 'the child process is detached, meant to outlive its caller; a signal would kill it with the caller',
  'checks-aborted':
    'the function reads `.aborted` itself after waiting, so the wait is meant to finish and the code then decides; with a signal the wait would throw instead. Pass it by hand if that is what you want',
  'signal-used-selectively':
    'the function passes its signal to other calls by hand but not to this one, which may be on purpose; pass it here by hand if it should be',
  'spread-arguments': 'the call spreads its arguments, so the position of the signal is unknown; pass the signal by hand',
  'call-apply': 'the function is called through .call/.apply/.bind; pass the signal by hand at those calls, then add the parameter',
  overloaded: 'the function has overloads; add `signal?: AbortSignal` to each overload by hand, then rerun',
  'rest-parameter': 'the function ends with a rest parameter, so a signal parameter cannot follow it; take the signal in an options object',
  'used-as-value':
    'the function is also passed or stored as a value, where a new trailing parameter would receive other arguments; wrap those uses in an arrow, then rerun',
  'inherited-method': 'the method implements or overrides a base signature; add the signal to the base first',
  'typed-function': 'the function type is fixed by an annotation or a contextual type; add the signal to that type first',
  'name-conflict': 'the function already uses the name `signal` for something else; rename it, then rerun',
  'unsupported-function': 'constructors and accessors do not take a signal parameter; pass one from a method or store it on the instance',
  'options-not-literal': 'the options are passed as a variable, which may or may not carry a signal; add `signal` where the options object is built',
  'no-enclosing-function': 'the call runs at module level, where no signal is in scope; create one (a leash Scope or an AbortController) and pass it',
  'unresolved-import':
    'this import does not resolve, so calls into it are invisible to thread-signal; install the dependencies (node_modules) or pass --tsconfig, then rerun',
  'untyped-import': 'this import resolves to JavaScript with no type declarations, so calls into it are invisible to thread-signal; add its types, then rerun',
} as const;

type Id = keyof typeof messages;

export interface ProjectFile {
  /** Absolute path. */
  path: string;
  /** Current text (what the earlier transforms produced, if any). */
  source: string;
}

export interface ProjectResult {
  /** New text of every file that changed. */
  outputs: Map<string, string>;
  /** Per file: calls migrated and calls skipped. */
  outcomes: Map<string, Outcome>;
}

export interface ProjectOptions {
  /** tsconfig.json whose compiler options to use; `undefined`: search upwards from the files; `null`: none. */
  tsconfig?: string | null;
  /** The TypeScript package to plan with. @default 'typescript', resolved from the files' folder */
  typescript?: string;
  /** Let exported functions and methods gain a signal parameter. @default false */
  changeExported?: boolean;
  /** Files prepareThreadSignal parsed earlier: those whose text did not change are reused. */
  parsed?: ParsedFiles;
  /** Called as each file's calls have been looked at (the CLI's progress line). */
  onFile?: () => void;
}

// ---------------------------------------------------------------------------------------------
// Program: the project's files from memory, everything else from disk, with parsed library files
// (lib.*.d.ts, @types) cached across programs in one process.

const libraryCache = new Map<string, TS.SourceFile>();

export function commonDir(paths: readonly string[]): string {
  let dir = path.dirname(paths[0] ?? '.');
  for (const p of paths) {
    while (!(p + path.sep).startsWith(dir.endsWith(path.sep) ? dir : dir + path.sep) && path.dirname(dir) !== dir) dir = path.dirname(dir);
  }
  return dir;
}

function ancestors(dir: string): string[] {
  const out = [dir];
  while (path.dirname(dir) !== dir) out.push((dir = path.dirname(dir)));
  return out;
}

/**
 * The project's parsed files, kept from one program to the next: a file whose text is the same
 * is not parsed again, and once a checker has bound it, not bound again (TypeScript keeps the
 * binder's symbols on the tree and each checker's own facts apart, as its language service does
 * when it reuses files across programs). See prepareThreadSignal.
 */
export class ParsedFiles {
  private readonly files = new Map<string, { text: string; sf: TS.SourceFile }>();
  /** How each project file was parsed, by absolute path: to parse its next text the same way. */
  private readonly how = new Map<string, { ts: TypeScript; fileName: string; languageVersion: TS.ScriptTarget | TS.CreateSourceFileOptions; key: string }>();

  get(key: string, text: string): TS.SourceFile | undefined {
    const hit = this.files.get(key);
    return hit?.text === text ? hit.sf : undefined;
  }

  set(ts: TypeScript, fileName: string, languageVersion: TS.ScriptTarget | TS.CreateSourceFileOptions, key: string, text: string, sf: TS.SourceFile): void {
    this.files.set(key, { text, sf });
    this.how.set(path.resolve(fileName), { ts, fileName, languageVersion, key });
  }

  /** Parses a project file's new text now, as the next program would (a file not parsed before is left to it). */
  update(file: string, text: string): void {
    const how = this.how.get(path.resolve(file));
    if (!how || this.get(how.key, text)) return;
    this.files.set(how.key, { text, sf: how.ts.createSourceFile(how.fileName, text, how.languageVersion, true) });
  }
}

function createProgram(ts: TypeScript, files: readonly ProjectFile[], options: TS.CompilerOptions, parsed?: ParsedFiles): TS.Program {
  const texts = new Map(files.map((f) => [path.resolve(f.path), f.source]));
  const host = ts.createCompilerHost(options, false);
  // Declaration files' JSDoc says nothing about types; skipping it makes lib.dom.d.ts and @types parse faster.
  const skipJsDoc = ts.JSDocParsingMode?.ParseNone;
  const readFile = host.readFile.bind(host);
  const fileExists = host.fileExists.bind(host);
  const getSourceFile = host.getSourceFile.bind(host);
  host.readFile = (f) => texts.get(path.resolve(f)) ?? readFile(f);
  host.fileExists = (f) => texts.has(path.resolve(f)) || fileExists(f);
  const dirs = new Set([...texts.keys()].flatMap((f) => ancestors(path.dirname(f))));
  const directoryExists = host.directoryExists?.bind(host);
  host.directoryExists = (d) => dirs.has(path.resolve(d)) || (directoryExists ? directoryExists(d) : ts.sys.directoryExists(d));
  host.getSourceFile = (fileName, languageVersion, onError, shouldCreate) => {
    const text = texts.get(path.resolve(fileName));
    const key = `${fileName}\0${JSON.stringify(languageVersion)}`;
    if (text !== undefined) {
      const reused = parsed?.get(key, text);
      if (reused) return reused;
      const sf = ts.createSourceFile(fileName, text, languageVersion, true);
      parsed?.set(ts, fileName, languageVersion, key, text, sf);
      return sf;
    }
    const cached = libraryCache.get(key);
    if (cached) return cached;
    const options = typeof languageVersion === 'object' ? languageVersion : { languageVersion };
    const sf = getSourceFile(fileName, /\.d\.[cm]?ts$/.test(fileName) && skipJsDoc !== undefined ? { ...options, jsDocParsingMode: skipJsDoc } : languageVersion, onError, shouldCreate);
    if (sf && (fileName.includes(`${path.sep}node_modules${path.sep}`) || fileName.includes('/node_modules/'))) libraryCache.set(key, sf);
    return sf;
  };
  // The transforms before thread-signal may have just added `import { sleep } from 'leash'` to a
  // project that does not have leash installed yet: resolve it to this leash's own types, so the
  // signal is threaded into those calls too.
  const own = ownTypes();
  if (own) {
    const cache = ts.createModuleResolutionCache(host.getCurrentDirectory(), (f) => host.getCanonicalFileName(f), options);
    host.resolveModuleNameLiterals = (literals, containingFile, redirected, opts, containing) =>
      literals.map((literal) => {
        const found = ts.resolveModuleName(literal.text, containingFile, opts, host, cache, redirected, ts.getModeForUsageLocation(containing, literal, opts));
        if (!found.resolvedModule && literal.text === RUNTIME_MODULE) return { resolvedModule: { resolvedFileName: own, extension: own.endsWith('.d.ts') ? ts.Extension.Dts : ts.Extension.Ts, isExternalLibraryImport: true } };
        return found;
      });
  }
  return ts.createProgram({ rootNames: files.map((f) => f.path), options, host });
}

const RUNTIME_MODULE = 'leash';

/** This leash's runtime declarations (dist/runtime/index.d.ts next to the built codemods), when built. */
function ownTypes(): string | null {
  const dir = path.resolve(__dirname, '..', '..', 'runtime');
  for (const f of ['index.d.ts', 'index.ts']) if (fs.existsSync(path.join(dir, f))) return path.join(dir, f);
  return null;
}

// ---------------------------------------------------------------------------------------------
// Planning

type FunctionLike =
  | TS.FunctionDeclaration
  | TS.MethodDeclaration
  | TS.FunctionExpression
  | TS.ArrowFunction
  | TS.ConstructorDeclaration
  | TS.GetAccessorDeclaration
  | TS.SetAccessorDeclaration;

/** Where a callee takes its signal: as argument `index`, or as the `signal` member of the options at `index`. */
interface Need {
  kind: 'arg' | 'option';
  index: number;
  /** For `option`: the property's type admits `undefined` / `null` (exactOptionalPropertyTypes decides the first). */
  acceptsUndefined: boolean;
  acceptsNull: boolean;
  /** For `option`: the parameter is also a string (an encoding): a string literal there becomes `{ encoding, signal }`. */
  encoding: boolean;
}

/** An expression that reads a signal, and whether it may be `undefined` or `null`. */
interface Source {
  expr: string;
  mayBeUndefined: boolean;
  mayBeNull: boolean;
}

/** A function that may gain a signal: the edits that add it, applied only when a source reaches it. */
interface Gain {
  fn: FunctionLike;
  source: Source;
  need: Need;
  edits: Array<{ sf: TS.SourceFile; edit: Edit }>;
  reached: boolean;
}

interface Edit {
  pos: number;
  end: number;
  text: string;
}

interface Refusal {
  refuse: Id;
  detail?: string;
}

/** Where a call gets its signal from: a source in scope, or a function around it that may gain one. */
type Provider = { source: Source } | { via: Gain } | Refusal;

/** A call that needs a signal, with where it would come from. `from`: the function whose new parameter created the need. */
interface Pending {
  call: TS.CallExpression;
  need: Need;
  provider: Provider;
  from: Gain | null;
}

/** Calls whose callback arguments run while the caller waits (or are chained onto its promise). */
const INLINE_CALLBACK_METHODS = new Set([
  'map', 'forEach', 'filter', 'flatMap', 'reduce', 'reduceRight', 'some', 'every', 'find', 'findIndex', 'findLast', 'findLastIndex',
  'then', 'catch', 'finally', 'all', 'allSettled', 'race', 'any', 'from', 'fromAsync',
  'mapLimit', 'mapSettledLimit', 'withTimeout', 'withDeadline', 'withCancel', 'run',
]);

const NOT_MIGRATED_CALLEE = /Sync$/;

/** Callees that wait: where code that checks `.aborted` afterwards means the wait to finish. */
const WAITS = /^(sleep|delay|wait|setTimeout|setImmediate|leashSleep)$/;

class Planner {
  private readonly checker: TS.TypeChecker;
  private readonly exact: boolean;
  private readonly files = new Set<string>();
  private readonly gains = new Map<TS.Node, Gain>();
  private readonly refused = new Map<TS.Node, Refusal>();
  private readonly handled = new Set<TS.Node>();
  private readonly queue: Array<{ call: TS.CallExpression; need: Need; from: Gain | null }> = [];
  private readonly pending: Pending[] = [];
  private readonly edits = new Map<string, Edit[]>();
  readonly skips = new Map<string, Skip[]>();
  readonly migrated = new Map<string, number>();
  private identifierIndex: Map<string, TS.Identifier[]> | undefined;
  private aliasNames: Map<TS.Symbol, Set<string>> | undefined;

  constructor(
    private readonly ts: TypeScript,
    private readonly program: TS.Program,
    projectFiles: readonly string[],
    private readonly changeExported: boolean,
  ) {
    this.checker = program.getTypeChecker();
    this.exact = Boolean(program.getCompilerOptions().exactOptionalPropertyTypes);
    for (const f of projectFiles) this.files.add(path.resolve(f));
  }

  private sourceFiles(): TS.SourceFile[] {
    return this.program.getSourceFiles().filter((sf) => this.files.has(path.resolve(sf.fileName)) && !sf.isDeclarationFile);
  }

  plan(onFile: () => void = () => {}): void {
    const ts = this.ts;
    for (const sf of this.sourceFiles()) {
      this.checkImports(sf);
      const visit = (node: TS.Node): void => {
        if (ts.isCallExpression(node) && this.mayTakeSignal(node)) {
          const need = this.libraryNeed(node);
          if (need) this.queue.push({ call: node, need, from: null });
        }
        ts.forEachChild(node, visit);
      };
      visit(sf);
      onFile();
    }
    while (this.queue.length) {
      const item = this.queue.shift()!;
      this.resolve(item.call, item.need, item.from);
    }
    this.reach();
    this.emit();
  }

  /** Marks every gain that a call path from a real source reaches, to a fixpoint. */
  private reach(): void {
    let changed = true;
    while (changed) {
      changed = false;
      for (const p of this.pending) {
        if (!p.from || p.from.reached) continue;
        if ('source' in p.provider || ('via' in p.provider && p.provider.via.reached)) {
          p.from.reached = true;
          changed = true;
        }
      }
    }
  }

  /** Writes the edits of reached gains and of the calls that get a signal; reports the rest. */
  private emit(): void {
    for (const gain of this.gains.values()) {
      if (gain.reached) for (const { sf, edit } of gain.edits) this.addEdit(sf, edit);
    }
    for (const p of this.pending) {
      if (p.from && !p.from.reached) continue; // the callee did not change: nothing to pass
      const provider = p.provider;
      if ('refuse' in provider) this.skip(p.call, provider);
      else if ('source' in provider) this.addCallEdit(p.call, p.need, provider.source);
      else if (provider.via.reached) this.addCallEdit(p.call, p.need, provider.via.source);
      else this.skip(p.call, { refuse: 'no-signal-source', detail: functionName(this.ts, provider.via.fn) });
    }
  }

  /**
   * Reports imports whose types are unknown, so signals cannot be threaded into them: those that
   * do not resolve, and those that resolve to JavaScript with no declarations (an installed
   * package without types), each told what would give it types.
   */
  private checkImports(sf: TS.SourceFile): void {
    const ts = this.ts;
    for (const s of sf.statements) {
      if (!ts.isImportDeclaration(s) || !s.importClause || s.importClause.isTypeOnly || !ts.isStringLiteral(s.moduleSpecifier)) continue;
      if (this.checker.getSymbolAtLocation(s.moduleSpecifier)) continue;
      const specifier = s.moduleSpecifier.text;
      if (specifier === RUNTIME_MODULE) continue; // added by a codemod; package.json gets it
      // Resolved again (the program's own resolutions are not public API): only for imports without types.
      const mode = this.program.getModeForUsageLocation(sf, s.moduleSpecifier);
      const resolved = ts.resolveModuleName(specifier, sf.fileName, this.program.getCompilerOptions(), ts.sys, undefined, undefined, mode).resolvedModule;
      if (resolved === undefined) this.report(sf, s, { refuse: 'unresolved-import', detail: `'${specifier}'` });
      else this.report(sf, s, { refuse: 'untyped-import', detail: `'${specifier}': ${typesAdvice(specifier, resolved)}` });
    }
  }

  /** Text edits per file, in the order they were planned (applyEdits sorts them). */
  result(): Map<string, Edit[]> {
    return this.edits;
  }

  // --- types

  private isAbortSignal(type: TS.Type, allowNull = true): boolean {
    const ts = this.ts;
    const parts = type.isUnion() ? type.types : [type];
    let found = false;
    for (const t of parts) {
      if (t.flags & ts.TypeFlags.Undefined || t.flags & ts.TypeFlags.Void) continue;
      if (t.flags & ts.TypeFlags.Null) {
        if (!allowNull) return false;
        continue;
      }
      const sym = t.aliasSymbol ?? t.getSymbol();
      if (sym?.getName() !== 'AbortSignal') return false;
      found = true;
    }
    return found;
  }

  private nullability(type: TS.Type): { mayBeUndefined: boolean; mayBeNull: boolean } {
    const ts = this.ts;
    const parts = type.isUnion() ? type.types : [type];
    return {
      mayBeUndefined: parts.some((t) => (t.flags & (ts.TypeFlags.Undefined | ts.TypeFlags.Void)) !== 0),
      mayBeNull: parts.some((t) => (t.flags & ts.TypeFlags.Null) !== 0),
    };
  }

  /** An options type: its object parts have a `signal` property of AbortSignal type; other parts may be strings (an encoding). */
  private signalOptions(type: TS.Type): { acceptsUndefined: boolean; acceptsNull: boolean; encoding: boolean } | null {
    const ts = this.ts;
    const parts = type.isUnion() ? type.types : [type];
    let prop: TS.Symbol | undefined;
    let strings = false;
    for (const t of parts) {
      if (t.flags & (ts.TypeFlags.Undefined | ts.TypeFlags.Null | ts.TypeFlags.Void)) continue;
      if (t.flags & ts.TypeFlags.StringLike) {
        strings = true;
        continue;
      }
      if (!(t.flags & ts.TypeFlags.Object) && !t.isIntersection()) return null;
      const p = t.getProperty('signal');
      if (!p || !this.isAbortSignal(this.checker.getTypeOfSymbol(p))) return null;
      prop = p;
    }
    if (!prop) return null;
    const encoding = strings && parts.some((t) => t.getProperty('encoding') !== undefined);
    if (strings && !encoding) return null;
    const declared = prop.valueDeclaration;
    const typeNode = declared && (ts.isPropertySignature(declared) || ts.isPropertyDeclaration(declared)) ? declared.type : undefined;
    const optional = (prop.flags & ts.SymbolFlags.Optional) !== 0;
    const typeText = typeNode?.getText() ?? '';
    return {
      acceptsUndefined: optional && (!this.exact || /\bundefined\b/.test(typeText)),
      acceptsNull: /\bnull\b/.test(typeText) || this.nullability(this.checker.getTypeOfSymbol(prop)).mayBeNull,
      encoding,
    };
  }

  // --- callees

  /**
   * A cheap test before asking for the resolved signature (which type-checks the call): the
   * callee's declarations must have a parameter at all, and calls to `...Sync` functions are never
   * migrated.
   */
  private mayTakeSignal(call: TS.CallExpression): boolean {
    const ts = this.ts;
    const callee = call.expression;
    const nameNode = ts.isPropertyAccessExpression(callee) ? callee.name : ts.isIdentifier(callee) ? callee : null;
    if (nameNode && NOT_MIGRATED_CALLEE.test(nameNode.text)) return false;
    if (callee.kind === this.ts.SyntaxKind.SuperKeyword || callee.kind === this.ts.SyntaxKind.ImportKeyword) return false;
    return true;
  }

  /** What a call needs according to its resolved signature (library functions, user functions that already take a signal). */
  private libraryNeed(call: TS.CallExpression): Need | null {
    if (!this.calleeMayTakeSignal(call)) return null;
    const sig = this.checker.getResolvedSignature(call);
    return sig ? this.signatureNeed(sig, call) : null;
  }

  /** The first parameter (before a rest parameter) that is an AbortSignal or options with one. */
  private signatureNeed(sig: TS.Signature, call: TS.CallExpression): Need | null {
    const params = sig.getParameters();
    for (let i = 0; i < params.length; i++) {
      const p = params[i]!;
      const decl = p.valueDeclaration;
      if (decl && this.ts.isParameter(decl) && decl.dotDotDotToken) break;
      const type = this.checker.getTypeOfSymbolAtLocation(p, call);
      if (this.isAbortSignal(type)) return { kind: 'arg', index: i, acceptsUndefined: true, acceptsNull: false, encoding: false };
      const options = this.signalOptions(type);
      if (options) return { kind: 'option', index: i, ...options };
    }
    return null;
  }

  /**
   * Whether the call may resolve to a signature that takes a signal, from the callee's type alone.
   * Resolving a call type-checks its arguments (callbacks included) and was most of what
   * thread-signal cost; the callee's type is cheaper. The call resolves to one of the callee's
   * signatures, or to an instantiation of a generic one: so when none of them takes a signal, and
   * no generic one has a parameter whose type inference could turn into one (a type parameter, a
   * mapped or conditional type, an object with a `signal` member of any type), the answer is no
   * without resolving. Anything else, or no signature found, asks the full question.
   */
  private calleeMayTakeSignal(call: TS.CallExpression): boolean {
    const type = this.checker.getTypeAtLocation(call.expression);
    const signatures = type.getCallSignatures();
    if (signatures.length === 0) return true;
    return signatures.some((sig) => this.signatureNeed(sig, call) !== null || (sig.getTypeParameters()?.length ? this.mayBecomeSignal(sig) : false));
  }

  /** A parameter (before a rest parameter) of a generic signature whose type its instantiation could make a signal or signal options. */
  private mayBecomeSignal(sig: TS.Signature): boolean {
    const ts = this.ts;
    const generic = (t: TS.Type): boolean => {
      if (t.flags & (ts.TypeFlags.TypeParameter | ts.TypeFlags.Instantiable)) return true;
      if (t.isUnionOrIntersection()) return t.types.some(generic);
      if (t.flags & ts.TypeFlags.Object && (t as TS.ObjectType).objectFlags & ts.ObjectFlags.Mapped) return true;
      return t.getProperty('signal') !== undefined;
    };
    for (const p of sig.getParameters()) {
      const decl = p.valueDeclaration;
      if (decl && ts.isParameter(decl) && decl.dotDotDotToken) break;
      if (generic(this.checker.getTypeOfSymbol(p))) return true;
    }
    return false;
  }

  /** Does `call` already pass what `need` asks for? `true`, `false` (add it), or a refusal. */
  private passes(call: TS.CallExpression, need: Need): boolean | Refusal {
    const ts = this.ts;
    const args = call.arguments;
    const spread = args.findIndex((a) => ts.isSpreadElement(a));
    if (spread >= 0 && spread <= need.index) return { refuse: 'spread-arguments' };
    const arg = args[need.index];
    if (need.kind === 'arg') return arg !== undefined;
    if (!arg) return false;
    if (ts.isObjectLiteralExpression(arg)) {
      for (const p of arg.properties) {
        if (p.name && (ts.isIdentifier(p.name) || ts.isStringLiteral(p.name)) && p.name.text === 'signal') return true;
        if (ts.isSpreadAssignment(p) && this.checker.getTypeAtLocation(p.expression).getProperty('signal')) return true;
        if (ts.isPropertyAssignment(p) && ts.isIdentifier(p.name) && p.name.text === 'detached' && p.initializer.kind === ts.SyntaxKind.TrueKeyword) {
          return { refuse: 'detached' };
        }
      }
      return false;
    }
    if (need.encoding && ts.isStringLiteralLike(arg)) return false;
    if (arg.kind === ts.SyntaxKind.UndefinedKeyword || (ts.isIdentifier(arg) && arg.text === 'undefined')) return false;
    return { refuse: 'options-not-literal' };
  }

  private resolve(call: TS.CallExpression, need: Need, from: Gain | null): void {
    if (this.handled.has(call)) return;
    this.handled.add(call);
    const passes = this.passes(call, need);
    if (passes === true) return;
    if (passes !== false) {
      this.pending.push({ call, need, provider: passes, from });
      return;
    }
    const stored = this.outlivesCaller(call) ?? this.checksAborted(call);
    const provider: Provider = stored ?? this.providerAt(call);
    this.pending.push({ call, need, provider, from });
  }

  /** A wait in a function that reads `.aborted` itself: it means to finish the wait and then decide. */
  private checksAborted(call: TS.CallExpression): Refusal | null {
    const ts = this.ts;
    const callee = call.expression;
    const name = ts.isPropertyAccessExpression(callee) ? callee.name.text : ts.isIdentifier(callee) ? callee.text : '';
    if (!WAITS.test(name)) return null;
    const fn = enclosingFunction(ts, call);
    if (!fn?.body) return null;
    let reads = false;
    const visit = (n: TS.Node): void => {
      if (reads) return;
      if (ts.isPropertyAccessExpression(n) && n.name.text === 'aborted') reads = true;
      else ts.forEachChild(n, visit);
    };
    visit(fn.body);
    return reads ? { refuse: 'checks-aborted' } : null;
  }

  /** The call's result is assigned to a field or to a variable declared outside the function around the call. */
  private outlivesCaller(call: TS.CallExpression): Refusal | null {
    const ts = this.ts;
    let node: TS.Node = call;
    while (ts.isParenthesizedExpression(node.parent) || ts.isAwaitExpression(node.parent) || ts.isAsExpression(node.parent)) node = node.parent;
    const parent = node.parent;
    if (!ts.isBinaryExpression(parent) || parent.right !== node) return null;
    const op = parent.operatorToken.kind;
    if (op !== ts.SyntaxKind.EqualsToken && op !== ts.SyntaxKind.QuestionQuestionEqualsToken && op !== ts.SyntaxKind.BarBarEqualsToken) return null;
    const target = parent.left;
    if (ts.isPropertyAccessExpression(target) || ts.isElementAccessExpression(target)) return { refuse: 'outlives-caller' };
    if (ts.isIdentifier(target)) {
      const decl = this.checker.getSymbolAtLocation(target)?.valueDeclaration;
      const fn = enclosingFunction(ts, call);
      if (decl && fn && !isInside(decl, fn)) return { refuse: 'outlives-caller' };
    }
    return null;
  }

  // --- where the signal comes from

  private providerAt(call: TS.CallExpression): Provider {
    const ts = this.ts;
    let child: TS.Node = call;
    for (let node: TS.Node | undefined = call.parent; node; child = node, node = node.parent) {
      if (ts.isBlock(node) || ts.isSourceFile(node) || ts.isModuleBlock(node) || ts.isCaseClause(node) || ts.isDefaultClause(node)) {
        const found = this.scopeInStatements(node.statements, child);
        if (found) return { source: found };
      }
      if (ts.isPropertyDeclaration(node) && node.initializer === child && !isFunctionLike(ts, child)) {
        return { refuse: 'unsupported-function', detail: 'class field' };
      }
      if (!isFunctionLike(ts, node)) continue;
      const fromParams = this.signalInParameters(node);
      if (fromParams) return this.usedSelectively(node, fromParams, call) ?? { source: fromParams };
      const gained = this.gains.get(node);
      if (gained) return { via: gained };
      const kind = this.kindOf(node);
      if (kind === 'inline') continue;
      if (kind === 'deferred') return { refuse: 'deferred-callback' };
      if (kind === 'unsupported') return { refuse: 'unsupported-function', detail: functionName(ts, node) };
      const gain = this.gain(node);
      return 'refuse' in gain ? gain : { via: gain };
    }
    return { refuse: 'no-enclosing-function' };
  }

  /** A leash Scope the block creates before the call: `const scope = new Scope()`, `using scope = ...`. */
  private scopeInStatements(statements: TS.NodeArray<TS.Statement>, before: TS.Node): Source | null {
    const ts = this.ts;
    for (let i = statements.length - 1; i >= 0; i--) {
      const s = statements[i]!;
      if (s.end > before.pos) continue;
      if (!ts.isVariableStatement(s) || !(s.declarationList.flags & (ts.NodeFlags.Const | ts.NodeFlags.Using | ts.NodeFlags.AwaitUsing))) continue;
      for (const d of s.declarationList.declarations) {
        if (!ts.isIdentifier(d.name)) continue;
        const type = this.checker.getTypeAtLocation(d.name);
        if (type.getSymbol()?.getName() !== 'Scope') continue;
        const prop = type.getProperty('signal');
        if (prop && this.isAbortSignal(this.checker.getTypeOfSymbol(prop), false)) return { expr: `${d.name.text}.signal`, mayBeUndefined: false, mayBeNull: false };
      }
    }
    return null;
  }

  /** A signal the function receives: a parameter, a parameter's `signal` (one level deeper too), or a destructured `signal`. */
  private signalInParameters(fn: FunctionLike): Source | null {
    const ts = this.ts;
    for (const p of fn.parameters) {
      if (ts.isIdentifier(p.name)) {
        const type = this.checker.getTypeAtLocation(p.name);
        if (this.isAbortSignal(type)) return { expr: p.name.text, ...this.nullability(type) };
        const found = this.signalMember(type, p.name.text, 2);
        if (found) return found;
      } else if (ts.isObjectBindingPattern(p.name)) {
        for (const el of p.name.elements) {
          const key = el.propertyName ?? el.name;
          if (ts.isIdentifier(key) && key.text === 'signal' && ts.isIdentifier(el.name) && !el.dotDotDotToken) {
            const type = this.checker.getTypeAtLocation(el.name);
            if (this.isAbortSignal(type)) return { expr: el.name.text, ...this.nullability(type) };
          }
        }
      }
    }
    return null;
  }

  /** `base.signal`, or `base.x.signal` for an object member `x` (depth 2), on a possibly optional base. */
  private signalMember(type: TS.Type, base: string, depth: number): Source | null {
    const nonNull = this.checker.getNonNullableType(type);
    if (nonNull.isUnion() || !(nonNull.flags & this.ts.TypeFlags.Object)) return null;
    const dot = nonNull !== type ? '?.' : '.';
    const prop = nonNull.getProperty('signal');
    if (prop) {
      const propType = this.checker.getTypeOfSymbol(prop);
      if (!this.isAbortSignal(propType)) return null;
      const n = this.nullability(propType);
      return { expr: `${base}${dot}signal`, mayBeUndefined: n.mayBeUndefined || dot === '?.' || (prop.flags & this.ts.SymbolFlags.Optional) !== 0, mayBeNull: n.mayBeNull };
    }
    if (depth <= 1) return null;
    const props = nonNull.getProperties();
    if (props.length > 40) return null;
    for (const member of props) {
      const decl = member.valueDeclaration;
      if (!decl || !(this.ts.isPropertySignature(decl) || this.ts.isPropertyDeclaration(decl))) continue;
      if (!/^[A-Za-z_$][\w$]*$/.test(member.getName())) continue;
      const found = this.signalMember(this.checker.getTypeOfSymbol(member), `${base}${dot}${member.getName()}`, depth - 1);
      if (found) return found.expr.includes('?.') || dot === '?.' ? { ...found, mayBeUndefined: true } : found;
    }
    return null;
  }

  /** The function passes its signal to other calls by hand, but not to this one. */
  private usedSelectively(fn: FunctionLike, source: Source, call: TS.CallExpression): Refusal | null {
    const ts = this.ts;
    if (!fn.body) return null;
    const sf = fn.getSourceFile();
    let used = false;
    const visit = (node: TS.Node): void => {
      if (used || node === call) return;
      if (ts.isCallExpression(node) || ts.isNewExpression(node)) {
        for (const arg of node.arguments ?? []) {
          if (arg.getText(sf) === source.expr) used = true;
          if (ts.isObjectLiteralExpression(arg)) {
            for (const p of arg.properties) {
              if (ts.isShorthandPropertyAssignment(p) && p.name.text === 'signal' && source.expr === 'signal') used = true;
              if (ts.isPropertyAssignment(p) && p.name.getText(sf) === 'signal' && p.initializer.getText(sf) === source.expr) used = true;
            }
          }
        }
      }
      ts.forEachChild(node, visit);
    };
    visit(fn.body);
    if (!used) return null;
    // Calls this run itself adds a signal to do not count: only what was there by hand.
    return { refuse: 'signal-used-selectively' };
  }

  /**
   * `named`: can gain a parameter; `inline`: a callback that runs while its function waits (uses
   * the outer signal); `deferred`: a callback that may run later; `unsupported`.
   */
  private kindOf(fn: FunctionLike): 'named' | 'inline' | 'deferred' | 'unsupported' {
    const ts = this.ts;
    if (ts.isConstructorDeclaration(fn) || ts.isGetAccessorDeclaration(fn) || ts.isSetAccessorDeclaration(fn)) return 'unsupported';
    if (ts.isFunctionDeclaration(fn) || ts.isMethodDeclaration(fn)) return fn.name ? 'named' : 'inline';
    let node: TS.Node = fn;
    while (ts.isParenthesizedExpression(node.parent)) node = node.parent;
    const parent = node.parent;
    if (ts.isVariableDeclaration(parent) && parent.initializer === node && ts.isIdentifier(parent.name)) return 'named';
    if (ts.isPropertyAssignment(parent) && parent.initializer === node) return 'named';
    if (ts.isPropertyDeclaration(parent) && parent.initializer === node) return 'named';
    // An immediately invoked function runs now.
    if (ts.isCallExpression(parent) && parent.expression === node) return 'inline';
    if ((ts.isCallExpression(parent) || ts.isNewExpression(parent)) && parent.arguments?.includes(node as TS.Expression)) {
      if (ts.isNewExpression(parent)) return ts.isIdentifier(parent.expression) && parent.expression.text === 'Promise' ? 'inline' : 'deferred';
      const callee = parent.expression;
      const method = ts.isPropertyAccessExpression(callee) ? callee.name.text : ts.isIdentifier(callee) ? callee.text : '';
      return INLINE_CALLBACK_METHODS.has(method) ? 'inline' : 'deferred';
    }
    return 'deferred';
  }

  // --- functions that may gain a signal

  private gain(fn: FunctionLike): Gain | Refusal {
    const existing = this.gains.get(fn) ?? this.refused.get(fn);
    if (existing) return existing;
    const result = this.planGain(fn);
    if ('refuse' in result) {
      this.refused.set(fn, result);
      return result;
    }
    this.gains.set(fn, result);
    for (const call of this.callsOf(fn)) this.queue.push({ call, need: result.need, from: result });
    return result;
  }

  /** Is the function reachable from outside the module: exported itself, a public member of an exported class or object? */
  private isExported(fn: FunctionLike): boolean {
    const ts = this.ts;
    let node: TS.Node = fn;
    if (ts.isMethodDeclaration(fn) || ts.isPropertyDeclaration(fn.parent)) {
      const member = ts.isMethodDeclaration(fn) ? fn : (fn.parent as TS.PropertyDeclaration);
      const flags = ts.getCombinedModifierFlags(member as TS.Declaration);
      if (flags & ts.ModifierFlags.Private) return false;
      if (member.name && ts.isPrivateIdentifier(member.name)) return false;
    }
    for (; node && !ts.isSourceFile(node); node = node.parent) {
      if (ts.isFunctionDeclaration(node) || ts.isClassDeclaration(node) || ts.isVariableStatement(node)) {
        const flags = ts.getCombinedModifierFlags(node as TS.Declaration);
        if (flags & (ts.ModifierFlags.Export | ts.ModifierFlags.Default)) return true;
      }
      if (ts.isExportAssignment(node)) return true;
      const named = ts.isFunctionDeclaration(node) || ts.isClassDeclaration(node) ? node.name : ts.isVariableDeclaration(node) && ts.isIdentifier(node.name) ? node.name : undefined;
      if (named && this.exportedByName(named)) return true;
      // A function nested in another function's body is local, whatever exports the outer one.
      if (node !== fn && isFunctionLike(ts, node)) return false;
    }
    return false;
  }

  /** `export { f }`, `export default f`, `module.exports = { f }`, `exports.f = f` in the same file. */
  private exportedByName(id: TS.Identifier): boolean {
    const ts = this.ts;
    const sym = this.checker.getSymbolAtLocation(id);
    if (!sym) return false;
    if (sym.flags & ts.SymbolFlags.Alias) return true;
    const exportSymbol = this.checker.getExportSymbolOfSymbol(sym);
    if (exportSymbol !== sym) return true;
    for (const other of this.identifiers().get(id.text) ?? []) {
      if (other === id || other.getSourceFile() !== id.getSourceFile()) continue;
      const p = other.parent;
      if (ts.isExportSpecifier(p) || ts.isExportAssignment(p)) return true;
      if (ts.isShorthandPropertyAssignment(p) || ts.isPropertyAssignment(p) || ts.isBinaryExpression(p)) {
        const text = p.getText();
        const around = p.parent?.parent?.getText() ?? '';
        if (/\bexports\b/.test(text) || /\bmodule\.exports\b|\bexports\b/.test(around.slice(0, 40))) return true;
      }
    }
    return false;
  }

  private planGain(fn: FunctionLike): Gain | Refusal {
    const ts = this.ts;
    const label = functionName(ts, fn);
    const symbol = this.symbolOf(fn);
    if (!symbol) return { refuse: 'unsupported-function', detail: label };
    const sf = fn.getSourceFile();
    if (!this.files.has(path.resolve(sf.fileName))) return { refuse: 'unsupported-function', detail: label };
    const sameKind = (symbol.declarations ?? []).filter((d) => d.kind === fn.kind);
    if (sameKind.length > 1 || (ts.isFunctionDeclaration(fn) && !fn.body) || (ts.isMethodDeclaration(fn) && !fn.body)) {
      return { refuse: 'overloaded', detail: label };
    }
    if (!this.changeExported && this.isExported(fn)) return { refuse: 'exported-signature', detail: label };
    const params = fn.parameters.filter((p) => !(ts.isIdentifier(p.name) && p.name.text === 'this'));
    const last = params[params.length - 1];
    if (last?.dotDotDotToken) return { refuse: 'rest-parameter', detail: label };
    if (mentionsName(ts, fn, 'signal')) return { refuse: 'name-conflict', detail: label };

    const typed = this.fixedSignature(fn);
    if (typed) return { ...typed, detail: label };
    const uses = this.nonCallUses(fn, symbol);
    if (uses) return { ...uses, detail: label };

    const edits: Gain['edits'] = [];
    const add = (edit: Edit) => edits.push({ sf, edit });
    const isJs = /\.(c|m)?jsx?$/i.test(sf.fileName);
    const index = params.length;
    const signalType = this.exact ? 'AbortSignal | undefined' : 'AbortSignal';
    const optionNeed = { kind: 'option' as const, index: index - 1, acceptsUndefined: true, acceptsNull: false, encoding: false };
    const optionsLiteral = last && !isJs && last.type && ts.isTypeLiteralNode(last.type) && last.type.members.length > 0 && last.type.members.every((m) => m.questionToken);
    if (last && optionsLiteral && ts.isTypeLiteralNode(last.type!)) {
      const members = last.type!.members;
      const lastMember = members[members.length - 1]!;
      const memberText = lastMember.getText(sf);
      const sep = /[;,]$/.test(memberText) ? ' ' : '; ';
      const memberEdit = { pos: lastMember.end, end: lastMember.end, text: `${sep}${MARKER_TEXT} signal?: ${signalType}${sep === ' ' ? memberText.slice(-1) : ''}` };
      if (ts.isObjectBindingPattern(last.name)) {
        const elements = last.name.elements;
        const lastEl = elements[elements.length - 1];
        add(lastEl ? { pos: lastEl.end, end: lastEl.end, text: `, ${MARKER_TEXT} signal` } : { pos: last.name.getStart(sf), end: last.name.end, text: `{ ${MARKER_TEXT} signal }` });
        add(memberEdit);
        return { fn, source: { expr: 'signal', mayBeUndefined: true, mayBeNull: false }, need: optionNeed, edits, reached: false };
      }
      if (ts.isIdentifier(last.name)) {
        add(memberEdit);
        const optional = Boolean(last.questionToken) && !last.initializer;
        return { fn, source: { expr: `${last.name.text}${optional ? '?.' : '.'}signal`, mayBeUndefined: true, mayBeNull: false }, need: optionNeed, edits, reached: false };
      }
    }

    const param = `${MARKER_TEXT} signal${isJs ? '' : '?: AbortSignal'}`;
    if (last) {
      const single = ts.isArrowFunction(fn) && params.length === 1 && !fn.getChildren(sf).some((c) => c.kind === ts.SyntaxKind.OpenParenToken);
      if (single) add({ pos: last.getStart(sf), end: last.end, text: `(${last.getText(sf)}, ${param})` });
      else add({ pos: last.end, end: last.end, text: `, ${param}` });
    } else {
      add({ pos: fn.parameters.pos, end: fn.parameters.pos, text: param });
    }
    return { fn, source: { expr: 'signal', mayBeUndefined: true, mayBeNull: false }, need: { kind: 'arg', index, acceptsUndefined: true, acceptsNull: false, encoding: false }, edits, reached: false };
  }

  private symbolOf(fn: FunctionLike): TS.Symbol | undefined {
    const ts = this.ts;
    let nameNode: TS.Node | undefined;
    if (ts.isFunctionDeclaration(fn) || ts.isMethodDeclaration(fn)) nameNode = fn.name;
    else if (ts.isVariableDeclaration(fn.parent) || ts.isPropertyAssignment(fn.parent) || ts.isPropertyDeclaration(fn.parent)) nameNode = fn.parent.name;
    return nameNode ? this.checker.getSymbolAtLocation(nameNode) : undefined;
  }

  /** Is the function's type fixed by something else: a base class, an interface, a contextual type, an annotation? */
  private fixedSignature(fn: FunctionLike): Refusal | null {
    const ts = this.ts;
    const member = ts.isPropertyDeclaration(fn.parent) ? fn.parent : fn;
    const parent = member.parent;
    if ((ts.isMethodDeclaration(member) || ts.isPropertyDeclaration(member)) && (ts.isClassDeclaration(parent) || ts.isClassExpression(parent))) {
      if (ts.isPropertyDeclaration(member) && member.type) return { refuse: 'typed-function' };
      const name = member.name.getText();
      for (const clause of parent.heritageClauses ?? []) {
        for (const t of clause.types) {
          const base = this.checker.getTypeAtLocation(t);
          if (base.getProperty(name)) return { refuse: 'inherited-method' };
          const ctor = this.checker.getTypeAtLocation(t.expression);
          for (const sig of ctor.getConstructSignatures()) if (sig.getReturnType().getProperty(name)) return { refuse: 'inherited-method' };
        }
      }
      if (member.modifiers?.some((m) => m.kind === ts.SyntaxKind.AbstractKeyword)) return { refuse: 'inherited-method' };
      return null;
    }
    if (ts.isMethodDeclaration(fn) || ts.isPropertyAssignment(fn.parent)) {
      const literal = ts.isMethodDeclaration(fn) ? fn.parent : fn.parent.parent;
      if (ts.isObjectLiteralExpression(literal)) {
        const contextual = this.checker.getContextualType(literal);
        if (contextual) return { refuse: 'typed-function' };
      }
      return null;
    }
    if (ts.isVariableDeclaration(fn.parent) && fn.parent.type) return { refuse: 'typed-function' };
    return null;
  }

  /** Names under which the function's symbol is referred to: its own and every import alias of it. */
  private namesOf(symbol: TS.Symbol): string[] {
    const target = this.resolveAlias(symbol);
    if (!this.aliasNames) {
      const ts = this.ts;
      const map = new Map<TS.Symbol, Set<string>>();
      for (const ids of this.identifiers().values()) {
        for (const id of ids) {
          const p = id.parent;
          if (!((ts.isImportSpecifier(p) && p.name === id) || (ts.isImportClause(p) && p.name === id))) continue;
          const sym = this.checker.getSymbolAtLocation(id);
          if (!sym) continue;
          const t = this.resolveAlias(sym);
          const set = map.get(t) ?? new Set<string>();
          set.add(id.text);
          map.set(t, set);
        }
      }
      this.aliasNames = map;
    }
    return [...new Set([symbol.getName(), ...(this.aliasNames.get(target) ?? [])])];
  }

  /** References to the function that are not plain calls. */
  private nonCallUses(fn: FunctionLike, symbol: TS.Symbol): Refusal | null {
    const ts = this.ts;
    const target = this.resolveAlias(symbol);
    for (const name of this.namesOf(symbol)) {
      for (const id of this.identifiers().get(name) ?? []) {
        if (isDeclarationName(ts, id)) continue;
        const parent = id.parent;
        // `{ load }` names the property; the value it passes is the function.
        const sym = ts.isShorthandPropertyAssignment(parent) ? this.checker.getShorthandAssignmentValueSymbol(parent) : this.checker.getSymbolAtLocation(id);
        if (!sym || this.resolveAlias(sym) !== target) continue;
        if (ts.isImportSpecifier(parent) || ts.isImportClause(parent) || ts.isExportSpecifier(parent) || ts.isExportAssignment(parent)) continue;
        if (ts.isTypeQueryNode(parent) || ts.isQualifiedName(parent)) continue;
        let callee: TS.Node = id;
        if (ts.isPropertyAccessExpression(parent) && parent.name === id) callee = parent;
        const around = callee.parent;
        if (ts.isCallExpression(around) && around.expression === callee) continue;
        if (ts.isPropertyAccessExpression(around) && around.expression === callee && /^(call|apply|bind)$/.test(around.name.text)) {
          return { refuse: 'call-apply' };
        }
        if (id === fn.name) continue;
        return { refuse: 'used-as-value' };
      }
    }
    return null;
  }

  /** Direct calls of the function anywhere in the project. */
  private callsOf(fn: FunctionLike): TS.CallExpression[] {
    const ts = this.ts;
    const symbol = this.symbolOf(fn);
    if (!symbol) return [];
    const target = this.resolveAlias(symbol);
    const calls: TS.CallExpression[] = [];
    for (const name of this.namesOf(symbol)) {
      for (const id of this.identifiers().get(name) ?? []) {
        let callee: TS.Node = id;
        if (ts.isPropertyAccessExpression(id.parent) && id.parent.name === id) callee = id.parent;
        const call = callee.parent;
        if (!ts.isCallExpression(call) || call.expression !== callee) continue;
        const sym = this.checker.getSymbolAtLocation(id);
        if (!sym) continue;
        // `this.get()` in a subclass sees an instantiated (transient) copy of the base method's symbol: same declaration.
        const resolved = this.resolveAlias(sym);
        if (resolved === target || (target.valueDeclaration !== undefined && resolved.valueDeclaration === target.valueDeclaration)) calls.push(call);
      }
    }
    return calls;
  }

  private resolveAlias(symbol: TS.Symbol): TS.Symbol {
    const resolved = symbol.flags & this.ts.SymbolFlags.Alias ? this.checker.getAliasedSymbol(symbol) : symbol;
    return this.checker.getExportSymbolOfSymbol(resolved);
  }

  private identifiers(): Map<string, TS.Identifier[]> {
    if (this.identifierIndex) return this.identifierIndex;
    const ts = this.ts;
    const index = new Map<string, TS.Identifier[]>();
    for (const sf of this.sourceFiles()) {
      const visit = (node: TS.Node): void => {
        if (ts.isIdentifier(node)) {
          const list = index.get(node.text);
          if (list) list.push(node);
          else index.set(node.text, [node]);
        }
        ts.forEachChild(node, visit);
      };
      visit(sf);
    }
    this.identifierIndex = index;
    return index;
  }

  // --- edits

  private addEdit(sf: TS.SourceFile, edit: Edit): void {
    const key = path.resolve(sf.fileName);
    const list = this.edits.get(key) ?? [];
    list.push(edit);
    this.edits.set(key, list);
  }

  /** The value to pass for `need` from `source`, converted where the types differ (null vs undefined). */
  private valueFor(source: Source, need: Need): string {
    if (need.kind === 'arg') return source.mayBeNull ? `${source.expr} ?? undefined` : source.expr;
    if (source.mayBeNull && !need.acceptsNull) return `${source.expr} ?? undefined`;
    if (source.mayBeUndefined && !need.acceptsUndefined) return need.acceptsNull ? `${source.expr} ?? null` : '';
    return source.expr;
  }

  private addCallEdit(call: TS.CallExpression, need: Need, source: Source): void {
    const ts = this.ts;
    const sf = call.getSourceFile();
    const args = call.arguments;
    const value = this.valueFor(source, need);
    // exactOptionalPropertyTypes with a property that takes neither undefined nor null: spread it in only when set.
    const property = value === '' ? `...(${source.expr} ? { signal: ${source.expr} } : {})` : value === 'signal' ? 'signal' : `signal: ${value}`;
    const arg = args[need.index];
    if (need.kind === 'option' && arg && ts.isObjectLiteralExpression(arg)) {
      const props = arg.properties;
      const lastProp = props[props.length - 1];
      if (!lastProp) {
        this.addEdit(sf, { pos: arg.getStart(sf), end: arg.end, text: `{ ${MARKER_TEXT} ${property} }` });
      } else {
        const text = sf.text;
        const multiline = text.slice(arg.getStart(sf), props[0]!.getStart(sf)).includes('\n');
        if (multiline) {
          const eol = eolOf(text);
          const lineStart = text.lastIndexOf('\n', lastProp.getStart(sf)) + 1;
          const indent = /^[ \t]*/.exec(text.slice(lineStart))?.[0] ?? '';
          if (props.hasTrailingComma) {
            const comma = text.indexOf(',', lastProp.end);
            this.addEdit(sf, { pos: comma + 1, end: comma + 1, text: `${eol}${indent}${MARKER_TEXT} ${property},` });
          } else {
            this.addEdit(sf, { pos: lastProp.end, end: lastProp.end, text: `,${eol}${indent}${MARKER_TEXT} ${property}` });
          }
        } else {
          this.addEdit(sf, { pos: lastProp.end, end: lastProp.end, text: `, ${MARKER_TEXT} ${property}` });
        }
      }
    } else if (need.kind === 'option' && arg && need.encoding && ts.isStringLiteralLike(arg)) {
      this.addEdit(sf, { pos: arg.getStart(sf), end: arg.end, text: `${MARKER_TEXT} { encoding: ${arg.getText(sf)}, ${property} }` });
    } else if (need.kind === 'option' && arg) {
      // `undefined` in the options position
      this.addEdit(sf, { pos: arg.getStart(sf), end: arg.end, text: `${MARKER_TEXT} { ${property} }` });
    } else {
      const text = need.kind === 'option' ? `{ ${property} }` : value;
      const fillers = 'undefined, '.repeat(Math.max(0, need.index - args.length));
      const last = args[args.length - 1];
      const inserted = `${fillers}${MARKER_TEXT} ${text}`;
      if (last) this.addEdit(sf, { pos: last.end, end: last.end, text: `, ${inserted}` });
      else this.addEdit(sf, { pos: args.pos, end: args.pos, text: inserted });
    }
    const key = path.resolve(sf.fileName);
    this.migrated.set(key, (this.migrated.get(key) ?? 0) + 1);
  }

  private skip(call: TS.CallExpression, refusal: Refusal): void {
    this.report(call.getSourceFile(), call, refusal);
  }

  private report(sf: TS.SourceFile, node: TS.Node, refusal: Refusal): void {
    const key = path.resolve(sf.fileName);
    const line = sf.getLineAndCharacterOfPosition(node.getStart(sf)).line + 1;
    const message = messages[refusal.refuse] + (refusal.detail ? ` (${refusal.detail})` : '');
    const list = this.skips.get(key) ?? [];
    list.push({ line, id: refusal.refuse, message });
    this.skips.set(key, list);
  }
}

/** What gives an untyped import types: its package's `@types` package, or declarations beside the file. */
function typesAdvice(specifier: string, resolved: TS.ResolvedModuleFull): string {
  if (!resolved.isExternalLibraryImport) return `add a .d.ts beside ${path.basename(resolved.resolvedFileName)}`;
  const parts = specifier.split('/');
  const name = specifier.startsWith('@') ? `${parts[0]!.slice(1)}__${parts[1]}` : parts[0]!;
  return `npm i -D @types/${name}, if it exists`;
}

function enclosingFunction(ts: TypeScript, node: TS.Node): FunctionLike | undefined {
  for (let n = node.parent; n; n = n.parent) if (isFunctionLike(ts, n)) return n;
  return undefined;
}

function isInside(node: TS.Node, container: TS.Node): boolean {
  return node.pos >= container.pos && node.end <= container.end && node.getSourceFile() === container.getSourceFile();
}

function isFunctionLike(ts: TypeScript, node: TS.Node): node is FunctionLike {
  return (
    ts.isFunctionDeclaration(node) ||
    ts.isMethodDeclaration(node) ||
    ts.isFunctionExpression(node) ||
    ts.isArrowFunction(node) ||
    ts.isConstructorDeclaration(node) ||
    ts.isGetAccessorDeclaration(node) ||
    ts.isSetAccessorDeclaration(node)
  );
}

function functionName(ts: TypeScript, fn: FunctionLike): string {
  if ((ts.isFunctionDeclaration(fn) || ts.isMethodDeclaration(fn)) && fn.name) return `\`${fn.name.getText()}\``;
  if (ts.isVariableDeclaration(fn.parent) || ts.isPropertyAssignment(fn.parent) || ts.isPropertyDeclaration(fn.parent)) return `\`${fn.parent.name.getText()}\``;
  if (ts.isConstructorDeclaration(fn)) return 'constructor';
  return 'anonymous function';
}

function isDeclarationName(ts: TypeScript, id: TS.Identifier): boolean {
  const p = id.parent;
  return (ts.isFunctionDeclaration(p) || ts.isMethodDeclaration(p) || ts.isVariableDeclaration(p) || ts.isPropertyAssignment(p) || ts.isPropertyDeclaration(p)) && p.name === id;
}

function mentionsName(ts: TypeScript, node: TS.Node, name: string): boolean {
  let found = false;
  const visit = (n: TS.Node): void => {
    if (found) return;
    if (ts.isIdentifier(n) && n.text === name) {
      const p = n.parent;
      const isPropertyName = (ts.isPropertyAccessExpression(p) && p.name === n) || (ts.isPropertyAssignment(p) && p.name === n) || (ts.isPropertySignature(p) && p.name === n);
      if (!isPropertyName) {
        found = true;
        return;
      }
    }
    ts.forEachChild(n, visit);
  };
  visit(node);
  return found;
}

function applyEdits(text: string, edits: readonly Edit[]): string {
  const sorted = edits
    .map((e, i) => ({ e, i }))
    .sort((a, b) => b.e.pos - a.e.pos || b.i - a.i)
    .map((x) => x.e);
  let out = text;
  let limit = Infinity;
  for (const e of sorted) {
    if (e.end > limit) continue; // overlapping edit: keep the first planned
    out = out.slice(0, e.pos) + e.text + out.slice(e.end);
    limit = e.pos;
  }
  return out;
}

function eligibleFiles(files: readonly ProjectFile[]): ProjectFile[] {
  return files.filter((f) => /\.(c|m)?(t|j)sx?$/i.test(f.path) && !/\.d\.(c|m)?ts$/i.test(f.path));
}

/**
 * Parses and binds the project as it is now (its files, the lib and @types declarations they
 * use), so that a later threadSignalProject with `parsed` on the same files, after the syntactic
 * transforms edited some, parses and binds only the edited ones. A file whose text is about to
 * change can be passed as '': only how to parse it is learned, and `parsed.update(file, text)`
 * parses its text when known. The CLI calls it while its worker threads run the syntactic
 * transforms, which moves that part of thread-signal's work off the one thread that plans. Same
 * options as threadSignalProject; throws what it throws.
 */
export function prepareThreadSignal(files: readonly ProjectFile[], options: Omit<ProjectOptions, 'parsed'> = {}): ParsedFiles {
  const parsed = new ParsedFiles();
  const project = openProject(files, options);
  if (project !== undefined) createProgram(project.ts, project.eligible, project.compiler, parsed).getTypeChecker();
  return parsed;
}

/** The files thread-signal reads, the project's TypeScript and its compiler options; undefined when no file is eligible. */
function openProject(files: readonly ProjectFile[], options: ProjectOptions): { eligible: ProjectFile[]; ts: TypeScript; compiler: TS.CompilerOptions } | undefined {
  const eligible = eligibleFiles(files);
  if (eligible.length === 0) return undefined;
  const start = commonDir(eligible.map((f) => f.path));
  const ts = loadTypeScript(start, options.typescript);
  return { eligible, ts, compiler: compilerOptionsFor(ts, start, options.tsconfig).options };
}

/**
 * Plans and applies thread-signal over a set of files (the CLI passes every file it was given).
 * Never throws for code it does not understand; throws only on internal errors.
 */
export function threadSignalProject(files: readonly ProjectFile[], options: ProjectOptions = {}): ProjectResult {
  const outputs = new Map<string, string>();
  const outcomes = new Map<string, Outcome>();
  const project = openProject(files, options);
  if (project === undefined) return { outputs, outcomes };
  const { eligible, ts, compiler } = project;
  const program = createProgram(ts, eligible, compiler, options.parsed);
  const planner = new Planner(ts, program, eligible.map((f) => f.path), options.changeExported ?? false);
  planner.plan(options.onFile);
  const edits = planner.result();
  for (const f of eligible) {
    const key = path.resolve(f.path);
    const fileEdits = edits.get(key);
    if (fileEdits?.length) {
      const out = applyEdits(f.source, fileEdits);
      if (out !== f.source) outputs.set(key, out);
    }
    const skips = (planner.skips.get(key) ?? []).sort((a, b) => a.line - b.line);
    outcomes.set(key, { transform: name, migrated: planner.migrated.get(key) ?? 0, skips });
  }
  return { outputs, outcomes };
}

/**
 * The jscodeshift entry (`jscodeshift -t dist/codemods/transforms/thread-signal.js file.ts`): one
 * file as its own project. Calls into other files are still typed through imports, but callers in
 * other files are not updated: use `leash codemod thread-signal <paths>` for a whole project.
 */
export default function transform(file: FileInfo, api: API): string | null {
  const abs = path.resolve(file.path);
  const { outputs, outcomes } = threadSignalProject([{ path: abs, source: file.source }]);
  for (const s of outcomes.get(abs)?.skips ?? []) api.report(`${file.path}:${s.line} ${name}/${s.id}: ${s.message}`);
  return outputs.get(abs) ?? null;
}

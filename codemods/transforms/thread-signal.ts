/**
 * thread-signal (type-aware): pass an `AbortSignal` down to every call that accepts one and got
 * none, adding a `signal` parameter to functions on the way up — Go's "pass ctx down" as a source
 * migration.
 *
 *   async function load(id: string) { return fetch(`/u/${id}`); }
 *   async function loadAll(ids: string[]) { return Promise.all(ids.map((id) => load(id))); }
 *   ->
 *   async function load(id: string, signal?: AbortSignal) { return fetch(`/u/${id}`, { signal }); }
 *   async function loadAll(ids: string[], signal?: AbortSignal) { return Promise.all(ids.map((id) => load(id, signal))); }
 *
 * A callee accepts a signal when its resolved signature (TypeScript checker) has a parameter of
 * type `AbortSignal`, or an options parameter whose every object type has a `signal: AbortSignal`
 * property: fetch, `timers/promises`, `events.once`, `fs/promises`, leash's `sleep`/`mapLimit`,
 * and user functions with `signal?: AbortSignal`. The signal passed is the nearest one in scope (a
 * parameter or variable typed `AbortSignal`, `x.signal` of a parameter like `scope: Scope` or
 * `req: Request`, `controller.signal`). When there is none, the nearest named enclosing function
 * gains an optional `signal?: AbortSignal` parameter — or a `signal` member in its options object,
 * when its last parameter is an inline object type with only optional members — and its callers
 * in the project pass theirs, transitively. Callbacks (`ids.map((id) => ...)`) do not gain
 * parameters; they capture the signal of the function around them.
 *
 * The whole set of files is planned first and the edits are applied together, so the result does
 * not depend on the order of files. An explicitly passed signal is never replaced.
 *
 * Left alone on purpose, each reported at the call that did not get a signal (fixtures in
 * __testfixtures__/thread-signal/):
 *   - `spread-arguments`: `f(...args)`: the signal's position is unknown.
 *   - `call-apply`: the function is called through `.call`, `.apply` or `.bind`.
 *   - `overloaded`: the function has overload signatures, each of which would need the parameter.
 *   - `rest-parameter`: a parameter cannot follow `...rest`.
 *   - `used-as-value`: the function is passed or stored somewhere (`xs.map(load)`, `cb = load`),
 *     where a new trailing parameter would receive whatever the caller passes there.
 *   - `inherited-method`, `typed-function`: the signature is fixed by a base class, an interface,
 *     a contextual type or a type annotation on the variable.
 *   - `name-conflict`: the function already uses the name `signal` for something else.
 *   - `unsupported-function`: constructors, accessors and class fields.
 *   - `options-not-literal`: the callee takes an options object, and the caller passes a variable.
 *   - `no-enclosing-function`: a module-level call: there is no caller to take a signal from.
 *   - `unresolved-import`: an import that does not resolve (dependencies not installed, wrong
 *     tsconfig): calls into it are invisible, so it is reported at the import.
 *   - `no-typescript`: the `typescript` package is not installed.
 */
import * as path from 'node:path';
import type * as TS from 'typescript';
import type { API, FileInfo } from 'jscodeshift';
import { eolOf } from '../lib/imports';
import { MARKER_TEXT } from '../lib/marker';
import type { Outcome, Skip } from '../lib/transform';

export const name = 'thread-signal';

export const messages = {
  'spread-arguments': 'the call spreads its arguments, so the position of the signal is unknown; pass the signal by hand',
  'call-apply': 'the function is called through .call/.apply/.bind; pass the signal by hand at those calls, then add the parameter',
  overloaded: 'the function has overloads; add `signal?: AbortSignal` to each overload by hand, then rerun',
  'rest-parameter': 'the function ends with a rest parameter, so a signal parameter cannot follow it; take the signal in an options object',
  'used-as-value':
    'the function is also passed or stored as a value, where a new trailing parameter would receive other arguments; wrap those uses in an arrow, then rerun',
  'inherited-method': 'the method implements or overrides a base signature; add the signal to the base first',
  'typed-function': 'the function type is fixed by an annotation or a contextual type; add the signal to that type first',
  'name-conflict': 'the function already uses the name `signal` for something else; rename it, then rerun',
  'unsupported-function': 'constructors, accessors and class fields do not take a signal parameter; pass one from a method or store it on the instance',
  'options-not-literal': 'the options are passed as a variable, which may or may not carry a signal; add `signal` where the options object is built',
  'no-enclosing-function': 'the call runs at module level, where no signal is in scope; create one (a leash Scope or an AbortController) and pass it',
  'unresolved-import':
    'this import does not resolve, so calls into it are invisible to thread-signal; install the dependencies (node_modules) or pass --tsconfig, then rerun',
  'no-typescript': 'thread-signal needs the `typescript` package; install it in the project',
} as const;

type Id = keyof typeof messages;

type TypeScript = typeof TS;

function loadTypeScript(): TypeScript | null {
  try {
    // typescript is an optional peer dependency: load it only when thread-signal runs.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    return require('typescript') as TypeScript;
  } catch {
    return null;
  }
}

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
}

// ---------------------------------------------------------------------------------------------
// Program: the project's files from memory, everything else from disk, with parsed library files
// (lib.*.d.ts, @types) cached across programs in one process.

const libraryCache = new Map<string, TS.SourceFile>();

function compilerOptions(ts: TypeScript, files: readonly ProjectFile[], tsconfig: string | null | undefined): TS.CompilerOptions {
  const start = files.length ? commonDir(files.map((f) => f.path)) : process.cwd();
  const configPath = tsconfig === undefined ? ts.findConfigFile(start, ts.sys.fileExists) : tsconfig;
  let options: TS.CompilerOptions = {
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    strict: true,
  };
  // Without a tsconfig, see every installed @types package, as tsc did before TypeScript 6 made `types` default to [].
  if (Number(ts.versionMajorMinor.split('.')[0]) >= 6) options.types = ['*'];
  if (configPath) {
    const parsed = ts.getParsedCommandLineOfConfigFile(configPath, {}, { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => undefined });
    if (parsed) options = parsed.options;
  }
  return { ...options, allowJs: true, noEmit: true, skipLibCheck: true, skipDefaultLibCheck: true };
}

function commonDir(paths: readonly string[]): string {
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

function createProgram(ts: TypeScript, files: readonly ProjectFile[], options: TS.CompilerOptions): TS.Program {
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
    if (text !== undefined) return ts.createSourceFile(fileName, text, languageVersion, true);
    const key = `${fileName}\0${JSON.stringify(languageVersion)}`;
    const cached = libraryCache.get(key);
    if (cached) return cached;
    const options = typeof languageVersion === 'object' ? languageVersion : { languageVersion };
    const sf = getSourceFile(fileName, /\.d\.[cm]?ts$/.test(fileName) && skipJsDoc !== undefined ? { ...options, jsDocParsingMode: skipJsDoc } : languageVersion, onError, shouldCreate);
    if (sf && (fileName.includes(`${path.sep}node_modules${path.sep}`) || fileName.includes('/node_modules/'))) libraryCache.set(key, sf);
    return sf;
  };
  return ts.createProgram({ rootNames: files.map((f) => f.path), options, host });
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
}

/** A function that gains a signal. */
interface Gain {
  /** Expression that reads the signal inside the function. */
  expr: string;
  need: Need;
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

class Planner {
  private readonly checker: TS.TypeChecker;
  private readonly files = new Set<string>();
  private readonly gains = new Map<TS.Node, Gain>();
  private readonly refused = new Map<TS.Node, Refusal>();
  private readonly handled = new Set<TS.Node>();
  private readonly queue: Array<{ call: TS.CallExpression; need: Need }> = [];
  private readonly edits = new Map<string, Edit[]>();
  readonly skips = new Map<string, Skip[]>();
  readonly migrated = new Map<string, number>();
  private identifierIndex: Map<string, TS.Identifier[]> | undefined;

  constructor(
    private readonly ts: TypeScript,
    private readonly program: TS.Program,
    projectFiles: readonly string[],
  ) {
    this.checker = program.getTypeChecker();
    for (const f of projectFiles) this.files.add(path.resolve(f));
  }

  private sourceFiles(): TS.SourceFile[] {
    return this.program.getSourceFiles().filter((sf) => this.files.has(path.resolve(sf.fileName)) && !sf.isDeclarationFile);
  }

  plan(): void {
    const ts = this.ts;
    for (const sf of this.sourceFiles()) {
      this.checkImports(sf);
      const visit = (node: TS.Node): void => {
        if (ts.isCallExpression(node)) {
          const need = this.libraryNeed(node);
          if (need) this.queue.push({ call: node, need });
        }
        ts.forEachChild(node, visit);
      };
      visit(sf);
    }
    while (this.queue.length) {
      const item = this.queue.shift()!;
      this.resolve(item.call, item.need);
    }
  }

  /** Reports imports that do not resolve: the types behind them are unknown, so signals cannot be threaded into them. */
  private checkImports(sf: TS.SourceFile): void {
    const ts = this.ts;
    for (const s of sf.statements) {
      if (!ts.isImportDeclaration(s) || !s.importClause || s.importClause.isTypeOnly || !ts.isStringLiteral(s.moduleSpecifier)) continue;
      if (this.checker.getSymbolAtLocation(s.moduleSpecifier)) continue;
      this.report(sf, s, { refuse: 'unresolved-import', detail: `'${s.moduleSpecifier.text}'` });
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

  /** An options type: every non-nullish part is an object with a `signal` property of AbortSignal type. */
  private isSignalOptions(type: TS.Type): boolean {
    const ts = this.ts;
    const parts = type.isUnion() ? type.types : [type];
    let found = false;
    for (const t of parts) {
      if (t.flags & (ts.TypeFlags.Undefined | ts.TypeFlags.Null | ts.TypeFlags.Void)) continue;
      if (!(t.flags & ts.TypeFlags.Object) && !t.isIntersection()) return false;
      const prop = t.getProperty('signal');
      if (!prop) return false;
      if (!this.isAbortSignal(this.checker.getTypeOfSymbol(prop))) return false;
      found = true;
    }
    return found;
  }

  // --- callees

  /** What a call needs according to its resolved signature (library functions, user functions that already take a signal). */
  private libraryNeed(call: TS.CallExpression): Need | null {
    const sig = this.checker.getResolvedSignature(call);
    if (!sig) return null;
    const params = sig.getParameters();
    for (let i = 0; i < params.length; i++) {
      const p = params[i]!;
      const decl = p.valueDeclaration;
      if (decl && this.ts.isParameter(decl) && decl.dotDotDotToken) break;
      const type = this.checker.getTypeOfSymbolAtLocation(p, call);
      if (this.isAbortSignal(type)) return { kind: 'arg', index: i };
      if (this.isSignalOptions(type)) return { kind: 'option', index: i };
    }
    return null;
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
        if (p.name && ts.isIdentifier(p.name) && p.name.text === 'signal') return true;
        if (p.name && ts.isStringLiteral(p.name) && p.name.text === 'signal') return true;
        if (ts.isSpreadAssignment(p) && this.checker.getTypeAtLocation(p.expression).getProperty('signal')) return true;
      }
      return false;
    }
    return { refuse: 'options-not-literal' };
  }

  private resolve(call: TS.CallExpression, need: Need): void {
    if (this.handled.has(call)) return;
    this.handled.add(call);
    const passes = this.passes(call, need);
    if (passes === true) return;
    if (passes !== false) return this.skip(call, passes);
    const provider = this.providerAt(call);
    if ('refuse' in provider) return this.skip(call, provider);
    this.addCallEdit(call, need, provider.expr);
  }

  // --- where the signal comes from

  private providerAt(call: TS.CallExpression): { expr: string } | Refusal {
    const ts = this.ts;
    let child: TS.Node = call;
    for (let node: TS.Node | undefined = call.parent; node; child = node, node = node.parent) {
      if (ts.isBlock(node) || ts.isSourceFile(node) || ts.isModuleBlock(node) || ts.isCaseClause(node) || ts.isDefaultClause(node)) {
        const found = this.signalInStatements(node.statements, child);
        if (found) return { expr: found };
      }
      if (ts.isPropertyDeclaration(node) && node.initializer === child) return { refuse: 'unsupported-function', detail: 'class field' };
      if (!isFunctionLike(ts, node)) continue;
      const fromParams = this.signalInParameters(node);
      if (fromParams) return { expr: fromParams };
      const gained = this.gains.get(node);
      if (gained) return { expr: gained.expr };
      const kind = this.kindOf(node);
      if (kind === 'transparent') continue;
      if (kind === 'unsupported') return { refuse: 'unsupported-function', detail: functionName(ts, node) };
      const gain = this.gain(node);
      return 'refuse' in gain ? gain : { expr: gain.expr };
    }
    return { refuse: 'no-enclosing-function' };
  }

  private signalInStatements(statements: TS.NodeArray<TS.Statement>, before: TS.Node): string | null {
    const ts = this.ts;
    for (let i = statements.length - 1; i >= 0; i--) {
      const s = statements[i]!;
      if (s.end > before.pos) continue;
      if (!ts.isVariableStatement(s)) continue;
      for (const d of s.declarationList.declarations) {
        if (!ts.isIdentifier(d.name)) continue;
        const type = this.checker.getTypeAtLocation(d.name);
        if (this.isAbortSignal(type, false)) return d.name.text;
        const sym = type.getSymbol();
        if (sym?.getName() === 'AbortController') return `${d.name.text}.signal`;
      }
    }
    return null;
  }

  private signalInParameters(fn: FunctionLike): string | null {
    const ts = this.ts;
    for (const p of fn.parameters) {
      if (ts.isIdentifier(p.name)) {
        const type = this.checker.getTypeAtLocation(p.name);
        if (this.isAbortSignal(type, false)) return p.name.text;
        const nonNull = this.checker.getNonNullableType(type);
        const prop = nonNull.getProperty('signal');
        if (prop && !nonNull.isUnion() && this.isAbortSignal(this.checker.getTypeOfSymbol(prop), false)) {
          const optional = nonNull !== type;
          return `${p.name.text}${optional ? '?.' : '.'}signal`;
        }
      } else if (ts.isObjectBindingPattern(p.name)) {
        for (const el of p.name.elements) {
          const key = el.propertyName ?? el.name;
          if (ts.isIdentifier(key) && key.text === 'signal' && ts.isIdentifier(el.name) && !el.dotDotDotToken) {
            if (this.isAbortSignal(this.checker.getTypeAtLocation(el.name), false)) return el.name.text;
          }
        }
      }
    }
    return null;
  }

  /** `named`: can gain a parameter; `transparent`: a callback that captures its outer signal; `unsupported`. */
  private kindOf(fn: FunctionLike): 'named' | 'transparent' | 'unsupported' {
    const ts = this.ts;
    if (ts.isConstructorDeclaration(fn) || ts.isGetAccessorDeclaration(fn) || ts.isSetAccessorDeclaration(fn)) return 'unsupported';
    if (ts.isFunctionDeclaration(fn) || ts.isMethodDeclaration(fn)) return fn.name ? 'named' : 'transparent';
    const parent = fn.parent;
    if (ts.isVariableDeclaration(parent) && parent.initializer === fn && ts.isIdentifier(parent.name)) return 'named';
    if (ts.isPropertyAssignment(parent) && parent.initializer === fn) return 'named';
    if (ts.isPropertyDeclaration(parent)) return 'unsupported';
    return 'transparent';
  }

  // --- functions that gain a signal

  private gain(fn: FunctionLike): Gain | Refusal {
    const existing = this.gains.get(fn) ?? this.refused.get(fn);
    if (existing) return existing;
    const result = this.planGain(fn);
    if ('refuse' in result) {
      this.refused.set(fn, result);
      return result;
    }
    this.gains.set(fn, result);
    for (const call of this.callsOf(fn)) this.queue.push({ call, need: result.need });
    return result;
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
    const params = fn.parameters.filter((p) => !(ts.isIdentifier(p.name) && p.name.text === 'this'));
    const last = params[params.length - 1];
    if (last?.dotDotDotToken) return { refuse: 'rest-parameter', detail: label };
    if (mentionsName(ts, fn, 'signal')) return { refuse: 'name-conflict', detail: label };

    const typed = this.fixedSignature(fn);
    if (typed) return { ...typed, detail: label };
    const uses = this.nonCallUses(fn, symbol);
    if (uses) return { ...uses, detail: label };

    const isJs = /\.(c|m)?jsx?$/i.test(sf.fileName);
    const index = params.length;
    const optionsLiteral = last && !isJs && last.type && ts.isTypeLiteralNode(last.type) && last.type.members.length > 0 && last.type.members.every((m) => m.questionToken);
    if (last && optionsLiteral && ts.isTypeLiteralNode(last.type!)) {
      const members = last.type!.members;
      const lastMember = members[members.length - 1]!;
      const memberText = lastMember.getText(sf);
      const sep = /[;,]$/.test(memberText) ? ' ' : '; ';
      const memberEdit = { pos: lastMember.end, end: lastMember.end, text: `${sep}${MARKER_TEXT} signal?: AbortSignal${sep === ' ' ? memberText.slice(-1) : ''}` };
      if (ts.isObjectBindingPattern(last.name)) {
        const elements = last.name.elements;
        const lastEl = elements[elements.length - 1];
        const bindingEdit = lastEl
          ? { pos: lastEl.end, end: lastEl.end, text: `, ${MARKER_TEXT} signal` }
          : { pos: last.name.getStart(sf), end: last.name.end, text: `{ ${MARKER_TEXT} signal }` };
        this.addEdit(sf, bindingEdit);
        this.addEdit(sf, memberEdit);
        return { expr: 'signal', need: { kind: 'option', index: index - 1 } };
      }
      if (ts.isIdentifier(last.name)) {
        this.addEdit(sf, memberEdit);
        const optional = Boolean(last.questionToken) && !last.initializer;
        return { expr: `${last.name.text}${optional ? '?.' : '.'}signal`, need: { kind: 'option', index: index - 1 } };
      }
    }

    const param = `${MARKER_TEXT} signal${isJs ? '' : '?: AbortSignal'}`;
    if (last) {
      const single = ts.isArrowFunction(fn) && params.length === 1 && !fn.getChildren(sf).some((c) => c.kind === ts.SyntaxKind.OpenParenToken);
      if (single) this.addEdit(sf, { pos: last.getStart(sf), end: last.end, text: `(${last.getText(sf)}, ${param})` });
      else this.addEdit(sf, { pos: last.end, end: last.end, text: `, ${param}` });
    } else {
      this.addEdit(sf, { pos: fn.parameters.pos, end: fn.parameters.pos, text: param });
    }
    return { expr: 'signal', need: { kind: 'arg', index } };
  }

  private symbolOf(fn: FunctionLike): TS.Symbol | undefined {
    const ts = this.ts;
    let nameNode: TS.Node | undefined;
    if (ts.isFunctionDeclaration(fn) || ts.isMethodDeclaration(fn)) nameNode = fn.name;
    else if (ts.isVariableDeclaration(fn.parent) || ts.isPropertyAssignment(fn.parent)) nameNode = fn.parent.name;
    return nameNode ? this.checker.getSymbolAtLocation(nameNode) : undefined;
  }

  /** Is the function's type fixed by something else: a base class, an interface, a contextual type, an annotation? */
  private fixedSignature(fn: FunctionLike): Refusal | null {
    const ts = this.ts;
    const parent = fn.parent;
    if (ts.isMethodDeclaration(fn) && (ts.isClassDeclaration(parent) || ts.isClassExpression(parent))) {
      const name = fn.name.getText();
      for (const clause of parent.heritageClauses ?? []) {
        for (const t of clause.types) {
          const base = this.checker.getTypeAtLocation(t);
          if (base.getProperty(name)) return { refuse: 'inherited-method' };
          const ctor = this.checker.getTypeAtLocation(t.expression);
          for (const sig of ctor.getConstructSignatures()) if (sig.getReturnType().getProperty(name)) return { refuse: 'inherited-method' };
        }
      }
      if (fn.modifiers?.some((m) => m.kind === ts.SyntaxKind.AbstractKeyword)) return { refuse: 'inherited-method' };
      return null;
    }
    if (ts.isMethodDeclaration(fn) || ts.isPropertyAssignment(parent)) {
      const literal = ts.isMethodDeclaration(fn) ? parent : parent.parent;
      if (ts.isObjectLiteralExpression(literal)) {
        const contextual = this.checker.getContextualType(literal);
        if (contextual) return { refuse: 'typed-function' };
      }
      return null;
    }
    if (ts.isVariableDeclaration(parent) && parent.type) return { refuse: 'typed-function' };
    return null;
  }

  /** References to the function that are not plain calls. */
  private nonCallUses(fn: FunctionLike, symbol: TS.Symbol): Refusal | null {
    const ts = this.ts;
    const name = symbol.getName();
    const target = this.resolveAlias(symbol);
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
    return null;
  }

  /** Direct calls of the function anywhere in the project. */
  private callsOf(fn: FunctionLike): TS.CallExpression[] {
    const ts = this.ts;
    const symbol = this.symbolOf(fn);
    if (!symbol) return [];
    const target = this.resolveAlias(symbol);
    const calls: TS.CallExpression[] = [];
    for (const id of this.identifiers().get(symbol.getName()) ?? []) {
      let callee: TS.Node = id;
      if (ts.isPropertyAccessExpression(id.parent) && id.parent.name === id) callee = id.parent;
      const call = callee.parent;
      if (!ts.isCallExpression(call) || call.expression !== callee) continue;
      const sym = this.checker.getSymbolAtLocation(id);
      if (sym && this.resolveAlias(sym) === target) calls.push(call);
    }
    return calls;
  }

  private resolveAlias(symbol: TS.Symbol): TS.Symbol {
    return symbol.flags & this.ts.SymbolFlags.Alias ? this.checker.getAliasedSymbol(symbol) : symbol;
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

  private addCallEdit(call: TS.CallExpression, need: Need, expr: string): void {
    const ts = this.ts;
    const sf = call.getSourceFile();
    const args = call.arguments;
    const property = expr === 'signal' ? 'signal' : `signal: ${expr}`;
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
    } else {
      const value = need.kind === 'option' ? `{ ${property} }` : expr;
      const fillers = 'undefined, '.repeat(Math.max(0, need.index - args.length));
      const last = args[args.length - 1];
      const text = `${fillers}${MARKER_TEXT} ${value}`;
      if (last) this.addEdit(sf, { pos: last.end, end: last.end, text: `, ${text}` });
      else this.addEdit(sf, { pos: args.pos, end: args.pos, text });
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
  if (ts.isVariableDeclaration(fn.parent) || ts.isPropertyAssignment(fn.parent)) return `\`${fn.parent.name.getText()}\``;
  if (ts.isConstructorDeclaration(fn)) return 'constructor';
  return 'anonymous function';
}

function isDeclarationName(ts: TypeScript, id: TS.Identifier): boolean {
  const p = id.parent;
  return (ts.isFunctionDeclaration(p) || ts.isMethodDeclaration(p) || ts.isVariableDeclaration(p) || ts.isPropertyAssignment(p)) && p.name === id;
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

/**
 * Plans and applies thread-signal over a set of files (the CLI passes every file it was given).
 * Never throws for code it does not understand; throws only on internal errors.
 */
export function threadSignalProject(files: readonly ProjectFile[], options: ProjectOptions = {}): ProjectResult {
  const outputs = new Map<string, string>();
  const outcomes = new Map<string, Outcome>();
  const ts = loadTypeScript();
  const eligible = files.filter((f) => /\.(c|m)?(t|j)sx?$/i.test(f.path) && !/\.d\.(c|m)?ts$/i.test(f.path));
  if (!ts) {
    for (const f of eligible) outcomes.set(path.resolve(f.path), { transform: name, migrated: 0, skips: [{ line: 1, id: 'no-typescript', message: messages['no-typescript'] }] });
    return { outputs, outcomes };
  }
  const compiler = compilerOptions(ts, eligible, options.tsconfig);
  const program = createProgram(ts, eligible, compiler);
  const planner = new Planner(ts, program, eligible.map((f) => f.path));
  planner.plan();
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

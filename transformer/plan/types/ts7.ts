/**
 * The TypeScript 7 type adapter: answers the planner's type questions (types/adapter.ts) from
 * TypeScript 7's checker, which runs in the Go compiler's process and is reached over IPC
 * (`typescript/unstable/sync` in 7.0, `typescript/sync` in 7.1). Every checker call is a round
 * trip (~0.1 ms and up), so answers are cached per declaration, symbol, type and signature id,
 * and nothing is asked twice.
 *
 * The planner walks a classic syntax tree parsed from the same text (transformer/README.md, "TypeScript
 * 7"); the checker only takes its own nodes, so each node asked about is found in TypeScript 7's
 * tree of the same file by its offsets (`pos`, `end`: both parsers scan the same text) and kind.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type * as TS from 'typescript';
import { declarationOrigin, isNodeTestDeclarationFile, type BindingSignal, type Callee, type OptionsSignal, type SignalParameter, type TypeAdapter } from './adapter';

// The part of TypeScript 7's sync API (7.0: `typescript/unstable/sync`, 7.1: `typescript/sync`)
// this adapter uses, written here because leash does not depend on TypeScript 7's own type
// declarations.

/** A syntax node of TypeScript 7's tree. */
export interface Ts7Node {
  readonly kind: number;
  readonly pos: number;
  readonly end: number;
  readonly parent: Ts7Node | undefined;
  forEachChild<T>(visitor: (node: Ts7Node) => T): T | undefined;
  readonly [property: string]: unknown;
}

export interface Ts7SourceFile extends Ts7Node {
  readonly fileName: string;
  readonly isDeclarationFile: boolean;
}

/** Where a declaration is: its file and its index in that file's tree. */
export interface Ts7NodeHandle {
  readonly path: string;
  readonly index: number;
  readonly kind: number;
  resolve(): Ts7Node | undefined;
}

export interface Ts7Symbol {
  readonly id: number;
  readonly name: string;
  readonly flags: number;
  readonly declarations: readonly Ts7NodeHandle[];
  readonly valueDeclaration: Ts7NodeHandle | undefined;
  getExports(): ReadonlyMap<string, Ts7Symbol>;
}

export interface Ts7Type {
  readonly id: number;
  readonly flags: number;
  readonly objectFlags: number;
  getSymbol(): Ts7Symbol | undefined;
  getTypes(): readonly Ts7Type[] | undefined;
}

export interface Ts7Signature {
  readonly id: number;
  readonly declaration?: Ts7NodeHandle | undefined;
  getParameters(): readonly Ts7Symbol[];
  readonly hasRestParameter: boolean;
}

export interface Ts7Checker {
  getSymbolAtLocation(node: Ts7Node): Ts7Symbol | undefined;
  getTypeAtLocation(node: Ts7Node): Ts7Type | undefined;
  getTypeAtLocation(nodes: readonly Ts7Node[]): (Ts7Type | undefined)[];
  isTypeAssignableTo(source: Ts7Type, target: Ts7Type): boolean;
  getTypeOfSymbol(symbol: Ts7Symbol): Ts7Type | undefined;
  getTypeOfSymbol(symbols: readonly Ts7Symbol[]): (Ts7Type | undefined)[];
  getDeclaredTypeOfSymbol(symbol: Ts7Symbol): Ts7Type;
  getResolvedSignature(node: Ts7Node): Ts7Signature | undefined;
  /** 7.1 only: getResolvedSignature's answer for a call it could not resolve (7.0 answers undefined). */
  isUnknownSignature?(signature: Ts7Signature): boolean;
  getReturnTypeOfSignature(signature: Ts7Signature): Ts7Type | undefined;
  getSignaturesOfType(type: Ts7Type, kind: number): readonly Ts7Signature[];
  resolveName(name: string, meaning: number, location?: Ts7Node, excludeGlobals?: boolean): Ts7Symbol | undefined;
  getBaseTypes(type: Ts7Type): readonly Ts7Type[];
  getBaseConstraintOfType(type: Ts7Type): Ts7Type | undefined;
  getApparentType(type: Ts7Type): Ts7Type | undefined;
  getNonNullableType(type: Ts7Type): Ts7Type | undefined;
  getPropertyOfType(type: Ts7Type, name: string): Ts7Symbol | undefined;
}

export interface Ts7Diagnostic {
  readonly fileName?: string | undefined;
  readonly pos: number;
  readonly end: number;
  readonly code: number;
  readonly category: number;
  readonly text: string;
}

export interface Ts7Program {
  getSourceFile(fileName: string): Ts7SourceFile | undefined;
  getSourceFileNames(): readonly string[];
  getSemanticDiagnostics(fileName?: string): readonly Ts7Diagnostic[];
}

export interface Ts7Project {
  readonly configFileName: string;
  /** 7.0 */
  readonly compilerOptions?: Readonly<Record<string, unknown>>;
  /** 7.1 */
  readonly parsedCommandLine?: { readonly options?: Readonly<Record<string, unknown>> };
  readonly program: Ts7Program;
  readonly checker: Ts7Checker;
}

/** The enums this adapter reads, as TypeScript 7 numbers them (they differ from TypeScript 6's). */
export interface Ts7Enums {
  readonly SyntaxKind: Readonly<Record<string, number | string>>;
  readonly SymbolFlags: Readonly<Record<string, number>>;
  readonly TypeFlags: Readonly<Record<string, number>>;
  readonly ObjectFlags: Readonly<Record<string, number>>;
  readonly SignatureKind: Readonly<Record<string, number>>;
}

export interface Ts7TypesOptions {
  /** The classic TypeScript whose syntax tree the planner walks (its SyntaxKind names the kinds). */
  readonly ts: typeof TS;
  readonly project: Ts7Project;
  readonly enums: Ts7Enums;
  /** The declaration's file is leash's runtime (util/runtime-file.ts). */
  readonly isRuntimeFile: (fileName: string) => boolean;
}

export function createTs7Types({ ts, project, enums, isRuntimeFile }: Ts7TypesOptions): TypeAdapter {
  const { checker, program } = project;
  const F = enums.TypeFlags as Record<string, number>;
  const O = enums.ObjectFlags as Record<string, number>;
  const S = enums.SymbolFlags as Record<string, number>;
  const flag = (table: Record<string, number>, name: string): number => table[name] ?? 0;
  const nullish = flag(F, 'Undefined') | flag(F, 'Null') | flag(F, 'Void');
  /** Without `strictNullChecks` no type says a value may be missing, so every binding may be (classic.ts). */
  const options = project.compilerOptions ?? project.parsedCommandLine?.options ?? {};
  const nullsTyped = (options['strictNullChecks'] ?? options['strict']) === true;
  const mayBeMissing = (type: Ts7Type): boolean => !nullsTyped || mayBeNullish(type);
  const notObject =
    flag(F, 'Any') | flag(F, 'Unknown') | flag(F, 'Never') | flag(F, 'StringLike') | flag(F, 'NumberLike') | flag(F, 'BigIntLike') | flag(F, 'BooleanLike') | flag(F, 'ESSymbolLike') | flag(F, 'EnumLike') | flag(F, 'NonPrimitive');
  const valueMeaning = flag(S, 'Value');
  const callKind = enums.SignatureKind['Call'] ?? 0;

  // --- nodes: from the planner's classic tree to TypeScript 7's tree of the same text ---
  const files = new Map<string, Ts7SourceFile | null>();
  const nodes = new WeakMap<TS.Node, Ts7Node | null>();

  function fileOf(fileName: string): Ts7SourceFile | undefined {
    let file = files.get(fileName);
    if (file === undefined) files.set(fileName, (file = program.getSourceFile(fileName) ?? null));
    return file ?? undefined;
  }

  /**
   * The TypeScript 7 node with the same offsets: walking down from the file through the child
   * that holds them, the first with the same kind name, else the innermost with the same offsets.
   */
  function nodeOf(node: TS.Node): Ts7Node | undefined {
    let found = nodes.get(node);
    if (found !== undefined) return found ?? undefined;
    const kindName = ts.SyntaxKind[node.kind];
    const { pos, end } = node;
    let innermost: Ts7Node | undefined;
    let current: Ts7Node | undefined = fileOf(node.getSourceFile().fileName);
    while (current !== undefined) {
      if (current.pos === pos && current.end === end) {
        innermost = current;
        if (enums.SyntaxKind[current.kind] === kindName) break;
      }
      current = current.forEachChild((child) => (child.pos <= pos && end <= child.end ? child : undefined));
    }
    found = current ?? innermost ?? null;
    nodes.set(node, found);
    return found ?? undefined;
  }

  // --- checker questions, each cached ---
  const isUnknown = (signature: Ts7Signature): boolean => checker.isUnknownSignature?.(signature) === true; // local after its first call
  const signatures = new WeakMap<TS.CallExpression | TS.NewExpression, Ts7Signature | null>();
  function signatureOf(call: TS.CallExpression | TS.NewExpression): Ts7Signature | undefined {
    let signature = signatures.get(call);
    if (signature === undefined) {
      const node = nodeOf(call);
      const resolved = node !== undefined ? checker.getResolvedSignature(node) : undefined;
      signatures.set(call, (signature = resolved !== undefined && !isUnknown(resolved) ? resolved : null));
    }
    return signature ?? undefined;
  }

  const typesAt = new WeakMap<TS.Node, Ts7Type | null>();
  function typeAt(node: TS.Node): Ts7Type | undefined {
    let type = typesAt.get(node);
    if (type === undefined) {
      const found = nodeOf(node);
      typesAt.set(node, (type = (found !== undefined ? checker.getTypeAtLocation(found) : undefined) ?? null));
    }
    return type ?? undefined;
  }

  /** Types of several nodes in one round trip (the ones not asked before). */
  function typesAtAll(nodesAsked: readonly TS.Node[]): (Ts7Type | undefined)[] {
    const missing = nodesAsked.filter((node) => !typesAt.has(node));
    const found = missing.map((node) => nodeOf(node));
    const present = found.filter((node): node is Ts7Node => node !== undefined);
    const answers = present.length === 0 ? [] : checker.getTypeAtLocation(present);
    let next = 0;
    missing.forEach((node, index) => typesAt.set(node, found[index] === undefined ? null : (answers[next++] ?? null)));
    return nodesAsked.map((node) => typesAt.get(node) ?? undefined);
  }

  const symbolsAt = new WeakMap<TS.Node, Ts7Symbol | null>();
  function symbolAt(node: TS.Node): Ts7Symbol | undefined {
    let symbol = symbolsAt.get(node);
    if (symbol === undefined) {
      const found = nodeOf(node);
      symbolsAt.set(node, (symbol = (found !== undefined ? checker.getSymbolAtLocation(found) : undefined) ?? null));
    }
    return symbol ?? undefined;
  }

  function memo<A, V, K = A>(compute: (arg: A) => V, keyOf: (arg: A) => K = (arg) => arg as unknown as K): (arg: A) => V {
    const cache = new Map<K, V>();
    return (arg) => {
      const key = keyOf(arg);
      if (cache.has(key)) return cache.get(key) as V;
      const value = compute(arg);
      cache.set(key, value);
      return value;
    };
  }

  // Symbols and types are keyed by id: the client hands out one object per id, but ids are what the server promises.
  const symbolTypes = new Map<number, Ts7Type | undefined>();
  function typeOfSymbol(symbol: Ts7Symbol): Ts7Type | undefined {
    if (!symbolTypes.has(symbol.id)) symbolTypes.set(symbol.id, checker.getTypeOfSymbol(symbol));
    return symbolTypes.get(symbol.id);
  }
  /** The types of several symbols (a signature's parameters) in one round trip, for the ones not asked before. */
  function typesOfSymbols(symbols: readonly Ts7Symbol[]): void {
    const missing = [...new Map(symbols.filter((symbol) => !symbolTypes.has(symbol.id)).map((symbol) => [symbol.id, symbol])).values()];
    if (missing.length < 2) return;
    const answers = checker.getTypeOfSymbol(missing);
    missing.forEach((symbol, index) => symbolTypes.set(symbol.id, answers[index]));
  }
  const properties = new Map<number, Map<string, Ts7Symbol | undefined>>();
  function property(type: Ts7Type, name: string): Ts7Symbol | undefined {
    let byName = properties.get(type.id);
    if (byName === undefined) properties.set(type.id, (byName = new Map()));
    if (!byName.has(name)) byName.set(name, checker.getPropertyOfType(type, name));
    return byName.get(name);
  }
  const byId = (type: Ts7Type): number => type.id;
  const nonNullable = memo((type: Ts7Type) => checker.getNonNullableType(type) ?? type, byId);
  const apparent = memo((type: Ts7Type) => checker.getApparentType(type) ?? type, byId);
  const callSignatures = memo((type: Ts7Type) => checker.getSignaturesOfType(type, callKind), byId);
  const baseConstraint = memo((type: Ts7Type) => checker.getBaseConstraintOfType(type), byId);
  const returnType = memo((signature: Ts7Signature) => checker.getReturnTypeOfSignature(signature), (signature) => signature.id);
  // A type's members, symbol and a signature's parameters are a round trip each time the client is asked (it keeps no copy).
  const membersOf = memo((type: Ts7Type) => type.getTypes(), byId);
  const symbolOf = memo((type: Ts7Type) => type.getSymbol(), byId);
  const parametersOf = memo((signature: Ts7Signature): readonly Ts7Symbol[] => signature.getParameters(), (signature) => signature.id);
  const assignable = new Map<string, boolean>();
  function isAssignable(source: Ts7Type, target: Ts7Type): boolean {
    const key = `${source.id}:${target.id}`;
    let known = assignable.get(key);
    if (known === undefined) assignable.set(key, (known = checker.isTypeAssignableTo(source, target)));
    return known;
  }
  const parts = (type: Ts7Type): readonly Ts7Type[] => ((type.flags & flag(F, 'Union')) !== 0 ? (membersOf(type) ?? [type]) : [type]);
  const nonNullishParts = (type: Ts7Type): Ts7Type[] => parts(type).filter((part) => (part.flags & nullish) === 0);
  const mayBeNullish = (type: Ts7Type): boolean => parts(type).some((part) => (part.flags & nullish) !== 0);
  const isObjectLike = (type: Ts7Type): boolean => {
    const rest = nonNullishParts(type);
    return rest.length > 0 && rest.every((part) => (part.flags & notObject) === 0);
  };

  // --- inheritance from the global AbortSignal / EventTarget and Node's EventEmitter ---
  const baseSymbolsOf = memo(
    (symbol: Ts7Symbol): readonly Ts7Symbol[] => {
      if ((symbol.flags & (flag(S, 'Class') | flag(S, 'Interface'))) === 0) return [];
      const declared = checker.getDeclaredTypeOfSymbol(symbol);
      if ((declared.objectFlags & flag(O, 'ClassOrInterface')) === 0) return [];
      return checker.getBaseTypes(declared).flatMap((base) => baseTypeSymbols(base));
    },
    (symbol) => symbol.id,
  );

  /** The class or interface symbols a base type names (a reference's target, or each part of an intersection). */
  function baseTypeSymbols(type: Ts7Type): Ts7Symbol[] {
    if ((type.flags & flag(F, 'Intersection')) !== 0) return (membersOf(type) ?? []).flatMap(baseTypeSymbols);
    const symbol = symbolOf(type);
    return symbol === undefined ? [] : [symbol];
  }

  /** A global interface plus the same-named interfaces it extends (@types/node's `interface AbortSignal extends _AbortSignal`). */
  function globalTargets(name: string): ReadonlySet<number> {
    const found = new Set<number>();
    const add = (symbol: Ts7Symbol): void => {
      if (found.has(symbol.id)) return;
      found.add(symbol.id);
      for (const base of baseSymbolsOf(symbol)) if (base.name === name) add(base);
    };
    const symbol = checker.resolveName(name, flag(S, 'Type'));
    if (symbol !== undefined) add(symbol);
    return found;
  }

  /** `NodeJS.EventEmitter`: the `events` module's class merges an interface that extends it. */
  function emitterTargets(): ReadonlySet<number> {
    const found = new Set<number>();
    const namespace = checker.resolveName('NodeJS', flag(S, 'Namespace'));
    const emitter = namespace === undefined ? undefined : namespace.getExports().get('EventEmitter');
    if (emitter !== undefined) found.add(emitter.id);
    return found;
  }

  const inheritsCaches = new Map<ReadonlySet<number>, Map<number, boolean>>();
  function symbolInherits(symbol: Ts7Symbol, targets: ReadonlySet<number>, cache: Map<number, boolean>): boolean {
    const known = cache.get(symbol.id);
    if (known !== undefined) return known;
    cache.set(symbol.id, false); // cycles in broken code end here
    const result = targets.has(symbol.id) || baseSymbolsOf(symbol).some((base) => symbolInherits(base, targets, cache));
    cache.set(symbol.id, result);
    return result;
  }

  function typeInherits(type: Ts7Type, targets: ReadonlySet<number>, cache: Map<number, boolean>): boolean {
    if (targets.size === 0) return false;
    if (type.flags & flag(F, 'TypeParameter')) {
      const constraint = baseConstraint(type);
      return constraint !== undefined && constraint.id !== type.id && typeInherits(constraint, targets, cache);
    }
    if (type.flags & flag(F, 'Union')) {
      const rest = nonNullishParts(type);
      return rest.length > 0 && rest.every((part) => typeInherits(part, targets, cache));
    }
    if (type.flags & flag(F, 'Intersection')) return (membersOf(type) ?? []).some((part) => typeInherits(part, targets, cache));
    if (type.flags & (notObject | nullish)) return false;
    // Instances only: `typeof EventEmitter` (the constructor) carries the class symbol too.
    if ((type.objectFlags & (flag(O, 'ClassOrInterface') | flag(O, 'Reference'))) === 0) return false;
    const symbol = symbolOf(type);
    return symbol !== undefined && symbolInherits(symbol, targets, cache);
  }

  let abortSignal: ReadonlySet<number> | undefined;
  let eventTarget: ReadonlySet<number> | undefined;
  let eventEmitter: ReadonlySet<number> | undefined;
  function inherits(type: Ts7Type, targets: ReadonlySet<number>): boolean {
    let cache = inheritsCaches.get(targets);
    if (cache === undefined) inheritsCaches.set(targets, (cache = new Map()));
    return typeInherits(type, targets, cache);
  }
  const isAbortSignal = (type: Ts7Type): boolean => inherits(type, (abortSignal ??= globalTargets('AbortSignal')));

  const signalPropertyCache = new Map<number, Ts7Symbol | null>();
  function signalProperty(type: Ts7Type): Ts7Symbol | undefined {
    let found = signalPropertyCache.get(type.id);
    if (found === undefined) {
      const candidate = isObjectLike(type) ? property(nonNullable(type), 'signal') : undefined;
      const candidateType = candidate === undefined ? undefined : typeOfSymbol(candidate);
      found = candidateType !== undefined && isAbortSignal(candidateType) ? (candidate as Ts7Symbol) : null;
      signalPropertyCache.set(type.id, found);
    }
    return found ?? undefined;
  }
  const isOptional = (symbol: Ts7Symbol): boolean => (symbol.flags & flag(S, 'Optional')) !== 0;

  const thenableCache = new Map<number, boolean>();
  function isThenable(type: Ts7Type): boolean {
    const cached = thenableCache.get(type.id);
    if (cached !== undefined) return cached;
    const rest = nonNullishParts(type);
    const result =
      rest.length > 0 &&
      rest.every((part) => {
        if (part.flags & (flag(F, 'Any') | flag(F, 'Unknown') | flag(F, 'Never'))) return false;
        const then = property(apparent(part), 'then');
        const thenType = then === undefined ? undefined : typeOfSymbol(then);
        return thenType !== undefined && callSignatures(nonNullable(thenType)).length > 0;
      });
    thenableCache.set(type.id, result);
    return result;
  }

  // --- declarations: global ones, leash's runtime ---
  const declarationFiles = new Map<string, boolean>();
  const isDeclarationFile = (path: string): boolean => {
    let known = declarationFiles.get(path);
    if (known === undefined) declarationFiles.set(path, (known = /\.d\.[mc]?ts$|\.d\.[^/]*\.ts$/.test(path)));
    return known;
  };
  const globalByName = memo((name: string) => checker.resolveName(name, valueMeaning));
  const handleKey = (handle: Ts7NodeHandle): string => `${handle.path}#${handle.index}`;
  /** The declaration is one of the declarations of the global value of that name, in a declaration file. */
  function isGlobalDeclarationOf(name: string, declaration: Ts7NodeHandle): boolean {
    if (!isDeclarationFile(declaration.path)) return false;
    const key = handleKey(declaration);
    const global = globalByName(name);
    if (global?.declarations.some((handle) => handleKey(handle) === key)) return true;
    const member = globalScopeMember(name);
    return member !== undefined && member.declarations.some((handle) => handleKey(handle) === key);
  }
  /** `name` on the DOM lib's `WindowOrWorkerGlobalScope`: what `window.setTimeout` resolves to. */
  const globalScopeMember = memo((name: string): Ts7Symbol | undefined => {
    const scope = checker.resolveName('WindowOrWorkerGlobalScope', flag(S, 'Type'));
    return scope === undefined ? undefined : property(checker.getDeclaredTypeOfSymbol(scope), name);
  });
  let globalThisSymbol: Ts7Symbol | null | undefined;

  // --- signals ---
  const parameterCache = new Map<number, SignalParameter | null>();
  function signalParameter(signature: Ts7Signature): SignalParameter | undefined {
    const parameters = parametersOf(signature);
    typesOfSymbols(signature.hasRestParameter ? parameters.slice(0, -1) : parameters);
    let optionalFrom = 0;
    for (let index = 0; index < parameters.length; index++) {
      const parameter = parameters[index] as Ts7Symbol;
      if (signature.hasRestParameter && index === parameters.length - 1) return undefined;
      const optional = isOptionalParameter(parameter);
      if (!optional) optionalFrom = index + 1;
      if (isGenericValue(parameter)) continue;
      const type = typeOfSymbol(parameter);
      if (type === undefined) continue;
      const signal = isAbortSignal(type);
      const options = !signal && signalProperty(type) !== undefined && isOptional(signalProperty(type) as Ts7Symbol);
      if (!signal && !options) continue;
      return { index, kind: signal ? 'signal' : 'options', optional, optionalFrom };
    }
    return undefined;
  }

  /**
   * `job: T` or `job?: T | undefined` where `T` is a type parameter of the declaring function
   * (read from the declaration's own tree): a value of the caller's type, never options.
   */
  function isGenericValue(parameter: Ts7Symbol): boolean {
    const declaration = parameter.valueDeclaration?.resolve() as Record<string, any> | undefined;
    const typeNode = declaration?.['type'] as Record<string, any> | undefined;
    if (typeNode === undefined) return false;
    // Type parameters of the declaring function and of the class or interface around it (`Array<T>.includes(searchElement: T)`).
    const names = new Set<string>();
    for (let owner = declaration?.['parent'] as Record<string, any> | undefined, depth = 0; owner !== undefined && depth < 3; owner = owner['parent'], depth++) {
      for (const typeParameter of (owner['typeParameters'] as Array<Record<string, any>> | undefined) ?? []) names.add(String(typeParameter['name']?.['text']));
    }
    if (names.size === 0) return false;
    const parts: Array<Record<string, any>> = enums.SyntaxKind[typeNode['kind']] === 'UnionType' ? [...(typeNode['types'] ?? [])] : [typeNode];
    return parts.some((part) => enums.SyntaxKind[part['kind']] === 'TypeReference' && names.has(String(part['typeName']?.['text'])));
  }

  /** `p?: T` or `p: T = value` (read from the declaration's own tree). */
  function isOptionalParameter(parameter: Ts7Symbol): boolean {
    if (isOptional(parameter)) return true;
    const declaration = parameter.valueDeclaration?.resolve();
    return declaration !== undefined && (declaration['questionToken'] !== undefined || declaration['initializer'] !== undefined);
  }

  // --- callees: where a call's promise comes from ---
  let promise: { readonly id: number | undefined; readonly file: string | undefined } | undefined;
  function globalPromise(): NonNullable<typeof promise> {
    if (promise === undefined) {
      const symbol = checker.resolveName('Promise', flag(S, 'Type'));
      promise = { id: symbol?.id, file: symbol?.declarations[0]?.path };
    }
    return promise;
  }
  /** Every call signature of the callee returns the global `Promise` as declared (classic.ts). */
  function returnsPromise(call: TS.CallExpression): boolean {
    const { id } = globalPromise();
    const type = typeAt(call.expression);
    const signatures = type === undefined ? [] : callSignatures(nonNullable(type));
    return (
      id !== undefined &&
      signatures.length > 0 &&
      signatures.every((signature) => {
        const returned = returnType(signature);
        return returned !== undefined && symbolOf(returned)?.id === id;
      })
    );
  }
  /** A source file of the program, parsed by the planner's TypeScript: the tree a callee's body is read in. */
  const sources = new Map<string, TS.SourceFile | null>();
  function sourceOf(path: string): TS.SourceFile | undefined {
    let file = sources.get(path);
    if (file === undefined) {
      const text = ts.sys.readFile(path);
      sources.set(path, (file = text === undefined ? null : ts.createSourceFile(path, text, ts.ScriptTarget.Latest, true)));
    }
    return file ?? undefined;
  }
  /** The planner's node for a TypeScript 7 declaration: same file, same offsets, same kind. */
  function classicDeclaration(handle: Ts7NodeHandle): TS.SignatureDeclaration | undefined {
    const node = handle.resolve();
    const file = node === undefined ? undefined : sourceOf(handle.path);
    if (node === undefined || file === undefined) return undefined;
    const kindName = enums.SyntaxKind[node.kind];
    const { pos, end } = node;
    let found: TS.Node | undefined;
    const visit = (child: TS.Node): void => {
      if (found !== undefined || child.pos > pos || child.end < end) return;
      if (child.pos === pos && child.end === end && ts.SyntaxKind[child.kind] === kindName) found = child;
      else ts.forEachChild(child, visit);
    };
    ts.forEachChild(file, visit);
    return found !== undefined && ts.isFunctionLike(found) ? found : undefined;
  }
  const callees = new WeakMap<TS.CallExpression, Callee | null>();

  return {
    kind: 'ts7',
    callsGlobal(call) {
      const callee = call.expression;
      const name = ts.isIdentifier(callee) ? callee.text : ts.isPropertyAccessExpression(callee) ? callee.name.text : undefined;
      const declaration = name === undefined ? undefined : signatureOf(call)?.declaration;
      return declaration !== undefined && isGlobalDeclarationOf(name as string, declaration);
    },
    isGlobalObject(expression) {
      const symbol = symbolAt(expression);
      if (symbol === undefined) return false;
      globalThisSymbol ??= globalByName('globalThis') ?? null;
      if (globalThisSymbol !== null && symbol.id === globalThisSymbol.id) return true;
      const global = globalByName(symbol.name);
      return (symbol.flags & flag(S, 'Alias')) === 0 && global?.id === symbol.id && symbol.declarations.length > 0 && symbol.declarations.every((handle) => isDeclarationFile(handle.path));
    },
    isEventTarget(expression) {
      const type = typeAt(expression);
      return type !== undefined && inherits(type, (eventTarget ??= globalTargets('EventTarget')));
    },
    isEventEmitter(expression) {
      const type = typeAt(expression);
      return type !== undefined && inherits(type, (eventEmitter ??= emitterTargets()));
    },
    returnsThenable(call) {
      const signature = signatureOf(call);
      const returned = signature === undefined ? undefined : returnType(signature);
      return returned !== undefined && isThenable(returned);
    },
    callsRuntime(call) {
      const declaration = signatureOf(call)?.declaration;
      return declaration !== undefined && isRuntimeFile(declaration.path);
    },
    runtimeApi(call) {
      const declaration = signatureOf(call)?.declaration;
      if (declaration === undefined || !isRuntimeFile(declaration.path)) return undefined;
      const node = declaration.resolve();
      const name = identifierText(node?.['name']);
      const owner = node?.parent;
      if (name === undefined || owner === undefined || !/^Class(Declaration|Expression)$/.test(String(enums.SyntaxKind[owner.kind]))) return name;
      const className = identifierText(owner['name']);
      return className === undefined ? undefined : `${className}.${name}`;
    },
    callsNodeTest(call) {
      const declaration = signatureOf(call)?.declaration;
      return declaration !== undefined && isNodeTestDeclarationFile(declaration.path);
    },
    signalParameter(call) {
      const signature = signatureOf(call);
      if (signature === undefined || signature.declaration === undefined) return undefined;
      let found = parameterCache.get(signature.id);
      if (found === undefined) parameterCache.set(signature.id, (found = signalParameter(signature) ?? null));
      return found ?? undefined;
    },
    isOverloaded(call) {
      if (ts.isNewExpression(call)) return false; // construct signatures are not asked over IPC; a `new` is treated as not overloaded
      const type = typeAt(call.expression);
      return type !== undefined && callSignatures(type).length > 1;
    },
    carriesSignal(expression) {
      const type = typeAt(expression);
      return type !== undefined && parts(type).some((part) => isAbortSignal(part) || signalProperty(part) !== undefined);
    },
    optionsSignal(expression): OptionsSignal {
      const type = typeAt(expression);
      if (type === undefined) return 'unknown';
      if (!isObjectLike(type) && (type.flags & (flag(F, 'Undefined') | flag(F, 'Null'))) === 0) return 'unknown';
      const signal = signalProperty(type);
      return signal !== undefined && !isOptional(signal) ? 'required' : 'optional';
    },
    bindingSignal(binding): BindingSignal | undefined {
      // A function's parameters are asked about in turn (the first that provides a signal wins): one round trip for all their names.
      const parameter = binding.parent;
      if (ts.isParameter(parameter) && parameter.name === binding && !typesAt.has(binding)) {
        typesAtAll(parameter.parent.parameters.map((each) => each.name).filter((name): name is TS.Identifier => ts.isIdentifier(name)));
      }
      const type = typeAt(binding);
      if (type === undefined) return undefined;
      if (isAbortSignal(type)) return { kind: 'signal' };
      if (signalProperty(type) === undefined) return undefined;
      return { kind: 'options', mayBeMissing: mayBeMissing(type) };
    },
    resolvesTo(binding, location) {
      const declared = symbolAt(binding);
      const at = nodeOf(location);
      if (declared === undefined || at === undefined) return false;
      return checker.resolveName(binding.text, valueMeaning, at, false)?.id === declared.id;
    },
    acceptsArguments(call) {
      const signature = signatureOf(call);
      if (signature === undefined) return false;
      const parameters = parametersOf(signature);
      const fixed = signature.hasRestParameter ? parameters.length - 1 : parameters.length;
      const args = call.arguments ?? [];
      if (parameters.slice(0, fixed).some((parameter, index) => index >= args.length && !isOptionalParameter(parameter))) return false;
      if (args.length > fixed && !signature.hasRestParameter) return false;
      const checked = args.slice(0, fixed);
      const argTypes = typesAtAll(checked);
      typesOfSymbols(parameters.slice(0, checked.length));
      const parameterTypes = checked.map((_, index) => typeOfSymbol(parameters[index] as Ts7Symbol));
      return checked.every((_, index) => {
        const source = argTypes[index];
        const target = parameterTypes[index];
        return source !== undefined && target !== undefined && isAssignable(source, target);
      });
    },
    callee(call): Callee | undefined {
      let found = callees.get(call);
      if (found === undefined) {
        const handle = signatureOf(call)?.declaration;
        if (handle === undefined) found = null;
        else if (isDeclarationFile(handle.path)) {
          const origin = declarationOrigin(handle.path, globalPromise().file);
          found = { origin, returnsPromise: origin !== 'package' && returnsPromise(call) };
        } else {
          const declaration = classicDeclaration(handle);
          found = declaration === undefined ? null : { origin: 'source', declaration };
        }
        callees.set(call, found);
      }
      return found ?? undefined;
    },
  };

}

/** The text of a TypeScript 7 identifier node (a declaration's `name`), or undefined for any other node. */
function identifierText(node: unknown): string | undefined {
  const text = (node as { text?: unknown } | undefined)?.text;
  return typeof text === 'string' ? text : undefined;
}

/** An open TypeScript 7 API session on one tsconfig: its project, the enums, and `close()` (ends the compiler process). */
export interface Ts7Session {
  readonly version: string;
  readonly project: Ts7Project;
  readonly enums: Ts7Enums;
  /** Opened with `timing`: what the round trips so far cost, as the client measured them; else undefined. */
  ipcTiming(): IpcTiming | undefined;
  close(): void;
}

/**
 * The round trips to TypeScript 7's process and where their time went: the checker's own work
 * (`serverMs`, as the server measured it) and everything else (`transportMs`: the pipe, encoding,
 * and waiting for the other process to be scheduled).
 */
export interface IpcTiming {
  readonly requests: number;
  readonly roundTripMs: number;
  readonly serverMs: number;
  readonly transportMs: number;
}

/** Adds two timings (a watch build reopens its session after a change). */
export function addIpcTiming(a: IpcTiming | undefined, b: IpcTiming | undefined): IpcTiming | undefined {
  if (a === undefined || b === undefined) return a ?? b;
  return { requests: a.requests + b.requests, roundTripMs: a.roundTripMs + b.roundTripMs, serverMs: a.serverMs + b.serverMs, transportMs: a.transportMs + b.transportMs };
}

/** One line for `LEASH_STATS=1`: `TypeScript 7 over IPC: 60102 round trips, 15066 ms (checker 4615 ms, transport 10450 ms)`. */
export function formatIpcTiming(timing: IpcTiming): string {
  const ms = (value: number): string => `${Math.round(value)} ms`;
  return `TypeScript 7 over IPC: ${timing.requests} round trips, ${ms(timing.roundTripMs)} (checker ${ms(timing.serverMs)}, transport ${ms(timing.transportMs)})`;
}

/** `new API({ cwd })` from `typescript/unstable/sync` (7.0) or `typescript/sync` (7.1): the calls leash makes on it. */
interface Ts7Client {
  /** 7.0: opens the project into the next snapshot. */
  updateSnapshot?(params: { openProject: string }): { getProjects(): readonly Ts7Project[]; getProject(configFileName: string): Ts7Project | undefined };
  /** 7.1: a snapshot with the projects opened (its `updateSnapshot` is private and takes other parameters). */
  createSnapshot?(params: { openProjects: readonly string[] }): { getProjects(): readonly Ts7Project[]; getConfiguredProject(configFileName: string): Ts7Project | undefined };
  /** With `collectTiming`: the client's round-trip times folded with the server's own (7.0 and 7.1). */
  getTimingInfo?(): { readonly enabled: boolean; readonly totals: { readonly requestCount: number; readonly roundTripMs: number; readonly serverTimeMs: number; readonly transportOverheadMs: number } };
  close(): void;
}

interface Ts7ApiModule {
  readonly API: new (options: { cwd?: string; collectTiming?: boolean }) => Ts7Client;
  readonly SymbolFlags: Ts7Enums['SymbolFlags'];
  readonly TypeFlags: Ts7Enums['TypeFlags'];
  readonly ObjectFlags: Ts7Enums['ObjectFlags'];
  readonly SignatureKind: Ts7Enums['SignatureKind'];
}

/**
 * The TypeScript 7 releases leash reads, and where each keeps its synchronous API: 7.0 ships it as
 * `typescript/unstable/sync`, 7.1 as `typescript/sync` (both the file dist/api/sync/api.js). The
 * checker, program, symbol, type and signature calls the adapter makes are the same in both; what
 * differs is how a project is opened (`openProject`) and that 7.1's getResolvedSignature answers an
 * unresolved call with the checker's unknown signature instead of undefined (`isUnknownSignature`).
 */
const SUPPORTED_TS7 = /^7\.[01]\./;

/** The project for `configFile` in a new snapshot, as this release opens one. */
function openProject(client: Ts7Client, configFile: string): Ts7Project | undefined {
  if (client.createSnapshot !== undefined) {
    const snapshot = client.createSnapshot({ openProjects: [configFile] });
    return snapshot.getConfiguredProject(configFile) ?? snapshot.getProjects()[0];
  }
  const snapshot = client.updateSnapshot?.({ openProject: configFile });
  return snapshot === undefined ? undefined : (snapshot.getProject(configFile) ?? snapshot.getProjects()[0]);
}

/**
 * The major version of the `typescript` package that `from` (a folder) resolves, with its folder;
 * undefined when there is none.
 */
export function findTypeScript(from: string): { version: string; major: number; dir: string } | undefined {
  let manifest: string;
  try {
    manifest = require.resolve('typescript/package.json', { paths: [from] });
  } catch {
    return undefined;
  }
  const version = (JSON.parse(readFileSync(manifest, 'utf8')) as { version: string }).version;
  return { version, major: Number(version.split('.')[0]), dir: manifest.slice(0, -'/package.json'.length) };
}

/**
 * Opens `configFile` with TypeScript 7's API from the `typescript` package in `typescriptDir`
 * (`typescript/unstable/sync` in 7.0, `typescript/sync` in 7.1). Spawns the compiler's API process;
 * `close()` ends it. With `timing`, the client times each round trip (`ipcTiming`).
 *
 * Synchronous, as the API itself is: its modules are ES modules, loaded with `require` (Node
 * 20.19+ and 22.12+ load ES modules without top-level await that way), so a host that cannot wait
 * (leash/node's module hooks run inside Node's synchronous loader) opens it too.
 */
export function openTs7(typescriptDir: string, configFile: string, cwd: string, { timing = false }: { timing?: boolean } = {}): Ts7Session {
  const version = (JSON.parse(readFileSync(join(typescriptDir, 'package.json'), 'utf8')) as { version: string }).version;
  if (!SUPPORTED_TS7.test(version)) {
    throw new Error(`[leash] TypeScript ${version}: leash reads TypeScript 7's checker through typescript/unstable/sync (7.0) or typescript/sync (7.1); ${version} is neither. Use typescript@7.0 or 7.1 (or 6.0/5.9 with the ts-patch plugin).`);
  }
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- the project's TypeScript 7, found at run time
  const api = require(join(typescriptDir, 'dist/api/sync/api.js')) as Ts7ApiModule;
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- as above
  const ast = require(join(typescriptDir, 'dist/ast/index.js')) as { SyntaxKind: Ts7Enums['SyntaxKind'] };
  const client = new api.API({ cwd, collectTiming: timing });
  try {
    const project = openProject(client, configFile);
    if (project === undefined) throw new Error(`[leash] TypeScript ${version} opened no project for ${configFile}`);
    const enums: Ts7Enums = { SyntaxKind: ast.SyntaxKind, SymbolFlags: api.SymbolFlags, TypeFlags: api.TypeFlags, ObjectFlags: api.ObjectFlags, SignatureKind: api.SignatureKind };
    const ipcTiming = (): IpcTiming | undefined => {
      const info = timing ? client.getTimingInfo?.() : undefined;
      if (info === undefined || !info.enabled) return undefined;
      const { requestCount, roundTripMs, serverTimeMs, transportOverheadMs } = info.totals;
      return { requests: requestCount, roundTripMs, serverMs: serverTimeMs, transportMs: transportOverheadMs };
    };
    return { version, project, enums, ipcTiming, close: () => client.close() };
  } catch (error) {
    client.close();
    throw error;
  }
}

/**
 * A classic TypeScript (6.0 or 5.9) for the syntax tree: `typescript` as leash resolves it, else
 * one installed under the alias `typescript6` (`npm i -D typescript6@npm:typescript@6.0`), for a
 * project whose own `typescript` is 7.
 */
export function classicParser(): typeof TS | undefined {
  for (const name of ['typescript', 'typescript6']) {
    try {
      // eslint-disable-next-line @typescript-eslint/no-require-imports -- optional: only TypeScript 7 projects need it
      const ts = require(name) as typeof TS;
      if (typeof ts.createSourceFile === 'function') return ts;
    } catch {
      // not installed under this name
    }
  }
  return undefined;
}

/** What a TypeScript 7 project without a classic TypeScript beside it is told. */
export function noClassicParser(version: string): string {
  return `TypeScript ${version} has no JavaScript parser API, and leash parses with a classic TypeScript (6.0 or 5.9), which does not resolve from leash; install one beside 7 under an alias: npm i -D typescript6@npm:typescript@~6.0.3`;
}

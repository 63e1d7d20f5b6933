/**
 * The classic type adapter: answers the planner's type questions (types/adapter.ts) from an
 * in-process `ts.TypeChecker` — the ts-patch plugin's program, or a standalone TypeScript 6.0/5.9
 * `Program` in `leash build`. Matches are decided from declarations rather than names: is this the
 * global `setTimeout`, does this type inherit from `EventTarget` / Node's `EventEmitter` /
 * `AbortSignal`, is it thenable. Resolved once per program and cached per symbol, type or signature.
 */
import type * as TS from 'typescript';
import { createPlanEnv, type PlanEnv } from '../planner';
import { declarationOrigin, isNodeTestDeclarationFile, type BindingSignal, type Callee, type OptionsSignal, type SignalParameter, type TypeAdapter } from './adapter';

interface KnownTypes {
  /** `type` (each non-nullish member of a union) is or extends the global `AbortSignal`. */
  isAbortSignal(type: TS.Type): boolean;
  /** `type` is or extends the global `EventTarget` (AbortSignal included). */
  isEventTarget(type: TS.Type): boolean;
  /** `type` is or extends Node's `EventEmitter` (class from `events`, or `NodeJS.EventEmitter`). */
  isEventEmitter(type: TS.Type): boolean;
  /** `type` has a callable `then` (each non-nullish member of a union; `any` is not). */
  isThenable(type: TS.Type): boolean;
  /** `type` is, or is a union with, `undefined`, `null` or `void`. */
  mayBeNullish(type: TS.Type): boolean;
  /** An object type (no primitive, `any` or `unknown` member besides null/undefined). */
  isObjectLike(type: TS.Type): boolean;
  /** The `signal` property of an object-like type when its type is an AbortSignal. */
  signalProperty(type: TS.Type): TS.Symbol | undefined;
  /** Every declaration of `symbol` is a global one from a declaration file (not a local, not an import). */
  isGlobalValue(symbol: TS.Symbol): boolean;
  /** `declaration` is in the global scope of a declaration file (the lib, `declare global`). */
  isGlobalDeclaration(declaration: TS.Declaration): boolean;
  /** `symbol` is the built-in `globalThis`. */
  isGlobalThis(symbol: TS.Symbol): boolean;
}

function createKnownTypes(ts: typeof TS, checker: TS.TypeChecker): KnownTypes {
  const F = ts.TypeFlags;
  const nullish = F.Undefined | F.Null | F.Void;
  const notObject = F.Any | F.Unknown | F.Never | F.StringLike | F.NumberLike | F.BigIntLike | F.BooleanLike | F.ESSymbolLike | F.EnumLike | F.NonPrimitive;

  let abortSignal: ReadonlySet<TS.Symbol> | undefined;
  let eventTarget: ReadonlySet<TS.Symbol> | undefined;
  let eventEmitter: ReadonlySet<TS.Symbol> | undefined;
  const inheritsCache = new Map<ReadonlySet<TS.Symbol>, Map<TS.Symbol, boolean>>();
  const thenableCache = new Map<TS.Type, boolean>();
  const signalPropertyCache = new Map<TS.Type, TS.Symbol | null>();
  const globalCache = new Map<TS.Symbol, boolean>();
  const globalDeclarationCache = new Map<TS.Declaration, boolean>();

  function nonNullishParts(type: TS.Type): TS.Type[] {
    const parts = type.isUnion() ? type.types : [type];
    return parts.filter((part) => (part.flags & nullish) === 0);
  }

  /**
   * A global interface plus the same-named interfaces it extends: @types/node declares
   * `interface AbortSignal extends _AbortSignal {}` globally, where `_AbortSignal` is a module-local
   * `AbortSignal` that in turn extends a module-local `EventTarget`.
   */
  function globalTargets(name: string): ReadonlySet<TS.Symbol> {
    const found = new Set<TS.Symbol>();
    const symbol = checker.resolveName(name, undefined, ts.SymbolFlags.Type, false);
    if (symbol !== undefined) addWithSameNamedBases(symbol, name, found);
    return found;
  }

  function addWithSameNamedBases(symbol: TS.Symbol, name: string, into: Set<TS.Symbol>): void {
    if (into.has(symbol)) return;
    into.add(symbol);
    if ((symbol.flags & (ts.SymbolFlags.Class | ts.SymbolFlags.Interface)) === 0) return;
    const declared = checker.getDeclaredTypeOfSymbol(symbol);
    if (!isClassOrInterface(declared)) return;
    for (const base of checker.getBaseTypes(declared)) {
      const baseSymbol = base.getSymbol();
      if (baseSymbol !== undefined && baseSymbol.getName() === name) addWithSameNamedBases(baseSymbol, name, into);
    }
  }

  function emitterTargets(): ReadonlySet<TS.Symbol> {
    const found = new Set<TS.Symbol>();
    for (const module of checker.getAmbientModules()) {
      const name = module.getName();
      if (name !== '"events"' && name !== '"node:events"') continue;
      const exportEquals = module.exports?.get(ts.InternalSymbolName.ExportEquals);
      if (exportEquals !== undefined) found.add(exportEquals.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(exportEquals) : exportEquals);
      const member = checker.tryGetMemberInModuleExports('EventEmitter', module);
      if (member !== undefined) found.add(member.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(member) : member);
    }
    const nodeNamespace = checker.resolveName('NodeJS', undefined, ts.SymbolFlags.Namespace, false);
    const nodeEmitter = nodeNamespace?.exports?.get(ts.escapeLeadingUnderscores('EventEmitter'));
    if (nodeEmitter !== undefined) found.add(nodeEmitter);
    return found;
  }

  function isClassOrInterface(type: TS.Type): type is TS.InterfaceType {
    return (type.flags & F.Object) !== 0 && ((type as TS.ObjectType).objectFlags & ts.ObjectFlags.ClassOrInterface) !== 0;
  }

  function symbolInherits(symbol: TS.Symbol, targets: ReadonlySet<TS.Symbol>, cache: Map<TS.Symbol, boolean>): boolean {
    const known = cache.get(symbol);
    if (known !== undefined) return known;
    cache.set(symbol, false); // cycles in broken code end here
    let result = targets.has(symbol);
    if (!result && (symbol.flags & (ts.SymbolFlags.Class | ts.SymbolFlags.Interface)) !== 0) {
      const declared = checker.getDeclaredTypeOfSymbol(symbol);
      if (isClassOrInterface(declared)) {
        result = checker.getBaseTypes(declared).some((base) => typeInherits(base, targets, cache));
      }
    }
    cache.set(symbol, result);
    return result;
  }

  function typeInherits(type: TS.Type, targets: ReadonlySet<TS.Symbol>, cache: Map<TS.Symbol, boolean>): boolean {
    if (targets.size === 0) return false;
    if (type.flags & F.TypeParameter) {
      const constraint = checker.getBaseConstraintOfType(type);
      return constraint !== undefined && constraint !== type && typeInherits(constraint, targets, cache);
    }
    if (type.isUnion()) {
      const parts = nonNullishParts(type);
      return parts.length > 0 && parts.every((part) => typeInherits(part, targets, cache));
    }
    if (type.isIntersection()) return type.types.some((part) => typeInherits(part, targets, cache));
    if (type.flags & (notObject | nullish)) return false;
    // Instances only: `typeof EventEmitter` (the constructor) carries the class symbol too.
    if (((type as TS.ObjectType).objectFlags & (ts.ObjectFlags.ClassOrInterface | ts.ObjectFlags.Reference)) === 0) return false;
    const symbol = type.getSymbol();
    return symbol !== undefined && symbolInherits(symbol, targets, cache);
  }

  function inherits(type: TS.Type, targets: ReadonlySet<TS.Symbol>): boolean {
    let cache = inheritsCache.get(targets);
    if (cache === undefined) inheritsCache.set(targets, (cache = new Map()));
    return typeInherits(type, targets, cache);
  }

  function isGlobalDeclaration(declaration: TS.Declaration): boolean {
    let insideGlobal = false;
    for (let node: TS.Node = declaration.parent; node !== undefined; node = node.parent) {
      if (ts.isSourceFile(node)) return node.isDeclarationFile && (insideGlobal || !ts.isExternalModule(node));
      if (ts.isModuleDeclaration(node)) {
        if (node.flags & ts.NodeFlags.GlobalAugmentation) insideGlobal = true;
        else if (!insideGlobal) return false;
      } else if (!ts.isModuleBlock(node) && !ts.isVariableDeclarationList(node) && !ts.isVariableStatement(node)) {
        return false;
      }
    }
    return false;
  }

  let globalThisSymbol: TS.Symbol | null | undefined;

  const known: KnownTypes = {
    isAbortSignal: (type) => inherits(type, (abortSignal ??= globalTargets('AbortSignal'))),
    isEventTarget: (type) => inherits(type, (eventTarget ??= globalTargets('EventTarget'))),
    isEventEmitter: (type) => inherits(type, (eventEmitter ??= emitterTargets())),
    isThenable(type) {
      const cached = thenableCache.get(type);
      if (cached !== undefined) return cached;
      const parts = nonNullishParts(type);
      const result =
        parts.length > 0 &&
        parts.every((part) => {
          if (part.flags & (F.Any | F.Unknown | F.Never)) return false;
          const then = checker.getPropertyOfType(checker.getApparentType(part), 'then');
          if (then === undefined) return false;
          return checker.getNonNullableType(checker.getTypeOfSymbol(then)).getCallSignatures().length > 0;
        });
      thenableCache.set(type, result);
      return result;
    },
    mayBeNullish(type) {
      const parts = type.isUnion() ? type.types : [type];
      return parts.some((part) => (part.flags & nullish) !== 0);
    },
    isObjectLike(type) {
      const parts = nonNullishParts(type);
      return parts.length > 0 && parts.every((part) => (part.flags & notObject) === 0);
    },
    signalProperty(type) {
      let found = signalPropertyCache.get(type);
      if (found === undefined) {
        const property = known.isObjectLike(type) ? checker.getPropertyOfType(checker.getNonNullableType(type), 'signal') : undefined;
        found = property !== undefined && known.isAbortSignal(checker.getTypeOfSymbol(property)) ? property : null;
        signalPropertyCache.set(type, found);
      }
      return found ?? undefined;
    },
    isGlobalValue(symbol) {
      const cached = globalCache.get(symbol);
      if (cached !== undefined) return cached;
      const declarations = symbol.getDeclarations() ?? [];
      const result = (symbol.flags & ts.SymbolFlags.Alias) === 0 && declarations.length > 0 && declarations.every(isGlobalDeclaration);
      globalCache.set(symbol, result);
      return result;
    },
    isGlobalDeclaration(declaration) {
      let result = globalDeclarationCache.get(declaration);
      if (result === undefined) globalDeclarationCache.set(declaration, (result = isGlobalDeclaration(declaration)));
      return result;
    },
    isGlobalThis(symbol) {
      globalThisSymbol ??= checker.resolveName('globalThis', undefined, ts.SymbolFlags.Value, false) ?? null;
      return symbol === globalThisSymbol;
    },
  };
  return known;
}

export interface ClassicTypesOptions {
  readonly ts: typeof TS;
  readonly checker: TS.TypeChecker;
  /** The declaration's file is leash's runtime (util/runtime-file.ts). */
  readonly isRuntimeFile: (fileName: string) => boolean;
}

export function createClassicTypes({ ts, checker, isRuntimeFile }: ClassicTypesOptions): TypeAdapter {
  const types = createKnownTypes(ts, checker);
  /** Per signature (shared by every call of the same declaration or instantiation). */
  const parameterCache = new WeakMap<TS.Signature, SignalParameter | null>();
  /**
   * Without `strictNullChecks` no type includes undefined or null, so a type cannot say a value
   * may be missing: every binding then may be. (The checker adds `undefined` to a type only
   * when the option is on.)
   */
  const nullsTyped = checker.getNullableType(checker.getStringType(), ts.TypeFlags.Undefined) !== checker.getStringType();
  const mayBeMissing = (type: TS.Type): boolean => !nullsTyped || types.mayBeNullish(type);

  /** The checker caches each call's resolved signature, so asking again per question costs a lookup. */
  const signatureOf = (call: TS.CallExpression | TS.NewExpression): TS.Signature | undefined => checker.getResolvedSignature(call);

  function signalParameter(signature: TS.Signature): SignalParameter | undefined {
    const parameters = signature.getParameters();
    let optionalFrom = 0;
    for (let index = 0; index < parameters.length; index++) {
      const parameter = parameters[index] as TS.Symbol;
      const declaration = parameter.valueDeclaration;
      const declared = declaration !== undefined && ts.isParameter(declaration) ? declaration : undefined;
      if (declared?.dotDotDotToken !== undefined) return undefined;
      const optional = declared !== undefined && checker.isOptionalParameter(declared);
      if (!optional) optionalFrom = index + 1;
      if (declared !== undefined && isGenericValue(declared)) continue;
      const type = checker.getTypeOfSymbol(parameter);
      if (types.isAbortSignal(type)) return { index, kind: 'signal', optional, optionalFrom };
      const property = types.signalProperty(type);
      if (property !== undefined && (property.flags & ts.SymbolFlags.Optional) !== 0) return { index, kind: 'options', optional, optionalFrom };
    }
    return undefined;
  }

  /** The parameter is declared with a type parameter (`job: T`, `job?: T | undefined`): a value of the caller's type. */
  function isGenericValue(declared: TS.ParameterDeclaration): boolean {
    if (declared.type === undefined) return false;
    const type = checker.getTypeFromTypeNode(declared.type);
    const parts = type.isUnion() ? type.types : [type];
    return parts.some((part) => (part.flags & ts.TypeFlags.TypeParameter) !== 0);
  }

  /** A method of the DOM lib's `WindowOrWorkerGlobalScope`: what `window.setTimeout` resolves to. */
  let globalScope: TS.Type | null | undefined;
  function isGlobalScopeMember(declaration: TS.Declaration): boolean {
    if (!declaration.getSourceFile().isDeclarationFile || !ts.isMethodSignature(declaration) || !ts.isIdentifier(declaration.name)) return false;
    if (globalScope === undefined) {
      const symbol = checker.resolveName('WindowOrWorkerGlobalScope', undefined, ts.SymbolFlags.Type, false);
      globalScope = symbol === undefined ? null : checker.getDeclaredTypeOfSymbol(symbol);
    }
    return globalScope !== null && (checker.getPropertyOfType(globalScope, declaration.name.text)?.declarations?.includes(declaration) ?? false);
  }

  /** The global `Promise` (interface and value share one symbol), and the default library's file that declares it. */
  let promise: { readonly symbol: TS.Symbol | undefined; readonly file: string | undefined } | undefined;
  function globalPromise(): NonNullable<typeof promise> {
    if (promise === undefined) {
      const symbol = checker.resolveName('Promise', undefined, ts.SymbolFlags.Type, false);
      promise = { symbol, file: symbol?.declarations?.[0]?.getSourceFile().fileName };
    }
    return promise;
  }

  /** Every call signature of the callee returns the global `Promise` as declared (not a type parameter filled with one). */
  function returnsPromise(call: TS.CallExpression): boolean {
    const { symbol } = globalPromise();
    const signatures = checker.getNonNullableType(checker.getTypeAtLocation(call.expression)).getCallSignatures();
    return symbol !== undefined && signatures.length > 0 && signatures.every((signature) => checker.getReturnTypeOfSignature(signature).getSymbol() === symbol);
  }

  return {
    kind: 'classic',
    callsGlobal(call) {
      const declaration = signatureOf(call)?.declaration;
      return declaration !== undefined && (types.isGlobalDeclaration(declaration) || isGlobalScopeMember(declaration));
    },
    isGlobalObject(expression) {
      const symbol = checker.getSymbolAtLocation(expression);
      return symbol !== undefined && (types.isGlobalValue(symbol) || types.isGlobalThis(symbol));
    },
    isEventTarget: (expression) => types.isEventTarget(checker.getTypeAtLocation(expression)),
    isEventEmitter: (expression) => types.isEventEmitter(checker.getTypeAtLocation(expression)),
    returnsThenable(call) {
      // The resolved signature's return type is cached by the checker; getTypeAtLocation would re-check the call.
      const signature = signatureOf(call);
      return signature !== undefined && types.isThenable(checker.getReturnTypeOfSignature(signature));
    },
    callsRuntime(call) {
      const declaration = signatureOf(call)?.declaration;
      return declaration !== undefined && isRuntimeFile(declaration.getSourceFile().fileName);
    },
    runtimeApi(call) {
      const declaration = signatureOf(call)?.declaration;
      if (declaration === undefined || !isRuntimeFile(declaration.getSourceFile().fileName)) return undefined;
      const named = ts.isJSDocSignature(declaration) ? undefined : declaration.name;
      const name = named !== undefined && ts.isIdentifier(named) ? named.text : undefined;
      const owner = declaration.parent;
      if (name === undefined || !ts.isClassLike(owner)) return name;
      return owner.name === undefined ? undefined : `${owner.name.text}.${name}`;
    },
    callsNodeTest(call) {
      const declaration = signatureOf(call)?.declaration;
      return declaration !== undefined && isNodeTestDeclarationFile(declaration.getSourceFile().fileName);
    },
    signalParameter(call) {
      const signature = signatureOf(call);
      if (signature === undefined || signature.declaration === undefined) return undefined;
      let found = parameterCache.get(signature);
      if (found === undefined) parameterCache.set(signature, (found = signalParameter(signature) ?? null));
      return found ?? undefined;
    },
    isOverloaded(call) {
      const type = checker.getTypeAtLocation(call.expression);
      return (ts.isNewExpression(call) ? type.getConstructSignatures() : type.getCallSignatures()).length > 1;
    },
    carriesSignal(expression) {
      const type = checker.getTypeAtLocation(expression);
      const parts = type.isUnion() ? type.types : [type];
      return parts.some((part) => types.isAbortSignal(part) || types.signalProperty(part) !== undefined);
    },
    optionsSignal(expression): OptionsSignal {
      const type = checker.getTypeAtLocation(expression);
      if (!types.isObjectLike(type) && (type.flags & (ts.TypeFlags.Undefined | ts.TypeFlags.Null)) === 0) return 'unknown';
      const property = types.signalProperty(type);
      return property !== undefined && (property.flags & ts.SymbolFlags.Optional) === 0 ? 'required' : 'optional';
    },
    bindingSignal(binding): BindingSignal | undefined {
      const type = checker.getTypeAtLocation(binding);
      if (types.isAbortSignal(type)) return { kind: 'signal' };
      if (types.signalProperty(type) === undefined) return undefined;
      return { kind: 'options', mayBeMissing: mayBeMissing(type) };
    },
    resolvesTo(binding, location) {
      const declared = checker.getSymbolAtLocation(binding);
      return declared !== undefined && checker.resolveName(binding.text, location, ts.SymbolFlags.Value, false) === declared;
    },
    acceptsArguments(call) {
      const signature = signatureOf(call);
      if (signature === undefined) return false;
      const parameters = signature.getParameters();
      const declarationOf = (parameter: TS.Symbol): TS.ParameterDeclaration | undefined => {
        const declaration = parameter.valueDeclaration;
        return declaration !== undefined && ts.isParameter(declaration) ? declaration : undefined;
      };
      const args = call.arguments ?? [];
      const required = parameters.filter((parameter) => {
        const declared = declarationOf(parameter);
        return declared !== undefined && declared.dotDotDotToken === undefined && !checker.isOptionalParameter(declared);
      }).length;
      if (args.length < required) return false;
      for (let index = 0; index < args.length; index++) {
        const parameter = parameters[index];
        if (parameter === undefined) return false; // more arguments than parameters, and no rest parameter
        if (declarationOf(parameter)?.dotDotDotToken !== undefined) return true; // the rest takes the others
        const arg = args[index] as TS.Expression;
        if (!checker.isTypeAssignableTo(checker.getTypeAtLocation(arg), checker.getTypeOfSymbol(parameter))) return false;
      }
      return true;
    },
    callee(call): Callee | undefined {
      const declaration = signatureOf(call)?.declaration;
      if (declaration === undefined || ts.isJSDocSignature(declaration)) return undefined;
      const file = declaration.getSourceFile();
      if (!file.isDeclarationFile) return { origin: 'source', declaration };
      const origin = declarationOrigin(file.fileName, globalPromise().file);
      return { origin, returnsPromise: origin !== 'package' && returnsPromise(call) };
    },
  };
}

/**
 * The planner's view of a classic Program with its checker, site ids relative to `root`: what
 * the ts-patch plugin, the bundler hosts and `leash build` on TypeScript 6.0/5.9 all build.
 */
export function createClassicPlanEnv(ts: typeof TS, program: TS.Program, root: string): PlanEnv {
  return createPlanEnv({
    ts,
    types: (isRuntimeFile) => createClassicTypes({ ts, checker: program.getTypeChecker(), isRuntimeFile }),
    root,
    readFile: (path) => ts.sys?.readFile(path),
  });
}

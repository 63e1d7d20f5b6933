/**
 * signals: a call whose resolved signature takes an optional `AbortSignal` parameter that got no
 * argument, or an options parameter whose type has an optional `signal?: AbortSignal` that the
 * argument does not set, gets the caller's signal — Go's "pass ctx down":
 * - `f(a)` → `f(a, S)` or `f(a, { signal: S })` when the parameter is the next one;
 * - `f(a, { x })` → `f(a, { x, signal: S })`;
 * - `f(a, opts)` → `f(a, leash.withSignal(opts, S))`, a copy; the caller's object is not touched.
 * S is the enclosing function's own signal: a parameter typed AbortSignal, a destructured
 * `{ signal }`, or `options.signal` of an options parameter (`?? leash.signal()` when it may be
 * undefined), checked with the checker to be the binding the call sees; otherwise `leash.signal()`,
 * the ambient scope's signal.
 *
 * Skips, each with a fixture (message ids in parentheses):
 * - an argument that already carries a signal: a signal itself, or an object with a `signal`
 *   property such as `fetch(request)` (Request has a required `signal`) (`argumentCarriesSignal`);
 * - an explicit `signal` in an object literal or a required one in the argument's type, even
 *   `signal: undefined`: never replaced (`explicitSignal`);
 * - `addEventListener`/`removeEventListener` on anything, `signal.addEventListener('abort')`
 *   included: listeners are bound by the runtime, never by a `{ signal }` option;
 * - spread arguments (`spreadArguments`); a parameter after a gap of omitted optional ones
 *   (`gapBeforeSignal`); an argument whose type may be a primitive or `any` (`unknownArgument`);
 * - overloaded callees whose chosen overload does not accept the arguments (`unresolvedOverload`);
 *   calls with no resolved declaration (`any`-typed callees);
 * - leash's own API, resolved by declaration.
 */
import type * as TS from 'typescript';
import type { SignalIntent, SignalSource } from '../intent';
import { isImportOrSuperCall, propertyNameText, skipParentheses } from '../util/nodes';
import { defineRule, type RuleContext } from '../rule';

type Ids = 'argumentCarriesSignal' | 'explicitSignal' | 'spreadArguments' | 'gapBeforeSignal' | 'unknownArgument' | 'unresolvedOverload';

const LISTENER_METHODS: ReadonlySet<string> = new Set(['addEventListener', 'removeEventListener']);

/** Per signature (shared by every call of the same declaration or instantiation); a checker's signatures live as long as it does. */
const parameterCache = new WeakMap<TS.Signature, SignalParameter | null>();
/**
 * Per checker, then per enclosing function: the parameter that provides its signal. Keyed by
 * checker too, since a watch build reuses unchanged files' nodes with a new checker.
 */
const functionCaches = new WeakMap<TS.TypeChecker, WeakMap<TS.SignatureDeclaration, [SignalSource, TS.Identifier] | null>>();

export default defineRule<Ids>({
  name: 'signals',
  description: "Passes the caller's AbortSignal to calls that accept one and got none.",
  option: {
    key: 'signals',
    description: 'Inject the enclosing function\'s signal, or the ambient scope\'s, into calls that accept an AbortSignal and got none. Off by default in track mode.',
    default: true,
    changesBehaviour: true,
  },
  messages: {
    argumentCarriesSignal: 'An argument already carries a signal (like a Request), so none is added; pass `{ signal }` explicitly if another one is meant.',
    explicitSignal: 'The call passes a `signal` explicitly; it is never replaced.',
    spreadArguments: 'Spread arguments hide which parameter takes the signal; pass `{ signal }` explicitly.',
    gapBeforeSignal: 'The signal parameter comes after omitted optional parameters; pass them (or `undefined`) and the signal explicitly.',
    unknownArgument: 'The options argument may be a primitive or `any`, so no signal is added; give it an object type or pass `{ signal }` explicitly.',
    unresolvedOverload: 'No overload accepts these arguments, so no signal is added; fix the call or pass `{ signal }` explicitly.',
  },
  call(node, ctx) {
    const { ts, checker } = ctx;
    const callee = node.expression;
    if (isImportOrSuperCall(ts, node)) return;
    if (ts.isPropertyAccessExpression(callee) && LISTENER_METHODS.has(callee.name.text)) return;
    const signature = checker.getResolvedSignature(node);
    if (signature === undefined || signature.declaration === undefined) return;
    let target = parameterCache.get(signature);
    if (target === undefined) parameterCache.set(signature, (target = signalParameter(ctx, signature) ?? null));
    if (target === null) return;
    const args = node.arguments;
    if (args.some((arg) => ts.isSpreadElement(arg))) return ctx.note('spreadArguments', node);
    if (ctx.hasTypeErrors(node) && isOverloaded(ctx, node)) return ctx.note('unresolvedOverload', node);
    for (let i = 0; i < args.length; i++) {
      const arg = args[i] as TS.Expression;
      if (i !== target.index && mayCarrySignal(ts, arg) && carriesSignal(ctx, checker.getTypeAtLocation(arg))) return ctx.note('argumentCarriesSignal', arg);
    }
    const base = { kind: 'signal', rule: 'signals', site: ctx.site(node), node: ctx.span(node), index: target.index } as const;
    const given = args[target.index];
    if (given === undefined) {
      if (!target.optional) return;
      if (target.index !== args.length) return ctx.note('gapBeforeSignal', node);
      const how = target.kind === 'signal' ? 'append-signal' : 'append-options';
      return ctx.add({ ...base, how, source: signalSource(ctx, node) });
    }
    if (target.kind === 'signal') return; // passed positionally: explicit
    const intent = optionsIntent(ctx, given);
    if (intent === undefined) return;
    ctx.add({ ...base, ...intent, argument: ctx.span(given), source: signalSource(ctx, node) });
  },
});

interface SignalParameter {
  readonly index: number;
  readonly kind: 'signal' | 'options';
  readonly optional: boolean;
}

/** The first parameter that is an AbortSignal or an options object with an optional AbortSignal `signal`. */
function signalParameter(ctx: RuleContext<Ids>, signature: TS.Signature): SignalParameter | undefined {
  const { ts, checker, types } = ctx;
  const parameters = signature.getParameters();
  for (let index = 0; index < parameters.length; index++) {
    const parameter = parameters[index] as TS.Symbol;
    const declaration = parameter.valueDeclaration;
    const declared = declaration !== undefined && ts.isParameter(declaration) ? declaration : undefined;
    if (declared?.dotDotDotToken !== undefined) return undefined;
    const type = checker.getTypeOfSymbol(parameter);
    const optional = declared !== undefined && checker.isOptionalParameter(declared);
    if (types.isAbortSignal(type)) return { index, kind: 'signal', optional };
    const property = types.signalProperty(type);
    if (property !== undefined && (property.flags & ts.SymbolFlags.Optional) !== 0) return { index, kind: 'options', optional };
  }
  return undefined;
}

/** Literals and functions cannot carry a signal: no need to ask the checker (it re-checks expressions). */
function mayCarrySignal(ts: typeof TS, arg: TS.Expression): boolean {
  return !(ts.isLiteralExpression(arg) || ts.isTemplateExpression(arg) || ts.isFunctionLike(arg) || ts.isArrayLiteralExpression(arg));
}

/** A signal, or an object with a `signal` property (each non-nullish member of a union is checked). */
function carriesSignal(ctx: RuleContext<Ids>, type: TS.Type): boolean {
  const parts = type.isUnion() ? type.types : [type];
  return parts.some((part) => ctx.types.isAbortSignal(part) || ctx.types.signalProperty(part) !== undefined);
}

function optionsIntent(ctx: RuleContext<Ids>, arg: TS.Expression): Pick<SignalIntent, 'how'> | undefined {
  const { ts, checker, types } = ctx;
  const bare = skipParentheses(ts, arg);
  if (ts.isObjectLiteralExpression(bare)) {
    if (bare.properties.some((property) => property.name !== undefined && propertyNameText(ts, property.name) === 'signal')) {
      ctx.note('explicitSignal', arg);
      return undefined;
    }
    const opaque = bare.properties.some((property) => ts.isSpreadAssignment(property) || (property.name !== undefined && ts.isComputedPropertyName(property.name)));
    return { how: opaque ? 'with-signal' : 'add-property' };
  }
  const type = checker.getTypeAtLocation(arg);
  if (!types.isObjectLike(type) && (type.flags & (ts.TypeFlags.Undefined | ts.TypeFlags.Null)) === 0) {
    ctx.note('unknownArgument', arg);
    return undefined;
  }
  const property = types.signalProperty(type);
  if (property !== undefined && (property.flags & ts.SymbolFlags.Optional) === 0) {
    ctx.note('explicitSignal', arg);
    return undefined;
  }
  return { how: 'with-signal' };
}

function isOverloaded(ctx: RuleContext<Ids>, node: TS.CallExpression): boolean {
  return ctx.checker.getTypeAtLocation(node.expression).getCallSignatures().length > 1;
}

/**
 * The signal a call at `node` should get: the nearest enclosing function (walking outwards) with
 * a signal parameter, a destructured `signal`, or an options parameter with a `signal`; used only
 * if that name still resolves to the parameter at the call (not shadowed). Otherwise the ambient
 * scope's signal.
 */
function signalSource(ctx: RuleContext<Ids>, node: TS.Node): SignalSource {
  const { ts } = ctx;
  let functionCache = functionCaches.get(ctx.checker);
  if (functionCache === undefined) functionCaches.set(ctx.checker, (functionCache = new WeakMap()));
  for (let current: TS.Node | undefined = node.parent; current !== undefined; current = current.parent) {
    if (!ts.isFunctionLike(current)) continue;
    let found = functionCache.get(current);
    if (found === undefined) functionCache.set(current, (found = functionSource(ctx, current)));
    if (found === null) continue;
    const [source, binding] = found;
    return resolvesTo(ctx, binding, node) ? source : { kind: 'ambient' };
  }
  return { kind: 'ambient' };
}

/** The first parameter of `fn` that provides a signal, and the identifier that names it. */
function functionSource(ctx: RuleContext<Ids>, fn: TS.SignatureDeclaration): [SignalSource, TS.Identifier] | null {
  for (const parameter of fn.parameters) {
    const found = parameterSource(ctx, parameter);
    if (found !== undefined) return found;
  }
  return null;
}

function parameterSource(ctx: RuleContext<Ids>, parameter: TS.ParameterDeclaration): [SignalSource, TS.Identifier] | undefined {
  const { ts, checker, types } = ctx;
  if (parameter.dotDotDotToken !== undefined) return undefined;
  const name = parameter.name;
  if (ts.isIdentifier(name)) {
    if (name.text === 'this') return undefined;
    const type = checker.getTypeAtLocation(name);
    const mayBeMissing = types.mayBeNullish(type);
    if (types.isAbortSignal(type)) return [{ kind: 'binding', name: name.text, orAmbient: mayBeMissing }, name];
    const property = types.signalProperty(type);
    if (property === undefined) return undefined;
    const orAmbient = mayBeMissing || (property.flags & ts.SymbolFlags.Optional) !== 0 || types.mayBeNullish(checker.getTypeOfSymbol(property));
    return [{ kind: 'option', object: name.text, optionalObject: mayBeMissing, orAmbient }, name];
  }
  if (ts.isObjectBindingPattern(name)) {
    for (const element of name.elements) {
      const key = element.propertyName ?? element.name;
      if (element.dotDotDotToken !== undefined || !ts.isIdentifier(element.name) || !ts.isIdentifier(key) || key.text !== 'signal') continue;
      const type = checker.getTypeAtLocation(element.name);
      if (!types.isAbortSignal(type)) continue;
      return [{ kind: 'binding', name: element.name.text, orAmbient: types.mayBeNullish(type) }, element.name];
    }
  }
  return undefined;
}

/** `binding`'s name, looked up at `node`, is still that binding (no inner declaration shadows it). */
function resolvesTo(ctx: RuleContext<Ids>, binding: TS.Identifier, node: TS.Node): boolean {
  const { ts, checker } = ctx;
  const declared = checker.getSymbolAtLocation(binding);
  return declared !== undefined && checker.resolveName(binding.text, node, ts.SymbolFlags.Value, false) === declared;
}

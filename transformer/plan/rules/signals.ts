/**
 * signals: a call whose resolved signature takes an optional `AbortSignal` parameter that got no
 * argument, or an options parameter whose type has an optional `signal?: AbortSignal` that the
 * argument does not set, gets the caller's signal — Go's "pass ctx down":
 * - `f(a)` → `f(a, S)` or `f(a, { signal: S })` when the parameter is the next one;
 * - `f(a, { x })` → `f(a, { x, signal: S })`;
 * - `f(a, opts)` → `f(a, leash.withSignal(opts, S))`, a copy; the caller's object is not touched.
 * S is `leash.signal(own)`: `own` is the enclosing function's own signal, a parameter typed
 * AbortSignal, a destructured `{ signal }`, or `options.signal` of an options parameter, checked
 * with the checker to be the binding the call sees; without one, `leash.signal()`. At run time it
 * is `own`, else the ambient scope's signal — and `undefined` in the root scope and in track
 * mode, where the call then gets exactly its own arguments: outside any scope bind mode passes
 * nothing, not even a signal the function was given (it did not pass it on plain).
 *
 * Skips, each with a fixture (message ids in parentheses):
 * - an argument that already carries a signal: a signal itself, or an object with a `signal`
 *   property such as `fetch(request)` (Request has a required `signal`) (`argumentCarriesSignal`);
 * - an explicit `signal` in an object literal or a required one in the argument's type, even
 *   `signal: undefined`: never replaced (`explicitSignal`);
 * - `addEventListener`/`removeEventListener` on anything, `signal.addEventListener('abort')`
 *   included: listeners are bound by the runtime, never by a `{ signal }` option;
 * - spread arguments (`spreadArguments`); an argument whose type may be a primitive or `any`
 *   (`unknownArgument`); a parameter declared with a type parameter (`add<T>(job: T)`), whatever
 *   its type argument holds: a value, not options (`generic-value`);
 * - a call whose value is stored where it outlives the scope (util/ownership.ts): one request
 *   must not end what others share (`heldOutsideScope`);
 * - `await wait(...);` (value unused) inside a function that reads `.aborted` or calls
 *   `throwIfAborted()` itself: a wait on purpose before a check, which a signal would turn into a
 *   throw (`checksAbortedItself`, util/cooperative.ts).
 * Omitted optional parameters before the signal's are passed as `undefined`:
 * `sleep(ms)` → `sleep(ms, undefined, { signal: S })` (`gap`). `new C(...)` is handled like a call.
 * - overloaded callees whose chosen overload does not accept the arguments (`unresolvedOverload`);
 *   calls with no resolved declaration (`any`-typed callees);
 * - leash's own API, resolved by declaration.
 */
import type * as TS from 'typescript';
import type { SignalIntent, SignalSource } from '../intent';
import { isImportOrSuperCall, propertyNameText, skipParentheses } from '../util/nodes';
import { holderOf } from '../util/ownership';
import { isDeliberateWait } from '../util/cooperative';
import { defineRule, type RuleContext } from '../rule';
import type { TypeAdapter } from '../types/adapter';

type Ids = 'argumentCarriesSignal' | 'explicitSignal' | 'spreadArguments' | 'unknownArgument' | 'unresolvedOverload' | 'heldOutsideScope' | 'checksAbortedItself';

const LISTENER_METHODS: ReadonlySet<string> = new Set(['addEventListener', 'removeEventListener']);

/**
 * Per type adapter, then per enclosing function: the parameter that provides its signal. Keyed by
 * adapter too, since a watch build reuses unchanged files' nodes with a new adapter and checker behind it.
 */
const functionCaches = new WeakMap<TypeAdapter, WeakMap<TS.SignatureDeclaration, [SignalSource, TS.Identifier] | null>>();

export default defineRule<Ids>({
  name: 'signals',
  description: "Passes the caller's AbortSignal to calls that accept one and got none.",
  option: {
    key: 'signals',
    description: 'Inject the enclosing function\'s signal, or the ambient scope\'s, into calls that accept an AbortSignal and got none. Off by default in track mode.',
    default: true,
    changesBehaviour: true,
  },
  needsTypes: true, // only the resolved signature says which parameter takes a signal

  messages: {
    argumentCarriesSignal: 'An argument already carries a signal (like a Request), so none is added; pass `{ signal }` explicitly if another one is meant.',
    explicitSignal: 'The call passes a `signal` explicitly; it is never replaced.',
    spreadArguments: 'Spread arguments hide which parameter takes the signal; pass `{ signal }` explicitly.',
    unknownArgument: 'The options argument may be a primitive or `any`, so no signal is added; give it an object type or pass `{ signal }` explicitly.',
    unresolvedOverload: 'No overload accepts these arguments, so no signal is added; fix the call or pass `{ signal }` explicitly.',
    checksAbortedItself: 'A wait whose value is unused, in a function that reads `.aborted` (or calls `throwIfAborted()`) itself: it waits on purpose and then checks, and a signal would turn that "check and go on" into a throw. Pass `{ signal }` explicitly if the wait should be cut short.',
    heldOutsideScope: 'This call\'s value is stored where it outlives the calling scope (a module variable, a field, a shared map, module top level or a constructor), so it gets no scope\'s signal: one request ending must not end what others share. Pass `{ signal }` explicitly if it should.',
  },
  call(node, ctx) {
    const { ts } = ctx;
    if (isImportOrSuperCall(ts, node)) return;
    if (ts.isPropertyAccessExpression(node.expression) && LISTENER_METHODS.has(node.expression.name.text)) return;
    passSignal(node, ctx);
  },
  new(node, ctx) {
    if (ctx.types.callsRuntime(node)) return;
    passSignal(node, ctx);
  },
});

function passSignal(node: TS.CallExpression | TS.NewExpression, ctx: RuleContext<Ids>): void {
  const { ts, types } = ctx;
  const target = types.signalParameter(node);
  if (target === undefined) return;
  const args = node.arguments ?? ts.factory.createNodeArray<TS.Expression>();
  if (args.some((arg) => ts.isSpreadElement(arg))) return ctx.note('spreadArguments', node);
  // With one signature the arguments were checked against it; with overloads a failed call resolves to a stand-in.
  if (types.isOverloaded(node) && !types.acceptsArguments(node)) return ctx.note('unresolvedOverload', node);
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] as TS.Expression;
    if (i !== target.index && mayCarrySignal(ts, arg) && types.carriesSignal(arg)) return ctx.note('argumentCarriesSignal', arg);
  }
  if (ctx.ruleEnabled('ownership') && holderOf(ts, node) !== undefined) return ctx.note('heldOutsideScope', node);
  if (isDeliberateWait(ts, node)) return ctx.note('checksAbortedItself', node);
  const base = { kind: 'signal', rule: 'signals', site: ctx.site(node), node: ctx.span(node), index: target.index } as const;
  const given = args[target.index];
  if (given === undefined) {
    if (!target.optional) return;
    // Omitted optional parameters before the signal's are passed as `undefined`, which they already were.
    if (args.length < target.optionalFrom) return; // a required argument is missing: a type error, left as it is
    const how = target.kind === 'signal' ? 'append-signal' : 'append-options';
    return ctx.add({ ...base, how, source: signalSource(ctx, node) });
  }
  if (target.kind === 'signal') return; // passed positionally: explicit
  const intent = optionsIntent(ctx, given);
  if (intent === undefined) return;
  ctx.add({ ...base, ...intent, argument: ctx.span(given), source: signalSource(ctx, node) });
}

/** Literals and functions cannot carry a signal: no need to ask the checker (it re-checks expressions). */
function mayCarrySignal(ts: typeof TS, arg: TS.Expression): boolean {
  return !(ts.isLiteralExpression(arg) || ts.isTemplateExpression(arg) || ts.isFunctionLike(arg) || ts.isArrayLiteralExpression(arg));
}

function optionsIntent(ctx: RuleContext<Ids>, arg: TS.Expression): Pick<SignalIntent, 'how'> | undefined {
  const { ts, types } = ctx;
  const bare = skipParentheses(ts, arg);
  if (ts.isObjectLiteralExpression(bare)) {
    if (bare.properties.some((property) => property.name !== undefined && propertyNameText(ts, property.name) === 'signal')) {
      ctx.note('explicitSignal', arg);
      return undefined;
    }
    const opaque = bare.properties.some((property) => ts.isSpreadAssignment(property) || (property.name !== undefined && ts.isComputedPropertyName(property.name)));
    return { how: opaque ? 'with-signal' : 'add-property' };
  }
  const signal = types.optionsSignal(arg);
  if (signal === 'unknown') {
    ctx.note('unknownArgument', arg);
    return undefined;
  }
  if (signal === 'required') {
    ctx.note('explicitSignal', arg);
    return undefined;
  }
  return { how: 'with-signal' };
}

/**
 * The signal a call at `node` should get: the nearest enclosing function (walking outwards) with
 * a signal parameter, a destructured `signal`, or an options parameter with a `signal`; used only
 * if that name still resolves to the parameter at the call (not shadowed). Otherwise the ambient
 * scope's signal.
 */
function signalSource(ctx: RuleContext<Ids>, node: TS.Node): SignalSource {
  const { ts } = ctx;
  let functionCache = functionCaches.get(ctx.types);
  if (functionCache === undefined) functionCaches.set(ctx.types, (functionCache = new WeakMap()));
  for (let current: TS.Node | undefined = node.parent; current !== undefined; current = current.parent) {
    if (!ts.isFunctionLike(current)) continue;
    let found = functionCache.get(current);
    if (found === undefined) functionCache.set(current, (found = functionSource(ctx, current)));
    if (found === null) continue;
    const [source, binding] = found;
    return ctx.types.resolvesTo(binding, node) ? source : { kind: 'ambient' };
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
  const { ts, types } = ctx;
  if (parameter.dotDotDotToken !== undefined) return undefined;
  const name = parameter.name;
  if (ts.isIdentifier(name)) {
    if (name.text === 'this') return undefined;
    const signal = types.bindingSignal(name);
    if (signal === undefined) return undefined;
    if (signal.kind === 'signal') return [{ kind: 'binding', name: name.text }, name];
    return [{ kind: 'option', object: name.text, optionalObject: signal.mayBeMissing }, name];
  }
  if (ts.isObjectBindingPattern(name)) {
    for (const element of name.elements) {
      const key = element.propertyName ?? element.name;
      if (element.dotDotDotToken !== undefined || !ts.isIdentifier(element.name) || !ts.isIdentifier(key) || key.text !== 'signal') continue;
      const signal = types.bindingSignal(element.name);
      if (signal?.kind !== 'signal') continue;
      return [{ kind: 'binding', name: element.name.text }, element.name];
    }
  }
  return undefined;
}

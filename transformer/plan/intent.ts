/**
 * Intents: what the planner decided to rewrite, as plain data. Positions are offsets in the
 * original source text, so the same plan can be written by the ts.factory emitter (the ts-patch
 * plugin) and by a text emitter (magic-string) that never sees a TypeScript node.
 */

/** `[start, end)` in the original text; `start` is after leading trivia (like `node.getStart()`). */
export interface Span {
  readonly start: number;
  readonly end: number;
}

export type RuleName = 'timers' | 'listeners' | 'tasks' | 'signals' | 'cancel-at-await' | 'caller-sites' | 'ownership';

export type TimerHook = 'setTimeout' | 'setInterval' | 'setImmediate' | 'clearTimeout' | 'clearInterval' | 'clearImmediate';
export type ListenerHook = 'addEventListener' | 'removeEventListener' | 'addListener' | 'removeListener';

interface IntentBase {
  readonly rule: RuleName;
  /** Static site id: `path/from/root.ts:line:col`, plus ` name` inside a named function. */
  readonly site: string;
  /** The rewritten expression: a call, a `new` (`signal`, `detach`), or an `await` for `resume`. */
  readonly node: Span;
}

/**
 * `callee(args)` becomes `leash.<hook>(site, args)`. With `receiver` (the call was written on an
 * object other than `globalThis`, such as `window.setTimeout(args)`), it becomes
 * `leash.<hook>On(site, receiver, args)`: that object's own function is called on it, so a
 * stubbed `window` sees the call as written.
 */
export interface GlobalCallIntent extends IntentBase {
  readonly kind: 'global-call';
  readonly hook: TimerHook;
  readonly callee: Span;
  readonly receiver?: Span;
}

/** The runtime hook a global call is written to: `setTimeout`, or `setTimeoutOn` when the call keeps its object. */
export function globalCallHook(intent: GlobalCallIntent): string {
  return intent.receiver === undefined ? intent.hook : `${intent.hook}On`;
}

/** The runtime hook a detached call is written to: `spawn` (with its thunk) or, in `track` mode, `task`; `...Shared` for a `shared` one. */
export function spawnHook(intent: SpawnIntent, track: boolean): SpawnHook {
  return track ? (intent.shared ? 'taskShared' : 'task') : intent.shared ? 'spawnShared' : 'spawn';
}

export type SpawnHook = 'spawn' | 'task' | 'spawnShared' | 'taskShared';

/**
 * `receiver.method(args)` becomes `leash.<hook>(site, receiver, args)`, with the method name as a
 * string before `args` when `passMethod` (EventEmitter). With `optional` (the call is part of an
 * optional chain such as `a?.on(...)`), a nullish receiver yields `undefined` and calls nothing.
 */
export interface MethodCallIntent extends IntentBase {
  readonly kind: 'method-call';
  readonly hook: ListenerHook;
  readonly receiver: Span;
  readonly method: string;
  readonly passMethod: boolean;
  readonly optional: boolean;
}

/**
 * `call` becomes `leash.spawn(site, () => call)` (`leash.task(site, call)` in `track` mode). With
 * `shared` (util/own-promise.ts: the callee may hold the promise too), `spawnShared`/`taskShared`:
 * registered the same, its rejection left to whoever else holds it instead of re-raised.
 */
export interface SpawnIntent extends IntentBase {
  readonly kind: 'spawn';
  readonly shared: boolean;
}

/**
 * The first argument of `Promise.race/any/all(promises)` becomes `leash.observeAll(site, promises)`:
 * each promise in the array is a task until it settles, the array and its promises stay the same
 * objects. `node` is the combinator call. `skip`: the elements of an array literal left
 * unobserved, a bit per index (promises made by hand with `new Promise`), written as a third
 * argument when not 0: `leash.observeAll(site, promises, skip)`.
 */
export interface ObserveIntent extends IntentBase {
  readonly kind: 'observe';
  readonly skip: number;
}

/** Where the injected signal comes from, in order of preference. */
export type SignalSource =
  /** A parameter (or destructured binding) of an enclosing function: `leash.signal(name)`. */
  | { readonly kind: 'binding'; readonly name: string }
  /** `object.signal` of an enclosing function's options parameter (`object?.signal` when `optionalObject`): `leash.signal(object.signal)`. */
  | { readonly kind: 'option'; readonly object: string; readonly optionalObject: boolean }
  /** `leash.signal()`: the ambient scope's signal. */
  | { readonly kind: 'ambient' };

/**
 * Pass a signal as argument `index`:
 * - `append-signal`: the next positional argument is the signal itself: `f(a)` → `f(a, S)`;
 * - `append-options`: the next positional argument is `{ signal: S }`;
 * - `add-property`: the object literal `argument` gets a `signal: S` property;
 * - `with-signal`: `argument` becomes `leash.withSignal(argument, S)` (a copy; never mutated).
 */
export interface SignalIntent extends IntentBase {
  readonly kind: 'signal';
  readonly index: number;
  readonly how: 'append-signal' | 'append-options' | 'add-property' | 'with-signal';
  readonly argument?: Span;
  readonly source: SignalSource;
}

/** `await x` becomes `leash.resumed(await x)`. */
export interface ResumeIntent extends IntentBase {
  readonly kind: 'resume';
}

/**
 * `call` (after every other intent on it is applied) becomes `leash.detach(() => call)`: its
 * value outlives the scope that runs it (util/ownership.ts), so what it starts belongs to the
 * root scope, not to the caller's.
 */
export interface DetachIntent extends IntentBase {
  readonly kind: 'detach';
}

/**
 * In a call into leash's own API (`mapLimit`, `withTimeout`, `TaskGroup.go`, `sleep`, ...),
 * argument `index` becomes `leash.at(site, argument)`: the API names what it registers by the
 * caller's site instead of `leash:<api>` (runtime/caller.ts).
 */
export interface CallerSiteIntent extends IntentBase {
  readonly kind: 'caller-site';
  readonly index: number;
  readonly argument: Span;
}

export type Intent = GlobalCallIntent | MethodCallIntent | SpawnIntent | ObserveIntent | SignalIntent | ResumeIntent | DetachIntent | CallerSiteIntent;

/** A place a rule looked at and deliberately left alone, with the reason (for `leash scan` and tests). */
export interface Note {
  readonly rule: RuleName;
  readonly messageId: string;
  readonly message: string;
  readonly node: Span;
  /** 1-based line and column of `node.start`. */
  readonly line: number;
  readonly column: number;
}

/** A rule that threw on a node: the node is left as it is and the build goes on. */
export interface Failure {
  readonly rule: RuleName;
  readonly node: Span;
  readonly error: unknown;
}

export interface Plan {
  /** Path from the project root, with `/` separators. */
  readonly file: string;
  /** In source order of `node.start`; a call may carry several (e.g. `signal` and `spawn`). */
  readonly intents: readonly Intent[];
  readonly notes: readonly Note[];
  readonly failures: readonly Failure[];
}

/** The file was planned, nothing in it is to change, and no rule failed on it: leash looked and leaves it as it is. */
export function leftAsIs(plan: Plan): boolean {
  return plan.intents.length === 0 && plan.failures.length === 0;
}

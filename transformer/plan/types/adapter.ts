/**
 * The one interface through which the planner asks type questions. Rules never see a checker:
 * they ask these questions about original (parsed) nodes, and each implementation answers them
 * from its own checker, so a rule has one implementation for every host:
 * - `classic` (types/classic.ts): an in-process `ts.TypeChecker` (the ts-patch plugin; a
 *   standalone TypeScript 6.0/5.9 `Program` in `leash build`);
 * - `ts7` (types/ts7.ts): TypeScript 7's checker over IPC (7.0's `typescript/unstable/sync`,
 *   7.1's `typescript/sync`), batched
 *   per file and cached per declaration;
 * - `none` (`NO_TYPES` below): no checker at all (a bundler without TypeScript). Rules whose head
 *   says `needsTypes` are skipped, and the host says so once per build (`skippedRulesNotice`).
 * Every answer is "no" when the checker cannot tell (an `any`, an unresolved call): leash then
 * leaves the code alone.
 */
import type * as TS from 'typescript';

export type TypeAdapterKind = 'classic' | 'ts7' | 'none';

/** The parameter of a call's resolved signature that takes the signal. */
export interface SignalParameter {
  readonly index: number;
  /** `signal`: an AbortSignal itself; `options`: an object type with an optional `signal?: AbortSignal`. */
  readonly kind: 'signal' | 'options';
  /** The parameter is optional (`?`, or has a default). */
  readonly optional: boolean;
  /** Every parameter from this index up to `index` is optional: a call with at least this many arguments can skip to the signal. */
  readonly optionalFrom: number;
}

/** What an expression's type says about a signal (for an argument passed as a call's options). */
export type OptionsSignal =
  /** An object type without a required `signal` (an optional one, or none): a copy with the signal can be passed. */
  | 'optional'
  /** An object type whose `signal` is required: it is passed explicitly. */
  | 'required'
  /** May be a primitive, `any` or `unknown`: leash cannot tell what it is. */
  | 'unknown';

/** What a binding's type says about the signal it provides (a function's parameter). */
export type BindingSignal =
  /** The binding is an AbortSignal (passed as `leash.signal(binding)`, which takes it missing or not). */
  | { readonly kind: 'signal' }
  /**
   * The binding is an object with a `signal: AbortSignal` property. `mayBeMissing`: the object
   * may be undefined/null (always without `strictNullChecks`, where no type says so), so its
   * `signal` is read as `object?.signal`.
   */
  | { readonly kind: 'options'; readonly mayBeMissing: boolean };

/**
 * What a call's declaration says about where the promise it returns comes from (`tasks`: whose
 * promise a detached call is, util/own-promise.ts).
 * - `source`: a function of the program's own source, as a syntax node of the planner's tree (for
 *   TypeScript 7, parsed from the file's text once per build); its body can be read.
 * - `lib` (TypeScript's default library), `node` (@types/node), `package` (any other declaration
 *   file): only the types are known. `returnsPromise`: every call signature of the callee returns
 *   the global `Promise` type as declared — a new promise — and none returns one of the call's type
 *   parameters that this call happens to fill with a promise (`fn.call(this)`, `items.reduce(...)`).
 */
export type Callee =
  | { readonly origin: 'source'; readonly declaration: TS.SignatureDeclaration }
  | { readonly origin: 'lib' | 'node' | 'package'; readonly returnsPromise: boolean };

/** @types/node's declaration files. */
const NODE_TYPES = /\/@types\/node\//;

/** A path with `/` separators, and its folder. */
const slashed = (path: string): string => path.replace(/\\/g, '/');
const folderOf = (path: string): string => path.slice(0, path.lastIndexOf('/'));

/**
 * Where a declaration file is: TypeScript's default library (the folder of `promiseFile`, the
 * file declaring the global `Promise`), @types/node, or another package.
 */
export function declarationOrigin(fileName: string, promiseFile: string | undefined): 'lib' | 'node' | 'package' {
  const path = slashed(fileName);
  if (promiseFile !== undefined && folderOf(path) === folderOf(slashed(promiseFile))) return 'lib';
  return NODE_TYPES.test(path) ? 'node' : 'package';
}

export interface TypeAdapter {
  readonly kind: TypeAdapterKind;

  /**
   * The call resolves to a declaration in the global scope of a declaration file (the lib's
   * `setTimeout`, `declare global`), or to a method of the DOM lib's `WindowOrWorkerGlobalScope`
   * (`window.setTimeout`), never to another object's method of the same name (`jest.setTimeout`).
   */
  callsGlobal(call: TS.CallExpression): boolean;
  /** The expression names the global object (`globalThis`, `window`, any global value declared in a declaration file). */
  isGlobalObject(expression: TS.Expression): boolean;
  /** The expression's type is or extends the global `EventTarget` (AbortSignal included). */
  isEventTarget(expression: TS.Expression): boolean;
  /** The expression's type is or extends Node's `EventEmitter` (streams, servers, `process`, subclasses). */
  isEventEmitter(expression: TS.Expression): boolean;
  /** The call's resolved signature returns a thenable (each non-nullish member of a union; `any` is not). */
  returnsThenable(call: TS.CallExpression): boolean;
  /** The call (or `new`) resolves to a declaration in leash's own runtime (never rewritten). */
  callsRuntime(call: TS.CallExpression | TS.NewExpression): boolean;
  /**
   * The name of the runtime declaration the call resolves to, for a call into leash's own API:
   * `mapLimit`, or `TaskGroup.go` for a method; undefined for any other call.
   */
  runtimeApi(call: TS.CallExpression): string | undefined;
  /**
   * The call resolves to node:test's API (`test`, `it`, `describe`, `t.test`, ..., declared in
   * @types/node's `test.d.ts`): the promise it returns is node:test's own, and its runner waits
   * for the test whether or not the caller does.
   */
  callsNodeTest(call: TS.CallExpression): boolean;
  /**
   * The first parameter of the call's (or `new`'s) resolved signature that takes an AbortSignal,
   * directly or as an options `signal`, at any position. A parameter declared with a type
   * parameter (`add<T>(job: T)`) is a value, never options, whatever its type argument holds.
   */
  signalParameter(call: TS.CallExpression | TS.NewExpression): SignalParameter | undefined;
  /** The callee has more than one call (for `new`: construct) signature (overloads). */
  isOverloaded(call: TS.CallExpression | TS.NewExpression): boolean;
  /** The expression's type is an AbortSignal or an object with a `signal` property (a Request, an init object). */
  carriesSignal(expression: TS.Expression): boolean;
  /** What the type of an options argument says about its `signal`. */
  optionsSignal(expression: TS.Expression): OptionsSignal;
  /** The signal a parameter binding (an identifier of a parameter or of a destructuring) provides, if any. */
  bindingSignal(binding: TS.Identifier): BindingSignal | undefined;
  /** `binding`'s name, looked up at `location`, still resolves to `binding` (no inner declaration shadows it). */
  resolvesTo(binding: TS.Identifier, location: TS.Node): boolean;
  /**
   * The call's resolved signature accepts its arguments: no more than it takes (unless a rest
   * parameter), and each one's type assignable to its parameter's. "No" when no overload accepted
   * the call (the checker then resolves to a stand-in). Asked per call, so no host pays for a
   * full type check of the file (a bundler never type-checks).
   */
  acceptsArguments(call: TS.CallExpression | TS.NewExpression): boolean;
  /** Where the call's resolved signature is declared, and what that says about the promise it returns. */
  callee(call: TS.CallExpression): Callee | undefined;
}

/** @types/node's declarations of node:test (`test.d.ts`, at the package root or under a `ts5.x` folder). */
const NODE_TEST_DECLARATIONS = /\/@types\/node\/(?:ts[\d.]+\/)?test\.d\.ts$/;

/** The declaration file is node:test's (`callsNodeTest`, for each adapter). */
export function isNodeTestDeclarationFile(fileName: string): boolean {
  return NODE_TEST_DECLARATIONS.test(fileName.replace(/\\/g, '/'));
}

/** No checker: every answer is "no", and the planner skips the rules that need types. */
export const NO_TYPES: TypeAdapter = {
  kind: 'none',
  callsGlobal: () => false,
  isGlobalObject: () => false,
  isEventTarget: () => false,
  isEventEmitter: () => false,
  returnsThenable: () => false,
  callsRuntime: () => false,
  runtimeApi: () => undefined,
  callsNodeTest: () => false,
  signalParameter: () => undefined,
  isOverloaded: () => false,
  carriesSignal: () => false,
  optionsSignal: () => 'unknown',
  bindingSignal: () => undefined,
  resolvesTo: () => false,
  acceptsArguments: () => false,
  callee: () => undefined,
};

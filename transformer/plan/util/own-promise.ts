/**
 * Whose promise a detached call returns: the caller's own, or one its callee may also hold.
 *
 * leash observes a task with a reaction, which makes its promise handled in V8's eyes, so the
 * runtime re-raises the task's rejection as unhandled itself (runtime/surface.ts). That is exact
 * only when nobody else can handle the promise: when the call made it for its caller alone. A
 * promise the callee keeps — a retryer's `this.promise`, a memoized load — may have a handler of
 * the callee's (`promise.catch(noop)`, written so that callers may drop it): plain JavaScript then
 * raises nothing, and a re-raise would be a false `unhandledRejection` (TanStack Query's
 * query-core, 4 of them in its suite). Such a task is still registered, and its rejection is left
 * to whoever else holds the promise (`spawnShared`, `taskShared`).
 *
 * A call's promise is its own when the callee, as declared, makes a new one each call:
 * - a function of the program declared `async` (its promise is out of its own reach);
 * - a function of the program whose every `return` is `new Promise(...)` or such a call (followed
 *   a few calls deep): `sleep(ms)`, `this.fetch().then(parse)`;
 * - a function of TypeScript's default library or of @types/node whose every signature returns
 *   `Promise<...>` itself: `fetch`, `p.then(...)`, `fs.promises.readFile`, `Promise.all` — but not
 *   `Promise.resolve(p)`, which returns `p` itself;
 * Anything else may return a promise someone else holds: an interface method, a callback
 * parameter, another package's function, a function returning a variable or a field.
 */
import type * as TS from 'typescript';
import type { Callee, TypeAdapter } from '../types/adapter';
import { propertyNameText, skipOuter } from './nodes';
import { resolveName } from './scope';

/** How many calls deep `return f()` is followed: far enough for a wrapper around a wrapper. */
const MAX_DEPTH = 4;

/**
 * Per type adapter (one per program: a watch build's next program may change a callee), per
 * declaration: `false`, or how many calls deep the proof that every call of it returns a new
 * promise goes (1: it is `async`, or returns `new Promise(...)` or a library call). A proof is
 * used only where it fits in what is left of `MAX_DEPTH`, and an answer cut short by the depth or
 * by recursion is not kept: so the answer for a call never depends on which file asked first.
 */
const answers = new WeakMap<TypeAdapter, WeakMap<TS.Node, false | number>>();

/** `false`; or true, as the depth its proof takes (0 for a library call, whose type says so); or cut short. */
type Answer = false | number | 'cut short';

/** `Promise`, the global one: no declaration in scope shadows the name, and the checker says so. */
export function isGlobalPromise(ts: typeof TS, expression: TS.Expression, types: TypeAdapter): boolean {
  return ts.isIdentifier(expression) && expression.text === 'Promise' && resolveName(ts, expression) === undefined && types.isGlobalObject(expression);
}

/** The promise `call` returns is made by the call for its caller alone. */
export function returnsOwnPromise(ts: typeof TS, call: TS.CallExpression, types: TypeAdapter): boolean {
  return typeof ownPromise(ts, call, types, new Set()) === 'number';
}

function ownPromise(ts: typeof TS, call: TS.CallExpression, types: TypeAdapter, open: Set<TS.Node>): Answer {
  const callee = types.callee(call);
  if (callee === undefined) return false;
  if (callee.origin !== 'source') return declaresNewPromise(ts, call, callee) && 0;
  const declaration = implementationOf(ts, callee.declaration);
  if (declaration === undefined) return false;
  let known = answers.get(types);
  if (known === undefined) answers.set(types, (known = new WeakMap()));
  let answer: Answer | undefined = known.get(declaration);
  if (answer === undefined) {
    if (open.has(declaration)) return 'cut short';
    open.add(declaration);
    answer = makesNewPromise(ts, declaration, types, open);
    open.delete(declaration);
    if (answer !== 'cut short') known.set(declaration, answer);
  }
  return typeof answer === 'number' && open.size + answer > MAX_DEPTH ? 'cut short' : answer;
}

/** A declaration file's function: the default library's and @types/node's return what their types say; another package's may return anything. */
function declaresNewPromise(ts: typeof TS, call: TS.CallExpression, callee: Extract<Callee, { origin: 'lib' | 'node' | 'package' }>): boolean {
  if (callee.origin === 'package' || !callee.returnsPromise) return false;
  // `Promise.resolve(value)` returns `value` itself when it is a promise.
  const expression = skipOuter(ts, call.expression);
  const name = ts.isPropertyAccessExpression(expression) ? expression.name.text : ts.isIdentifier(expression) ? expression.text : undefined;
  const resolves = callee.origin === 'lib' && name === 'resolve';
  return !resolves || call.arguments.length === 0;
}

/** The declaration with the body: itself, or for an overload signature the implementation beside it. */
function implementationOf(ts: typeof TS, declaration: TS.SignatureDeclaration): TS.FunctionLikeDeclaration | undefined {
  if (hasBody(ts, declaration)) return declaration as TS.FunctionLikeDeclaration;
  if (!(ts.isFunctionDeclaration(declaration) || ts.isMethodDeclaration(declaration)) || declaration.name === undefined) return undefined;
  const name = propertyNameText(ts, declaration.name);
  if (name === undefined) return undefined;
  const parent = declaration.parent;
  const siblings: readonly TS.Node[] = ts.isSourceFile(parent) || ts.isModuleBlock(parent) || ts.isBlock(parent) ? parent.statements : ts.isClassLike(parent) ? parent.members : [];
  return siblings.find(
    (sibling): sibling is TS.FunctionDeclaration | TS.MethodDeclaration =>
      sibling.kind === declaration.kind && hasBody(ts, sibling as TS.SignatureDeclaration) && nameOf(ts, sibling as TS.FunctionDeclaration | TS.MethodDeclaration) === name,
  );
}

function nameOf(ts: typeof TS, declaration: TS.FunctionDeclaration | TS.MethodDeclaration): string | undefined {
  return declaration.name === undefined ? undefined : propertyNameText(ts, declaration.name);
}

/** A function, method, function expression or arrow with its body (not an overload signature, not an ambient `declare`). */
function hasBody(ts: typeof TS, node: TS.SignatureDeclaration): boolean {
  return (ts.isFunctionDeclaration(node) || ts.isMethodDeclaration(node) || ts.isFunctionExpression(node) || ts.isArrowFunction(node)) && node.body !== undefined;
}

function makesNewPromise(ts: typeof TS, declaration: TS.FunctionLikeDeclaration, types: TypeAdapter, open: Set<TS.Node>): Answer {
  if (declaration.asteriskToken !== undefined) return false; // a generator
  if (ts.getModifiers(declaration)?.some((modifier) => modifier.kind === ts.SyntaxKind.AsyncKeyword)) return 1;
  const body = declaration.body;
  if (body === undefined) return false;
  const returned: (TS.Expression | undefined)[] = [];
  if (ts.isBlock(body)) {
    const visit = (node: TS.Node): void => {
      if (ts.isReturnStatement(node)) returned.push(node.expression);
      else if (!ts.isFunctionLike(node) && !ts.isClassLike(node)) ts.forEachChild(node, visit);
    };
    ts.forEachChild(body, visit);
  } else returned.push(body);
  const deepest = every(returned, (expression) => (expression === undefined ? false : isNewPromise(ts, expression, types, open)));
  return typeof deepest === 'number' ? deepest + 1 : deepest;
}

/** `new Promise(...)` on the global `Promise` (depth 0), a call that returns its own promise, or a conditional between two of them. */
function isNewPromise(ts: typeof TS, expression: TS.Expression, types: TypeAdapter, open: Set<TS.Node>): Answer {
  const bare = skipOuter(ts, expression);
  if (ts.isNewExpression(bare)) {
    return isGlobalPromise(ts, skipOuter(ts, bare.expression), types) && 0;
  }
  if (ts.isCallExpression(bare)) return ownPromise(ts, bare, types, open);
  if (ts.isConditionalExpression(bare)) return every([bare.whenTrue, bare.whenFalse], (branch) => isNewPromise(ts, branch, types, open));
  return false;
}

/** All of them (at least one): false as soon as one is false; else cut short if one was; else the deepest proof. */
function every<T>(items: readonly T[], answer: (item: T) => Answer): Answer {
  let result: Answer = items.length > 0 && 0;
  for (const item of items) {
    const each = answer(item);
    if (each === false) return false;
    if (each === 'cut short') result = 'cut short';
    else if (typeof result === 'number') result = Math.max(result, each);
  }
  return result;
}

/**
 * bounded-concurrency: unbounded fan-outs -> `mapLimit` / `mapSettledLimit` from leash.
 *
 *   Promise.all(xs.map(async (x, i) => ...))       -> mapLimit(xs, 8, async (x, i) => ...)
 *   Promise.all(xs.map(fn))                         -> mapLimit(xs, 8, fn)
 *   Promise.allSettled(xs.map(...))                 -> mapSettledLimit(xs, 8, ...)
 *   const ps = []; for (const x of xs) ps.push(f(x)); await Promise.all(ps)
 *                                                   -> await mapLimit(xs, 8, (x) => f(x))
 *
 * The limit comes from `--limit` (default 8). Results keep their order and the callback keeps its
 * index parameter. `{ signal }` is passed when a signal is in scope, so an abort stops new items
 * from starting. Explicit type arguments are kept as the callback's return type
 * (`xs.map<Promise<U>>(cb)` and `Promise.all<U>(...)` type the callback, so that is where they go).
 *
 * Left alone on purpose (fixtures in __testfixtures__/bounded-concurrency/):
 *   - literal tuples, `Promise.all([a(), b()])`: already bounded (`small-tuple`).
 *   - a callback that reads the third (array) argument or `arguments` (`uses-array-argument`,
 *     `uses-arguments`): mapLimit passes (item, index) only. Reported.
 *   - a callback with a rest parameter (`rest-parameter`). Reported.
 *   - a callback given by reference that is not a function declared in the same file, so its
 *     parameters cannot be checked (`unresolved-callback`). Reported.
 *   - `.map(fn, thisArg)` and `xs?.map(...)` (`map-this-arg`, `optional-map`). Reported.
 *   - type arguments that name the array type rather than the element type, or that collide with
 *     a return type the callback already declares (`type-arguments`). Reported.
 *   - push loops that are not exactly "declare [] / for-of whose body ends in one push / the next
 *     statement awaits Promise.all": `var` loop bindings, `await`/`break`/`return` in the body,
 *     the array used anywhere else (`loop-shape`). Reported.
 *   - code already using mapLimit (`already-migrated`): nothing matches, nothing changes.
 */
import type { JSCodeshift } from 'jscodeshift';
import { isFunction, isPromiseCall, jumps, mentions, suspends } from '../lib/ast';
import { findSignal, signalOptionsText, typesWithSignal } from '../lib/signal';
import { asJscodeshiftTransform, type Context, type SyntacticTransform } from '../lib/transform';

export const name = 'bounded-concurrency';

export const messages = {
  'uses-array-argument':
    'the callback reads its third (array) argument, which mapLimit does not pass; capture the array in a variable and call mapLimit by hand',
  'uses-arguments': 'the callback reads `arguments`; give it named (item, index) parameters, then rerun',
  'rest-parameter': 'the callback takes a rest parameter; give it named (item, index) parameters, then rerun',
  'unresolved-callback':
    'the callback is not a function declared in this file, so its parameters cannot be checked; if it ignores a third (array) argument, replace with mapLimit(items, limit, fn) by hand',
  'map-this-arg': 'map() gets a thisArg; bind the callback instead, then rerun',
  'optional-map': 'the array is optional (`?.map`); add a guard, then rerun',
  'type-arguments': 'explicit type arguments cannot be moved onto the callback; move them by hand to mapLimit<Item, Result>(...)',
  'loop-shape':
    'promises are pushed into an array and awaited together, but not in the shape this codemod rewrites (declare [], a for-of whose body ends in one push, then Promise.all on the next statement); rewrite with mapLimit by hand',
} as const;

type Id = keyof typeof messages;

const STATEMENT_LIST = /^(BlockStatement|Program|StaticBlock)$/;
const METHODS = { all: 'mapLimit', allSettled: 'mapSettledLimit' } as const;

function apply(ctx: Context<Id>): void {
  const { j, root } = ctx;
  const local = typesWithSignal(root.get().node);
  for (const method of ['all', 'allSettled'] as const) {
    root
      .find(j.CallExpression)
      .filter((p: any) => isPromiseCall(p.node, method) && p.node.arguments.length === 1)
      .forEach((path: any) => {
        const arg = path.node.arguments[0];
        if (arg.type === 'CallExpression' || arg.type === 'OptionalCallExpression') migrateMapCall(ctx, path, method, local);
        else if (arg.type === 'Identifier') migratePushLoop(ctx, path, method, local);
      });
  }
}

function limitCall(ctx: Context<Id>, path: any, method: 'all' | 'allSettled', items: any, fn: any, local: Set<string>): any {
  const { j } = ctx;
  const args = [items, j.numericLiteral(ctx.options.limit), fn];
  const signal = findSignal(path, local);
  if (signal) args.push(ctx.raw(signalOptionsText(signal)));
  return j.callExpression(ctx.marked(ctx.imports.need(METHODS[method])), args);
}

/** `Promise.all(xs.map(cb))`. */
function migrateMapCall(ctx: Context<Id>, path: any, method: 'all' | 'allSettled', local: Set<string>): void {
  const { j } = ctx;
  const call = path.node;
  const map = call.arguments[0];
  const callee = map.callee;
  const isMap =
    (callee.type === 'MemberExpression' || callee.type === 'OptionalMemberExpression') &&
    !callee.computed &&
    callee.property.type === 'Identifier' &&
    callee.property.name === 'map';
  if (!isMap) return;
  if (callee.type === 'OptionalMemberExpression' || callee.optional || map.type === 'OptionalCallExpression') return ctx.skip(call, 'optional-map');
  if (map.arguments.length !== 1) return ctx.skip(call, map.arguments.length > 1 ? 'map-this-arg' : 'unresolved-callback');
  const cb = map.arguments[0];

  let dropThird = false;
  if (isFunction(cb)) {
    const check = checkCallback(cb, true);
    if (typeof check === 'string') return ctx.skip(call, check);
    dropThird = check.dropThird;
  } else if (cb.type === 'Identifier') {
    const decl = resolveFunction(path, cb.name);
    if (!decl) return ctx.skip(call, 'unresolved-callback', `\`${cb.name}\``);
    const check = checkCallback(decl, false);
    if (typeof check === 'string') return ctx.skip(call, check, `\`${cb.name}\``);
  } else {
    return ctx.skip(call, 'unresolved-callback');
  }

  // Type arguments: `xs.map<U>(cb)` types cb's return as U; `Promise.all<T>(...)` as T | PromiseLike<T>.
  const mapType = map.typeParameters ?? map.typeArguments;
  const allType = call.typeParameters ?? call.typeArguments;
  if (mapType || allType) {
    const returnType = mapType ? single(mapType) : elementReturnType(j, single(allType), cb);
    if (!returnType || !isFunction(cb) || cb.returnType || (mapType && allType)) return ctx.skip(call, 'type-arguments');
    cb.returnType = j.tsTypeAnnotation(returnType);
  }
  if (dropThird) cb.params.splice(2); // unused, and mapLimit passes two arguments

  path.replace(limitCall(ctx, path, method, callee.object, cb, local));
  ctx.migrated++;
}

function single(params: any): any {
  return params?.params?.length === 1 ? params.params[0] : null;
}

/** For `Promise.all<T>`: the callback returns `Promise<T>` (async) or `T | PromiseLike<T>`; null when T is an array type. */
function elementReturnType(j: JSCodeshift, t: any, cb: any): any {
  if (!t) return null;
  if (t.type === 'TSArrayType' || t.type === 'TSTupleType' || t.type === 'TSTypeOperator') return null;
  if (t.type === 'TSTypeReference' && t.typeName.type === 'Identifier' && /^(Readonly)?Array$/.test(t.typeName.name)) return null;
  const ref = (n: string) => j.tsTypeReference(j.identifier(n), j.tsTypeParameterInstantiation([t]));
  if (cb.async) return ref('Promise');
  return j.tsUnionType([t, ref('PromiseLike')]);
}

/**
 * Why a callback cannot be handed to mapLimit as it is, or whether its unused third parameter must
 * go (an inline callback only: a declared function with three parameters does not fit the type).
 */
function checkCallback(fn: any, inline: boolean): Id | { dropThird: boolean } {
  const params = fn.params ?? [];
  if (params.some((p: any) => p.type === 'RestElement')) return 'rest-parameter';
  if (fn.type !== 'ArrowFunctionExpression' && mentions(fn.body, 'arguments')) return 'uses-arguments';
  if (params.length <= 2) return { dropThird: false };
  const third = params[2];
  const thirdName = third.type === 'Identifier' ? third.name : null;
  if (!inline || params.length > 3 || !thirdName || mentions(fn.body, thirdName)) return 'uses-array-argument';
  return { dropThird: true };
}

/** A function declared in the file under `name` and visible from `path`: a declaration or `const name = () => ...`. */
function resolveFunction(path: any, name: string): any {
  const scope = path.scope?.lookup?.(name);
  if (!scope) return null;
  const bindings = scope.getBindings()[name] ?? [];
  for (const b of bindings) {
    const parent = b.parent?.node;
    if (parent?.type === 'FunctionDeclaration' && parent.id === b.node) return parent;
    if (parent?.type === 'VariableDeclarator' && parent.id === b.node && isFunction(parent.init)) {
      const decl = b.parent.parent?.node;
      if (decl?.kind === 'const') return parent.init;
    }
  }
  return null;
}

/**
 * `const ps = []; for (const x of xs) { ...; ps.push(e); } <stmt with Promise.all(ps)>`.
 * The three statements must be adjacent in one block and `ps` used nowhere else.
 */
function migratePushLoop(ctx: Context<Id>, path: any, method: 'all' | 'allSettled', local: Set<string>): void {
  const { j } = ctx;
  const call = path.node;
  const arrayName: string = call.arguments[0].name;

  // Find the statement holding the call, in its block, without leaving the enclosing function.
  let stmtPath = path;
  while (stmtPath.parent && !(stmtPath.parentPath?.name === 'body' && STATEMENT_LIST.test(stmtPath.parent.node.type))) {
    stmtPath = stmtPath.parent;
    if (isFunction(stmtPath.node)) return;
  }
  const block = stmtPath.parentPath?.value;
  const index = stmtPath.name;
  if (!Array.isArray(block) || typeof index !== 'number') return;

  // Only consider arrays that are built by pushing in a loop: others are not fan-outs we can see.
  const scopeNode = enclosingFunctionOrProgram(stmtPath);
  const declared = findEmptyArrayDeclaration(scopeNode, arrayName);
  if (!declared || !pushedInLoop(scopeNode, arrayName)) return;

  const loop = block[index - 1];
  const decl = block[index - 2];
  const fail = (detail: string) => ctx.skip(call, 'loop-shape', detail);
  if (!decl || decl !== declared.statement) return fail(`\`${arrayName}\` must be declared right before the loop`);
  if (loop?.type !== 'ForOfStatement' || loop.await) return fail('the loop must be a for-of right before this statement');
  if (loop.left.type !== 'VariableDeclaration' || loop.left.kind === 'var' || loop.left.declarations.length !== 1) {
    return fail('the loop must declare its binding with const or let');
  }
  const body: any[] = loop.body.type === 'BlockStatement' ? loop.body.body : [loop.body];
  const last = body[body.length - 1];
  const push = last?.type === 'ExpressionStatement' ? last.expression : null;
  const isPush =
    push?.type === 'CallExpression' &&
    push.callee.type === 'MemberExpression' &&
    !push.callee.computed &&
    push.callee.object.type === 'Identifier' &&
    push.callee.object.name === arrayName &&
    push.callee.property.name === 'push' &&
    push.arguments.length === 1 &&
    push.arguments[0].type !== 'SpreadElement';
  if (!isPush) return fail(`the loop body must end with ${arrayName}.push(promise)`);
  const prefix = body.slice(0, -1);
  if (prefix.some((s) => mentions(s, arrayName))) return fail(`\`${arrayName}\` is used inside the loop besides the push`);
  if (body.some((s) => suspends(s) || jumps(s))) return fail('the loop body awaits, yields, breaks, continues or returns');
  if (countMentions(scopeNode, arrayName) !== 3) return fail(`\`${arrayName}\` is used outside the loop and Promise.all`);

  const element = push.arguments[0];
  const params = [loop.left.declarations[0].id];
  const fn =
    prefix.length === 0
      ? j.arrowFunctionExpression(params, element)
      : j.arrowFunctionExpression(params, j.blockStatement([...prefix, j.returnStatement(element)]));
  const elementType = arrayElementType(declared.declarator.id.typeAnnotation?.typeAnnotation);
  if (elementType) (fn as any).returnType = j.tsTypeAnnotation(elementType);

  // Comments above the removed declaration move to the statement that now does the work.
  const moved = [...(decl.comments ?? []), ...(loop.comments ?? [])].filter((c: any) => c.leading);
  const items = loop.right;
  path.replace(limitCall(ctx, path, method, items, fn, local));
  if (moved.length) block[index].comments = [...moved, ...(block[index].comments ?? [])];
  const list = stmtPath.parentPath;
  list.get(index - 1).prune();
  list.get(index - 2).prune();
  ctx.migrated++;
}

function enclosingFunctionOrProgram(path: any): any {
  let p = path.parent;
  while (p && !isFunction(p.node) && p.node.type !== 'Program') p = p.parent;
  return p?.node;
}

function findEmptyArrayDeclaration(scopeNode: any, name: string): { statement: any; declarator: any } | null {
  let found: { statement: any; declarator: any } | null = null;
  const visit = (node: any) => {
    if (!node || typeof node !== 'object' || found) return;
    if (Array.isArray(node)) return node.forEach(visit);
    if (node !== scopeNode && isFunction(node)) return;
    if (node.type === 'VariableDeclaration' && node.declarations.length === 1) {
      const d = node.declarations[0];
      if (d.id.type === 'Identifier' && d.id.name === name && d.init?.type === 'ArrayExpression' && d.init.elements.length === 0) {
        found = { statement: node, declarator: d };
        return;
      }
    }
    for (const key of Object.keys(node)) {
      if (key === 'loc' || key === 'comments' || key === 'original' || key === 'tokens') continue;
      const v = node[key];
      if (v && typeof v === 'object') visit(v);
    }
  };
  visit(scopeNode.body ?? scopeNode);
  return found;
}

function pushedInLoop(scopeNode: any, name: string): boolean {
  let found = false;
  const visit = (node: any, inLoop: boolean) => {
    if (!node || typeof node !== 'object' || found) return;
    if (Array.isArray(node)) return node.forEach((n) => visit(n, inLoop));
    const loop = inLoop || /^(For|ForIn|ForOf|While|DoWhile)Statement$/.test(node.type) || (isFunction(node) && node !== scopeNode);
    if (
      inLoop &&
      node.type === 'CallExpression' &&
      node.callee.type === 'MemberExpression' &&
      node.callee.object.type === 'Identifier' &&
      node.callee.object.name === name &&
      node.callee.property.name === 'push'
    ) {
      found = true;
      return;
    }
    for (const key of Object.keys(node)) {
      if (key === 'loc' || key === 'comments' || key === 'original' || key === 'tokens') continue;
      const v = node[key];
      if (v && typeof v === 'object') visit(v, loop);
    }
  };
  visit(scopeNode.body ?? scopeNode, false);
  return found;
}

function countMentions(scopeNode: any, name: string): number {
  let n = 0;
  const visit = (node: any) => {
    if (!node || typeof node !== 'object') return;
    if (Array.isArray(node)) return node.forEach(visit);
    if (node.type === 'Identifier' && node.name === name) n++;
    for (const key of Object.keys(node)) {
      if (key === 'loc' || key === 'comments' || key === 'original' || key === 'tokens' || key === 'typeAnnotation') continue;
      const v = node[key];
      if (v && typeof v === 'object') visit(v);
    }
  };
  visit(scopeNode.body ?? scopeNode);
  return n;
}

/** `Promise<T>[]` / `Array<Promise<T>>` -> `Promise<T>`. */
function arrayElementType(t: any): any {
  if (!t) return null;
  if (t.type === 'TSArrayType') return t.elementType;
  if (t.type === 'TSTypeReference' && t.typeName.type === 'Identifier' && t.typeName.name === 'Array') return single(t.typeParameters ?? t.typeArguments);
  return null;
}

export const transform: SyntacticTransform<Id> = {
  name,
  description: 'Promise.all / allSettled over an unbounded fan-out -> mapLimit / mapSettledLimit',
  messages,
  mayMatch: (source) => source.includes('Promise.all'),
  apply,
};

export default asJscodeshiftTransform(transform);

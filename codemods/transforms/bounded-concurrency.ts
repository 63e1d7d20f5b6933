/**
 * bounded-concurrency: unbounded fan-outs -> `mapLimit` / `mapSettledLimit` from leash.
 *
 *   Promise.all(xs.map(async (x, i) => ...))       -> mapLimit(xs, 8, async (x, i) => ...)
 *   Promise.all(xs.map(fn))                         -> mapLimit(xs, 8, fn)
 *   Promise.allSettled(xs.map(...))                 -> mapSettledLimit(xs, 8, ...)
 *   const ps = []; for (const x of xs) ps.push(f(x)); await Promise.all(ps)
 *                                                   -> await mapLimit(xs, 8, (x) => f(x))
 *   const ps = xs.map(cb); await Promise.all(ps)    -> await mapLimit(xs, 8, cb)
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
 *   - a callback that hands its item to a queue, a limiter or a pool (`this.add(fn)`,
 *     `limit(() => ...)`, `queue.push(job)`): the work is already scheduled elsewhere, and bounding
 *     the hand-off changes queue size, order and what runs after a rejection (`enqueues`). Reported.
 *   - code already using mapLimit (`already-migrated`): nothing matches, nothing changes.
 */
import type { Part } from '../lib/edits';
import { isFunction, isPromiseCall, jumps, mentions, some, suspends, walk } from '../lib/ast';
import { MARKER_TEXT } from '../lib/marker';
import { signalOptionsText } from '../lib/signal';
import { asJscodeshiftTransform, type Context, type SyntacticTransform } from '../lib/transform';
import { enclosingFunction, resolveBinding, statementOf, type Path } from '../lib/tree';

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
  enqueues:
    'the callback hands each item to something that already schedules the work (a queue, a limiter, a pool): bounding the hand-off would change how many are admitted at once, their order and what runs after a rejection; bound the work where it is performed',
  'loop-shape':
    'promises are pushed into an array and awaited together, but not in the shape this codemod rewrites (declare [], a for-of whose body ends in one push, then Promise.all on the next statement); rewrite with mapLimit by hand',
} as const;

type Id = keyof typeof messages;

const METHODS = { all: 'mapLimit', allSettled: 'mapSettledLimit' } as const;

function apply(ctx: Context<Id>): void {
  const candidates = ctx.find('CallExpression', (n) => (isPromiseCall(n, 'all') || isPromiseCall(n, 'allSettled')) && n.arguments.length === 1);
  for (const path of candidates) {
    const method = isPromiseCall(path.node, 'all') ? 'all' : 'allSettled';
    const arg = path.node.arguments[0];
    if (arg.type === 'CallExpression' || arg.type === 'OptionalCallExpression') migrateMapCall(ctx, path, method, arg, null);
    else if (arg.type === 'Identifier' && !migrateMappedArray(ctx, path, method)) migratePushLoop(ctx, path, method);
  }
}

/** Replaces the `Promise.all(...)` call with `mapLimit(<items>, <limit>, <fn>[, { signal }])`. */
function replaceWithLimit(ctx: Context<Id>, path: Path, method: 'all' | 'allSettled', items: Part, fn: Part[]): void {
  const signal = ctx.signalAt(path);
  const name = ctx.imports.need(METHODS[method]);
  ctx.replace(path.node, [`${MARKER_TEXT} ${name}(`, items, `, ${ctx.options.limit}, `, ...fn, signal ? `, ${signalOptionsText(signal)})` : ')']);
  ctx.migrated++;
}

/**
 * `Promise.all(xs.map(cb))`, or `Promise.all(ps)` where `map` is the `xs.map(cb)` that `ps` was
 * declared with right before (`declaration`: that statement, removed).
 */
function migrateMapCall(ctx: Context<Id>, path: Path, method: 'all' | 'allSettled', map: any, declaration: { start: number; end: number } | null): void {
  const call = path.node;
  const callee = map.callee;
  const isMap =
    (callee.type === 'MemberExpression' || callee.type === 'OptionalMemberExpression') &&
    !callee.computed &&
    callee.property.type === 'Identifier' &&
    callee.property.name === 'map';
  if (!isMap || !ctx.isLive(call)) return;
  if (callee.type === 'OptionalMemberExpression' || callee.optional || map.type === 'OptionalCallExpression') return ctx.skip(call, 'optional-map');
  if (map.arguments.length !== 1) return ctx.skip(call, map.arguments.length > 1 ? 'map-this-arg' : 'unresolved-callback');
  const cb = map.arguments[0];

  let dropThird = false;
  if (isFunction(cb)) {
    const check = checkCallback(cb, true);
    if (typeof check === 'string') return ctx.skip(call, check);
    if (enqueues(cb.body)) return ctx.skip(call, 'enqueues');
    dropThird = check.dropThird;
  } else if (cb.type === 'Identifier') {
    const decl = resolveFunction(path, cb.name);
    if (!decl) return ctx.skip(call, 'unresolved-callback', `\`${cb.name}\``);
    const check = checkCallback(decl, false);
    if (typeof check === 'string') return ctx.skip(call, check, `\`${cb.name}\``);
    if (enqueues(decl.body)) return ctx.skip(call, 'enqueues', `\`${cb.name}\``);
  } else {
    return ctx.skip(call, 'unresolved-callback');
  }

  // Type arguments: `xs.map<U>(cb)` types cb's return as U; `Promise.all<T>(...)` as T | PromiseLike<T>.
  const mapType = map.typeParameters ?? map.typeArguments;
  const allType = call.typeParameters ?? call.typeArguments;
  if (mapType || allType) {
    const returnType = mapType ? single(mapType) && ctx.text(single(mapType)) : elementReturnType(ctx, single(allType), cb);
    if (!returnType || !isFunction(cb) || cb.returnType || (mapType && allType)) return ctx.skip(call, 'type-arguments');
    addReturnType(ctx, cb, returnType);
  }
  if (dropThird) ctx.edits.remove(cb.params[1].end, cb.params[2].end); // unused, and mapLimit passes two arguments

  replaceWithLimit(ctx, path, method, ctx.slice(callee.object), [ctx.slice(cb)]);
  if (declaration) ctx.edits.remove(declaration.start, declaration.end);
}

/** Methods and functions that hand work to a scheduler instead of doing it. */
const ENQUEUE_METHODS = /^(add|addAll|enqueue|schedule|submit|offer|put|acquire|runExclusive|wrap)$/;
const SCHEDULER_NAME = /(queue|limit|limiter|pool|throttle|semaphore|mutex|lock|scheduler|bottleneck)/i;

/** Does the callback hand its work to a queue, a limiter or a pool (`this.add(fn)`, `limit(() => ...)`, `queue.push(job)`)? */
function enqueues(body: any): boolean {
  return some(body, (n) => {
    if (n.type !== 'CallExpression' && n.type !== 'OptionalCallExpression') return false;
    const callee = n.callee;
    if (callee.type === 'Identifier') return SCHEDULER_NAME.test(callee.name);
    if ((callee.type === 'MemberExpression' || callee.type === 'OptionalMemberExpression') && !callee.computed && callee.property.type === 'Identifier') {
      const receiver = callee.object.type === 'Identifier' ? callee.object.name : callee.object.type === 'MemberExpression' && !callee.object.computed ? callee.object.property.name : '';
      if (SCHEDULER_NAME.test(receiver ?? '')) return true;
      // `this.add(job)` in a queue class; `seen.add(id)` on a Set is not a hand-off.
      return callee.object.type === 'ThisExpression' && ENQUEUE_METHODS.test(callee.property.name);
    }
    return false;
  });
}

/**
 * `const ps = xs.map(cb);` then, as the next statement, one that awaits or returns
 * `Promise.all(ps)`, with `ps` used nowhere else: the commonest fan-out. Returns false when the
 * shape does not match (the push-loop rewrite gets its turn).
 */
function migrateMappedArray(ctx: Context<Id>, path: Path, method: 'all' | 'allSettled'): boolean {
  const call = path.node;
  const arrayName: string = call.arguments[0].name;
  const place = statementOf(path);
  if (!place) return false;
  const { list: block, index, statement } = place;
  const decl = block[index - 1];
  const d = decl?.type === 'VariableDeclaration' && decl.kind !== 'var' && decl.declarations.length === 1 ? decl.declarations[0] : null;
  if (!d || d.id.type !== 'Identifier' || d.id.name !== arrayName || d.id.typeAnnotation) return false;
  const init = d.init;
  const isMap =
    init?.type === 'CallExpression' &&
    init.callee.type === 'MemberExpression' &&
    !init.callee.computed &&
    init.callee.property.type === 'Identifier' &&
    init.callee.property.name === 'map';
  if (!isMap) return false;
  const scopeNode = enclosingFunction(statement)?.node;
  if (!scopeNode || countMentions(scopeNode, arrayName) !== 2) {
    ctx.skip(call, 'loop-shape', `\`${arrayName}\` is used besides its declaration and Promise.all`);
    return true;
  }
  migrateMapCall(ctx, path, method, init, { start: decl.start, end: statement.node.start });
  return true;
}

function single(params: any): any {
  return params?.params?.length === 1 ? params.params[0] : null;
}

/** For `Promise.all<T>`: the callback returns `Promise<T>` (async) or `T | PromiseLike<T>`; null when T is an array type. */
function elementReturnType(ctx: Context<Id>, t: any, cb: any): string | null {
  if (!t) return null;
  if (t.type === 'TSArrayType' || t.type === 'TSTupleType' || t.type === 'TSTypeOperator') return null;
  if (t.type === 'TSTypeReference' && t.typeName.type === 'Identifier' && /^(Readonly)?Array$/.test(t.typeName.name)) return null;
  const text = ctx.text(t);
  if (cb.async) return `Promise<${text}>`;
  const operand = /^TS(Function|Constructor|Conditional)Type$/.test(t.type) ? `(${text})` : text;
  return `${operand} | PromiseLike<${text}>`;
}

/** Writes `: type` after a function's parameter list, adding the parentheses `x => ...` lacks. */
function addReturnType(ctx: Context<Id>, fn: any, type: string): void {
  const source = ctx.source;
  const params: any[] = fn.params;
  const last = params[params.length - 1];
  if (last && fn.type === 'ArrowFunctionExpression' && params.length === 1 && !source.slice(fn.start, last.start).includes('(')) {
    ctx.replace(last, ['(', ctx.slice(last), `): ${type}`]);
    return;
  }
  let at = last ? last.end : source.indexOf('(', fn.typeParameters?.end ?? fn.id?.end ?? fn.start);
  if (!last) at += 1;
  // Past whitespace, comments and a trailing comma, to the closing parenthesis.
  for (at = skipTrivia(source, at); source[at] === ','; at = skipTrivia(source, at + 1));
  ctx.edits.insert(at + 1, `: ${type}`);
}

/** The index of the first character from `at` that is not whitespace or a comment. */
function skipTrivia(source: string, at: number): number {
  let i = at;
  for (;;) {
    while (i < source.length && /\s/.test(source[i]!)) i++;
    if (source.startsWith('//', i)) i = source.indexOf('\n', i) < 0 ? source.length : source.indexOf('\n', i);
    else if (source.startsWith('/*', i)) i = source.indexOf('*/', i) + 2;
    else return i;
  }
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
function resolveFunction(path: Path, name: string): any {
  const binding = resolveBinding(path, name);
  if (binding?.type === 'FunctionDeclaration') return binding;
  if (binding?.type === 'VariableDeclarator' && binding.id.type === 'Identifier' && isFunction(binding.init)) {
    const declaration = findDeclaration(path, binding);
    return declaration?.kind === 'const' ? binding.init : null;
  }
  return null;
}

/** The `VariableDeclaration` that holds `declarator` (declarators do not know their kind). */
function findDeclaration(path: Path, declarator: any): any {
  for (let p = path.parent; p; p = p.parent) {
    const list = p.node.body ?? p.node.consequent;
    if (!Array.isArray(list)) continue;
    for (const s of list) {
      const d = s.type === 'ExportNamedDeclaration' ? s.declaration : s;
      if (d?.type === 'VariableDeclaration' && d.declarations.includes(declarator)) return d;
    }
  }
  return null;
}

/**
 * `const ps = []; for (const x of xs) { ...; ps.push(e); } <stmt with Promise.all(ps)>`.
 * The three statements must be adjacent in one block and `ps` used nowhere else.
 */
function migratePushLoop(ctx: Context<Id>, path: Path, method: 'all' | 'allSettled'): void {
  const call = path.node;
  const arrayName: string = call.arguments[0].name;

  // The statement holding the call, in its block, without leaving the enclosing function.
  const place = statementOf(path);
  if (!place) return;
  const { list: block, index, statement } = place;

  // Only consider arrays that are built by pushing in a loop: others are not fan-outs we can see.
  const scopeNode = enclosingFunction(statement)?.node;
  const declared = findEmptyArrayDeclaration(scopeNode, arrayName);
  if (!declared || !pushedInLoop(scopeNode, arrayName) || !ctx.isLive(call)) return;

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

  // The callback: the loop binding as its parameter; the loop body, with `return <element>` for the push.
  const element = push.arguments[0];
  const elementType = arrayElementType(declared.declarator.id.typeAnnotation?.typeAnnotation);
  const head: Part[] = ['(', ctx.slice(loop.left.declarations[0].id), `)${elementType ? `: ${ctx.text(elementType)}` : ''} => `];
  const fn: Part[] =
    prefix.length === 0
      ? [...head, ...(element.type === 'ObjectExpression' ? ['(', ctx.slice(element), ')'] : [ctx.slice(element)])]
      : [...head, { start: loop.body.start, end: last.start }, 'return ', ctx.slice(element), ';', { start: last.end, end: loop.body.end }];
  replaceWithLimit(ctx, path, method, ctx.slice(loop.right), fn);
  // The text from the declaration to the statement goes; comments above the declaration stay,
  // now above the statement that does the work.
  ctx.edits.remove(decl.start, statement.node.start);
}

/** `const|let name = []` in the function's own code (nested functions aside). */
function findEmptyArrayDeclaration(scopeNode: any, name: string): { statement: any; declarator: any } | null {
  let found: { statement: any; declarator: any } | null = null;
  walk(
    scopeNode.body,
    (n) => {
      if (found) return false;
      const d = n.type === 'VariableDeclaration' && n.declarations.length === 1 ? n.declarations[0] : null;
      if (d?.id.type === 'Identifier' && d.id.name === name && d.init?.type === 'ArrayExpression' && d.init.elements.length === 0) {
        found = { statement: n, declarator: d };
      }
      return undefined;
    },
    true,
  );
  return found;
}

const LOOP = /^(For|ForIn|ForOf|While|DoWhile)Statement$/;

/** Is `name.push(...)` called inside a loop or a callback (`xs.forEach(...)`) of the function? */
function pushedInLoop(scopeNode: any, name: string): boolean {
  const isPush = (n: any) =>
    n.type === 'CallExpression' &&
    n.callee.type === 'MemberExpression' &&
    n.callee.object.type === 'Identifier' &&
    n.callee.object.name === name &&
    n.callee.property.name === 'push';
  return some(scopeNode.body, (n) => (LOOP.test(n.type) || isFunction(n)) && some(n, isPush), true);
}

function countMentions(scopeNode: any, name: string): number {
  let count = 0;
  walk(scopeNode.body, (n, parent) => {
    if (n.type === 'Identifier' && n.name === name && parent?.type !== 'TSTypeReference') count++;
  });
  return count;
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
  messages,
  mayMatch: (source) => source.includes('Promise.all'),
  apply,
};

export default asJscodeshiftTransform(transform);

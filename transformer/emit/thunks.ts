/**
 * A task's or held call's thunk, written when TypeScript prints the file rather than in the
 * `before` transformer: `leash.spawn(site, call)` stays a plain argument through TypeScript's own
 * transforms, which lower the call where it stands — a `?.`/`??` temporary is declared in the
 * enclosing function, a loop body moved into a function reads `this_1`, an ES5 arrow's `this`
 * reads `_this` only where tsc's does — and only then does the call become `() => call` (below
 * ES2015 `function () { return call; }`, with the caller's `this` and `arguments` passed for the
 * runtime to apply it with when the lowered call reads them). So the output is plain `tsc` output
 * plus leash's calls, for every target (checked by test/emit).
 *
 * It is a substitution (`onSubstituteNode`), the hook TypeScript's own transforms use to rewrite a
 * node as it is printed: a ts-patch plugin gives one `before` transformer, which runs before the
 * lowering, and no `after` one. A call is recognised by its original node; one the printer never
 * reached (a transform that rebuilt it without keeping its original) is reported, never left silently.
 */
import type * as TS from 'typescript';

export interface Thunks {
  /**
   * `callee(...leading, call)`, whose last argument the printer writes as a thunk of `call`.
   * `file` is the original file, for the report of a call never written. With `hoist` (the
   * call's only intent is this one, and no other ends where it ends) the functions the call
   * holds are moved behind the thunk (`coverageHoist`), as the text emitter does.
   */
  wrap(callee: TS.Expression, leading: readonly TS.Expression[], call: TS.Expression, range: TS.TextRange, file: TS.SourceFile, hoist?: boolean): TS.CallExpression;
}

/** Called once per file printed with `count` calls not written as thunks. */
export type UnwrittenReport = (file: TS.SourceFile, count: number) => void;

const byContext = new WeakMap<TS.TransformationContext, Thunks>();

/** The thunk writer of one emit (one transformation context), its printer hooks installed once. */
export function thunksFor(ts: typeof TS, context: TS.TransformationContext, target: TS.ScriptTarget, report: UnwrittenReport): Thunks {
  const known = byContext.get(context);
  if (known !== undefined) return known;
  const { factory } = context;
  const getEmitFlags = (ts as typeof ts & { getEmitFlags(node: TS.Node): TS.EmitFlags }).getEmitFlags;
  const es5 = target < ts.ScriptTarget.ES2015;
  /** Marker call → its original file. */
  const markers = new WeakMap<TS.Node, TS.SourceFile>();
  /** Markers whose functions may be moved behind the thunk → the call in the original file. */
  const hoisting = new WeakMap<TS.Node, TS.Node>();
  /** Markers not printed yet, by file name. */
  const pending = new Map<string, Set<TS.Node>>();
  /** What each printed marker became (a node printed twice is written once). */
  const written = new WeakMap<TS.Node, TS.Expression>();
  const results = new WeakSet<TS.Node>();
  /** The functions being printed, innermost last (ES5: whether TypeScript prints `this` as `_this` there). */
  const functions: TS.Node[] = [];

  const previousSubstitute = context.onSubstituteNode;
  context.onSubstituteNode = (hint, node) => {
    const substituted = previousSubstitute(hint, node);
    if (hint !== ts.EmitHint.Expression || !ts.isCallExpression(substituted) || results.has(substituted)) return substituted;
    const marker = ts.getOriginalNode(substituted);
    const file = markers.get(marker);
    if (file === undefined) return substituted;
    pending.get(file.fileName)?.delete(marker);
    let result = written.get(substituted);
    if (result === undefined) {
      result = write(substituted, hoisting.get(marker), file);
      written.set(substituted, result);
      results.add(result);
    }
    return result;
  };
  context.enableSubstitution(ts.SyntaxKind.CallExpression);

  const previousEmit = context.onEmitNode;
  context.onEmitNode = (hint, node, emitCallback) => {
    if (ts.isSourceFile(node)) {
      previousEmit(hint, node, emitCallback);
      const original = ts.getOriginalNode(node) as TS.SourceFile;
      const left = pending.get(original.fileName);
      if (left !== undefined && left.size > 0) report(original, left.size);
      pending.delete(original.fileName);
      return;
    }
    if (!es5 || !ts.isFunctionLike(node)) return previousEmit(hint, node, emitCallback);
    functions.push(node);
    try {
      previousEmit(hint, node, emitCallback);
    } finally {
      functions.pop();
    }
  };
  context.enableEmitNotification(ts.SyntaxKind.SourceFile);
  if (es5) {
    for (const kind of [ts.SyntaxKind.FunctionExpression, ts.SyntaxKind.FunctionDeclaration, ts.SyntaxKind.ArrowFunction, ts.SyntaxKind.MethodDeclaration, ts.SyntaxKind.Constructor, ts.SyntaxKind.GetAccessor, ts.SyntaxKind.SetAccessor]) {
      context.enableEmitNotification(kind);
    }
  }

  /** The marker `callee(...leading, call)` with its last argument made a thunk of the call as lowered. */
  function write(marker: TS.CallExpression, source: TS.Node | undefined, file: TS.SourceFile): TS.Expression {
    const args = marker.arguments;
    const call = args[args.length - 1] as TS.Expression;
    const leading = args.slice(0, -1);
    const hint = <T extends TS.Node>(thunk: T): T => ts.addSyntheticLeadingComment(thunk, ts.SyntaxKind.MultiLineCommentTrivia, COVERAGE_HINT.slice(2, -2), false);
    const moved = coverageHoist(ts, call);
    const hinted = <T extends TS.Node>(thunk: T): T => (moved?.length === 0 ? hint(thunk) : thunk);
    if (!es5 && source !== undefined && moved !== undefined && moved.length > 0 && mayMove(ts, file, source, moved.length)) {
      // `(f) => p.catch(f), void 0, [() => {}]`, as the text emitter writes it (and with the same names).
      const names = freeNames(file.text, moved.length);
      const byFunction = new Map<TS.Node, TS.Identifier>(moved.map((fn, i) => [fn, factory.createIdentifier(names[i]!)]));
      const swap = (node: TS.Node): TS.Node => byFunction.get(node) ?? ts.visitEachChild(node, swap, context);
      const parameters = names.map((name) => factory.createParameterDeclaration(undefined, undefined, name));
      const arrow = factory.createArrowFunction(undefined, undefined, parameters, undefined, factory.createToken(ts.SyntaxKind.EqualsGreaterThanToken), swap(call) as TS.Expression);
      return factory.updateCallExpression(marker, marker.expression, undefined, [...leading, hint(arrow), factory.createVoidZero(), factory.createArrayLiteralExpression(moved)]);
    }
    if (!es5) {
      const arrow = factory.createArrowFunction(undefined, undefined, [], undefined, factory.createToken(ts.SyntaxKind.EqualsGreaterThanToken), call);
      return factory.updateCallExpression(marker, marker.expression, undefined, [...leading, hinted(arrow)]);
    }
    const fn = hinted(factory.createFunctionExpression(undefined, undefined, undefined, undefined, [], undefined, factory.createBlock([factory.createReturnStatement(call)], false)));
    // Where TypeScript prints `this` as `_this` (in a function it made of an arrow, a derived
    // class's constructor), it does so in the thunk too: the call reads the same `_this`.
    const enclosing = functions[functions.length - 1];
    const capturesThis = enclosing !== undefined && (getEmitFlags(enclosing) & ts.EmitFlags.CapturesThis) !== 0;
    if (capturesThis) ts.setEmitFlags(fn, ts.EmitFlags.CapturesThis);
    const uses = lexicalUses(ts, call);
    const passed = uses.arguments ? [factory.createThis(), factory.createIdentifier('arguments')] : uses.this && !capturesThis ? [factory.createThis()] : [];
    return factory.updateCallExpression(marker, marker.expression, undefined, [...leading, fn, ...passed]);
  }

  const thunks: Thunks = {
    wrap(callee, leading, call, range, file, hoist) {
      const marker = ts.setTextRange(factory.createCallExpression(callee, undefined, [...leading, call]), range);
      markers.set(marker, file);
      if (hoist === true && ts.isParseTreeNode(range as TS.Node)) hoisting.set(marker, range as TS.Node);
      let set = pending.get(file.fileName);
      if (set === undefined) pending.set(file.fileName, (set = new Set()));
      set.add(marker);
      return marker;
    },
  };
  byContext.set(context, thunks);
  return thunks;
}

/**
 * What a lowered ES5 call reads from the function it stands in: `this` and `arguments` outside any
 * function within it (TypeScript has made every arrow a function by now, and prints the `this` of
 * one made of an arrow as `_this`). Also the text emitter's, on ES5 output.
 */
export function lexicalUses(ts: typeof TS, node: TS.Node): { this: boolean; arguments: boolean } {
  const uses = { this: false, arguments: false };
  const walk = (child: TS.Node): void => {
    if (ts.isFunctionLike(child) || ts.isClassLike(child)) return;
    if (child.kind === ts.SyntaxKind.ThisKeyword) uses.this = true;
    else if (ts.isIdentifier(child) && ts.idText(child) === 'arguments') uses.arguments = true;
    else if (ts.isPropertyAccessExpression(child)) return walk(child.expression);
    else if (ts.isPropertyAssignment(child)) {
      if (ts.isComputedPropertyName(child.name)) walk(child.name);
      return walk(child.initializer);
    }
    ts.forEachChild(child, walk);
  };
  walk(node);
  return uses;
}

/**
 * The comment written before a thunk whose call holds nothing coverage counts: the thunk is a
 * function the source does not have, so `vitest --coverage` (v8 or istanbul), nyc and jest would
 * count one more function, and one never called where the statement never ran (a threshold
 * on functions could fail where it passed plain). `ignore next` drops that function, with all it
 * holds, from the counts. No `@preserve`: minifiers may drop it, as they drop a build's coverage.
 */
export const COVERAGE_HINT = '/* istanbul ignore next */';

/**
 * The function and arrow expressions in `call` (outside any other) that a thunk can take as
 * arguments instead of holding them, so that ignoring the thunk hides none of the program's own
 * functions: `p.catch(() => {})` → `spawn(site, (f) => p.catch(f), void 0, [() => {}])`. Creating
 * a closure runs none of its code, and one made outside the thunk sees the same bindings, `this`
 * and `arguments` as one made inside an arrow. Undefined when, beside them, the call holds
 * something else coverage counts — a function that is not an expression, a class, a
 * conditional, `&&`/`||`/`??` (branches to istanbul and ast-v8-to-istanbul), an assignment (a
 * destructuring default is a branch): ignoring the thunk would hide those, so it stays counted.
 * Empty when the call holds nothing coverage counts: the thunk is only marked ignored.
 */
export function coverageHoist(ts: typeof TS, call: TS.Node): Array<TS.ArrowFunction | TS.FunctionExpression> | undefined {
  const K = ts.SyntaxKind;
  const hoisted: Array<TS.ArrowFunction | TS.FunctionExpression> = [];
  const counted = (node: TS.Node): boolean => {
    if (ts.isArrowFunction(node) || ts.isFunctionExpression(node)) return void hoisted.push(node), false;
    if (ts.isFunctionLike(node) || ts.isClassLike(node) || ts.isConditionalExpression(node)) return true;
    if (ts.isBinaryExpression(node)) {
      const op = node.operatorToken.kind;
      if (op === K.AmpersandAmpersandToken || op === K.BarBarToken || op === K.QuestionQuestionToken) return true;
      if (op >= K.FirstAssignment && op <= K.LastAssignment) return true;
    }
    return ts.forEachChild(node, counted) === true;
  };
  return counted(call) ? undefined : hoisted;
}

/**
 * Whether moving the functions at `moved` (start and end offsets in `text`, in order) behind a
 * call ending at `end` keeps every line of the call's own code on its line: no line break in the
 * call's text from the first of them on, outside them, and none inside one that the call's own
 * code follows (parentheses, brackets and commas may: `})()` ends an async IIFE). Without a
 * source map (leash/node on Node's own type stripping, no `--enable-source-maps`) a stack
 * trace's line is the line of the text run.
 */
export function keepsLines(text: string, moved: ReadonlyArray<readonly [number, number]>, end: number): boolean {
  // The call's own text after each moved function, up to the next one or the call's end.
  const gaps = moved.map(([, to], i) => text.slice(to, moved[i + 1]?.[0] ?? end));
  if (gaps.some((gap) => gap.includes('\n'))) return false;
  return moved.every(([from, to], i) => !text.slice(from, to).includes('\n') || /^[\s,()\]}]*$/.test(gaps.slice(i).join('')));
}

/**
 * Whether the functions of a call may be moved behind its thunk, decided on the call as written
 * (`call`, in the original `file`), so that every emitter decides alike whatever it writes into:
 * `count` functions to move there too, none of them the call's start (`void function () {}()`),
 * and, unless the output is `mapped`, every line kept (`keepsLines`). `functions`: the call's,
 * when the caller has them already.
 */
export function mayMove(ts: typeof TS, file: TS.SourceFile, call: TS.Node, count: number, functions = coverageHoist(ts, call), mapped = false): boolean {
  if (functions === undefined || functions.length !== count) return false;
  const ranges = functions.map((fn) => [fn.getStart(file), fn.end] as const);
  return ranges[0]![0] !== call.getStart(file) && (mapped || keepsLines(file.text, ranges, call.end));
}

/** `name` + the first number from `n` on that `code` does not already use as a word. */
export function freeName(code: string, prefix: string, n: number): string {
  while (new RegExp(`\\b${prefix}${n}\\b`).test(code)) n++;
  return `${prefix}${n}`;
}

/** The names of `count` functions moved behind a thunk: `leash_f1`, `leash_f2`, ..., each one `code` does not use. */
export function freeNames(code: string, count: number): string[] {
  const names: string[] = [];
  for (let n = 1; names.length < count; n++) {
    const name = freeName(code, 'leash_f', n);
    names.push(name);
    n = Number(name.slice('leash_f'.length));
  }
  return names;
}

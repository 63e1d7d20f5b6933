/**
 * The ts.factory emitter: writes a plan into a source file inside a `before` transformer. It finds
 * each intent's node by its original position, rebuilds it with `update*`/`create*` and gives the
 * new node the original's text range, so source maps point back at the original call. It never
 * asks the type checker anything: every decision is already in the plan.
 *
 * What it writes must come out of TypeScript's later transforms as plain `tsc` output plus leash's
 * calls, for every target and module format (checked by test/emit): so it never writes syntax that
 * a lower target would rewrite with helpers or temporaries of its own (`??`, an optional chain, an
 * arrow under ES5), it leaves a task's thunk to be written after TypeScript lowered the call
 * (`thunks.ts`), and it loads the runtime as `runtime-load.ts` decides, after the file's own
 * imports, so a header comment stays on top.
 */
import type * as TS from 'typescript';
import type { Mode } from '../config';
import { globalCallHook, spawnHook, type CallerSiteIntent, type Intent, type MethodCallIntent, type ObserveIntent, type Plan, type SignalIntent, type SignalSource, type SpawnHook, type SpawnIntent } from '../plan/intent';
import { skipParentheses } from '../plan/util/nodes';
import { RUNTIME_MODULE, type RuntimeLoad } from './runtime-load';
import type { Thunks } from './thunks';

export { RUNTIME_MODULE } from './runtime-load';

export interface EmitOptions {
  readonly mode: Mode;
  /** How the file loads the runtime (`runtimeLoad()`; never `none` here). */
  readonly load: Exclude<RuntimeLoad, { kind: 'none' }>;
  /** The compiler's `target`: below ES2015 the runtime is required with `var`, below ES2020 no `??` or `?.` is written. */
  readonly target: TS.ScriptTarget;
  /** Writes a task's thunk once TypeScript lowered the call (`thunksFor(context)`, installed when the transformer's context is made). */
  readonly thunks: Thunks;
}

/**
 * Returns `file` with the plan applied. `original` is the parsed file the plan's positions refer
 * to (the same object as `file` unless an earlier transformer replaced it).
 */
export function emitPlan(ts: typeof TS, context: TS.TransformationContext, file: TS.SourceFile, original: TS.SourceFile, plan: Plan, options: EmitOptions): TS.SourceFile {
  if (plan.intents.length === 0) return file;
  const { factory } = context;
  const ns = factory.createUniqueName('leash');
  const starts = plan.intents.map((intent) => intent.node.start);
  const byEnd = new Map<number, Intent[]>();
  for (const intent of plan.intents) {
    const list = byEnd.get(intent.node.end);
    if (list === undefined) byEnd.set(intent.node.end, [intent]);
    else list.push(intent);
  }

  const es5 = options.target < ts.ScriptTarget.ES2015;
  const belowEs2020 = options.target < ts.ScriptTarget.ES2020;
  /** Object spread is written as it stands (below ES2018 TypeScript would lower it to `Object.assign`, which reads a getter). */
  const objectSpread = options.target >= ts.ScriptTarget.ES2018;
  const { thunks } = options;
  const hook = (name: string, range?: TS.TextRange): TS.PropertyAccessExpression => {
    const access = factory.createPropertyAccessExpression(ns, name);
    return range === undefined ? access : ts.setTextRange(access, range);
  };
  const site = (intent: Intent): TS.StringLiteral => factory.createStringLiteral(intent.site);

  /** Whether some intent starts inside `[pos, end)`. */
  function hasIntentWithin(pos: number, end: number): boolean {
    let low = 0;
    let high = starts.length;
    while (low < high) {
      const mid = (low + high) >>> 1;
      if ((starts[mid] as number) < pos) low = mid + 1;
      else high = mid;
    }
    return low < starts.length && (starts[low] as number) < end;
  }

  function intentsOf(node: TS.Node): Intent[] | undefined {
    const list = byEnd.get(node.end);
    if (list === undefined) return undefined;
    const start = node.getStart(original);
    const found = list.filter((intent) => intent.node.start === start && (intent.kind === 'resume') === ts.isAwaitExpression(node));
    return found.length > 0 ? found : undefined;
  }

  const visit = (node: TS.Node): TS.Node => {
    const source = ts.getOriginalNode(node);
    const parsed = ts.isParseTreeNode(source);
    if (parsed && !hasIntentWithin(source.pos, source.end)) return node;
    const visited = ts.visitEachChild(node, visit, context);
    if (!parsed || !(ts.isCallExpression(source) || ts.isAwaitExpression(source) || ts.isNewExpression(source))) return visited;
    const intents = intentsOf(source);
    if (intents === undefined) return visited;
    if (ts.isAwaitExpression(visited)) {
      return ts.setTextRange(factory.createCallExpression(hook('resumed'), undefined, [visited]), source);
    }
    if (ts.isNewExpression(visited)) return rewriteNew(visited, source, intents);
    return rewriteCall(visited as TS.CallExpression, source, intents);
  };

  /** `new C(args)`: a signal in its arguments, then `leash.detach(() => new C(args))` when held. */
  function rewriteNew(node: TS.NewExpression, source: TS.Node, intents: Intent[]): TS.Expression {
    const signal = intents.find((intent): intent is SignalIntent => intent.kind === 'signal');
    const result = signal === undefined ? node : withSignal(signal, source, (args) => factory.updateNewExpression(node, node.expression, node.typeArguments, args), [...(node.arguments ?? [])]);
    return detached(result, source, intents);
  }

  /**
   * The call with the signal passed, only when there is one, so outside any scope (and in track
   * mode), where the runtime's signal is `undefined`, the callee gets exactly the caller's
   * arguments — `arguments.length`, rest parameters, a mock's recorded call and an options bag
   * without a `signal` key are as plain. As the text emitter writes it, `f(a, ...leash.signalArgs(S, 0, false))`
   * and `{ a, ...leash.signalProperty(S) }`, which spread nothing when S is `undefined`: one call,
   * no branch for a coverage report to count half taken. Where TypeScript would lower the spread
   * (a call's below ES2015, an object's below ES2018), `S === void 0 ? f(a) : f(a, S)` instead, `S`
   * read twice (a binding, a property or the ambient scope's signal, which an `await` in between
   * does not change) rather than through a temporary, whose hoisted `var` would shift tsc's own
   * temporaries' names. `withSignal(value, S)` keeps the argument count and returns `value`
   * itself when S is `undefined`. Below ES2015 an `await` or `yield` in the call would be lowered
   * twice into the generator's states, so there the signal is passed as before (`f(a, S)`,
   * `undefined` at the root).
   */
  function withSignal(intent: SignalIntent, source: TS.Node, build: (args: TS.Expression[]) => TS.Expression, args: TS.Expression[]): TS.Expression {
    const spreads = !es5 && intent.how !== 'with-signal' && (intent.how !== 'add-property' || objectSpread);
    if (spreads) return build(withSignalSpread(args, intent));
    const signalled = build(withSignalArgument(args, intent));
    if (intent.how === 'with-signal' || (es5 && suspends(ts, source))) return signalled;
    const none = factory.createStrictEquality(signalExpression(intent.source), factory.createVoidZero());
    return ts.setTextRange(factory.createConditionalExpression(none, undefined, build(args), undefined, signalled), source);
  }

  /**
   * A detached call: `leash.spawn(site, () => call)` in `bind` mode, whose runtime may refuse to
   * start it (its scope ended), and `leash.task(site, call)` in `track` mode, where nothing is
   * refused: no thunk, so the output holds no function of leash's for coverage to count and no
   * frame of leash's under the call in a stack trace.
   */
  function task(call: TS.Expression, source: TS.Node, intent: SpawnIntent, intents: Intent[]): TS.Expression {
    if (options.mode === 'track') return wrapValue(call, spawnHook(intent, true), intent, source);
    return thunks.wrap(hook(spawnHook(intent, false)), [site(intent)], call, source, original, alone(source, intents));
  }

  /** `leash.detach(() => expression)` when a `detach` intent is among `intents` (the thunk written as `thunks.ts` does, as for tasks). */
  function detached(expression: TS.Expression, source: TS.Node, intents: Intent[]): TS.Expression {
    if (!intents.some((intent) => intent.kind === 'detach')) return expression;
    return thunks.wrap(hook('detach'), [], expression, source, original, alone(source, intents));
  }

  /**
   * Whether the thunk of `source` may take the functions its call holds as arguments (thunks.ts,
   * `coverageHoist`): its one intent is the thunk's, and nothing else closes where it ends. The
   * text emitter asks the same of its groups.
   */
  function alone(source: TS.Node, intents: Intent[]): boolean {
    return intents.length === 1 && byEnd.get(source.end)?.length === 1;
  }

  function rewriteCall(call: TS.CallExpression, source: TS.Node, intents: Intent[]): TS.Expression {
    const signal = intents.find((intent): intent is SignalIntent => intent.kind === 'signal');
    const observe = intents.find((intent): intent is ObserveIntent => intent.kind === 'observe');
    let args: TS.Expression[] = [...call.arguments];
    if (observe !== undefined) args = wrapArgument(args, 0, 'observeAll', observe, observe.skip === 0 ? [] : [factory.createNumericLiteral(observe.skip)]);
    const caller = intents.find((intent): intent is CallerSiteIntent => intent.kind === 'caller-site');
    if (caller !== undefined) args = wrapArgument(args, caller.index, 'at', caller);
    const target = intents.find((intent) => intent.kind === 'global-call' || intent.kind === 'method-call');
    const build = (args: TS.Expression[]): TS.Expression => {
      if (target?.kind === 'global-call') {
        const receiver = target.receiver === undefined ? [] : [(call.expression as TS.PropertyAccessExpression).expression];
        return factory.updateCallExpression(call, hook(globalCallHook(target), call.expression), undefined, [site(target), ...receiver, ...args]);
      }
      if (target?.kind === 'method-call') return methodCall(call, source, target, args);
      if (signal === undefined && observe === undefined && caller === undefined) return call;
      return ts.isCallChain(call)
        ? factory.updateCallChain(call, call.expression, call.questionDotToken, call.typeArguments, args)
        : factory.updateCallExpression(call, call.expression, call.typeArguments, args);
    };
    let result = signal === undefined ? build(args) : withSignal(signal, source, build, args);
    const spawn = intents.find((intent): intent is SpawnIntent => intent.kind === 'spawn');
    if (spawn !== undefined) result = task(result, source, spawn, intents);
    return detached(result, source, intents);
  }

  /** `r.on(e, f)` → `leash.addListener(site, r, "on", e, f)`; in an optional chain, guarded by `r == null ? void 0 : ...`. */
  function methodCall(call: TS.CallExpression, source: TS.Node, intent: MethodCallIntent, args: TS.Expression[]): TS.Expression {
    const callee = call.expression as TS.PropertyAccessExpression;
    const receiver = callee.expression;
    const method = intent.passMethod ? [factory.createStringLiteral(intent.method)] : [];
    if (!intent.optional) {
      return factory.updateCallExpression(call, hook(intent.hook, callee), undefined, [site(intent), receiver, ...method, ...args]);
    }
    const simple = ts.isIdentifier(receiver) || receiver.kind === ts.SyntaxKind.ThisKeyword;
    const ref = simple ? receiver : factory.createTempVariable(context.hoistVariableDeclaration);
    const test = simple ? receiver : factory.createAssignment(ref, receiver);
    const invoke = factory.createCallExpression(hook(intent.hook, callee), undefined, [site(intent), ref, ...method, ...args]);
    // Below ES2020 in the shape TypeScript lowers `r?.m()` to, so only the call itself differs.
    const isNullish = belowEs2020
      ? factory.createLogicalOr(factory.createStrictEquality(test, factory.createNull()), factory.createStrictEquality(ref, factory.createVoidZero()))
      : factory.createEquality(test, factory.createNull());
    const guarded = factory.createConditionalExpression(isNullish, undefined, factory.createVoidZero(), undefined, invoke);
    return ts.setTextRange(guarded, source);
  }

  /** Argument `index` → `leash.<name>(site, argument, ...after)` (`observeAll`, `at`), mapped to the argument. */
  function wrapArgument(args: TS.Expression[], index: number, name: 'observeAll' | 'at', intent: Intent, after: TS.Expression[] = []): TS.Expression[] {
    const given = args[index];
    if (given === undefined) return args;
    const out = [...args];
    out[index] = wrapValue(given, name, intent, ts.getOriginalNode(given), after);
    return out;
  }

  /** `leash.<name>(site, value, ...after)`, mapped to `range` (`observeAll` and `at` around an argument, `task` around a call). */
  function wrapValue(value: TS.Expression, name: 'observeAll' | 'at' | SpawnHook, intent: Intent, range: TS.Node, after: TS.Expression[] = []): TS.Expression {
    return ts.setTextRange(factory.createCallExpression(hook(name), undefined, [site(intent), value, ...after]), range);
  }

  /** `f(a, ...leash.signalArgs(S, omitted, options))` or `{ a, ...leash.signalProperty(S) }`: nothing added when S is `undefined`. */
  function withSignalSpread(args: TS.Expression[], intent: SignalIntent): TS.Expression[] {
    const signal = signalExpression(intent.source);
    if (intent.how === 'add-property') return withProperty(args, intent, factory.createSpreadAssignment(factory.createCallExpression(hook('signalProperty'), undefined, [signal])));
    // Omitted optional parameters before the signal's: `undefined`, as they were, when there is one.
    const omitted = factory.createNumericLiteral(Math.max(0, intent.index - args.length));
    const options = intent.how === 'append-options' ? factory.createTrue() : factory.createFalse();
    return [...args, factory.createSpreadElement(factory.createCallExpression(hook('signalArgs'), undefined, [signal, omitted, options]))];
  }

  function withSignalArgument(args: TS.Expression[], intent: SignalIntent): TS.Expression[] {
    const signal = signalExpression(intent.source);
    const out = [...args];
    const given = out[intent.index];
    // Omitted optional parameters before the signal's: `undefined`, as they were.
    while (out.length < intent.index) out.push(factory.createVoidZero());
    switch (intent.how) {
      case 'append-signal':
        out.push(signal);
        break;
      case 'append-options':
        out.push(factory.createObjectLiteralExpression([factory.createPropertyAssignment('signal', signal)], false));
        break;
      case 'add-property':
        return withProperty(out, intent, factory.createPropertyAssignment('signal', signal));
      case 'with-signal':
        out[intent.index] = factory.createCallExpression(hook('withSignal'), undefined, [given as TS.Expression, signal]);
        break;
    }
    return out;
  }

  /** `args` with `property` appended to the options literal at the intent's index (`add-property`). */
  function withProperty(args: TS.Expression[], intent: SignalIntent, property: TS.ObjectLiteralElementLike): TS.Expression[] {
    const out = [...args];
    const literal = skipParentheses(ts, out[intent.index] as TS.Expression);
    if (!ts.isObjectLiteralExpression(literal)) throw new Error(`expected an object literal at argument ${intent.index} of ${intent.site}`);
    out[intent.index] = factory.updateObjectLiteralExpression(literal, factory.createNodeArray([...literal.properties, property], literal.properties.hasTrailingComma));
    return out;
  }

  /** `leash.signal(own)`: the function's own signal (a binding, or an options parameter's `.signal`), `leash.signal()` without one. */
  function signalExpression(source: SignalSource): TS.Expression {
    const signal = (own?: TS.Expression): TS.Expression => factory.createCallExpression(hook('signal'), undefined, own === undefined ? [] : [own]);
    switch (source.kind) {
      case 'ambient':
        return signal();
      case 'binding':
        return signal(factory.createIdentifier(source.name));
      case 'option': {
        const object = (): TS.Identifier => factory.createIdentifier(source.object);
        const read = (): TS.Expression => factory.createPropertyAccessExpression(object(), 'signal');
        if (!source.optionalObject) return signal(read());
        if (!belowEs2020) return signal(factory.createPropertyAccessChain(object(), factory.createToken(ts.SyntaxKind.QuestionDotToken), 'signal'));
        // `o?.signal` without the optional chain TypeScript would lower with a temporary.
        return signal(factory.createConditionalExpression(factory.createEquality(object(), factory.createNull()), undefined, factory.createVoidZero(), undefined, read()));
      }
    }
  }

  const statements = ts.visitLexicalEnvironment(file.statements, visit, context);
  const at = loadIndex(ts, statements);
  const load = loadStatement();
  const useMode = factory.createExpressionStatement(factory.createCallExpression(hook('useMode'), undefined, [factory.createStringLiteral(options.mode)]));
  const next = statements[at];
  // Under System, declarations are hoisted out of the body and leash's lines are no statement before them: nothing to move.
  const system = options.load.kind === 'import' && options.load.wrapped === true;
  if (next !== undefined && !system && at === firstNonPrologue(ts, statements) && keepsLeadingComments(ts, next)) {
    // `/*! license */`, `// @ts-check` before the first statement stay above leash's lines.
    const ranges = attachedComments(ts, original, ts.getOriginalNode(next));
    if (ranges.length > 0) {
      // On the first of leash's lines that stays a statement (a wrapped format's import becomes a dependency).
      ts.setSyntheticLeadingComments(
        options.load.kind === 'import-equals' && options.load.wrapped ? useMode : load,
        ranges.map((range) => ({ ...range, pos: -1, end: -1, text: commentText(original.text, range) })),
      );
      const flags = (ts as typeof ts & { getEmitFlags(node: TS.Node): TS.EmitFlags }).getEmitFlags(next);
      ts.setEmitFlags(next, flags | ts.EmitFlags.NoLeadingComments);
    }
  }
  // The new list keeps the original's text range: the printer finds the file's detached comments
  // (a header followed by a blank line) by it.
  const updated = ts.setTextRange(factory.createNodeArray([...statements.slice(0, at), load, useMode, ...statements.slice(at)]), file.statements);
  return factory.updateSourceFile(file, updated);

  function loadStatement(): TS.Statement {
    const specifier = factory.createStringLiteral(RUNTIME_MODULE);
    switch (options.load.kind) {
      case 'import':
        return factory.createImportDeclaration(undefined, factory.createImportClause(undefined, undefined, factory.createNamespaceImport(ns)), specifier);
      case 'import-equals':
        return factory.createImportEqualsDeclaration(undefined, false, ns, factory.createExternalModuleReference(specifier));
      case 'require': {
        const call = factory.createCallExpression(factory.createIdentifier('require'), undefined, [specifier]);
        const flags = es5 ? ts.NodeFlags.None : ts.NodeFlags.Const;
        return factory.createVariableStatement(undefined, factory.createVariableDeclarationList([factory.createVariableDeclaration(ns, undefined, undefined, call)], flags));
      }
    }
  }
}

/** Where leash's lines go: after the prologue directives and the file's own imports. */
function loadIndex(ts: typeof TS, statements: readonly TS.Statement[]): number {
  let at = firstNonPrologue(ts, statements);
  while (at < statements.length && isModuleImport(ts, statements[at] as TS.Statement)) at++;
  return at;
}

function firstNonPrologue(ts: typeof TS, statements: readonly TS.Statement[]): number {
  let at = 0;
  while (at < statements.length && isPrologueDirective(ts, statements[at] as TS.Statement)) at++;
  return at;
}

function isModuleImport(ts: typeof TS, statement: TS.Statement): boolean {
  return ts.isImportDeclaration(statement) || (ts.isImportEqualsDeclaration(statement) && ts.isExternalModuleReference(statement.moduleReference));
}

/**
 * A statement plain `tsc` always emits, so its leading comments are always printed: they can move
 * up to leash's first line. (Types, ambient declarations and overloads are erased with their comments.)
 */
function keepsLeadingComments(ts: typeof TS, statement: TS.Statement): boolean {
  const node = ts.getOriginalNode(statement);
  if (!ts.isParseTreeNode(node) || ts.isInterfaceDeclaration(node) || ts.isTypeAliasDeclaration(node) || ts.isModuleDeclaration(node) || ts.isEnumDeclaration(node)) return false;
  if (ts.isExportDeclaration(node) || ts.isExportAssignment(node) || ts.isImportEqualsDeclaration(node) || ts.isEmptyStatement(node)) return false;
  if (ts.isFunctionDeclaration(node) && node.body === undefined) return false;
  const modifiers = ts.canHaveModifiers(node) ? ts.getModifiers(node) : undefined;
  return !modifiers?.some((modifier) => modifier.kind === ts.SyntaxKind.DeclareKeyword);
}

/**
 * The leading comments of `node` that the printer emits with it: all of them, except at the very
 * top of the file, where comments followed by a blank line are the file's detached header, which
 * the printer emits on its own (as TypeScript's `emitDetachedComments` decides).
 */
function attachedComments(ts: typeof TS, file: TS.SourceFile, node: TS.Node): TS.CommentRange[] {
  const ranges = ts.getLeadingCommentRanges(file.text, node.pos) ?? [];
  if (node.pos !== file.statements.pos || ranges.length === 0) return ranges;
  const line = (position: number): number => file.getLineAndCharacterOfPosition(position).line;
  let group = 1;
  while (group < ranges.length && line((ranges[group] as TS.CommentRange).pos) < line((ranges[group - 1] as TS.CommentRange).end) + 2) group++;
  const detached = line(node.getStart(file)) >= line((ranges[group - 1] as TS.CommentRange).end) + 2;
  return detached ? ranges.slice(group) : ranges;
}

/** A comment's text as `setSyntheticLeadingComments` wants it: without `//` or the `/*` `*\/` delimiters. */
function commentText(text: string, range: TS.CommentRange): string {
  const raw = text.slice(range.pos, range.end);
  return raw.startsWith('//') ? raw.slice(2) : raw.slice(2, -2);
}

/** `"use strict";` and other directives, which must stay first. */
function isPrologueDirective(ts: typeof TS, statement: TS.Statement): boolean {
  return ts.isExpressionStatement(statement) && ts.isStringLiteral(statement.expression);
}

/** An `await` or `yield` in the call itself (not in a function inside it). */
function suspends(ts: typeof TS, node: TS.Node): boolean {
  let found = false;
  const walk = (child: TS.Node): void => {
    if (found || (ts.isFunctionLike(child) && child !== node) || ts.isClassLike(child)) return;
    if (ts.isAwaitExpression(child) || ts.isYieldExpression(child) || (ts.isForOfStatement(child) && child.awaitModifier !== undefined)) found = true;
    else ts.forEachChild(child, walk);
  };
  walk(node);
  return found;
}

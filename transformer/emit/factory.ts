/**
 * The ts.factory emitter: writes a plan into a source file inside a `before` transformer. It finds
 * each intent's node by its original position, rebuilds it with `update*`/`create*` and gives the
 * new node the original's text range, so source maps point back at the original call. It never
 * asks the type checker anything: every decision is already in the plan.
 *
 * The runtime comes in under a generated name: `import * as leash_1 from "leash/hooks"` in a file
 * emitted as an ES module, `const leash_1 = require("leash/hooks")` in one emitted as CommonJS.
 * The CommonJS form is written directly rather than left to TypeScript's module transform: that
 * transform skips script files (no import/export), and with `esModuleInterop` it would add an
 * `__importStar` helper (an import from tslib under `importHelpers`) to every instrumented file.
 */
import type * as TS from 'typescript';
import type { Mode } from '../config';
import type { Intent, MethodCallIntent, Plan, SignalIntent, SignalSource } from '../plan/intent';
import { skipParentheses } from '../plan/util/nodes';

export const RUNTIME_MODULE = 'leash/hooks';

export interface EmitOptions {
  readonly mode: Mode;
  /** Load the runtime with `require` instead of an import (the file is emitted as CommonJS). */
  readonly requireRuntime: boolean;
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
    if (!parsed || !(ts.isCallExpression(source) || ts.isAwaitExpression(source))) return visited;
    const intents = intentsOf(source);
    if (intents === undefined) return visited;
    if (ts.isAwaitExpression(visited)) {
      return ts.setTextRange(factory.createCallExpression(hook('resumed'), undefined, [visited]), source);
    }
    return rewriteCall(visited as TS.CallExpression, source, intents);
  };

  function rewriteCall(call: TS.CallExpression, source: TS.Node, intents: Intent[]): TS.Expression {
    let args: TS.Expression[] = [...call.arguments];
    const signal = intents.find((intent): intent is SignalIntent => intent.kind === 'signal');
    if (signal !== undefined) args = withSignalArgument(args, signal);
    let result: TS.Expression;
    const target = intents.find((intent) => intent.kind === 'global-call' || intent.kind === 'method-call');
    if (target?.kind === 'global-call') {
      result = factory.updateCallExpression(call, hook(target.hook, call.expression), undefined, [site(target), ...args]);
    } else if (target?.kind === 'method-call') {
      result = methodCall(call, source, target, args);
    } else if (signal !== undefined) {
      result = ts.isCallChain(call)
        ? factory.updateCallChain(call, call.expression, call.questionDotToken, call.typeArguments, args)
        : factory.updateCallExpression(call, call.expression, call.typeArguments, args);
    } else {
      result = call;
    }
    const spawn = intents.find((intent) => intent.kind === 'spawn');
    if (spawn !== undefined) {
      const thunk = factory.createArrowFunction(undefined, undefined, [], undefined, factory.createToken(ts.SyntaxKind.EqualsGreaterThanToken), result);
      result = ts.setTextRange(factory.createCallExpression(hook('spawn'), undefined, [site(spawn), thunk]), source);
    }
    return result;
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
    const guarded = factory.createConditionalExpression(factory.createEquality(test, factory.createNull()), undefined, factory.createVoidZero(), undefined, invoke);
    return ts.setTextRange(guarded, source);
  }

  function withSignalArgument(args: TS.Expression[], intent: SignalIntent): TS.Expression[] {
    const signal = signalExpression(intent.source);
    const out = [...args];
    const given = out[intent.index];
    switch (intent.how) {
      case 'append-signal':
        out.push(signal);
        break;
      case 'append-options':
        out.push(factory.createObjectLiteralExpression([signalProperty(signal)], false));
        break;
      case 'add-property': {
        const literal = skipParentheses(ts, given as TS.Expression);
        if (!ts.isObjectLiteralExpression(literal)) throw new Error(`expected an object literal at argument ${intent.index} of ${intent.site}`);
        out[intent.index] = factory.updateObjectLiteralExpression(literal, [...literal.properties, signalProperty(signal)]);
        break;
      }
      case 'with-signal':
        out[intent.index] = factory.createCallExpression(hook('withSignal'), undefined, [given as TS.Expression, signal]);
        break;
    }
    return out;
  }

  /** `signal: S`, or `signal` when S is a binding of that name. */
  function signalProperty(signal: TS.Expression): TS.ObjectLiteralElementLike {
    return ts.isIdentifier(signal) && signal.text === 'signal' ? factory.createShorthandPropertyAssignment(signal) : factory.createPropertyAssignment('signal', signal);
  }

  function signalExpression(source: SignalSource): TS.Expression {
    const ambient = (): TS.Expression => factory.createCallExpression(hook('signal'), undefined, []);
    switch (source.kind) {
      case 'ambient':
        return ambient();
      case 'binding': {
        const binding = factory.createIdentifier(source.name);
        return source.orAmbient ? factory.createBinaryExpression(binding, ts.SyntaxKind.QuestionQuestionToken, ambient()) : binding;
      }
      case 'option': {
        const object = factory.createIdentifier(source.object);
        const read = source.optionalObject
          ? factory.createPropertyAccessChain(object, factory.createToken(ts.SyntaxKind.QuestionDotToken), 'signal')
          : factory.createPropertyAccessExpression(object, 'signal');
        return source.orAmbient ? factory.createBinaryExpression(read, ts.SyntaxKind.QuestionQuestionToken, ambient()) : read;
      }
    }
  }

  const statements = ts.visitLexicalEnvironment(file.statements, visit, context);
  let prologue = 0;
  while (prologue < statements.length && isPrologueDirective(ts, statements[prologue] as TS.Statement)) prologue++;
  const load = options.requireRuntime
    ? factory.createVariableStatement(
        undefined,
        factory.createVariableDeclarationList(
          [factory.createVariableDeclaration(ns, undefined, undefined, factory.createCallExpression(factory.createIdentifier('require'), undefined, [factory.createStringLiteral(RUNTIME_MODULE)]))],
          ts.NodeFlags.Const,
        ),
      )
    : factory.createImportDeclaration(undefined, factory.createImportClause(undefined, undefined, factory.createNamespaceImport(ns)), factory.createStringLiteral(RUNTIME_MODULE));
  const useMode = factory.createExpressionStatement(factory.createCallExpression(hook('useMode'), undefined, [factory.createStringLiteral(options.mode)]));
  return factory.updateSourceFile(file, [...statements.slice(0, prologue), load, useMode, ...statements.slice(prologue)]);
}

/** `"use strict";` and other directives, which must stay first. */
function isPrologueDirective(ts: typeof TS, statement: TS.Statement): boolean {
  return ts.isExpressionStatement(statement) && ts.isStringLiteral(statement.expression);
}

/**
 * Strips what leash inserted from instrumented JavaScript, to compare it with plain `tsc` output:
 * the runtime header; `leash_N.spawn(site, () => E)` and `leash_N.resumed(E)` → `E`; the timer
 * hooks → the global call; the listener hooks → the method call on the receiver (optional
 * chains included); `leash_N.withSignal(E, S)` → `E`; an injected signal (an argument, a `{ signal }`
 * argument or a `signal` property whose value reads `leash_N.signal()`) → removed.
 * Whatever leash wrote some other way stays, and the comparison fails on it. A signal passed as a
 * bare name (`f(x, signal)`, `{ signal }`: the caller's own parameter) cannot be told from code the
 * user wrote, so comparisons with the signals rule on use projects where no such call is planned.
 */
import type * as TS from 'typescript';
import { loadTypeScript } from './harness';

const ts = loadTypeScript('ts6');
const HEADER = /(?:import \* as leash_\d+ from "leash\/hooks";|const leash_\d+ = require\("leash\/hooks"\);) leash_\d+\.useMode\("\w+"\);(?: let leash_t\d+(?:, leash_t\d+)*;)?/;
const NS = /^leash_\d+$/;
const TIMERS = new Set(['setTimeout', 'setInterval', 'setImmediate', 'clearTimeout', 'clearInterval', 'clearImmediate']);

export function stripLeash(code: string): string {
  const header = HEADER.exec(code);
  if (header === null) return code;
  const at = header.index;
  const afterDirective = code[at - 1] === ' ' && code[at - 2] === ';';
  const text = afterDirective ? code.slice(0, at - 1) + code.slice(at + header[0].length) : code.slice(0, at) + code.slice(at + header[0].length + 1);
  const file = ts.createSourceFile('out.js', text, ts.ScriptTarget.Latest, true, ts.ScriptKind.JS);

  const leading = (node: TS.Node): string => text.slice(node.pos, node.getStart(file));
  const trimmed = (node: TS.Node): string => textOf(node).slice(node.getStart(file) - node.pos);
  const mentionsLeash = (node: TS.Node): boolean => /\bleash_\d+\./.test(text.slice(node.pos, node.end));

  /** `[from, to)` of `parent`'s text with every child inside rewritten. */
  function render(parent: TS.Node, from: number, to: number, skip: ReadonlySet<TS.Node> = new Set()): string {
    let out = '';
    let cursor = from;
    ts.forEachChild(parent, (child) => {
      if (child.end <= from || child.pos >= to) return;
      if (skip.has(child)) {
        out += text.slice(cursor, child.pos);
        cursor = child.end;
        return;
      }
      const start = Math.max(child.pos, from);
      out += text.slice(cursor, start) + textOf(child).slice(start - child.pos);
      cursor = child.end;
    });
    return out + text.slice(cursor, to);
  }

  function leashCall(node: TS.Node): { hook: string; call: TS.CallExpression } | undefined {
    if (!ts.isCallExpression(node) || !ts.isPropertyAccessExpression(node.expression)) return undefined;
    const object = node.expression.expression;
    if (!ts.isIdentifier(object) || !NS.test(object.text)) return undefined;
    return { hook: node.expression.name.text, call: node };
  }

  /** `hook(site, ...rest)`: `(rest...)` as written, from the argument after `skip` leading ones. */
  function restOf(call: TS.CallExpression, skip: number): string {
    const first = call.arguments[skip];
    return first === undefined ? '()' : `(${render(call, first.getStart(file), call.end)}`;
  }

  function listenerCall(call: TS.CallExpression, hook: string, receiverText: string, optional: boolean): string {
    const emitter = hook === 'addListener' || hook === 'removeListener';
    const method = emitter ? (JSON.parse((call.arguments[2] as TS.StringLiteral).getText(file)) as string) : hook;
    return `${receiverText}${optional ? '?.' : '.'}${method}${restOf(call, emitter ? 3 : 2)}`;
  }

  function special(node: TS.Node): string | undefined {
    const found = leashCall(node);
    if (found !== undefined) {
      const { hook, call } = found;
      const args = call.arguments;
      if (hook === 'spawn') return leading(node) + trimmed((args[1] as TS.ArrowFunction).body);
      if (hook === 'detach') return leading(node) + trimmed((args[0] as TS.ArrowFunction).body);
      if (hook === 'resumed' || hook === 'withSignal') return leading(node) + trimmed(args[0] as TS.Expression);
      if (TIMERS.has(hook)) return `${leading(node)}${hook}${restOf(call, 1)}`;
      if (/^(add|remove)(Event)?Listener$/.test(hook)) return leading(node) + listenerCall(call, hook, trimmed(args[1] as TS.Expression), false);
      return undefined;
    }
    // `r == null ? void 0 : leash.addListener(site, r, ...)`, or with `(leash_tN = E) == null`.
    if (ts.isConditionalExpression(node) && ts.isVoidExpression(node.whenTrue) && ts.isBinaryExpression(node.condition)) {
      const inner = leashCall(node.whenFalse);
      if (inner === undefined) return undefined;
      let receiver: TS.Expression = node.condition.left;
      if (ts.isParenthesizedExpression(receiver) && ts.isBinaryExpression(receiver.expression)) receiver = receiver.expression.right;
      // The `?.` goes where the chain had it: after a receiver that has one already (`a?.b.on(...)`), a plain `.`.
      const receiverText = trimmed(receiver);
      return leading(node) + listenerCall(inner.call, inner.hook, receiverText, !receiverText.includes('?.'));
    }
    if (ts.isParenthesizedExpression(node) && ts.isConditionalExpression(node.expression) && special(node.expression) !== undefined) {
      return leading(node) + trimmed(node.expression);
    }
    // Injected signals: an appended argument, or a `signal` property, whose value reads leash's.
    if (ts.isCallExpression(node) || ts.isNewExpression(node)) {
      const args = node.arguments ?? ts.factory.createNodeArray();
      const injected = new Set(args.filter((arg) => isInjectedSignal(arg)));
      if (injected.size === 0) return undefined;
      const kept = args.filter((arg) => !injected.has(arg));
      // `sleep(ms, void 0, { signal })`: the `void 0`s leash filled in before the signal's position
      // (tsc writes a source `undefined` as `undefined`, so a `void 0` there is leash's).
      while (kept.length > 0 && isVoidZero(kept[kept.length - 1] as TS.Expression)) kept.pop();
      const last = kept[kept.length - 1];
      const head = render(node, node.pos, last === undefined ? args.pos : last.end);
      return `${head})`;
    }
    if (ts.isObjectLiteralExpression(node)) {
      const injected = node.properties.filter((property) => property.name !== undefined && ts.isIdentifier(property.name) && property.name.text === 'signal' && mentionsLeash(property));
      if (injected.length === 0) return undefined;
      const kept = node.properties.filter((property) => !injected.includes(property));
      const last = kept[kept.length - 1];
      return `${render(node, node.pos, last === undefined ? node.properties.pos : last.end)}${last === undefined ? '' : ' '}}`;
    }
    return undefined;
  }

  function isVoidZero(arg: TS.Expression): boolean {
    return ts.isVoidExpression(arg) && ts.isNumericLiteral(arg.expression) && arg.expression.text === '0';
  }

  function isInjectedSignal(arg: TS.Expression): boolean {
    if (ts.isObjectLiteralExpression(arg)) {
      return arg.properties.length === 1 && arg.properties[0]?.name !== undefined && ts.isIdentifier(arg.properties[0].name) && arg.properties[0].name.text === 'signal' && mentionsLeash(arg);
    }
    const call = leashCall(arg) ?? (ts.isBinaryExpression(arg) && arg.operatorToken.kind === ts.SyntaxKind.QuestionQuestionToken ? leashCall(arg.right) : undefined);
    return call?.hook === 'signal';
  }

  function textOf(node: TS.Node): string {
    return special(node) ?? render(node, node.pos, node.end);
  }

  return render(file, 0, text.length);
}

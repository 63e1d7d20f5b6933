/**
 * Removes exactly what leash inserted into an emitted JavaScript file, so the rest can be compared
 * with plain `tsc` output byte for byte: the runtime's import/require (and its AMD/UMD/System
 * dependency), `useMode(...)`, every `hook(site, ...)` wrapper turned back into the call it
 * wrapped, `spawn(site, () => call)` and `task(site, call)` (and their `...Shared` forms) back into `call`, `resumed(await x)` into `await x`,
 * `observeAll(site, array)` into `array`, `at(site, x)` into `x`, and the signals leash passed. It reads the output of both emitters: the ts.factory one (one statement a
 * line, hoisted `var _a` temporaries) and the text one (`leash build` on TypeScript 7, bundler
 * plugins: the runtime header on the first statement's line, `let leash_t1` temporaries).
 *
 * What leash inserted is found by its runtime namespace (`leash_1`): every signal leash passes is
 * a `leash_1.signal(...)` call, the function's own signal included. Without the original source a
 * timer's callee is written as the hook's name (`globalThis.setTimeout` comes back as `setTimeout`).
 */
import { TraceMap, traceSegment } from '@jridgewell/trace-mapping';
import MagicString from 'magic-string';
import type * as TS from 'typescript';
import { RUNTIME_MODULE } from '../../transformer/emit/runtime-load';

export interface StripInput {
  /** The instrumented output. */
  readonly js: string;
  /** Its source map, to tell parentheses the source had from the printer's. */
  readonly map?: string;
  /** The original source file (for a timer's callee and an optional call's `?.` as written). */
  readonly original?: TS.SourceFile;
}

export interface Stripped {
  readonly text: string;
  /** Inserted code the stripper recognised but could not take out (each a difference). */
  readonly problems: readonly string[];
}

const TIMER_HOOKS = new Set(['setTimeout', 'setInterval', 'setImmediate', 'clearTimeout', 'clearInterval', 'clearImmediate']);

export function stripLeash(ts: typeof TS, input: StripInput): Stripped {
  const { js, original } = input;
  const file = ts.createSourceFile('out.js', js, ts.ScriptTarget.Latest, true, ts.ScriptKind.JS);
  const out = new MagicString(js);
  const problems: string[] = [];
  const ns = namespaceOf(ts, file);
  if (ns === undefined) return { text: js, problems: [] };

  const start = (node: TS.Node): number => node.getStart(file);
  /** Statements to remove, as `[start, end)`; removed with their line (or their place on it) at the end. */
  const statements: [number, number][] = [];
  const removeStatement = (node: TS.Node): void => void statements.push([start(node), node.end]);
  /** Removes element `index` of a list with its separating comma. */
  const removeListItem = (list: readonly TS.Node[], index: number): void => {
    const item = list[index] as TS.Node;
    if (list.length === 1) out.remove(start(item), item.end);
    else if (index < list.length - 1) out.remove(start(item), start(list[index + 1] as TS.Node));
    else out.remove((list[index - 1] as TS.Node).end, item.end);
  };
  const isNs = (node: TS.Node): node is TS.Identifier => ts.isIdentifier(node) && node.text === ns;
  const hookName = (node: TS.Node): string | undefined =>
    ts.isCallExpression(node) && ts.isPropertyAccessExpression(node.expression) && isNs(node.expression.expression) ? node.expression.name.text : undefined;

  const temps = new Set<string>();
  let esmImport = false;
  const trace = input.map === undefined ? undefined : new TraceMap(input.map);
  /** The `f(a)` of `S === void 0 ? f(a) : f(a, S)`: the call as the caller wrote it, no signal to take out. */
  const plainBranches = new Set<TS.Node>();

  const visit = (node: TS.Node): void => {
    if (ts.isImportDeclaration(node) && ts.isStringLiteral(node.moduleSpecifier) && node.moduleSpecifier.text === RUNTIME_MODULE) {
      esmImport = true;
      return removeStatement(node);
    }
    if (ts.isVariableStatement(node) && node.declarationList.declarations.length === 1 && isRuntimeRequire(ts, node.declarationList.declarations[0]?.initializer)) return removeStatement(node);
    if (ts.isExpressionStatement(node) && hookName(node.expression) === 'useMode') return removeStatement(node);
    if (ts.isConditionalExpression(node) && signalGuard(node)) return;
    if (ts.isNewExpression(node) && !plainBranches.has(node)) passedSignal(node);
    if (ts.isCallExpression(node)) {
      moduleWrapper(node);
      const hook = hookName(node);
      if (hook === 'signal' || hook === 'signalArgs' || hook === 'signalProperty') return; // removed with the argument or property that carries it
      if (hook !== undefined) {
        unwrapHook(node, hook);
        node.arguments.forEach(visit);
        return;
      }
      if (!plainBranches.has(node)) passedSignal(node);
    }
    if (ts.isConditionalExpression(node) && optionalGuard(node)) return;
    if (ts.isParenthesizedExpression(node) && ts.isConditionalExpression(node.expression) && isOptionalGuard(node.expression)) {
      // The text emitter's `(r == null ? void 0 : ...)` (and `;(` at the start of a statement).
      out.remove(start(node), start(node.expression));
      out.remove(node.expression.end, node.end);
      const before = file.statements.find((statement) => ts.isEmptyStatement(statement) && statement.end === start(node));
      if (before !== undefined) out.remove(start(before), before.end);
      return visit(node.expression);
    }
    ts.forEachChild(node, visit);
  };

  /** `define([..., "leash/hooks"], function (..., leash_1) {` and `System.register([...], ...)`. */
  function moduleWrapper(call: TS.CallExpression): void {
    const deps = call.arguments.find(ts.isArrayLiteralExpression);
    if (deps === undefined) return;
    const index = deps.elements.findIndex((element) => ts.isStringLiteral(element) && element.text === RUNTIME_MODULE);
    if (index < 0) return;
    removeListItem(deps.elements, index);
    const factory = call.arguments[call.arguments.indexOf(deps) + 1];
    const isSystem = ts.isPropertyAccessExpression(call.expression) && call.expression.name.text === 'register';
    if (factory === undefined || !ts.isFunctionExpression(factory)) return;
    if (!isSystem) {
      const param = factory.parameters.findIndex((p) => ts.isIdentifier(p.name) && p.name.text === ns);
      if (param >= 0) removeListItem(factory.parameters, param);
      return;
    }
    // System: the binding in the `var` list and the setter at the dependency's index.
    for (const statement of factory.body.statements) {
      if (ts.isVariableStatement(statement)) {
        const declarations = statement.declarationList.declarations;
        const at = declarations.findIndex((d) => isNs(d.name));
        if (at >= 0) {
          if (declarations.length === 1) removeStatement(statement);
          else removeListItem(declarations, at);
        }
      }
      if (ts.isReturnStatement(statement) && statement.expression !== undefined && ts.isObjectLiteralExpression(statement.expression)) {
        const setters = statement.expression.properties.find((p) => ts.isPropertyAssignment(p) && ts.isIdentifier(p.name) && p.name.text === 'setters');
        if (setters !== undefined && ts.isPropertyAssignment(setters) && ts.isArrayLiteralExpression(setters.initializer)) {
          const list = setters.initializer.elements;
          if (list.length === 1) {
            out.overwrite(start(setters.initializer), setters.initializer.end, '[]');
          } else removeListItem(list, index);
        }
      }
    }
  }

  /** `leash_1.<hook>(site, ...)` back to the call it wrapped; `receiver` is the guarded receiver's text of an optional call. */
  function unwrapHook(call: TS.CallExpression, hook: string, receiver?: string): void {
    const args = call.arguments;
    const open = call.expression.end; // `(` follows the callee
    const dot = receiver === undefined || !optionalDot(args[0], receiver) ? '.' : '?.';
    if (hook.endsWith('On') && TIMER_HOOKS.has(hook.slice(0, -2))) {
      // `setTimeoutOn(site, window, a)` → `window.setTimeout(a)`
      const receiver = args[1] as TS.Expression;
      const until = args[2] === undefined ? closeParen(call) : afterComma(receiver.end);
      out.remove(start(call), start(receiver));
      const callee = `${lineBreakBeforeDot(call, args[0])}.${hook.slice(0, -2)}(`;
      if (until > receiver.end) out.overwrite(receiver.end, until, callee);
      else out.appendLeft(receiver.end, callee);
    } else if (TIMER_HOOKS.has(hook)) {
      const callee = original === undefined ? hook : calleeAt(ts, original, siteOf(ts, args[0]))?.text;
      if (callee === undefined) return void problems.push(`no call at the site of ${call.getText(file).slice(0, 80)}`);
      out.overwrite(start(call), open, callee);
      removeArgument(args, 0);
    } else if (hook === 'addEventListener' || hook === 'removeEventListener' || hook === 'addListener' || hook === 'removeListener') {
      const receiver = args[1] as TS.Expression;
      const named = hook === 'addListener' || hook === 'removeListener';
      const method = named ? (args[2] as TS.StringLiteral).text : hook;
      const rest = args[named ? 3 : 2];
      out.remove(start(call), start(receiver));
      out.overwrite(receiver.end, rest === undefined ? args[args.length - 1]?.end ?? receiver.end : afterComma((args[named ? 2 : 1] as TS.Node).end), `${lineBreakBeforeDot(call, args[0])}${dot}${method}(`);
      if (rest === undefined) out.remove(receiver.end, closeParen(call));
    } else if (hook === 'spawn' || hook === 'spawnShared' || hook === 'detach') {
      // `() => call`, or below ES2015 `function () { return call; }` (with `this`/`arguments` after it)
      const thunk = args[hook === 'detach' ? 0 : 1] as TS.Expression;
      const body = ts.isArrowFunction(thunk) ? thunk.body : ts.isFunctionExpression(thunk) ? (thunk.body.statements[0] as TS.ReturnStatement | undefined)?.expression : undefined;
      if (body === undefined || !ts.isExpression(body)) return void problems.push(`unexpected ${hook} thunk ${thunk.getText(file).slice(0, 80)}`);
      // `(f) => p.catch(f), void 0, [() => {}]`: the functions the call held, moved behind the thunk, go back in place of its parameters.
      const moved = args[hook === 'detach' ? 2 : 3];
      if (moved !== undefined && ts.isArrayLiteralExpression(moved) && ts.isArrowFunction(thunk)) {
        const names = thunk.parameters.map((parameter) => parameter.name.getText(file));
        const uses = new Map<string, TS.Identifier>();
        const find = (node: TS.Node): void => {
          if (ts.isIdentifier(node) && names.includes(node.text) && !uses.has(node.text)) uses.set(node.text, node);
          ts.forEachChild(node, find);
        };
        find(body);
        if (names.length !== moved.elements.length || uses.size !== names.length) return void problems.push(`unexpected ${hook} thunk parameters ${call.getText(file).slice(0, 80)}`);
        out.remove(start(call), start(body));
        names.forEach((name, i) => {
          const use = uses.get(name)!;
          const fn = moved.elements[i]!;
          out.move(start(fn), fn.end, start(use));
          out.remove(start(use), use.end);
          out.remove(i === 0 ? body.end : moved.elements[i - 1]!.end, start(fn));
        });
        out.remove(moved.elements[moved.elements.length - 1]!.end, call.end);
        return;
      }
      // `(new C).x` lost its parentheses around the hook's call: back they come with `new C`.
      const parens = ts.isNewExpression(body) && body.arguments === undefined && isCalleeOrAccessed(ts, call);
      if (parens) {
        out.overwrite(start(call), start(body), '(');
        out.overwrite(body.end, call.end, ')');
      } else {
        out.remove(start(call), start(body));
        out.remove(body.end, call.end);
      }
    } else if (hook === 'resumed' || hook === 'withSignal' || hook === 'observeAll' || hook === 'at' || hook === 'task' || hook === 'taskShared') {
      const inner = args[hook === 'resumed' || hook === 'withSignal' ? 0 : 1] as TS.Expression;
      out.remove(start(call), start(inner));
      out.remove(inner.end, call.end);
    } else {
      problems.push(`unknown hook ${hook}`);
    }
  }

  /**
   * Whether a guarded call had its own `?.` (`r?.on(x)`) or continued a chain (`a?.b.on(x)`): as
   * written at its site, else (no original) `?.` unless the receiver has one already.
   */
  function optionalDot(site: TS.Expression | undefined, receiver: string): boolean {
    const call = original === undefined ? undefined : calleeAt(ts, original, siteOf(ts, site))?.node;
    if (call === undefined) return !receiver.includes('?.');
    return ts.isPropertyAccessExpression(call) && call.questionDotToken !== undefined;
  }

  /**
   * tsc keeps a line break the source had before a method call's dot (`a()\n    .on(...)`), one
   * indent deeper than the line the expression starts on.
   */
  function lineBreakBeforeDot(call: TS.CallExpression, site: TS.Expression | undefined): string {
    const at = siteOf(ts, site);
    if (at === undefined || original === undefined) return '';
    const name = ts.getPositionOfLineAndCharacter(original, at.line - 1, at.column - 1);
    const text = original.text;
    let dot = name - 1;
    while (dot > 0 && /\s/.test(text[dot] as string)) dot--;
    if (text[dot] === '.' && text[dot - 1] === '?') dot--;
    let before = dot - 1;
    while (before > 0 && /\s/.test(text[before] as string)) before--;
    if (!text.slice(before + 1, dot).includes('\n')) return '';
    const lineStart = js.lastIndexOf('\n', start(call)) + 1;
    const indent = /^[ \t]*/.exec(js.slice(lineStart))?.[0] ?? '';
    return `\n${indent}    `;
  }

  /** Removes argument `index` of a hook call (the site), keeping the parenthesis. */
  function removeArgument(args: TS.NodeArray<TS.Expression>, index: number): void {
    const arg = args[index] as TS.Node;
    const next = args[index + 1];
    out.remove(start(arg), next === undefined ? arg.end : afterComma(arg.end));
  }

  /**
   * Just past the comma that follows `pos` and the spaces after it: where the next argument's
   * text begins as leash wrote it. Not `start(next)`, which skips a comment or line break that
   * belongs to the user's argument list (`f(\n  // why\n  x)`).
   */
  function afterComma(pos: number): number {
    let at = js.indexOf(',', pos) + 1;
    while (js[at] === ' ') at++;
    return at;
  }

  function closeParen(call: TS.CallExpression): number {
    return call.end - 1;
  }

  /** `r == null ? void 0 : leash_1.<hook>(...)`, the guard leash writes for an optional call at ES2020 and newer. */
  function isOptionalGuard(node: TS.ConditionalExpression): boolean {
    return hookName(node.whenFalse) !== undefined && ts.isBinaryExpression(node.condition) && node.condition.operatorToken.kind === ts.SyntaxKind.EqualsEqualsToken;
  }

  /** ES2020+: `r == null ? void 0 : leash_1.addListener(site, r, ...)` → `r?.on(...)` (with a temporary: `(_a = e) == null ? ...`). */
  function optionalGuard(node: TS.ConditionalExpression): boolean {
    if (!isOptionalGuard(node)) return false;
    const hook = hookName(node.whenFalse) as string;
    const call = node.whenFalse as TS.CallExpression;
    let tested: TS.Expression = (node.condition as TS.BinaryExpression).left;
    while (ts.isParenthesizedExpression(tested)) tested = tested.expression;
    out.remove(start(node), start(call));
    let receiver = tested.getText(file);
    if (ts.isBinaryExpression(tested) && tested.operatorToken.kind === ts.SyntaxKind.EqualsToken && ts.isIdentifier(tested.left)) {
      // The temporary leash declared: put the receiver back in its place and drop the declaration.
      temps.add(tested.left.text);
      const argument = call.arguments[1] as TS.Expression;
      receiver = tested.right.getText(file);
      out.overwrite(start(argument), argument.end, receiver);
      visit(tested.right);
    }
    unwrapHook(call, hook, receiver);
    call.arguments.slice(2).forEach(visit);
    return true;
  }

  /**
   * `S === void 0 ? f(a) : f(a, S)`, the factory emitter's call that passes a signal only when
   * there is one: back to `f(a)` (without the parentheses the printer put around it, unless the
   * source had them).
   */
  function signalGuard(node: TS.ConditionalExpression): boolean {
    const condition = node.condition;
    if (!ts.isBinaryExpression(condition) || condition.operatorToken.kind !== ts.SyntaxKind.EqualsEqualsEqualsToken || !isVoidZero(condition.right)) return false;
    let left: TS.Expression = condition.left;
    while (ts.isParenthesizedExpression(left)) left = left.expression;
    if (!isSignalExpression(left)) return false;
    let plain: TS.Expression = node.whenTrue;
    while (ts.isParenthesizedExpression(plain)) plain = plain.expression;
    if (!ts.isCallExpression(plain) && !ts.isNewExpression(plain)) return false;
    let from = start(node);
    let to = node.end;
    if (ts.isParenthesizedExpression(node.parent) && !parenthesizedInSource(node)) {
      from = start(node.parent);
      to = node.parent.end;
    }
    out.remove(from, start(node.whenTrue));
    out.remove(node.whenTrue.end, to);
    plainBranches.add(plain);
    visit(node.whenTrue);
    return true;
  }

  /** Whether the source has `(` right before the call an output node maps to. */
  function parenthesizedInSource(node: TS.Node): boolean {
    if (trace === undefined || original === undefined) return false;
    const { line, character } = file.getLineAndCharacterOfPosition(start(node));
    const segment = traceSegment(trace, line, character);
    if (segment === null || segment.length < 4 || segment[0] !== character) return false;
    let at = ts.getPositionOfLineAndCharacter(original, segment[2] as number, segment[3] as number) - 1;
    while (at > 0 && /\s/.test(original.text[at] as string)) at--;
    return original.text[at] === '(';
  }

  /** A signal leash passed to a call it did not otherwise wrap. */
  function passedSignal(call: TS.CallExpression | TS.NewExpression): void {
    const args = call.arguments;
    const last = args?.[args.length - 1];
    if (args === undefined || last === undefined) return;
    // The text emitter's `f(a, ...leash_1.signalArgs(S, 0, false))` and `{ a, ...leash_1.signalProperty(S) }`.
    if (ts.isSpreadElement(last) && hookName(last.expression) === 'signalArgs') return removeListItem(args, args.length - 1);
    const spreadProperty = args.map((arg) => skipParens(arg)).find((arg): arg is TS.ObjectLiteralExpression => ts.isObjectLiteralExpression(arg) && isSignalSpread(arg.properties[arg.properties.length - 1]));
    if (spreadProperty !== undefined) return removeLastProperty(spreadProperty);
    // `f(x, leash_1.signal())`, `f(x, { signal: leash_1.signal(options.signal) })`, `{ a, signal: leash_1.signal(signal) }`
    if (ts.isObjectLiteralExpression(last)) {
      const property = last.properties[last.properties.length - 1];
      if (property === undefined || !ts.isPropertyAssignment(property) || !isSignalProperty(property) || !isSignalExpression(property.initializer)) return;
      // `{ signal: S }` alone is an appended options argument; a user's `{}` that got a signal is rarer and reads the same.
      if (last.properties.length === 1) return removeAppended(args);
      return removeLastProperty(last);
    }
    if (isSignalExpression(last)) removeAppended(args);
  }

  /**
   * The last argument, which leash appended, with the `void 0`s it filled in before it for omitted
   * optional parameters (`sleep(ms, void 0, { signal })`; tsc writes a source `undefined` as it is).
   */
  function removeAppended(args: TS.NodeArray<TS.Expression>): void {
    let first = args.length - 1;
    while (first > 0 && isVoidZero(args[first - 1] as TS.Expression)) first--;
    const from = first === 0 ? start(args[0] as TS.Node) : (args[first - 1] as TS.Node).end;
    out.remove(from, (args[args.length - 1] as TS.Node).end);
  }

  function isVoidZero(node: TS.Expression): boolean {
    return ts.isVoidExpression(node) && ts.isNumericLiteral(node.expression) && node.expression.text === '0';
  }

  /** `leash_1.signal()`, `leash_1.signal(own)`: the signal leash passes. */
  function isSignalExpression(node: TS.Expression): boolean {
    return hookName(node) === 'signal';
  }

  function isSignalSpread(property: TS.ObjectLiteralElementLike | undefined): boolean {
    return property !== undefined && ts.isSpreadAssignment(property) && hookName(property.expression) === 'signalProperty';
  }

  function skipParens(node: TS.Expression): TS.Expression {
    while (ts.isParenthesizedExpression(node)) node = node.expression;
    return node;
  }

  function isSignalProperty(property: TS.ObjectLiteralElementLike): boolean {
    return (ts.isPropertyAssignment(property) || ts.isShorthandPropertyAssignment(property)) && ts.isIdentifier(property.name) && property.name.text === 'signal';
  }

  function removeLastProperty(literal: TS.ObjectLiteralExpression): void {
    const list = literal.properties;
    if (list.length === 1) out.overwrite(literal.getStart(file), literal.end, '{}');
    else removeListItem(list, list.length - 1);
  }

  visit(file);
  if (temps.size > 0) removeTemps(ts, file, temps, removeListItem, removeStatement);
  removeStatements(js, out, statements);
  if (esmImport && !hasOtherModuleSyntax(ts, file)) {
    // Without leash's import the file has no import or export left, and tsc writes `export {};` to keep it a module.
    const mapComment = js.lastIndexOf('//# sourceMappingURL=');
    out.appendLeft(mapComment >= 0 ? mapComment : js.length, 'export {};\n');
  }
  return { text: out.toString(), problems };
}

/**
 * Removes statements leash wrote, joined where only spaces separate them (the text emitter writes
 * its header on one line): a run that fills its line goes with the line, a run that starts a line
 * goes with the spaces after it, a run after other code goes with the spaces before it.
 */
function removeStatements(js: string, out: MagicString, ranges: [number, number][]): void {
  const sorted = [...ranges].sort((a, b) => a[0] - b[0]);
  const runs: [number, number][] = [];
  for (const [from, to] of sorted) {
    const last = runs[runs.length - 1];
    if (last !== undefined && from >= last[0] && /^[ \t]*$/.test(js.slice(Math.min(last[1], from), from))) last[1] = Math.max(last[1], to);
    else runs.push([from, to]);
  }
  for (let [from, to] of runs) {
    while (from > 0 && (js[from - 1] === ' ' || js[from - 1] === '\t')) from--;
    if (from === 0 || js[from - 1] === '\n') {
      while (js[to] === ' ' || js[to] === '\t') to++;
      if (js[to] === '\r') to++;
      if (js[to] === '\n') to++;
    }
    out.remove(from, to);
  }
}

/** An import or export statement other than leash's own import. */
function hasOtherModuleSyntax(ts: typeof TS, file: TS.SourceFile): boolean {
  return file.statements.some(
    (statement) =>
      (ts.isImportDeclaration(statement) && !(ts.isStringLiteral(statement.moduleSpecifier) && statement.moduleSpecifier.text === RUNTIME_MODULE)) ||
      ts.isExportDeclaration(statement) ||
      ts.isExportAssignment(statement) ||
      (ts.canHaveModifiers(statement) && ts.getModifiers(statement)?.some((modifier) => modifier.kind === ts.SyntaxKind.ExportKeyword) === true),
  );
}

/** The runtime's namespace name in the output, from its import, require or module wrapper. */
function namespaceOf(ts: typeof TS, file: TS.SourceFile): string | undefined {
  let found: string | undefined;
  const visit = (node: TS.Node): void => {
    if (found !== undefined) return;
    if (ts.isImportDeclaration(node) && ts.isStringLiteral(node.moduleSpecifier) && node.moduleSpecifier.text === RUNTIME_MODULE) {
      const bindings = node.importClause?.namedBindings;
      if (bindings !== undefined && ts.isNamespaceImport(bindings)) found = bindings.name.text;
    } else if (ts.isVariableDeclaration(node) && ts.isIdentifier(node.name) && isRuntimeRequire(ts, node.initializer)) {
      found = node.name.text;
    } else if (ts.isCallExpression(node)) {
      const deps = node.arguments.find(ts.isArrayLiteralExpression);
      const factory = deps === undefined ? undefined : node.arguments[node.arguments.indexOf(deps) + 1];
      const index = deps?.elements.findIndex((element) => ts.isStringLiteral(element) && element.text === RUNTIME_MODULE) ?? -1;
      if (deps !== undefined && index >= 0 && factory !== undefined && ts.isFunctionExpression(factory)) {
        const named = deps.elements.filter(ts.isStringLiteral).map((element) => element.text);
        const param = factory.parameters[named.indexOf(RUNTIME_MODULE)];
        if (param !== undefined && ts.isIdentifier(param.name) && !ts.isPropertyAccessExpression(node.expression)) found = param.name.text;
        else if (ts.isPropertyAccessExpression(node.expression)) found = systemBinding(ts, factory, index);
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(file);
  return found;
}

/** System: the setter at `index` assigns `leash_1 = leash_1_1`. */
function systemBinding(ts: typeof TS, factory: TS.FunctionExpression, index: number): string | undefined {
  for (const statement of factory.body.statements) {
    if (!ts.isReturnStatement(statement) || statement.expression === undefined || !ts.isObjectLiteralExpression(statement.expression)) continue;
    const setters = statement.expression.properties.find((p) => ts.isPropertyAssignment(p) && ts.isIdentifier(p.name) && p.name.text === 'setters');
    if (setters === undefined || !ts.isPropertyAssignment(setters) || !ts.isArrayLiteralExpression(setters.initializer)) continue;
    const setter = setters.initializer.elements[index];
    const assignment = setter !== undefined && ts.isFunctionExpression(setter) ? setter.body.statements[0] : undefined;
    if (assignment !== undefined && ts.isExpressionStatement(assignment) && ts.isBinaryExpression(assignment.expression) && ts.isIdentifier(assignment.expression.left)) {
      return assignment.expression.left.text;
    }
  }
  return undefined;
}

function isRuntimeRequire(ts: typeof TS, node: TS.Expression | undefined): boolean {
  return (
    node !== undefined &&
    ts.isCallExpression(node) &&
    ts.isIdentifier(node.expression) &&
    node.expression.text === 'require' &&
    node.arguments.length === 1 &&
    ts.isStringLiteral(node.arguments[0] as TS.Expression) &&
    (node.arguments[0] as TS.StringLiteral).text === RUNTIME_MODULE
  );
}

/** `"src/a.ts:12:5 name"` → `{ line: 12, column: 5 }`. */
function siteOf(ts: typeof TS, node: TS.Expression | undefined): { line: number; column: number } | undefined {
  if (node === undefined || !ts.isStringLiteral(node)) return undefined;
  const match = /:(\d+):(\d+)(?: |$)/.exec(node.text);
  return match === null ? undefined : { line: Number(match[1]), column: Number(match[2]) };
}

/** The callee, as written (without parentheses), of the call that starts at a 1-based line and column of the original. */
function calleeAt(ts: typeof TS, original: TS.SourceFile, at: { line: number; column: number } | undefined): { node: TS.Expression; text: string } | undefined {
  if (at === undefined) return undefined;
  const position = ts.getPositionOfLineAndCharacter(original, at.line - 1, at.column - 1);
  // A call at the name (`r.on(...)` sited at `on`) first, else the innermost call starting there
  // (`setInterval(...)` in `setInterval(...).unref()`).
  let byName: TS.Expression | undefined;
  let byStart: TS.Expression | undefined;
  const visit = (node: TS.Node): void => {
    if (position < node.pos || position >= node.end) return;
    const callee = ts.isCallExpression(node) ? node.expression : undefined;
    if (callee !== undefined && ts.isPropertyAccessExpression(callee) && callee.name.getStart(original) === position) byName ??= callee;
    else if (callee !== undefined && node.getStart(original) === position) byStart = callee;
    ts.forEachChild(node, visit);
  };
  visit(original);
  let bare = byName ?? byStart;
  if (bare === undefined) return undefined;
  while (ts.isParenthesizedExpression(bare) || ts.isNonNullExpression(bare)) bare = bare.expression;
  return { node: bare, text: bare.getText(original) };
}

function removeTemps(
  ts: typeof TS,
  file: TS.SourceFile,
  temps: ReadonlySet<string>,
  removeListItem: (list: readonly TS.Node[], index: number) => void,
  removeStatement: (node: TS.Node) => void,
): void {
  const visit = (node: TS.Node): void => {
    if (ts.isVariableStatement(node)) {
      const declarations = node.declarationList.declarations;
      const ours = declarations.map((d, i) => (ts.isIdentifier(d.name) && d.initializer === undefined && temps.has(d.name.text) ? i : -1)).filter((i) => i >= 0);
      if (ours.length > 0 && ours.length === declarations.length) return removeStatement(node);
      for (const i of ours.reverse()) removeListItem(declarations, i);
      return;
    }
    ts.forEachChild(node, visit);
  };
  visit(file);
}

/** Whether `node` is the object of a property or element access, or the callee of a call. */
function isCalleeOrAccessed(ts: typeof TS, node: TS.Expression): boolean {
  const parent = node.parent;
  return (ts.isPropertyAccessExpression(parent) || ts.isElementAccessExpression(parent) || ts.isCallExpression(parent)) && parent.expression === node;
}

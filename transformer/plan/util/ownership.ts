/**
 * Ownership: who holds the value a call or `new` produces. leash's rule is "a resource belongs to
 * whoever holds it": what a function keeps in its own locals belongs to the scope that runs it;
 * what it stores where it outlives the call belongs to that holder, not to the scope. This file
 * answers, from the syntax tree alone (no type question, so every host answers it the same way
 * and for free), whether a call's value has such a holder — and if so, which one, in words for
 * notes and docs.
 *
 * A call is held (the first match wins):
 * 1. module: it runs at module top level (or in a static block / static field): the module holds
 *    it, however late the module is first imported;
 * 2. construction: it runs directly in a constructor or an instance field initializer: the
 *    object being built holds it;
 * 3. store: its value (through parentheses, casts, `await`, `??`/`||`/`&&`, `? :`, `.then(...)`
 *    chains, object and array literals) is assigned to, or `set`/`add`/`push`/`unshift`/`splice`d
 *    into, a place that outlives the function — a module variable or import, a variable of an
 *    outer function captured by a function that is kept (not an inline callback such as
 *    `items.map(...)`), or a property of anything but a fresh local object (`this.conn`,
 *    `cache[key]`). A local variable is followed once: `p = load(k); inflight.set(k, p)`;
 * 4. initialization: it is a method call on such a place that the same function assigned
 *    earlier (`pool = new Pool(); pool.on('error', log)`): it finishes building the held object.
 * Anything else — a value kept in locals, returned, awaited, passed as an argument — stays with
 * the scope that runs it: returning hands the value to the caller, whose own store decides.
 */
import type * as TS from 'typescript';
import { isOuterExpression, skipOuter } from './nodes';
import { forEachReference, resolveName } from './scope';

export interface Holder {
  readonly kind: 'module' | 'construction' | 'store' | 'initialization';
  /** What holds it, for notes: `module variable connection`, `this.sweeper`, `inflight`. */
  readonly holder: string;
}

/** Collection methods that keep their argument: a value passed to one on an outliving receiver is stored. */
const STORING_METHODS: ReadonlySet<string> = new Set(['set', 'add', 'push', 'unshift', 'splice']);
/** Methods that call their callback before the surrounding code goes on (or as part of the same chain). */
const INLINE_CALLBACK_METHODS: ReadonlySet<string> = new Set([
  'forEach',
  'map',
  'flatMap',
  'filter',
  'reduce',
  'reduceRight',
  'some',
  'every',
  'find',
  'findIndex',
  'findLast',
  'findLastIndex',
  'sort',
  'then',
  'catch',
  'finally',
]);
const CHAIN_METHODS: ReadonlySet<string> = new Set(['then', 'catch', 'finally']);

type Call = TS.CallExpression | TS.NewExpression;

/** The verdict for each node asked about (null: the scope's own); several rules ask about the same call. */
const verdicts = new WeakMap<TS.Node, Holder | null>();

export function holderOf(ts: typeof TS, node: Call): Holder | undefined {
  let verdict = verdicts.get(node);
  if (verdict === undefined) verdicts.set(node, (verdict = new Ownership(ts).of(node) ?? null));
  return verdict ?? undefined;
}

/**
 * The callee is, or may be, implemented in this program's own source, which leash instruments
 * too: a function or class of this file (not `declare`d), a method of the enclosing class called
 * on `this`, an import from a relative path or a method of one (`focusManager.subscribe()`,
 * `utils.schedule()`), or a function the caller was handed (a parameter: `setup(onFocus)`), which
 * may be the program's. Anything else (a package, a global) starts nothing leash binds.
 */
export function callsProgramCode(ts: typeof TS, node: Call): boolean {
  const callee = skipOuter(ts, node.expression);
  if (ts.isPropertyAccessExpression(callee) && callee.expression.kind === ts.SyntaxKind.ThisKeyword) {
    const owner = ts.findAncestor(node, ts.isClassLike);
    const name = callee.name.text;
    return owner?.members.some((member) => member.name !== undefined && !ts.isComputedPropertyName(member.name) && member.name.text === name && hasBody(ts, member)) === true;
  }
  if (ts.isPropertyAccessExpression(callee) || ts.isElementAccessExpression(callee)) {
    const receiver = receiverRoot(ts, callee);
    const declaration = receiver === undefined ? undefined : resolveName(ts, receiver);
    return declaration !== undefined && importedFrom(ts, declaration)?.startsWith('.') === true;
  }
  if (!ts.isIdentifier(callee)) return false;
  const declaration = resolveName(ts, callee);
  if (declaration === undefined || isAmbient(ts, declaration)) return false;
  if (ts.isParameter(declaration)) return true;
  if (ts.isFunctionDeclaration(declaration) || ts.isClassDeclaration(declaration)) return true;
  if (ts.isVariableDeclaration(declaration)) {
    const init = declaration.initializer === undefined ? undefined : skipOuter(ts, declaration.initializer);
    return init !== undefined && (ts.isArrowFunction(init) || ts.isFunctionExpression(init) || ts.isClassExpression(init));
  }
  return importedFrom(ts, declaration)?.startsWith('.') === true;
}

/** The module an imported name comes from (`'./db'`, `'node:events'`), or undefined when `declaration` is no import. */
export function importedFrom(ts: typeof TS, declaration: TS.Node): string | undefined {
  if (!ts.isImportSpecifier(declaration) && !ts.isImportClause(declaration) && !ts.isNamespaceImport(declaration)) return undefined;
  const from = ts.findAncestor(declaration, ts.isImportDeclaration)?.moduleSpecifier;
  return from !== undefined && ts.isStringLiteral(from) ? from.text : undefined;
}

/** The name a chain of property reads starts from: `focusManager` in `focusManager.subscribe`, `api` in `api.users.load`. */
function receiverRoot(ts: typeof TS, callee: TS.PropertyAccessExpression | TS.ElementAccessExpression): TS.Identifier | undefined {
  let receiver = skipOuter(ts, callee.expression);
  while (ts.isPropertyAccessExpression(receiver) || ts.isElementAccessExpression(receiver)) receiver = skipOuter(ts, receiver.expression);
  return ts.isIdentifier(receiver) ? receiver : undefined;
}

function hasBody(ts: typeof TS, member: TS.ClassElement): boolean {
  if (ts.isMethodDeclaration(member) || ts.isGetAccessorDeclaration(member)) return member.body !== undefined;
  if (ts.isPropertyDeclaration(member)) return member.initializer !== undefined && (ts.isArrowFunction(member.initializer) || ts.isFunctionExpression(member.initializer));
  return false;
}

/** `declare function f()`, or anything inside a `declare` block: no code of the program runs there. */
function isAmbient(ts: typeof TS, declaration: TS.Node): boolean {
  for (let node: TS.Node | undefined = declaration; node !== undefined && !ts.isSourceFile(node); node = node.parent) {
    if (ts.canHaveModifiers(node) && ts.getModifiers(node)?.some((modifier) => modifier.kind === ts.SyntaxKind.DeclareKeyword) === true) return true;
  }
  return false;
}

class Ownership {
  constructor(private readonly ts: typeof TS) {}

  of(node: Call): Holder | undefined {
    const { ts } = this;
    const container = this.container(node);
    if (container === undefined) return { kind: 'module', holder: 'the module (top-level code)' };
    if (ts.isConstructorDeclaration(container) || (ts.isPropertyDeclaration(container) && !isStatic(ts, container))) {
      return { kind: 'construction', holder: 'the object its constructor builds' };
    }
    if (!isFunctionWithBody(ts, container)) return { kind: 'module', holder: 'the class (static code)' };
    const stored = this.storedIn(node, container, true);
    if (stored !== undefined) return { kind: 'store', holder: stored };
    const initialized = this.initializes(node, container);
    if (initialized !== undefined) return { kind: 'initialization', holder: initialized };
    return undefined;
  }

  /** The function-like (or class member initializer) whose code runs `node`; undefined at module top level. */
  private container(node: TS.Node): TS.Node | undefined {
    const { ts } = this;
    for (let current = node.parent; current !== undefined && !ts.isSourceFile(current); current = current.parent) {
      if (isFunctionWithBody(ts, current) || ts.isClassStaticBlockDeclaration(current)) return current;
      if (ts.isPropertyDeclaration(current) && current.initializer !== undefined) return current;
    }
    return undefined;
  }

  /**
   * Where the value of `expression` ends up, when that place outlives `fn`: a description of it.
   * `followLocals` follows a local variable the value is put in to that variable's own stores.
   */
  private storedIn(expression: TS.Expression, fn: TS.FunctionLikeDeclaration, followLocals: boolean): string | undefined {
    const { ts } = this;
    let child: TS.Node = expression;
    for (let parent = expression.parent; parent !== undefined; child = parent, parent = parent.parent) {
      if (
        isOuterExpression(ts, parent) ||
        ts.isAwaitExpression(parent) ||
        ts.isConditionalExpression(parent) ||
        ts.isArrayLiteralExpression(parent) ||
        ts.isObjectLiteralExpression(parent) ||
        ts.isSpreadElement(parent)
      ) {
        if (ts.isConditionalExpression(parent) && child === parent.condition) return undefined;
        continue;
      }
      if (ts.isPropertyAssignment(parent) || ts.isShorthandPropertyAssignment(parent) || ts.isSpreadAssignment(parent)) continue;
      if (ts.isPropertyAccessExpression(parent) && parent.expression === child && CHAIN_METHODS.has(parent.name.text)) {
        const call = parent.parent;
        if (ts.isCallExpression(call) && call.expression === parent) {
          parent = call; // the loop steps on from the whole `.then(...)` call
          continue;
        }
        return undefined;
      }
      if (ts.isBinaryExpression(parent)) {
        const operator = parent.operatorToken.kind;
        if (isAssignment(ts, operator)) {
          if (child !== parent.right) return undefined;
          const stored = this.placeOutlives(parent.left, fn) ?? (followLocals ? this.localStoredIn(parent.left, fn) : undefined);
          if (stored !== undefined) return stored;
          continue; // `cache.set(k, (found = load(k)))`: the assignment's value goes on
        }
        if (operator === ts.SyntaxKind.QuestionQuestionToken || operator === ts.SyntaxKind.BarBarToken || operator === ts.SyntaxKind.AmpersandAmpersandToken) continue;
        if (operator === ts.SyntaxKind.CommaToken && child === parent.right) continue;
        return undefined;
      }
      if (ts.isVariableDeclaration(parent)) {
        if (child !== parent.initializer || !followLocals) return undefined;
        return this.localStoredIn(parent.name, fn);
      }
      if (ts.isCallExpression(parent) && child !== parent.expression && ts.isPropertyAccessExpression(parent.expression)) {
        const callee = parent.expression;
        if (!STORING_METHODS.has(callee.name.text)) return undefined;
        return this.placeOutlives(callee.expression, fn);
      }
      return undefined;
    }
    return undefined;
  }

  /** A local variable of `fn` named by `name`, stored somewhere that outlives `fn`: where. */
  private localStoredIn(name: TS.Node, fn: TS.FunctionLikeDeclaration): string | undefined {
    const { ts } = this;
    if (!ts.isIdentifier(name)) return undefined;
    const declaration = ts.isVariableDeclaration(name.parent) && name.parent.name === name ? name.parent : resolveName(ts, name);
    if (declaration === undefined || this.declaringFunction(declaration) !== fn) return undefined;
    let found: string | undefined;
    if (fn.body !== undefined) forEachReference(ts, name, declaration, fn.body, (reference) => (found = this.storedIn(reference, fn, false)) !== undefined);
    return found;
  }

  /**
   * `place` (an assignment target or a collection) outlives `fn`: a description of it, or
   * undefined when it is `fn`'s own (a local, or a property of a fresh local object).
   */
  private placeOutlives(place: TS.Expression, fn: TS.FunctionLikeDeclaration): string | undefined {
    const { ts } = this;
    const bare = skipOuter(ts, place);
    if (ts.isIdentifier(bare)) {
      const declaration = resolveName(ts, bare);
      if (declaration === undefined) return `global ${bare.text}`;
      const declaring = this.declaringFunction(declaration);
      if (declaring === undefined) return `module variable ${bare.text}`;
      if (declaring === fn) return undefined;
      return this.keptBetween(fn, declaring) ? `${bare.text} (kept by a closure)` : undefined;
    }
    if (ts.isPropertyAccessExpression(bare) || ts.isElementAccessExpression(bare)) {
      const object = skipOuter(ts, bare.expression);
      if (ts.isIdentifier(object) && this.isFreshLocal(object, fn)) return undefined;
      return bare.getText();
    }
    return undefined;
  }

  /** A local of `fn` initialized with an object or array literal or a `new` expression, i.e. an object `fn` made itself. */
  private isFreshLocal(name: TS.Identifier, fn: TS.FunctionLikeDeclaration): boolean {
    const { ts } = this;
    const declaration = resolveName(ts, name);
    if (declaration === undefined || !ts.isVariableDeclaration(declaration) || this.declaringFunction(declaration) !== fn) return false;
    const init = declaration.initializer === undefined ? undefined : skipOuter(ts, declaration.initializer);
    return init !== undefined && (ts.isObjectLiteralExpression(init) || ts.isArrayLiteralExpression(init) || ts.isNewExpression(init));
  }

  /** The function whose locals include `declaration`; undefined for module-level names and imports. */
  private declaringFunction(declaration: TS.Node): TS.FunctionLikeDeclaration | undefined {
    const { ts } = this;
    for (let current: TS.Node | undefined = declaration.parent; current !== undefined && !ts.isSourceFile(current); current = current.parent) {
      if (isFunctionWithBody(ts, current)) return current;
    }
    return undefined;
  }

  /**
   * Some function between `inner` (inclusive) and `outer` (exclusive) is kept past `outer`'s
   * call: anything but an inline callback (`items.map(fn)`, `p.then(fn)`, `new Promise(fn)`, an
   * immediately invoked function).
   */
  private keptBetween(inner: TS.FunctionLikeDeclaration, outer: TS.FunctionLikeDeclaration): boolean {
    const { ts } = this;
    for (let current: TS.Node | undefined = inner; current !== undefined && current !== outer; current = current.parent) {
      if (!isFunctionWithBody(ts, current)) continue;
      if (!this.isInlineCallback(current)) return true;
    }
    return false;
  }

  private isInlineCallback(fn: TS.Node): boolean {
    const { ts } = this;
    if (!ts.isArrowFunction(fn) && !ts.isFunctionExpression(fn)) return false;
    let parent = fn.parent;
    while (ts.isParenthesizedExpression(parent)) parent = parent.parent;
    if (ts.isCallExpression(parent) && skipOuter(ts, parent.expression) === skipOuter(ts, fn as TS.Expression)) return true; // IIFE
    if (ts.isNewExpression(parent)) return ts.isIdentifier(parent.expression) && parent.expression.text === 'Promise';
    if (!ts.isCallExpression(parent) || !parent.arguments.some((arg) => skipOuter(ts, arg) === fn)) return false;
    const callee = parent.expression;
    return ts.isPropertyAccessExpression(callee) && INLINE_CALLBACK_METHODS.has(callee.name.text);
  }

  /**
   * `node` finishes building a held object: a method call on an outliving place that `fn`
   * assigned before it (`pool = new Pool(); pool.on('error', log)`), or any call in the branch
   * of a lazy-init guard — `if (!pool) { pool = ...; setInterval(keepAlive, 1000) }` — that tests
   * and assigns the same outliving place. The place, described.
   */
  private initializes(node: Call, fn: TS.FunctionLikeDeclaration): string | undefined {
    const { ts } = this;
    if (fn.body === undefined) return undefined;
    if (ts.isCallExpression(node) && ts.isPropertyAccessExpression(node.expression)) {
      const receiver = skipOuter(ts, node.expression.expression);
      const key = this.placeKey(receiver);
      const described = key === undefined ? undefined : this.placeOutlives(receiver, fn);
      if (key !== undefined && described !== undefined && this.assigns(fn.body, key, node.getStart())) return described;
    }
    for (let current: TS.Node = node; current !== fn; current = current.parent) {
      const parent = current.parent;
      if (!ts.isIfStatement(parent) || parent.thenStatement !== current) continue;
      const tested = this.testedPlace(parent.expression);
      if (tested === undefined) continue;
      const key = this.placeKey(tested);
      const described = key === undefined ? undefined : this.placeOutlives(tested, fn);
      if (key !== undefined && described !== undefined && this.assigns(current, key, Infinity)) return described;
    }
    return undefined;
  }

  /** `!p`, `p === undefined`, `p == null`, `p === null`, `!this.p`: the place a lazy-init guard tests. */
  private testedPlace(condition: TS.Expression): TS.Expression | undefined {
    const { ts } = this;
    const bare = skipOuter(ts, condition);
    if (ts.isPrefixUnaryExpression(bare) && bare.operator === ts.SyntaxKind.ExclamationToken) return skipOuter(ts, bare.operand);
    if (ts.isBinaryExpression(bare)) {
      const operator = bare.operatorToken.kind;
      if (operator !== ts.SyntaxKind.EqualsEqualsToken && operator !== ts.SyntaxKind.EqualsEqualsEqualsToken) return undefined;
      const isEmpty = (side: TS.Expression): boolean => side.kind === ts.SyntaxKind.NullKeyword || (ts.isIdentifier(side) && side.text === 'undefined');
      if (isEmpty(bare.right)) return skipOuter(ts, bare.left);
      if (isEmpty(bare.left)) return skipOuter(ts, bare.right);
    }
    return undefined;
  }

  /** `within` assigns the place `key` before position `before` (nested functions aside). */
  private assigns(within: TS.Node, key: string, before: number): boolean {
    const { ts } = this;
    let found = false;
    const visit = (child: TS.Node): void => {
      if (found || child.pos >= before) return;
      if (ts.isBinaryExpression(child) && isAssignment(ts, child.operatorToken.kind) && child.end <= before && this.placeKey(skipOuter(ts, child.left)) === key) {
        found = true;
        return;
      }
      if (ts.isFunctionLike(child)) return;
      ts.forEachChild(child, visit);
    };
    visit(within);
    return found;
  }

  /** A key that is equal for two mentions of the same place: a variable, or `this`/a variable followed by property names. */
  private placeKey(place: TS.Expression): string | undefined {
    const { ts } = this;
    if (ts.isIdentifier(place)) {
      const declaration = resolveName(ts, place);
      return declaration === undefined ? `global:${place.text}` : `${declarationId(declaration)}`;
    }
    if (place.kind === ts.SyntaxKind.ThisKeyword) return 'this';
    if (ts.isPropertyAccessExpression(place)) {
      const base = this.placeKey(skipOuter(ts, place.expression));
      return base === undefined ? undefined : `${base}.${place.name.text}`;
    }
    return undefined;
  }
}

const declarationIds = new WeakMap<TS.Node, number>();
let nextDeclarationId = 1;
function declarationId(declaration: TS.Node): number {
  let id = declarationIds.get(declaration);
  if (id === undefined) declarationIds.set(declaration, (id = nextDeclarationId++));
  return id;
}

function isAssignment(ts: typeof TS, operator: TS.SyntaxKind): boolean {
  return (
    operator === ts.SyntaxKind.EqualsToken ||
    operator === ts.SyntaxKind.QuestionQuestionEqualsToken ||
    operator === ts.SyntaxKind.BarBarEqualsToken ||
    operator === ts.SyntaxKind.AmpersandAmpersandEqualsToken
  );
}

function isStatic(ts: typeof TS, node: TS.PropertyDeclaration): boolean {
  return ts.getModifiers(node)?.some((modifier) => modifier.kind === ts.SyntaxKind.StaticKeyword) === true;
}

function isFunctionWithBody(ts: typeof TS, node: TS.Node): node is TS.FunctionLikeDeclaration {
  return (
    ts.isFunctionDeclaration(node) ||
    ts.isFunctionExpression(node) ||
    ts.isArrowFunction(node) ||
    ts.isMethodDeclaration(node) ||
    ts.isConstructorDeclaration(node) ||
    ts.isGetAccessorDeclaration(node) ||
    ts.isSetAccessorDeclaration(node)
  );
}


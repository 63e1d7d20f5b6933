/**
 * Inert code: a call into the program's own code that provably starts nothing leash binds, so
 * running it in the root scope (`detach`) would change nothing but its cost — a thunk coverage
 * counts, and an AsyncLocalStorage `run` on every call.
 *
 * A call is inert when its callee is declared in this file (a function, a `const f = () =>`, a
 * class's construction with its same-file base classes, or `this.method`) and that code, nested functions
 * included, holds no intent of any rule — no timer, listener, task, signal, resumed `await` or
 * call of leash's API — and calls only code that is inert too. A callee declared in another
 * module is not looked into (its plan is another file's), so a call to it is never inert; a
 * call into a library (not instrumented) or through a value (`callback()`) starts nothing leash
 * binds, as `callsProgramCode` already decides for the call itself.
 */
import type * as TS from 'typescript';
import type { Intent } from '../intent';
import { isOuterExpression, skipOuter } from './nodes';
import { callsProgramCode, importedFrom } from './ownership';
import { resolveName } from './scope';

type Call = TS.CallExpression | TS.NewExpression;

/** A test of calls in `file`, whose planned intents (every rule's) are `intents`. */
export function createInertTest(ts: typeof TS, intents: readonly Intent[]): (call: Call) => boolean {
  const starts = intents.map((intent) => intent.node.start).sort((a, b) => a - b);
  /** Verdict per declaration; `true` while it is being decided, so a cycle adds nothing. */
  const verdicts = new Map<TS.Node, boolean>();

  /** Whether some intent starts inside `node`, outside the functions in `skipped`. */
  const holdsIntent = (node: TS.Node, skipped: readonly TS.Node[]): boolean => {
    let low = 0;
    let high = starts.length;
    while (low < high) {
      const mid = (low + high) >>> 1;
      if ((starts[mid] as number) < node.pos) low = mid + 1;
      else high = mid;
    }
    for (let i = low; i < starts.length && (starts[i] as number) < node.end; i++) {
      const start = starts[i] as number;
      if (!skipped.some((fn) => start >= fn.pos && start < fn.end)) return true;
    }
    return false;
  };

  const inertCode = (code: TS.Node): boolean => {
    const known = verdicts.get(code);
    if (known !== undefined) return known;
    verdicts.set(code, true);
    const skipped = returnedFunctions(ts, code);
    let inert = !holdsIntent(code, skipped);
    const visit = (node: TS.Node): void => {
      if (!inert || skipped.includes(node)) return;
      if ((ts.isCallExpression(node) || ts.isNewExpression(node)) && callsProgramCode(ts, node) && !inertCall(node)) inert = false;
      else ts.forEachChild(node, visit);
    };
    if (inert) ts.forEachChild(code, visit);
    verdicts.set(code, inert);
    return inert;
  };

  const inertCall = (call: Call): boolean => {
    const code = calleeCode(ts, call);
    return code !== undefined && code.every(inertCode);
  };

  return inertCall;
}

/**
 * The functions `code` makes and returns (`return (x) => ...`, `() => () => ...`, the methods of
 * a returned object literal): none can run before the call returns, so what they hold is not what
 * the call runs. Any other nested function may be called during the call (`items.forEach(fn)`)
 * and is looked into.
 */
function returnedFunctions(ts: typeof TS, code: TS.Node): TS.Node[] {
  const found: TS.Node[] = [];
  const collect = (value: TS.Node): void => {
    if (ts.isArrowFunction(value) || ts.isFunctionExpression(value) || ts.isMethodDeclaration(value) || ts.isGetAccessorDeclaration(value) || ts.isSetAccessorDeclaration(value)) found.push(value);
    else if (isOuterExpression(ts, value)) collect(value.expression);
    else if (ts.isConditionalExpression(value)) [value.whenTrue, value.whenFalse].forEach(collect);
    else if (ts.isArrayLiteralExpression(value)) value.elements.forEach(collect);
    else if (ts.isObjectLiteralExpression(value)) value.properties.forEach((property) => collect(ts.isPropertyAssignment(property) ? property.initializer : property));
  };
  const body = ts.isFunctionLike(code) ? (code as TS.FunctionLikeDeclaration).body : undefined;
  if (body === undefined) return found;
  if (!ts.isBlock(body)) {
    collect(body);
    return found;
  }
  const visit = (node: TS.Node): void => {
    if (ts.isFunctionLike(node) || ts.isClassLike(node)) return; // their returns are their own
    if (ts.isReturnStatement(node) && node.expression !== undefined) collect(node.expression);
    ts.forEachChild(node, visit);
  };
  body.statements.forEach(visit);
  return found;
}

/**
 * The code a call runs, when all of it is declared in this file: the function, the class and
 * its base classes of this file (a library base class runs no code of the program), the methods
 * named by `this.name(...)`. Undefined when any of it is elsewhere.
 */
function calleeCode(ts: typeof TS, call: Call): TS.Node[] | undefined {
  const callee = skipOuter(ts, call.expression);
  if (ts.isPropertyAccessExpression(callee) && callee.expression.kind === ts.SyntaxKind.ThisKeyword) {
    const owner = ts.findAncestor(call, ts.isClassLike);
    const name = callee.name.text;
    const members = owner?.members.filter((member) => member.name !== undefined && (ts.isIdentifier(member.name) || ts.isPrivateIdentifier(member.name)) && member.name.text === name);
    if (owner === undefined || members === undefined || members.length === 0) return undefined;
    // A method a subclass may override runs code this file may not hold (a `#private` one it cannot).
    if (!ts.isPrivateIdentifier(callee.name) && (!ts.isClassDeclaration(owner) || mayBeExtended(ts, owner))) return undefined;
    return members;
  }
  if (!ts.isIdentifier(callee)) return undefined;
  return declarationCode(ts, resolveName(ts, callee));
}

function declarationCode(ts: typeof TS, declaration: TS.Node | undefined): TS.Node[] | undefined {
  if (declaration === undefined) return undefined;
  if (ts.isFunctionDeclaration(declaration)) return declaration.body === undefined ? undefined : [declaration];
  if (ts.isClassDeclaration(declaration) || ts.isClassExpression(declaration)) return classCode(ts, declaration);
  // A `let` or `var` may hold other code by the time of the call.
  if (ts.isVariableDeclaration(declaration) && declaration.initializer !== undefined && (declaration.parent.flags & ts.NodeFlags.Const) !== 0) {
    const init = skipOuter(ts, declaration.initializer);
    if (ts.isArrowFunction(init) || ts.isFunctionExpression(init)) return [init];
    if (ts.isClassExpression(init)) return classCode(ts, init);
  }
  return undefined;
}

/**
 * What `new` runs of a class: its constructor, instance field initializers and accessors (a
 * constructor may read one), then the same of its base classes of this file; a base imported
 * from a package (not instrumented) adds nothing. Methods run when called, each in its caller's
 * scope: a constructor's `this.method()` is followed as a call.
 */
function classCode(ts: typeof TS, declaration: TS.ClassLikeDeclaration): TS.Node[] | undefined {
  const own = declaration.members.filter(
    (member) => ts.isConstructorDeclaration(member) || ts.isGetAccessorDeclaration(member) || ts.isSetAccessorDeclaration(member) || (ts.isPropertyDeclaration(member) && !isStatic(ts, member)),
  );
  const base = declaration.heritageClauses?.find((clause) => clause.token === ts.SyntaxKind.ExtendsKeyword)?.types[0]?.expression;
  if (base === undefined) return own;
  if (!ts.isIdentifier(base)) return undefined;
  const resolved = resolveName(ts, base);
  const from = resolved === undefined ? undefined : importedFrom(ts, resolved);
  if (from !== undefined) return from.startsWith('.') ? undefined : own;
  const inherited = declarationCode(ts, resolved);
  return inherited === undefined ? undefined : [...own, ...inherited];
}

function isStatic(ts: typeof TS, member: TS.ClassElement): boolean {
  return ts.canHaveModifiers(member) && ts.getModifiers(member)?.some((modifier) => modifier.kind === ts.SyntaxKind.StaticKeyword) === true;
}

const extendable = new WeakMap<TS.ClassDeclaration, boolean>();

/** The class is exported (another module may extend it), or a class of this file extends it. One walk of the file per class. */
function mayBeExtended(ts: typeof TS, declaration: TS.ClassDeclaration): boolean {
  let known = extendable.get(declaration);
  if (known === undefined) extendable.set(declaration, (known = findExtension(ts, declaration)));
  return known;
}

function findExtension(ts: typeof TS, declaration: TS.ClassDeclaration): boolean {
  if (ts.getModifiers(declaration)?.some((modifier) => modifier.kind === ts.SyntaxKind.ExportKeyword) === true) return true;
  const name = declaration.name?.text;
  if (name === undefined) return true;
  let found = false;
  const visit = (node: TS.Node): void => {
    if (found) return;
    if (ts.isExportSpecifier(node) && (node.propertyName ?? node.name).text === name) found = true;
    else if (ts.isExportAssignment(node) && ts.isIdentifier(node.expression) && node.expression.text === name) found = true;
    else if (ts.isHeritageClause(node) && node.token === ts.SyntaxKind.ExtendsKeyword && node.types.some((type) => ts.isIdentifier(type.expression) && type.expression.text === name)) found = true;
    else ts.forEachChild(node, visit);
  };
  visit(declaration.getSourceFile());
  return found;
}

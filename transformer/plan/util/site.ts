/**
 * Site ids: `path/from/root.ts:line:col` (1-based), plus ` name` when the node is inside a named
 * function. The position is the called name for a method call (`on` in `emitter.on(...)`, so
 * chained calls get distinct ids) and the node's start otherwise. Names: `handle`, `Server.listen`, `Server.constructor`, `Server.timer` (a
 * class field's initializer). Anonymous functions take the name of the variable or property they
 * are assigned to, or of the registration they are passed to (`handler in app.get('/x')`), else
 * of the nearest named function around them.
 */
import { isAbsolute, relative } from 'node:path';
import type * as TS from 'typescript';
import { propertyNameText } from './nodes';
import { toSlashes } from './runtime-file';

/**
 * A file's path in site ids and in `include`/`exclude` globs: from `root` (the tsconfig's folder),
 * with `/`. A file outside it takes `../` steps (`../shared/clock.ts`), never its absolute path,
 * which would write the build machine's folders into the output and change the output with
 * where the project is checked out.
 */
export function pathFromRoot(root: string): (fileName: string) => string {
  return (fileName) => {
    const path = relative(root, fileName);
    return toSlashes(isAbsolute(path) ? fileName : path);
  };
}

export function siteId(ts: typeof TS, file: TS.SourceFile, path: string, node: TS.Node): string {
  const at = ts.isCallExpression(node) && ts.isPropertyAccessExpression(node.expression) ? node.expression.name : node;
  const { line, character } = file.getLineAndCharacterOfPosition(at.getStart(file));
  const name = enclosingName(ts, node);
  return `${path}:${line + 1}:${character + 1}${name === undefined ? '' : ` ${name}`}`;
}

function enclosingName(ts: typeof TS, node: TS.Node): string | undefined {
  for (let current: TS.Node = node.parent; current !== undefined && !ts.isSourceFile(current); current = current.parent) {
    const name = nameOf(ts, current);
    if (name !== undefined) return name;
  }
  return undefined;
}

function nameOf(ts: typeof TS, node: TS.Node): string | undefined {
  if (ts.isFunctionDeclaration(node) || ts.isFunctionExpression(node)) {
    if (node.name !== undefined) return node.name.text;
    return ts.isFunctionExpression(node) ? assignedName(ts, node) : undefined;
  }
  if (ts.isArrowFunction(node)) return assignedName(ts, node);
  if (ts.isConstructorDeclaration(node)) return member(ts, node, 'constructor');
  if (ts.isMethodDeclaration(node) || ts.isGetAccessorDeclaration(node) || ts.isSetAccessorDeclaration(node)) {
    return member(ts, node, propertyNameText(ts, node.name));
  }
  if (ts.isPropertyDeclaration(node)) return member(ts, node, propertyNameText(ts, node.name));
  if (ts.isClassStaticBlockDeclaration(node)) return member(ts, node, 'static');
  return undefined;
}

/**
 * `const handle = () => ...`, `handle: () => ...`, `this.handle = () => ...` (`handle = () => ...` in
 * a class body is named by its PropertyDeclaration, with the class), and a
 * callback registered under a string key — `app.get('/x', (req, res) => ...)`,
 * `emitter.on('data', ...)`, `test('name', ...)` — as `handler in app.get('/x')`.
 */
function assignedName(ts: typeof TS, fn: TS.Expression): string | undefined {
  let parent = fn.parent;
  let child: TS.Node = fn;
  while (ts.isParenthesizedExpression(parent) || ts.isAsExpression(parent) || ts.isSatisfiesExpression(parent)) {
    child = parent;
    parent = parent.parent;
  }
  if (ts.isVariableDeclaration(parent) && ts.isIdentifier(parent.name)) return parent.name.text;
  if (ts.isPropertyAssignment(parent)) return propertyNameText(ts, parent.name);
  if (ts.isBinaryExpression(parent) && parent.operatorToken.kind === ts.SyntaxKind.EqualsToken && parent.right === child) {
    // `handle = () => ...`, `this.onTick = () => ...`, `exports.run = function () {}`
    const target = parent.left;
    if (ts.isIdentifier(target)) return target.text;
    if (ts.isPropertyAccessExpression(target) && (ts.isIdentifier(target.name) || ts.isPrivateIdentifier(target.name))) return target.name.text;
    return undefined;
  }
  if (ts.isCallExpression(parent) && parent.arguments.includes(child as TS.Expression)) return registeredName(ts, parent);
  return undefined; // class fields are named by the PropertyDeclaration above
}

/**
 * `app.get('/x', fn)` → `handler in app.get('/x')`: a call whose first argument is a string key
 * and whose callee is a name or a dotted name. The key is written escaped (a site id stays one
 * line) and cut after 40 characters.
 */
function registeredName(ts: typeof TS, call: TS.CallExpression): string | undefined {
  const key = call.arguments[0];
  if (key === undefined || !(ts.isStringLiteral(key) || ts.isNoSubstitutionTemplateLiteral(key))) return undefined;
  const callee = dottedName(ts, call.expression);
  if (callee === undefined) return undefined;
  const text = key.text.length > 40 ? `${key.text.slice(0, 40).trimEnd()}…` : key.text;
  return `handler in ${callee}('${JSON.stringify(text).slice(1, -1).replace(/'/g, "\\'")}')`;
}

function dottedName(ts: typeof TS, node: TS.Expression): string | undefined {
  if (ts.isIdentifier(node)) return node.text;
  if (node.kind === ts.SyntaxKind.ThisKeyword) return 'this';
  if (ts.isPropertyAccessExpression(node) && ts.isIdentifier(node.name)) {
    const object = dottedName(ts, node.expression);
    return object === undefined ? undefined : `${object}.${node.name.text}`;
  }
  return undefined;
}

function member(ts: typeof TS, node: TS.Node, name: string | undefined): string | undefined {
  if (name === undefined) return undefined;
  const owner = node.parent;
  if (owner !== undefined && ts.isClassLike(owner)) {
    const className = owner.name?.text ?? (ts.isClassExpression(owner) ? assignedName(ts, owner) : undefined);
    return className === undefined ? name : `${className}.${name}`;
  }
  return name;
}

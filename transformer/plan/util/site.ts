/**
 * Site ids: `path/from/root.ts:line:col` (1-based), plus ` name` when the node is inside a named
 * function. The position is the called name for a method call (`on` in `emitter.on(...)`, so
 * chained calls get distinct ids) and the node's start otherwise. Names: `handle`, `Server.listen`, `Server.constructor`, `Server.timer` (a
 * class field's initializer). Anonymous functions take the name of the nearest named one around
 * them, or of the variable or property they are assigned to.
 */
import type * as TS from 'typescript';
import { propertyNameText } from './nodes';

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

/** `const handle = () => ...`, `handle: () => ...`, `handle = () => ...` in a class body. */
function assignedName(ts: typeof TS, fn: TS.Expression): string | undefined {
  let parent = fn.parent;
  while (ts.isParenthesizedExpression(parent) || ts.isAsExpression(parent) || ts.isSatisfiesExpression(parent)) parent = parent.parent;
  if (ts.isVariableDeclaration(parent) && ts.isIdentifier(parent.name)) return parent.name.text;
  if (ts.isPropertyAssignment(parent)) return propertyNameText(ts, parent.name);
  return undefined; // class fields are named by the PropertyDeclaration above
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

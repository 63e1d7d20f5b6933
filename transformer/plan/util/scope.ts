/**
 * Name resolution from the syntax tree alone, for analyses that must not cost a type question
 * per identifier (util/ownership.ts): which declaration in this file a name refers to, found by
 * walking the enclosing scopes outwards — block and module declarations, parameters, hoisted
 * `var`s and functions, `for`/`catch` bindings, imports. Undefined: not declared in this file
 * (a global).
 */
import type * as TS from 'typescript';

/** Declarations (`VariableDeclaration`, `Parameter`, `BindingElement`, a function or class, an import) keyed by the first name lookup that found them. */
const resolved = new WeakMap<TS.Identifier, TS.Node | null>();

export function resolveName(ts: typeof TS, name: TS.Identifier): TS.Node | undefined {
  let found = resolved.get(name);
  if (found === undefined) {
    found = null;
    for (let scope: TS.Node | undefined = name.parent; scope !== undefined; scope = scope.parent) {
      const declaration = declaredIn(ts, scope, name.text);
      if (declaration !== undefined) {
        found = declaration;
        break;
      }
    }
    resolved.set(name, found);
  }
  return found ?? undefined;
}

/**
 * Every mention of the name `declaration` binds, within `within` (nested functions included):
 * identifiers of the same text that resolve to it. `visit` returns true to stop.
 */
export function forEachReference(ts: typeof TS, name: TS.Identifier, declaration: TS.Node, within: TS.Node, visit: (reference: TS.Identifier) => boolean | void): void {
  let stopped = false;
  const walk = (node: TS.Node): void => {
    if (stopped) return;
    if (ts.isIdentifier(node) && node !== name && node.text === name.text && resolveName(ts, node) === declaration) {
      stopped = visit(node) === true;
      return;
    }
    ts.forEachChild(node, walk);
  };
  walk(within);
}

function declaredIn(ts: typeof TS, scope: TS.Node, text: string): TS.Node | undefined {
  if (ts.isFunctionLike(scope)) {
    for (const parameter of scope.parameters) {
      const found = bindingNamed(ts, parameter.name, text, parameter);
      if (found !== undefined) return found;
    }
    if ((ts.isFunctionExpression(scope) || ts.isFunctionDeclaration(scope)) && scope.name?.text === text && ts.isFunctionExpression(scope)) return scope;
    const body = (scope as { body?: TS.Node }).body;
    if (body !== undefined) return hoistedVar(ts, body, text);
    return undefined;
  }
  if (ts.isClassExpression(scope) && scope.name?.text === text) return scope;
  if (ts.isBlock(scope) || ts.isSourceFile(scope) || ts.isModuleBlock(scope)) return inStatements(ts, scope.statements, text);
  if (ts.isCaseBlock(scope)) {
    for (const clause of scope.clauses) {
      const found = inStatements(ts, clause.statements, text);
      if (found !== undefined) return found;
    }
    return undefined;
  }
  if ((ts.isForStatement(scope) || ts.isForOfStatement(scope) || ts.isForInStatement(scope)) && scope.initializer !== undefined && ts.isVariableDeclarationList(scope.initializer)) {
    return inDeclarationList(ts, scope.initializer, text);
  }
  if (ts.isCatchClause(scope) && scope.variableDeclaration !== undefined) return bindingNamed(ts, scope.variableDeclaration.name, text, scope.variableDeclaration);
  return undefined;
}

function inStatements(ts: typeof TS, statements: readonly TS.Statement[], text: string): TS.Node | undefined {
  for (const statement of statements) {
    if (ts.isVariableStatement(statement)) {
      const found = inDeclarationList(ts, statement.declarationList, text);
      if (found !== undefined) return found;
    } else if ((ts.isFunctionDeclaration(statement) || ts.isClassDeclaration(statement) || ts.isEnumDeclaration(statement)) && statement.name?.text === text) {
      return statement;
    } else if (ts.isImportDeclaration(statement) && statement.importClause !== undefined) {
      const clause = statement.importClause;
      if (clause.name?.text === text) return clause;
      const bindings = clause.namedBindings;
      if (bindings !== undefined && ts.isNamespaceImport(bindings) && bindings.name.text === text) return bindings;
      if (bindings !== undefined && ts.isNamedImports(bindings)) {
        const specifier = bindings.elements.find((element) => element.name.text === text);
        if (specifier !== undefined) return specifier;
      }
    }
  }
  return undefined;
}

function inDeclarationList(ts: typeof TS, list: TS.VariableDeclarationList, text: string): TS.Node | undefined {
  for (const declaration of list.declarations) {
    const found = bindingNamed(ts, declaration.name, text, declaration);
    if (found !== undefined) return found;
  }
  return undefined;
}

/** The declaration that binds `text` in a (possibly destructuring) name: `owner` for a plain identifier, the binding element otherwise. */
function bindingNamed(ts: typeof TS, name: TS.BindingName, text: string, owner: TS.Node): TS.Node | undefined {
  if (ts.isIdentifier(name)) return name.text === text ? owner : undefined;
  for (const element of name.elements) {
    if (ts.isOmittedExpression(element)) continue;
    const found = bindingNamed(ts, element.name, text, ts.isIdentifier(element.name) ? element : owner);
    if (found !== undefined) return found;
  }
  return undefined;
}

/** A `var` (or function declaration) of this name anywhere in a function body, outside nested functions. */
function hoistedVar(ts: typeof TS, body: TS.Node, text: string): TS.Node | undefined {
  let found: TS.Node | undefined;
  const visit = (node: TS.Node): void => {
    if (found !== undefined || ts.isFunctionLike(node) || ts.isClassLike(node)) return;
    if (ts.isVariableDeclarationList(node) && (node.flags & ts.NodeFlags.BlockScoped) === 0) found = inDeclarationList(ts, node, text);
    if (found === undefined) ts.forEachChild(node, visit);
  };
  ts.forEachChild(body, visit);
  return found;
}

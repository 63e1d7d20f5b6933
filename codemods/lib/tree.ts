/**
 * A Babel AST with parent links, built in one walk: what the transforms use to look around a node
 * (enclosing function, statement list, names in scope). Lighter than ast-types' NodePaths, which
 * is most of what made recast-based transforms slow.
 */

/** A node and where it sits: `parent.node[key]`, or `parent.node[key][index]`. */
export interface Path {
  node: any;
  parent: Path | null;
  key: string | null;
  index: number | null;
}

/** Node keys that hold no child nodes worth visiting (positions, comments, parser extras). */
export const SKIP_KEYS = new Set(['loc', 'start', 'end', 'comments', 'leadingComments', 'trailingComments', 'innerComments', 'extra', 'range', 'errors', 'tokens']);
const FUNCTION = /^(FunctionDeclaration|FunctionExpression|ArrowFunctionExpression|ObjectMethod|ClassMethod|ClassPrivateMethod)$/;

export function isFunctionNode(node: any): boolean {
  return FUNCTION.test(node?.type ?? '');
}

export class Tree {
  /** Paths by node type, in source order. */
  private readonly byType = new Map<string, Path[]>();
  /** Every identifier name in the file, except member names and non-computed keys. */
  readonly names = new Set<string>();

  constructor(readonly root: any) {
    this.walk({ node: root, parent: null, key: null, index: null });
  }

  /** Paths of the nodes of `type` that pass `test`, in source order. */
  find(type: string, test: (node: any) => boolean = () => true): Path[] {
    return (this.byType.get(type) ?? []).filter((p) => test(p.node));
  }

  get program(): any {
    return this.root.type === 'File' ? this.root.program : this.root;
  }

  private walk(path: Path): void {
    const node = path.node;
    let list = this.byType.get(node.type);
    if (!list) this.byType.set(node.type, (list = []));
    list.push(path);
    if (node.type === 'Identifier') {
      const parent = path.parent?.node;
      const isMember = path.key === 'property' && /MemberExpression$/.test(parent?.type ?? '') && !parent.computed;
      const isKey = path.key === 'key' && !parent?.computed && !(parent?.type === 'ObjectProperty' && parent.shorthand);
      if (!isMember && !isKey) this.names.add(node.name);
    }
    for (const key in node) {
      if (SKIP_KEYS.has(key)) continue;
      const value = node[key];
      if (!value || typeof value !== 'object') continue;
      if (Array.isArray(value)) {
        for (let i = 0; i < value.length; i++) {
          const item = value[i];
          if (item && typeof item.type === 'string') this.walk({ node: item, parent: path, key, index: i });
        }
      } else if (typeof value.type === 'string') {
        this.walk({ node: value, parent: path, key, index: null });
      }
    }
  }
}

/** The nearest enclosing function (or the Program), as a path. */
export function enclosingFunction(path: Path): Path | null {
  for (let p = path.parent; p; p = p.parent) if (isFunctionNode(p.node) || p.node.type === 'Program') return p;
  return null;
}

/**
 * The statement holding `path` and its place in a statement list (a block, the program, a static
 * block), without leaving the enclosing function; null when there is none.
 */
export function statementOf(path: Path): { statement: Path; list: any[]; index: number } | null {
  let p: Path | null = path;
  while (p && p.parent) {
    const parent = p.parent.node;
    if (p.key === 'body' && p.index !== null && /^(BlockStatement|Program|StaticBlock)$/.test(parent.type)) {
      return { statement: p, list: parent.body, index: p.index };
    }
    p = p.parent;
    if (isFunctionNode(p.node)) return null;
  }
  return null;
}

/** Names a binding pattern declares (`a`, `{ a, b: c }`, `[d, ...e]`, `f = 1`). */
export function patternNames(pattern: any, out: string[] = []): string[] {
  if (!pattern) return out;
  switch (pattern.type) {
    case 'Identifier':
      out.push(pattern.name);
      break;
    case 'AssignmentPattern':
      patternNames(pattern.left, out);
      break;
    case 'RestElement':
      patternNames(pattern.argument, out);
      break;
    case 'ArrayPattern':
      for (const e of pattern.elements) patternNames(e, out);
      break;
    case 'ObjectPattern':
      for (const p of pattern.properties) patternNames(p.type === 'RestElement' ? p.argument : p.value, out);
      break;
    case 'TSParameterProperty':
      patternNames(pattern.parameter, out);
      break;
  }
  return out;
}

/** What a statement declares in its block: `{ name -> declaring node }` for let/const/var, functions, classes, imports. */
function declaredBy(statement: any, into: Map<string, any>): void {
  let s = statement;
  if (s?.type === 'ExportNamedDeclaration' || s?.type === 'ExportDefaultDeclaration') s = s.declaration;
  if (!s) return;
  if (s.type === 'VariableDeclaration') {
    for (const d of s.declarations) for (const n of patternNames(d.id)) into.set(n, d);
  } else if ((s.type === 'FunctionDeclaration' || s.type === 'ClassDeclaration' || s.type === 'TSEnumDeclaration') && s.id) {
    into.set(s.id.name, s);
  } else if (s.type === 'ImportDeclaration') {
    for (const spec of s.specifiers ?? []) into.set(spec.local.name, spec);
  }
}

/** `var` declarations anywhere in a function body (they belong to the function), nested functions aside. */
function hoistedVars(body: any, into: Map<string, any>): void {
  const visit = (node: any): void => {
    if (!node || typeof node !== 'object') return;
    if (Array.isArray(node)) return node.forEach(visit);
    if (typeof node.type !== 'string' || isFunctionNode(node)) return;
    if (node.type === 'VariableDeclaration' && node.kind === 'var') for (const d of node.declarations) for (const n of patternNames(d.id)) into.set(n, d);
    for (const key in node) if (!SKIP_KEYS.has(key)) visit(node[key]);
  };
  visit(body);
}

/**
 * The node that declares `name` as seen from `path` (a declarator, a function or class
 * declaration, an import specifier, a parameter pattern, a catch clause), or null for a global.
 */
export function resolveBinding(path: Path, name: string): any {
  for (let p = path.parent, child: Path = path; p; child = p, p = p.parent) {
    const node = p.node;
    const scope = new Map<string, any>();
    if (node.type === 'BlockStatement' || node.type === 'Program' || node.type === 'StaticBlock') {
      for (const s of node.body) declaredBy(s, scope);
      if (node.type === 'Program') hoistedVars(node.body, scope);
    } else if (node.type === 'SwitchCase') {
      for (const s of node.consequent) declaredBy(s, scope);
    } else if (isFunctionNode(node)) {
      for (const param of node.params) for (const n of patternNames(param)) scope.set(n, param);
      if (node.type === 'FunctionExpression' && node.id) scope.set(node.id.name, node);
      hoistedVars(node.body, scope);
    } else if (node.type === 'CatchClause' && node.param && child.key === 'body') {
      for (const n of patternNames(node.param)) scope.set(n, node);
    } else if (/^For(In|Of)?Statement$/.test(node.type)) {
      const decl = node.type === 'ForStatement' ? node.init : node.left;
      if (decl?.type === 'VariableDeclaration') for (const d of decl.declarations) for (const n of patternNames(d.id)) scope.set(n, d);
    } else if ((node.type === 'ClassDeclaration' || node.type === 'ClassExpression') && node.id) {
      scope.set(node.id.name, node);
    }
    const found = scope.get(name);
    if (found) return found;
  }
  return null;
}

/**
 * Finds an `AbortSignal` visible at a point in the code, by syntax alone (the syntactic transforms
 * have no type checker). Nearest scope first, looking at:
 *   - a parameter or variable named `signal` (unless its type annotation says it is something else),
 *   - a parameter or variable annotated `AbortSignal` (`abort: AbortSignal` -> `abort`),
 *   - `signal` destructured from a parameter or variable (`{ signal }`, `{ signal: s }`),
 *   - an options parameter whose inline type, a `RequestInit`, or an interface/type declared in the
 *     same file has a `signal` member (`opts` -> `opts.signal`, `opts?.signal` when optional),
 *   - `const c = new AbortController()` declared before the point (`c.signal`).
 * Only declarations that come before the point in their block count, so the result is never in
 * its temporal dead zone.
 */
import { isFunctionNode, type Path } from './tree';

export interface SignalRef {
  /** Source text of the expression: `signal`, `opts.signal`, `opts?.signal`, `controller.signal`. */
  text: string;
}

const KNOWN_OPTION_TYPES = new Set(['RequestInit', 'AddEventListenerOptions', 'TimerOptions', 'Abortable']);

/** Names of interfaces and type aliases declared in the file that have a `signal` member. */
function typesWithSignal(root: any): Set<string> {
  const names = new Set<string>();
  const visit = (node: any) => {
    if (!node || typeof node !== 'object') return;
    if (node.type === 'TSInterfaceDeclaration' && hasSignalMember(node.body?.body)) names.add(node.id.name);
    if (node.type === 'TSTypeAliasDeclaration' && node.typeAnnotation?.type === 'TSTypeLiteral' && hasSignalMember(node.typeAnnotation.members)) {
      names.add(node.id.name);
    }
  };
  for (const s of (root.program ?? root).body ?? []) {
    visit(s);
    if (/^Export/.test(s.type)) visit(s.declaration);
  }
  return names;
}

function hasSignalMember(members: any[] | undefined): boolean {
  return (members ?? []).some((m) => m.type === 'TSPropertySignature' && !m.computed && m.key?.type === 'Identifier' && m.key.name === 'signal');
}

function isAbortSignalType(t: any): boolean {
  if (!t) return false;
  if (t.type === 'TSTypeAnnotation') return isAbortSignalType(t.typeAnnotation);
  if (t.type === 'TSTypeReference') return t.typeName?.type === 'Identifier' && t.typeName.name === 'AbortSignal';
  if (t.type === 'TSUnionType') return t.types.some(isAbortSignalType);
  if (t.type === 'TSParenthesizedType') return isAbortSignalType(t.typeAnnotation);
  return false;
}

function hasSignalOptionType(t: any, local: Set<string>): boolean {
  if (!t) return false;
  if (t.type === 'TSTypeAnnotation') return hasSignalOptionType(t.typeAnnotation, local);
  if (t.type === 'TSTypeLiteral') return hasSignalMember(t.members);
  if (t.type === 'TSTypeReference' && t.typeName?.type === 'Identifier') {
    return local.has(t.typeName.name) || KNOWN_OPTION_TYPES.has(t.typeName.name);
  }
  if (t.type === 'TSUnionType') return t.types.some((x: any) => hasSignalOptionType(x, local));
  return false;
}

function fromPattern(id: any, init: any, local: Set<string>, optional: boolean): SignalRef | null {
  if (!id) return null;
  if (id.type === 'AssignmentPattern') return fromPattern(id.left, id.right, local, false);
  if (id.type === 'TSParameterProperty') return fromPattern(id.parameter, null, local, optional);
  if (id.type === 'Identifier') {
    const ann = id.typeAnnotation;
    if (id.name === 'signal') return !ann || isAbortSignalType(ann) ? { text: 'signal' } : null;
    if (ann && isAbortSignalType(ann)) return { text: id.name };
    if (ann && hasSignalOptionType(ann, local)) return { text: `${id.name}${optional || id.optional ? '?.' : '.'}signal` };
    if (
      init?.type === 'NewExpression' &&
      init.callee.type === 'Identifier' &&
      init.callee.name === 'AbortController'
    ) {
      return { text: `${id.name}.signal` };
    }
    return null;
  }
  if (id.type === 'ObjectPattern') {
    for (const p of id.properties) {
      if (p.type !== 'ObjectProperty' || p.computed) continue;
      const key = p.key.type === 'Identifier' ? p.key.name : p.key.value;
      if (key !== 'signal') continue;
      const value = p.value.type === 'AssignmentPattern' ? p.value.left : p.value;
      if (value.type === 'Identifier') return { text: value.name };
    }
  }
  return null;
}

function fromStatements(statements: any[], before: number, local: Set<string>): SignalRef | null {
  for (let i = Math.min(before, statements.length) - 1; i >= 0; i--) {
    let s = statements[i];
    if (s?.type === 'ExportNamedDeclaration') s = s.declaration;
    if (s?.type !== 'VariableDeclaration') continue;
    for (let k = s.declarations.length - 1; k >= 0; k--) {
      const d = s.declarations[k];
      const found = fromPattern(d.id, d.init, local, false);
      if (found) return found;
    }
  }
  return null;
}

/** Per file (its Program node): the local types with a `signal` member, found once for every transform. */
const localTypes = new WeakMap<object, Set<string>>();

/** The nearest signal visible at `path` in the file whose Program node is `program`, or null. */
export function findSignal(path: Path, program: any): SignalRef | null {
  let local = localTypes.get(program);
  if (!local) localTypes.set(program, (local = typesWithSignal(program)));
  let child: Path = path;
  for (let current = path.parent; current; child = current, current = current.parent) {
    const node = current.node;
    if (child.index !== null && child.key === 'body' && (node.type === 'BlockStatement' || node.type === 'Program' || node.type === 'StaticBlock')) {
      const found = fromStatements(node.body, child.index, local);
      if (found) return found;
    }
    if (child.index !== null && child.key === 'consequent' && node.type === 'SwitchCase') {
      const found = fromStatements(node.consequent, child.index, local);
      if (found) return found;
    }
    if (isFunctionNode(node)) {
      for (const param of node.params) {
        const found = fromPattern(param, null, local, param.optional === true);
        if (found) return found;
      }
    }
  }
  return null;
}

/** `{ signal }`, or `{ signal: opts.signal }`. */
export function signalOptionsText(ref: SignalRef): string {
  return `{ ${signalPropertyText(ref)} }`;
}

/** `signal`, or `signal: opts.signal`: the property for an options object. */
export function signalPropertyText(ref: SignalRef): string {
  return ref.text === 'signal' ? 'signal' : `signal: ${ref.text}`;
}

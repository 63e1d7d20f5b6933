/**
 * Adds the runtime functions a transform uses (`mapLimit`, `sleep`, ...) to a file's imports:
 * reuses an existing import from "leash", merges into one, or adds a new import (a `require` in a
 * CommonJS .js file). When the name is already taken in the file (say a local `sleep` helper, the
 * very code being migrated), the import gets an alias: `sleep as leashSleep`.
 */
import * as path from 'node:path';
import type { Collection, JSCodeshift } from 'jscodeshift';
import jscodeshift from 'jscodeshift';

const jscodeshiftStringLiteral = jscodeshift.StringLiteral;
import { MARKER_TEXT } from './marker';

export const RUNTIME_MODULE = 'leash';

type Quote = 'single' | 'double';

/** A new import line and the source offset of the statement it goes after (null: the top). */
export interface ImportLine {
  text: string;
  after: number | null;
}

export class Imports {
  readonly quote: Quote;
  /** imported name -> local name, for names this run adds. */
  private readonly pending = new Map<string, string>();
  private bound: Set<string> | undefined;

  constructor(
    private readonly j: JSCodeshift,
    private readonly root: Collection<any>,
    private readonly source: string,
    private readonly file: string,
  ) {
    this.quote = detectQuote(source, root);
  }

  /** The local name under which `name` from "leash" can be called in this file. */
  need(name: string): string {
    const existing = this.pending.get(name) ?? this.existingLocal(name);
    if (existing) return existing;
    const bound = this.boundNames();
    let local = name;
    if (bound.has(local)) local = `leash${name[0]?.toUpperCase() ?? ''}${name.slice(1)}`;
    for (let i = 2; bound.has(local); i++) local = `leash${name[0]?.toUpperCase() ?? ''}${name.slice(1)}${i}`;
    bound.add(local);
    this.pending.set(name, local);
    return local;
  }

  /**
   * Writes the pending names: into an existing import (or `require`) from "leash" through the tree,
   * otherwise as a new line returned for `insertImportLine` — a new node would make recast reprint
   * its neighbours and add blank lines.
   */
  commit(): ImportLine | null {
    if (this.pending.size === 0) return null;
    const j = this.j;
    const names = [...this.pending.entries()];
    const body: any[] = this.root.get().node.program.body;
    const q = this.quote === 'single' ? "'" : '"';
    if (this.useRequire()) {
      const existing = this.findRequire();
      if (existing) {
        for (const [name, local] of names) {
          const prop = j.objectProperty(j.identifier(name), j.identifier(local));
          (prop as any).shorthand = name === local;
          existing.id.properties.push(prop);
        }
        return null;
      }
      const pattern = names.map(([n, l]) => (n === l ? n : `${n}: ${l}`)).join(', ');
      const last = findLast(body, isTopLevelRequire);
      return { text: `${MARKER_TEXT} const { ${pattern} } = require(${q}${RUNTIME_MODULE}${q});`, after: last?.end ?? null };
    }
    const target = body.find(
      (s) =>
        s.type === 'ImportDeclaration' &&
        s.source.value === RUNTIME_MODULE &&
        s.importKind !== 'type' &&
        !(s.specifiers ?? []).some((x: any) => x.type !== 'ImportSpecifier'),
    );
    if (target) {
      const specifiers = names.map(([n, l]) => j.importSpecifier(j.identifier(n), n === l ? null : j.identifier(l)));
      target.specifiers = [...(target.specifiers ?? []), ...specifiers];
      return null;
    }
    const list = names.map(([n, l]) => (n === l ? n : `${n} as ${l}`)).join(', ');
    const last = findLast(body, (s) => s.type === 'ImportDeclaration');
    return { text: `${MARKER_TEXT} import { ${list} } from ${q}${RUNTIME_MODULE}${q};`, after: last?.end ?? null };
  }

  private existingLocal(name: string): string | undefined {
    const body: any[] = this.root.get().node.program.body;
    for (const s of body) {
      if (s.type === 'ImportDeclaration' && s.source.value === RUNTIME_MODULE && s.importKind !== 'type') {
        for (const spec of s.specifiers ?? []) {
          if (spec.type === 'ImportSpecifier' && spec.importKind !== 'type' && spec.imported.name === name) {
            return spec.local?.name ?? name;
          }
        }
      }
    }
    const req = this.findRequire();
    for (const p of req?.id.properties ?? []) {
      if (p.type === 'ObjectProperty' && p.key.type === 'Identifier' && p.key.name === name && p.value.type === 'Identifier') {
        return p.value.name;
      }
    }
    return undefined;
  }

  private findRequire(): any {
    const body: any[] = this.root.get().node.program.body;
    for (const s of body) {
      if (s.type !== 'VariableDeclaration') continue;
      for (const d of s.declarations) {
        if (d.id.type === 'ObjectPattern' && isRequireOf(d.init, RUNTIME_MODULE)) return d;
      }
    }
    return undefined;
  }

  private useRequire(): boolean {
    const ext = path.extname(this.file).toLowerCase();
    if (ext !== '.js' && ext !== '.jsx' && ext !== '.cjs') return false;
    const body: any[] = this.root.get().node.program.body;
    const esm = body.some((s) => /^(Import|Export)/.test(s.type));
    return !esm && /\brequire\s*\(/.test(this.source);
  }

  private boundNames(): Set<string> {
    if (this.bound) return this.bound;
    const names = new Set<string>();
    this.root.find(this.j.Identifier).forEach((p: any) => {
      const parent = p.parent?.node;
      const key = p.name;
      if (
        parent &&
        !parent.computed &&
        ((key === 'property' && /MemberExpression$/.test(parent.type)) ||
          (key === 'key' && parent.type !== 'ObjectProperty' && /Property|Method|Signature/.test(parent.type)) ||
          (key === 'key' && parent.type === 'ObjectProperty' && !parent.shorthand))
      ) {
        return;
      }
      names.add(p.node.name);
    });
    this.bound = names;
    return names;
  }
}

function isRequireOf(node: any, module: string): boolean {
  return (
    node?.type === 'CallExpression' &&
    node.callee.type === 'Identifier' &&
    node.callee.name === 'require' &&
    node.arguments.length === 1 &&
    /Literal$/.test(node.arguments[0].type) &&
    node.arguments[0].value === module
  );
}

function isTopLevelRequire(s: any): boolean {
  return (
    s.type === 'VariableDeclaration' &&
    s.declarations.some((d: any) => d.init?.type === 'CallExpression' && d.init.callee.type === 'Identifier' && d.init.callee.name === 'require')
  );
}

function findLast<T>(items: readonly T[], test: (item: T) => boolean): T | undefined {
  for (let i = items.length - 1; i >= 0; i--) if (test(items[i] as T)) return items[i];
  return undefined;
}

/** The quote style of the file's imports, else of its first string literal, else single. */
function detectQuote(source: string, root: Collection<any>): Quote {
  const m = /(?:\bfrom\s*|\brequire\(\s*|\bimport\s*)(['"])/.exec(source);
  if (m) return m[1] === "'" ? 'single' : 'double';
  let quote: Quote = 'single';
  const first = root.find(jscodeshiftStringLiteral).paths()[0];
  const raw: unknown = (first?.node as any)?.extra?.raw;
  if (typeof raw === 'string' && raw.startsWith('"')) quote = 'double';
  return quote;
}

/**
 * Puts an import line into the printed file: on the line after the last import when the printed
 * text up to there is still the original text, otherwise at the top.
 */
export function insertImportLine(printed: string, source: string, line: ImportLine): string {
  const at = line.after;
  if (at !== null && printed.slice(0, at) === source.slice(0, at)) {
    return `${printed.slice(0, at)}\n${line.text}${printed.slice(at)}`;
  }
  return insertTopLine(printed, line.text);
}

/**
 * Puts `line` at the top of a printed file: after a shebang, a header comment that is followed by a
 * blank line, and directives like 'use strict'; never between a doc comment and its declaration.
 */
export function insertTopLine(text: string, line: string): string {
  const lines = text.split('\n');
  let i = 0;
  let at = 0;
  if (lines[0]?.startsWith('#!')) {
    i = 1;
    at = 1;
  }
  let inBlock = false;
  let sawHeader = false;
  for (; i < lines.length; i++) {
    const t = (lines[i] ?? '').trim();
    if (inBlock) {
      if (t.includes('*/')) inBlock = false;
      continue;
    }
    if (t === '') {
      if (sawHeader) at = i + 1;
      continue;
    }
    if (t.startsWith('//')) {
      sawHeader = true;
      continue;
    }
    if (t.startsWith('/*')) {
      sawHeader = true;
      if (!t.includes('*/')) inBlock = true;
      continue;
    }
    if (/^(['"])use [\w ]+\1;?$/.test(t)) {
      at = i + 1;
      sawHeader = true;
      continue;
    }
    break;
  }
  const next = lines[at] ?? '';
  lines.splice(at, 0, next.trim() === '' ? line : `${line}\n`);
  return lines.join('\n');
}

/**
 * Adds the runtime functions a transform uses (`mapLimit`, `sleep`, ...) to a file's imports:
 * reuses an existing import from "leash", merges into one, or adds a new import (a `require` in a
 * CommonJS .js file). When the name is already taken in the file (say a local `sleep` helper, the
 * very code being migrated), the import gets an alias: `sleep as leashSleep`.
 */
import * as path from 'node:path';
import type { Edits } from './edits';
import { MARKER_TEXT } from './marker';
import type { Tree } from './tree';

const RUNTIME_MODULE = 'leash';

type Quote = 'single' | 'double';

/** A new import line and the source offset of the statement it goes after (null: the top), or before. */
export interface ImportLine {
  text: string;
  after: number | null;
  before?: number;
}

/** A module specifier that names a file of the project rather than a package. */
function isLocalSpecifier(specifier: string): boolean {
  return /^(\.|\/|#|~\/|@\/)/.test(specifier);
}

export class Imports {
  readonly quote: Quote;
  /** `{ a }` or `{a}`, and whether statements end with `;`: as the file's own imports do. */
  private readonly style: { space: string; semi: string };
  /** imported name -> local name, for names this run adds. */
  private readonly pending = new Map<string, string>();
  private readonly taken: Set<string>;

  constructor(
    private readonly tree: Tree,
    private readonly source: string,
    private readonly file: string,
    private readonly edits: Edits,
  ) {
    this.quote = detectQuote(source);
    this.style = detectStyle(tree.program.body, source);
    this.taken = new Set(tree.names);
  }

  /** The local name under which `name` from "leash" can be called in this file. */
  need(name: string): string {
    const existing = this.pending.get(name) ?? this.existingLocal(name);
    if (existing) return existing;
    const capitalized = `${name[0]?.toUpperCase() ?? ''}${name.slice(1)}`;
    let local = name;
    if (this.taken.has(local)) local = `leash${capitalized}`;
    for (let i = 2; this.taken.has(local); i++) local = `leash${capitalized}${i}`;
    this.taken.add(local);
    this.pending.set(name, local);
    return local;
  }

  /**
   * Writes the pending names: into an existing import (or `require`) from "leash" as an edit,
   * otherwise as a new line returned for `insertImportLine`.
   */
  commit(): ImportLine | null {
    if (this.pending.size === 0) return null;
    const names = [...this.pending.entries()];
    const body: any[] = this.tree.program.body;
    const q = this.quote === 'single' ? "'" : '"';
    if (this.useRequire()) {
      const pattern = names.map(([n, l]) => (n === l ? n : `${n}: ${l}`)).join(', ');
      const { space, semi } = this.style;
      const existing = this.findRequire();
      const last = existing?.id.properties[existing.id.properties.length - 1];
      if (last) {
        this.edits.insert(last.end, `, ${pattern}`);
        return null;
      }
      const lastRequire = findLast(body, isTopLevelRequire);
      return { text: `${MARKER_TEXT} const {${space}${pattern}${space}} = require(${q}${RUNTIME_MODULE}${q})${semi}`, after: lastRequire?.end ?? null };
    }
    const list = names.map(([n, l]) => (n === l ? n : `${n} as ${l}`)).join(', ');
    const target = body.find(
      (s) =>
        s.type === 'ImportDeclaration' &&
        s.source.value === RUNTIME_MODULE &&
        s.importKind !== 'type' &&
        !(s.specifiers ?? []).some((x: any) => x.type === 'ImportNamespaceSpecifier'),
    );
    if (target) {
      const named = (target.specifiers ?? []).filter((x: any) => x.type === 'ImportSpecifier');
      const last = named[named.length - 1];
      if (last) this.edits.insert(last.end, `, ${list}`);
      else this.edits.insert(target.specifiers[0].end, `, {${this.style.space}${list}${this.style.space}}`); // after a default import
      return null;
    }
    // Among the package imports, before the project's own ones, as import sorters and linters order them.
    const { space, semi } = this.style;
    const text = `${MARKER_TEXT} import {${space}${list}${space}} from ${q}${RUNTIME_MODULE}${q}${semi}`;
    const lastPackage = findLast(body, (s) => s.type === 'ImportDeclaration' && !isLocalSpecifier(String(s.source.value)));
    if (lastPackage) return { text, after: lastPackage.end };
    const firstImport = body.find((s) => s.type === 'ImportDeclaration');
    if (firstImport) return { text, after: null, before: firstImport.start };
    return { text, after: null };
  }

  private existingLocal(name: string): string | undefined {
    for (const s of this.tree.program.body) {
      if (s.type !== 'ImportDeclaration' || s.source.value !== RUNTIME_MODULE || s.importKind === 'type') continue;
      for (const spec of s.specifiers ?? []) {
        if (spec.type === 'ImportSpecifier' && spec.importKind !== 'type' && (spec.imported.name ?? spec.imported.value) === name) return spec.local.name;
      }
    }
    for (const p of this.findRequire()?.id.properties ?? []) {
      if (p.type === 'ObjectProperty' && p.key.type === 'Identifier' && p.key.name === name && p.value.type === 'Identifier') return p.value.name;
    }
    return undefined;
  }

  private findRequire(): any {
    for (const s of this.tree.program.body) {
      if (s.type !== 'VariableDeclaration') continue;
      for (const d of s.declarations) if (d.id.type === 'ObjectPattern' && isRequireOf(d.init, RUNTIME_MODULE)) return d;
    }
    return undefined;
  }

  private useRequire(): boolean {
    const ext = path.extname(this.file).toLowerCase();
    if (ext !== '.js' && ext !== '.jsx' && ext !== '.cjs') return false;
    const esm = this.tree.program.body.some((s: any) => /^(Import|Export)/.test(s.type));
    return !esm && /\brequire\s*\(/.test(this.source);
  }
}

function isRequireOf(node: any, module: string): boolean {
  return (
    node?.type === 'CallExpression' &&
    node.callee.type === 'Identifier' &&
    node.callee.name === 'require' &&
    node.arguments.length === 1 &&
    node.arguments[0].type === 'StringLiteral' &&
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

/**
 * The file's own import style: `{ a }` unless its named imports (or destructured requires) are
 * written `{a}`; statements ending with `;` unless its imports do not.
 */
function detectStyle(body: readonly any[], source: string): { space: string; semi: string } {
  let space = ' ';
  let semi = ';';
  const imports = body.filter((s) => s.type === 'ImportDeclaration' || isTopLevelRequire(s));
  for (const s of imports) {
    const text: string = source.slice(s.start, s.end);
    const brace = /\{(\s?)[\w$]/.exec(text);
    if (brace) {
      space = brace[1] ? ' ' : '';
      break;
    }
  }
  if (imports.length) semi = source.slice(imports[0].start, imports[0].end).trimEnd().endsWith(';') ? ';' : '';
  return { space, semi };
}

/** The quote style of the file's imports, else of its first string literal, else single. */
function detectQuote(source: string): Quote {
  const m = /(?:\bfrom\s*|\brequire\(\s*|\bimport\s*)(['"])/.exec(source);
  if (m) return m[1] === "'" ? 'single' : 'double';
  // The first quote that starts a string literal, skipping comments, templates and the other quote inside strings.
  const literal = /\/\/[^\n]*|\/\*[\s\S]*?\*\/|`(?:\\.|[^`\\])*`|'(?:\\.|[^'\\\n])*'|"(?:\\.|[^"\\\n])*"/g;
  for (let match = literal.exec(source); match; match = literal.exec(source)) {
    const c = match[0][0];
    if (c === "'") return 'single';
    if (c === '"') return 'double';
  }
  return 'single';
}

/**
 * Puts an import line into the output: on the line after the last import when the output up to
 * there is still the original text, otherwise at the top.
 */
export function insertImportLine(output: string, source: string, line: ImportLine): string {
  const before = line.before;
  if (before !== undefined && output.slice(0, before) === source.slice(0, before)) {
    return `${output.slice(0, before)}${line.text}${eolOf(source)}${output.slice(before)}`;
  }
  const at = line.after;
  if (at !== null && output.slice(0, at) === source.slice(0, at)) {
    return `${output.slice(0, at)}${eolOf(source)}${line.text}${output.slice(at)}`;
  }
  return insertTopLine(output, line.text);
}

/** The file's line ending: CRLF when its first line ends with one. */
export function eolOf(text: string): string {
  const nl = text.indexOf('\n');
  return nl > 0 && text[nl - 1] === '\r' ? '\r\n' : '\n';
}

/**
 * Puts `line` at the top of a file: after a shebang, a header comment that is followed by a blank
 * line, and directives like 'use strict'; never between a doc comment and its declaration.
 */
function insertTopLine(text: string, line: string): string {
  const eol = eolOf(text);
  const lines = text.split(eol);
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
  lines.splice(at, 0, next.trim() === '' ? line : `${line}${eol}`);
  return lines.join(eol);
}

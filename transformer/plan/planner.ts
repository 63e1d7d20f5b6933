/**
 * The planner: one walk over an original source file, handing each call and await to the enabled
 * rules, which record intents (what to rewrite) and notes (what they left alone and why). It never
 * builds nodes. A rule that throws on a node becomes a failure for that node only.
 */
import type * as TS from 'typescript';
import type { Failure, Intent, Note, Plan, Span } from './intent';
import type { Rule, RuleContext } from './rule';
import { findIgnores } from './util/ignore';
import { siteId } from './util/site';
import { createKnownTypes, type KnownTypes } from './util/types';

/** What the planner needs from a program; built once per program. */
export interface PlanEnv {
  readonly ts: typeof TS;
  readonly checker: TS.TypeChecker;
  readonly types: KnownTypes;
  /** Path of a file from the project root, with `/` separators. */
  relativePath(fileName: string): string;
  /** The declaration lives in leash's runtime (`runtime/` or `dist/runtime/` of the `leash` package). */
  isRuntimeFile(fileName: string): boolean;
  /** The file's type errors (cached by the program once checked). */
  typeErrors(file: TS.SourceFile): readonly TS.Diagnostic[];
}

export interface EnvOptions {
  readonly ts: typeof TS;
  readonly checker: TS.TypeChecker;
  /** Folder site ids are relative to (the tsconfig's folder). */
  readonly root: string;
  /** Reads a file, or undefined when it does not exist (ts.sys.readFile). */
  readonly readFile: (path: string) => string | undefined;
  /** The file's semantic diagnostics (`program.getSemanticDiagnostics`). */
  readonly typeErrors: (file: TS.SourceFile) => readonly TS.Diagnostic[];
}

export function createPlanEnv({ ts, checker, root, readFile, typeErrors }: EnvOptions): PlanEnv {
  const rootPrefix = `${toSlashes(root).replace(/\/$/, '')}/`;
  const packageByDir = new Map<string, { dir: string; name: string | null } | null>();

  /** The nearest package.json at or above `dir`: its folder and name. */
  function packageOf(dir: string): { dir: string; name: string | null } | null {
    const cached = packageByDir.get(dir);
    if (cached !== undefined) return cached;
    const text = readFile(`${dir}/package.json`);
    const parent = dir.slice(0, dir.lastIndexOf('/'));
    const found = text !== undefined ? { dir, name: parsePackageName(text) } : parent !== '' && parent !== dir ? packageOf(parent) : null;
    packageByDir.set(dir, found);
    return found;
  }

  return {
    ts,
    checker,
    types: createKnownTypes(ts, checker),
    typeErrors,
    relativePath(fileName) {
      const path = toSlashes(fileName);
      return path.startsWith(rootPrefix) ? path.slice(rootPrefix.length) : path;
    },
    isRuntimeFile(fileName) {
      const path = toSlashes(fileName);
      if (!/\/runtime\/[^/]+$/.test(path)) return false;
      const found = packageOf(path.slice(0, path.lastIndexOf('/')));
      if (found === null || found.name !== 'leash') return false;
      const inside = path.slice(found.dir.length + 1);
      return inside.startsWith('runtime/') || inside.startsWith('dist/runtime/');
    },
  };
}

function parsePackageName(text: string): string | null {
  try {
    const name = (JSON.parse(text) as { name?: unknown }).name;
    return typeof name === 'string' ? name : null;
  } catch {
    return null;
  }
}

function toSlashes(path: string): string {
  return path.replace(/\\/g, '/');
}

/** Plans one original (parsed, unchanged) source file with the given rules. */
export function planFile(env: PlanEnv, file: TS.SourceFile, rules: readonly Rule[]): Plan {
  const { ts, checker } = env;
  const path = env.relativePath(file.fileName);
  const intents: Intent[] = [];
  const notes: Note[] = [];
  const failures: Failure[] = [];
  const ignores = findIgnores(ts, file);
  if (ignores.file || rules.length === 0) return { file: path, intents, notes, failures };

  const callRules = rules.filter((rule) => rule.call !== undefined);
  const awaitRules = rules.filter((rule) => rule.await !== undefined);
  let current: Rule = rules[0] as Rule;

  const isIgnored = (start: number): boolean => ignores.lines.size > 0 && ignores.lines.has(file.getLineAndCharacterOfPosition(start).line);
  const span = (node: TS.Node): Span => ({ start: node.getStart(file), end: node.end });

  /** The checker keeps each call's resolved signature, so asking again per intent costs a lookup. */
  function isRuntimeCall(node: TS.CallExpression): boolean {
    const declaration = checker.getResolvedSignature(node)?.declaration;
    return declaration !== undefined && env.isRuntimeFile(declaration.getSourceFile().fileName);
  }

  let errorSpans: Array<[number, number]> | undefined;
  function hasTypeErrors(node: TS.Node): boolean {
    errorSpans ??= env
      .typeErrors(file)
      .filter((d) => d.category === ts.DiagnosticCategory.Error && d.start !== undefined)
      .map((d): [number, number] => [d.start as number, (d.start as number) + (d.length ?? 0)]);
    const start = node.getStart(file);
    return errorSpans.some(([from, to]) => from < node.end && to > start);
  }

  let currentCall: TS.CallExpression | undefined;
  const ctx: RuleContext = {
    ts,
    checker,
    file,
    types: env.types,
    site: (node) => siteId(ts, file, path, node),
    span,
    add(intent) {
      if (isIgnored(intent.node.start)) return;
      if (currentCall !== undefined && isRuntimeCall(currentCall)) return;
      intents.push(intent);
    },
    note(messageId, node) {
      const at = span(node);
      if (isIgnored(at.start)) return;
      const { line, character } = file.getLineAndCharacterOfPosition(at.start);
      const message = (current.messages as Record<string, string>)[messageId] ?? messageId;
      notes.push({ rule: current.name, messageId, message, node: at, line: line + 1, column: character + 1 });
    },
    isRuntimeCall,
    hasTypeErrors,
  };

  function visit(node: TS.Node): void {
    const kind = node.kind;
    if (kind === ts.SyntaxKind.CallExpression || kind === ts.SyntaxKind.AwaitExpression) {
      const isCall = kind === ts.SyntaxKind.CallExpression;
      currentCall = isCall ? (node as TS.CallExpression) : undefined;
      for (const rule of isCall ? callRules : awaitRules) {
        current = rule;
        try {
          if (isCall) rule.call?.(node as TS.CallExpression, ctx);
          else rule.await?.(node as TS.AwaitExpression, ctx);
        } catch (error) {
          failures.push({ rule: rule.name, node: span(node), error });
        }
      }
      currentCall = undefined;
    }
    ts.forEachChild(node, visit);
  }
  visit(file);

  intents.sort((a, b) => a.node.start - b.node.start || b.node.end - a.node.end);
  return { file: path, intents, notes, failures };
}

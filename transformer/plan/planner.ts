/**
 * The planner: one walk over an original source file, handing each call and await to the enabled
 * rules, which record intents (what to rewrite) and notes (what they left alone and why). It never
 * builds nodes. A rule that throws on a node becomes a failure for that node only.
 */
import type * as TS from 'typescript';
import type { Failure, Intent, Note, Plan, Span } from './intent';
import type { Rule, RuleContext } from './rule';
import type { TypeAdapter } from './types/adapter';
import { findIgnores } from './util/ignore';
import { createRuntimeFileTest, type ReadFile } from './util/runtime-file';
import { pathFromRoot, siteId } from './util/site';

/** What the planner needs from a program; built once per program. */
export interface PlanEnv {
  readonly ts: typeof TS;
  /** The type questions, answered by whichever checker the host has (types/adapter.ts). */
  readonly types: TypeAdapter;
  /** Path of a file from the project root, with `/` separators. */
  relativePath(fileName: string): string;
  /** The file lives in leash's runtime (`runtime/` or `dist/runtime/` of the `leash` package): never instrumented. */
  isRuntimeFile(fileName: string): boolean;
}

export interface EnvOptions {
  /** The TypeScript whose syntax tree the planner walks (the project's, or leash's own parser for TypeScript 7). */
  readonly ts: typeof TS;
  /** Builds the type adapter; gets the runtime-file test so `callsRuntime` can use it. */
  readonly types: (isRuntimeFile: (fileName: string) => boolean) => TypeAdapter;
  /** Folder site ids are relative to (the tsconfig's folder). */
  readonly root: string;
  readonly readFile: ReadFile;
}

export function createPlanEnv({ ts, types, root, readFile }: EnvOptions): PlanEnv {
  const isRuntimeFile = createRuntimeFileTest(readFile);
  return {
    ts,
    types: types(isRuntimeFile),
    relativePath: pathFromRoot(root),
    isRuntimeFile,
  };
}

/**
 * The enabled rules split by whether they can run with this adapter: with no checker, the rules
 * whose head says `needsTypes` are skipped (and a host says so once with `skippedRulesNotice`).
 */
export function runnableRules(types: TypeAdapter, rules: readonly Rule[]): { run: Rule[]; skipped: Rule[] } {
  if (types.kind !== 'none') return { run: [...rules], skipped: [] };
  return { run: rules.filter((rule) => !rule.needsTypes), skipped: rules.filter((rule) => rule.needsTypes) };
}

/** The one notice a host prints per build when rules were skipped for lack of types. */
export function skippedRulesNotice(skipped: readonly Rule[]): string | undefined {
  if (skipped.length === 0) return undefined;
  const names = skipped.map((rule) => rule.name).join(', ');
  return `[leash] no TypeScript type checker is available, so these rules did not run: ${names}. Install typescript in the project (and keep a tsconfig.json) to have them applied.`;
}

function startsResource(intent: Intent): boolean {
  switch (intent.kind) {
    case 'spawn':
      return true;
    case 'global-call':
      return !intent.hook.startsWith('clear');
    case 'method-call':
      return intent.hook === 'addListener' || intent.hook === 'addEventListener';
    default:
      return false;
  }
}

/**
 * Whether a module's text may hold anything a rule is handed (planFile's walk hands them calls,
 * `new` and `await`, nothing else): every call has a `(`, every `new` and `await` its keyword, so
 * text with none of them (a barrel of re-exports, types, constants) plans to nothing, and a host
 * need not open a checker for it. Text in comments and strings only makes the answer "maybe".
 */
export function mayHaveRuleSites(text: string): boolean {
  return /[(]|\bnew\b|\bawait\b/.test(text);
}

/** Plans one original (parsed, unchanged) source file with the given rules. */
export function planFile(env: PlanEnv, file: TS.SourceFile, rules: readonly Rule[]): Plan {
  const { ts, types } = env;
  const path = env.relativePath(file.fileName);
  const intents: Intent[] = [];
  const notes: Note[] = [];
  const failures: Failure[] = [];
  const ignores = findIgnores(ts, file);
  rules = runnableRules(types, rules).run;
  if (ignores.file || rules.length === 0) return { file: path, intents, notes, failures };

  const callRules = rules.filter((rule) => rule.call !== undefined);
  const awaitRules = rules.filter((rule) => rule.await !== undefined);
  const newRules = rules.filter((rule) => rule.new !== undefined);
  let current: Rule = rules[0] as Rule;

  const isIgnored = (start: number): boolean => ignores.lines.size > 0 && ignores.lines.has(file.getLineAndCharacterOfPosition(start).line);
  const span = (node: TS.Node): Span => ({ start: node.getStart(file), end: node.end });

  const isRuntimeCall = (node: TS.CallExpression): boolean => types.callsRuntime(node);

  let currentCall: TS.CallExpression | undefined;
  const ctx: RuleContext = {
    ts,
    file,
    types,
    site: (node) => siteId(ts, file, path, node),
    span,
    add(intent) {
      if (isIgnored(intent.node.start)) return;
      // leash's own API is never rewritten; it only gets its caller's site.
      if (currentCall !== undefined && intent.kind !== 'caller-site' && isRuntimeCall(currentCall)) return;
      intents.push(intent);
    },
    note(messageId, node) {
      const at = span(node);
      if (isIgnored(at.start)) return;
      const { line, character } = file.getLineAndCharacterOfPosition(at.start);
      const message = (current.messages as Record<string, string>)[messageId] ?? messageId;
      notes.push({ rule: current.name, messageId, message, node: at, line: line + 1, column: character + 1 });
    },
    startsResource(node) {
      const start = node.getStart(file);
      for (let i = intents.length - 1; i >= 0 && (intents[i] as Intent).node.start >= start; i--) {
        const intent = intents[i] as Intent;
        if (intent.node.start === start && intent.node.end === node.end && startsResource(intent)) return true;
      }
      return false;
    },
    ruleEnabled: (name) => rules.some((rule) => rule.name === name),
    isRuntimeCall,
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
    } else if (kind === ts.SyntaxKind.NewExpression) {
      for (const rule of newRules) {
        current = rule;
        try {
          rule.new?.(node as TS.NewExpression, ctx);
        } catch (error) {
          failures.push({ rule: rule.name, node: span(node), error });
        }
      }
    }
    ts.forEachChild(node, visit);
  }
  visit(file);

  let planned: readonly Intent[] = intents;
  for (const rule of rules) {
    if (rule.finish === undefined) continue;
    current = rule;
    try {
      planned = rule.finish(planned, ctx);
    } catch (error) {
      failures.push({ rule: rule.name, node: { start: 0, end: file.end }, error });
    }
  }
  const sorted = [...planned].sort((a, b) => a.node.start - b.node.start || b.node.end - a.node.end);
  return { file: path, intents: sorted, notes, failures };
}

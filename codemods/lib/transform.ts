/**
 * The shape every syntactic leash codemod shares, and the code that runs one or several of them on
 * a file: parse once (Babel, as jscodeshift does), let each transform read the tree and record
 * text edits, apply the edits once.
 *
 * The tree is never mutated: a transform that runs after another sees the original code, and asks
 * `ctx.isLive(node)` before touching a node the other one may have replaced. Edits compose (see
 * edits.ts), and everything outside them stays byte for byte.
 *
 * A transform never throws for code it does not understand: it leaves that code alone and records
 * a `Skip` (line, message id, message) so the CLI can list it. It throws only on its own bugs, and
 * then the caller leaves the whole file untouched.
 */
import type { API, FileInfo, Options } from 'jscodeshift';
import { Edits, type Part } from './edits';
import { Imports, insertImportLine } from './imports';
import { parseSource } from './parser';
import { findSignal, type SignalRef } from './signal';
import { Tree, type Path } from './tree';

/** One place a transform matched but did not migrate. */
export interface Skip {
  /** 1-based line of the match in the input file. */
  line: number;
  /** Message id, stable across versions: tests and tools match on it. */
  id: string;
  /** What was found and what to do about it by hand. */
  message: string;
}

/** What one transform did to one file. */
export interface Outcome {
  transform: string;
  /** Matches rewritten. */
  migrated: number;
  skips: Skip[];
}

export interface TransformOptions {
  /** Concurrency limit that `bounded-concurrency` writes into `mapLimit` calls. @default 8 */
  limit: number;
}

export const defaultOptions: TransformOptions = { limit: 8 };

/** The per-file state a transform works with. */
export class Context<Id extends string = string> {
  migrated = 0;
  readonly skips: Skip[] = [];

  constructor(
    readonly tree: Tree,
    readonly source: string,
    readonly file: string,
    readonly options: TransformOptions,
    readonly imports: Imports,
    readonly edits: Edits,
    private readonly messages: Record<Id, string>,
  ) {}

  /** Paths of the nodes of `type` that pass `test`, in source order. */
  find(type: string, test?: (node: any) => boolean): Path[] {
    return this.tree.find(type, test);
  }

  /** Records a match that was left alone. `detail` is appended to the message. */
  skip(node: any, id: Id, detail?: string): void {
    const message = this.messages[id] + (detail ? ` (${detail})` : '');
    this.skips.push({ line: node?.loc?.start?.line ?? 0, id, message });
  }

  /** The source text of a node. */
  text(node: any): string {
    return this.source.slice(node.start, node.end);
  }

  /** A part that stands for a node's source, with whatever edits are made inside it. */
  slice(node: any): Part {
    return { start: node.start, end: node.end };
  }

  /** Replaces a node's source with `parts`. */
  replace(node: any, parts: Part[]): void {
    this.edits.replace(node.start, node.end, parts);
  }

  /** The nearest AbortSignal visible at `path` (see signal.ts), or null. */
  signalAt(path: Path): SignalRef | null {
    return findSignal(path, this.tree.program);
  }

  /** Whether the node still shows in the output (an earlier transform may have replaced it). */
  isLive(node: any): boolean {
    return this.edits.isLive(node.start, node.end);
  }

  /** The leading whitespace of the line a node starts on. */
  indentOf(node: any): string {
    const lineStart = this.source.lastIndexOf('\n', node.start - 1) + 1;
    return /^[ \t]*/.exec(this.source.slice(lineStart, node.start))?.[0] ?? '';
  }
}

export interface SyntacticTransform<Id extends string = string> {
  name: string;
  /** Message id -> what was found and how to migrate it by hand. */
  messages: Record<Id, string>;
  /** A cheap test on the raw source. `false` means the file cannot contain a match. */
  mayMatch(source: string): boolean;
  /** Reads `ctx.tree`, records edits, counts migrations and skips on `ctx`. */
  apply(ctx: Context<Id>): void;
}

export interface PipelineResult {
  /** The new source, or `null` when nothing changed. */
  output: string | null;
  outcomes: Outcome[];
}

/** A transform threw on a file (a bug in the transform): the file must be left as it was. */
export class TransformError extends Error {
  constructor(
    readonly transform: string,
    cause: unknown,
  ) {
    super(`${transform}: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
    this.name = 'TransformError';
    if (cause instanceof Error && cause.stack) this.stack = `${this.name}: ${this.message}\n${cause.stack.split('\n').slice(1).join('\n')}`;
  }
}

/**
 * Runs transforms in order on one source text. Parses only when some transform's `mayMatch`
 * accepts the text. Throws a SyntaxError when the file does not parse, a TransformError when a
 * transform has a bug.
 */
export function runPipeline(
  transforms: readonly SyntacticTransform<any>[],
  file: string,
  source: string,
  options: TransformOptions = defaultOptions,
): PipelineResult {
  const active = transforms.filter((t) => t.mayMatch(source));
  const outcomes: Outcome[] = transforms.map((t) => ({ transform: t.name, migrated: 0, skips: [] }));
  if (active.length === 0) return { output: null, outcomes };

  const tree = new Tree(parseSource(file, source));
  const edits = new Edits(source);
  const imports = new Imports(tree, source, file, edits);
  for (const t of active) {
    const ctx = new Context(tree, source, file, options, imports, edits, t.messages);
    try {
      t.apply(ctx);
    } catch (error) {
      throw new TransformError(t.name, error);
    }
    const outcome = outcomes[transforms.indexOf(t)];
    if (outcome) {
      outcome.migrated = ctx.migrated;
      outcome.skips.push(...ctx.skips.sort((a, b) => a.line - b.line));
    }
  }
  if (!outcomes.some((o) => o.migrated > 0)) return { output: null, outcomes };
  const importLine = imports.commit();
  let output = edits.apply();
  if (importLine) output = insertImportLine(output, source, importLine);
  return { output: output === source ? null : output, outcomes };
}

/**
 * Wraps a transform as a plain jscodeshift transform (`jscodeshift -t dist/codemods/transforms/x.js`):
 * the parser is picked from the file's extension, skips go to `api.report`, and the result is
 * `null` when nothing changed.
 */
export function asJscodeshiftTransform(t: SyntacticTransform<any>) {
  return function transform(file: FileInfo, api: API, options: Options): string | null {
    const limit = Number(options?.['limit'] ?? defaultOptions.limit);
    const { output, outcomes } = runPipeline([t], file.path, file.source, { limit });
    for (const outcome of outcomes) {
      for (const s of outcome.skips) api.report(`${file.path}:${s.line} ${t.name}/${s.id}: ${s.message}`);
    }
    return output;
  };
}

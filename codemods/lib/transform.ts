/**
 * The shape every syntactic leash codemod shares, and the code that runs one or several of them on
 * a file: parse once, let each transform edit the same tree, print once.
 *
 * A transform never throws for code it does not understand: it leaves that code alone and records
 * a `Skip` (line, message id, message) so the CLI can list it. It throws only on its own bugs, and
 * then the caller leaves the whole file untouched.
 */
import type { API, Collection, FileInfo, JSCodeshift, Options } from 'jscodeshift';
import jscodeshift from 'jscodeshift';
import { Imports, insertImportLine } from './imports';
import { MARKER_TEXT, normalizeMarkers } from './marker';
import { parserFor } from './parser';

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
    readonly j: JSCodeshift,
    readonly root: Collection<any>,
    readonly source: string,
    readonly file: string,
    readonly options: TransformOptions,
    readonly imports: Imports,
    private readonly messages: Record<Id, string>,
    private readonly placeholders: Placeholders,
  ) {}

  /** Records a match that was left alone. `detail` is appended to the message. */
  skip(node: any, id: Id, detail?: string): void {
    const message = this.messages[id] + (detail ? ` (${detail})` : '');
    this.skips.push({ line: lineOf(node), id, message });
  }

  /**
   * An identifier that prints as `/* leash-codemod *\/ name`: use it as the callee of an inserted
   * call so `grep leash-codemod` finds the call. (A comment node would make recast break the line
   * and wrap a returned expression in parentheses.)
   */
  marked(name: string): any {
    return this.j.identifier(this.placeholders.marked(name));
  }

  /** An expression node that prints as exactly `text` (recast prints object literals on many lines). */
  raw(text: string): any {
    return this.j.identifier(this.placeholders.raw(text));
  }

  /** The source text of a node from the input file. */
  text(node: any): string {
    if (typeof node?.start === 'number' && typeof node?.end === 'number') return this.source.slice(node.start, node.end);
    return this.j(node).toSource();
  }
}

function lineOf(node: any): number {
  return node?.loc?.start?.line ?? 0;
}

export interface SyntacticTransform<Id extends string = string> {
  name: string;
  /** One line: what it rewrites into what. */
  description: string;
  /** Message id -> what was found and how to migrate it by hand. */
  messages: Record<Id, string>;
  /** A cheap test on the raw source. `false` means the file cannot contain a match. */
  mayMatch(source: string): boolean;
  /** Edits `ctx.root` in place, counting migrations and recording skips on `ctx`. */
  apply(ctx: Context<Id>): void;
}

export interface PipelineResult {
  /** The new source, or `null` when nothing changed. */
  output: string | null;
  outcomes: Outcome[];
}

/**
 * Runs transforms in order on one source text. Parses only when some transform's `mayMatch`
 * accepts the text; prints only when something was migrated.
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

  const j = jscodeshift.withParser(parserFor(file));
  const root = j(source);
  const imports = new Imports(j, root, source, file);
  const placeholders = new Placeholders();
  for (const t of active) {
    const ctx = new Context(j, root, source, file, options, imports, t.messages, placeholders);
    try {
      t.apply(ctx);
    } catch (error) {
      throw new TransformError(t.name, error);
    }
    const outcome = outcomes[transforms.indexOf(t)];
    if (outcome) {
      outcome.migrated = ctx.migrated;
      outcome.skips.push(...ctx.skips);
    }
  }
  if (!outcomes.some((o) => o.migrated > 0)) return { output: null, outcomes };
  const importLine = imports.commit();
  let printed = normalizeMarkers(placeholders.expand(root.toSource({ quote: imports.quote, arrowParensAlways: true, wrapColumn: 1000 })));
  if (importLine) printed = insertImportLine(printed, source, importLine);
  return { output: printed === source ? null : printed, outcomes };
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

const PLACEHOLDER = /__leash_codemod_(marked|raw)_(\w+?)__/g;

/** Identifiers that stand for text recast would print badly; swapped in after printing. */
class Placeholders {
  private readonly texts: string[] = [];

  marked(name: string): string {
    return `__leash_codemod_marked_${name}__`;
  }

  raw(text: string): string {
    this.texts.push(text);
    return `__leash_codemod_raw_${this.texts.length - 1}__`;
  }

  expand(printed: string): string {
    return printed.replace(PLACEHOLDER, (_, kind: string, value: string) =>
      kind === 'marked' ? `${MARKER_TEXT} ${value}` : (this.texts[Number(value)] ?? ''),
    );
  }
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

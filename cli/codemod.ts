/**
 * `leash codemod <name|all> <paths...>`: check every argument, refuse a dirty tree, run the
 * syntactic transforms in worker threads (codemods/pool.ts) while this thread parses the project
 * for thread-signal, then thread-signal over the whole set in this thread, then write — atomically, once per file — or print a diff.
 *
 * A file whose transform throws (or that does not parse) is left untouched and counted as failed.
 */
import * as fs from 'node:fs';
import { createRequire } from 'node:module';
import * as os from 'node:os';
import * as path from 'node:path';
import { createTwoFilesPatch, diffLines } from 'diff';
import { PROJECT_TRANSFORM, selectTransforms, transformNames } from '../codemods/names';
import { startPool } from '../codemods/pool';
import type { WorkerRecord } from '../codemods/worker';
import type { Outcome } from '../codemods/lib/transform';
import type * as TransformModule from '../codemods/lib/transform';
import type * as ListenerModule from '../codemods/transforms/listener-signal';
import type * as RegistryModule from '../codemods/registry';
import { commonDir, prepareThreadSignal, threadSignalProject, type ParsedFiles } from '../codemods/transforms/thread-signal';
import { compilerOptionsFor, ConfigError, loadTypeScript, TypeScriptUnavailable } from '../codemods/lib/typescript';
import { importsLeash, nearestPackageJson, withLeashDependency, type DependencyField } from './dependency';
import { collectFiles, matching, TEST_GLOBS } from './files';
import { formatChanged, formatWritten } from './format';
import { uncommittedChanges } from './git';
import { formatSummary, summarize, type FileResult } from './summary';

export interface CodemodOptions {
  dry?: boolean;
  print?: boolean;
  json?: boolean;
  limit: number;
  /** Kept for scripts written before it became the default: any failed file exits 1. */
  failOnError?: boolean;
  force?: boolean;
  /** Run the transforms in this thread instead of worker threads. @default true below IN_BAND_BELOW (500) files */
  runInBand?: boolean;
  /** tsconfig for thread-signal; default: the nearest one above the files. */
  tsconfig?: string;
  /** The TypeScript package thread-signal plans with. @default 'typescript', resolved from the files */
  typescript?: string;
  /** Globs (relative to the working directory) of files to leave out. */
  exclude?: readonly string[];
  /** Let thread-signal edit test files too (by default it leaves them alone: see TEST_GLOBS). */
  includeTests?: boolean;
  /** Let thread-signal add a parameter to exported functions and methods. */
  threadExported?: boolean;
  /** Format changed files with the repository's prettier/biome/oxfmt. @default true */
  format?: boolean;
  /** The version range of leash added to package.json; default: this leash's version. */
  leashRange?: string;
}

export interface Io {
  cwd: string;
  out: (text: string) => void;
  err: (text: string) => void;
  /** stderr is a terminal: the progress line rewrites itself. */
  isTTY?: boolean;
}

/**
 * Files below this count run in this thread: each worker thread first loads Babel and the
 * transforms, and below that the threads do not earn it back (nor does parsing the project for
 * thread-signal twice, which only pays while the threads run).
 */
const IN_BAND_BELOW = 500;

/**
 * A run that takes longer than this shows a progress line on stderr (not with --json, whose
 * readers parse the output). LEASH_PROGRESS_AFTER_MS changes it.
 */
function progressAfterMs(): number {
  const ms = Number(process.env['LEASH_PROGRESS_AFTER_MS']);
  return Number.isFinite(ms) && ms > 0 ? ms : 2000;
}

/** Runs the command; returns the exit code: 0, 1 when a file failed (or a write), 2 for bad arguments or configuration. */
export async function runCodemod(name: string, paths: readonly string[], options: CodemodOptions, io: Io): Promise<number> {
  const selected = selectTransforms(name);
  if (!selected) {
    const unknown = name.split(',').find((n) => n !== 'all' && !transformNames.includes(n.trim())) ?? name;
    io.err(`leash codemod: unknown transform "${unknown}". Choose all, one of ${transformNames.join(', ')}, or a comma-separated list of them.\n`);
    return 2;
  }
  if (!Number.isInteger(options.limit) || options.limit < 1) {
    io.err(`leash codemod: --limit must be an integer from 1 up, got ${String(options.limit)}.\n`);
    return 2;
  }
  const { files, errors } = await collectFiles(paths, io.cwd, options.exclude ?? []);
  if (errors.length) {
    io.err(`leash codemod: ${errors.join('\nleash codemod: ')}\nNothing was changed.\n`);
    return 2;
  }
  const writes = !options.dry && !options.print;
  if (writes && !options.force) {
    const dirty = uncommittedChanges(paths, io.cwd);
    if (dirty.length) {
      const shown = dirty.slice(0, 10).map((l) => `  ${l}`).join('\n');
      const more = dirty.length > 10 ? `\n  ... and ${dirty.length - 10} more` : '';
      io.err(
        `leash codemod: refusing to rewrite files with uncommitted changes (git status):\n${shown}${more}\n` +
          'Commit or stash them first so the codemod can be reviewed and reverted, or run with --dry to preview, or --force.\n',
      );
      return 1;
    }
  }
  // thread-signal needs a compiler and a readable tsconfig: check both before any work.
  const notes: string[] = [];
  const threadFiles = selected.includes(PROJECT_TRANSFORM) && !options.includeTests ? await withoutTests(files, io.cwd) : files;
  if (selected.includes(PROJECT_TRANSFORM) && threadFiles.length) {
    const problem = threadSignalProblem(threadFiles, options, notes);
    if (problem) {
      io.err(`leash codemod: ${problem}\nNothing was changed.\n`);
      return 2;
    }
  }
  const started = Date.now();
  const progress = new Progress(io, options.json ? null : progressAfterMs());
  let results: FileResult[];
  try {
    results = files.length ? await transformFiles(files, new Set(threadFiles), selected, options, progress) : [];
  } finally {
    progress.stop();
  }

  const rel = (f: string) => path.relative(io.cwd, f) || f;
  if (options.format !== false) await formatChanged(results, notes);
  if (writes) await addLeashDependency(results, options, notes, io.cwd, rel);
  else await plannedLeashDependency(results, notes, io.cwd, rel);
  const written: FileResult[] = [];
  for (const r of results) {
    if (r.output === undefined || r.status === 'failed' || !writes) continue;
    try {
      writeAtomic(r.file, r.output);
      written.push(r);
    } catch (error) {
      r.status = 'failed';
      r.error = { transform: null, message: `write failed: ${error instanceof Error ? error.message : String(error)}; the file is as it was` };
    }
  }
  formatWritten(written, notes);

  const summary = summarize(name, selected, results, { dry: !writes, limit: options.limit, elapsedMs: Date.now() - started, rel });
  if (options.json) {
    const filesJson = results.map((r) => ({
      file: rel(r.file),
      status: r.status,
      ...(options.dry && r.output !== undefined ? { diff: diffOf(rel(r.file), r.original, r.output) } : {}),
      ...(options.print && r.output !== undefined ? { output: r.output } : {}),
    }));
    io.out(`${JSON.stringify({ ...summary, files: filesJson, notes }, null, 2)}\n`);
  } else {
    for (const r of results) {
      if (r.output === undefined || r.status === 'failed') continue;
      if (options.dry) io.out(diffOf(rel(r.file), r.original, r.output));
      if (options.print) io.out(`==> ${rel(r.file)} <==\n${r.output}${r.output.endsWith('\n') ? '' : '\n'}`);
    }
    const text = formatSummary(summary) + (notes.length ? `\n${notes.join('\n')}\n` : '');
    if (options.print) io.err(text);
    else io.out(text);
  }
  return summary.totals.failed > 0 ? 1 : 0;
}

async function withoutTests(files: readonly string[], cwd: string): Promise<string[]> {
  const tests = await matching(files, cwd, TEST_GLOBS);
  return files.filter((f) => !tests.has(f));
}

/**
 * Why thread-signal cannot run on these files (no compiler, a broken tsconfig), or null; on a
 * TypeScript 7 project, `notes` gets which classic TypeScript reads the types.
 */
function threadSignalProblem(files: readonly string[], options: CodemodOptions, notes: string[]): string | null {
  try {
    const start = commonDir(files);
    const ts = loadTypeScript(start, options.typescript, (note) => notes.push(note));
    compilerOptionsFor(ts, start, options.tsconfig ? path.resolve(options.tsconfig) : undefined);
    return null;
  } catch (error) {
    if (error instanceof TypeScriptUnavailable || error instanceof ConfigError) return error.message;
    throw error;
  }
}

/**
 * package.json files that need leash because a changed file now imports it (and does not list it):
 * the new text, and the list it goes in — devDependencies when only test files import it.
 */
async function leashDependencyPlan(results: readonly FileResult[], range: string, cwd: string): Promise<Map<string, { text: string; field: DependencyField }>> {
  const importers = new Map<string, string[]>();
  for (const r of results) {
    if (r.output === undefined || r.status === 'failed' || importsLeash(r.original) || !importsLeash(r.output)) continue;
    const pkg = nearestPackageJson(r.file);
    if (pkg) importers.set(pkg, [...(importers.get(pkg) ?? []), r.file]);
  }
  const plan = new Map<string, { text: string; field: DependencyField }>();
  for (const [pkg, files] of importers) {
    const field: DependencyField = (await matching(files, cwd, TEST_GLOBS)).size === files.length ? 'devDependencies' : 'dependencies';
    try {
      const next = withLeashDependency(fs.readFileSync(pkg, 'utf8'), range, field);
      if (next !== null) plan.set(pkg, { text: next, field });
    } catch {
      // an unreadable package.json: reported by plannedLeashDependency / addLeashDependency below
      plan.set(pkg, { text: '', field });
    }
  }
  return plan;
}

async function plannedLeashDependency(results: readonly FileResult[], notes: string[], cwd: string, rel: (file: string) => string): Promise<void> {
  const plan = await leashDependencyPlan(results, `^${leashVersion()}`, cwd);
  for (const [pkg, { field }] of plan) notes.push(`package.json: would add leash to ${field} in ${rel(pkg)}`);
}

async function addLeashDependency(results: FileResult[], options: CodemodOptions, notes: string[], cwd: string, rel: (file: string) => string): Promise<void> {
  const plan = await leashDependencyPlan(results, options.leashRange ?? `^${leashVersion()}`, cwd);
  for (const [pkg, { text, field }] of plan) {
    try {
      if (!text) throw new Error('not valid JSON');
      writeAtomic(pkg, text);
      notes.push(`package.json: added leash to ${field} in ${rel(pkg)}; run your package manager's install`);
    } catch (error) {
      const message = `cannot add leash to ${rel(pkg)}: ${error instanceof Error ? error.message : String(error)}; add it by hand`;
      notes.push(`package.json: ${message}`);
      results.push({ file: pkg, status: 'failed', original: '', outcomes: [], error: { transform: null, message } });
    }
  }
}

function leashVersion(): string {
  for (let dir = __dirname; path.dirname(dir) !== dir; dir = path.dirname(dir)) {
    const file = path.join(dir, 'package.json');
    if (!fs.existsSync(file)) continue;
    const pkg = JSON.parse(fs.readFileSync(file, 'utf8')) as { name?: string; version?: string };
    if (pkg.name === 'leash') return pkg.version ?? '0.0.0';
  }
  return '0.0.0';
}

/** A line on stderr once a run takes longer than a couple of seconds: the phase, and files done when known. */
class Progress {
  private phase = 'transforming';
  private done: () => string = () => '';
  private timer: NodeJS.Timeout | null = null;
  private shown = false;
  /** When the last line was printed (or the run started). */
  private last = Date.now();

  /** `everyMs`: null shows nothing. */
  constructor(
    private readonly io: Io,
    private readonly everyMs: number | null,
  ) {
    if (everyMs === null) return;
    // For the phases that wait (on the worker threads); the synchronous ones call tick().
    this.timer = setInterval(() => this.print(), everyMs);
    this.timer.unref();
  }

  set(phase: string, done: () => string = () => ''): void {
    this.phase = phase;
    this.done = done;
    this.tick();
  }

  /** Prints a line when one is due: called from work that holds the thread, where the timer cannot fire. */
  tick(): void {
    if (this.everyMs !== null && Date.now() - this.last >= this.everyMs) this.print();
  }

  private print(): void {
    const line = `leash codemod: ${this.phase}${this.done()}`;
    if (this.io.isTTY) this.io.err(`\r${line}\u001b[K`);
    else this.io.err(`${line}\n`);
    this.shown = true;
    this.last = Date.now();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    if (this.shown && this.io.isTTY) this.io.err('\r\u001b[K');
  }
}

/**
 * Maps 1-based line numbers of `from` to the lines of `to` they came from; a line that only
 * `from` has maps to the line of `to` it was inserted at (or the next one).
 */
function lineMap(from: string, to: string): (line: number) => number {
  const map: number[] = [0];
  let toLine = 1;
  let removed: { start: number; count: number } | null = null;
  for (const part of diffLines(to, from)) {
    const count = part.count ?? part.value.split('\n').length - 1;
    if (part.removed) {
      removed = { start: toLine, count };
      toLine += count;
      continue;
    }
    for (let i = 0; i < count; i++) {
      if (!part.added) map.push(toLine++);
      else map.push(removed ? removed.start + Math.min(i, removed.count - 1) : toLine); // a replaced line, or an inserted one
    }
    removed = null;
  }
  return (line) => map[line] ?? line;
}

function diffOf(file: string, before: string, after: string): string {
  return createTwoFilesPatch(`a/${file}`, `b/${file}`, before, after, undefined, undefined, { context: 3 });
}

/** Writes through a temporary file in the same directory and a rename, keeping the file's mode. */
function writeAtomic(file: string, text: string): void {
  const mode = fs.statSync(file).mode;
  const tmp = path.join(path.dirname(file), `.${path.basename(file)}.leash-${process.pid}.tmp`);
  try {
    fs.writeFileSync(tmp, text, { mode });
    fs.renameSync(tmp, file);
  } catch (error) {
    fs.rmSync(tmp, { force: true });
    throw error;
  }
}

async function transformFiles(files: string[], threadFiles: ReadonlySet<string>, selected: string[], options: CodemodOptions, progress: Progress): Promise<FileResult[]> {
  const results = new Map<string, FileResult>(files.map((f) => [f, readSource(f)]));
  // A file that cannot be read is failed already; the others go on.
  const readable = files.filter((f) => results.get(f)!.status !== 'failed');
  const projectOptions = {
    ...(options.tsconfig ? { tsconfig: path.resolve(options.tsconfig) } : {}),
    ...(options.typescript ? { typescript: options.typescript } : {}),
  };

  const syntactic = selected.filter((n) => n !== PROJECT_TRANSFORM);
  let parsed: ParsedFiles | undefined;
  if (syntactic.length && readable.length) {
    const threads = (options.runInBand ?? readable.length < IN_BAND_BELOW) ? 0 : (os.availableParallelism?.() ?? os.cpus().length);
    const workerFile = path.join(__dirname, '..', 'codemods', 'worker.js');
    // Each file is parsed for thread-signal as its record arrives, in the text thread-signal will see.
    let done = 0;
    progress.set('transforming', () => `: ${done} of ${readable.length} files`);
    const onRecord = (rec: WorkerRecord): void => {
      done++;
      if (parsed && threadFiles.has(rec.file)) parsed.update(rec.file, rec.output ?? results.get(rec.file)!.original);
      progress.tick();
    };
    const pool = startPool(workerFile, readable, readable.map((f) => results.get(f)!.original), { transforms: syntactic, limit: options.limit }, threads, onRecord);
    if (threads > 0 && selected.includes(PROJECT_TRANSFORM)) {
      // While the threads transform, parse and bind for thread-signal what they cannot change: the
      // declarations the project uses and the files no transform can match. A file one may change
      // is parsed once its record says how it ends up.
      const { syntacticByName } = load('../codemods/registry') as typeof RegistryModule;
      const mayChange = syntacticByName(syntactic);
      const now = [...threadFiles].filter((f) => results.get(f)!.status !== 'failed').map((f) => {
        const text = results.get(f)!.original;
        return { path: f, source: mayChange.some((t) => t.mayMatch(text)) ? '' : text };
      });
      try {
        parsed = prepareThreadSignal(now, projectOptions);
      } catch {
        // thread-signal below meets the same problem and reports it for its files
      }
    }
    for (const rec of await pool.records) {
      const r = results.get(path.resolve(rec.file));
      if (!r) continue;
      r.status = rec.status;
      r.outcomes = rec.outcomes;
      if (rec.output !== undefined) r.output = rec.output;
      if (rec.error) r.error = rec.error;
    }
  }

  if (selected.includes(PROJECT_TRANSFORM)) {
    const input = [...results.values()].filter((r) => threadFiles.has(r.file) && r.status !== 'failed').map((r) => ({ path: r.file, source: r.output ?? r.original }));
    let planned = 0;
    progress.set(`thread-signal: type-checking and planning ${input.length} files`, () => (planned ? `: ${planned} planned` : ''));
    const onFile = (): void => {
      planned++;
      progress.tick();
    };
    try {
      const project = threadSignalProject(input, { ...projectOptions, changeExported: Boolean(options.threadExported), onFile, ...(parsed ? { parsed } : {}) });
      for (const f of files) {
        if (!threadFiles.has(f)) continue;
        const r = results.get(f)!;
        if (r.status === 'failed') continue;
        const outcome: Outcome | undefined = project.outcomes.get(f);
        if (outcome) {
          // thread-signal saw the text the syntactic transforms produced: report lines of the file as it was.
          const toOriginal = r.output !== undefined && outcome.skips.length ? lineMap(r.output, r.original) : null;
          const skips = toOriginal ? outcome.skips.map((s) => ({ ...s, line: toOriginal(s.line) })) : outcome.skips;
          r.outcomes = [...r.outcomes, { ...outcome, skips }];
        }
        const out = project.outputs.get(f);
        if (out !== undefined) r.output = out;
        if (out !== undefined && selected.includes(LISTENER_TRANSFORM)) listenersAgain(r);
      }
    } catch (error) {
      // A bug in thread-signal: it throws for the whole project, so every file stays as it was.
      const message = error instanceof Error ? error.message : String(error);
      for (const r of results.values()) {
        if (r.status === 'failed' || !threadFiles.has(r.file)) continue;
        r.status = 'failed';
        r.error = { transform: PROJECT_TRANSFORM, message };
      }
    }
  }

  for (const r of results.values()) {
    if (r.status === 'failed') {
      delete r.output;
      continue;
    }
    if (r.output !== undefined && r.output === r.original) delete r.output;
    const reported = r.outcomes.some((o) => o.skips.length > 0);
    r.status = r.output !== undefined ? 'changed' : reported ? 'skipped' : 'unchanged';
  }
  return files.map((f) => results.get(f)!);
}

function readSource(file: string): FileResult {
  try {
    return { file, status: 'unchanged', original: fs.readFileSync(file, 'utf8'), outcomes: [] };
  } catch (error) {
    return { file, status: 'failed', original: '', outcomes: [], error: { transform: null, message: `cannot read it: ${error instanceof Error ? error.message : String(error)}` } };
  }
}

const LISTENER_TRANSFORM = 'listener-signal';
const load = createRequire(__filename);

/**
 * listener-signal ran before thread-signal, which may have just put a signal in scope of a
 * listener it reported: run it again on the files thread-signal changed, so `all` reaches in one
 * run what it would reach in two (and a second run changes nothing).
 */
function listenersAgain(r: FileResult): void {
  // Loaded here, not at the top: the parent of the worker pool does not otherwise need Babel.
  const { runPipeline } = load('../codemods/lib/transform') as typeof TransformModule;
  const { transform } = load('../codemods/transforms/listener-signal') as typeof ListenerModule;
  const text = r.output!;
  try {
    const again = runPipeline([transform], r.file, text);
    const outcome = again.outcomes[0]!;
    const toOriginal = lineMap(again.output ?? text, r.original);
    const before = r.outcomes.find((o) => o.transform === LISTENER_TRANSFORM);
    const merged = { transform: LISTENER_TRANSFORM, migrated: (before?.migrated ?? 0) + outcome.migrated, skips: outcome.skips.map((s) => ({ ...s, line: toOriginal(s.line) })) };
    r.outcomes = [...r.outcomes.filter((o) => o !== before), merged];
    if (again.output !== null) r.output = again.output;
  } catch (error) {
    r.status = 'failed';
    r.error = { transform: LISTENER_TRANSFORM, message: error instanceof Error ? error.message : String(error) };
  }
}

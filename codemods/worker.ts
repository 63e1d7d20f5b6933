/**
 * The transform module the CLI hands to jscodeshift's Runner. In each worker process it runs the
 * selected syntactic transforms on a file (one parse, one set of text edits) and appends what
 * happened — the new text, the matches not migrated, the error — as one JSON line to a
 * per-process file in the channel directory the CLI created. (The Runner's own messages only carry counts, and its
 * `report` lines go straight to stdout.) The CLI reads the channel when the Runner is done; it,
 * not the Runner, writes files, so a file is written once even when thread-signal edits it too.
 *
 * Return values map to the Runner's counters: new text -> ok (changed), the same text ->
 * unchanged, null -> skipped (nothing changed, but a match was reported), throw -> error (failed).
 */
import * as fs from 'node:fs';
import { createRequire } from 'node:module';
import * as path from 'node:path';
import type { API, FileInfo, Options } from 'jscodeshift';
import { syntacticByName } from './registry';
import { parseSource } from './lib/parser';
import { runPipeline, TransformError, type Outcome } from './lib/transform';

export interface WorkerOptions {
  transforms: string[];
  limit: number;
  /** Directory for the JSON-lines side channel. */
  channel: string;
}

export type FileStatus = 'changed' | 'unchanged' | 'skipped' | 'failed';

export interface WorkerRecord {
  file: string;
  status: FileStatus;
  outcomes: Outcome[];
  /** New text when changed. */
  output?: string;
  error?: { transform: string | null; message: string };
}

/**
 * jscodeshift's Worker calls `jscodeshift.withParser(parser)` for every file, to hand the
 * transform an `api.j` this transform never uses; each call rebuilds the whole API object (a third
 * of the per-file cost). Exporting one parser object and memoizing `withParser` by parser makes
 * that a lookup. Nothing else changes: `withParser` returns an equivalent object every time.
 */
export const parser = { parse: (source: string) => parseSource('file.tsx', source) };
const core = createRequire(__filename)('jscodeshift/src/core') as { withParser: (p: unknown) => unknown; __leashMemo?: boolean };
if (!core.__leashMemo) {
  const withParser = core.withParser;
  const memo = new Map<unknown, unknown>();
  core.withParser = (p: unknown) => {
    if (!memo.has(p)) memo.set(p, withParser(p));
    return memo.get(p);
  };
  core.__leashMemo = true;
}

function record(options: WorkerOptions, rec: WorkerRecord): void {
  fs.appendFileSync(path.join(options.channel, `${process.pid}.jsonl`), `${JSON.stringify(rec)}\n`);
}

export default function leashWorker(file: FileInfo, _api: API, options: Options): string | null {
  const leash = options['leash'] as WorkerOptions;
  const transforms = syntacticByName(leash.transforms);
  try {
    const { output, outcomes } = runPipeline(transforms, file.path, file.source, { limit: leash.limit });
    const reported = outcomes.some((o) => o.skips.length > 0);
    const status: FileStatus = output !== null ? 'changed' : reported ? 'skipped' : 'unchanged';
    record(leash, { file: file.path, status, outcomes, ...(output !== null ? { output } : {}) });
    if (status === 'changed') return output;
    return status === 'skipped' ? null : file.source;
  } catch (error) {
    const transform = error instanceof TransformError ? error.transform : null;
    const message = (error instanceof TransformError ? error.message.slice(transform!.length + 2) : error instanceof Error ? error.message : String(error)).split('\n')[0] ?? '';
    record(leash, { file: file.path, status: 'failed', outcomes: [], error: { transform, message } });
    throw error;
  }
}

/**
 * Runs the selected syntactic transforms on files and says what happened to each — the new text,
 * the matches not migrated, the error — as one WorkerRecord per file.
 *
 * Loaded two ways: by the CLI in its own thread for small runs (`transformFile`), and as the entry
 * of the worker threads pool.ts starts. A worker thread claims the next file from a counter it
 * shares with the other threads (so a slow file or a busy core holds up nobody), transforms it and
 * posts the record; it exits when no file is left. The CLI, not the workers, writes files, so a
 * file is written once even when thread-signal edits it too.
 */
import { isMainThread, parentPort, workerData } from 'node:worker_threads';
import { syntacticByName } from './registry';
import { runPipeline, TransformError, type Outcome } from './lib/transform';

export interface WorkerOptions {
  transforms: string[];
  limit: number;
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

/** What a worker thread is started with: every file and its text, and the shared counter of the next file to claim. */
export interface WorkerData {
  leashCodemods: WorkerOptions;
  files: readonly string[];
  sources: readonly string[];
  /** Int32Array over it: index of the next unclaimed file. */
  next: SharedArrayBuffer;
}

/** The transforms on one file; never throws (a parse error or a transform's bug is a failed record). */
export function transformFile(options: WorkerOptions, file: string, source: string): WorkerRecord {
  try {
    const { output, outcomes } = runPipeline(syntacticByName(options.transforms), file, source, { limit: options.limit });
    const reported = outcomes.some((o) => o.skips.length > 0);
    const status: FileStatus = output !== null ? 'changed' : reported ? 'skipped' : 'unchanged';
    return { file, status, outcomes, ...(output !== null ? { output } : {}) };
  } catch (error) {
    const transform = error instanceof TransformError ? error.transform : null;
    const message = (error instanceof TransformError ? error.message.slice(transform!.length + 2) : error instanceof Error ? error.message : String(error)).split('\n')[0] ?? '';
    return { file, status: 'failed', outcomes: [], error: { transform, message } };
  }
}

if (!isMainThread && parentPort && (workerData as Partial<WorkerData> | null)?.leashCodemods) {
  const data = workerData as WorkerData;
  const next = new Int32Array(data.next);
  for (let i = Atomics.add(next, 0, 1); i < data.files.length; i = Atomics.add(next, 0, 1)) {
    parentPort.postMessage(transformFile(data.leashCodemods, data.files[i]!, data.sources[i]!));
  }
}

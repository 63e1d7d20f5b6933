/**
 * Runs the syntactic transforms over a set of files in worker threads, one per core, while the
 * thread that started them is free for other work (the CLI parses the project for thread-signal
 * meanwhile). The threads claim files from a shared counter, so the work spreads evenly whatever
 * else the machine runs; records arrive as files finish. `threads: 0` runs everything in this
 * thread instead (small runs, where starting threads — each loads Babel and the transforms —
 * costs more than it saves).
 *
 * Nothing here loads Babel: worker.js does, in the threads (or on the first in-thread run).
 */
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import type * as WorkerModule from './worker';
import type { WorkerData, WorkerOptions, WorkerRecord } from './worker';

export interface Pool {
  /** Files whose record has arrived. */
  done(): number;
  /** One record per file, in the order of the files, once every thread has exited. */
  records: Promise<WorkerRecord[]>;
}

/**
 * `workerFile`: the built worker.js (the CLI is bundled, so the path is passed, not derived).
 * `onRecord` is called as each file finishes, in this thread in both modes.
 */
export function startPool(
  workerFile: string,
  files: readonly string[],
  sources: readonly string[],
  options: WorkerOptions,
  threads: number,
  onRecord: (rec: WorkerRecord) => void = () => {},
): Pool {
  if (threads < 1 || files.length === 0) {
    const { transformFile } = createRequire(__filename)(workerFile) as typeof WorkerModule;
    const records: WorkerRecord[] = [];
    for (const [i, file] of files.entries()) {
      records.push(transformFile(options, file, sources[i]!));
      onRecord(records[i]!); // as each file finishes, as the threads' records arrive
    }
    return { done: () => records.length, records: Promise.resolve(records) };
  }
  const byFile = new Map<string, WorkerRecord>();
  const next = new SharedArrayBuffer(4);
  const data: WorkerData = { leashCodemods: options, files, sources, next };
  const crashes: string[] = [];
  const exits = Array.from({ length: Math.min(threads, files.length) }, () => {
    const worker = new Worker(workerFile, { workerData: data });
    worker.on('message', (rec: WorkerRecord) => {
      byFile.set(rec.file, rec);
      onRecord(rec);
    });
    worker.on('error', (error) => crashes.push(error instanceof Error ? error.message : String(error)));
    return new Promise<void>((resolve) => worker.once('exit', () => resolve()));
  });
  const records = Promise.all(exits).then(() =>
    files.map(
      (file) =>
        byFile.get(file) ?? {
          file,
          status: 'failed' as const,
          outcomes: [],
          error: { transform: null, message: `no result from the worker thread${crashes.length ? ` (${crashes[0]})` : ''}` },
        },
    ),
  );
  return { done: () => byFile.size, records };
}

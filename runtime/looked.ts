/**
 * Files a build looked at and left as `tsc` wrote them. An instrumented module announces itself
 * when it loads (`useMode`), but a file `leash build` or the ts-patch plugin found nothing to
 * rewrite in must stay byte for byte `tsc`'s output, so it cannot: without this record, a test
 * process that loads only such files reads as "never looked" — `verifyNone()` throws and the
 * reports tell the user to build with leash, which they did.
 *
 * So those builds write the record: each output file's size and modification time, in
 * `node_modules/.cache/leash/looked.json` of the nearest folder above it that has a node_modules.
 * A file still matching its record is one leash looked at; one rebuilt since (by plain `tsc`,
 * say) no longer matches, and counts as never looked again.
 *
 * Read only when nothing else says leash looked (not on any hot path): the files this process has
 * loaded that can be known — its main script, the CommonJS module cache, and the files on the
 * stack of the call asking (a test file calling `verifyNone()`, an ES module or not).
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, isAbsolute, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const LOOKED_FORMAT = 1;

/** Output file (absolute path) → [size, mtimeMs] as the build left it. */
export interface LookedRecord {
  readonly format: typeof LOOKED_FORMAT;
  readonly files: Record<string, readonly [size: number, mtimeMs: number]>;
}

/**
 * leash's cache folder for `dir`: `node_modules/.cache/leash` of the nearest folder at or above it
 * that has a node_modules, or undefined when none has. The bundler plugins' module cache lives
 * there too (transformer/hosts/cache.ts). Memoized per folder: a node_modules is not expected to
 * come or go while a process runs.
 */
export function cacheFolder(dir: string): string | undefined {
  let known = folders.get(dir);
  if (known === undefined) {
    const parent = dirname(dir);
    known = { folder: existsSync(join(dir, 'node_modules')) ? join(dir, 'node_modules', '.cache', 'leash') : parent === dir ? undefined : cacheFolder(parent) };
    folders.set(dir, known);
  }
  return known.folder;
}

const folders = new Map<string, { folder: string | undefined }>();

/** The record file for the output `file`, or undefined when no folder above it has a node_modules. */
export function recordFileFor(file: string): string | undefined {
  const folder = cacheFolder(dirname(file));
  return folder === undefined ? undefined : join(folder, 'looked.json');
}

/** Whether `file`, on disk now, is what the build recorded. */
export function matchesRecord(record: LookedRecord, file: string): boolean {
  const recorded = record.files[file];
  if (recorded === undefined) return false;
  try {
    const stat = statSync(file);
    return stat.size === recorded[0] && stat.mtimeMs === recorded[1];
  } catch {
    return false;
  }
}

/** Parses a record file; undefined when it is missing or not one (a newer format, a torn write). */
export function readRecord(path: string): LookedRecord | undefined {
  try {
    const parsed = JSON.parse(readFileSync(path, 'utf8')) as Partial<LookedRecord>;
    return parsed.format === LOOKED_FORMAT && typeof parsed.files === 'object' && parsed.files !== null ? (parsed as LookedRecord) : undefined;
  } catch {
    return undefined;
  }
}

let found = false;
const checked = new Set<string>();
const records = new Map<string, LookedRecord | undefined>();

/**
 * Whether a file this process loaded is one a build recorded as looked at. Once one is, the answer
 * stays yes: a loaded module stays loaded.
 */
export function loadedFileLookedAt(): boolean {
  if (found) return true;
  for (const file of loadedFiles()) {
    if (checked.has(file)) continue;
    checked.add(file);
    const path = recordFileFor(file);
    if (path === undefined) continue;
    if (!records.has(path)) records.set(path, readRecord(path));
    const record = records.get(path);
    if (record !== undefined && matchesRecord(record, file)) return (found = true);
  }
  return false;
}

/** The main script, the CommonJS modules loaded, and the files on the current stack; not dependencies' files. */
function loadedFiles(): string[] {
  const files: string[] = [];
  const main = typeof process === 'object' ? process.argv[1] : undefined;
  if (main !== undefined && isAbsolute(main)) files.push(main);
  if (typeof require === 'function' && typeof require.cache === 'object') files.push(...Object.keys(require.cache));
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = 50;
  const stack = new Error().stack ?? '';
  Error.stackTraceLimit = limit;
  for (const match of stack.matchAll(/(?:\(|at )((?:file:\/\/)?(?:\/|[A-Za-z]:\\)[^()]+?):\d+:\d+\)?$/gm)) {
    const location = match[1] as string;
    files.push(location.startsWith('file://') ? fileURLToPath(location) : location);
  }
  return files.filter((file) => !/[\\/]node_modules[\\/]/.test(file));
}

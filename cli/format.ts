/**
 * Formats what a codemod changed with the repository's own formatter, so the diff reads like the
 * rest of the code and the repository's format check still passes.
 *
 * - prettier (resolved from the file's folder, when the repository configures or lists it; with
 *   its config and .prettierignore): in process, before anything is written, so `--dry` shows the
 *   formatted result.
 * - biome, oxfmt: their CLI on the written files, when the repository has one installed and
 *   configured (biome.json / .oxfmtrc*).
 * - eslint, when the repository has none of those but an eslint config and eslint installed:
 *   `eslint --fix --fix-type layout` on the written files — only the fixes of its formatting
 *   (layout) rules, never a fix that changes what the code does.
 * A file that was not clean for its formatter before is left as the codemod wrote it: formatting
 * it would rewrite lines the codemod did not touch. Without any formatter the output is left as
 * written. The summary's notes say which formatter ran on how many files.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import { createRequire } from 'node:module';
import * as path from 'node:path';
import type { FileResult } from './summary';

interface Prettier {
  check(source: string, options: object): Promise<boolean>;
  format(source: string, options: object): Promise<string>;
  resolveConfig(file: string, options?: object): Promise<object | null>;
  getFileInfo(file: string, options?: object): Promise<{ ignored: boolean; inferredParser: string | null }>;
}

/** A formatter the repository uses, found from a file's folder up to its package root. */
export interface Formatter {
  name: 'prettier' | 'biome' | 'oxfmt' | 'eslint';
  root: string;
  /** prettier only; absent when the repository configures prettier but it is not installed. */
  prettier?: Prettier;
  /** biome/oxfmt/eslint: the executable. */
  bin?: string;
}

const PRETTIER_CONFIGS = [
  '.prettierrc',
  '.prettierrc.json',
  '.prettierrc.json5',
  '.prettierrc.yaml',
  '.prettierrc.yml',
  '.prettierrc.toml',
  '.prettierrc.js',
  '.prettierrc.cjs',
  '.prettierrc.mjs',
  '.prettierrc.ts',
  '.prettierrc.cts',
  '.prettierrc.mts',
  'prettier.config.js',
  'prettier.config.cjs',
  'prettier.config.mjs',
  'prettier.config.ts',
  'prettier.config.cts',
  'prettier.config.mts',
];
const ESLINT_CONFIGS = [
  'eslint.config.js',
  'eslint.config.mjs',
  'eslint.config.cjs',
  'eslint.config.ts',
  'eslint.config.mts',
  'eslint.config.cts',
  '.eslintrc',
  '.eslintrc.js',
  '.eslintrc.cjs',
  '.eslintrc.json',
  '.eslintrc.yaml',
  '.eslintrc.yml',
];

const cache = new Map<string, Formatter | null>();

function findUp(dir: string, names: readonly string[]): string | null {
  for (let d = dir; ; d = path.dirname(d)) {
    for (const n of names) if (fs.existsSync(path.join(d, n))) return path.join(d, n);
    if (fs.existsSync(path.join(d, '.git')) || path.dirname(d) === d) return null;
  }
}

/** The nearest package.json's fields, or {} (unreadable or absent). */
function manifest(dir: string): Record<string, unknown> {
  const file = findUp(dir, ['package.json']);
  try {
    return file ? (JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

function lists(pkg: Record<string, unknown>, name: string): boolean {
  return ['dependencies', 'devDependencies'].some((k) => typeof pkg[k] === 'object' && pkg[k] !== null && name in (pkg[k] as object));
}

/** The formatter for files in `dir`, or null. */
export function formatterFor(dir: string): Formatter | null {
  if (cache.has(dir)) return cache.get(dir)!;
  const pkgFile = findUp(dir, ['package.json']);
  const root = pkgFile ? path.dirname(pkgFile) : dir;
  const pkg = manifest(dir);
  const bin = (name: string) => {
    const file = path.join(root, 'node_modules', '.bin', name);
    return fs.existsSync(file) ? file : null;
  };
  let found: Formatter | null = null;
  const biome = bin('biome');
  const oxfmt = bin('oxfmt');
  const eslint = bin('eslint');
  if (biome && findUp(dir, ['biome.json', 'biome.jsonc'])) {
    found = { name: 'biome', root, bin: biome };
  } else if (oxfmt && findUp(dir, ['.oxfmtrc.json', '.oxfmtrc.jsonc', '.oxfmtrc'])) {
    found = { name: 'oxfmt', root, bin: oxfmt };
  } else if (findUp(dir, PRETTIER_CONFIGS) || 'prettier' in pkg || lists(pkg, 'prettier')) {
    try {
      found = { name: 'prettier', root, prettier: createRequire(path.join(dir, 'noop.js'))('prettier') as Prettier };
    } catch {
      found = { name: 'prettier', root }; // configured but not installed: said in the notes
    }
  }
  if (!found && eslint && (findUp(dir, ESLINT_CONFIGS) || 'eslintConfig' in pkg)) found = { name: 'eslint', root, bin: eslint };
  cache.set(dir, found);
  return found;
}

/**
 * prettier-formats `output` when the file's `original` text was prettier-clean. Returns the text
 * to write and whether it was formatted.
 */
export async function formatWithPrettier(f: Formatter, file: string, original: string, output: string): Promise<{ text: string; formatted: boolean }> {
  const prettier = f.prettier!;
  const info = await prettier.getFileInfo(file, { ignorePath: path.join(f.root, '.prettierignore') });
  if (info.ignored || !info.inferredParser) return { text: output, formatted: false };
  const config = (await prettier.resolveConfig(file, { editorconfig: true })) ?? {};
  const options = { ...config, filepath: file };
  if (!(await prettier.check(original, options))) return { text: output, formatted: false };
  return { text: await prettier.format(output, options), formatted: true };
}

/** eslint's own exit codes: 0 clean, 1 lint problems left (not ours to fix), 2 a configuration error or crash. */
const ESLINT_BROKEN = 2;

/** The layout fixes only: formatting rules (indent, quotes, semicolons, spacing), never a fix that changes behaviour. */
const ESLINT_LAYOUT = ['--fix-type', 'layout', '--no-warn-ignored'];

/**
 * Of `files` (as they are on disk, before the codemod writes them), those the formatter's check
 * passes on; or an error message when the formatter itself fails.
 */
export function cliCheckPasses(f: Formatter, files: readonly string[]): { clean: Set<string>; error?: string } {
  if (f.name === 'eslint') {
    const res = spawnSync(f.bin!, ['--fix-dry-run', ...ESLINT_LAYOUT, '--format', 'json', ...files], { cwd: f.root, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
    if (res.status === null || res.status >= ESLINT_BROKEN) return { clean: new Set(), error: `eslint exited with ${String(res.status)}: ${firstLine(res.stderr || res.stdout)}` };
    // A file with layout fixes to make has `output`: it was not formatted by the repository's rules before.
    const results = JSON.parse(res.stdout) as Array<{ filePath: string; output?: string }>;
    const dirty = new Set(results.filter((r) => r.output !== undefined).map((r) => path.resolve(r.filePath)));
    return { clean: new Set(files.filter((file) => !dirty.has(path.resolve(file)))) };
  }
  const clean = new Set<string>();
  for (const file of files) {
    const args = f.name === 'biome' ? ['format', file] : ['--check', file];
    if (spawnSync(f.bin!, args, { cwd: f.root, encoding: 'utf8' }).status === 0) clean.add(file);
  }
  return { clean };
}

/** Formats written files with biome/oxfmt/eslint; returns an error message or null. */
export function formatWithCli(f: Formatter, files: readonly string[]): string | null {
  if (files.length === 0) return null;
  const args = f.name === 'biome' ? ['format', '--write', ...files] : f.name === 'eslint' ? ['--fix', ...ESLINT_LAYOUT, ...files] : [...files];
  const res = spawnSync(f.bin!, args, { cwd: f.root, encoding: 'utf8' });
  const ok = res.status === 0 || (f.name === 'eslint' && res.status !== null && res.status < ESLINT_BROKEN);
  return ok ? null : `${f.name} exited with ${String(res.status)}: ${firstLine(res.stderr || res.stdout)}`;
}

function firstLine(text: string): string {
  return text.trim().split('\n')[0] ?? '';
}

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/**
 * Before the write: runs each changed file through the repository's prettier (in process), or
 * marks it (`formatWith`) for its biome/oxfmt/eslint once written — if that formatter's check
 * passed on the file as it was. Adds one note per formatter to `notes`.
 */
export async function formatChanged(results: FileResult[], notes: string[]): Promise<void> {
  const counts = new Map<string, { formatted: number; unformatted: number; missing?: number }>();
  const byCli = new Map<Formatter, FileResult[]>();
  for (const r of results) {
    if (r.output === undefined || r.status === 'failed') continue;
    const f = formatterFor(path.dirname(r.file));
    if (!f) continue;
    const c = counts.get(f.name) ?? { formatted: 0, unformatted: 0 };
    counts.set(f.name, c);
    if (f.name !== 'prettier') {
      byCli.set(f, [...(byCli.get(f) ?? []), r]);
      continue;
    }
    if (!f.prettier) {
      c.missing = (c.missing ?? 0) + 1;
      continue;
    }
    try {
      const { text, formatted } = await formatWithPrettier(f, r.file, r.original, r.output);
      r.output = text;
      if (formatted) c.formatted++;
      else c.unformatted++;
    } catch (error) {
      notes.push(`format: prettier failed on ${r.file}: ${error instanceof Error ? firstLine(error.message) : String(error)}; left as the codemod wrote it`);
    }
  }
  for (const [f, rs] of byCli) {
    const { clean, error } = cliCheckPasses(f, rs.map((r) => r.file));
    if (error) notes.push(`format: ${error}; changed files left as the codemod wrote them`);
    for (const r of rs) {
      if (clean.has(r.file)) r.formatWith = f;
      else if (!error) counts.get(f.name)!.unformatted++;
    }
  }
  for (const [name, c] of counts) {
    if (name === 'prettier' && c.formatted) notes.push(`format: prettier formatted ${plural(c.formatted, 'changed file', 'changed files')}`);
    if (c.missing) notes.push(`format: the repository configures prettier but it is not installed (run its install); ${plural(c.missing, 'changed file', 'changed files')} left as the codemod wrote ${c.missing === 1 ? 'it' : 'them'}`);
    if (c.unformatted) notes.push(`format: ${plural(c.unformatted, 'changed file was', 'changed files were')} not ${name}-clean before; left as the codemod wrote ${c.unformatted === 1 ? 'it' : 'them'}`);
  }
}

/** After the write: runs biome/oxfmt/eslint on the written files `formatChanged` marked. */
export function formatWritten(written: readonly FileResult[], notes: string[]): void {
  const byCli = new Map<Formatter, string[]>();
  for (const r of written) if (r.formatWith) byCli.set(r.formatWith, [...(byCli.get(r.formatWith) ?? []), r.file]);
  for (const [f, files] of byCli) {
    const problem = formatWithCli(f, files);
    const what = f.name === 'eslint' ? 'eslint --fix (layout rules) formatted' : `${f.name} formatted`;
    notes.push(problem ? `format: ${problem}` : `format: ${what} ${plural(files.length, 'changed file', 'changed files')}`);
  }
}

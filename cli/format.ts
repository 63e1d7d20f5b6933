/**
 * Formats what a codemod changed with the repository's own formatter, so the diff reads like the
 * rest of the code and the repository's format check still passes.
 *
 * - prettier (resolved from the file's folder, with its config and .prettierignore): in process,
 *   before anything is written, so `--dry` shows the formatted result. A file that was not
 *   prettier-clean before is left as the codemod wrote it: formatting it would rewrite lines the
 *   codemod did not touch.
 * - biome, oxfmt: their CLI on the written files, when the repository has one installed and
 *   configured (biome.json / .oxfmtrc*), and only for files their check passed before.
 * Without any of them the output is left as written; the summary says which formatter ran.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import { createRequire } from 'node:module';
import * as path from 'node:path';

interface Prettier {
  check(source: string, options: object): Promise<boolean>;
  format(source: string, options: object): Promise<string>;
  resolveConfig(file: string, options?: object): Promise<object | null>;
  getFileInfo(file: string, options?: object): Promise<{ ignored: boolean; inferredParser: string | null }>;
}

/** A formatter the repository uses, found from a file's folder up to its package root. */
export interface Formatter {
  name: 'prettier' | 'biome' | 'oxfmt';
  root: string;
  /** prettier only. */
  prettier?: Prettier;
  /** biome/oxfmt: the executable. */
  bin?: string;
}

const cache = new Map<string, Formatter | null>();

function findUp(dir: string, names: readonly string[]): string | null {
  for (let d = dir; ; d = path.dirname(d)) {
    for (const n of names) if (fs.existsSync(path.join(d, n))) return path.join(d, n);
    if (fs.existsSync(path.join(d, '.git')) || path.dirname(d) === d) return null;
  }
}

/** The formatter for files in `dir`, or null. */
export function formatterFor(dir: string): Formatter | null {
  if (cache.has(dir)) return cache.get(dir)!;
  let found: Formatter | null;
  const pkg = findUp(dir, ['package.json']);
  const root = pkg ? path.dirname(pkg) : dir;
  const req = createRequire(path.join(dir, 'noop.js'));
  const biomeConfig = findUp(dir, ['biome.json', 'biome.jsonc']);
  const oxfmtConfig = findUp(dir, ['.oxfmtrc.json', '.oxfmtrc.jsonc', '.oxfmtrc']);
  if (biomeConfig && fs.existsSync(path.join(root, 'node_modules', '.bin', 'biome'))) {
    found = { name: 'biome', root, bin: path.join(root, 'node_modules', '.bin', 'biome') };
  } else if (oxfmtConfig && fs.existsSync(path.join(root, 'node_modules', '.bin', 'oxfmt'))) {
    found = { name: 'oxfmt', root, bin: path.join(root, 'node_modules', '.bin', 'oxfmt') };
  } else {
    try {
      found = { name: 'prettier', root, prettier: req('prettier') as Prettier };
    } catch {
      found = null;
    }
  }
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

/** Whether the CLI formatter's check passes on `file` as it is now (run before the codemod writes it). */
export function cliCheckPasses(f: Formatter, file: string): boolean {
  const args = f.name === 'biome' ? ['format', file] : ['--check', file];
  return spawnSync(f.bin!, args, { cwd: f.root, encoding: 'utf8' }).status === 0;
}

/** Formats written files with biome/oxfmt; returns an error message or null. */
export function formatWithCli(f: Formatter, files: readonly string[]): string | null {
  if (files.length === 0) return null;
  const args = f.name === 'biome' ? ['format', '--write', ...files] : [...files];
  const res = spawnSync(f.bin!, args, { cwd: f.root, encoding: 'utf8' });
  return res.status === 0 ? null : `${f.name} exited with ${String(res.status)}: ${(res.stderr || res.stdout).trim().split('\n')[0] ?? ''}`;
}

/**
 * The built CLI on small temp projects that each use one formatter (prettier, biome, eslint with
 * @stylistic layout rules; installed in test/compat/formatters): after `leash codemod`, the
 * formatter's own check passes on the changed files, the new import sits where that repository's
 * imports go, and nothing but formatting was fixed.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { compatModules } from '../compat/paths.mjs';

const ROOT = path.resolve(__dirname, '../..');
const CLI = path.join(ROOT, 'dist/cli/leash.js');
const MODULES = compatModules('formatters');

function sh(cwd: string, command: string, args: string[]) {
  const res = spawnSync(command, args, { cwd, encoding: 'utf8' });
  return { status: res.status, out: `${res.stdout}${res.stderr}`, stdout: res.stdout };
}

const bin = (name: string) => path.join(MODULES, '.bin', name);

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
});

/** A temp project with `files` (relative path -> text), the formatters' node_modules linked in. */
function project(files: Record<string, string>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'leash-format-'));
  dirs.push(dir);
  for (const [file, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    fs.writeFileSync(path.join(dir, file), text);
  }
  fs.symlinkSync(MODULES, path.join(dir, 'node_modules'), 'dir');
  return dir;
}

/** Runs the codemod (written, --force: the temp project is no git repository) and returns its notes. */
function codemod(dir: string, transforms: string): string[] {
  const res = sh(dir, process.execPath, [CLI, 'codemod', transforms, 'src', '--force', '--json']);
  expect(res.status, res.out).toBe(0);
  return JSON.parse(res.stdout).notes as string[];
}

/** A race against a hand-made timer, a hand-made sleep, and imports from a package and the project. */
const TS_SOURCE = `import { readFile } from "node:fs/promises";
import { parse } from "./parse";
import { clean } from "./clean";

export async function report(id: string, file: string): Promise<string> {
  const text = await Promise.race([readFile(file, "utf8"), new Promise<never>((_, reject) => setTimeout(() => reject(new Error(\`report \${id} timed out\`)), 5000))]);
  return clean(parse(text));
}

export async function pause(ms: number) {
  await new Promise((resolve) => setTimeout(resolve, ms));
}
`;
const LOCAL = { 'src/parse.ts': 'export const parse = (s: string) => s;\n', 'src/clean.ts': 'export const clean = (s: string) => s.trim();\n' };

/** The line the leash import is on, and those of the package and the local imports. */
function importLines(text: string): { leash: number; pkg: number; local: number } {
  const lines = text.split('\n');
  return {
    leash: lines.findIndex((l) => /from ['"]leash['"]/.test(l)),
    pkg: lines.findIndex((l) => l.includes('node:fs/promises')),
    local: lines.findIndex((l) => l.includes('./parse')),
  };
}

describe('leash codemod formats changed files with the repository formatter', () => {
  it('prettier: its --check passes on the changed file, and the import goes after the package imports', () => {
    const dir = project({ 'package.json': JSON.stringify({ name: 'p', private: true, devDependencies: { prettier: '*' } }), '.prettierrc.json': '{ "printWidth": 100 }\n', 'src/report.ts': TS_SOURCE, ...LOCAL });
    expect(sh(dir, bin('prettier'), ['--write', 'src']).status).toBe(0); // clean before, like a repository that uses it
    const notes = codemod(dir, 'race-timeout,sleep-signal');
    expect(notes).toContain('format: prettier formatted 1 changed file');
    const check = sh(dir, bin('prettier'), ['--check', 'src']);
    expect(check.status, check.out).toBe(0);
    const text = fs.readFileSync(path.join(dir, 'src/report.ts'), 'utf8');
    expect(text).toContain('withTimeout(');
    const at = importLines(text);
    expect(at.leash).toBe(at.pkg + 1);
    expect(at.local).toBe(at.leash + 1);
  }, 120_000);

  it('biome: its format check passes on the changed file', () => {
    const biomeConfig = { formatter: { enabled: true, indentStyle: 'space', indentWidth: 2, lineWidth: 100 }, javascript: { formatter: { quoteStyle: 'single', semicolons: 'asNeeded' } } };
    const dir = project({ 'package.json': JSON.stringify({ name: 'b', private: true }), 'biome.json': JSON.stringify(biomeConfig), 'src/report.ts': TS_SOURCE, ...LOCAL });
    expect(sh(dir, bin('biome'), ['format', '--write', 'src']).status).toBe(0);
    const notes = codemod(dir, 'race-timeout,sleep-signal');
    expect(notes).toContain('format: biome formatted 1 changed file');
    const check = sh(dir, bin('biome'), ['format', 'src']);
    expect(check.status, check.out).toBe(0);
    const text = fs.readFileSync(path.join(dir, 'src/report.ts'), 'utf8');
    expect(text).toMatch(/^\/\* leash-codemod \*\/ import \{ deadlineExceeded, withTimeout, sleep \} from 'leash'$/m); // its quotes, no semicolon
    const at = importLines(text);
    expect(at.local).toBe(at.leash + 1);
  }, 120_000);

  it('eslint --fix: the layout rules pass afterwards, and no fix other than layout is made', () => {
    const config = `import stylistic from '@stylistic/eslint-plugin';
export default [{
  files: ['**/*.js'],
  plugins: { '@stylistic': stylistic },
  rules: {
    '@stylistic/semi': ['error', 'never'],
    '@stylistic/quotes': ['error', 'single'],
    '@stylistic/indent': ['error', 2],
    '@stylistic/brace-style': ['error', '1tbs', { allowSingleLine: false }],
    '@stylistic/object-curly-spacing': ['error', 'always'],
    'prefer-const': 'error',
  },
}];
`;
    const source = `import { join } from 'node:path'
import { parse } from './parse.js'

export async function report(id, file) {
  let name = join('reports', file)
  const text = await Promise.race([load(name), new Promise((_, reject) => setTimeout(() => reject(new Error('report ' + id + ' timed out')), 5000))])
  return parse(text)
}

export async function pause(ms) {
  await new Promise((resolve) => setTimeout(resolve, ms))
}

async function load(name) {
  return name
}
`;
    const dir = project({ 'package.json': JSON.stringify({ name: 'e', private: true, type: 'module' }), 'eslint.config.js': config, 'src/report.js': source, 'src/parse.js': 'export const parse = (s) => s\n' });
    const lintBefore = sh(dir, bin('eslint'), ['--format', 'json', 'src']);
    expect(JSON.parse(lintBefore.stdout).flatMap((r: any) => r.messages.map((m: any) => m.ruleId))).toEqual(['prefer-const']); // layout-clean before
    const notes = codemod(dir, 'race-timeout,sleep-signal');
    expect(notes).toContain('format: eslint --fix (layout rules) formatted 1 changed file');
    const text = fs.readFileSync(path.join(dir, 'src/report.js'), 'utf8');
    expect(text).toContain('withTimeout(');
    expect(text).not.toMatch(/;\s*$/m); // `semi: never` applied to what the codemod wrote
    const lintAfter = sh(dir, bin('eslint'), ['--format', 'json', 'src']);
    // Only the rule that is not about layout is left: the codemod's text passes the formatting rules,
    // and `let name` was not turned into `const` (a fix that is not formatting is not ours to make).
    expect(JSON.parse(lintAfter.stdout).flatMap((r: any) => r.messages.map((m: any) => m.ruleId))).toEqual(['prefer-const']);
    expect(text).toContain("let name = join('reports', file)");
    const at = importLines(text.replace("'node:path'", "'node:fs/promises'"));
    expect(at.leash).toBe(at.pkg + 1);
    expect(at.local).toBe(at.leash + 1);
  }, 120_000);

  it('says so when the repository configures prettier but it is not installed', () => {
    const dir = project({ 'package.json': JSON.stringify({ name: 'p', private: true, prettier: { semi: false } }), 'src/report.ts': TS_SOURCE, ...LOCAL });
    fs.rmSync(path.join(dir, 'node_modules')); // no prettier to run
    const notes = codemod(dir, 'sleep-signal');
    expect(notes).toContain('format: the repository configures prettier but it is not installed (run its install); 1 changed file left as the codemod wrote it');
  }, 120_000);

  it('leaves a file that was not formatter-clean before as the codemod wrote it, and says so', () => {
    const messy = TS_SOURCE.replace('export async function pause(ms: number) {', 'export   async function pause(ms:number){');
    const dir = project({ 'package.json': JSON.stringify({ name: 'p', private: true, devDependencies: { prettier: '*' } }), 'src/report.ts': messy, ...LOCAL });
    const notes = codemod(dir, 'sleep-signal');
    expect(notes).toContain('format: 1 changed file was not prettier-clean before; left as the codemod wrote it');
    expect(fs.readFileSync(path.join(dir, 'src/report.ts'), 'utf8')).toContain('export   async function pause(ms:number){');
  }, 120_000);
});

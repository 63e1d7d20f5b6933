/**
 * Runs vitest on the leak/control fixture project (test/vitest/fixtures/project) as a user would
 * have it: copied to a temporary folder, with leash installed in its node_modules (its built
 * files and package.json, its dependencies linked), `vitest`, `typescript` and `@types` linked,
 * and `fake-lib` installed there as a package. Reads vitest's JSON report.
 */
import { execFile } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';

export const REPO = resolve(__dirname, '../..');
export const FIXTURE = join(__dirname, 'fixtures/project');

export interface AssertionResult {
  title: string;
  fullName: string;
  status: 'passed' | 'failed' | 'skipped' | 'pending' | 'todo' | 'disabled';
  failureMessages: string[];
}

export interface FileResult {
  name: string;
  status: 'passed' | 'failed';
  message: string;
  assertionResults: AssertionResult[];
}

export interface JsonReport {
  numTotalTests: number;
  testResults: FileResult[];
}

export interface Run {
  dir: string;
  report: JsonReport | undefined;
  output: string;
  seconds: number;
  /** Files by path from the project root. */
  files: Map<string, FileResult>;
}

/** Where a `// @leak <kind> <id>` marker sits: the line a leak report must name. */
export interface Marker {
  id: string;
  kind: string;
  file: string;
  line: number;
}

/**
 * A fresh copy of the fixture project. `modules` maps package names to folders to link into its
 * node_modules (`vitest` and, for the DOM environments, `happy-dom`/`jsdom`).
 */
export function fixtureProject(modules: Record<string, string>, options: { domTests?: boolean } = {}): string {
  const dir = mkdtempSync(join(tmpdir(), 'leash-vitest-'));
  cpSync(FIXTURE, dir, { recursive: true });
  // The jsdom/happy-dom files: where the vitest under test can load those environments.
  if (options.domTests) cpSync(join(__dirname, 'fixtures/dom'), join(dir, 'tests'), { recursive: true });
  const nodeModules = join(dir, 'node_modules');
  mkdirSync(nodeModules);
  cpSync(join(dir, 'fake-lib'), join(nodeModules, 'fake-lib'), { recursive: true });
  rmSync(join(dir, 'fake-lib'), { recursive: true });
  // A copy, not a link: leash's setup file must resolve `vitest` from the project, as it does when installed.
  const leash = join(nodeModules, 'leash');
  mkdirSync(leash);
  cpSync(join(REPO, 'dist'), join(leash, 'dist'), { recursive: true });
  cpSync(join(REPO, 'package.json'), join(leash, 'package.json'));
  // Shipped beside dist (package.json "files"): vitest 5 reads the setup file's source map.
  cpSync(join(REPO, 'vitest/setup.mts'), join(leash, 'vitest/setup.mts'));
  const { dependencies = {} } = JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8')) as { dependencies?: Record<string, string> };
  const links = new Set([...Object.keys(dependencies).map((name) => name.split('/')[0]!), '@types', 'typescript']);
  for (const name of links) symlinkSync(join(REPO, 'node_modules', name), join(nodeModules, name), 'dir');
  for (const [name, folder] of Object.entries(modules)) symlinkSync(folder, join(nodeModules, name), 'dir');
  return dir;
}

export function markers(dir: string): Map<string, Marker> {
  const out = new Map<string, Marker>();
  const visit = (folder: string): void => {
    for (const entry of readdirSync(folder, { withFileTypes: true })) {
      const path = join(folder, entry.name);
      if (entry.isDirectory()) {
        if (entry.name !== 'node_modules' || folder === dir) visit(path);
        continue;
      }
      if (!/\.[jt]s$/.test(entry.name)) continue;
      readFileSync(path, 'utf8')
        .split('\n')
        .forEach((text, index) => {
          const match = /\/\/ @leak (\w+) ([\w-]+)/.exec(text);
          if (match !== null) out.set(match[2]!, { id: match[2]!, kind: match[1]!, file: relative(dir, path).replace(/\\/g, '/'), line: index + 1 });
        });
    }
  };
  visit(dir);
  return out;
}

/** Runs `node <vitest.mjs> run` in `dir` with a JSON report; never rejects. */
export function runVitest(dir: string, options: { node?: string; vitest: string; config?: string; args?: string[]; timeoutMs?: number }): Promise<Run> {
  const started = Date.now();
  const out = join(dir, 'report.json');
  const args = [options.vitest, 'run', '--config', options.config ?? 'vitest.config.mjs', '--reporter=default', '--reporter=json', `--outputFile.json=${out}`, ...(options.args ?? [])];
  return new Promise((done) => {
    execFile(
      options.node ?? process.execPath,
      args,
      { cwd: dir, timeout: options.timeoutMs ?? 400_000, maxBuffer: 64 << 20, env: { ...process.env, LEASH_MODE: '', LEASH_STACKS: '', NO_COLOR: '1', FORCE_COLOR: '0', CI: '1' } },
      (_error, stdout, stderr) => {
        let report: JsonReport | undefined;
        try {
          report = JSON.parse(readFileSync(out, 'utf8')) as JsonReport;
        } catch {
          report = undefined;
        }
        const files = new Map<string, FileResult>();
        for (const file of report?.testResults ?? []) files.set(relative(dir, file.name).replace(/\\/g, '/'), file);
        done({ dir, report, output: `${stdout}\n${stderr}`, seconds: (Date.now() - started) / 1000, files });
      },
    );
  });
}

/** Every test of the run, with the file it is in. */
export function allTests(run: Run): Array<AssertionResult & { file: string }> {
  return [...run.files].flatMap(([file, result]) => result.assertionResults.map((test) => ({ ...test, file })));
}

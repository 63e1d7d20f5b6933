/**
 * The built CLI (dist/cli/leash.js, built by `pretest`) against temporary copies of fixtures.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { globSync } from 'tinyglobby';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { transformNames } from '../../codemods/names';
import { FIXTURES } from './fixtures';

const ROOT = path.resolve(__dirname, '../..');
const CLI = path.join(ROOT, 'dist/cli/leash.js');

interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
}

function leash(cwd: string, ...args: string[]): Run {
  const res = spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8' });
  return { status: res.status, stdout: res.stdout, stderr: res.stderr };
}

function git(cwd: string, ...args: string[]): void {
  const res = spawnSync('git', ['-c', 'user.email=test@example.com', '-c', 'user.name=test', '-c', 'commit.gpgsign=false', ...args], { cwd, encoding: 'utf8' });
  if (res.status !== 0) throw new Error(`git ${args.join(' ')}: ${res.stderr}`);
}

/** A temp project with a few fixture inputs under src/, plus files that must be ignored. */
function project(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'leash-cli-'));
  const src = path.join(dir, 'src');
  fs.mkdirSync(src);
  const copy = (from: string, to: string) => fs.copyFileSync(path.join(FIXTURES, from), path.join(src, to));
  copy('bounded-concurrency/map-async-callback.input.ts', 'users.ts');
  copy('bounded-concurrency/skip-array-argument.input.ts', 'compare.ts');
  copy('sleep-signal/resolve-reference.input.ts', 'retry.ts');
  copy('race-timeout/reject-after-timeout.input.ts', 'report.ts');
  copy('listener-signal/tsx-component.input.tsx', 'resizer.tsx');
  copy('bounded-concurrency/modern-syntax.input.ts', 'modern.ts');
  fs.writeFileSync(path.join(src, 'assertion.ts'), 'export const n = <number>(<unknown>"1".length);\nexport const all = (xs: number[]) => Promise.all(xs.map((x) => Promise.resolve(x)));\n');
  fs.writeFileSync(path.join(src, 'legacy.jsx'), 'export const el = <div>{[1].map((x) => x)}</div>;\nexport const wait = (ms) => new Promise((r) => setTimeout(r, ms));\n');
  fs.writeFileSync(path.join(src, 'types.d.ts'), 'export declare function f(): Promise<void>;\n');
  // sleep-signal adds an import line above; thread-signal must still report line 2 of this file.
  fs.writeFileSync(path.join(src, 'top.ts'), "export const wait = (ms: number) => new Promise((r) => setTimeout(r, ms));\nexport const page = fetch('https://example.com/');\n");
  for (const ignored of ['node_modules/pkg', 'dist', 'build']) {
    fs.mkdirSync(path.join(dir, ignored), { recursive: true });
    fs.writeFileSync(path.join(dir, ignored, 'index.ts'), 'export const x = (xs: string[]) => Promise.all(xs.map(async (s) => s));\n');
  }
  return dir;
}

/** Every file under `dir` (dot-files too, .git aside) and its text. */
function snapshot(dir: string): Map<string, string> {
  const files = globSync('**', { cwd: dir, dot: true, ignore: ['.git/**'] }).sort();
  return new Map(files.map((f) => [f, fs.readFileSync(path.join(dir, f), 'utf8')]));
}

const dirs: string[] = [];
function fresh(): string {
  const dir = project();
  dirs.push(dir);
  return dir;
}

afterAll(() => {
  for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
});

describe('leash codemod: arguments', () => {
  let dir: string;
  beforeAll(() => {
    dir = fresh();
  }, 120_000);

  it('rejects an unknown transform, listing the valid ones, before writing anything', () => {
    const before = snapshot(dir);
    const run = leash(dir, 'codemod', 'bounded', 'src');
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('unknown transform "bounded"');
    for (const name of ['all', ...transformNames]) expect(run.stderr).toContain(name);
    expect(snapshot(dir)).toEqual(before);
  }, 120_000);

  it('rejects a missing path (even next to a valid one) before writing anything', () => {
    const before = snapshot(dir);
    const run = leash(dir, 'codemod', 'all', 'src', 'nope');
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('nope: no such file or directory');
    expect(run.stderr).toContain('Nothing was changed');
    expect(snapshot(dir)).toEqual(before);
  }, 120_000);

  it('rejects a bad --limit', () => {
    const run = leash(dir, 'codemod', 'all', 'src', '--limit', '0', '--dry');
    expect(run.status).not.toBe(0);
    expect(run.stderr).toContain('expected an integer from 1 up');
  }, 120_000);

  it('lists the transforms in --help', () => {
    const run = leash(dir, 'codemod', '--help');
    expect(run.status).toBe(0);
    for (const name of transformNames) expect(run.stdout).toContain(name);
  }, 120_000);
});

describe('leash codemod: dry run, print, json', () => {
  let dir: string;
  beforeAll(() => {
    dir = fresh();
  }, 120_000);

  it('--dry prints a unified diff and a summary, and writes nothing', () => {
    const before = snapshot(dir);
    const run = leash(dir, 'codemod', 'bounded-concurrency', 'src', '--dry');
    expect(run.status).toBe(0);
    expect(run.stdout).toContain('--- a/src/users.ts');
    expect(run.stdout).toContain('+++ b/src/users.ts');
    expect(run.stdout).toMatch(/^\+.*\/\* leash-codemod \*\/ mapLimit\(ids, 8, async \(id, i\) => \{$/m);
    expect(run.stdout).toContain('(dry run: nothing written)');
    expect(run.stdout).toMatch(/src\/compare\.ts:5 {2}bounded-concurrency\/uses-array-argument: /);
    expect(snapshot(dir)).toEqual(before);
  }, 120_000);

  it('--json gives totals, counts per transform, every match not migrated, and the diffs', () => {
    const run = leash(dir, 'codemod', ['all', 'bounded-concurrency'].join(','), 'src', '--dry', '--json');
    expect(run.status).toBe(0);
    const out = JSON.parse(run.stdout);
    // `all` leaves out bounded-concurrency (it changes scheduling): asked for by name here.
    expect(JSON.parse(leash(dir, 'codemod', 'all', 'src/users.ts', '--dry', '--json').stdout).transforms).not.toContain('bounded-concurrency');
    // 9 sources: users, compare, retry, report, resizer.tsx, modern, assertion, legacy.jsx, top (the .d.ts and ignored folders are not).
    expect(out.totals).toEqual({ files: 9, changed: 8, unchanged: 0, skipped: 1, failed: 0 });
    expect(out.perTransform['bounded-concurrency']).toMatchObject({ changed: 3, migrated: 4, notMigrated: 3 });
    expect(out.perTransform['sleep-signal']).toMatchObject({ changed: 3, migrated: 4 });
    expect(out.notMigrated.filter((m: any) => m.id === 'no-enclosing-function').map((m: any) => `${m.file}:${m.line}`)).toEqual(['src/top.ts:2']);
    expect(out.perTransform['race-timeout']).toMatchObject({ changed: 1, migrated: 2 });
    expect(out.perTransform['listener-signal']).toMatchObject({ changed: 1, migrated: 1 });
    expect(out.notMigrated.filter((m: any) => m.transform === 'bounded-concurrency').map((m: any) => `${m.file}:${m.line} ${m.id}`)).toEqual([
      'src/compare.ts:5 uses-array-argument',
      'src/compare.ts:9 uses-arguments',
      'src/compare.ts:15 rest-parameter',
    ]);
    const files = new Map(out.files.map((f: any) => [f.file, f]));
    expect((files.get('src/assertion.ts') as any).diff).toContain('+export const all = (xs: number[]) => /* leash-codemod */ mapLimit(xs, 8, (x) => Promise.resolve(x));');
    expect((files.get('src/legacy.jsx') as any).status).toBe('changed');
    expect([...files.keys()].some((f) => /node_modules|dist|build|\.d\.ts/.test(f as string))).toBe(false);
  }, 120_000);

  it('--print prints each changed file, writes nothing, and sends the summary to stderr', () => {
    const before = snapshot(dir);
    const run = leash(dir, 'codemod', 'sleep-signal', 'src/retry.ts', '--print');
    expect(run.status).toBe(0);
    expect(run.stdout).toContain('==> src/retry.ts <==');
    expect(run.stdout).toContain("/* leash-codemod */ import { sleep } from 'leash';");
    expect(run.stderr).toContain('leash codemod sleep-signal: 1 file — 1 changed');
    expect(snapshot(dir)).toEqual(before);
  }, 120_000);

  it('--limit sets the limit written into mapLimit', () => {
    const run = leash(dir, 'codemod', 'bounded-concurrency', 'src/users.ts', '--dry', '--limit', '3');
    expect(run.stdout).toContain('mapLimit(ids, 3, async (id, i) => {');
  }, 120_000);
});

describe('leash codemod: writing', () => {
  it('refuses files with uncommitted changes unless --force, then writes; a second run changes nothing', () => {
    const dir = fresh();
    git(dir, 'init', '-q');
    const before = snapshot(dir);
    const refused = leash(dir, 'codemod', 'bounded-concurrency', 'src');
    expect(refused.status).toBe(1);
    expect(refused.stderr).toContain('refusing to rewrite files with uncommitted changes');
    expect(refused.stderr).toContain('src/users.ts');
    expect(snapshot(dir)).toEqual(before);

    git(dir, 'add', '-A');
    git(dir, 'commit', '-q', '-m', 'fixtures');
    const run = leash(dir, 'codemod', 'bounded-concurrency', 'src');
    expect(run.status).toBe(0);
    expect(run.stdout).toContain('3 changed');
    expect(fs.readFileSync(path.join(dir, 'src/users.ts'), 'utf8')).toBe(fs.readFileSync(path.join(FIXTURES, 'bounded-concurrency/map-async-callback.output.ts'), 'utf8'));
    expect(fs.readFileSync(path.join(dir, 'node_modules/pkg/index.ts'), 'utf8')).not.toContain('leash-codemod');
    // No temporary files left from the atomic writes.
    expect([...snapshot(dir).keys()].filter((f) => f.includes('.tmp'))).toEqual([]);

    const again = leash(dir, 'codemod', 'bounded-concurrency', 'src', '--force');
    expect(again.status).toBe(0);
    expect(again.stdout).toContain('0 changed');
  }, 120_000);

  it('leaves a file that fails untouched, writes the others, and exits 1', () => {
    const dir = fresh();
    const broken = 'export const f = (xs: string[]) => Promise.all(xs.map(async (x) => x)\n';
    fs.writeFileSync(path.join(dir, 'src/broken.ts'), broken);
    const run = leash(dir, 'codemod', 'bounded-concurrency', 'src', '--force');
    expect(run.status).toBe(1);
    expect(run.stdout).toMatch(/Failed, left untouched \(1\):\n {2}src\/broken\.ts {2}.+/);
    expect(fs.readFileSync(path.join(dir, 'src/broken.ts'), 'utf8')).toBe(broken);
    expect(fs.readFileSync(path.join(dir, 'src/users.ts'), 'utf8')).toContain('mapLimit');
    // --json keeps its shape for scripts, and the exit code says the same.
    const json = leash(dir, 'codemod', 'bounded-concurrency', 'src', '--force', '--json', '--fail-on-error');
    expect(json.status).toBe(1);
    expect(JSON.parse(json.stdout).failures).toEqual([expect.objectContaining({ file: 'src/broken.ts' })]);
  }, 120_000);

  it('runs many files through the worker processes with the same result as in-band', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'leash-cli-pool-'));
    dirs.push(dir);
    const source = fs.readFileSync(path.join(FIXTURES, 'bounded-concurrency/push-loop.input.ts'), 'utf8');
    for (let i = 0; i < 500; i++) fs.writeFileSync(path.join(dir, `f${i}.ts`), source);
    const pooled = JSON.parse(leash(dir, 'codemod', 'bounded-concurrency', '.', '--dry', '--json').stdout);
    const inBand = JSON.parse(leash(dir, 'codemod', 'bounded-concurrency', '.', '--dry', '--json', '--run-in-band').stdout);
    expect(pooled.totals).toEqual({ files: 500, changed: 500, unchanged: 0, skipped: 0, failed: 0 });
    expect(pooled.perTransform).toEqual(inBand.perTransform);
    expect(pooled.files.map((f: any) => f.diff)).toEqual(inBand.files.map((f: any) => f.diff));
  }, 120_000);
});

describe('leash codemod: configuration and scope of a run', () => {
  it('refuses an unreadable --tsconfig (exit 2) before writing anything', () => {
    const dir = fresh();
    const before = snapshot(dir);
    const missing = leash(dir, 'codemod', 'all', 'src', '--force', '--tsconfig', 'nope.json');
    expect(missing.status).toBe(2);
    expect(missing.stderr).toContain('nope.json does not exist');
    fs.writeFileSync(path.join(dir, 'tsconfig.json'), '{ "compilerOptions": { "target": "es2099" } }');
    const broken = leash(dir, 'codemod', 'thread-signal', 'src', '--force');
    expect(broken.status).toBe(2);
    expect(broken.stderr).toContain('cannot read tsconfig');
    expect(broken.stderr).toContain('Nothing was changed');
    fs.rmSync(path.join(dir, 'tsconfig.json'));
    expect(snapshot(dir)).toEqual(before);
  }, 120_000);

  it('on a TypeScript 7 project, thread-signal reads types with the classic TypeScript beside it and makes the same edits as on TypeScript 6', () => {
    /** A project of thread-signal fixtures whose node_modules/typescript (and typescript6 alias) link to `links`; the --dry --json report. */
    const run = (links: Record<string, string>): { status: number | null; report: { files: Array<{ file: string; status: string; diff?: string }>; notes: string[] } } => {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'leash-cli-ts7-'));
      dirs.push(dir);
      fs.mkdirSync(path.join(dir, 'src'));
      for (const name of ['fetch-chain', 'options-object', 'read-file-encoding', 'scope-source', 'methods-and-arrows', 'skip-no-signal-source']) {
        fs.copyFileSync(path.join(FIXTURES, `thread-signal/${name}.input.ts`), path.join(dir, 'src', `${name}.ts`));
      }
      fs.mkdirSync(path.join(dir, 'node_modules'));
      const all = { ...links, '@types': path.join(ROOT, 'node_modules/@types'), leash: ROOT };
      for (const [name, target] of Object.entries(all)) fs.symlinkSync(target, path.join(dir, 'node_modules', name), 'dir');
      fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name: 'app', private: true, type: 'module', dependencies: { leash: '*' } }));
      const compilerOptions = { target: 'es2022', module: 'nodenext', strict: true, skipLibCheck: true, types: ['node'], noEmit: true };
      fs.writeFileSync(path.join(dir, 'tsconfig.json'), JSON.stringify({ compilerOptions, include: ['src'] }));
      const result = leash(dir, 'codemod', 'thread-signal', 'src', '--dry', '--json');
      return { status: result.status, report: JSON.parse(result.stdout || '{}') };
    };
    const classic = path.join(ROOT, 'node_modules/typescript');
    const ts6 = run({ typescript: classic });
    expect(ts6.status).toBe(0);
    const changed = ts6.report.files.filter((f) => f.status === 'changed');
    expect(changed.length).toBeGreaterThanOrEqual(4);
    // 7.0 with the alias the README's TypeScript 7 setup installs; 7.1 with none (leash's own classic TypeScript).
    const cases = [
      [path.join(ROOT, 'test/compat/ts7/node_modules/typescript'), { typescript6: classic }, /typescript 7\.0\.\d+ has no compiler API in-process; types read with TypeScript 6\.\S+ \(typescript6\)/],
      [path.join(ROOT, 'test/compat/ts71/node_modules/typescript'), {}, /typescript 7\.1\.\S+ has no compiler API in-process; types read with TypeScript 6\.\S+ \(as leash resolves it\)/],
    ] as const;
    for (const [typescript, alias, note] of cases) {
      const ts7 = run({ typescript, ...alias });
      expect(ts7.status).toBe(0);
      expect(ts7.report.files).toEqual(ts6.report.files);
      expect(ts7.report.notes.join('\n')).toMatch(note);
    }
  }, 120_000);

  it('--exclude leaves files out; thread-signal leaves test files alone unless --include-tests', () => {
    const dir = fresh();
    fs.mkdirSync(path.join(dir, 'src/legacy'));
    fs.copyFileSync(path.join(FIXTURES, 'sleep-signal/resolve-reference.input.ts'), path.join(dir, 'src/legacy/old.ts'));
    const excluded = JSON.parse(leash(dir, 'codemod', 'sleep-signal', 'src', '--dry', '--json', '--exclude', 'src/legacy').stdout);
    expect(excluded.files.map((f: any) => f.file)).not.toContain('src/legacy/old.ts');
    const glob = JSON.parse(leash(dir, 'codemod', 'sleep-signal', 'src', '--dry', '--json', '--exclude', '**/retry.ts').stdout);
    expect(glob.files.map((f: any) => f.file)).not.toContain('src/retry.ts');

    const test = 'export async function check(url: string, signal: AbortSignal) {\n  return fetch(url);\n}\n';
    fs.writeFileSync(path.join(dir, 'src/api.test.ts'), test);
    const byDefault = JSON.parse(leash(dir, 'codemod', 'thread-signal', 'src', '--dry', '--json').stdout);
    expect(byDefault.files.find((f: any) => f.file === 'src/api.test.ts').status).toBe('unchanged');
    const included = JSON.parse(leash(dir, 'codemod', 'thread-signal', 'src', '--dry', '--json', '--include-tests').stdout);
    expect(included.files.find((f: any) => f.file === 'src/api.test.ts').diff).toContain('fetch(url, /* leash-codemod */ { signal })');
  }, 120_000);

  it('adds leash to the nearest package.json when it adds an import of it (and says so on --dry)', () => {
    const dir = fresh();
    const pkg = path.join(dir, 'package.json');
    fs.writeFileSync(pkg, '{\n    "name": "app",\n    "dependencies": {\n        "zod": "^3.0.0"\n    }\n}\n');
    git(dir, 'init', '-q');
    git(dir, 'add', '.');
    git(dir, 'commit', '-qm', 'init');
    const dry = leash(dir, 'codemod', 'sleep-signal', 'src', '--dry');
    expect(dry.stdout).toContain('package.json: would add leash to dependencies');
    expect(JSON.parse(fs.readFileSync(pkg, 'utf8')).dependencies).toEqual({ zod: '^3.0.0' });
    const run = leash(dir, 'codemod', 'sleep-signal', 'src');
    expect(run.status, run.stderr).toBe(0);
    const text = fs.readFileSync(pkg, 'utf8');
    expect(JSON.parse(text).dependencies).toEqual({ leash: expect.stringMatching(/^\^\d/), zod: '^3.0.0' });
    expect(text).toContain('\n    "dependencies"'); // its indentation kept
  }, 120_000);

  it('adds leash to devDependencies when only test files now import it', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'leash-cli-dev-'));
    dirs.push(dir);
    fs.mkdirSync(path.join(dir, 'test'));
    fs.writeFileSync(path.join(dir, 'package.json'), '{ "name": "lib", "devDependencies": { "vitest": "^4.0.0" } }\n');
    fs.copyFileSync(path.join(FIXTURES, 'sleep-signal/resolve-reference.input.ts'), path.join(dir, 'test/retry.test.ts'));
    const run = leash(dir, 'codemod', 'sleep-signal', 'test', '--force');
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toContain('package.json: added leash to devDependencies in package.json');
    const pkg = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8'));
    expect(pkg.devDependencies).toEqual({ leash: expect.stringMatching(/^\^\d/), vitest: '^4.0.0' });
    expect(pkg.dependencies).toBeUndefined();
  }, 120_000);
});

describe('leash codemod: what a user sees when something fails, and while it runs', () => {
  const withEnv = (cwd: string, env: Record<string, string>, ...args: string[]): Run => {
    const res = spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8', env: { ...process.env, ...env } });
    return { status: res.status, stdout: res.stdout, stderr: res.stderr };
  };

  it('a write that fails exits 1, says which file and why, and leaves that file as it was; the others are written', () => {
    const dir = fresh();
    const source = fs.readFileSync(path.join(FIXTURES, 'sleep-signal/resolve-reference.input.ts'), 'utf8');
    let failing: string;
    if (process.getuid?.() !== 0) {
      // EACCES: the folder is read-only, so neither the temporary file nor the rename can happen.
      fs.mkdirSync(path.join(dir, 'src/locked'));
      failing = path.join(dir, 'src/locked/retry.ts');
      fs.writeFileSync(failing, source);
      fs.chmodSync(path.dirname(failing), 0o555);
    } else {
      // As root a read-only folder is writable; a name whose temporary sibling is too long fails the same way.
      failing = path.join(dir, 'src', `${'r'.repeat(246)}.ts`);
      fs.writeFileSync(failing, source);
    }
    try {
      const run = leash(dir, 'codemod', 'sleep-signal', 'src', '--force');
      expect(run.status).toBe(1);
      expect(run.stdout).toMatch(new RegExp(`Failed, left untouched \\(1\\):\\n {2}src/.*${path.basename(failing).slice(0, 20)}.*write failed: (EACCES|ENAMETOOLONG)`));
      expect(fs.readFileSync(failing, 'utf8')).toBe(source);
      expect(fs.readFileSync(path.join(dir, 'src/retry.ts'), 'utf8')).toContain('leash-codemod'); // the others are written
      expect(fs.readdirSync(path.dirname(failing)).filter((f) => f.includes('.tmp'))).toEqual([]);
    } finally {
      fs.chmodSync(path.dirname(failing), 0o755);
    }
  }, 120_000);

  it('a transform that throws on every file exits 1 and writes none of them', () => {
    const dir = fresh();
    // A compiler whose createProgram throws: thread-signal fails for the whole project.
    const broken = path.join(dir, 'node_modules/broken-typescript');
    fs.mkdirSync(broken, { recursive: true });
    fs.writeFileSync(path.join(broken, 'package.json'), JSON.stringify({ name: 'broken-typescript', version: '1.0.0', main: 'index.js' }));
    fs.writeFileSync(
      path.join(broken, 'index.js'),
      `const ts = require(${JSON.stringify(require.resolve('typescript'))});\nmodule.exports = { ...ts, createProgram() { throw new Error('compiler crashed'); } };\n`,
    );
    const before = snapshot(dir);
    const run = leash(dir, 'codemod', 'all', 'src', '--force', '--json', '--typescript', 'broken-typescript');
    expect(run.status).toBe(1);
    const out = JSON.parse(run.stdout);
    expect(out.totals.failed).toBe(out.totals.files);
    expect(out.failures.every((f: any) => f.transform === 'thread-signal' && f.message.includes('compiler crashed'))).toBe(true);
    expect(snapshot(dir)).toEqual(before);
  }, 120_000);

  it('a --tsconfig that is not JSON, or not a file, exits 2 with a clear message and changes nothing', () => {
    const dir = fresh();
    fs.writeFileSync(path.join(dir, 'broken.json'), '{ "compilerOptions": { "strict": true, }');
    const before = snapshot(dir);
    const malformed = leash(dir, 'codemod', 'all', 'src', '--force', '--tsconfig', 'broken.json');
    expect(malformed.status).toBe(2);
    expect(malformed.stderr).toMatch(/leash codemod: .*broken\.json/);
    expect(malformed.stderr).toContain('Nothing was changed');
    const folder = leash(dir, 'codemod', 'all', 'src', '--force', '--tsconfig', 'src');
    expect(folder.status).toBe(2);
    expect(folder.stderr).toMatch(/leash codemod: .*src/);
    expect(folder.stderr).not.toMatch(/\n\s+at /); // a message, not a stack trace
    expect(snapshot(dir)).toEqual(before);
  }, 120_000);

  it('shows a progress line on a run longer than the threshold, never with --json, and --json keeps its keys', () => {
    const dir = fresh();
    const env = { LEASH_PROGRESS_AFTER_MS: '20' }; // instead of two seconds, so the run need not be long
    const plain = withEnv(dir, env, 'codemod', 'all', 'src', '--dry');
    expect(plain.status).toBe(0);
    expect(plain.stderr).toMatch(/^leash codemod: (transforming|thread-signal: type-checking and planning \d+ files)/m);
    const json = withEnv(dir, env, 'codemod', 'all', 'src', '--dry', '--json');
    expect(json.status).toBe(0);
    expect(json.stderr).toBe('');
    const out = JSON.parse(json.stdout);
    // The shape scripts read (README: "--json keeps its shape"); a new key is a change to announce.
    expect(Object.keys(out)).toEqual(['command', 'transforms', 'dry', 'limit', 'elapsedMs', 'totals', 'perTransform', 'notMigrated', 'failures', 'files', 'notes']);
    expect(Object.keys(out.totals)).toEqual(['files', 'changed', 'unchanged', 'skipped', 'failed']);
    expect(Object.keys(out.perTransform['thread-signal'])).toEqual(['changed', 'migrated', 'notMigrated', 'failed']);
    expect(Object.keys(out.notMigrated[0])).toEqual(['file', 'line', 'transform', 'id', 'message']);
    expect(Object.keys(out.files.find((f: any) => f.status === 'changed'))).toEqual(['file', 'status', 'diff']);
    // Without the override, a short run shows none.
    expect(leash(dir, 'codemod', 'sleep-signal', 'src/retry.ts', '--dry').stderr).toBe('');
  }, 120_000);
});

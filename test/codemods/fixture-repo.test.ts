/**
 * The proof on a small service (test/codemods/fixture-repo, with its own node:test tests): after
 * `leash codemod all src`, `tsc --noEmit` passes, its tests pass, and the metrics its tests record
 * show the former unbounded fan-outs peaking at the limit, no timer left behind by the timeout, and
 * no listener left after its signal aborted.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ROOT = path.resolve(__dirname, '../..');
const TSC = path.join(ROOT, 'node_modules/typescript/bin/tsc');
const CLI = path.join(ROOT, 'dist/cli/leash.js');

function run(cwd: string, args: string[], env: Record<string, string> = {}) {
  const res = spawnSync(process.execPath, args, { cwd, encoding: 'utf8', env: { ...process.env, ...env } });
  return { status: res.status, out: `${res.stdout}${res.stderr}`, stdout: res.stdout };
}

/**
 * Emits the copy (without type-checking: `tsc --noEmit` does that separately) and runs its
 * tests; returns the metrics they recorded.
 */
function buildAndTest(dir: string, label: string): Record<string, number> {
  const build = run(dir, [TSC, '-p', '.', '--noCheck']);
  expect(build.out, `tsc build (${label})`).toBe('');
  expect(build.status).toBe(0);
  const metrics = path.join(dir, `metrics-${label}.json`);
  const test = run(dir, ['--test', '--test-reporter=tap', 'build/test/service.spec.js'], { METRICS_FILE: metrics });
  expect(test.status, test.out).toBe(0);
  expect(test.out).toContain('# fail 0');
  return JSON.parse(fs.readFileSync(metrics, 'utf8')) as Record<string, number>;
}

describe('leash codemod all on the fixture repo', () => {
  let dir: string;
  let before: Record<string, number>;

  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'leash-fixture-repo-'));
    fs.cpSync(path.join(__dirname, 'fixture-repo'), dir, { recursive: true });
    // `leash` resolves to this checkout (its dist/ is built by pretest), types to ours.
    fs.mkdirSync(path.join(dir, 'node_modules'));
    fs.symlinkSync(ROOT, path.join(dir, 'node_modules/leash'), 'dir');
    fs.symlinkSync(path.join(ROOT, 'node_modules/@types'), path.join(dir, 'node_modules/@types'), 'dir');
  });

  afterAll(() => {
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('before: builds, passes its tests, and fans out without a bound', () => {
    before = buildAndTest(dir, 'before');
    expect(before['loadUsersPeak']).toBe(40);
    expect(before['renderReportsPeak']).toBe(36);
    expect(before['timersLeftByDeadline']).toBe(1);
    expect(before['messagesAfterAbort']).toBe(1);
    expect(before['watchingMessagesAfterAbort']).toBe(1);
  }, 60_000);

  it('all migrates what it can stand behind and reports the rest; bounded-concurrency runs by name', () => {
    const res = run(dir, [CLI, 'codemod', 'all', 'src', '--json']);
    expect(res.status, res.out).toBe(0);
    const summary = JSON.parse(res.stdout);
    expect(summary.totals).toEqual({ files: 7, changed: 2, unchanged: 3, skipped: 2, failed: 0 });
    expect(summary.notMigrated.map((m: any) => `${m.file}:${m.line} ${m.transform}/${m.id}`)).toEqual([
      'src/events.ts:15 listener-signal/no-signal-in-scope', // loadWatching has no signal to give it
      'src/poll.ts:5 sleep-signal/checks-aborted', // waitUntil returns false on abort: a throwing sleep would break that
      'src/users.ts:12 thread-signal/deferred-callback', // inside a callback handed to track()
    ]);
    const migrated = Object.fromEntries(Object.entries(summary.perTransform).map(([k, v]: [string, any]) => [k, v.migrated]));
    expect(migrated).toEqual({ 'race-timeout': 1, 'sleep-signal': 0, 'listener-signal': 1, 'thread-signal': 0 });
    // The import it added is listed where the package says what it needs.
    expect(JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8')).dependencies).toHaveProperty('leash');

    const bounded = run(dir, [CLI, 'codemod', 'bounded-concurrency', 'src', '--json', '--force']);
    expect(bounded.status, bounded.out).toBe(0);
    expect(JSON.parse(bounded.stdout).perTransform['bounded-concurrency']).toMatchObject({ changed: 2, migrated: 2, notMigrated: 0 });
    expect(fs.readFileSync(path.join(dir, 'src/users.ts'), 'utf8')).toContain('mapLimit(ids, 8, (id) => loadUser(id))');
  }, 60_000);

  it('after: tsc --noEmit passes', () => {
    const check = run(dir, [TSC, '-p', '.', '--noEmit']);
    expect(check.out).toBe('');
    expect(check.status).toBe(0);
  }, 60_000);

  it('after: its tests pass, fan-outs peak at the limit, nothing is left behind', () => {
    const after = buildAndTest(dir, 'after');
    expect(after['loadUsersPeak']).toBe(8);
    expect(after['renderReportsPeak']).toBe(8);
    expect(after['timersLeftByDeadline']).toBe(0);
    expect(after['messagesAfterAbort']).toBe(0);
    expect(after['watchingMessagesAfterAbort']).toBe(1); // reported, not migrated: no signal in scope
    // waitUntil still finishes its wait and returns false (its own test asserts the false).
    expect(after['abortedWaitMs']).toBeGreaterThanOrEqual(150);
  }, 60_000);

  it('a second run changes nothing', () => {
    for (const transforms of ['all', 'bounded-concurrency']) {
      const res = run(dir, [CLI, 'codemod', transforms, 'src', '--json', '--force']);
      expect(res.status, res.out).toBe(0);
      expect(JSON.parse(res.stdout).totals).toMatchObject({ changed: 0, failed: 0 });
    }
  }, 60_000);
});

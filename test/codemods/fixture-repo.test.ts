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

  it('the codemod migrates every file it should, and reports nothing it could not do', () => {
    const res = run(dir, [CLI, 'codemod', 'all', 'src', '--json']);
    expect(res.status, res.out).toBe(0);
    const summary = JSON.parse(res.stdout);
    expect(summary.totals).toEqual({ files: 7, changed: 5, unchanged: 2, skipped: 0, failed: 0 });
    expect(summary.notMigrated).toEqual([]);
    const migrated = Object.fromEntries(Object.entries(summary.perTransform).map(([k, v]: [string, any]) => [k, v.migrated]));
    // listener-signal: one listener had a signal in scope; the other gets the one thread-signal adds.
    expect(migrated).toEqual({ 'race-timeout': 1, 'sleep-signal': 1, 'bounded-concurrency': 2, 'listener-signal': 2, 'thread-signal': 7 });
    const users = fs.readFileSync(path.join(dir, 'src/users.ts'), 'utf8');
    expect(users).toContain('mapLimit(ids, 8, (id) => loadUser(id, /* leash-codemod */ signal), /* leash-codemod */ { signal })');
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
    expect(after['watchingMessagesAfterAbort']).toBe(0);
    // The aborted wait now ends at the abort (20 ms) instead of after its 200 ms sleep.
    expect(after['abortedWaitMs']).toBeLessThan(before['abortedWaitMs']!);
  }, 60_000);

  it('a second run changes nothing', () => {
    const res = run(dir, [CLI, 'codemod', 'all', 'src', '--json']);
    expect(res.status, res.out).toBe(0);
    expect(JSON.parse(res.stdout).totals).toMatchObject({ changed: 0, failed: 0 });
  }, 60_000);
});

/**
 * What a run of the fixture project with `leash/vitest` must show, whatever vitest runs it: each
 * leaking test (`[id]` in its name) fails with the kind and `file:line` of its `// @leak kind id`
 * marker; each control (`ok: ...`) passes; the file whose beforeAll leaks fails at the file level.
 */
import { expect, it } from 'vitest';
import { allTests, markers, type Marker, type Run } from './harness';

export function leakRunChecks(run: () => Run): void {
  it('ran every fixture file', () => {
    const { report, output } = run();
    expect(report, output.slice(-3000)).toBeDefined();
    expect(run().files.size).toBeGreaterThanOrEqual(25);
  });

  it('fails each leaking test with the kind and file:line:col of the line that started it', () => {
    const found = markers(run().dir);
    const leaking = allTests(run()).filter((test) => /\[[\w-]+\]$/.test(test.title));
    expect(leaking.length).toBeGreaterThanOrEqual(13);
    for (const test of leaking) {
      const id = /\[([\w-]+)\]$/.exec(test.title)![1]!;
      const marker = found.get(id);
      expect(marker, `no // @leak marker for [${id}]`).toBeDefined();
      expect(test.status, `${test.file} > ${test.title}`).toBe('failed');
      const message = test.failureMessages.join('\n');
      expect(message).toContain('[leash] this test left 1 resource alive');
      expect(message).toMatch(siteLine(marker!));
      expect(message).toContain(`scope root/${test.file}/`);
    }
  });

  it('names the test that leaked, not its concurrent sibling', () => {
    const tests = allTests(run()).filter((test) => test.file === 'tests/leak-concurrent.test.ts');
    expect(tests.map((test) => [test.title.slice(0, 5), test.status])).toEqual([
      ['leaks', 'failed'],
      ['ok: r', 'passed'],
    ]);
    expect(tests[0]!.failureMessages.join('\n')).toContain('scope root/tests/leak-concurrent.test.ts/concurrent tests/leaks while a sibling');
  });

  it('reports a fake timer still pending as such, and passes fake timers that ran out or were cleared', () => {
    const tests = allTests(run()).filter((test) => /fake/.test(test.file));
    const leak = tests.find((test) => test.title.includes('[fake]'))!;
    expect(leak.failureMessages.join('\n')).toContain('timeout (fake timer, still pending)');
    // Two files install their clock in each test; one once, at its top (vi.clearAllTimers() in afterEach drops its timers).
    expect(tests.filter((test) => test.title.startsWith('ok')).map((test) => `${test.file} > ${test.status}`)).toEqual([
      'tests/leak-fake-timer-module.test.ts > passed',
      'tests/leak-fake-timer.test.ts > passed',
      'tests/ok-fake-timers.test.ts > passed',
      'tests/ok-fake-timers.test.ts > passed',
    ]);
    const module = tests.find((test) => test.title.includes('[fake-module]'))!;
    expect(module.failureMessages.join('\n')).toContain('timeout (fake timer, still pending)');
  });

  it('passes every control', () => {
    const controls = allTests(run()).filter((test) => test.title.startsWith('ok'));
    expect(controls.length).toBeGreaterThanOrEqual(18);
    for (const test of controls) expect(test.status, `${test.file} > ${test.title}\n${test.failureMessages.join('\n')}`).toBe('passed');
  });

  it('never says "never looked" of a worker whose modules leash planned and left as they were', () => {
    expect(run().files.get('tests/ok-nothing-to-rewrite.test.ts')!.status).toBe('passed');
    expect(run().output).not.toContain('no instrumented code has run');
  });

  it('loads one copy of the runtime in each worker: the instrumented modules and leash/vitest share it', () => {
    expect(run().output).not.toContain('LEASH_RUNTIME_COPIES');
  });

  it('blames what beforeAll left to the file, after its afterAll, not to a test', () => {
    const file = run().files.get('tests/leak-before-all.test.ts')!;
    const marker = markers(run().dir).get('suite')!;
    expect(file.status).toBe('failed');
    expect(file.message).toContain('[leash] tests/leak-before-all.test.ts');
    expect(file.message).toMatch(siteLine(marker));
    expect(run().files.get('tests/ok-before-all.test.ts')!.status).toBe('passed');
  });

  it('names the user line that called into an instrumented package', () => {
    const [test] = allTests(run()).filter((t) => t.file === 'tests/lib-leak.packages.test.ts');
    const marker = markers(run().dir).get('client')!;
    const message = test!.failureMessages.join('\n');
    expect(message).toContain('interval  node_modules/fake-lib/index.js:');
    expect(message).toContain(`called from ${marker.file}:${marker.line}:`);
  });
}

function siteLine(marker: Marker): RegExp {
  const file = marker.file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  // A pending task the collector found unreferenced while the check waited is reported as abandoned, at the same line.
  return new RegExp(`${marker.kind}(?: \\((?:fake timer, still pending|abandoned: [^)]*)\\))?  (?:${file}:${marker.line}:\\d+|\\S+:\\d+:\\d+(?: in \\S+)?, called from ${file}:${marker.line}:\\d+)`);
}

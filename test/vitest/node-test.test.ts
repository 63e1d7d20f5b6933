/**
 * leash/register for node:test: fixture tests instrumented by leash, run with
 * `node --import leash/register --test`; each leak fails its own test with its site, each
 * control passes, for named and default imports of node:test.
 */
import { execFile, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ts from 'typescript';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHostSession } from '../../transformer/hosts/session';
import { markers, REPO } from './harness';

const FIXTURES = join(__dirname, 'fixtures/node-test');

describe('node --import leash/register --test', () => {
  let dir: string;
  let tap = '';

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'leash-node-test-'));
    mkdirSync(join(dir, 'node_modules'));
    symlinkSync(REPO, join(dir, 'node_modules/leash'), 'dir');
    symlinkSync(join(REPO, 'node_modules/@types'), join(dir, 'node_modules/@types'), 'dir');
    symlinkSync(join(REPO, 'node_modules/typescript'), join(dir, 'node_modules/typescript'), 'dir');
    symlinkSync(join(REPO, 'node_modules/@sinonjs'), join(dir, 'node_modules/@sinonjs'), 'dir');
    writeFileSync(join(dir, 'package.json'), '{ "type": "module" }\n');
    writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify({ compilerOptions: { target: 'ES2022', module: 'NodeNext', types: ['node'], strict: true, skipLibCheck: true } }));
    // What a project built by leash's bundler plugin or `leash build` runs: the tests, instrumented.
    const session = createHostSession('leash/vite', { mode: 'track' }, dir);
    const files: string[] = [];
    for (const name of readdirSync(FIXTURES).filter((file) => file.endsWith('.test.ts'))) {
      const source = readFileSync(join(FIXTURES, name), 'utf8');
      writeFileSync(join(dir, name), source);
      const out = session.transform(source, join(dir, name), (message) => {
        throw new Error(message);
      });
      expect(out, `${name} was not instrumented`).toBeDefined();
      files.push(name.replace(/\.ts$/, '.mjs'));
      // The plugin writes into the TypeScript source; what is left is what the bundler does: strip the types.
      writeFileSync(join(dir, files.at(-1)!), ts.transpileModule(out!.code, { compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 } }).outputText);
    }
    tap = await new Promise<string>((done) => {
      execFile(process.execPath, ['--import', 'leash/register', '--test', '--test-force-exit', '--test-reporter=tap', ...files], { cwd: dir, timeout: 120_000, env: { ...process.env, LEASH_MODE: '' } }, (_error, stdout, stderr) =>
        done(`${stdout}\n${stderr}`),
      );
    });
  }, 180_000);

  afterAll(() => {
    if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
  });

  /** `ok`/`not ok` per test name, and the YAML block that follows a failure. */
  function results(): Map<string, { ok: boolean; details: string }> {
    const out = new Map<string, { ok: boolean; details: string }>();
    const lines = tap.split('\n');
    lines.forEach((line, index) => {
      const match = /^\s*(ok|not ok) \d+ - (.*)$/.exec(line);
      if (match === null) return;
      const rest = lines.slice(index + 1);
      const end = rest.findIndex((next) => /^\s*(ok|not ok) \d+ - |^\s*# Subtest/.test(next));
      out.set(match[2]!, { ok: match[1] === 'ok', details: rest.slice(0, end < 0 ? undefined : end).join('\n') });
    });
    return out;
  }

  it('fails each leaking test with the kind and line that started the leak', () => {
    const found = markers(dir);
    const leaking = [...results()].filter(([name]) => /\[[\w-]+\]$/.test(name));
    expect(leaking.length, tap.slice(0, 3000)).toBe(7);
    for (const [name, { ok, details }] of leaking) {
      const marker = found.get(/\[([\w-]+)\]$/.exec(name)![1]!)!;
      expect(ok, name).toBe(false);
      expect(details).toContain('[leash] this test left 1 resource alive');
      // A task that never settles is found abandoned: the check collects garbage once before it waits.
      expect(details).toMatch(new RegExp(`${marker.kind}(?: \\((?:fake timer, still pending|abandoned: never settled, and nothing references it any more)\\))?  ${marker.file.replace('.', '\\.')}:${marker.line}:\\d+`));
    }
  });

  it('does not say the checks saw nothing where the tests ran instrumented code', () => {
    expect(results().size).toBeGreaterThan(0);
    expect(tap).not.toContain('none of the code these tests ran was instrumented');
  });

  it('passes every control, callback-style tests included, and does not blame the block for what its test leaked', () => {
    const controls = [...results()].filter(([name]) => name.startsWith('ok:'));
    expect(controls.length).toBe(10);
    for (const [name, { ok, details }] of controls) expect(ok, `${name}\n${details}`).toBe(true);
    expect(results().get('a block')?.details).not.toContain('its before/after hooks');
  });

  it('reports each test and block at the line that declares it, as node:test does without leash', () => {
    // TAP gives the location of what failed: the seven leaking tests (one checked after its block's
    // afterEach hooks, one a fake timer, one a node:test mock timer), the four blocks around them
    // and the test around the subtest.
    const reported = [...results()].filter(([, { ok }]) => !ok);
    expect(reported.length).toBe(12);
    for (const [name, { details }] of reported) {
      const location = /location: '(.*):(\d+):\d+'/.exec(details);
      expect(location?.[1], `${name}\n${details}`).toMatch(/[\w-]+\.test\.mjs$/);
      expect(location![1]!.startsWith(dir), location![1]).toBe(true);
      expect(readFileSync(location![1]!, 'utf8').split('\n')[Number(location![2]) - 1]).toContain(`'${name}'`);
    }
  });
});

describe('leash/register and the rest of the process', () => {
  /** Runs `script` (ES module) in a Node with leash/register loaded; its stdout and stderr. */
  function withRegister(script: string): { stdout: string; stderr: string } {
    const result = spawnSync(process.execPath, ['--import', 'leash/register', '--input-type=module', '-e', script], { cwd: REPO, encoding: 'utf8', timeout: 60_000 });
    expect(result.status, result.stderr).toBe(0);
    return { stdout: result.stdout, stderr: result.stderr };
  }

  it("leaves every other AsyncResource's runInAsyncScope as it was: its function, this and arguments", () => {
    const { stdout, stderr } = withRegister(`
      import { AsyncResource } from 'node:async_hooks';
      const resource = new AsyncResource('other');
      const self = {};
      const fn = function (...args) { return [this === self, ...args]; };
      console.log(JSON.stringify(resource.runInAsyncScope(fn, self, 1, 'two')));
    `);
    expect(stdout.trim()).toBe('[true,1,"two"]');
    expect(stderr).not.toContain('[leash]');
  });

  it('says so, once per test process, when the tests ran no code built with leash, and stays quiet in a process without tests', () => {
    const dir = mkdtempSync(join(tmpdir(), 'leash-register-plain-'));
    try {
      mkdirSync(join(dir, 'node_modules'));
      symlinkSync(REPO, join(dir, 'node_modules/leash'), 'dir');
      // Plain JavaScript, never built with leash: its interval leaks, and nothing could see it.
      for (const name of ['a', 'b']) writeFileSync(join(dir, `${name}.test.mjs`), `import { test } from 'node:test';\ntest('${name}1', () => {});\ntest('${name}2', () => { setInterval(() => {}, 1000).unref(); });\n`);
      const result = spawnSync(process.execPath, ['--import', 'leash/register', '--test', '--test-reporter=tap', 'a.test.mjs', 'b.test.mjs'], { cwd: dir, encoding: 'utf8', timeout: 60_000, env: { ...process.env, LEASH_MODE: '' } });
      expect(result.status, result.stdout + result.stderr).toBe(0);
      const said = `${result.stdout}${result.stderr}`.match(/\[leash\] leash\/register: none of the code these tests ran was instrumented by leash, so their leak checks saw nothing\. Either it was not built with leash .*add --import leash\/node before --import leash\/register.*, or it is a bundle leash built and found nothing in to track\./g);
      expect(said).toHaveLength(2);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    expect(withRegister(`console.log('no tests here');`).stderr).toBe('');
  });

  it('says once that it cannot check the tests of a node:test class it does not know', () => {
    const { stdout, stderr } = withRegister(`
      import { AsyncResource } from 'node:async_hooks';
      class RenamedTest extends AsyncResource { createSubtest() {} runHook() {} }
      const resource = new RenamedTest('test');
      console.log(resource.runInAsyncScope(() => 'ran'), resource.runInAsyncScope(() => 'again'));
    `);
    expect(stdout.trim()).toBe('ran again');
    expect(stderr.match(/\[leash\]/g)).toHaveLength(1);
    expect(stderr).toContain(`leash/register does not know node:test's "RenamedTest"`);
    expect(stderr).toContain('the tests it runs are not checked for leaks');
  });
});

/**
 * "No leaks" and "not instrumented" must never look the same, and settings leash cannot use are
 * reported instead of ignored. Each case runs in a fresh process: what matters is what that
 * process has (or has not) loaded.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const root = resolve(__dirname, '../..');

function run(code: string, env: Record<string, string> = {}): { stdout: string; stderr: string; status: number | null } {
  const result = spawnSync(process.execPath, ['-e', code], { cwd: root, encoding: 'utf8', env: { ...process.env, LEASH_MODE: '', ...env } });
  return { stdout: result.stdout.trim(), stderr: result.stderr, status: result.status };
}

/** A module the transformer wrote: it announces itself with `useMode`, then leaks an interval. */
const instrumentedLeak = `
  const hooks = require('./dist/runtime/hooks.js');
  hooks.useMode('bind');
  hooks.setInterval('src/poll.ts:3:5 start', () => {}, 60_000).unref();
`;

/** The same leak written plainly: no leash build ran, so leash never sees it. */
const plainLeak = `setInterval(() => {}, 60_000).unref();`;

describe('when no instrumented module has run', () => {
  it('registry.format() says so on its first line, with what to do', () => {
    const { stdout } = run(`${plainLeak} console.log(require('./dist/runtime/index.js').registry.format());`);
    expect(stdout.split('\n')[0]).toMatch(/^leash: no instrumented code has run in this process.*leash build.*leash doctor/);
    expect(stdout).toContain('leash: 0 live in 0 sites');
  });

  it('the JSON snapshot carries the count and the same sentence', () => {
    const { stdout } = run(`console.log(JSON.stringify(require('./dist/runtime/index.js').registry.snapshot()));`);
    const snap = JSON.parse(stdout) as { instrumentedModules: number; notInstrumented?: string };
    expect(snap.instrumentedModules).toBe(0);
    expect(snap.notInstrumented).toMatch(/no instrumented code has run/);
  });

  it('verifyNone() fails with the not-instrumented message instead of passing', () => {
    const { stdout } = run(`${plainLeak}
      require('./dist/runtime/testing.js').verifyNone().then(() => console.log('passed'), (e) => console.log(e.name + ': ' + e.message));`);
    expect(stdout).toMatch(/^LeashError: \[leash\] verifyNone: no instrumented code has run in this process/);
    expect(stdout).toContain('allowUninstrumented');
  });

  it('verifyNone({ allowUninstrumented: true }) checks what leash’s own API registered', () => {
    const { stdout } = run(`
      const { Scope } = require('./dist/runtime/index.js');
      const { verifyNone } = require('./dist/runtime/testing.js');
      verifyNone({ allowUninstrumented: true }).then(() => console.log('passed'), (e) => console.log(e.message));`);
    expect(stdout).toBe('passed');
  });

  it('find() warns once, as a process warning, and still returns the list', () => {
    const { stdout, stderr } = run(`const { find } = require('./dist/runtime/testing.js'); console.log(find().length, find().length);`);
    expect(stdout).toBe('0 0');
    expect(stderr.match(/no instrumented code has run/g)).toHaveLength(1);
  });
});

describe('once an instrumented module has run', () => {
  it('the report names the leak and says nothing about instrumentation', () => {
    const { stdout } = run(`${instrumentedLeak} console.log(require('./dist/runtime/index.js').registry.format());`);
    expect(stdout).not.toContain('no instrumented code');
    expect(stdout).toMatch(/1 live {2}interval {2}src\/poll\.ts:3:5 in start/);
  });

  it('verifyNone() fails on the leak with its site', () => {
    const { stdout } = run(`${instrumentedLeak}
      require('./dist/runtime/testing.js').verifyNone({ retries: 0 }).then(() => console.log('passed'), (e) => console.log(e.message));`);
    expect(stdout).toContain('found 1 unexpected live resource');
    expect(stdout).toContain('interval src/poll.ts:3:5 in start');
  });
});

describe('LEASH_MODE', () => {
  const modeOf = `
    const hooks = require('./dist/runtime/hooks.js');
    const config = require('./dist/runtime/config.js');
    hooks.useMode('bind');
    console.log(config.mode);`;

  it('a value that names no mode is reported once and ignored: the build’s mode stays', () => {
    const { stdout, stderr } = run(modeOf, { LEASH_MODE: 'Track' });
    expect(stdout).toBe('bind');
    expect(stderr).toContain('LEASH_MODE="Track" is not a mode: expected "bind" or "track"');
  });

  it('"track" wins over the mode the module was built with, without a warning', () => {
    const { stdout, stderr } = run(modeOf, { LEASH_MODE: 'track' });
    expect(stdout).toBe('track');
    expect(stderr).not.toContain('LEASH_MODE');
  });

  // A track build writes a detached call with no thunk (`task`), so bind mode cannot refuse it.
  const trackBuilt = `
    const hooks = require('./dist/runtime/hooks.js');
    hooks.useMode('track');
    hooks.useMode('track');
    console.log(require('./dist/runtime/config.js').mode);`;

  it('"bind" over modules built in track mode is said once, with what to do', () => {
    const { stdout, stderr } = run(trackBuilt, { LEASH_MODE: 'bind' });
    expect(stdout).toBe('bind');
    expect(stderr.match(/LEASH_MODE=bind runs code built in track mode/g)).toHaveLength(1);
    expect(stderr).toContain('a detached call it starts in a scope that has ended still starts');
    expect(stderr).toContain('Build with mode "bind"');
  });

  it('so is configure({ mode: "bind" }) over them; each mode over its own build says nothing', () => {
    const configured = run(`${trackBuilt} require('./dist/runtime/index.js').configure({ mode: 'bind' });`);
    expect(configured.stderr.match(/bind mode \(configure\(\{ mode \}\), or a module built in bind mode\) runs code built in track mode/g)).toHaveLength(1);
    expect(run(trackBuilt).stderr).not.toContain('[leash]');
    expect(run(trackBuilt, { LEASH_MODE: 'track' }).stderr).not.toContain('[leash]');
    expect(run(modeOf, { LEASH_MODE: 'bind' }).stderr).not.toContain('[leash]');
  });
});

describe('the injected signal', () => {
  it('is undefined in the root scope: outside any scope bind mode hands callees nothing new', () => {
    const { stdout } = run(`${instrumentedLeak}
      const { Scope } = require('./dist/runtime/index.js');
      const scope = new Scope({ name: 'request' });
      console.log(hooks.signal() === undefined, scope.run(() => hooks.signal()) === scope.signal);`);
    expect(stdout).toBe('true true');
  });

  it('is inert in track mode: no signal from the scope, options handed back as they were', () => {
    const { stdout } = run(`
      const hooks = require('./dist/runtime/hooks.js');
      hooks.useMode('bind');
      const { Scope } = require('./dist/runtime/index.js');
      const scope = new Scope({ name: 'request' });
      const options = { retries: 2 };
      const [injected, passed] = scope.run(() => [hooks.signal(), hooks.withSignal(options, scope.signal)]);
      console.log(injected === undefined, passed === options, 'signal' in options);`, { LEASH_MODE: 'track' });
    expect(stdout).toBe('true true false');
  });
});

describe('options leash does not know are errors, not silence', () => {
  it('new Scope({ timeot }) names the option it probably meant', () => {
    const { stdout } = run(`
      const { Scope } = require('./dist/runtime/index.js');
      try { new Scope({ timeot: 5 }); } catch (e) { console.log(e.message); }`);
    expect(stdout).toBe('[leash] new Scope: unknown option "timeot" (did you mean `timeout`?); expected one of name, timeout, deadline, parent, ref.');
  });

  it('configure({ stack: true }) names `stacks`', () => {
    const { stdout } = run(`
      const { configure } = require('./dist/runtime/index.js');
      try { configure({ stack: true }); } catch (e) { console.log(e.message); }`);
    expect(stdout).toBe('[leash] configure: unknown option "stack" (did you mean `stacks`?); expected one of mode, stacks.');
  });

  it('new Scope({ ref: "yes" }) is refused', () => {
    const { stdout } = run(`
      const { Scope } = require('./dist/runtime/index.js');
      try { new Scope({ ref: 'yes' }); } catch (e) { console.log(e.message); }`);
    expect(stdout).toBe('[leash] new Scope: `ref` must be a boolean, got "yes".');
  });
});

describe('two copies of the runtime in one process (a bundle that holds its own)', () => {
  // A second copy of dist/runtime in another folder, as a bundle that inlined leash holds one.
  const bundled = mkdtempSync(join(tmpdir(), 'leash-bundled-copy-'));
  cpSync(join(root, 'dist', 'runtime'), join(bundled, 'runtime'), { recursive: true });
  afterAll(() => rmSync(bundled, { recursive: true, force: true }));
  const bundledLeak = instrumentedLeak.replace('./dist/runtime/hooks.js', join(bundled, 'runtime', 'hooks.js'));

  it('the copy that saw nothing says where instrumented code ran, and the second copy to load says so once', () => {
    const { stdout, stderr } = run(`{ ${bundledLeak} } { ${bundledLeak} } const leash = require('./dist/runtime/index.js'); console.log(leash.registry.format());`);
    expect(stdout.split('\n')[0]).toMatch(
      /^leash: no instrumented code has run through this copy of leash's runtime, so nothing here is tracked: 2 instrumented modules ran through another copy of leash's runtime \(.*leash-bundled-copy-.*\), not through this one \(.*dist\/runtime\/.*\).*keep leash external in the bundle/,
    );
    expect(stderr.match(/LEASH_RUNTIME_COPIES/g)).toHaveLength(1);
    expect(stderr).toMatch(/two copies of leash's runtime are loaded, from .*leash-bundled-copy-.* and from .*dist\/runtime/);
  });

  it('verifyNone in the copy that saw nothing fails with the same sentence', () => {
    const { stderr, status } = run(`${bundledLeak} require('./dist/runtime/testing.js').verifyNone().then(() => console.log('passed'), (error) => { console.error(error.message); process.exitCode = 3; });`);
    expect(stderr).toMatch(/verifyNone: no instrumented code has run through this copy .* 1 instrumented module ran through another copy/);
    expect(status).toBe(3);
  });

  it('one copy loaded again from the same file (a test runner reloading modules) is no second copy', () => {
    const { stderr } = run(`require('./dist/runtime/index.js'); for (const key of Object.keys(require.cache)) delete require.cache[key]; require('./dist/runtime/index.js');`);
    expect(stderr).not.toMatch(/LEASH_RUNTIME_COPIES/);
  });
});

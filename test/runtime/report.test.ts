import { execFileSync } from 'node:child_process';
import { createServer } from 'node:http';
import { resolve } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { configure, registry, Scope } from '../../runtime/index';
import * as hooks from '../../runtime/hooks';
import { find, ignoreCurrent, verifyNone } from '../../runtime/testing';

const root = resolve(__dirname, '../..');
const node = (args: string[], code: string, env: Record<string, string> = {}) =>
  execFileSync(process.execPath, [...args, '-e', code], { cwd: root, encoding: 'utf8', env: { ...process.env, ...env } }).trim();

// These tests call the hooks as instrumented code does; such code announces itself when it loads.
hooks.useMode('bind');

afterEach(() => {
  configure({ stacks: false });
  expect(find()).toEqual([]);
});

/** Starts `n` intervals per request scope at one site, and one listener: a leaky handler. */
function leakyRequests(n: number): Scope[] {
  const target = new EventTarget();
  return Array.from({ length: n }, (_, i) => {
    const scope = new Scope({ name: `request#${i}` });
    scope.run(() => {
      const interval = hooks.setInterval('src/server.ts:42:7 handle', () => {}, 60_000);
      const listener = () => {};
      hooks.addEventListener('src/server.ts:50:3 handle', target, 'x', listener);
      cleanups.push(() => {
        hooks.clearInterval('', interval);
        hooks.removeEventListener('', target, 'x', listener);
      });
    });
    return scope;
  });
}

/** Undoes what leakyRequests started, for tests whose scopes do not (track mode). */
const cleanups: Array<() => void> = [];

describe('registry', () => {
  it('groups live resources by creation site, most live first, with counts and scope paths', () => {
    const scopes = leakyRequests(3);
    scopes[0]!.abort();
    const snap = registry.snapshot();
    expect(snap.live).toBe(4);
    expect(snap.byKind).toMatchObject({ interval: 2, listener: 2, task: 0 });
    expect(snap.sites.map((s) => [s.site, s.function, s.kind, s.live])).toEqual([
      ['src/server.ts:42:7', 'handle', 'interval', 2],
      ['src/server.ts:50:3', 'handle', 'listener', 2],
    ]);
    expect(snap.sites[0]!.scopes).toEqual(['root/request#1', 'root/request#2']);
    expect(snap.sites[0]!.endedScopes).toBe(0);
    expect(snap.sites[0]!.created).toBeGreaterThanOrEqual(3);
    const text = registry.format(snap);
    expect(text.split('\n')[0]).toBe('leash: 4 live (2 interval, 2 listener) in 2 sites');
    expect(text).toMatch(/^2 live {2}interval {2}src\/server\.ts:42:7 in handle {2}oldest \d+ms {2}peak \d+ {2}created \d+$/m);
    expect(JSON.parse(JSON.stringify(registry.toJSON())).sites).toHaveLength(2);
    expect(registry.metrics()).toMatch(/^leash_live\{kind="interval",site="src\/server.ts:42:7 handle"\} 2$/m);
    for (const s of scopes) s.abort();
    expect(registry.snapshot().live).toBe(0);
  });

  it('says when resources outlived their scope', () => {
    configure({ mode: 'track' });
    const scopes = leakyRequests(2);
    for (const s of scopes) s.abort();
    const snap = registry.snapshot();
    expect(snap.sites[0]!.endedScopes).toBe(2);
    expect(registry.format(snap)).toContain('scopes: root/request#0, root/request#1 (2 ended)');
    configure({ mode: 'bind' });
    for (const s of scopes) s.abort(); // idempotent: nothing happens
    expect(registry.snapshot().live).toBe(4);
    for (const undo of cleanups.splice(0)) undo();
  });

  it('serves the report over node:http as text, JSON and Prometheus text', async () => {
    const scopes = leakyRequests(2);
    const server = createServer(registry.createDebugHandler());
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const { port } = server.address() as { port: number };
    try {
      const text = await (await fetch(`http://127.0.0.1:${port}/debug/leash`)).text();
      expect(text).toContain('2 live  interval  src/server.ts:42:7 in handle');
      const json = (await (await fetch(`http://127.0.0.1:${port}/?format=json`)).json()) as { live: number };
      expect(json.live).toBe(4);
      const prom = await (await fetch(`http://127.0.0.1:${port}/?format=prometheus`)).text();
      expect(prom).toContain('# TYPE leash_live gauge');
    } finally {
      for (const s of scopes) s.abort();
      await new Promise((r) => server.close(r));
    }
  });

  it('monitor warns at the threshold and when a site keeps growing', () => {
    vi.useFakeTimers();
    try {
      const warnings: string[] = [];
      const scopes: Scope[] = [];
      const stop = registry.monitor({ intervalMs: 1000, threshold: 6, growthSamples: 3, onWarn: (w) => warnings.push(`${w.reason} ${w.live}`) });
      for (let i = 0; i < 5; i++) {
        scopes.push(...leakyRequests(1));
        vi.advanceTimersByTime(1000);
      }
      stop();
      for (const s of scopes) s.abort();
      // Samples see 2, 4, 6, 8, 10 live: growth on the 4th sample (3 rises in a row) for both sites,
      // the threshold once when it is first reached.
      expect(warnings).toEqual(['threshold 6', 'growth 8', 'growth 8']);
    } finally {
      vi.useRealTimers();
    }
    expect(() => registry.monitor({ intervalMs: 0 })).toThrow(/`intervalMs` to be a number >= 1, got 0/);
  });

  it('stack capture is off by default and on with configure({ stacks: true }) or LEASH_STACKS=1', () => {
    const off = hooks.setTimeout('a.ts:1:1', () => {}, 1000);
    expect(find()[0]!.stack).toBeUndefined();
    hooks.clearTimeout('a.ts:1:1', off);
    configure({ stacks: true });
    const on = hooks.setTimeout('a.ts:1:1', () => {}, 1000);
    expect(find()[0]!.stack).toContain('report.test.ts');
    hooks.clearTimeout('a.ts:1:1', on);
    const out = node([], `
      const hooks = require('./dist/runtime/hooks.js');
      const { find } = require('./dist/runtime/testing.js');
      const t = hooks.setTimeout('a.ts:1:1', () => {}, 1000);
      console.log(typeof find()[0].stack);
      hooks.clearTimeout('a.ts:1:1', t);
    `, { LEASH_STACKS: '1' });
    expect(out).toBe('string');
  });

  it('keeps live entries only: 1,000,000 timers, listeners and tasks created and ended leave it empty and the heap flat', () => {
    const out = node(['--expose-gc'], `
      const { EventEmitter } = require('node:events');
      const hooks = require('./dist/runtime/hooks.js');
      const { registry, Scope } = require('./dist/runtime/index.js');
      const heap = () => { global.gc(); global.gc(); return process.memoryUsage().heapUsed; };
      const emitter = new EventEmitter();
      const target = new EventTarget();
      const noop = () => {};
      const round = async (n) => {
        for (let i = 0; i < n; i++) {
          hooks.clearTimeout('a.ts:1:1', hooks.setTimeout('a.ts:1:1', noop, 1000));
          clearInterval(hooks.setInterval('a.ts:2:1', noop, 1000)); // native clear behind leash's back
          hooks.addListener('a.ts:3:1', emitter, 'on', 'x', noop);
          hooks.removeListener('a.ts:3:1', emitter, 'off', 'x', noop);
          hooks.addEventListener('a.ts:4:1', target, 'x', noop);
          hooks.removeEventListener('a.ts:4:1', target, 'x', noop);
          if (i % 1000 === 0) await Promise.all(Array.from({ length: 1000 }, () => hooks.spawn('a.ts:5:1', async () => 1)));
          if (i % 10000 === 0) { const s = new Scope(); s.run(() => hooks.setTimeout('a.ts:6:1', noop, 1000)); s.abort(); }
        }
      };
      (async () => {
        await round(100000);
        const before = heap();
        await round(1000000);
        const after = heap();
        console.log(JSON.stringify({ live: registry.snapshot().live, growthMB: (after - before) / 1048576 }));
      })();
    `);
    const { live, growthMB } = JSON.parse(out);
    expect(live).toBe(0);
    expect(growthMB).toBeLessThan(2);
  }, 120_000);
});

describe('leash/testing', () => {
  it('verifyNone resolves when nothing is alive and waits for resources that end soon', async () => {
    await verifyNone();
    hooks.setTimeout('a.ts:1:1', () => {}, 20);
    hooks.spawn('a.ts:2:1', () => new Promise((r) => setTimeout(r, 10)));
    await verifyNone();
  });

  it('verifyNone fails with the report of what is left, naming each site', async () => {
    const scope = new Scope({ name: 'leaky-test' });
    scope.run(() => hooks.setInterval('src/poller.ts:12:5 start', () => {}, 1000));
    const error = await verifyNone({ retries: 2 }).catch((e: Error) => e);
    expect(error).toBeInstanceOf(Error);
    expect((error as Error).message).toContain('[leash] found 1 unexpected live resource:');
    expect((error as Error).message).toContain('interval src/poller.ts:12:5 in start (scope root/leaky-test');
    await verifyNone({ retries: 1, ignore: ['src/poller.ts'] });
    await verifyNone({ retries: 1, ignore: [/poller/] });
    await verifyNone({ retries: 1, kinds: ['task'] });
    const baseline = ignoreCurrent();
    await verifyNone({ retries: 1, ignore: [baseline] });
    scope.abort();
    await expect(verifyNone({ kinds: ['bogus' as never] })).rejects.toThrow(/unknown kind "bogus"; expected one of timeout, interval/);
  });
});

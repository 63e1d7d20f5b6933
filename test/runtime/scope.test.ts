import { execFileSync } from 'node:child_process';
import { resolve } from 'node:path';
import { getEventListeners } from 'node:events';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { canceled, configure, currentScope, deadlineExceeded, detach, LeashError, registry, Scope, signal, withCancel, withDeadline, withTimeout } from '../../runtime/index';
import * as hooks from '../../runtime/hooks';
import { find } from '../../runtime/testing';

const SITE = 'test/scope.ts:1:1';
const tick = (ms = 0) => new Promise((r) => setTimeout(r, ms));

afterEach(() => expect(find()).toEqual([]));

describe('Scope', () => {
  it('is the ambient scope through every await inside run()', async () => {
    const scope = new Scope({ name: 'req' });
    const seen = await scope.run(async () => {
      const before = currentScope();
      await tick(1);
      await Promise.resolve();
      return [before, currentScope(), signal()];
    });
    expect(seen[0]).toBe(scope);
    expect(seen[1]).toBe(scope);
    expect(seen[2]).toBe(scope.signal);
    expect(currentScope()).not.toBe(scope);
    scope.abort();
  });

  it('names its path from the root, and parents default to the current scope', () => {
    const request = new Scope({ name: 'request#41' });
    const child = request.run(() => new Scope({ name: 'loadUser' }));
    expect(child.parent).toBe(request);
    expect(child.path).toBe('root/request#41/loadUser');
    request.abort();
  });

  it('abort ends the children with the same reason, aborts the signal, runs defers newest first, once', () => {
    const parent = new Scope();
    const child = new Scope({ parent });
    const grandchild = new Scope({ parent: child });
    const order: string[] = [];
    parent.defer(() => order.push('parent 1'));
    parent.defer(() => order.push('parent 2'));
    child.defer(() => order.push('child'));
    const childSignal = child.signal;
    const reason = new Error('client went away');
    parent.abort(reason);
    parent.abort(new Error('second call does nothing'));
    expect(order).toEqual(['child', 'parent 2', 'parent 1']);
    expect([parent.aborted, child.aborted, grandchild.aborted]).toEqual([true, true, true]);
    expect(grandchild.reason).toBe(reason);
    expect(childSignal.aborted).toBe(true);
    expect(childSignal.reason).toBe(reason);
    // A signal first read after the end is born aborted, with the reason.
    expect(grandchild.signal.reason).toBe(reason);
  });

  it('aborts with the preallocated `canceled` reason by default, and `deadlineExceeded` on timeout', async () => {
    const plain = new Scope();
    plain.abort();
    expect(plain.reason).toBe(canceled);
    expect(plain.signal.reason).toBe(canceled);
    expect((plain.reason as Error).name).toBe('AbortError');
    const timed = new Scope({ timeout: 5 });
    await tick(20);
    expect(timed.aborted).toBe(true);
    expect(timed.reason).toBe(deadlineExceeded);
    expect(deadlineExceeded.name).toBe('TimeoutError');
    const past = new Scope({ deadline: new Date(Date.now() - 1) });
    await tick(5);
    expect(past.reason).toBe(deadlineExceeded);
  });

  it('a child of an ended scope is born ended', () => {
    const parent = new Scope();
    parent.abort('done');
    const child = new Scope({ parent });
    expect(child.aborted).toBe(true);
    expect(child.reason).toBe('done');
  });

  it('`using` ends the scope at the end of the block; `await using` also waits for its tasks', async () => {
    let cleaned = false;
    let outer: Scope;
    {
      using scope = new Scope();
      outer = scope;
      scope.defer(() => (cleaned = true));
    }
    expect(outer.aborted).toBe(true);
    expect(cleaned).toBe(true);

    let settled = false;
    {
      await using scope = new Scope();
      scope.run(() => hooks.spawn(SITE, () => tick(15).then(() => (settled = true))));
    }
    expect(settled).toBe(true);
  });

  it('defer after the end runs at once; bad arguments throw a LeashError that says what to pass', () => {
    const scope = new Scope();
    scope.abort();
    let ran = false;
    scope.defer(() => (ran = true));
    expect(ran).toBe(true);
    expect(() => scope.defer('nope' as never)).toThrow(LeashError);
    expect(() => new Scope({ timeout: -1 })).toThrow(/\[leash\] new Scope: `timeout` must be a number of milliseconds >= 0, got -1/);
    expect(() => new Scope({ parent: {} as never })).toThrow(/`parent` must be a Scope/);
  });

  it('errors thrown by defers do not stop the others and are rethrown', () => {
    const scope = new Scope();
    const order: number[] = [];
    scope.defer(() => order.push(1));
    scope.defer(() => {
      throw new Error('cleanup failed');
    });
    expect(() => scope.abort()).toThrow('cleanup failed');
    expect(order).toEqual([1]);
  });

  it('its signal is shared by many listeners without a MaxListenersExceeded warning', async () => {
    const warnings: string[] = [];
    const onWarning = (w: Error) => warnings.push(w.name);
    process.on('warning', onWarning);
    const scope = new Scope();
    const listeners = Array.from({ length: 200 }, () => () => {});
    for (const l of listeners) scope.signal.addEventListener('abort', l);
    await tick(5);
    for (const l of listeners) scope.signal.removeEventListener('abort', l);
    process.off('warning', onWarning);
    expect(warnings).toEqual([]);
    scope.abort();
  });

  it('binds resources without a per-resource abort listener or AbortSignal.any', () => {
    const any = vi.spyOn(AbortSignal, 'any');
    const scope = new Scope();
    const signalOfScope = scope.signal;
    const target = new EventTarget();
    scope.run(() => {
      for (let i = 0; i < 100; i++) {
        hooks.setTimeout(SITE, () => {}, 1000);
        hooks.addEventListener(SITE, target, 'x', () => {});
        hooks.spawn(SITE, () => Promise.resolve());
      }
    });
    expect(getEventListeners(signalOfScope, 'abort')).toHaveLength(0);
    expect(any).not.toHaveBeenCalled();
    scope.abort();
    expect(getEventListeners(target, 'x')).toHaveLength(0);
    any.mockRestore();
  });

  it('an ended scope leaves the tree once nothing of it is alive', () => {
    const parent = new Scope({ name: 'parent' });
    const child = new Scope({ parent, name: 'child' });
    expect(parent.children.has(child)).toBe(true);
    child.abort();
    expect(parent.children.has(child)).toBe(false);
    parent.abort();
  });

  // The leak a report exists for: a request ended, and a callback it scheduled then starts an
  // interval in it. The scope had left the tree when its last timer fired; the interval must
  // bring it back, or no report (and no per-test check) would see it.
  it('track mode: what a late callback starts in an ended scope that had left the tree is reported, under that scope', async () => {
    configure({ mode: 'track' });
    try {
      const request = new Scope({ name: 'request' });
      let interval: ReturnType<typeof setInterval> | undefined;
      request.run(() => hooks.setTimeout(SITE, () => (interval = hooks.setInterval('test/scope.ts:2:1', () => {}, 60_000)), 1));
      request.abort();
      await tick(10);
      expect(interval).toBeDefined();
      expect(find()).toMatchObject([{ kind: 'interval', site: 'test/scope.ts:2:1', scopePath: 'root/request', scopeEnded: true }]);
      // A scope made inside it later is reported under it too.
      const late = request.run(() => new Scope({ name: 'late' }));
      const timer = late.run(() => hooks.setTimeout('test/scope.ts:3:1', () => {}, 60_000));
      expect(find().map((entry) => entry.scopePath).sort()).toEqual(['root/request', 'root/request/late']);
      hooks.clearInterval(SITE, interval);
      hooks.clearTimeout(SITE, timer);
    } finally {
      configure({ mode: 'bind' });
    }
  });
});

describe('withTimeout / withDeadline / withCancel', () => {
  it('settle with the result and end the scope, clearing what fn left behind', async () => {
    let leftover: Scope | undefined;
    const value = await withTimeout(1000, async (scope) => {
      leftover = scope;
      hooks.setInterval(SITE, () => {}, 1000);
      return 42;
    });
    expect(value).toBe(42);
    expect(leftover!.aborted).toBe(true);
    expect(registry.snapshot().live).toBe(0);
  });

  it('reject with deadlineExceeded when the deadline comes first, and abort the signal fn was given', async () => {
    let signalSeen: AbortSignal | undefined;
    await expect(
      withTimeout(10, (scope) => {
        signalSeen = scope.signal;
        return new Promise((_, reject) => scope.signal.addEventListener('abort', () => reject(scope.signal.reason)));
      }),
    ).rejects.toBe(deadlineExceeded);
    expect(signalSeen!.aborted).toBe(true);
    await expect(withDeadline(Date.now() + 5, (scope) => new Promise((r) => scope.defer(() => r(1))))).rejects.toBe(deadlineExceeded);
  });

  it('withTimeout keeps the process alive until its deadline; a Scope timeout does not', () => {
    const run = (code: string) =>
      execFileSync(process.execPath, ['-e', code], { cwd: resolve(__dirname, '../..'), encoding: 'utf8', timeout: 10_000 }).trim();
    // Work that holds nothing open: only withTimeout's own timer keeps the process until it rejects.
    expect(run(`require('./dist/runtime/index.js').withTimeout(30, () => new Promise(() => {})).catch((e) => console.log(e.name));`)).toBe('TimeoutError');
    const started = Date.now();
    expect(run(`new (require('./dist/runtime/index.js').Scope)({ timeout: 60000 }); console.log('exited');`)).toBe('exited');
    expect(Date.now() - started).toBeLessThan(10_000);
  });

  it('withCancel rejects with the reason fn aborts with', async () => {
    await expect(withCancel(async (scope) => scope.abort('stop'))).rejects.toBe('stop');
  });

  it('a fn that ignores its signal shows up as a live task in an ended scope until it settles', async () => {
    let finish!: () => void;
    const run = withTimeout(5, () => new Promise<void>((r) => (finish = r)));
    await expect(run).rejects.toBe(deadlineExceeded);
    const [leak] = find();
    expect(leak).toMatchObject({ kind: 'task', site: 'leash:withTimeout', scopeEnded: true });
    finish();
    await tick();
  });
});

describe('detach and shutdown', () => {
  it('detach runs in the root scope: what it starts outlives the caller', () => {
    const request = new Scope({ name: 'request' });
    const handle = request.run(() => detach(() => hooks.setInterval(SITE, () => {}, 1000)));
    request.abort();
    expect(find().map((l) => l.scopePath)).toEqual(['root']);
    hooks.clearInterval(SITE, handle);
  });

  it('shutdown ends every scope, waits for tasks, returns what did not finish, and refuses new work', () => {
    const out = execFileSync(process.execPath, ['-e', `
      const hooks = require('./dist/runtime/hooks.js');
      const { Scope, shutdown } = require('./dist/runtime/index.js');
      const request = new Scope({ name: 'request' });
      let ticks = 0;
      request.run(() => {
        hooks.setInterval('a.ts:1:1', () => ticks++, 1);
        hooks.spawn('a.ts:2:1 quick', () => new Promise((r) => setTimeout(r, 5)));
        hooks.spawn('a.ts:3:1 stuck', () => new Promise(() => {}));
      });
      shutdown({ timeout: 50 }).then((left) => {
        const at = ticks;
        let late = false;
        hooks.setTimeout('a.ts:4:1', () => (late = true), 1);
        setTimeout(() => console.log(JSON.stringify({ left: left.map((l) => [l.kind, l.site, l.function, l.scopePath]), requestEnded: request.aborted, ticking: ticks !== at, late })), 20);
      });
    `], { cwd: resolve(__dirname, '../..'), encoding: 'utf8' });
    expect(JSON.parse(out)).toEqual({ left: [['task', 'a.ts:3:1', 'stuck', 'root/request']], requestEnded: true, ticking: false, late: false });
  });
});

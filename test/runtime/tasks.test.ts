import { execFileSync } from 'node:child_process';
import { resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { configure, Scope } from '../../runtime/index';
import * as hooks from '../../runtime/hooks';
import { find } from '../../runtime/testing';

const SITE = 'test/tasks.ts:9:3 handler';
const root = resolve(__dirname, '../..');

afterEach(() => {
  configure({ mode: 'bind' });
  expect(find()).toEqual([]);
});

/** Runs a snippet against the built runtime in a fresh Node process; returns what it printed. */
function node(code: string): string {
  return execFileSync(process.execPath, ['-e', code], { cwd: root, encoding: 'utf8', env: { ...process.env, LEASH_MODE: '' } }).trim();
}

describe('spawn', () => {
  // spawn is for promises nobody else handles (the transformer writes it where the value is
  // thrown away): a rejection is re-raised as unhandled, so this test handles it in the task.
  it('returns the call\'s own promise, which is live until it settles', async () => {
    let finish!: (v: number) => void;
    let own!: Promise<number>;
    const task = hooks.spawn(SITE, () => (own = new Promise<number>((r) => (finish = r))));
    expect(task).toBe(own);
    expect(find()).toMatchObject([{ kind: 'task', site: 'test/tasks.ts:9:3', function: 'handler', scopePath: 'root' }]);
    finish(7);
    expect(await task).toBe(7);
    const error = new Error('boom');
    let caught: unknown;
    await hooks.spawn(SITE, () => Promise.reject(error).catch((e: unknown) => (caught = e)));
    expect(caught).toBe(error);
    expect(find()).toEqual([]);
  });

  it('returns non-promise results as they are, and lets a synchronous throw through', () => {
    expect(hooks.spawn(SITE, () => 3)).toBe(3);
    expect(() =>
      hooks.spawn(SITE, () => {
        throw new Error('sync');
      }),
    ).toThrow('sync');
  });

  it('a discarded rejected task still raises unhandledRejection; one whose chain handles it does not', () => {
    const out = node(`
      const hooks = require('./dist/runtime/hooks.js');
      const seen = [];
      process.on('unhandledRejection', (reason) => seen.push(reason.message));
      hooks.spawn('a.ts:1:1', () => Promise.reject(new Error('discarded')));
      hooks.spawn('a.ts:2:1', () => Promise.reject(new Error('handled')).catch(() => {}));
      setTimeout(() => console.log(JSON.stringify(seen)), 20);
    `);
    expect(JSON.parse(out)).toEqual(['discarded']);
  });

  it('when its scope ends the task is not stopped; it stays reported until it settles', async () => {
    const scope = new Scope({ name: 'req' });
    let finish!: () => void;
    const task = scope.run(() => hooks.spawn(SITE, () => new Promise<void>((r) => (finish = r))));
    const taskSignal = scope.run(() => hooks.signal());
    scope.abort();
    expect(taskSignal?.aborted).toBe(true);
    expect(find()).toMatchObject([{ kind: 'task', scopePath: 'root/req', scopeEnded: true }]);
    finish();
    await task;
  });

  it('a task started in an ended scope does not start, and rejects (handled) with the reason', async () => {
    const scope = new Scope();
    scope.abort('gone');
    let started = false;
    const task = scope.run(() => hooks.spawn(SITE, async () => (started = true)));
    await expect(task).rejects.toBe('gone');
    expect(started).toBe(false);
  });

  it('track mode starts it anyway', async () => {
    configure({ mode: 'track' });
    const scope = new Scope();
    scope.abort();
    expect(await scope.run(() => hooks.spawn(SITE, async () => 'ran'))).toBe('ran');
  });
});

describe('task (what a track build writes: the call made, its value passed)', () => {
  it('registers the call\'s own promise with the ambient scope until it settles, and returns it', async () => {
    const scope = new Scope({ name: 'req' });
    let finish!: (v: number) => void;
    const own = new Promise<number>((r) => (finish = r));
    expect(scope.run(() => hooks.task(SITE, own))).toBe(own);
    expect(find()).toMatchObject([{ kind: 'task', site: 'test/tasks.ts:9:3', function: 'handler', scopePath: 'root/req' }]);
    finish(1);
    await own;
  });

  it('in an ended scope, even with the runtime in bind mode, the call has run: the task is registered, not refused', async () => {
    const scope = new Scope();
    scope.abort('gone');
    let finish!: () => void;
    const own = new Promise<void>((r) => (finish = r));
    expect(scope.run(() => hooks.task(SITE, own))).toBe(own);
    expect(find()).toMatchObject([{ kind: 'task', scopeEnded: true }]);
    finish();
    await own;
  });
});

describe('observeAll', () => {
  it('returns the same array, and each pending promise in it is a live task until it settles', async () => {
    let finishLoser!: () => void;
    const winner = Promise.resolve('won');
    const loser = new Promise<void>((r) => (finishLoser = r));
    const promises = [winner, loser, 3];
    expect(hooks.observeAll(SITE, promises)).toBe(promises);
    expect(promises[0]).toBe(winner);
    expect(promises[1]).toBe(loser);
    expect(await Promise.race(promises)).toBe('won');
    expect(find()).toMatchObject([{ kind: 'task', site: 'test/tasks.ts:9:3', function: 'handler' }]);
    finishLoser();
    await loser;
    await Promise.resolve();
  });

  it('a rejection the combinator handles raises no unhandledRejection; one nobody handles still does', () => {
    const out = node(`
      const hooks = require('./dist/runtime/hooks.js');
      const seen = [];
      process.on('unhandledRejection', (reason) => seen.push(reason.message));
      Promise.race(hooks.observeAll('a.ts:1:1', [new Promise(() => {}), Promise.reject(new Error('raced'))])).catch(() => {});
      Promise.reject(new Error('plain'));
      setTimeout(() => console.log(JSON.stringify(seen)), 20);
    `);
    expect(JSON.parse(out)).toEqual(['plain']);
  });

  it('leaves anything but an array untouched and never iterates it', () => {
    let pulled = 0;
    function* promises(): Generator<Promise<void>> {
      pulled++;
      yield Promise.resolve();
    }
    const iterator = promises();
    expect(hooks.observeAll(SITE, iterator)).toBe(iterator);
    expect(pulled).toBe(0);
    const thenable = { then: () => {} };
    expect(hooks.observeAll(SITE, [thenable])).toEqual([thenable]);
    expect(find()).toEqual([]);
  });

  it('leaves the elements whose bit is set in `skip` unobserved (promises the transformer saw made by hand)', async () => {
    const finishers: Array<() => void> = [];
    const promises = [0, 1, 2].map(() => new Promise<void>((r) => finishers.push(r)));
    expect(hooks.observeAll(SITE, promises, 0b101)).toBe(promises);
    expect(find()).toHaveLength(1);
    finishers[1]!();
    await promises[1];
    await Promise.resolve();
    expect(find()).toEqual([]);
  });

  it('a loser outlives its scope: still reported after the scope ends, until it settles', async () => {
    const scope = new Scope({ name: 'req' });
    let finish!: () => void;
    const loser = new Promise<void>((r) => (finish = r));
    await scope.run(() => Promise.race(hooks.observeAll(SITE, [loser, Promise.resolve()])));
    scope.abort();
    expect(find()).toMatchObject([{ kind: 'task', scopePath: 'root/req', scopeEnded: true }]);
    finish();
    await loser;
    await Promise.resolve();
  });
});

describe('withSignal / resumed', () => {
  it('adds a signal without mutating, and never replaces one', () => {
    const signal = new AbortController().signal;
    const options = { method: 'GET' };
    const out = hooks.withSignal(options, signal);
    expect(out).toEqual({ method: 'GET', signal });
    expect(options).toEqual({ method: 'GET' });
    expect(hooks.withSignal(undefined, signal)).toEqual({ signal });
    const own = { signal: new AbortController().signal };
    expect(hooks.withSignal(own, signal)).toBe(own);
    expect(hooks.withSignal(options, undefined)).toBe(options);
  });

  it('resumed throws the ambient scope reason after it ended', async () => {
    const scope = new Scope();
    const run = scope.run(async () => {
      hooks.resumed(await Promise.resolve(1));
      await new Promise((r) => setTimeout(r, 10));
      return hooks.resumed('after');
    });
    scope.abort('stopped');
    await expect(run).rejects.toBe('stopped');
  });
});

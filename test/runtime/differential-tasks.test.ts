/**
 * Native indistinguishability of `spawn`: the same scripts run plain and through the hook, in a
 * fresh Node process each (unhandled rejections are process-wide), and print what they observed.
 */
import { execFileSync } from 'node:child_process';
import { resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import * as hooks from '../../runtime/hooks';
import { find } from '../../runtime/testing';

const SITE = 'test/differential-tasks.ts:1:1 script';
const root = resolve(__dirname, '../..');

afterEach(() => {
  expect(find()).toEqual([]);
});

/**
 * Runs `script` with `spawn` bound to a plain call and to the hook (`spawn(site, () => call)` as
 * bind builds write it, `task(site, call)` as track builds do); returns each log.
 */
function differential(script: string): { native: unknown; leash: unknown; task: unknown } {
  const run = (wrapper: string) => {
    const code = `
      const hooks = require('./dist/runtime/hooks.js');
      const spawn = ${wrapper};
      const log = [];
      process.on('unhandledRejection', (reason) => log.push('unhandledRejection ' + (reason && reason.message)));
      process.on('rejectionHandled', () => log.push('rejectionHandled'));
      ${script}
      setTimeout(() => console.log(JSON.stringify(log)), 30);
    `;
    return JSON.parse(execFileSync(process.execPath, ['-e', code], { cwd: root, encoding: 'utf8' }));
  };
  return { native: run('(f) => f()'), leash: run(`(f) => hooks.spawn('a.ts:1:1 f', f)`), task: run(`(f) => hooks.task('a.ts:1:1 f', f())`) };
}

describe('spawn, native vs leash', () => {
  // The transformer wraps a call whose promise is thrown away, a `.then`/`.catch` chain included
  // (`f().catch(log);` becomes `spawn(site, () => f().catch(log))`): what the chain does is inside.
  it('values, reasons, sync throws, plain values, the returned promise, and which rejections go unhandled', () => {
    const { native, leash, task } = differential(`
      const returned = [];
      spawn(() => (async () => 1)().then((v) => log.push('value ' + v)));
      spawn(() => Promise.reject(new Error('handled')).catch((e) => log.push('caught ' + e.message)));
      spawn(() => Promise.reject(new Error('discarded')));
      spawn(() => (async () => { throw new Error('late'); })().then(() => {}));
      try { spawn(() => { throw new Error('sync'); }); } catch (e) { log.push('threw ' + e.message); }
      log.push('plain ' + spawn(() => 42));
      const own = Promise.resolve(7);
      log.push('same promise ' + (spawn(() => own) === own));
    `);
    expect(leash).toEqual(native);
    expect(task).toEqual(native);
    expect(native).toContain('unhandledRejection discarded');
    expect(native).toContain('same promise true');
  });

  it('a merely thenable result (a lazy query builder, p-lazy) is returned untouched and its then is never called', async () => {
    let thenCalls = 0;
    const builder = {
      then(resolve: (v: string) => void) {
        thenCalls++;
        resolve('rows');
      },
    };
    expect(hooks.spawn(SITE, () => builder)).toBe(builder);
    class Lazy extends Promise<string> {
      override then<A = string, B = never>(onFulfilled?: ((v: string) => A | PromiseLike<A>) | null, onRejected?: ((r: unknown) => B | PromiseLike<B>) | null): Promise<A | B> {
        thenCalls++;
        return Promise.resolve('started').then(onFulfilled, onRejected);
      }
    }
    const lazy = new Lazy(() => {});
    expect(hooks.spawn(SITE, () => lazy)).toBe(lazy);
    expect(hooks.task(SITE, builder)).toBe(builder);
    expect(hooks.task(SITE, lazy)).toBe(lazy);
    await new Promise((r) => setTimeout(r, 5));
    expect(thenCalls).toBe(0);
    expect(find()).toEqual([]);
  });

  it.each(['spawn', 'task'])('a native promise is tracked until it settles (%s)', async (form) => {
    let finish!: (v: number) => void;
    const start = () => new Promise<number>((r) => (finish = r));
    const task = form === 'spawn' ? hooks.spawn(SITE, start) : hooks.task(SITE, start());
    expect(find()).toHaveLength(1);
    finish(3);
    expect(await task).toBe(3);
  });
});

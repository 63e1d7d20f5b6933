/**
 * Native indistinguishability of the timer hooks: the same script runs against the globals and
 * through leash's hooks, under a real clock and under @sinonjs/fake-timers installed after leash
 * loaded, and logs everything it can observe — return values, `this`, arguments, what the fake
 * clock counts (`countTimers()`), firing order, clears by either side.
 */
import FakeTimers from '@sinonjs/fake-timers';
import { mock } from 'node:test';
import { afterEach, describe, expect, it } from 'vitest';
import * as hooks from '../../runtime/hooks';
import { find } from '../../runtime/testing';

const SITE = 'test/differential-timers.ts:1:1 script';

afterEach(() => {
  expect(find()).toEqual([]);
});

type Fn = (...args: any[]) => void;
interface Api {
  setTimeout(fn: Fn, ms?: number, ...args: any[]): any;
  setInterval(fn: Fn, ms?: number, ...args: any[]): any;
  setImmediate(fn: Fn, ...args: any[]): any;
  clearTimeout(handle: any): void;
  clearInterval(handle: any): void;
  clearImmediate(handle: any): void;
}
const leash: Api = {
  setTimeout: (fn, ms, ...args) => hooks.setTimeout(SITE, fn, ms, ...args),
  setInterval: (fn, ms, ...args) => hooks.setInterval(SITE, fn, ms, ...args),
  setImmediate: (fn, ...args) => hooks.setImmediate(SITE, fn, ...args),
  clearTimeout: (h) => hooks.clearTimeout(SITE, h),
  clearInterval: (h) => hooks.clearInterval(SITE, h),
  clearImmediate: (h) => hooks.clearImmediate(SITE, h),
};

/** `owner.setTimeout(...)` as written on an object (`window.setTimeout`, `global.setTimeout`), natively and through the `...On` hooks. */
const nativeOn = (owner: Api): Api => ({
  setTimeout: (fn, ms, ...args) => owner.setTimeout(fn, ms, ...args),
  setInterval: (fn, ms, ...args) => owner.setInterval(fn, ms, ...args),
  setImmediate: (fn, ...args) => owner.setImmediate(fn, ...args),
  clearTimeout: (h) => owner.clearTimeout(h),
  clearInterval: (h) => owner.clearInterval(h),
  clearImmediate: (h) => owner.clearImmediate(h),
});
/** The globals, as plain code calls them. */
const native = nativeOn(globalThis);
const leashOn = (owner: Api): Api => ({
  setTimeout: (fn, ms, ...args) => hooks.setTimeoutOn(SITE, owner as typeof globalThis, fn, ms, ...args),
  setInterval: (fn, ms, ...args) => hooks.setIntervalOn(SITE, owner as typeof globalThis, fn, ms, ...args),
  setImmediate: (fn, ...args) => hooks.setImmediateOn(SITE, owner as typeof globalThis, fn, ...args),
  clearTimeout: (h) => hooks.clearTimeoutOn(SITE, owner as typeof globalThis, h),
  clearInterval: (h) => hooks.clearIntervalOn(SITE, owner as typeof globalThis, h),
  clearImmediate: (h) => hooks.clearImmediateOn(SITE, owner as typeof globalThis, h),
});

const kind = (v: unknown) => (v === null ? 'null' : typeof v === 'object' ? (Object.getPrototypeOf(v)?.constructor?.name ?? 'object') : typeof v);

/** The script: every timer kind, nested timers, clears from either side, `this` and arguments. */
function script(api: Api, log: string[], count: () => string) {
  const handles: unknown[] = [];
  const t1 = api.setTimeout(function (this: unknown, a: unknown, b: unknown) {
    log.push(`t1 this=${this === t1 ? 'handle' : kind(this)} args=${a},${b}`);
    handles.push(api.setTimeout(() => log.push('nested'), 5));
  }, 10, 'a', 2);
  log.push(`setTimeout returns ${kind(t1)} ${count()}`);
  let ticks = 0;
  const i1 = api.setInterval(function (this: unknown) {
    log.push(`i1 tick ${++ticks} this=${this === i1 ? 'handle' : kind(this)}`);
    if (ticks === 3) api.clearInterval(i1);
  }, 4);
  log.push(`setInterval returns ${kind(i1)} ${count()}`);
  const im = api.setImmediate((x: unknown) => log.push(`immediate ${x}`), 'x');
  log.push(`setImmediate returns ${kind(im)} ${count()}`);
  const cleared = api.setTimeout(() => log.push('never'), 1);
  api.clearTimeout(cleared);
  const clearedImmediate = api.setImmediate(() => log.push('never immediate'));
  api.clearImmediate(clearedImmediate);
  api.clearTimeout(undefined);
  log.push(`after clears ${count()}`);
  if (typeof t1 === 'object' && t1 !== null && 'hasRef' in t1) log.push(`hasRef ${(t1 as NodeJS.Timeout).hasRef()} unref returns same ${(t1 as NodeJS.Timeout).unref() === t1}`);
}

describe('timer hooks, native vs leash', () => {
  it('under @sinonjs/fake-timers installed after leash loaded: same log, same countTimers(), runAll() finishes', () => {
    const run = (api: Api) => {
      const clock = FakeTimers.install();
      const log: string[] = [];
      try {
        script(api, log, () => `count=${clock.countTimers()}`);
        log.push(`ran ${clock.runAll()}`);
        log.push(`end count=${clock.countTimers()}`);
      } finally {
        clock.uninstall();
      }
      return log;
    };
    const n = run(native);
    expect(run(leash)).toEqual(n);
    expect(run(leashOn(globalThis))).toEqual(n);
    expect(n).toContain('end count=0');
  });

  it('on an object that is not the global one (a stubbed `window`): its own functions are called, on it, with the caller\'s arguments', async () => {
    /** A `window` stand-in: records each call with its `this`, and runs the timer on the real clock (a DOM-style number for a handle). */
    const stub = () => {
      const calls: [name: string, self: unknown, ...args: unknown[]][] = [];
      const record = (name: string, real: Fn) =>
        function (this: unknown, ...args: unknown[]) {
          calls.push([name, this, ...args]);
          return +(real as (...a: unknown[]) => number)(...args);
        };
      const owner: Api = {
        setTimeout: record('setTimeout', globalThis.setTimeout as Fn),
        setInterval: record('setInterval', globalThis.setInterval as Fn),
        setImmediate: record('setImmediate', (fn: Fn, ...args: unknown[]) => globalThis.setTimeout(fn, 0, ...args)),
        clearTimeout: record('clearTimeout', globalThis.clearTimeout as Fn),
        clearInterval: record('clearInterval', globalThis.clearInterval as Fn),
        clearImmediate: record('clearImmediate', globalThis.clearTimeout as Fn),
      };
      return { owner, calls };
    };
    const run = async (through: (owner: Api) => Api) => {
      const { owner, calls } = stub();
      const api = through(owner);
      const log: string[] = [];
      const callback = () => log.push('fired');
      const handle = api.setTimeout(callback, 5, 'arg');
      api.clearTimeout(handle);
      api.clearInterval(api.setInterval(callback, 5));
      api.setImmediate(callback);
      log.push(`live ${find().length}`);
      for (const [name, self, fn, ...rest] of calls) log.push(`${name} this=${self === owner ? 'owner' : kind(self)} ${fn === callback ? 'callback' : kind(fn)} ${rest.join(',')}`);
      await new Promise((resolve) => globalThis.setTimeout(resolve, 10));
      log.push(`after 10 ms live ${find().length}`);
      return log;
    };
    const n = await run(nativeOn);
    expect(n).toContain('setTimeout this=owner callback 5,arg');
    const l = await run(leashOn);
    // the same calls; leash's registry holds the immediate until its (estimated) end
    expect(l.filter((line) => !line.startsWith('live'))).toEqual(n.filter((line) => !line.startsWith('live')));
    expect([n.find((line) => line.startsWith('live')), l.find((line) => line.startsWith('live'))]).toEqual(['live 0', 'live 1']);
  });

  /**
   * A spy on the global (`vi.spyOn(globalThis, 'setTimeout')`), over the real clock and over a
   * fake one: what the spy was called with, by identity (`toHaveBeenCalledWith(callback, 100)`),
   * and what the clock holds once every timer ran or was cleared.
   */
  for (const clockKind of ['real', 'fake'] as const) {
    it(`under a spy on setTimeout and setImmediate over the ${clockKind} clock: the spy sees the caller's own callbacks`, async () => {
      const run = async (api: Api) => {
        const clock = clockKind === 'fake' ? FakeTimers.install() : undefined;
        const spied = { setTimeout: globalThis.setTimeout, setImmediate: globalThis.setImmediate };
        const calls: unknown[][] = [];
        globalThis.setTimeout = Object.assign((...args: any[]) => (calls.push(args), (spied.setTimeout as Fn)(...args)), spied.setTimeout) as typeof setTimeout;
        globalThis.setImmediate = Object.assign((...args: any[]) => (calls.push(args), (spied.setImmediate as Fn)(...args)), spied.setImmediate) as typeof setImmediate;
        const log: string[] = [];
        try {
          const fired = new Promise<void>((resolve) => {
            const callback = () => {
              log.push('fired');
              resolve();
            };
            api.setTimeout(callback, 5, 'arg');
            api.setImmediate(callback);
            const cleared = () => log.push('never');
            api.clearTimeout(api.setTimeout(cleared, 1));
            log.push(`spy saw ${calls.map(([fn, ...rest]) => `${fn === callback ? 'callback' : fn === cleared ? 'cleared' : 'another function'}(${rest.join(',')})`).join(' ')}`);
          });
          if (clock !== undefined) log.push(`ran ${clock.runAll()} count=${clock.countTimers()}`);
          await fired;
          if (clock === undefined) await new Promise((resolve) => spied.setTimeout(resolve, 20));
        } finally {
          globalThis.setTimeout = spied.setTimeout;
          globalThis.setImmediate = spied.setImmediate;
          clock?.uninstall();
        }
        return log;
      };
      const n = await run(native);
      expect(n[0]).toBe('spy saw callback(5,arg) callback() cleared(1)');
      expect(await run(leash)).toEqual(n);
    });
  }

  it("under node:test's mock timers: the handle holds the caller's callback, and a timer that ran or was cleared leaves the report", () => {
    const run = (api: Api) => {
      mock.timers.enable({ apis: ['setTimeout'] });
      const log: string[] = [];
      try {
        const callback = () => log.push('fired');
        const handle = api.setTimeout(callback, 5);
        const later = api.setTimeout(callback, 50);
        api.clearTimeout(api.setTimeout(callback, 1));
        log.push(`handle holds ${handle.callback === callback ? 'callback' : 'another function'}, live ${find().length}`);
        mock.timers.tick(10);
        log.push(`after 10 ms live ${find().length}`);
        api.clearTimeout(later);
        log.push(`after the clear live ${find().length}`);
      } finally {
        mock.timers.reset();
      }
      return log;
    };
    const n = run(native);
    expect(n).toEqual(['handle holds callback, live 0', 'fired', 'after 10 ms live 0', 'after the clear live 0']);
    expect(run(leash)).toEqual(['handle holds callback, live 2', 'fired', 'after 10 ms live 1', 'after the clear live 0']);
  });

  it('under a setTimeout that returns numbers (a DOM-style global): the timer is live until its delay has passed, not forever', async () => {
    const real = globalThis.setTimeout;
    let ids = 0;
    globalThis.setTimeout = ((fn: Fn, ms?: number) => (real(fn, ms), ++ids)) as unknown as typeof setTimeout;
    let fired = 0;
    try {
      hooks.setTimeout(SITE, () => fired++, 30);
    } finally {
      globalThis.setTimeout = real;
    }
    expect(find().map((leak) => leak.kind)).toEqual(['timeout']);
    for (let waited = 0; waited < 5000 && (fired === 0 || find().length > 0); waited += 10) await new Promise((resolve) => real(resolve, 10));
    expect([fired, find()]).toEqual([1, []]);
  });

  // Under a real clock on a loaded machine, timers due at different times may interleave
  // differently from run to run, so this compares what happened, not in which order.
  it('under the real clock: same events', async () => {
    const run = async (api: Api) => {
      const log: string[] = [];
      script(api, log, () => '');
      // Until every timer has run (the machine may be slow), then a little longer for strays.
      for (let waited = 0; waited < 5000 && !(log.includes('nested') && log.includes('i1 tick 3 this=handle')); waited += 10) {
        await new Promise((resolve) => globalThis.setTimeout(resolve, 10));
      }
      await new Promise((resolve) => globalThis.setTimeout(resolve, 20));
      return log;
    };
    const n = (await run(native)).sort();
    expect((await run(leash)).sort()).toEqual(n);
    expect((await run(leashOn(globalThis))).sort()).toEqual(n);
    expect(n).toContain('nested');
  });
});

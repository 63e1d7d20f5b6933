import { afterEach, describe, expect, it, vi } from 'vitest';
import { configure, registry, Scope } from '../../runtime/index';
import * as hooks from '../../runtime/hooks';
import { find } from '../../runtime/testing';
import { timerIds } from '../../runtime/entry';

const SITE = 'test/timers.ts:1:1 fn';

afterEach(() => {
  vi.useRealTimers();
  configure({ mode: 'bind' });
});

describe('timer wrappers', () => {
  it('return the native Node Timeout, with ref/unref/refresh/hasRef/toPrimitive', () => {
    const handle = hooks.setTimeout(SITE, () => {}, 10_000);
    const native = setTimeout(() => {}, 10_000);
    expect(Object.getPrototypeOf(handle)).toBe(Object.getPrototypeOf(native));
    expect(handle.hasRef()).toBe(true);
    expect(handle.unref()).toBe(handle);
    expect(handle.hasRef()).toBe(false);
    expect(handle.ref()).toBe(handle);
    expect(handle.refresh()).toBe(handle);
    expect(typeof +handle).toBe('number');
    hooks.clearTimeout(SITE, handle);
    clearTimeout(native);
    expect(find()).toEqual([]);
  });

  it('call the current global, so fake timers drive them', () => {
    vi.useFakeTimers();
    const fired: string[] = [];
    hooks.setTimeout(SITE, (a: string) => fired.push(a), 1000, 'timeout');
    const interval = hooks.setInterval(SITE, () => fired.push('interval'), 400);
    expect(find().map((l) => l.kind).sort()).toEqual(['interval', 'timeout']);
    vi.advanceTimersByTime(1000);
    expect(fired).toEqual(['interval', 'interval', 'timeout']);
    // The fired timeout ended; the interval is alive until cleared.
    expect(find().map((l) => l.kind)).toEqual(['interval']);
    for (const leak of find()) expect(leak.site).toBe('test/timers.ts:1:1');
    hooks.clearInterval(SITE, interval);
    vi.advanceTimersByTime(1000);
    expect(fired).toHaveLength(3);
    expect(find()).toEqual([]);
  });

  it('keep `this` and the arguments of the callback', async () => {
    const seen = await new Promise<[unknown, unknown[]]>((resolve) => {
      const handle = hooks.setTimeout(SITE, function (this: unknown, ...args: unknown[]) {
        resolve([this === handle, args]);
      }, 1, 'a', 2);
    });
    expect(seen).toEqual([true, ['a', 2]]);
    expect(find()).toEqual([]);
  });

  it('a native clearTimeout on a wrapped timer works, and the entry is not reported alive', async () => {
    let fired = false;
    const handle = hooks.setTimeout(SITE, () => (fired = true), 5);
    const interval = hooks.setInterval(SITE, () => (fired = true), 5);
    const immediate = hooks.setImmediate(SITE, () => (fired = true));
    clearTimeout(handle);
    clearInterval(interval);
    clearImmediate(immediate);
    await new Promise((r) => setTimeout(r, 20));
    expect(fired).toBe(false);
    expect(find()).toEqual([]);
    expect(registry.snapshot().live).toBe(0);
  });

  it('timers whose handles are numbers (as outside Node) are found by id and forgotten when they end', () => {
    const realSet = globalThis.setInterval;
    globalThis.setInterval = ((...args: Parameters<typeof setInterval>) => +realSet(...args)) as unknown as typeof setInterval;
    try {
      const scope = new Scope();
      const released = scope.run(() => hooks.setInterval(SITE, () => {}, 1000));
      const cleared = hooks.setInterval(SITE, () => {}, 1000);
      expect(typeof released).toBe('number');
      expect(timerIds.size).toBe(2);
      hooks.clearInterval(SITE, cleared);
      scope.abort();
      expect(timerIds.size).toBe(0);
      expect(find()).toEqual([]);
    } finally {
      globalThis.setInterval = realSet;
    }
  });

  it('setImmediate runs its callback once and then is no longer reported', async () => {
    const ran = await new Promise<number>((resolve) => hooks.setImmediate(SITE, (n: number) => resolve(n), 7));
    expect(ran).toBe(7);
    expect(find()).toEqual([]);
  });

  it('bind mode: ending a scope clears its timers', async () => {
    const scope = new Scope({ name: 'req' });
    let ticks = 0;
    let timeouts = 0;
    scope.run(() => {
      hooks.setInterval(SITE, () => ticks++, 2);
      hooks.setTimeout(SITE, () => timeouts++, 10);
      hooks.setImmediate(SITE, () => timeouts++);
    });
    expect(find({ scope }).map((l) => [l.kind, l.scopePath])).toHaveLength(3);
    scope.abort();
    const before = ticks;
    await new Promise((r) => setTimeout(r, 30));
    expect(ticks).toBe(before);
    expect(timeouts).toBe(0);
    expect(find()).toEqual([]);
  });

  it('track mode: ending a scope changes nothing, the timers stay reported', async () => {
    configure({ mode: 'track' });
    const scope = new Scope();
    let ticks = 0;
    const handle = scope.run(() => hooks.setInterval(SITE, () => ticks++, 2));
    scope.abort();
    await new Promise((r) => setTimeout(r, 20));
    expect(ticks).toBeGreaterThan(0);
    expect(find().map((l) => [l.kind, l.scopeEnded])).toEqual([['interval', true]]);
    hooks.clearInterval(SITE, handle);
    expect(find()).toEqual([]);
  });

  it('a timer started in an ended scope is ended at once, so a re-arming callback cannot escape', async () => {
    const scope = new Scope();
    let runs = 0;
    const rearm = () => {
      runs++;
      hooks.setTimeout(SITE, rearm, 1);
    };
    scope.run(() => hooks.setTimeout(SITE, rearm, 1));
    await new Promise((r) => setTimeout(r, 15));
    expect(runs).toBeGreaterThan(1);
    scope.abort();
    const at = runs;
    await new Promise((r) => setTimeout(r, 15));
    expect(runs).toBe(at);
    // Started directly in the ended scope: a real handle, the callback never runs.
    const late = scope.run(() => hooks.setTimeout(SITE, () => runs++, 1));
    expect(typeof late.hasRef).toBe('function');
    await new Promise((r) => setTimeout(r, 10));
    expect(runs).toBe(at);
    expect(find()).toEqual([]);
  });
});


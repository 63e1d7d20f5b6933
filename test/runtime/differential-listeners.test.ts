/**
 * Native indistinguishability of the listener hooks: each script runs once against the native
 * methods and once through leash's hooks, and everything it can observe — return values, `this`,
 * which function the target's own (overridden) methods receive, how often they are called, once
 * and re-entrancy, de-duplication — must be the same log.
 */
import { EventEmitter } from 'node:events';
import { afterEach, describe, expect, it } from 'vitest';
import { configure } from '../../runtime/index';
import * as hooks from '../../runtime/hooks';
import type { AddMethod, ListenerOptions, RemoveMethod } from '../../runtime/hooks';
import { find } from '../../runtime/testing';

const SITE = 'test/differential-listeners.ts:1:1 script';

afterEach(() => {
  configure({ mode: 'bind' });
});

interface Api {
  add(target: EventTarget, type: string, listener: any, options?: boolean | ListenerOptions): void;
  remove(target: EventTarget, type: string, listener: any, options?: boolean | ListenerOptions): void;
  on(emitter: EventEmitter, method: AddMethod, event: string, listener: (...args: any[]) => void): unknown;
  off(emitter: EventEmitter, method: RemoveMethod, event: string, listener: (...args: any[]) => void): unknown;
}

const native: Api = {
  add: (t, type, l, o) => t.addEventListener(type, l, o),
  remove: (t, type, l, o) => t.removeEventListener(type, l, o),
  on: (e, method, event, l) => e[method](event, l),
  off: (e, method, event, l) => e[method](event, l),
};
const leash: Api = {
  add: (t, type, l, o) => hooks.addEventListener(SITE, t, type, l, o),
  remove: (t, type, l, o) => hooks.removeEventListener(SITE, t, type, l, o),
  on: (e, method, event, l) => hooks.addListener(SITE, e, method, event, l),
  off: (e, method, event, l) => hooks.removeListener(SITE, e, method, event, l),
};

/** Names what a target override or a listener receives: one of the script's own functions, or not. */
function namer(known: Record<string, unknown>): (value: unknown) => string {
  return (value) => Object.entries(known).find(([, v]) => v === value)?.[0] ?? `foreign ${typeof value}`;
}

/** An EventTarget whose own methods log what they receive, like a subclass in user code. */
function loggingTarget(log: string[], name: (v: unknown) => string): EventTarget {
  return new (class extends EventTarget {
    override addEventListener(type: string, listener: any, options?: any) {
      log.push(`target.add ${type} ${name(listener)} ${JSON.stringify(options)}`);
      super.addEventListener(type, listener, options);
    }
    override removeEventListener(type: string, listener: any, options?: any) {
      log.push(`target.remove ${type} ${name(listener)} ${JSON.stringify(options)}`);
      super.removeEventListener(type, listener, options);
    }
  })();
}

/** An EventEmitter whose own methods log what they receive and what they return. */
function loggingEmitter(log: string[], name: (v: unknown) => string): EventEmitter {
  const emitter = new EventEmitter();
  for (const method of ['on', 'addListener', 'once', 'prependListener', 'prependOnceListener', 'off', 'removeListener'] as const) {
    const own = emitter[method].bind(emitter);
    emitter[method] = (event: string | symbol, listener: (...args: any[]) => void) => {
      log.push(`emitter.${method} ${String(event)} ${name(listener)}`);
      return own(event, listener);
    };
  }
  return emitter;
}

function differential(script: (api: Api, log: string[]) => void): { native: string[]; leash: string[] } {
  const run = (api: Api) => {
    const log: string[] = [];
    script(api, log);
    return log;
  };
  return { native: run(native), leash: run(leash) };
}

describe('EventTarget hooks, native vs leash', () => {
  it('a once listener: the target receives the caller function, and one remove call removes it', () => {
    const { native: n, leash: l } = differential((api, log) => {
      const listener = function (this: unknown) {
        log.push(`fired this=${this === target}`);
      };
      const name = namer({ listener });
      const target = loggingTarget(log, name);
      api.add(target, 'x', listener, { once: true });
      api.remove(target, 'x', listener);
      target.dispatchEvent(new Event('x'));
      api.add(target, 'y', listener, { once: true });
      target.dispatchEvent(new Event('y'));
      target.dispatchEvent(new Event('y'));
    });
    expect(l).toEqual(n);
    expect(n.filter((line) => line.startsWith('target.remove'))).toHaveLength(1);
    expect(find()).toEqual([]);
  });

  it('the same once listener added twice is added once (de-duplication), and again after it fired', () => {
    const { native: n, leash: l } = differential((api, log) => {
      const listener = { handleEvent: () => log.push('fired') };
      const target = loggingTarget(log, namer({ listener }));
      api.add(target, 'x', listener, { once: true });
      api.add(target, 'x', listener, { once: true });
      api.add(target, 'x', listener);
      target.dispatchEvent(new Event('x'));
      target.dispatchEvent(new Event('x'));
      api.add(target, 'x', listener, { once: true });
      target.dispatchEvent(new Event('x'));
      api.add(target, 'x', listener, true);
      api.remove(target, 'x', listener, { capture: true });
      api.remove(target, 'x', listener, false);
    });
    expect(l).toEqual(n);
    expect(n.filter((line) => line === 'fired')).toHaveLength(2);
    expect(find()).toEqual([]);
  });

  it('capture, passive, { signal } and re-entrant dispatch', () => {
    const { native: n, leash: l } = differential((api, log) => {
      const controller = new AbortController();
      let depth = 0;
      const listener = (event: Event) => {
        log.push(`fired ${event.type} depth=${depth} phase=${event.eventPhase}`);
        if (depth++ < 2) target.dispatchEvent(new Event(event.type));
      };
      const target = loggingTarget(log, namer({ listener }));
      api.add(target, 'x', listener, { once: true, capture: true, passive: true, signal: controller.signal });
      api.add(target, 'x', listener, { once: true });
      target.dispatchEvent(new Event('x'));
      api.add(target, 'z', listener, { signal: controller.signal });
      controller.abort();
      target.dispatchEvent(new Event('z'));
      api.add(target, 'z', listener, { signal: controller.signal });
      target.dispatchEvent(new Event('z'));
    });
    expect(l).toEqual(n);
    expect(find()).toEqual([]);
  });
});

describe('EventEmitter hooks, native vs leash', () => {
  it('once runs once under a re-entrant emit, and a subclass once/prependOnceListener override is called', () => {
    const { native: n, leash: l } = differential((api, log) => {
      const overrides = new (class extends EventEmitter {
        override once(event: string | symbol, listener: (...args: any[]) => void) {
          log.push(`override once ${String(event)} ${name(listener)}`);
          return super.once(event, listener);
        }
        override prependOnceListener(event: string | symbol, listener: (...args: any[]) => void) {
          log.push(`override prependOnceListener ${String(event)} ${name(listener)}`);
          return super.prependOnceListener(event, listener);
        }
      })();
      const listener = function (this: unknown, value: number) {
        log.push(`fired ${value} this=${this === overrides}`);
        if (value < 3) overrides.emit('x', value + 1);
      };
      const first = (value: number) => log.push(`first ${value}`);
      const name = namer({ listener, first });
      log.push(`returns emitter: ${api.on(overrides, 'once', 'x', listener) === overrides}`);
      log.push(`returns emitter: ${api.on(overrides, 'prependOnceListener', 'x', first) === overrides}`);
      log.push(`listeners: ${overrides.listeners('x').map(name).join(',')}`);
      log.push(`raw: ${overrides.rawListeners('x').map((f) => name((f as { listener?: unknown }).listener)).join(',')}`);
      overrides.emit('x', 1);
      log.push(`count after: ${overrides.listenerCount('x')}`);
    });
    expect(l).toEqual(n);
    expect(n.filter((line) => line.startsWith('fired'))).toHaveLength(1);
    expect(find()).toEqual([]);
  });

  it('on/addListener/prepend*/off/removeListener: same calls, same order, same returns', () => {
    const { native: n, leash: l } = differential((api, log) => {
      const a = () => log.push('a');
      const b = () => log.push('b');
      const name = namer({ a, b });
      const emitter = loggingEmitter(log, name);
      const methods: AddMethod[] = ['on', 'addListener', 'prependListener', 'once', 'prependOnceListener'];
      for (const method of methods) log.push(`${method} returns emitter: ${api.on(emitter, method, 'x', method.startsWith('prepend') ? b : a) === emitter}`);
      log.push(`listeners: ${emitter.listeners('x').map(name).join(',')}`);
      emitter.emit('x');
      log.push(`off returns emitter: ${api.off(emitter, 'off', 'x', a) === emitter}`);
      api.off(emitter, 'removeListener', 'x', b);
      log.push(`listeners: ${emitter.listeners('x').map(name).join(',')}`);
      api.on(emitter, 'once', 'y', a);
      api.off(emitter, 'off', 'y', a);
      emitter.emit('y');
      api.off(emitter, 'off', 'x', a);
      log.push(`left: ${emitter.listenerCount('x')} ${emitter.listenerCount('y')}`);
    });
    expect(l).toEqual(n);
    expect(find()).toEqual([]);
  });
});

import { EventEmitter, getEventListeners } from 'node:events';
import { afterEach, describe, expect, it } from 'vitest';
import { configure, registry, Scope } from '../../runtime/index';
import { collectGarbage } from '../../runtime/gc';
import * as hooks from '../../runtime/hooks';
import { find } from '../../runtime/testing';

const SITE = 'test/listeners.ts:3:5 handle';

afterEach(() => {
  configure({ mode: 'bind' });
  expect(find()).toEqual([]);
});

describe('EventTarget wrappers', () => {
  it('keep `this`, capture, passive and once; once ends the entry when it fires', () => {
    const target = new EventTarget();
    const calls: string[] = [];
    const selves: unknown[] = [];
    function plain(this: unknown) {
      selves.push(this);
      calls.push('plain');
    }
    const passive = (event: Event) => {
      event.preventDefault();
      calls.push(`passive:${event.defaultPrevented}`);
    };
    hooks.addEventListener(SITE, target, 'x', plain);
    hooks.addEventListener(SITE, target, 'x', passive, { passive: true });
    hooks.addEventListener(SITE, target, 'x', { handleEvent: () => calls.push('once') }, { once: true });
    expect(find()).toHaveLength(3);
    target.dispatchEvent(new Event('x', { cancelable: true }));
    target.dispatchEvent(new Event('x', { cancelable: true }));
    expect(selves[0]).toBe(target);
    // `passive` is passed through: whatever this Node does with it natively, it does here too.
    const native = new EventTarget();
    let nativePrevented: boolean | undefined;
    native.addEventListener('x', (event) => {
      event.preventDefault();
      nativePrevented = event.defaultPrevented;
    }, { passive: true });
    native.dispatchEvent(new Event('x', { cancelable: true }));
    const p = `passive:${nativePrevented}`;
    expect(calls).toEqual(['plain', p, 'once', 'plain', p]);
    expect(find()).toHaveLength(2);
    hooks.removeEventListener(SITE, target, 'x', plain);
    hooks.removeEventListener(SITE, target, 'x', passive);
  });

  it('keeps native de-duplication and capture matching: the registry holds what the target holds', () => {
    type Step = [op: 'add' | 'remove', type: string, options?: boolean | { capture?: boolean; once?: boolean }];
    const steps: Step[] = [
      ['add', 'x'], ['add', 'x'], ['add', 'x', { once: true }],
      ['add', 'y', { capture: true }], ['add', 'y', true], ['add', 'y', { capture: true }],
      ['add', 'z', true], ['remove', 'z'],
    ];
    const run = (add: (t: EventTarget, type: string, l: () => void, o?: Step[2]) => void, remove: typeof add) => {
      const target = new EventTarget();
      const counter = { calls: 0 };
      const listener = () => counter.calls++;
      for (const [op, type, options] of steps) (op === 'add' ? add : remove)(target, type, listener, options);
      for (const type of ['x', 'y', 'z']) target.dispatchEvent(new Event(type));
      const held = ['x', 'y', 'z'].reduce((n, type) => n + getEventListeners(target, type).length, 0);
      return { target, listener, counter, held };
    };
    const native = run((t, type, l, o) => t.addEventListener(type, l, o), (t, type, l, o) => t.removeEventListener(type, l, o));
    const wrapped = run(
      (t, type, l, o) => hooks.addEventListener(SITE, t, type, l, o),
      (t, type, l, o) => hooks.removeEventListener(SITE, t, type, l, o),
    );
    expect(wrapped.counter.calls).toBe(native.counter.calls);
    expect(wrapped.held).toBe(native.held);
    expect(find()).toHaveLength(native.held);
    for (const type of ['x', 'y', 'z']) {
      hooks.removeEventListener(SITE, wrapped.target, type, wrapped.listener);
      hooks.removeEventListener(SITE, wrapped.target, type, wrapped.listener, { capture: true });
    }
    expect(getEventListeners(wrapped.target, 'y')).toHaveLength(0);
    expect(getEventListeners(wrapped.target, 'z')).toHaveLength(0);
  });

  it('removes a once listener by the function the caller passed', () => {
    const target = new EventTarget();
    let calls = 0;
    const listener = () => calls++;
    hooks.addEventListener(SITE, target, 'x', listener, { once: true });
    hooks.removeEventListener(SITE, target, 'x', listener);
    target.dispatchEvent(new Event('x'));
    expect(calls).toBe(0);
  });

  it('works on an AbortSignal, and a listener with its own { signal } is swept once that aborts', () => {
    const controller = new AbortController();
    const own = new AbortController();
    let aborted = 0;
    const onAbort = () => aborted++;
    hooks.addEventListener(SITE, controller.signal, 'abort', onAbort);
    hooks.addEventListener(SITE, new EventTarget(), 'x', () => {}, { signal: own.signal });
    expect(find()).toHaveLength(2);
    own.abort();
    expect(find()).toHaveLength(1);
    controller.abort();
    expect(aborted).toBe(1);
    // Natively an 'abort' listener stays on the signal after it fired, until removed; it can
    // never run again, so it is no longer reported (below).
    expect(getEventListeners(controller.signal, 'abort')).toEqual([onAbort]);
    expect(find()).toEqual([]);
    hooks.removeEventListener(SITE, controller.signal, 'abort', onAbort);
    expect(getEventListeners(controller.signal, 'abort')).toEqual([]);
  });

  it('a once listener that fired ends its entry even when the same function is still registered with capture', () => {
    // The platform lists a function once per registration, without saying which: leash counts.
    const target = new EventTarget();
    let calls = 0;
    const listener = () => calls++;
    hooks.addEventListener(SITE, target, 'x', listener, { capture: true });
    hooks.addEventListener(SITE, target, 'x', listener, { once: true });
    expect(find()).toHaveLength(2);
    target.dispatchEvent(new Event('x'));
    expect([calls, getEventListeners(target, 'x').length, find().length]).toEqual([2, 1, 1]);
    hooks.removeEventListener(SITE, target, 'x', listener, { capture: true });
    expect([getEventListeners(target, 'x').length, find().length]).toEqual([0, 0]);
  });

  it('bind mode: ending the scope removes its listeners; track mode leaves them', () => {
    const target = new EventTarget();
    let calls = 0;
    const bound = new Scope();
    bound.run(() => hooks.addEventListener(SITE, target, 'x', () => calls++));
    bound.abort();
    target.dispatchEvent(new Event('x'));
    expect(calls).toBe(0);

    configure({ mode: 'track' });
    const tracked = new Scope();
    const listener = () => calls++;
    tracked.run(() => hooks.addEventListener(SITE, target, 'x', listener));
    tracked.abort();
    target.dispatchEvent(new Event('x'));
    expect(calls).toBe(1);
    expect(find().map((l) => l.scopeEnded)).toEqual([true]);
    hooks.removeEventListener(SITE, target, 'x', listener);
  });
});

describe('abort listeners on a signal that has aborted', () => {
  // A signal fires `abort` once: its abort listeners can never run again, though plain code
  // leaves them registered. xstate's tests keep such a signal reachable through a mock's
  // recorded event, and leash/vitest reported the listener as the test's leak.
  it('end when the signal aborts, and are not reported; the signal keeps them, as natively', () => {
    const controller = new AbortController();
    const onAbort = (): void => {};
    hooks.addEventListener(SITE, controller.signal, 'abort', onAbort);
    const other = new EventTarget();
    const onOther = (): void => {};
    hooks.addEventListener(SITE, other, 'abort', onOther);
    expect(find()).toHaveLength(2);
    controller.abort();
    other.dispatchEvent(new Event('abort'));
    // Another EventTarget's `abort` may fire again: its listener stays.
    expect(find()).toMatchObject([{ kind: 'listener', site: 'test/listeners.ts:3:5' }]);
    expect(getEventListeners(controller.signal, 'abort')).toEqual([onAbort]);
    hooks.removeEventListener(SITE, other, 'abort', onOther);
  });

  it('added after the signal aborted: never reported', () => {
    const signal = AbortSignal.abort();
    hooks.addEventListener(SITE, signal, 'abort', () => {});
    expect(find()).toEqual([]);
  });
});

describe('EventEmitter wrappers', () => {
  it('return what the native method returns and keep `this`, order and listeners()', () => {
    const emitter = new EventEmitter();
    const order: string[] = [];
    const selves: unknown[] = [];
    const a = function (this: unknown) {
      selves.push(this);
      order.push('a');
    };
    const b = () => order.push('b');
    expect(hooks.addListener(SITE, emitter, 'on', 'x', a)).toBe(emitter);
    expect(hooks.addListener(SITE, emitter, 'prependListener', 'x', b)).toBe(emitter);
    expect(emitter.listeners('x')).toEqual([b, a]);
    emitter.emit('x');
    expect(order).toEqual(['b', 'a']);
    expect(selves[0]).toBe(emitter);
    expect(hooks.removeListener(SITE, emitter, 'off', 'x', a)).toBe(emitter);
    hooks.removeListener(SITE, emitter, 'removeListener', 'x', b);
    expect(emitter.listenerCount('x')).toBe(0);
  });

  it('once and prependOnceListener fire once, end their entry, and can be removed by the original function', () => {
    const emitter = new EventEmitter();
    const seen: unknown[] = [];
    const listener = (value: unknown) => seen.push(value);
    hooks.addListener(SITE, emitter, 'once', 'x', listener);
    hooks.addListener(SITE, emitter, 'prependOnceListener', 'x', (v: unknown) => seen.push(`first:${v}`));
    expect(emitter.listeners('x')).toHaveLength(2);
    expect(emitter.listeners('x')[1]).toBe(listener);
    emitter.emit('x', 1);
    emitter.emit('x', 2);
    expect(seen).toEqual(['first:1', 1]);
    expect(emitter.listenerCount('x')).toBe(0);

    hooks.addListener(SITE, emitter, 'once', 'y', listener);
    emitter.off('y', listener); // native removal by the original function
    emitter.emit('y', 3);
    expect(seen).toEqual(['first:1', 1]);
    // Native removal behind leash's back: the entry is gone once its wrapper no longer fires.
    hooks.removeListener(SITE, emitter, 'off', 'y', listener);
  });

  it('adding the same function twice registers twice, like Node; each off removes one', () => {
    const emitter = new EventEmitter();
    let calls = 0;
    const listener = () => calls++;
    hooks.addListener(SITE, emitter, 'on', 'x', listener);
    hooks.addListener(SITE, emitter, 'on', 'x', listener);
    expect(find()).toHaveLength(2);
    emitter.emit('x');
    expect(calls).toBe(2);
    hooks.removeListener(SITE, emitter, 'off', 'x', listener);
    expect(find()).toHaveLength(1);
    hooks.removeListener(SITE, emitter, 'off', 'x', listener);
    expect(emitter.listenerCount('x')).toBe(0);
  });

  it('the newest registration is found the same as older ones: interleaved adds and removes across emitters, scopes and listeners', () => {
    // The newest entry is kept off its listener's chain until another chain access (see entry.ts);
    // every order of adds and removes must leave the registry holding what the emitters hold.
    const a = new EventEmitter();
    const b = new EventEmitter();
    const f = () => {};
    const g = () => {};
    const live = () => find().length;
    const held = () => a.listenerCount('x') + a.listenerCount('y') + b.listenerCount('x');
    hooks.addListener(SITE, a, 'on', 'x', f);
    hooks.addListener(SITE, b, 'on', 'x', f); // newest: same function, other emitter
    hooks.removeListener(SITE, a, 'off', 'x', f); // an older registration, while the newest is pending
    expect([live(), held(), b.listenerCount('x')]).toEqual([1, 1, 1]);
    hooks.addListener(SITE, a, 'on', 'y', f);
    hooks.removeListener(SITE, a, 'off', 'x', f); // no match anywhere: nothing ends
    expect([live(), held()]).toEqual([2, 2]);
    hooks.removeListener(SITE, b, 'off', 'x', g); // another function: nothing ends
    expect([live(), held()]).toEqual([2, 2]);
    const scope = new Scope();
    scope.run(() => hooks.addListener(SITE, a, 'on', 'x', g)); // newest, in a scope that ends
    scope.abort();
    expect([live(), held(), a.listenerCount('x')]).toEqual([2, 2, 0]);
    hooks.removeListener(SITE, b, 'off', 'x', f);
    hooks.removeListener(SITE, a, 'off', 'y', f);
    expect([live(), held()]).toEqual([0, 0]);
    const target = new EventTarget();
    hooks.addEventListener(SITE, target, 'x', f, { capture: true });
    hooks.removeEventListener(SITE, target, 'x', f); // capture differs: no match, natively either
    expect([live(), getEventListeners(target, 'x').length]).toEqual([1, 1]);
    hooks.addEventListener(SITE, target, 'x', f, true); // the same registration again: one entry
    expect([live(), getEventListeners(target, 'x').length]).toEqual([1, 1]);
    hooks.removeEventListener(SITE, target, 'x', f, { capture: true });
    expect([live(), getEventListeners(target, 'x').length]).toEqual([0, 0]);
  });

  it('an add/remove pair is counted like any other registration: created and peak in metrics, live in reports while it lasts', () => {
    // The newest listener has no entry until something reads the registry (scope.ts,
    // `registerListener`); reports, metrics and counts must not tell the difference.
    const emitter = new EventEmitter();
    const target = new EventTarget();
    const listener = () => {};
    const site = 'test/listeners.ts:40:1 pair';
    const metric = (name: string) => registry.metrics().split('\n').find((line) => line.startsWith(`${name}{kind="listener",site="${site}"}`));
    hooks.addListener(site, emitter, 'on', 'x', listener);
    expect(registry.snapshot().sites.map((s) => [s.site, s.live, s.created, s.peak])).toEqual([['test/listeners.ts:40:1', 1, 1, 1]]);
    hooks.removeListener(site, emitter, 'off', 'x', listener);
    for (let i = 0; i < 3; i++) {
      hooks.addEventListener(site, target, 'x', listener);
      hooks.removeEventListener(site, target, 'x', listener);
    }
    expect(metric('leash_live')).toBe(`leash_live{kind="listener",site="${site}"} 0`);
    expect(metric('leash_created_total')).toBe(`leash_created_total{kind="listener",site="${site}"} 4`);
    hooks.addEventListener(site, target, 'x', listener);
    hooks.addListener(site, emitter, 'on', 'x', listener);
    expect(registry.live).toBe(2);
    expect(registry.snapshot().sites[0]).toMatchObject({ live: 2, created: 6, peak: 2 });
    hooks.removeEventListener(site, target, 'x', listener);
    hooks.removeListener(site, emitter, 'off', 'x', listener);
    expect([registry.live, emitter.listenerCount('x'), getEventListeners(target, 'x').length]).toEqual([0, 0, 0]);
  });

  it('one function registered plain and once on one event: a remove ends the kind Node removes, and bind mode never removes another scope\'s registration', () => {
    // Node's removeListener takes the last registration of the function in its list, plain or
    // once; prependListener puts a registration first.
    const emitter = new EventEmitter();
    let calls = 0;
    const listener = () => calls++;
    const once = new Scope({ name: 'once' });
    hooks.addListener(SITE, emitter, 'on', 'x', listener); // root, plain
    once.run(() => hooks.addListener(SITE, emitter, 'prependOnceListener', 'x', listener)); // first in the list
    hooks.removeListener(SITE, emitter, 'off', 'x', listener); // Node removes the plain one (last)
    expect(find().map((l) => l.scopePath)).toEqual(['root/once']);
    emitter.emit('x');
    expect([calls, emitter.listenerCount('x'), find().length]).toEqual([1, 0, 0]);

    const plain = new Scope({ name: 'plain' });
    plain.run(() => hooks.addListener(SITE, emitter, 'on', 'x', listener));
    hooks.addListener(SITE, emitter, 'once', 'x', listener); // root, last in the list
    plain.abort(); // removing `listener` would take root's once registration: it stays, reported
    expect(find().map((l) => [l.scopePath, l.scopeEnded])).toEqual([
      ['root', false],
      ['root/plain', true],
    ]);
    emitter.emit('x'); // both fire; the once one goes
    expect([calls, emitter.listenerCount('x'), find().map((l) => l.scopePath)]).toEqual([3, 1, ['root/plain']]);
    hooks.removeListener(SITE, emitter, 'off', 'x', listener);
    expect([emitter.listenerCount('x'), find().length]).toEqual([0, 0]);
  });

  it('a listener belongs to the scope that added it, even when it fires in another async context', async () => {
    const emitter = new EventEmitter();
    const owner = new Scope({ name: 'owner' });
    const other = new Scope({ name: 'other' });
    let calls = 0;
    owner.run(() => hooks.addListener(SITE, emitter, 'on', 'tick', () => calls++));
    await other.run(async () => {
      await Promise.resolve();
      emitter.emit('tick');
    });
    expect(find().map((l) => l.scopePath)).toEqual(['root/owner']);
    other.abort();
    emitter.emit('tick');
    expect(calls).toBe(2);
    owner.abort();
    emitter.emit('tick');
    expect(calls).toBe(2);
    expect(emitter.listenerCount('tick')).toBe(0);
  });

  it('frozen listeners work too (their entries are kept aside, not on the function)', () => {
    const emitter = new EventEmitter();
    const target = new EventTarget();
    let calls = 0;
    const listener = Object.freeze(() => calls++);
    hooks.addListener(SITE, emitter, 'on', 'x', listener);
    hooks.addEventListener(SITE, target, 'x', listener);
    expect(find()).toHaveLength(2);
    emitter.emit('x');
    target.dispatchEvent(new Event('x'));
    hooks.removeListener(SITE, emitter, 'off', 'x', listener);
    hooks.removeEventListener(SITE, target, 'x', listener);
    emitter.emit('x');
    target.dispatchEvent(new Event('x'));
    expect(calls).toBe(2);
  });

  it('a listener added in an ended scope is not added', () => {
    const emitter = new EventEmitter();
    const scope = new Scope();
    scope.abort();
    expect(scope.run(() => hooks.addListener(SITE, emitter, 'on', 'x', () => {}))).toBe(emitter);
    scope.run(() => hooks.addEventListener(SITE, new EventTarget(), 'x', () => {}));
    expect(emitter.listenerCount('x')).toBe(0);
  });
});

describe('listeners on objects nobody references any more', () => {
  it('keep neither the target nor the listener alive, and their entries end once the garbage collector takes them', async () => {
    configure({ mode: 'track' });
    const collected = new Set<string>();
    const watch = new FinalizationRegistry<string>((name) => collected.add(name));
    (() => {
      // What a class does that subscribes to its own emitter and never unsubscribes.
      const emitter = new EventEmitter();
      const target = new EventTarget();
      hooks.addListener(SITE, emitter, 'on', 'x', () => emitter.emit('y'));
      hooks.addEventListener(SITE, target, 'x', () => target.dispatchEvent(new Event('y')));
      hooks.addListener(SITE, emitter, 'once', 'z', () => emitter.emit('y'));
      watch.register(emitter, 'emitter');
      watch.register(target, 'target');
    })();
    expect(registry.live).toBe(3);
    for (let turn = 0; turn < 20 && collected.size < 2; turn++) {
      await new Promise((resolve) => setImmediate(resolve));
      collectGarbage();
    }
    expect([...collected].sort()).toEqual(['emitter', 'target']);
    expect(find()).toEqual([]);
    expect(registry.live).toBe(0);
  });

  it('a listener on an object still referenced stays reported', async () => {
    configure({ mode: 'track' });
    const emitter = new EventEmitter();
    const onX = () => {};
    hooks.addListener(SITE, emitter, 'on', 'x', onX);
    await new Promise((resolve) => setImmediate(resolve));
    collectGarbage();
    expect(find().map((leak) => leak.kind)).toEqual(['listener']);
    hooks.removeListener(SITE, emitter, 'off', 'x', onX);
    expect(find()).toEqual([]);
  });
});

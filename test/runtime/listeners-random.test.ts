/**
 * The listener registry against the platform, under random sequences: adds (plain, `once`,
 * capture, the same registration twice), removes (matching or not), events, reports and scopes
 * ending, over two EventEmitters, two EventTargets, two listener functions and three scopes.
 * After every step the live listener entries, per target and scope, must be exactly what the
 * targets hold (`listenerCount` / `getEventListeners`), and in bind mode a scope's end must
 * remove exactly the listeners it added. The registry keeps the newest registration outside its
 * entries and lists (scope.ts `registerListener`, entry.ts `unchained`); a random walk reaches
 * the orders of adds, removes and reads a hand-written test would not think of.
 */
import { EventEmitter, getEventListeners } from 'node:events';
import { afterEach, describe, expect, it } from 'vitest';
import { configure, registry, Scope, type Mode } from '../../runtime/index';
import * as hooks from '../../runtime/hooks';
import { find } from '../../runtime/testing';

const SITE = 'test/listeners-random.ts:1:1 walk';
const SEEDS = Number(process.env['LEASH_RANDOM_SEEDS'] ?? 300);

afterEach(() => {
  configure({ mode: 'bind' });
});

/** A small deterministic generator (mulberry32), so a failing seed can be replayed. */
function random(seed: number): (n: number) => number {
  let a = seed >>> 0;
  return (n) => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return Math.floor((((t ^ (t >>> 14)) >>> 0) / 4294967296) * n);
  };
}

function walk(seed: number, mode: Mode, steps: number, mix: boolean): void {
  configure({ mode });
  const pick = random(seed);
  const emitters = [new EventEmitter(), new EventEmitter()];
  const targets = [new EventTarget(), new EventTarget()];
  const listeners = [() => {}, () => {}];
  // Unless `mix`, `once` adds on emitters use functions of their own. Mixed, one function is
  // registered plain and `once` on one event, and Node's remove takes whichever is last in its
  // list: leash must end the entry of that kind, and a scope ending in bind mode must leave (and
  // keep reporting) a plain listener it cannot remove without taking a `once` one instead.
  const onceListeners = [() => {}, () => {}];
  const name = (fn: unknown) => (listeners.includes(fn as never) ? `f${listeners.indexOf(fn as never)}` : `once${onceListeners.indexOf(fn as never)}`);
  const types = ['x', 'y'];
  let scopes = [new Scope({ name: 'a' }), new Scope({ name: 'b' })];
  const ambient = (): Scope | null => (pick(3) === 0 ? null : scopes[pick(scopes.length)]!);
  const inScope = (scope: Scope | null, fn: () => void) => (scope === null ? fn() : scope.run(fn));
  const trace: string[] = [];

  /** What the platform holds, per target and type. */
  const held = () => [
    ...emitters.flatMap((e) => types.map((t) => e.listenerCount(t))),
    ...targets.flatMap((target) => types.map((t) => getEventListeners(target, t).length)),
  ];
  const live = () => find({ kinds: 'listener' }).length;

  for (let step = 0; step < steps; step++) {
    const op = pick(10);
    const scope = ambient();
    const listener = listeners[pick(2)]!;
    const type = types[pick(2)]!;
    if (op <= 2) {
      const emitter = emitters[pick(2)]!;
      const method = (['on', 'addListener', 'prependListener', 'once', 'prependOnceListener'] as const)[pick(5)]!;
      const which = pick(2);
      const fn = mix || !(method === 'once' || method === 'prependOnceListener') ? listeners[which]! : onceListeners[which]!;
      trace.push(`${scope?.name ?? 'root'}: emitter${emitters.indexOf(emitter)}.${method} ${type} ${name(fn)}`);
      inScope(scope, () => hooks.addListener(SITE, emitter, method, type, fn));
    } else if (op === 3) {
      const emitter = emitters[pick(2)]!;
      const fn = pick(2) === 0 ? listener : onceListeners[pick(2)]!;
      trace.push(`emitter${emitters.indexOf(emitter)}.off ${type} ${name(fn)}`);
      hooks.removeListener(SITE, emitter, pick(2) === 0 ? 'off' : 'removeListener', type, fn);
    } else if (op === 4) {
      const target = targets[pick(2)]!;
      const options = [undefined, true, { capture: true }, { once: true }, { capture: false, passive: true }][pick(5)];
      trace.push(`${scope?.name ?? 'root'}: target${targets.indexOf(target)}.add ${type} ${name(listener)} ${JSON.stringify(options)}`);
      inScope(scope, () => hooks.addEventListener(SITE, target, type, listener, options));
    } else if (op === 5) {
      const target = targets[pick(2)]!;
      const options = [undefined, true, { capture: true }][pick(3)];
      trace.push(`target${targets.indexOf(target)}.remove ${type} ${name(listener)} ${JSON.stringify(options)}`);
      hooks.removeEventListener(SITE, target, type, listener, options);
    } else if (op === 6) {
      trace.push(`emit ${type}`);
      emitters[pick(2)]!.emit(type);
      targets[pick(2)]!.dispatchEvent(new Event(type));
    } else if (op === 7) {
      trace.push('report');
      registry.format();
    } else if (op === 8) {
      const ended = scopes.splice(pick(scopes.length), 1)[0]!;
      trace.push(`${ended.name} ends`);
      const ownAfter = () => find({ kinds: 'listener' }).filter((leak) => leak.scopePath === ended.path).length;
      if (pick(2) === 0) {
        // Counted first (a report reads the registry), then ended.
        const before = held().reduce((a, b) => a + b, 0);
        const own = ownAfter();
        ended.abort();
        const after = held().reduce((a, b) => a + b, 0);
        // Bind mode removes exactly what the scope added and leash could name apart (what it
        // could not stays reported in the ended scope); track mode removes nothing.
        expect({ step, removed: before - after, trace }).toEqual({ step, removed: mode === 'bind' ? own - ownAfter() : 0, trace });
      } else {
        // Ended with nothing read since the last add: the newest registration may still be deferred.
        ended.abort();
      }
      // Only a plain emitter listener whose function is also registered `once` there can stay.
      if (mode === 'bind' && !mix) expect({ step, left: ownAfter(), trace }).toEqual({ step, left: 0, trace });
      scopes = [...scopes, new Scope({ name: `${ended.name}'` })];
    } else {
      trace.push('nothing');
    }
    // Checked after about half the steps only: a check reads the registry, and the steps in
    // between must also meet a registry nobody has read since the last add.
    if (pick(2) === 0 || step === steps - 1) {
      trace.push('check');
      const total = held().reduce((a, b) => a + b, 0);
      expect({ step, live: live(), trace }).toEqual({ step, live: total, trace });
    }
  }
  // Clean up what is left, natively and in the registry.
  for (const scope of scopes) scope.abort();
  for (const e of emitters) for (const t of types) for (const l of [...listeners, ...onceListeners]) while (e.listeners(t).includes(l)) hooks.removeListener(SITE, e, 'off', t, l);
  for (const target of targets) for (const t of types) for (const l of listeners) for (const capture of [false, true]) hooks.removeEventListener(SITE, target, t, l, { capture });
  expect(find({ kinds: 'listener' })).toEqual([]);
}

describe('listener registry under random add/remove/emit/report/scope-end sequences', () => {
  for (const mode of ['bind', 'track'] as const) {
    for (const mix of [false, true]) {
      it(`${mode} mode${mix ? ', plain and once registrations of one function mixed' : ''}: after every step the registry holds exactly what the targets hold (${SEEDS} seeds x 60 steps)`, () => {
        for (let seed = 1; seed <= SEEDS; seed++) walk(seed, mode, 60, mix);
      });
    }
  }
});

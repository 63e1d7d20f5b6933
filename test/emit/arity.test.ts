/**
 * Bind mode outside any scope changes nothing: where the runtime has no signal to pass (the root
 * scope), an instrumented call gets exactly the caller's arguments — the same `arguments.length`,
 * rest parameters and recorded mock calls as plain, no `signal` key added to an options bag, no
 * `undefined`s filled in before an options parameter — under both emitters and every target;
 * inside a scope the signal still arrives. Also at the root: a callee that removes its abort
 * listener only on abort leaves none behind, and a generic value parameter is never copied.
 */
import { getEventListeners } from 'node:events';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import ts from 'typescript';
import { describe, expect, it, vi } from 'vitest';
import { compile, compileText, runCommonJs } from './compile';
import { REPO, type Target } from './equality';

const runtime = createRequire(join(REPO, 'package.json'))(join(REPO, 'dist/runtime/index.js')) as typeof import('../../runtime/index');

const source = `
export interface Options { retries?: number; signal?: AbortSignal }
export const seen: { length: number; signal: boolean; keys?: string[] }[] = [];
export function count(url: string, signal?: AbortSignal): void {
  seen.push({ length: arguments.length, signal: signal !== undefined });
}
export function bag(url: string, options: Options = {}): void {
  seen.push({ length: arguments.length, signal: options.signal !== undefined, keys: Object.keys(options) });
}
export function gap(ms: number, value?: string, options?: Options): void {
  seen.push({ length: arguments.length, signal: options?.signal !== undefined });
}
export class Client {
  constructor(public url: string, signal?: AbortSignal) {
    seen.push({ length: arguments.length, signal: signal !== undefined });
  }
  name = 'client';
  get(path: string, signal?: AbortSignal): string {
    seen.push({ length: arguments.length, signal: signal !== undefined });
    return this.name + path;
  }
}
// A rest parameter behind a signature with a signal, and a mock the test puts in.
export const variadic: (url: string, signal?: AbortSignal) => void = (...args: unknown[]) => {
  seen.push({ length: args.length, signal: args[1] !== undefined });
};
export const mock: { fn: (url: string, signal?: AbortSignal) => void } = { fn: () => undefined };
// Adds an abort listener and removes it only when the signal aborts.
export function watch(signal?: AbortSignal): void {
  signal?.addEventListener('abort', function onAbort() { signal.removeEventListener('abort', onAbort); });
}
interface Job { id: number; signal?: AbortSignal }
const queue: Job[] = [];
function enqueue<T>(job: T, options?: { signal?: AbortSignal }): T {
  queue.push(job as Job);
  return job;
}

export function calls(client?: Client): string | undefined {
  count('a');
  bag('a');
  bag('a', { retries: 1 });
  gap(1);
  new Client('a');
  variadic('a');
  mock.fn('a');
  return client?.get('/x');
}
export function watchMany(times: number): void {
  for (let i = 0; i < times; i++) watch();
}
export function keep(job: Job): boolean {
  return enqueue(job) === job && queue.includes(job);
}
`;

interface Module {
  seen: { length: number; signal: boolean; keys?: string[] }[];
  mock: { fn: (...args: unknown[]) => void };
  Client: new (url: string) => unknown;
  calls(client?: unknown): string | undefined;
  watchMany(times: number): void;
  keep(job: { id: number }): boolean;
}

function load(js: string): Module {
  return runCommonJs(js, { AbortSignal, AbortController, Object }).exports as unknown as Module;
}

/** Runs `calls` with a fresh mock; returns what each callee saw and the mock's calls. */
function observe(module: Module): { seen: Module['seen']; mockCalls: unknown[][]; result: string | undefined } {
  module.seen.length = 0;
  const fn = vi.fn();
  module.mock.fn = fn;
  const result = module.calls(new module.Client('c'));
  return { seen: [...module.seen], mockCalls: fn.mock.calls, result };
}

const emitters: [string, (target: Target) => { plain: string; leash: string }][] = [
  [
    'ts.factory emitter',
    (target) => {
      const { plain, leash } = compile(ts, { 'arity.ts': source }, { target, module: 'commonjs' });
      return { plain: plain['arity.ts'] as string, leash: leash['arity.ts'] as string };
    },
  ],
  [
    'text emitter',
    (target) => {
      const { plain } = compile(ts, { 'arity.ts': source }, { target, module: 'commonjs' });
      return { plain: plain['arity.ts'] as string, leash: compileText(ts, { 'arity.ts': source }, { target, module: 'commonjs' })['arity.ts'] as string };
    },
  ],
];

describe.each(emitters)('%s, bind mode', (_name, build) => {
  // The text emitter passes no signal into ES5 output (`leash build` on TypeScript 6.0/5.9 with
  // target ES5 says so per call; text-es5.test.ts). The target
  // changes how `arguments`, rest parameters, classes and optional chains are lowered, so one
  // before and one after each of those; test/emit/equality covers every target and module format.
  const targets: readonly Target[] = _name === 'text emitter' ? ['es2015', 'esnext'] : ['es5', 'es2015', 'es2020', 'esnext'];
  it.each(targets)('%s: at the root the callees get exactly the caller arguments; inside a scope the signal arrives', async (target) => {
    const { plain, leash } = build(target);
    expect(leash).not.toBe(plain);
    expect(leash).toMatch(/leash_1\.(signal|signalArgs)\(/);
    const plainRun = observe(load(plain));
    const instrumented = load(leash);
    expect(observe(instrumented)).toEqual(plainRun);
    expect(plainRun.mockCalls).toEqual([['a']]);
    expect(plainRun.seen.map((entry) => entry.length)).toEqual([1, 1, 1, 2, 1, 1, 1, 1]);
    expect(plainRun.seen[3]?.keys).toEqual(['retries']);

    const scope = new runtime.Scope();
    const inside = scope.run(() => observe(instrumented));
    scope.abort();
    expect(inside.result).toBe(plainRun.result);
    expect(inside.seen.map((entry) => entry.signal)).toEqual([false, true, true, true, true, true, true, true]);
    expect(inside.mockCalls).toHaveLength(1);
    expect(inside.mockCalls[0]?.[1]).toBeInstanceOf(AbortSignal);
  });
});

describe('at the root, bind mode', () => {
  it('a callee that removes its abort listener only on abort leaves none after 1,000 calls', async () => {
    const { leash } = compile(ts, { 'arity.ts': source }, { target: 'es2022', module: 'commonjs' });
    expect(leash['arity.ts']).toContain('leash_1.signal()');
    const module = load(leash['arity.ts'] as string);
    const before = getEventListeners(runtime.rootScope.signal, 'abort').length;
    module.watchMany(1_000);
    expect(getEventListeners(runtime.rootScope.signal, 'abort').length).toBe(before);
    // Inside a scope each call gets the scope's signal (and its listener, removed on abort).
    const scope = new runtime.Scope();
    scope.run(() => module.watchMany(3));
    expect(getEventListeners(scope.signal, 'abort').length).toBeGreaterThanOrEqual(3);
    scope.abort();
  });

  it('a generic value parameter whose type has `signal?: AbortSignal` is passed as is, never a copy', async () => {
    for (const target of ['es5', 'es2022'] as const) {
      const { leash } = compile(ts, { 'arity.ts': source }, { target, module: 'commonjs' });
      const module = load(leash['arity.ts'] as string);
      expect(module.keep({ id: 1 })).toBe(true);
      const scope = new runtime.Scope();
      expect(scope.run(() => module.keep({ id: 2 }))).toBe(true);
      scope.abort();
    }
  });
});

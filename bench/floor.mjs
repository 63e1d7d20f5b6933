// The floor under two rows of bench/runtime.mjs: what the platform charges for the least a
// wrapper must do, with no leash code at all. Each case is plain JavaScript, measured against
// the native call in one process, interleaved, CPU time, median of rounds, on Node 20 (this
// `node`), Node 22 and Node 24 (test/compat), with AsyncLocalStorage on as in runtime.mjs.
//
// - spawn must learn when the task settles: one reaction on the call's promise (`then` with two
//   handlers: a derived promise and one more microtask). With closures (the task's entry must be
//   found) and with shared functions (the least any reaction costs), plus the `() => f()` thunk
//   the transformer writes. No registry, no scope lookup.
// - a listener add must find its scope: `AsyncLocalStorage.getStore()` once per add, next to an
//   EventEmitter on+off. On Node 24 it is a call into C++ (the async context frame) and no
//   execution id changes with the context to cache it by (`executionAsyncId()` stays 0).
//
// `node bench/floor.mjs` (`--json` for one object per line; BENCH_ROUNDS, default 21).
import { AsyncLocalStorage } from 'node:async_hooks';
import { EventEmitter } from 'node:events';
import * as os from 'node:os';
import { measure, report, runOnEachNode } from './interleaved.mjs';

runOnEachNode(import.meta.url);

const rounds = Number(process.env.BENCH_ROUNDS ?? 21);
const storage = new AsyncLocalStorage();
storage.run({}, () => {}); // AsyncLocalStorage on, as a process that uses scopes has it

const work = async () => 1;
const onFulfilled = () => {};
const onRejected = () => {};
const then = Promise.prototype.then;
const emitter = new EventEmitter();
const noop = () => {};
let sink = 0;

const nativeAwait = async (n) => {
  for (let i = 0; i < n; i++) await work();
};
const nativeOnOff = (n) => {
  for (let i = 0; i < n; i++) {
    emitter.on('x', noop);
    emitter.off('x', noop);
  }
};
const cases = [
  { name: 'await f() + thunk', ops: 20_000, native: nativeAwait, floor: async (n) => { for (let i = 0; i < n; i++) { const thunk = () => work(); await thunk(); } } },
  { name: 'await f() + reaction, shared handlers', ops: 20_000, native: nativeAwait, floor: async (n) => { for (let i = 0; i < n; i++) { const p = work(); then.call(p, onFulfilled, onRejected); await p; } } },
  {
    name: 'await f() + reaction, closures',
    ops: 20_000,
    native: nativeAwait,
    floor: async (n) => {
      for (let i = 0; i < n; i++) {
        const p = work();
        const record = { p, done: false };
        then.call(p, () => (record.done = true), () => (record.done = true));
        await p;
      }
    },
  },
  {
    name: 'EventEmitter on+off + getStore()',
    ops: 50_000,
    native: nativeOnOff,
    floor: (n) => {
      for (let i = 0; i < n; i++) {
        if (storage.getStore() === undefined) sink++;
        emitter.on('x', noop);
        emitter.off('x', noop);
      }
    },
  },
];

const loadBefore = os.loadavg();
const results = await measure(cases, 'floor', rounds);
if (sink < 0) console.log(sink);
report('platform floor', rounds, results, loadBefore);

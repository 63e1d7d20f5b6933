// The floor under two rows of bench/runtime.mjs: what the platform charges for the least a
// wrapper must do, with no leash code at all. Each case is plain JavaScript, measured against
// the native call in one process, interleaved, CPU time, median of rounds, on Node 20 (this
// `node`) and Node 24 (test/compat/node24), with AsyncLocalStorage on as in runtime.mjs.
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
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { AsyncLocalStorage } from 'node:async_hooks';
import { EventEmitter } from 'node:events';
import * as os from 'node:os';
import { fileURLToPath } from 'node:url';
import { node24 } from '../test/compat/paths.mjs';

const json = process.argv.includes('--json');
if (!process.argv.includes('--child')) {
  const self = fileURLToPath(import.meta.url);
  for (const [label, binary] of [['Node 20 (default node)', process.execPath], ['Node 24', node24]]) {
    if (!existsSync(binary)) {
      console.log(`not run: ${label}: no binary at ${binary}; run \`node test/compat/install.mjs node24\` first`);
      process.exitCode = 1;
      continue;
    }
    process.stdout.write(execFileSync(binary, ['--expose-gc', self, '--child', ...process.argv.slice(2)], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] }));
  }
  process.exit();
}

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

const collectYoung = typeof globalThis.gc === 'function' ? () => globalThis.gc({ type: 'minor' }) : () => {};
async function time(fn, n) {
  collectYoung();
  const start = process.cpuUsage();
  await fn(n);
  const used = process.cpuUsage(start);
  return ((used.user + used.system) * 1000) / n;
}
const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

const loadBefore = os.loadavg();
const results = [];
for (const c of cases) {
  await c.native(c.ops);
  await c.floor(c.ops);
  const native = [];
  const floor = [];
  for (let r = 0; r < rounds; r++) {
    if (r % 2 === 0) {
      native.push(await time(c.native, c.ops));
      floor.push(await time(c.floor, c.ops));
    } else {
      floor.push(await time(c.floor, c.ops));
      native.push(await time(c.native, c.ops));
    }
  }
  const n = median(native);
  const f = median(floor);
  results.push({ name: c.name, native_ns: Math.round(n), floor_ns: Math.round(f), ratio: Number((f / n).toFixed(2)) });
}
const load = [...loadBefore, ...os.loadavg()].map((v) => Number(v.toFixed(2)));
if (sink < 0) console.log(sink);
if (json) {
  for (const row of results) console.log(JSON.stringify({ node: process.version, rounds, clock: 'cpu', load_before: load.slice(0, 3), load_after: load.slice(3), ...row }));
} else {
  console.log(`platform floor, Node ${process.version}, median of ${rounds} interleaved rounds, CPU time`);
  console.log(`load average (1/5/15 min) ${load.slice(0, 3).join(' / ')} before, ${load.slice(3).join(' / ')} after`);
  console.log('| case | native ns/op | floor ns/op | ratio |');
  console.log('| --- | ---: | ---: | ---: |');
  for (const r of results) console.log(`| ${r.name} | ${r.native_ns} | ${r.floor_ns} | ${r.ratio}× |`);
}

// Runtime overhead: each case measured native and through leash, interleaved in one process,
// median ns per operation over rounds, on Node 20 (this `node`), Node 22 and Node 24 (the binaries
// from test/compat/node22 and node24), several child processes each (BENCH_PROCESSES, default 3; see
// bench/interleaved.mjs). `--json` prints one JSON object per line.
// Run with `npm run bench` (builds first); `-- --json` for machine-readable lines.
//
// Fairness: both sides of a case do the same work for the program (the same calls, the same
// awaited promise); how rounds are interleaved and timed is bench/interleaved.mjs. The load
// average is printed with each table: on a shared machine it says how far to trust the numbers.
import * as os from 'node:os';
import { createRequire } from 'node:module';
import { EventEmitter } from 'node:events';
import { measure, report, runOnEachNode } from './interleaved.mjs';

runOnEachNode(import.meta.url);

const require = createRequire(import.meta.url);
const leash = require('../dist/runtime/index.js');
const hooks = require('../dist/runtime/hooks.js');

const rounds = Number(process.env.BENCH_ROUNDS ?? 15);
const SITE = 'bench/runtime.mjs:1:1 bench';
const noop = () => {};

/** Each case: ops per batch, and a native and a leash batch doing the same work. */
const cases = [
  {
    name: 'timer create+clear',
    ops: 20_000,
    native(n) {
      for (let i = 0; i < n; i++) clearTimeout(setTimeout(noop, 1000));
    },
    leash(n) {
      for (let i = 0; i < n; i++) hooks.clearTimeout(SITE, hooks.setTimeout(SITE, noop, 1000));
    },
  },
  {
    // What LEASH_STACKS=1 costs: the same timer case with a creation stack per resource.
    name: 'timer create+clear, stacks on',
    ops: 5_000,
    native(n) {
      for (let i = 0; i < n; i++) clearTimeout(setTimeout(noop, 1000));
    },
    leash(n) {
      leash.configure({ stacks: true });
      for (let i = 0; i < n; i++) hooks.clearTimeout(SITE, hooks.setTimeout(SITE, noop, 1000));
      leash.configure({ stacks: false });
    },
  },
  {
    name: 'interval create+clear',
    ops: 20_000,
    native(n) {
      for (let i = 0; i < n; i++) clearInterval(setInterval(noop, 1000));
    },
    leash(n) {
      for (let i = 0; i < n; i++) hooks.clearInterval(SITE, hooks.setInterval(SITE, noop, 1000));
    },
  },
  (() => {
    const target = new EventTarget();
    return {
      name: 'EventTarget add+remove',
      ops: 20_000,
      native(n) {
        for (let i = 0; i < n; i++) {
          target.addEventListener('x', noop);
          target.removeEventListener('x', noop);
        }
      },
      leash(n) {
        for (let i = 0; i < n; i++) {
          hooks.addEventListener(SITE, target, 'x', noop);
          hooks.removeEventListener(SITE, target, 'x', noop);
        }
      },
    };
  })(),
  (() => {
    const emitter = new EventEmitter();
    return {
      name: 'EventEmitter on+off',
      ops: 50_000,
      native(n) {
        for (let i = 0; i < n; i++) {
          emitter.on('x', noop);
          emitter.off('x', noop);
        }
      },
      leash(n) {
        for (let i = 0; i < n; i++) {
          hooks.addListener(SITE, emitter, 'on', 'x', noop);
          hooks.removeListener(SITE, emitter, 'off', 'x', noop);
        }
      },
    };
  })(),
  {
    // A listener that lives as long as its emitter: a per-request or per-instance emitter whose
    // listeners are never removed. Each becomes an entry holding its emitter and function weakly,
    // so the emitters are garbage as they are natively (with strong references the registry kept
    // every one of them).
    name: 'EventEmitter on, a new emitter each, never removed',
    ops: 20_000,
    native(n) {
      for (let i = 0; i < n; i++) new EventEmitter().on('x', noop);
    },
    leash(n) {
      for (let i = 0; i < n; i++) hooks.addListener(SITE, new EventEmitter(), 'on', 'x', noop);
    },
  },
  (() => {
    // The same as a server does it: per request an emitter with some data of its own and a
    // `close` listener closing over it, never removed, 8 requests a turn of the event loop. The
    // weak references keep each emitter, its listener and its data past the young-generation
    // collections they would have died in, which costs more than the synchronous loop above.
    const turn = () => new Promise((resolve) => setImmediate(resolve));
    const request = (i) => {
      const emitter = new EventEmitter();
      const data = new Array(32).fill(i);
      return { emitter, onClose: () => data.length };
    };
    return {
      name: 'EventEmitter on, per request: a new emitter, a closure over its data, never removed, 8 a turn',
      ops: 8_000,
      async native(n) {
        for (let i = 0; i < n; i++) {
          const { emitter, onClose } = request(i);
          emitter.on('close', onClose);
          if ((i & 7) === 7) await turn();
        }
      },
      async leash(n) {
        for (let i = 0; i < n; i++) {
          const { emitter, onClose } = request(i);
          hooks.addListener(SITE, emitter, 'on', 'close', onClose);
          if ((i & 7) === 7) await turn();
        }
      },
    };
  })(),
  ...(() => {
    // A detached call as a bind build writes it (`spawn`, with a thunk) and as a track build does
    // (`task`: no thunk, the promise observed after the call), each against the plain call.
    const work = async () => 1;
    const native = async (n) => {
      for (let i = 0; i < n; i++) await work();
    };
    return [
      {
        name: 'spawn+settle',
        ops: 20_000,
        native,
        async leash(n) {
          for (let i = 0; i < n; i++) await hooks.spawn(SITE, () => work());
        },
      },
      {
        name: 'task+settle (track builds)',
        ops: 20_000,
        native,
        async leash(n) {
          for (let i = 0; i < n; i++) await hooks.task(SITE, work());
        },
      },
    ];
  })(),
  (() => {
    // Results nobody consumes: the array a Promise.race waits on, each promise in it registered
    // until it settles (the loser too) — what the tasks rule writes around a combinator.
    const work = async () => 1;
    return {
      name: 'Promise.race of 2 (observeAll)',
      ops: 10_000,
      async native(n) {
        for (let i = 0; i < n; i++) await Promise.race([work(), work()]);
      },
      async leash(n) {
        for (let i = 0; i < n; i++) await Promise.race(hooks.observeAll(SITE, [work(), work()]));
        await null; // the last loser's entry ends a tick after the race
      },
    };
  })(),
  (() => {
    const work = async () => 1;
    return {
      name: 'Promise.all of 4 (observeAll)',
      ops: 10_000,
      async native(n) {
        for (let i = 0; i < n; i++) await Promise.all([work(), work(), work(), work()]);
      },
      async leash(n) {
        for (let i = 0; i < n; i++) await Promise.all(hooks.observeAll(SITE, [work(), work(), work(), work()]));
      },
    };
  })(),
  (() => {
    // What watching for abandoned tasks costs: with 4,096 tasks in flight, those still pending
    // after 1,024 later tasks are handed to a FinalizationRegistry (runtime/abandoned.ts).
    const BATCH = 4096;
    const batch = async (n, start) => {
      for (let done = 0; done < n; done += BATCH) {
        const resolvers = [];
        const executor = (resolve) => resolvers.push(resolve);
        const tasks = [];
        for (let i = 0; i < BATCH; i++) tasks.push(start(executor));
        for (const resolve of resolvers) resolve(1);
        await Promise.all(tasks);
      }
    };
    return {
      name: 'spawn+settle, 4,096 in flight',
      ops: 4 * BATCH,
      native: (n) => batch(n, (executor) => new Promise(executor)),
      leash: (n) => batch(n, (executor) => hooks.spawn(SITE, () => new Promise(executor))),
    };
  })(),
  (() => {
    // What naming the caller costs (the caller-sites rule): leash's own TaskGroup.go as an
    // uninstrumented caller calls it (the "native" column) and as instrumented code calls it,
    // with the site passed through hooks.at (runtime/caller.ts).
    const work = async () => 1;
    const run = async (n, go) => {
      const group = new leash.TaskGroup();
      for (let i = 0; i < n; i++) go(group);
      await group.wait();
    };
    return {
      name: "TaskGroup.go+wait, with the caller's site",
      ops: 10_000,
      native: (n) => run(n, (group) => group.go(work)),
      leash: (n) => run(n, (group) => group.go(hooks.at(SITE, work))),
    };
  })(),
  {
    name: 'scope create+abort, 10 timers',
    ops: 2_000,
    native(n) {
      // The hand-written equivalent: an AbortController that clears its timers on abort.
      for (let i = 0; i < n; i++) {
        const controller = new AbortController();
        for (let t = 0; t < 10; t++) {
          const timer = setTimeout(noop, 1000);
          controller.signal.addEventListener('abort', () => clearTimeout(timer), { once: true });
        }
        controller.abort();
      }
    },
    leash(n) {
      for (let i = 0; i < n; i++) {
        const scope = new leash.Scope();
        scope.run(() => {
          for (let t = 0; t < 10; t++) hooks.setTimeout(SITE, noop, 1000);
        });
        scope.abort();
      }
    },
  },
  ...signalCallCases(),
];

/**
 * A call the signals rule rewrote, as the emitters write it (`f(a, ...signalArgs(S, 0, false))`;
 * `S === void 0 ? f(a) : f(a, S)` from the ts-patch plugin where TypeScript would lower a spread), against
 * the call as written: at the root, where nothing is passed, and inside a scope, against
 * passing a signal by hand.
 */
function signalCallCases() {
  let sink = 0;
  const callee = function (url, signal) {
    sink += arguments.length + (signal === undefined ? 0 : 1);
  };
  const ops = 200_000;
  const inScope = (fn) => (n) => {
    const scope = new leash.Scope();
    scope.run(() => fn(n));
    scope.abort();
  };
  const controller = new AbortController();
  const byHand = (n) => {
    for (let i = 0; i < n; i++) callee('u', controller.signal);
  };
  const conditional = (n) => {
    // eslint-disable-next-line @typescript-eslint/no-unused-expressions -- the emitted shape
    for (let i = 0; i < n; i++) hooks.signal() === void 0 ? callee('u') : callee('u', hooks.signal());
  };
  const spread = (n) => {
    for (let i = 0; i < n; i++) callee('u', ...hooks.signalArgs(hooks.signal(), 0, false));
  };
  // A function given its own signal (`function f(url, signal)`): `leash.signal(signal)` passes it
  // on inside a scope and nothing at the root.
  const own = controller.signal;
  const ownSpread = (n) => {
    for (let i = 0; i < n; i++) callee('u', ...hooks.signalArgs(hooks.signal(own), 0, false));
  };
  return [
    { name: 'signal call at the root', ops, native: (n) => { for (let i = 0; i < n; i++) callee('u'); }, leash: spread },
    { name: 'signal call in a scope', ops, native: byHand, leash: inScope(spread) },
    { name: "signal call at the root, the function's own signal", ops, native: (n) => { for (let i = 0; i < n; i++) callee('u'); }, leash: ownSpread },
    { name: "signal call in a scope, the function's own signal", ops, native: byHand, leash: inScope(ownSpread) },
    { name: 'signal call at the root (conditional, below ES2015)', ops, native: (n) => { for (let i = 0; i < n; i++) callee('u'); }, leash: conditional },
    { name: 'signal call in a scope (conditional, below ES2015)', ops, native: byHand, leash: inScope(conditional) },
  ].map((c) => ({ ...c, sink: () => sink }));
}

// Scopes turn AsyncLocalStorage on for the process; do it before measuring so every round,
// native and leash alike, runs in the state of a service that uses scopes.
new leash.Scope().run(noop);

// `BENCH_ONLY=spawn` measures only the cases whose name contains that text.
const only = process.env.BENCH_ONLY;
const loadBefore = os.loadavg();
const results = await measure(cases.filter((c) => only === undefined || c.name.includes(only)), 'leash', rounds);

// The never-removed listener rows leave entries whose emitters are garbage: looked at as a leak
// check looks (a full collection in a turn of its own, then the report's sweep), they end.
const { collect } = require('../dist/runtime/report.js');
const { collectingOnce } = require('../dist/runtime/gc.js');
const left = (await collectingOnce(() => collect())()).length;
if (left !== 0) {
  console.error(`bench: the registry should be empty after the bench, but ${left} entries are live`);
  process.exitCode = 1;
}

report('leash runtime overhead', rounds, results, loadBefore);

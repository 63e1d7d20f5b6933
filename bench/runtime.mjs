// Runtime overhead: each case measured native and through leash, interleaved in one process,
// median ns per operation over rounds. `--json` prints one JSON object per line.
// Run with `npm run bench` (builds first); `-- --json` for machine-readable lines.
import { createRequire } from 'node:module';
import { EventEmitter } from 'node:events';

const require = createRequire(import.meta.url);
const leash = require('../dist/runtime/index.js');
const hooks = require('../dist/runtime/hooks.js');

const json = process.argv.includes('--json');
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
  (() => {
    const work = async () => 1;
    return {
      name: 'spawn+settle',
      ops: 20_000,
      async native(n) {
        for (let i = 0; i < n; i++) await work();
      },
      async leash(n) {
        for (let i = 0; i < n; i++) await hooks.spawn(SITE, () => work());
      },
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
];

async function time(fn, n) {
  const start = process.hrtime.bigint();
  await fn(n);
  return Number(process.hrtime.bigint() - start) / n;
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

// Scopes turn AsyncLocalStorage on for the process; do it before measuring so every round,
// native and leash alike, runs in the state of a service that uses scopes.
new leash.Scope().run(noop);

const results = [];
for (const c of cases) {
  // Warm-up: let both paths get optimized before the measured rounds.
  await c.native(c.ops);
  await c.leash(c.ops);
  const native = [];
  const wrapped = [];
  for (let r = 0; r < rounds; r++) {
    if (r % 2 === 0) {
      native.push(await time(c.native, c.ops));
      wrapped.push(await time(c.leash, c.ops));
    } else {
      wrapped.push(await time(c.leash, c.ops));
      native.push(await time(c.native, c.ops));
    }
  }
  const nativeNs = median(native);
  const leashNs = median(wrapped);
  results.push({ name: c.name, native_ns: Math.round(nativeNs), leash_ns: Math.round(leashNs), ratio: Number((leashNs / nativeNs).toFixed(2)) });
}

if (leash.registry.live !== 0) {
  console.error(`bench: the registry should be empty after the bench, but ${leash.registry.live} entries are live`);
  process.exitCode = 1;
}

if (json) {
  for (const row of results) console.log(JSON.stringify(row));
} else {
  console.log(`leash runtime overhead, Node ${process.version}, median of ${rounds} interleaved rounds`);
  console.log('| case | native ns/op | leash ns/op | ratio |');
  console.log('| --- | ---: | ---: | ---: |');
  for (const r of results) console.log(`| ${r.name} | ${r.native_ns} | ${r.leash_ns} | ${r.ratio}× |`);
}

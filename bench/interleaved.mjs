// What bench/runtime.mjs and bench/floor.mjs share: child processes per Node version (Node 20,
// this `node`, Node 22 and Node 24 from test/compat), each timing two sides of every case
// interleaved in one process, and one table per version (or `--json` lines).
//
// Several processes per version (`BENCH_PROCESSES`, default 3), one after another: on a shared
// machine one process's numbers move together by up to 2x (both sides at once: its core, its
// neighbours), and so does its ratio, by ±25% from one process to the next. Each row reports the
// median over the processes of each side's ns/op and of the ratio, and the ratios' range.
//
// Fairness: rounds alternate which side goes first, each round is timed in CPU time
// (`BENCH_CLOCK=wall` for wall time) and starts with an empty young generation (a minor GC, so
// one side's garbage is not collected on the other's time), and the median round counts.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import * as os from 'node:os';
import { fileURLToPath } from 'node:url';
import { node22, node24 } from '../test/compat/paths.mjs';

export const json = process.argv.includes('--json');
const wall = process.env.BENCH_CLOCK === 'wall';

/**
 * In the parent: runs `moduleUrl` as a `--child` on each Node version, prints what each printed,
 * and exits. In a child: returns, and the caller measures.
 */
export function runOnEachNode(moduleUrl) {
  if (process.argv.includes('--child')) return;
  const self = fileURLToPath(moduleUrl);
  const processes = Number(process.env.BENCH_PROCESSES ?? 3);
  const args = process.argv.slice(2).filter((arg) => arg !== '--json');
  for (const [label, binary] of [['Node 20 (default node)', process.execPath], ['Node 22', node22], ['Node 24', node24]]) {
    if (!existsSync(binary)) {
      console.log(`not run: ${label}: no binary at ${binary}; run \`node test/compat/install.mjs\` first`);
      process.exitCode = 1;
      continue;
    }
    const lines = [];
    for (let i = 0; i < processes; i++) {
      let out;
      try {
        out = execFileSync(binary, ['--expose-gc', self, '--child', '--json', ...args], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
      } catch (error) {
        out = error.stdout ?? ''; // its rows still count; the failure (on stderr) fails the run
        process.exitCode = 1;
      }
      lines.push(...out.split('\n').filter((line) => line.startsWith('{')).map((line) => JSON.parse(line)));
    }
    if (lines.length > 0) printAggregate(lines);
  }
  process.exit();
}

/** One row per case over every process's line for it: medians of each side and of the ratio, and the ratios' range. */
function printAggregate(lines) {
  const first = lines[0];
  const side = Object.keys(first).find((key) => key.endsWith('_ns') && key !== 'native_ns').slice(0, -3);
  const names = [...new Set(lines.map((line) => line.name))];
  const processes = lines.filter((line) => line.name === first.name).length;
  const rows = names.map((name) => {
    const of = lines.filter((line) => line.name === name);
    const ratios = of.map((line) => line.ratio);
    return { name, native_ns: Math.round(median(of.map((line) => line.native_ns))), [`${side}_ns`]: Math.round(median(of.map((line) => line[`${side}_ns`]))), ratio: median(ratios), ratio_min: Math.min(...ratios), ratio_max: Math.max(...ratios), ratios };
  });
  if (json) {
    for (const row of rows) console.log(JSON.stringify({ node: first.node, processes, rounds: first.rounds, clock: first.clock, load_before: first.load_before, load_after: lines[lines.length - 1].load_after, ...row }));
    return;
  }
  console.log(`${first.title}, Node ${first.node}, ${processes} processes × median of ${first.rounds} interleaved rounds, ${first.clock === 'wall' ? 'wall' : 'CPU'} time`);
  console.log(`load average ${first.load_before.join(' / ')} before the first process, ${lines[lines.length - 1].load_after.join(' / ')} after the last, on ${availableCores()} cores`);
  console.log(`| case | native ns/op | ${side} ns/op | ratio (median of ${processes}) | ratio range |`);
  console.log('| --- | ---: | ---: | ---: | ---: |');
  for (const r of rows) console.log(`| ${r.name} | ${r.native_ns} | ${r[`${side}_ns`]} | ${Number(r.ratio.toFixed(2))}× | ${r.ratio_min}–${r.ratio_max}× |`);
}

/** A minor GC (young generation only) before each round; `--expose-gc` is passed by the parent. */
const collectYoung = typeof globalThis.gc === 'function' ? () => globalThis.gc({ type: 'minor' }) : () => {};

/**
 * CPU time (user + system, all threads of this process) per operation. The bench machine is
 * shared: wall time would count the time other processes had the CPU.
 */
async function time(fn, n) {
  collectYoung();
  if (wall) {
    const start = process.hrtime.bigint();
    await fn(n);
    return Number(process.hrtime.bigint() - start) / n;
  }
  const start = process.cpuUsage();
  await fn(n);
  const used = process.cpuUsage(start);
  return ((used.user + used.system) * 1000) / n;
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

/**
 * Times `native` and `other` of each case (`{ name, ops, native, [side]: fn }`) over `rounds`
 * interleaved rounds after one warm-up each; returns rows `{ name, native_ns, [side_ns], ratio }`.
 */
export async function measure(cases, side, rounds) {
  const results = [];
  for (const c of cases) {
    // Warm-up: let both paths get optimized before the measured rounds.
    await c.native(c.ops);
    await c[side](c.ops);
    const native = [];
    const other = [];
    for (let r = 0; r < rounds; r++) {
      if (r % 2 === 0) {
        native.push(await time(c.native, c.ops));
        other.push(await time(c[side], c.ops));
      } else {
        other.push(await time(c[side], c.ops));
        native.push(await time(c.native, c.ops));
      }
    }
    const nativeNs = median(native);
    const otherNs = median(other);
    results.push({ name: c.name, native_ns: Math.round(nativeNs), [`${side}_ns`]: Math.round(otherNs), ratio: Number((otherNs / nativeNs).toFixed(2)) });
  }
  return results;
}

function availableCores() {
  return typeof os.availableParallelism === 'function' ? os.availableParallelism() : os.cpus().length;
}

/**
 * A child's rows, one JSON line each, with what the parent's table says about them (title, Node
 * version, rounds, clock, load average before and after): the parent aggregates the processes
 * of each version into one table (`printAggregate`).
 */
export function report(title, rounds, rows, loadBefore) {
  const load = [...loadBefore, ...os.loadavg()].map((value) => Number(value.toFixed(2)));
  for (const row of rows) console.log(JSON.stringify({ title, node: process.version, rounds, clock: wall ? 'wall' : 'cpu', load_before: load.slice(0, 3), load_after: load.slice(3), ...row }));
}

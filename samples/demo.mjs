#!/usr/bin/env node
/**
 * `npm run demo`: the leaky service (samples/leaky-service) built three ways — plain `tsc`,
 * `tspc` with leash in `track` mode, `tspc` with leash in `bind` mode — each driven with the same
 * bounded load on 127.0.0.1, then one table of what each build left behind, the registry report
 * of the `track` build, and `leash codemod all --dry` on a copy of the sample.
 *
 *   node samples/demo.mjs [--quick] [--json] [--keep] [--update-expected]
 *
 *   --quick            600 requests instead of 2,000 (also: DEMO_QUICK=1)
 *   --json             print one JSON object with every measurement instead of the text
 *   --keep             keep the temporary build directory and print its path
 *   --update-expected  rewrite samples/leaky-service/expected/track-sites.txt from this run
 *
 * Run `npm run build` first (`npm run demo` does): the builds use the compiled runtime and plugin.
 */
import { execFile, spawn } from 'node:child_process';
import { cp, mkdir, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { setTimeout as delay } from 'node:timers/promises';
import { startUpstream } from './demo/upstream.mjs';
import { drive } from './demo/load.mjs';
import { renderTable } from './demo/table.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const root = dirname(here);
const sample = join(here, 'leaky-service');
const expectedSitesFile = join(sample, 'expected', 'track-sites.txt');

const KNOWN = new Set(['--quick', '--json', '--keep', '--update-expected']);
const args = process.argv.slice(2);
for (const arg of args) {
  if (!KNOWN.has(arg)) {
    console.error(`demo: unknown option ${arg}; expected one of ${[...KNOWN].join(', ')}`);
    process.exit(2);
  }
}
const quick = args.includes('--quick') || process.env.DEMO_QUICK === '1';
const json = args.includes('--json');
const keep = args.includes('--keep');
const updateExpected = args.includes('--update-expected');

const LOAD = quick
  ? { requests: 600, concurrency: 16, reportItems: 50 }
  : { requests: 2000, concurrency: 16, reportItems: 50 };
const DEADLINE_MS = 500;
/** After the load, before measuring: the deadline of the last requests, and then some. */
const SETTLE_MS = DEADLINE_MS + 250;
/** Requests to `/health` before the baseline, so lazily loaded code (fetch) is not counted as growth. */
const WARMUP = 20;

const VARIANTS = [
  { name: 'plain', title: 'plain tsc', compiler: 'tsc', config: 'tsconfig.json', leash: false },
  { name: 'track', title: 'leash track', compiler: 'tspc', config: 'tsconfig.track.json', leash: true },
  { name: 'bind', title: 'leash bind', compiler: 'tspc', config: 'tsconfig.bind.json', leash: true },
];

/** Progress goes to stderr with --json, so stdout is only the JSON. */
const say = (line = '') => (json ? process.stderr : process.stdout).write(`${line}\n`);
const since = (t0) => `${((performance.now() - t0) / 1000).toFixed(1)} s`;

function run(file, argv, options = {}) {
  return new Promise((resolve) => {
    execFile(file, argv, { maxBuffer: 16 << 20, ...options }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr, error });
    });
  });
}

/**
 * What `npm install` does for the sample's `"leash": "file:../.."` dependency: a link to the
 * repository (plus, with `types`, a link to the repository's type packages, for a copy outside it).
 */
async function link(dir, { types = false } = {}) {
  const links = [['leash', root]];
  if (types) links.push(['@types', join(root, 'node_modules', '@types')]);
  for (const [name, to] of links) {
    const target = join(dir, 'node_modules', name);
    if (existsSync(target)) continue;
    await mkdir(dirname(target), { recursive: true });
    await symlink(relative(dirname(target), to), target, 'dir');
  }
}

async function build(variant, outDir) {
  const t0 = performance.now();
  const bin = join(root, 'node_modules', '.bin', variant.compiler);
  const result = await run(bin, ['-p', join(sample, variant.config), '--outDir', outDir], { cwd: sample });
  const ok = result.code === 0 && existsSync(join(outDir, 'server.js'));
  const output = `${result.stdout}${result.stderr}`.trim();
  return { ok, ms: Math.round(performance.now() - t0), output: ok ? output : output || String(result.error ?? 'no server.js emitted') };
}

/** Starts a build of the service and waits for its `{"port":…,"admin":…}` line. */
function startService(outDir, upstreamUrl) {
  const env = { ...process.env, UPSTREAM_URL: upstreamUrl, DEADLINE_MS: String(DEADLINE_MS), REPORT_ITEMS: String(LOAD.reportItems), PORT: '0', ADMIN_PORT: '0' };
  delete env.LEASH_MODE; // the build's own mode applies
  delete env.LEASH_STACKS;
  const child = spawn(process.execPath, ['--expose-gc', join(outDir, 'server.js')], { cwd: outDir, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (chunk) => {
    if (stderr.length < 1 << 20) stderr += chunk;
  });
  const ready = new Promise((resolve, reject) => {
    let buffer = '';
    const timer = setTimeout(() => fail(new Error('the service did not start within 10 s')), 10_000);
    const fail = (error) => {
      clearTimeout(timer);
      reject(new Error(`${error.message}\n${stderr}`.trim()));
    };
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk) => {
      buffer += chunk;
      const newline = buffer.indexOf('\n');
      if (newline < 0) return;
      clearTimeout(timer);
      try {
        resolve(JSON.parse(buffer.slice(0, newline)));
      } catch {
        fail(new Error(`unexpected first line from the service: ${buffer.slice(0, newline)}`));
      }
    });
    child.once('exit', (code, sig) => fail(new Error(`the service exited (${sig ?? code}) before it was ready`)));
  });
  return {
    child,
    ready,
    stderr: () => stderr,
    stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    },
  };
}

async function getJson(port, path) {
  const response = await fetch(`http://127.0.0.1:${port}${path}`);
  return response.json();
}

async function getText(port, path) {
  const response = await fetch(`http://127.0.0.1:${port}${path}`);
  return response.text();
}

/** One build under load: start it, take a baseline, drive it, let it settle, measure, stop it. */
async function measure(variant, outDir) {
  const upstream = await startUpstream();
  const service = startService(outDir, upstream.url);
  try {
    const { port, admin } = await service.ready;
    for (let i = 0; i < WARMUP; i++) await getText(port, '/health');
    const before = await getJson(admin, '/stats');
    const load = await drive({ port, requests: LOAD.requests, concurrency: LOAD.concurrency });
    const { after, up, settledMs } = await settle(admin, upstream);
    const result = {
      built: true,
      load,
      node: {
        timers: after.timers - before.timers,
        listeners: after.listeners.total - before.listeners.total,
        listenersBySource: after.listeners,
        active: after.active,
      },
      registry: variant.leash ? after.registry : null,
      upstream: { open: up.open, waiting: up.waiting, peakWaiting: up.peakWaiting, received: up.received },
      rssGrowthMb: (after.memory.rss - before.memory.rss) / 2 ** 20,
      retainedGrowthMb: (after.memory.retained - before.memory.retained) / 2 ** 20,
      counters: after.counters,
      settledMs,
      warnings: [...new Set([...service.stderr().matchAll(/\b(\w+Warning):/g)].map((m) => m[1]))],
    };
    if (variant.name === 'track') {
      result.report = await getText(admin, '/debug/leash');
      const snapshot = await getJson(admin, '/debug/leash?format=json');
      result.sites = snapshot.sites.map((s) => ({ kind: s.kind, site: s.site, function: s.function ?? null, live: s.live }));
    }
    return result;
  } finally {
    service.stop();
    await upstream.close();
  }
}

/**
 * Waits SETTLE_MS after the load, then until two readings 250 ms apart agree (at most 5 s more):
 * what is left then is what stays.
 */
async function settle(admin, upstream) {
  const t0 = performance.now();
  await delay(SETTLE_MS);
  const read = async () => ({ after: await getJson(admin, '/stats'), up: upstream.stats() });
  const key = ({ after, up }) => JSON.stringify([after.timers, after.listeners.total, after.registry, up.waiting]);
  let previous = await read();
  for (let i = 0; i < 20; i++) {
    await delay(250);
    const current = await read();
    if (key(current) === key(previous)) return { ...current, settledMs: Math.round(performance.now() - t0) };
    previous = current;
  }
  return { ...previous, settledMs: Math.round(performance.now() - t0) };
}

/** The sites the track build found, without counts: stable from run to run. */
function siteLines(sites) {
  return [...new Set(sites.map((s) => `${s.kind.padEnd(9)} ${s.site}${s.function ? ` in ${s.function}` : ''}`))].sort();
}

async function codemod(work) {
  const cli = join(root, 'dist', 'cli', 'leash.js');
  if (!existsSync(cli)) return { ran: false, output: 'leash codemod: dist/cli/leash.js is not built (the codemod CLI has not landed yet).' };
  const copy = join(work, 'leaky-service');
  await cp(join(sample, 'src'), join(copy, 'src'), { recursive: true });
  for (const file of ['package.json', 'tsconfig.json']) await cp(join(sample, file), join(copy, file));
  const t0 = performance.now();
  const result = await run(process.execPath, [cli, 'codemod', 'all', '--dry', 'src'], { cwd: copy });
  const output = `${result.stdout}${result.stderr}`.trim();
  // The dry run prints a diff per changed file, then the summary: show the summary.
  const lines = output.split('\n');
  const start = lines.findIndex((l) => l.startsWith('leash codemod'));
  const diffLines = start > 0 ? lines.slice(0, start).filter((l) => /^[+-][^+-]/.test(l)).length : 0;
  const summary = start >= 0 ? lines.slice(start).join('\n') : output;
  return { ran: true, code: result.code, ms: Math.round(performance.now() - t0), diffLines, summary, output };
}

async function main() {
  const t0 = performance.now();
  const work = await mkdtemp(join(tmpdir(), 'leash-demo-'));
  const out = { quick, load: { ...LOAD, deadlineMs: DEADLINE_MS, settleMs: SETTLE_MS }, variants: {}, errors: [] };
  try {
    await link(sample);
    await link(work, { types: true });
    say('leash demo: samples/leaky-service, a node:http service with one classic Go leak per route:');
    say('  1 /checkout   a result nobody consumes         4 /subscribe  listeners added per request, never removed');
    say('  2 /quote      a timeout never passed down      5 /reserve    a retry loop that ignores cancellation');
    say('  3 /watch      a ticker nobody stops            6 /report     an unbounded Promise.all fan-out');
    say(`Built 3 ways; each build gets the same ${LOAD.requests} requests (${LOAD.concurrency} at a time, every 5th cancelled by the client after 50 ms, 127.0.0.1 only).`);
    const builds = await Promise.all(VARIANTS.map((v) => build(v, join(work, v.name))));
    VARIANTS.forEach((v, i) => {
      const b = builds[i];
      say(`  build ${v.name.padEnd(5)} ${v.compiler} -p ${v.config}: ${b.ok ? `ok in ${(b.ms / 1000).toFixed(1)} s` : 'FAILED'}`);
      if (!b.ok) {
        say(b.output.split('\n').slice(0, 15).map((l) => `    ${l}`).join('\n'));
        out.errors.push(`build ${v.name} failed: ${b.output.split('\n').slice(0, 5).join(' | ')}`);
      }
    });
    for (const [i, variant] of VARIANTS.entries()) {
      if (!builds[i].ok) {
        out.variants[variant.name] = { built: false, error: builds[i].output };
        continue;
      }
      const t1 = performance.now();
      try {
        out.variants[variant.name] = await measure(variant, join(work, variant.name));
        const l = out.variants[variant.name].load;
        say(`  load  ${variant.name.padEnd(5)} ${l.sent} requests in ${l.seconds.toFixed(1)} s (${since(t1)} with start and settle)`);
      } catch (error) {
        out.variants[variant.name] = { built: true, error: String(error?.message ?? error) };
        out.errors.push(`run ${variant.name} failed: ${String(error?.message ?? error).split('\n')[0]}`);
        say(`  load  ${variant.name.padEnd(5)} FAILED: ${String(error?.message ?? error)}`);
      }
    }
    say();
    say(renderTable(VARIANTS, out.variants));

    const track = out.variants.track;
    if (track?.sites) {
      out.trackSites = siteLines(track.sites);
      say();
      say('Registry report of the track build after the load (GET /debug/leash on the admin port), top sites:');
      const lines = track.report.trimEnd().split('\n');
      say(lines.slice(0, 17).map((l) => `  ${l}`).join('\n'));
      if (lines.length > 17) say(`  … ${lines.length - 17} more lines`);
      if (updateExpected) {
        await mkdir(dirname(expectedSitesFile), { recursive: true });
        await writeFile(expectedSitesFile, `${out.trackSites.join('\n')}\n`);
        say(`  wrote ${relative(root, expectedSitesFile)}`);
      } else if (existsSync(expectedSitesFile)) {
        const expected = (await readFile(expectedSitesFile, 'utf8')).trim().split('\n');
        out.trackSitesMatch = JSON.stringify(expected) === JSON.stringify(out.trackSites);
        say(out.trackSitesMatch
          ? `  the sites match ${relative(root, expectedSitesFile)}`
          : `  the sites differ from ${relative(root, expectedSitesFile)} (rerun with --update-expected if the change is intended)`);
      }
    }

    say();
    say('leash codemod all --dry on a copy of samples/leaky-service/src:');
    out.codemod = await codemod(work);
    say((out.codemod.summary ?? out.codemod.output).split('\n').map((l) => `  ${l}`.trimEnd()).join('\n'));
    if (out.codemod.diffLines) say(`  (the diff, ${out.codemod.diffLines} changed lines: node dist/cli/leash.js codemod all --dry samples/leaky-service/src)`);
    out.seconds = Number(((performance.now() - t0) / 1000).toFixed(1));
    say();
    say(`demo done in ${out.seconds} s${keep ? `; builds kept in ${work}` : ''}`);
  } finally {
    if (!keep) await rm(work, { recursive: true, force: true });
  }
  const code = out.errors.length === 0 ? 0 : 1;
  if (!json) return code;
  // Exit only once the JSON is written: a pipe's writes are asynchronous on some platforms.
  return new Promise((resolve) => process.stdout.write(`${JSON.stringify(out, null, 2)}\n`, () => resolve(code)));
}

main().then(
  (code) => process.exit(code),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);

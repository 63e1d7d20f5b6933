// npm run bench:codemods — files per second and peak memory of `leash codemod` through the CLI.
//
// Generates a tree of 2,000 TypeScript files in a temp dir (a sixth each: unbounded fan-outs,
// hand-rolled sleeps, listeners, timeout races, a request handler whose signal thread-signal
// passes down to a private helper's fetch, and files with none of these), then runs the built CLI
// on it, writing the files: `all` (which includes thread-signal: one TypeScript program over the
// whole tree) and `all,bounded-concurrency` (every transform). Each row prints the project's size,
// files per second end to end (process start to exit) and inside the CLI, the CPU time of every
// process of the run and files per CPU-second (read from process.resourceUsage() as each exits:
// on a shared machine it is the figure that does not move with load), the peak resident memory of
// the CLI process (its worker threads included) and of any process it started, and the machine's
// load average before and after. Needs `npm run build` first (the npm script does it). Options:
// --files N (default 2000), --keep (leave the trees), --dry (nothing written).
import { Buffer } from 'node:buffer';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';

const root = resolve(import.meta.dirname ?? new URL('.', import.meta.url).pathname, '..');
const cli = join(root, 'dist', 'cli', 'leash.js');
const args = process.argv.slice(2);
const count = Number(args[args.indexOf('--files') + 1] || 0) || 2000;
const keep = args.includes('--keep');
const dry = args.includes('--dry');
const ROWS = ['all', 'all,bounded-concurrency'];

const common = (i) => `
export interface Record${i} {
  id: string;
  createdAt: Date;
  tags: readonly string[];
  owner?: { name: string; email: string };
}

export function normalize${i}(input: Partial<Record${i}>): Record${i} {
  return {
    id: input.id ?? 'unknown-${i}',
    createdAt: input.createdAt ?? new Date(0),
    tags: [...(input.tags ?? [])].map((t) => t.trim().toLowerCase()).filter(Boolean),
    ...(input.owner ? { owner: input.owner } : {}),
  };
}

export class Cache${i}<T> {
  readonly #entries = new Map<string, { value: T; at: number }>();
  constructor(private readonly ttl: number) {}
  get(key: string): T | undefined {
    const hit = this.#entries.get(key);
    if (!hit || Date.now() - hit.at > this.ttl) return undefined;
    return hit.value;
  }
  set(key: string, value: T): void {
    this.#entries.set(key, { value, at: Date.now() });
  }
}
`;

const templates = [
  (i) => `import { normalize${i} as n } from './shared-${i}';
declare function fetchRecord(id: string): Promise<unknown>;
${common(i)}
export async function loadAll${i}(ids: string[]) {
  const records = await Promise.all(ids.map(async (id, index) => {
    const raw = await fetchRecord(id);
    return { index, raw };
  }));
  return records;
}

export async function pushAll${i}(ids: string[]) {
  const pending: Promise<unknown>[] = [];
  for (const id of ids) {
    pending.push(fetchRecord(id));
  }
  return Promise.allSettled(pending);
}
export { n };
`,
  (i) => `${common(i)}
export async function retry${i}<T>(fn: () => Promise<T>, attempts = 3, signal?: AbortSignal): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await fn();
    } catch (error) {
      if (attempt >= attempts) throw error;
      await new Promise((resolve) => setTimeout(resolve, 2 ** attempt * 100));
    }
  }
}
`,
  (i) => `${common(i)}
export function watch${i}(target: EventTarget, signal: AbortSignal, onChange: (e: Event) => void) {
  target.addEventListener('change', onChange);
  target.addEventListener('error', (e) => console.error(e.type), { once: true });
  return () => target.dispatchEvent(new Event('change'));
}
`,
  (i) => `declare function slowCall(): Promise<string>;
${common(i)}
export async function limited${i}(ms: number) {
  return Promise.race([
    slowCall(),
    new Promise<never>((_, reject) => setTimeout(() => reject(new Error('timed out')), ms)),
  ]);
}
`,
  (i) => `${common(i)}
async function lookup${i}(id: string) {
  const res = await fetch(\`https://api.example.com/records/\${id}\`);
  return normalize${i}((await res.json()) as Partial<Record${i}>);
}

export async function handle${i}(req: Request) {
  const id = new URL(req.url).searchParams.get('id') ?? 'none';
  return lookup${i}(id);
}
`,
  (i) => `${common(i)}
export function summarize${i}(records: Record${i}[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const r of records) for (const t of r.tags) counts.set(t, (counts.get(t) ?? 0) + 1);
  return counts;
}
`,
];

/** Writes the project; returns its size: files, lines and bytes of source. */
function generate(dir, n) {
  let lines = 0;
  let bytes = 0;
  for (let i = 0; i < n; i++) {
    const sub = join(dir, `pkg${i % 20}`, `mod${i % 7}`);
    mkdirSync(sub, { recursive: true });
    const text = templates[i % templates.length](i);
    writeFileSync(join(sub, `file${i}.ts`), text);
    lines += text.split('\n').length;
    bytes += Buffer.byteLength(text);
  }
  return `${n} files, ${lines.toLocaleString('en-US')} lines, ${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

/**
 * A preload that writes each Node process's peak resident memory (kB) and CPU time (µs) into `dir`
 * when it exits. Worker threads load it too; only the main thread writes, as the process exits,
 * so its figures cover its threads.
 */
function memoryProbe(dir) {
  const file = join(dir, 'probe.cjs');
  writeFileSync(
    file,
    `if (require('node:worker_threads').isMainThread) process.on('exit', () => require('node:fs').writeFileSync(require('node:path').join(${JSON.stringify(dir)}, 'rss-' + process.pid + '.txt'), (({ maxRSS, userCPUTime, systemCPUTime }) => [maxRSS, userCPUTime + systemCPUTime].join(' '))(process.resourceUsage())));\n`,
  );
  return file;
}

const load = () => loadavg()[0].toFixed(1);

function bench(transforms) {
  const dir = mkdtempSync(join(tmpdir(), 'leash-bench-codemods-'));
  const probeDir = mkdtempSync(join(tmpdir(), 'leash-bench-rss-'));
  try {
    const project = generate(dir, count);
    const loadBefore = load();
    const env = { ...process.env, NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} --require ${memoryProbe(probeDir)}`.trim() };
    const t0 = performance.now();
    const res = spawnSync(process.execPath, [cli, 'codemod', transforms, dir, '--json', '--force', ...(dry ? ['--dry'] : [])], { encoding: 'utf8', maxBuffer: 1 << 28, env });
    const wall = performance.now() - t0;
    const loadAfter = load();
    if (res.status !== 0 && !res.stdout.startsWith('{')) {
      process.stderr.write(res.stderr || res.stdout);
      process.exit(1);
    }
    const summary = JSON.parse(res.stdout);
    const t = summary.totals;
    const rss = readdirSync(probeDir)
      .filter((f) => f.startsWith('rss-'))
      .map((f) => {
        const [kb, cpuMicros] = readFileSync(join(probeDir, f), 'utf8').split(' ').map(Number);
        return { pid: Number(f.slice(4, -4)), kb, cpuMicros };
      });
    const cpuSeconds = rss.reduce((sum, r) => sum + r.cpuMicros, 0) / 1e6;
    const cliKb = rss.find((r) => r.pid === res.pid)?.kb ?? 0;
    const others = rss.filter((r) => r.pid !== res.pid);
    const perTransform = Object.entries(summary.perTransform)
      .map(([name, c]) => `${name} ${c.migrated}`)
      .join(', ');
    console.log(`leash codemod ${transforms} on ${project}`);
    console.log(`  ${t.files} files (${t.changed} changed, ${t.unchanged} unchanged, ${t.skipped} skipped, ${t.failed} failed) on ${cpus().length} CPUs, load average ${loadBefore} before, ${loadAfter} after`);
    console.log(`  migrated: ${perTransform}; not migrated: ${summary.notMigrated.length}`);
    console.log(`  end to end: ${(wall / 1000).toFixed(2)} s = ${Math.round(t.files / (wall / 1000))} files/s`);
    console.log(`  inside the CLI: ${(summary.elapsedMs / 1000).toFixed(2)} s = ${Math.round(t.files / (summary.elapsedMs / 1000))} files/s`);
    // CPU time does not depend on what else the machine runs: files per CPU-second is the comparable figure on a shared host.
    console.log(`  CPU time (every process of the run): ${cpuSeconds.toFixed(2)} s = ${Math.round(t.files / cpuSeconds)} files per CPU-second`);
    console.log(
      `  peak memory: CLI process ${Math.round(cliKb / 1024)} MB (its worker threads included)` +
        (others.length
          ? `; ${others.length} other process${others.length === 1 ? '' : 'es'} up to ${Math.round(Math.max(...others.map((w) => w.kb)) / 1024)} MB each; whole tree at most ${Math.round(rss.reduce((sum, r) => sum + r.kb, 0) / 1024)} MB`
          : '; it started no other Node process'),
    );
    if (t.failed > 0) process.exitCode = 1;
  } finally {
    rmSync(probeDir, { recursive: true, force: true });
    if (keep) console.log(`  tree kept at ${dir}`);
    else rmSync(dir, { recursive: true, force: true });
  }
}

for (const row of ROWS) bench(row);

// npm run bench:codemods — files per second of the syntactic codemods through the CLI.
//
// Generates a tree of 2,000 TypeScript files in a temp dir (a fifth each: unbounded fan-outs,
// hand-rolled sleeps, listeners, timeout races, and files with none of these), then runs
// `leash codemod race-timeout,sleep-signal,bounded-concurrency,listener-signal <tree>` with the
// built CLI, writing the files, and prints files per second: end to end (process start to exit)
// and inside the CLI (file discovery, the Runner's workers, writes). Needs `npm run build` first
// (the npm script does it). Options: --files N (default 2000), --keep (leave the tree), --dry
// (run the CLI with --dry: nothing written, no diffs printed, the tree stays as generated).
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';

const root = resolve(import.meta.dirname ?? new URL('.', import.meta.url).pathname, '..');
const cli = join(root, 'dist', 'cli', 'leash.js');
const args = process.argv.slice(2);
const count = Number(args[args.indexOf('--files') + 1] || 0) || 2000;
const keep = args.includes('--keep');
const dry = args.includes('--dry');
const TRANSFORMS = 'race-timeout,sleep-signal,bounded-concurrency,listener-signal';

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
export function summarize${i}(records: Record${i}[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const r of records) for (const t of r.tags) counts.set(t, (counts.get(t) ?? 0) + 1);
  return counts;
}
`,
];

function generate(dir, n) {
  for (let i = 0; i < n; i++) {
    const sub = join(dir, `pkg${i % 20}`, `mod${i % 7}`);
    mkdirSync(sub, { recursive: true });
    writeFileSync(join(sub, `file${i}.ts`), templates[i % templates.length](i));
  }
}

const dir = mkdtempSync(join(tmpdir(), 'leash-bench-codemods-'));
try {
  generate(dir, count);
  const t0 = performance.now();
  const res = spawnSync(process.execPath, [cli, 'codemod', TRANSFORMS, dir, '--json', ...(dry ? ['--dry'] : [])], { encoding: 'utf8', maxBuffer: 1 << 28 });
  const wall = performance.now() - t0;
  if (res.status !== 0) {
    process.stderr.write(res.stderr || res.stdout);
    process.exit(1);
  }
  const summary = JSON.parse(res.stdout);
  const t = summary.totals;
  const perTransform = Object.entries(summary.perTransform)
    .map(([name, c]) => `${name} ${c.migrated}`)
    .join(', ');
  console.log(`leash codemod ${TRANSFORMS}`);
  console.log(`  ${t.files} files (${t.changed} changed, ${t.unchanged} unchanged, ${t.skipped} skipped, ${t.failed} failed) on ${cpus().length} CPUs`);
  console.log(`  migrated: ${perTransform}; not migrated: ${summary.notMigrated.length}`);
  console.log(`  end to end: ${(wall / 1000).toFixed(2)} s = ${Math.round(t.files / (wall / 1000))} files/s`);
  console.log(`  inside the CLI: ${(summary.elapsedMs / 1000).toFixed(2)} s = ${Math.round(t.files / (summary.elapsedMs / 1000))} files/s`);
  if (t.failed > 0) process.exitCode = 1;
} finally {
  if (keep) console.log(`  tree kept at ${dir}`);
  else rmSync(dir, { recursive: true, force: true });
}

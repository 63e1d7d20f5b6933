/** The end-of-run summary: file counts, counts per transform, every match not migrated, every failure. */
import type { Outcome } from '../codemods/lib/transform';
import type { FileStatus } from '../codemods/worker';

export interface FileResult {
  /** Absolute path. */
  file: string;
  status: FileStatus;
  original: string;
  /** New text, when changed. */
  output?: string;
  outcomes: Outcome[];
  error?: { transform: string | null; message: string };
  /** A formatter CLI (biome, oxfmt) to run on the file once written. */
  formatWith?: import('./format').Formatter;
}

export interface TransformCounts {
  /** Files this transform changed. */
  changed: number;
  /** Matches rewritten. */
  migrated: number;
  /** Matches left alone and reported. */
  notMigrated: number;
  /** Files on which this transform threw. */
  failed: number;
}

export interface Summary {
  command: string;
  transforms: string[];
  /** True when nothing was written (--dry or --print). */
  dry: boolean;
  limit: number;
  elapsedMs: number;
  totals: { files: number } & Record<FileStatus, number>;
  perTransform: Record<string, TransformCounts>;
  notMigrated: Array<{ file: string; line: number; transform: string; id: string; message: string }>;
  failures: Array<{ file: string; transform: string | null; message: string }>;
}

export function summarize(
  command: string,
  transforms: string[],
  results: readonly FileResult[],
  meta: { dry: boolean; limit: number; elapsedMs: number; rel: (file: string) => string },
): Summary {
  const totals = { files: results.length, changed: 0, unchanged: 0, skipped: 0, failed: 0 };
  const perTransform: Record<string, TransformCounts> = Object.fromEntries(
    transforms.map((t) => [t, { changed: 0, migrated: 0, notMigrated: 0, failed: 0 }]),
  );
  const notMigrated: Summary['notMigrated'] = [];
  const failures: Summary['failures'] = [];
  for (const r of results) {
    totals[r.status]++;
    const file = meta.rel(r.file);
    if (r.status === 'failed') {
      failures.push({ file, transform: r.error?.transform ?? null, message: r.error?.message ?? 'failed' });
      const counts = r.error?.transform ? perTransform[r.error.transform] : undefined;
      if (counts) counts.failed++;
      continue;
    }
    for (const o of r.outcomes) {
      const counts = perTransform[o.transform];
      if (!counts) continue;
      if (o.migrated > 0 && r.status === 'changed') counts.changed++;
      counts.migrated += o.migrated;
      counts.notMigrated += o.skips.length;
      for (const s of o.skips) notMigrated.push({ file, line: s.line, transform: o.transform, id: s.id, message: s.message });
    }
  }
  notMigrated.sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line);
  failures.sort((a, b) => a.file.localeCompare(b.file));
  return { command, transforms, dry: meta.dry, limit: meta.limit, elapsedMs: meta.elapsedMs, totals, perTransform, notMigrated, failures };
}

export function formatSummary(s: Summary): string {
  const t = s.totals;
  const lines: string[] = [];
  const seconds = (s.elapsedMs / 1000).toFixed(2);
  lines.push(
    `leash codemod ${s.command}: ${t.files} file${t.files === 1 ? '' : 's'} — ${t.changed} changed, ${t.unchanged} unchanged, ` +
      `${t.skipped} skipped, ${t.failed} failed in ${seconds} s${s.dry ? ' (dry run: nothing written)' : ''}`,
  );
  const width = Math.max(...s.transforms.map((n) => n.length), 'transform'.length);
  lines.push('');
  lines.push(`  ${'transform'.padEnd(width)}  files changed  migrated  not migrated  failed`);
  for (const name of s.transforms) {
    const c = s.perTransform[name]!;
    lines.push(
      `  ${name.padEnd(width)}  ${String(c.changed).padStart(13)}  ${String(c.migrated).padStart(8)}  ${String(c.notMigrated).padStart(12)}  ${String(c.failed).padStart(6)}`,
    );
  }
  if (s.notMigrated.length) {
    lines.push('', `Not migrated (${s.notMigrated.length}):`);
    for (const m of s.notMigrated) lines.push(`  ${m.file}:${m.line}  ${m.transform}/${m.id}: ${m.message}`);
  }
  if (s.failures.length) {
    lines.push('', `Failed, left untouched (${s.failures.length}):`);
    for (const f of s.failures) lines.push(`  ${f.file}  ${f.transform ? `${f.transform}: ` : ''}${f.message}`);
  }
  return `${lines.join('\n')}\n`;
}

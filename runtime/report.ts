/**
 * The registry as a report: what is alive, grouped by the line that started it, like
 * `pprof/goroutine?debug=1`. Everything here reads the live lists; nothing keeps history beyond
 * per-site counters.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { letGo } from './abandoned';
import { OWN_SITE_PREFIX } from './caller';
import { startedAt, wallNow } from './clock';
import * as config from './config';
import { KINDS, stacks, type Entry, type Kind } from './entry';
import { describe, LeashError } from './errors';
import { liveTotal, rootScope, type Scope, siteStats, sweep, walk } from './scope';

/** One live resource. */
export interface Leak {
  kind: Kind;
  /** `file:line:col` of the code that started it. */
  site: string;
  /** The enclosing function the transformer recorded, when there is one. */
  function?: string;
  /** The owning scope, e.g. `root/request#41`. */
  scopePath: string;
  /** Whether the owning scope has already ended: a resource alive in an ended scope has escaped it. */
  scopeEnded: boolean;
  ageMs: number;
  /** Creation stack, when stack capture is on (`LEASH_STACKS=1`). */
  stack?: string;
}

/** Live resources of one creation site. */
export interface SiteReport {
  site: string;
  function?: string;
  kind: Kind;
  live: number;
  /** Created since the process started. */
  created: number;
  /** Highest live count seen. */
  peak: number;
  oldestMs: number;
  /** Up to 5 owning scope paths, and how many scopes in all. */
  scopes: string[];
  scopeCount: number;
  /** How many of those scopes have ended: their resources outlived them. */
  endedScopes: number;
  /**
   * Tasks from this site that never settled and that the garbage collector found nobody
   * referencing, since the process started: blocked forever, like the goroutines of Go's
   * goroutine-leak profile. They are no longer live.
   */
  abandoned: number;
  /**
   * Rejections of tasks from this site that leash left to another holder of the promise instead
   * of re-raising them as unhandled: the call's callee may hold the promise too (an interface
   * method, a callback, another package's function), and may handle it. Plain JavaScript raised
   * them as unhandled only if nobody did.
   */
  unraised: number;
}

export interface Snapshot {
  takenAt: string;
  /** Instrumented modules that have loaded in this process. */
  instrumentedModules: number;
  /** Modules `leash/node` planned in this process and found nothing to rewrite in (nothing in them leash tracks). */
  plannedModules: number;
  /**
   * Set when both counts are zero: nothing here was looked at by leash, so `live: 0` says nothing
   * about leaks. It says what to do.
   */
  notInstrumented?: string;
  live: number;
  /** Abandoned tasks across all sites (see `SiteReport.abandoned`). */
  abandoned: number;
  byKind: Record<Kind, number>;
  sites: SiteReport[];
}

/** Splits a site id `src/a.ts:3:7 handle` into its location and function name. */
export function parseSite(id: string): { site: string; function?: string } {
  const space = id.indexOf(' ');
  return space < 0 ? { site: id } : { site: id.slice(0, space), function: id.slice(space + 1) };
}

export function toLeak(entry: Entry, scope: Scope, now: number): Leak {
  const { site, function: fn } = parseSite(entry.site.id);
  const leak: Leak = { kind: entry.kind, site, scopePath: scope.path, scopeEnded: scope.aborted, ageMs: Math.max(0, now - startedAt(entry.start)) };
  if (fn !== undefined) leak.function = fn;
  const stack = stacks.get(entry);
  if (stack !== undefined) leak.stack = stack;
  return leak;
}

/** Live entries under `scope` (default: all), after sweeping natively ended ones. */
export function collect(scope: Scope = rootScope): Array<[Entry, Scope]> {
  letGo(); // so that tasks abandoned since the last report can be found by the next one
  sweep();
  const out: Array<[Entry, Scope]> = [];
  walk(scope, (entry, owner) => out.push([entry, owner]));
  return out;
}

/** What is alive now, grouped by creation site, most live first. */
export function snapshot(options: { scope?: Scope } = {}): Snapshot {
  const now = wallNow();
  const byKind = Object.fromEntries(KINDS.map((k) => [k, 0])) as Record<Kind, number>;
  const bySite = new Map<string, { report: SiteReport; scopes: Set<Scope> }>();
  const entries = collect(options.scope);
  for (const [entry, scope] of entries) {
    byKind[entry.kind]++;
    let group = bySite.get(entry.site.id);
    if (group === undefined) {
      const { site, function: fn } = parseSite(entry.site.id);
      const report: SiteReport = { site, kind: entry.kind, live: 0, created: entry.site.created, peak: entry.site.peak, oldestMs: 0, scopes: [], scopeCount: 0, endedScopes: 0, abandoned: entry.site.abandoned, unraised: entry.site.unraised };
      if (fn !== undefined) report.function = fn;
      group = { report, scopes: new Set() };
      bySite.set(entry.site.id, group);
    }
    group.report.live++;
    group.report.oldestMs = Math.max(group.report.oldestMs, now - startedAt(entry.start));
    group.scopes.add(scope);
  }
  let abandoned = 0;
  if (options.scope === undefined) {
    // Abandoned tasks and rejections left to others have no scope left to filter by: whole-registry reports list them.
    for (const site of siteStats()) {
      if (site.abandoned === 0 && site.unraised === 0) continue;
      abandoned += site.abandoned;
      if (!bySite.has(site.id)) {
        const { site: where, function: fn } = parseSite(site.id);
        const report: SiteReport = { site: where, kind: site.kind, live: 0, created: site.created, peak: site.peak, oldestMs: 0, scopes: [], scopeCount: 0, endedScopes: 0, abandoned: site.abandoned, unraised: site.unraised };
        if (fn !== undefined) report.function = fn;
        bySite.set(site.id, { report, scopes: new Set() });
      }
    }
  }
  const sites = [...bySite.values()].map(({ report, scopes }) => {
    report.scopeCount = scopes.size;
    report.scopes = [...scopes].slice(0, 5).map((scope) => scope.path);
    for (const scope of scopes) if (scope.aborted) report.endedScopes++;
    return report;
  });
  sites.sort((a, b) => b.live - a.live || b.abandoned - a.abandoned || a.site.localeCompare(b.site));
  const snap: Snapshot = { takenAt: new Date(now).toISOString(), instrumentedModules: config.instrumentedModules, plannedModules: config.plannedModules, live: entries.length, abandoned, byKind, sites };
  if (config.neverLooked()) snap.notInstrumented = config.notInstrumented();
  return snap;
}

function age(ms: number): string {
  return ms < 1000 ? `${ms}ms` : ms < 60_000 ? `${(ms / 1000).toFixed(1)}s` : `${(ms / 60_000).toFixed(1)}m`;
}

/**
 * The snapshot as text, one block per site:
 *
 *     leash: 39 live (37 interval, 2 listener) in 2 sites, 3 tasks abandoned
 *     37 live  interval  src/server.ts:42:7 in handle  oldest 12.3s  peak 40  created 2000
 *              scopes: root/request#41, root/request#42, … (37 scopes, 37 ended)
 *      0 live  task      src/jobs.ts:9:5 in poll  abandoned 3  peak 3  created 120
 *
 * A task site whose promise the callee may hold too says how many of its rejections leash left to
 * that holder (`rejected, not re-raised 2`): those never reached `unhandledRejection` through leash.
 *
 * While no instrumented module has run, the first line says so instead of letting "0 live" pass
 * for "no leaks". A site named `leash:<api>` is leash's own API (`mapLimit`, `withTimeout`, ...)
 * called from code that was not instrumented; the last line says so and what to do.
 */
export function format(snap: Snapshot = snapshot()): string {
  const kinds = KINDS.filter((k) => snap.byKind[k] > 0).map((k) => `${snap.byKind[k]} ${k}`);
  const abandoned = snap.abandoned > 0 ? `, ${snap.abandoned} task${snap.abandoned === 1 ? '' : 's'} abandoned` : '';
  const lines = [`leash: ${snap.live} live${kinds.length ? ` (${kinds.join(', ')})` : ''} in ${snap.sites.length} site${snap.sites.length === 1 ? '' : 's'}${abandoned}`];
  if (snap.notInstrumented !== undefined) lines.unshift(snap.notInstrumented);
  const width = String(snap.sites[0]?.live ?? 0).length;
  for (const s of snap.sites) {
    const where = s.function ? `${s.site} in ${s.function}` : s.site;
    const lost = (s.abandoned > 0 ? `abandoned ${s.abandoned}  ` : '') + (s.unraised > 0 ? `rejected, not re-raised ${s.unraised}  ` : '');
    const oldest = s.live > 0 ? `oldest ${age(s.oldestMs)}  ` : '';
    lines.push(`${String(s.live).padStart(width)} live  ${s.kind.padEnd(9)} ${where}  ${oldest}${lost}peak ${s.peak}  created ${s.created}`);
    if (s.scopeCount === 0) continue;
    const more = s.scopeCount > s.scopes.length ? `, … (${s.scopeCount} scopes${s.endedScopes ? `, ${s.endedScopes} ended` : ''})` : s.endedScopes ? ` (${s.endedScopes} ended)` : '';
    lines.push(`${' '.repeat(width)}        scopes: ${s.scopes.join(', ')}${more}`);
  }
  const own = uninstrumentedCallers(snap.sites.map((s) => s.site));
  if (own !== undefined) lines.push(own);
  return lines.join('\n');
}

/**
 * What a report says about the `leash:<api>` sites among `sites` (leash's own API called from code
 * leash did not build, so the calling line is not known), once per site; undefined when there are none.
 */
export function uninstrumentedCallers(sites: readonly string[]): string | undefined {
  const own = [...new Set(sites.filter((site) => site.startsWith(OWN_SITE_PREFIX)))];
  if (own.length === 0) return undefined;
  return `${own.join(', ')}: leash's own API called from code that leash did not instrument, so the calling line is not known. Build that code with leash to see it (\`npx leash doctor\` shows which pipelines instrument).`;
}

/** Per-site counters and live counts in the Prometheus text format. */
export function metrics(): string {
  letGo();
  sweep(); // so the per-site live counters leave out natively ended timers
  const label = (v: string) => v.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
  const out = [
    '# HELP leash_live Live timers, listeners and tasks by creation site.',
    '# TYPE leash_live gauge',
  ];
  const created = ['# HELP leash_created_total Resources created by creation site.', '# TYPE leash_created_total counter'];
  const abandoned = ['# HELP leash_abandoned_total Tasks never settled and no longer referenced, by creation site.', '# TYPE leash_abandoned_total counter'];
  const unraised = ['# HELP leash_unraised_total Task rejections left to another holder of the promise, not re-raised as unhandled, by creation site.', '# TYPE leash_unraised_total counter'];
  for (const site of siteStats()) {
    const labels = `kind="${site.kind}",site="${label(site.id)}"`;
    out.push(`leash_live{${labels}} ${site.live}`);
    created.push(`leash_created_total{${labels}} ${site.created}`);
    if (site.kind !== 'task') continue;
    abandoned.push(`leash_abandoned_total{${labels}} ${site.abandoned}`);
    unraised.push(`leash_unraised_total{${labels}} ${site.unraised}`);
  }
  return [...out, ...created, ...abandoned, ...unraised, ''].join('\n');
}

/**
 * A node:http handler serving the report: text by default, JSON for `?format=json` or
 * `Accept: application/json`, Prometheus text for `?format=prometheus`. Mount it on an admin port.
 */
export function createDebugHandler(): (req: IncomingMessage, res: ServerResponse) => void {
  return (req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const wanted = url.searchParams.get('format') ?? (req.headers.accept?.includes('application/json') ? 'json' : 'text');
    if (wanted === 'json') {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify(snapshot()));
    } else if (wanted === 'prometheus') {
      res.writeHead(200, { 'content-type': 'text/plain; version=0.0.4' });
      res.end(metrics());
    } else {
      res.writeHead(200, { 'content-type': 'text/plain; charset=utf-8' });
      res.end(`${format(snapshot())}\n`);
    }
  };
}

export interface Warning {
  reason: 'threshold' | 'growth';
  message: string;
  live: number;
  site?: SiteReport;
}

export interface MonitorOptions {
  /** @default 10000 */
  intervalMs?: number;
  /** Warn when the total live count reaches this. @default 10000 */
  threshold?: number;
  /** Warn when a site's live count grew this many samples in a row. @default 5 */
  growthSamples?: number;
  /** @default emits a process warning named `LeashWarning` */
  onWarn?: (warning: Warning) => void;
}

/**
 * Samples the registry every `intervalMs` (on an unref'd timer that is not itself registered) and
 * warns when the total reaches `threshold` and when a site's live count keeps growing — the
 * shape of a leak. Returns a function that stops it.
 */
export function monitor(options: MonitorOptions = {}): () => void {
  const { intervalMs = 10_000, threshold = 10_000, growthSamples = 5 } = options;
  for (const [name, value, min] of [['intervalMs', intervalMs, 1], ['threshold', threshold, 1], ['growthSamples', growthSamples, 1]] as const) {
    if (typeof value !== 'number' || !(value >= min)) {
      throw new LeashError(`monitor: expected \`${name}\` to be a number >= ${min}, got ${describe(value)}.`);
    }
  }
  const onWarn = options.onWarn ?? ((w: Warning) => process.emitWarning(w.message, 'LeashWarning'));
  const previous = new Map<string, { live: number; streak: number }>();
  let over = false;
  const timer = setInterval(() => {
    const snap = snapshot();
    if (snap.live >= threshold && !over) {
      onWarn({ reason: 'threshold', live: snap.live, message: `[leash] ${snap.live} live resources (threshold ${threshold})\n${format(snap)}` });
    }
    over = snap.live >= threshold;
    const seen = new Set<string>();
    for (const site of snap.sites) {
      const key = `${site.site} ${site.function ?? ''}`;
      seen.add(key);
      const before = previous.get(key);
      const streak = before !== undefined && site.live > before.live ? before.streak + 1 : 0;
      previous.set(key, { live: site.live, streak });
      if (streak === growthSamples) {
        const where = site.function ? `${site.site} in ${site.function}` : site.site;
        onWarn({ reason: 'growth', live: snap.live, site, message: `[leash] ${site.kind} at ${where} grew ${growthSamples} samples in a row: ${site.live} live` });
      }
    }
    for (const key of previous.keys()) if (!seen.has(key)) previous.delete(key);
  }, intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}

/** The registry: what is alive, by creation site. */
export const registry = {
  snapshot,
  format,
  toJSON: (): Snapshot => snapshot(),
  metrics,
  createDebugHandler,
  monitor,
  /** Live entries right now, without building a report. */
  get live(): number {
    return liveTotal();
  },
};

/** The demo's one table: a row per measurement, a column per build. */

const DASH = '—';

function int(n) {
  return n === undefined || n === null || Number.isNaN(n) ? DASH : String(Math.round(n));
}

function mb(n) {
  return n === undefined || Number.isNaN(n) ? DASH : `${n >= 0 ? '+' : ''}${n.toFixed(1)} MB`;
}

function ms(n) {
  return Number.isNaN(n) ? DASH : n < 10 ? n.toFixed(1) : String(Math.round(n));
}

/** `variants`: [{ name, title }]; `results`: name -> what demo.mjs measured (or { built: false }). */
export function renderTable(variants, results) {
  const cell = (name, get) => {
    const r = results[name];
    if (r === undefined || r.error !== undefined) return r?.built === false ? 'not built' : 'failed';
    return get(r);
  };
  const rows = [
    ['Left behind after the load (growth over the idle service):'],
    ['  timers (Node: active Timeout handles)', (r) => int(r.node.timers)],
    ['  listeners (Node: listenerCount, process-wide)', (r) => int(r.node.listeners)],
    ['  upstream connections still holding a call', (r) => int(r.upstream.waiting)],
    ['  memory retained (heap + buffers, after a GC)', (r) => mb(r.retainedGrowthMb)],
    ['  RSS growth', (r) => mb(r.rssGrowthMb)],
    ['leash registry after the load (live entries):'],
    ['  timers', (r) => (r.registry ? int(r.registry.timers) : DASH)],
    ['  listeners', (r) => (r.registry ? int(r.registry.listeners) : DASH)],
    ['  pending tasks', (r) => (r.registry ? int(r.registry.tasks) : DASH)],
    ['During the load:'],
    ['  latency p50 / p99 (ms)', (r) => `${ms(r.load.p50)} / ${ms(r.load.p99)}`],
    ['  requests/s', (r) => int(r.load.rps)],
    ['  answered / cancelled / failed', (r) => `${r.load.answered} / ${r.load.cancelled} / ${r.load.failed}`],
    ['  504 at the deadline', (r) => int(r.load.statuses['504'] ?? 0)],
    ['  upstream calls in flight, peak', (r) => int(r.upstream.peakWaiting)],
    ['  Node warnings printed', (r) => (r.warnings.length ? r.warnings.map((w) => w.replace(/Warning$/, '')).join(', ') : 'none')],
  ];
  const header = ['', ...variants.map((v) => v.title)];
  const body = rows.map(([label, get]) => (get ? [label, ...variants.map((v) => cell(v.name, get))] : [label]));
  const widths = header.map((h, i) => Math.max(h.length, ...body.filter((r) => r.length > 1).map((r) => r[i].length)));
  const line = (r) => (r.length === 1 ? r[0] : r.map((c, i) => (i === 0 ? c.padEnd(widths[0]) : c.padStart(widths[i]))).join('   '));
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...body.map(line)].join('\n');
}
